// Mirrors diffusers.models.autoencoders.vae.Encoder (double_z, group norm): image -> the
// concatenated mean | log-variance maps, before AutoencoderKL's quant_conv.
#pragma once

#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include "model/layers/Layers.h"
#include "model/vae/VAEBlocks.h"

namespace kinora::model {

class VAEEncoderImpl : public torch::nn::Module {
public:
    VAEEncoderImpl(const VAECoderOptions& options, const torch::TensorOptions& tensorOptions);
    // x: [N, Cin, H, W] -> [N, 2 * Cout, H / 2^(blocks-1), W / 2^(blocks-1)] (odd sizes round up)
    at::Tensor forward(const at::Tensor& x);

    void setAttentionQueryChunk(std::int64_t chunk) { midBlock->setAttentionQueryChunk(chunk); }

private:
    Conv2d convIn{nullptr};
    torch::nn::ModuleList downBlocks;
    UNetMidBlock2D midBlock{nullptr};
    GroupNorm convNormOut{nullptr};
    Conv2d convOut{nullptr};
};
TORCH_MODULE(VAEEncoder);

}  // namespace kinora::model
