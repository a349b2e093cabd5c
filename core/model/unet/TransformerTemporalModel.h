// Mirrors diffusers.models.transformers.transformer_temporal.TransformerTemporalModel: attention
// across the frames of each pixel. The group norm sees all frames of a video at once; its blocks
// have two self-attentions (double_self_attention) and no cross-attention.
#pragma once

#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include "model/layers/Layers.h"

namespace kinora::model {

struct TransformerTemporalModelConfig {
    std::int64_t heads = 16;
    std::int64_t headDim = 88;
    std::int64_t inChannels = 0;
    std::int64_t numLayers = 1;
    std::int64_t normGroups = 32;
};

class TransformerTemporalModelImpl : public torch::nn::Module {
public:
    TransformerTemporalModelImpl(const TransformerTemporalModelConfig& config,
                                 const torch::TensorOptions& options);
    // x: [B*F, C, H, W] (frames of one video adjacent) -> [B*F, C, H, W]
    at::Tensor forward(const at::Tensor& x, std::int64_t numFrames);

private:
    GroupNorm norm{nullptr};
    Linear projIn{nullptr};
    torch::nn::ModuleList transformerBlocks;
    Linear projOut{nullptr};
};
TORCH_MODULE(TransformerTemporalModel);

}  // namespace kinora::model
