#include "model/unet/TemporalConvLayer.h"

#include <string>

#include <ATen/ATen.h>

#include "model/runtime/ProfileScope.h"

namespace kinora::model {

TemporalConvLayerImpl::TemporalConvLayerImpl(std::int64_t channels, std::int64_t normGroups,
                                             const torch::TensorOptions& options) {
    // The torch.nn.GroupNorm default eps; the group norms see all frames of a video at once.
    constexpr double kNormEps = 1e-5;
    for (std::size_t i = 0; i < stages_.size(); ++i) {
        auto& stage = stages_[i];
        stage.norm = GroupNorm(normGroups, channels, kNormEps, options);
        stage.conv = Conv3d(channels, channels, std::array<std::int64_t, 3>{3, 1, 1},
                            std::array<std::int64_t, 3>{1, 0, 0}, options);
        // conv1 = [GroupNorm, SiLU, Conv3d]; conv2..4 = [GroupNorm, SiLU, Dropout, Conv3d].
        stage.list->push_back(stage.norm);
        stage.list->push_back(PassThrough());
        if (i > 0)
            stage.list->push_back(PassThrough());
        stage.list->push_back(stage.conv);
        register_module("conv" + std::to_string(i + 1), stage.list);
    }
}

at::Tensor TemporalConvLayerImpl::forward(const at::Tensor& x, std::int64_t numFrames) {
    KINORA_PROFILE_MODULE("TemporalConvLayer");
    // x: [B*F, C, H, W]
    const auto channels = x.size(1), height = x.size(2), width = x.size(3);
    const auto batch = x.size(0) / numFrames;
    const auto identity = x.reshape({batch, numFrames, channels, height, width})
                              .permute({0, 2, 1, 3, 4});  // [B, C, F, H, W]
    auto h = identity;
    for (auto& stage : stages_)
        h = stage.conv(at::silu(stage.norm(h)));
    h = (identity + h).permute({0, 2, 1, 3, 4});                     // [B, F, C, H, W]
    return h.reshape({batch * numFrames, channels, height, width});  // [B*F, C, H, W]
}

}  // namespace kinora::model
