// Mirrors diffusers.models.resnet.ResnetBlock2D (default time-embedding norm, swish): the residual
// block of both the VAE (no time embedding) and the UNet (time embedding added after conv1).
#pragma once

#include <cstdint>
#include <optional>

#include <torch/nn/module.h>

#include "model/layers/Layers.h"

namespace kinora::model {

struct ResnetBlock2DOptions {
    std::int64_t inChannels = 0;
    std::int64_t outChannels = 0;   // 0: same as inChannels
    std::int64_t tembChannels = 0;  // 0: no time embedding (VAE)
    std::int64_t groups = 32;
    double eps = 1e-6;
    double outputScaleFactor = 1.0;
};

class ResnetBlock2DImpl : public torch::nn::Module {
public:
    ResnetBlock2DImpl(const ResnetBlock2DOptions& options,
                      const torch::TensorOptions& tensorOptions);
    // x: [N, C, H, W], temb: [N, T] or undefined -> [N, Cout, H, W]
    at::Tensor forward(const at::Tensor& x, const at::Tensor& temb = {});

private:
    double outputScaleFactor_;
    GroupNorm norm1{nullptr};
    Conv2d conv1{nullptr};
    Linear timeEmbProj{nullptr};
    GroupNorm norm2{nullptr};
    Conv2d conv2{nullptr};
    Conv2d convShortcut{nullptr};
};
TORCH_MODULE(ResnetBlock2D);

}  // namespace kinora::model
