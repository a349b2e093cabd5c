// Mirrors transformers' CLIPVisionModelWithProjection (CLIPVisionEmbeddings +
// CLIPVisionTransformer + visual_projection, models/clip/modeling_clip.py, v4.38): I2VGen-XL's
// `image_encoder`, which turns the preprocessed input image into the UNet's image embedding.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "model/clip/CLIPEncoder.h"
#include "model/layers/Layers.h"
#include "model/runtime/Error.h"
#include "model/weights/Checkpoint.h"

namespace kinora::model {

// transformers' CLIPVisionConfig; the defaults are the reference's (openai/clip-vit-base-patch32).
struct CLIPVisionConfig {
    std::int64_t hiddenSize = 768;
    std::int64_t intermediateSize = 3072;
    std::int64_t projectionDim = 512;
    std::int64_t numHiddenLayers = 12;
    std::int64_t numAttentionHeads = 12;
    std::int64_t numChannels = 3;
    std::int64_t imageSize = 224;
    std::int64_t patchSize = 32;
    std::string hiddenAct = "quick_gelu";
    double layerNormEps = 1e-5;

    // Reads and validates `config.json` of an image_encoder folder.
    static Expected<CLIPVisionConfig> fromFile(const std::filesystem::path& path);
    // The same from parsed JSON; `source` names its origin in error messages.
    static Expected<CLIPVisionConfig> fromJson(const nlohmann::json& json,
                                               const std::string& source);
    // The shared encoder's dimensions; throws on an unknown hidden_act (fromFile rejects it).
    CLIPEncoderDimensions encoderDimensions() const;
    // Patches along one side (floor division, as the strided patch convolution has it).
    std::int64_t patchesPerSide() const { return imageSize / patchSize; }
};

struct CLIPVisionOutput {
    torch::Tensor lastHiddenState;  // [B, 1 + patches, C], the encoder's output (no post LN)
    torch::Tensor imageEmbeds;      // [B, projection_dim]
};

class CLIPVisionEmbeddingsImpl : public torch::nn::Module {
public:
    CLIPVisionEmbeddingsImpl(const CLIPVisionConfig& config, const torch::TensorOptions& options);
    // pixels: [B, 3, H, W] with H = W = image_size -> [B, 1 + patches, C]
    torch::Tensor forward(const torch::Tensor& pixels);

    torch::Tensor class_embedding;  // [C]
    Conv2d patch_embedding{nullptr};
    Embedding position_embedding{nullptr};
    std::int64_t imageSize;
};
TORCH_MODULE(CLIPVisionEmbeddings);

class CLIPVisionTransformerImpl : public torch::nn::Module {
public:
    CLIPVisionTransformerImpl(const CLIPVisionConfig& config, const torch::TensorOptions& options);
    // pixels: [B, 3, H, W] -> last_hidden_state [B, 1 + patches, C]
    torch::Tensor forward(const torch::Tensor& pixels);

    CLIPVisionEmbeddings embeddings{nullptr};
    LayerNorm pre_layrnorm{nullptr};  // sic: the reference's attribute (and checkpoint) name
    CLIPEncoder encoder{nullptr};
    LayerNorm post_layernorm{nullptr};
};
TORCH_MODULE(CLIPVisionTransformer);

class CLIPVisionEncoderImpl : public torch::nn::Module {
public:
    CLIPVisionEncoderImpl(const CLIPVisionConfig& config, const torch::TensorOptions& options);

    // pixels: [B, 3, image_size, image_size], already resized and normalised with the feature
    // extractor's mean and std; converted to the weights' dtype and device.
    CLIPVisionOutput forward(const torch::Tensor& pixels);

    const CLIPVisionConfig& config() const { return config_; }

    CLIPVisionTransformer vision_model{nullptr};
    Linear visual_projection{nullptr};

private:
    CLIPVisionConfig config_;
};

// The module holder, with a loader for a diffusers `image_encoder` folder.
class CLIPVisionEncoder : public torch::nn::ModuleHolder<CLIPVisionEncoderImpl> {
public:
    using torch::nn::ModuleHolder<CLIPVisionEncoderImpl>::ModuleHolder;

    // Reads config.json and model[.fp16].safetensors (or their shards) from `componentDir` and
    // builds the encoder in `dtype` on `device`; weights stored in another floating type are
    // converted as they load. Every key must match (see loadStrict).
    static Expected<CLIPVisionEncoder> load(const std::filesystem::path& componentDir,
                                            torch::ScalarType dtype, torch::Device device,
                                            WeightVariant variant);
};

}  // namespace kinora::model
