// Mirrors diffusers.models.upsampling.Upsample2D with use_conv: nearest-neighbour upsampling (x2,
// or to an explicit size when the skip connection's size is odd) followed by a 3x3 conv.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include <torch/nn/module.h>

#include "model/layers/Layers.h"

namespace kinora::model {

class Upsample2DImpl : public torch::nn::Module {
public:
    Upsample2DImpl(std::int64_t channels, std::int64_t outChannels,
                   const torch::TensorOptions& options);
    // x: [N, C, H, W] -> [N, Cout, 2H, 2W] or [N, Cout, size.first, size.second]
    at::Tensor forward(const at::Tensor& x,
                       std::optional<std::pair<std::int64_t, std::int64_t>> size = std::nullopt);

private:
    Conv2d conv{nullptr};
};
TORCH_MODULE(Upsample2D);

}  // namespace kinora::model
