#include "model/layers/ResnetBlock2D.h"

#include <ATen/ATen.h>

#include "model/runtime/ProfileScope.h"

namespace kinora::model {

ResnetBlock2DImpl::ResnetBlock2DImpl(const ResnetBlock2DOptions& options,
                                     const torch::TensorOptions& tensorOptions)
    : outputScaleFactor_(options.outputScaleFactor) {
    const auto in = options.inChannels;
    const auto out = options.outChannels > 0 ? options.outChannels : in;
    norm1 = register_module("norm1", GroupNorm(options.groups, in, options.eps, tensorOptions));
    conv1 = register_module("conv1", Conv2d(in, out, 3, 1, 1, tensorOptions));
    if (options.tembChannels > 0) {
        timeEmbProj = register_module("time_emb_proj",
                                      Linear(options.tembChannels, out, true, tensorOptions));
    }
    norm2 = register_module("norm2", GroupNorm(options.groups, out, options.eps, tensorOptions));
    conv2 = register_module("conv2", Conv2d(out, out, 3, 1, 1, tensorOptions));
    if (in != out)
        convShortcut = register_module("conv_shortcut", Conv2d(in, out, 1, 1, 0, tensorOptions));
}

at::Tensor ResnetBlock2DImpl::forward(const at::Tensor& x, const at::Tensor& temb) {
    KINORA_PROFILE_MODULE("ResnetBlock2D");
    // x: [N, C, H, W]
    auto h = conv1(at::silu(norm1(x)));
    if (timeEmbProj && temb.defined()) {
        h = h + timeEmbProj(at::silu(temb)).unsqueeze(-1).unsqueeze(-1);  // [N, Cout, 1, 1]
    }
    h = conv2(at::silu(norm2(h)));
    const auto shortcut = convShortcut ? convShortcut(x) : x;
    auto out = shortcut + h;
    if (outputScaleFactor_ != 1.0)
        out = out / outputScaleFactor_;
    return out;
}

}  // namespace kinora::model
