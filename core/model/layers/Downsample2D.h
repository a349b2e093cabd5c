// Mirrors diffusers.models.downsampling.Downsample2D with use_conv: a stride-2 3x3 conv. With
// padding 0 (the VAE encoder) the input is first padded by one on the right and bottom.
#pragma once

#include <cstdint>

#include <torch/nn/module.h>

#include "model/layers/Layers.h"

namespace kinora::model {

class Downsample2DImpl : public torch::nn::Module {
public:
    Downsample2DImpl(std::int64_t channels, std::int64_t outChannels, std::int64_t padding,
                     const torch::TensorOptions& options);
    // x: [N, C, H, W] -> [N, Cout, ceil(H/2), ceil(W/2)]
    at::Tensor forward(const at::Tensor& x);

private:
    std::int64_t padding_;
    Conv2d conv{nullptr};
};
TORCH_MODULE(Downsample2D);

}  // namespace kinora::model
