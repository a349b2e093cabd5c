#include "model/layers/Upsample2D.h"

#include <ATen/ATen.h>

#include "model/runtime/ProfileScope.h"

namespace kinora::model {

Upsample2DImpl::Upsample2DImpl(std::int64_t channels, std::int64_t outChannels,
                               const torch::TensorOptions& options) {
    conv = register_module("conv", Conv2d(channels, outChannels, 3, 1, 1, options));
}

at::Tensor Upsample2DImpl::forward(const at::Tensor& x,
                                   std::optional<std::pair<std::int64_t, std::int64_t>> size) {
    KINORA_PROFILE_MODULE("Upsample2D");
    // Nearest upsampling has no bfloat16 kernel on older LibTorch builds: upsample in fp32 then.
    const auto dtype = x.scalar_type();
    const auto input = dtype == at::kBFloat16 ? x.to(at::kFloat) : x.contiguous();
    at::Tensor upsampled;
    if (size) {
        upsampled = at::upsample_nearest2d(input, {size->first, size->second});  // [N, C, h, w]
    } else {
        upsampled =
            at::upsample_nearest2d(input, {x.size(2) * 2, x.size(3) * 2});  // [N, C, 2H, 2W]
    }
    return conv(upsampled.to(dtype));
}

}  // namespace kinora::model
