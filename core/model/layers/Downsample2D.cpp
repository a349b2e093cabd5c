#include "model/layers/Downsample2D.h"

#include <ATen/ATen.h>

#include "model/runtime/ProfileScope.h"

namespace kinora::model {

Downsample2DImpl::Downsample2DImpl(std::int64_t channels, std::int64_t outChannels,
                                   std::int64_t padding, const torch::TensorOptions& options)
    : padding_(padding) {
    conv = register_module("conv", Conv2d(channels, outChannels, 3, 2, padding, options));
}

at::Tensor Downsample2DImpl::forward(const at::Tensor& x) {
    KINORA_PROFILE_MODULE("Downsample2D");
    if (padding_ == 0)
        return conv(at::constant_pad_nd(x, {0, 1, 0, 1}, 0));  // [N, C, H+1, W+1]
    return conv(x);
}

}  // namespace kinora::model
