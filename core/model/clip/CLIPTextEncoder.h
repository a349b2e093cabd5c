// Mirrors transformers' CLIPTextModel (CLIPTextEmbeddings + CLIPTextTransformer,
// models/clip/modeling_clip.py, v4.38): I2VGen-XL's `text_encoder`, which turns the prompt's
// token ids into the UNet's encoder_hidden_states.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "model/clip/CLIPEncoder.h"
#include "model/layers/Layers.h"
#include "model/runtime/Error.h"
#include "model/weights/Checkpoint.h"

namespace kinora::model {

// transformers' CLIPTextConfig; the defaults are the reference's (openai/clip-vit-base-patch32).
struct CLIPTextConfig {
    std::int64_t vocabSize = 49408;
    std::int64_t hiddenSize = 512;
    std::int64_t intermediateSize = 2048;
    std::int64_t projectionDim = 512;  // unused by CLIPTextModel, kept for completeness
    std::int64_t numHiddenLayers = 12;
    std::int64_t numAttentionHeads = 8;
    std::int64_t maxPositionEmbeddings = 77;
    std::string hiddenAct = "quick_gelu";
    double layerNormEps = 1e-5;
    std::int64_t padTokenId = 1;
    std::int64_t bosTokenId = 49406;
    std::int64_t eosTokenId = 49407;

    // Reads and validates `config.json` of a text_encoder folder.
    static Expected<CLIPTextConfig> fromFile(const std::filesystem::path& path);
    // The same from parsed JSON; `source` names its origin in error messages.
    static Expected<CLIPTextConfig> fromJson(const nlohmann::json& json, const std::string& source);
    // The shared encoder's dimensions; throws on an unknown hidden_act (fromFile rejects it).
    CLIPEncoderDimensions encoderDimensions() const;
};

struct CLIPTextOutput {
    torch::Tensor lastHiddenState;            // [B, L, C], after final_layer_norm
    std::vector<torch::Tensor> hiddenStates;  // empty unless asked: embeddings, then each layer
};

class CLIPTextEmbeddingsImpl : public torch::nn::Module {
public:
    CLIPTextEmbeddingsImpl(const CLIPTextConfig& config, const torch::TensorOptions& options);
    // ids: [B, L] -> [B, L, C]
    torch::Tensor forward(const torch::Tensor& ids);

    Embedding token_embedding{nullptr};
    Embedding position_embedding{nullptr};
};
TORCH_MODULE(CLIPTextEmbeddings);

class CLIPTextTransformerImpl : public torch::nn::Module {
public:
    CLIPTextTransformerImpl(const CLIPTextConfig& config, const torch::TensorOptions& options);
    // ids: [B, L] -> the output of the first `layerCount` layers (all when negative), without
    // final_layer_norm; `hiddenStates` as in CLIPEncoderImpl::forward.
    torch::Tensor encode(const torch::Tensor& ids, std::int64_t layerCount,
                         std::vector<torch::Tensor>* hiddenStates);

    CLIPTextEmbeddings embeddings{nullptr};
    CLIPEncoder encoder{nullptr};
    LayerNorm final_layer_norm{nullptr};
};
TORCH_MODULE(CLIPTextTransformer);

class CLIPTextEncoderImpl : public torch::nn::Module {
public:
    CLIPTextEncoderImpl(const CLIPTextConfig& config, const torch::TensorOptions& options);

    // ids: [B, L] int64, L <= max_position_embeddings, causal attention and no padding mask (as
    // the pipeline calls it).
    CLIPTextOutput forward(const torch::Tensor& ids, bool withHiddenStates = false);

    // What I2VGen-XL's encode_prompt gives the UNet, [B, L, C]: clipSkip 0 is last_hidden_state;
    // clipSkip k > 0 is final_layer_norm(hidden_states[-(k + 1)]), the output k layers before the
    // last (the pipeline's default is 1). The skipped layers are not run.
    torch::Tensor encodePrompt(const torch::Tensor& ids, std::int64_t clipSkip);

    const CLIPTextConfig& config() const { return config_; }

    CLIPTextTransformer text_model{nullptr};

private:
    CLIPTextConfig config_;
};

// The module holder, with a loader for a diffusers `text_encoder` folder.
class CLIPTextEncoder : public torch::nn::ModuleHolder<CLIPTextEncoderImpl> {
public:
    using torch::nn::ModuleHolder<CLIPTextEncoderImpl>::ModuleHolder;

    // Reads config.json and model[.fp16].safetensors (or their shards) from `componentDir` and
    // builds the encoder in `dtype` on `device`; weights stored in another floating type are
    // converted as they load. Every key must match (see loadStrict).
    static Expected<CLIPTextEncoder> load(const std::filesystem::path& componentDir,
                                          torch::ScalarType dtype, torch::Device device,
                                          WeightVariant variant);
};

}  // namespace kinora::model
