// Mirrors diffusers' I2VGenXLTransformerTemporalEncoder (unet_i2vgen_xl.py): the image latents'
// self-attention across frames per pixel, then a GELU feed-forward applied WITHOUT a norm.
#pragma once

#include <cstdint>

#include <torch/nn/module.h>

#include "model/layers/Attention.h"
#include "model/layers/FeedForward.h"
#include "model/layers/Layers.h"

namespace kinora::model {

struct I2VGenXLTransformerTemporalEncoderConfig {
    std::int64_t dim = 0;
    std::int64_t heads = 0;
    std::int64_t headDim = 0;
    std::int64_t feedForwardInnerDim = 0;
};

class I2VGenXLTransformerTemporalEncoderImpl : public torch::nn::Module {
public:
    I2VGenXLTransformerTemporalEncoderImpl(const I2VGenXLTransformerTemporalEncoderConfig& config,
                                           const torch::TensorOptions& options);
    // x: [B*H*W, F, C] -> [B*H*W, F, C]
    at::Tensor forward(const at::Tensor& x);

private:
    LayerNorm norm1{nullptr};
    Attention attn1{nullptr};
    FeedForward ff{nullptr};
};
TORCH_MODULE(I2VGenXLTransformerTemporalEncoder);

}  // namespace kinora::model
