#include "model/Layers.h"

#include <ATen/ATen.h>

namespace kinora::model {

LinearImpl::LinearImpl(std::int64_t in, std::int64_t out, bool withBias,
                       const torch::TensorOptions& options) {
    weight = register_parameter("weight", torch::empty({out, in}, options), false);
    if (withBias)
        bias = register_parameter("bias", torch::empty({out}, options), false);
}

torch::Tensor LinearImpl::forward(const torch::Tensor& x) {
    return at::linear(x, weight, bias);
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
