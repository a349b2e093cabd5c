#include "model/layers/Layers.h"

#include <algorithm>

#include <ATen/ATen.h>
#include <ATen/Context.h>

namespace kinora::model {

LinearImpl::LinearImpl(std::int64_t in, std::int64_t out, bool withBias,
                       const torch::TensorOptions& options) {
    weight = register_parameter("weight", torch::empty({out, in}, options), false);
    if (withBias)
        bias = register_parameter("bias", torch::empty({out}, options), false);
}

namespace {

// A linear layer over more than a few tokens runs faster as 1x1 convolutions through oneDNN than
// as OpenBLAS's sgemm on the CPU (measured on the UNet's shapes, docs/performance.md: 1.1-2x, as
// oneDNN uses every vector extension the CPU has whatever kernels OpenBLAS was told to use). The
// tokens are the channels-last layout of a [1, in, N, 1] map, so the input is not copied; outputs
// wider than 2048 features (the GEGLU projection to 8x the width) go in slices of 2048, for which
// oneDNN picks kernels 3-5x faster than for the whole width.
constexpr std::int64_t kOneDnnMinTokens = 64;
constexpr std::int64_t kOneDnnOutputSlice = 2048;

bool runsAsConvolution(const torch::Tensor& x) {
    return at::hasMKLDNN() && x.device().is_cpu() && x.scalar_type() == at::kFloat &&
           x.dim() >= 2 && x.is_contiguous() && x.size(-1) > 0 &&
           x.numel() / x.size(-1) >= kOneDnnMinTokens;
}

}  // namespace

torch::Tensor LinearImpl::forward(const torch::Tensor& x) {
    if (!runsAsConvolution(x))
        return at::linear(x, weight, bias);
    const auto in = x.size(-1), out = weight.size(0);
    const auto tokens = x.numel() / in;
    const auto map = x.reshape({1, tokens, 1, in}).permute({0, 3, 1, 2});  // [1, in, N, 1], NHWC
    auto sizes = x.sizes().vec();
    sizes.back() = out;
    const auto slice = [&](std::int64_t start, std::int64_t width) {
        const auto sliceWeight = weight.narrow(0, start, width).reshape({width, in, 1, 1});
        const auto sliceBias = bias.defined() ? bias.narrow(0, start, width) : torch::Tensor();
        return at::conv2d(map, sliceWeight, sliceBias)  // [1, width, N, 1], NHWC
            .permute({0, 2, 3, 1})
            .reshape({tokens, width});  // [N, width]
    };
    if (out <= kOneDnnOutputSlice)
        return slice(0, out).reshape(sizes);  // [..., out]
    // Each slice goes into the output as soon as it is made, so one slice is alive beside it.
    auto y = at::empty({tokens, out}, x.options());  // [N, out]
    for (std::int64_t start = 0; start < out; start += kOneDnnOutputSlice) {
        const auto width = std::min(kOneDnnOutputSlice, out - start);
        y.narrow(1, start, width).copy_(slice(start, width));
    }
    return y.reshape(sizes);  // [..., out]
}

Conv2dImpl::Conv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride_,
                       std::int64_t padding_, const torch::TensorOptions& options, bool withBias)
    : stride(stride_), padding(padding_) {
    weight = register_parameter("weight", torch::empty({out, in, kernel, kernel}, options), false);
    if (withBias)
        bias = register_parameter("bias", torch::empty({out}, options), false);
}

torch::Tensor Conv2dImpl::forward(const torch::Tensor& x) {
    return at::conv2d(x, weight, bias, {stride, stride}, {padding, padding});
}

Conv3dImpl::Conv3dImpl(std::int64_t in, std::int64_t out, std::array<std::int64_t, 3> kernel,
                       std::array<std::int64_t, 3> padding_, const torch::TensorOptions& options)
    : padding(padding_) {
    weight = register_parameter(
        "weight", torch::empty({out, in, kernel[0], kernel[1], kernel[2]}, options), false);
    bias = register_parameter("bias", torch::empty({out}, options), false);
}

torch::Tensor Conv3dImpl::forward(const torch::Tensor& x) {
    return at::conv3d(x, weight, bias, {1, 1, 1}, {padding[0], padding[1], padding[2]});
}

GroupNormImpl::GroupNormImpl(std::int64_t groups_, std::int64_t channels, double eps_,
                             const torch::TensorOptions& options, bool affine)
    : groups(groups_), eps(eps_) {
    if (affine) {
        weight = register_parameter("weight", torch::empty({channels}, options), false);
        bias = register_parameter("bias", torch::empty({channels}, options), false);
    }
}

torch::Tensor GroupNormImpl::forward(const torch::Tensor& x) {
    return at::group_norm(x, groups, weight, bias, eps);
}

LayerNormImpl::LayerNormImpl(std::int64_t dim_, double eps_, const torch::TensorOptions& options,
                             bool affine)
    : dim(dim_), eps(eps_) {
    if (affine) {
        weight = register_parameter("weight", torch::empty({dim}, options), false);
        bias = register_parameter("bias", torch::empty({dim}, options), false);
    }
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor& x) {
    return at::layer_norm(x, {dim}, weight, bias, eps);
}

EmbeddingImpl::EmbeddingImpl(std::int64_t count, std::int64_t dim,
                             const torch::TensorOptions& options) {
    weight = register_parameter("weight", torch::empty({count, dim}, options), false);
}

torch::Tensor EmbeddingImpl::forward(const torch::Tensor& ids) {
    return at::embedding(weight, ids);
}

}  // namespace kinora::model
