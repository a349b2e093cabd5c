// Mirrors diffusers.models.unets.unet_i2vgen_xl.I2VGenXLUNet (v0.27.2): the video denoiser of
// I2VGen-XL. Conditioning: timestep + fps embeddings; 77 text tokens, 64 tokens from the first
// frame's image latents and in_channels tokens from the CLIP image embedding as cross-attention
// context; the image latents of every frame, temporally encoded, concatenated to the noisy sample.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "model/layers/Attention.h"
#include "model/layers/Layers.h"
#include "model/runtime/Error.h"
#include "model/runtime/IntermediateTap.h"
#include "model/unet/Embeddings.h"
#include "model/unet/I2VGenXLTransformerTemporalEncoder.h"
#include "model/unet/TransformerTemporalModel.h"
#include "model/unet/UNet3DBlocks.h"
#include "model/weights/Checkpoint.h"

namespace kinora::model {

// unet/config.json; the defaults are the reference's.
struct I2VGenXLUNetConfig {
    std::int64_t inChannels = 4;
    std::int64_t outChannels = 4;
    std::vector<std::string> downBlockTypes = {"CrossAttnDownBlock3D", "CrossAttnDownBlock3D",
                                               "CrossAttnDownBlock3D", "DownBlock3D"};
    std::vector<std::string> upBlockTypes = {"UpBlock3D", "CrossAttnUpBlock3D",
                                             "CrossAttnUpBlock3D", "CrossAttnUpBlock3D"};
    std::vector<std::int64_t> blockOutChannels = {320, 640, 1280, 1280};
    std::int64_t layersPerBlock = 2;
    std::int64_t normNumGroups = 32;
    std::int64_t crossAttentionDim = 1024;
    // The size of each attention head everywhere (heads = channels / attentionHeadDim). The
    // config's num_attention_heads is ignored, as the reference overwrites it with this value.
    std::int64_t attentionHeadDim = 64;

    // Reads and validates `config.json` of a unet folder.
    static Expected<I2VGenXLUNetConfig> fromFile(const std::filesystem::path& path);
    // The same from parsed JSON; `source` names its origin in error messages.
    static Expected<I2VGenXLUNetConfig> fromJson(const nlohmann::json& json,
                                                 const std::string& source);
    // Ok when the blocks can be built (lengths agree, known block types, divisible channels).
    Expected<void> validate(const std::string& source) const;
};

// Memory bounds for one forward pass; neither changes the result beyond float rounding.
struct UNetRunOptions {
    std::int64_t attentionQueryChunk = 0;  // > 0: at most this many queries per attention step
    std::int64_t feedForwardChunk = 0;     // > 0: at most this many tokens per feed-forward step
};

// What every denoising step of one run shares. The fps embedding, the cross-attention context and
// the temporally encoded image latents depend only on the run's inputs, and each cross-attention
// layer's keys and values only on that context, so they are computed once per run instead of once
// per step as the reference does: the same operations on the same tensors, so the same result.
struct UNetConditioning {
    std::int64_t batch = 0;
    std::int64_t frames = 0;
    at::Tensor fpsEmbedding;         // [B, T]
    at::Tensor context;              // [B, Lt + 64 + Cin, D], one per video (not per frame)
    at::Tensor imageLatentFeatures;  // [B, Cin, F, h, w]
    // Filled by the first forward that uses this conditioning.
    std::shared_ptr<CrossAttentionCache> crossAttention = std::make_shared<CrossAttentionCache>();
};

// DeepCache (Ma et al. 2023, "DeepCache: Accelerating Diffusion Models for Free"): the input of
// the last up block changes little from one step to the next, so a step may take it from an
// earlier step and run only the outermost level (conv_in, the first down block, the last up
// block). Kinora's draft mode; not in the reference.
struct DeepFeatureCache {
    // Set by the caller: this step reuses `lastUpBlockInput` instead of computing the deeper
    // levels (ignored while there is none, or it has another batch).
    bool reuse = false;
    // Written by every step that computes the deeper levels: [B*F, C, h', w'].
    at::Tensor lastUpBlockInput;
    // Whether the last step reused it.
    bool reused = false;
};

class I2VGenXLUNetImpl : public torch::nn::Module {
public:
    I2VGenXLUNetImpl(const I2VGenXLUNetConfig& config, const torch::TensorOptions& options);

    // fps: int64 [B]; imageLatents: [B, 4, F, h, w]; imageEmbeddings: [B, 1, D];
    // encoderHiddenStates: [B, Lt, D]. `hook` sees the conditioning's intermediates (with
    // `context_emb` as the reference's [B*F, L, D]).
    UNetConditioning prepareConditioning(const at::Tensor& fps, const at::Tensor& imageLatents,
                                         const at::Tensor& imageEmbeddings,
                                         const at::Tensor& encoderHiddenStates,
                                         const IntermediateHook& hook = {});

    // One step: sample [B, Cin, F, h, w] with the batch and frames of `conditioning`; timestep:
    // int64 scalar or [B] -> [B, Cout, F, h, w]. With `deepCache`, see DeepFeatureCache.
    at::Tensor forward(const at::Tensor& sample, const at::Tensor& timestep,
                       const UNetConditioning& conditioning, const IntermediateHook& hook = {},
                       DeepFeatureCache* deepCache = nullptr);

    // sample: [B, Cin, F, h, w] noisy latents; timestep: int64 scalar or [B]; fps: int64 [B];
    // imageLatents: [B, 4, F, h, w]; imageEmbeddings: [B, 1, D]; encoderHiddenStates: [B, Lt, D]
    // -> [B, Cout, F, h, w]. Float inputs are converted to the model's dtype and device. `hook`
    // receives the intermediates named by module path (see IntermediateTap), plus `context_emb`
    // (the [B*F, Lt + 64 + Cin, D] cross-attention context). prepareConditioning, then forward.
    at::Tensor forward(const at::Tensor& sample, const at::Tensor& timestep, const at::Tensor& fps,
                       const at::Tensor& imageLatents, const at::Tensor& imageEmbeddings,
                       const at::Tensor& encoderHiddenStates, const IntermediateHook& hook = {});

    // Applies the chunk sizes to every attention and feed-forward layer.
    void setRunOptions(const UNetRunOptions& options);

    const I2VGenXLUNetConfig& config() const { return config_; }

private:
    at::Tensor imageContextTokens(const at::Tensor& imageLatents, const IntermediateTap& tap);
    at::Tensor encodeImageLatents(const at::Tensor& imageLatents, const IntermediateTap& tap);

    I2VGenXLUNetConfig config_;
    torch::TensorOptions options_;
    std::int64_t numUpsamplers_ = 0;
    Timesteps timeProj_;

    Conv2d convIn{nullptr};
    TransformerTemporalModel transformerIn{nullptr};
    torch::nn::ModuleList imageLatentsProjIn;  // Conv2d, SiLU, Conv2d, SiLU, Conv2d
    std::vector<Conv2d> imageLatentsProjInConvs;
    I2VGenXLTransformerTemporalEncoder imageLatentsTemporalEncoder{nullptr};
    // Conv2d, SiLU, AdaptiveAvgPool2d(32x32), Conv2d(stride 2), SiLU, Conv2d(stride 2)
    torch::nn::ModuleList imageLatentsContextEmbedding;
    std::vector<Conv2d> imageLatentsContextConvs;
    TimestepEmbedding timeEmbedding{nullptr};
    torch::nn::ModuleList contextEmbedding;  // Linear, SiLU, Linear
    std::vector<Linear> contextEmbeddingLinears;
    torch::nn::ModuleList fpsEmbedding;  // Linear, SiLU, Linear
    std::vector<Linear> fpsEmbeddingLinears;
    torch::nn::ModuleList downBlocks;
    UNetMidBlock3DCrossAttn midBlock{nullptr};
    torch::nn::ModuleList upBlocks;
    GroupNorm convNormOut{nullptr};
    Conv2d convOut{nullptr};
};

// The module holder, with a loader for a diffusers `unet` folder.
class I2VGenXLUNet : public torch::nn::ModuleHolder<I2VGenXLUNetImpl> {
public:
    using torch::nn::ModuleHolder<I2VGenXLUNetImpl>::ModuleHolder;

    // Reads config.json and diffusion_pytorch_model[.fp16].safetensors (or their shards) from
    // `componentDir` and builds the UNet in `dtype` on `device`; weights stored in another
    // floating type (the tiny fixture's F16) are converted as they load. Every key must match.
    static Expected<I2VGenXLUNet> load(const std::filesystem::path& componentDir,
                                       torch::ScalarType dtype, torch::Device device,
                                       WeightVariant variant);
};

}  // namespace kinora::model
