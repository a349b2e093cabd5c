// Mirrors diffusers.models.transformers.transformer_2d.Transformer2DModel for continuous input with
// linear projections (use_linear_projection, as every UNet3D block builds it): group norm, the
// pixels of each frame as tokens, transformer blocks with cross-attention, residual.
#pragma once

#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include "model/layers/Layers.h"

namespace kinora::model {

struct Transformer2DModelConfig {
    std::int64_t heads = 16;
    std::int64_t headDim = 88;
    std::int64_t inChannels = 0;
    std::int64_t numLayers = 1;
    std::int64_t normGroups = 32;
    std::int64_t crossAttentionDim = 0;  // 0: no cross-attention
};

class Transformer2DModelImpl : public torch::nn::Module {
public:
    Transformer2DModelImpl(const Transformer2DModelConfig& config,
                           const torch::TensorOptions& options);
    // x: [B*F, C, H, W] (frames as images), context: [B*F, Lc, Cc] -> [B*F, C, H, W]
    at::Tensor forward(const at::Tensor& x, const at::Tensor& context = {});

private:
    GroupNorm norm{nullptr};
    Linear projIn{nullptr};
    torch::nn::ModuleList transformerBlocks;
    Linear projOut{nullptr};
};
TORCH_MODULE(Transformer2DModel);

}  // namespace kinora::model
