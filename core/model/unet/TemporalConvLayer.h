// Mirrors diffusers.models.resnet.TemporalConvLayer: four (GroupNorm, SiLU, conv over frames)
// stages with a residual connection, mixing each pixel's features across neighbouring frames.
#pragma once

#include <array>
#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include "model/layers/Layers.h"

namespace kinora::model {

class TemporalConvLayerImpl : public torch::nn::Module {
public:
    TemporalConvLayerImpl(std::int64_t channels, std::int64_t normGroups,
                          const torch::TensorOptions& options);
    // x: [B*F, C, H, W] (frames of one video adjacent) -> [B*F, C, H, W]
    at::Tensor forward(const at::Tensor& x, std::int64_t numFrames);

private:
    struct Stage {
        torch::nn::ModuleList list;  // the reference's Sequential, indices kept
        GroupNorm norm{nullptr};
        Conv3d conv{nullptr};
    };
    std::array<Stage, 4> stages_;
};
TORCH_MODULE(TemporalConvLayer);

}  // namespace kinora::model
