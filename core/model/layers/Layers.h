// Parameterised layers of the model library (Linear, Conv2d, Conv3d, GroupNorm, LayerNorm,
// Embedding). Unlike torch::nn's, they allocate their parameters uninitialised with the given
// options and never run an initialiser: every weight comes from a checkpoint, so random
// initialisation would only waste time, and on the meta device a real-size model is built without
// memory (for structure checks and memory planning).
#pragma once

#include <array>
#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace kinora::model {

class LinearImpl : public torch::nn::Module {
public:
    LinearImpl(std::int64_t in, std::int64_t out, bool bias, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight;  // [out, in]
    torch::Tensor bias;    // [out] or undefined
};
TORCH_MODULE(Linear);

class Conv2dImpl : public torch::nn::Module {
public:
    Conv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride,
               std::int64_t padding, const torch::TensorOptions& options, bool bias = true);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight;  // [out, in, k, k]
    torch::Tensor bias;
    std::int64_t stride;
    std::int64_t padding;
};
TORCH_MODULE(Conv2d);

class Conv3dImpl : public torch::nn::Module {
public:
    Conv3dImpl(std::int64_t in, std::int64_t out, std::array<std::int64_t, 3> kernel,
               std::array<std::int64_t, 3> padding, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight;  // [out, in, kF, kH, kW]
    torch::Tensor bias;
    std::array<std::int64_t, 3> padding;
};
TORCH_MODULE(Conv3d);

class GroupNormImpl : public torch::nn::Module {
public:
    GroupNormImpl(std::int64_t groups, std::int64_t channels, double eps,
                  const torch::TensorOptions& options, bool affine = true);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight;
    torch::Tensor bias;
    std::int64_t groups;
    double eps;
};
TORCH_MODULE(GroupNorm);

class LayerNormImpl : public torch::nn::Module {
public:
    LayerNormImpl(std::int64_t dim, double eps, const torch::TensorOptions& options,
                  bool affine = true);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight;
    torch::Tensor bias;
    std::int64_t dim;
    double eps;
};
TORCH_MODULE(LayerNorm);

class EmbeddingImpl : public torch::nn::Module {
public:
    EmbeddingImpl(std::int64_t count, std::int64_t dim, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& ids);

    torch::Tensor weight;  // [count, dim]
};
TORCH_MODULE(Embedding);

// A layer without parameters that the reference keeps in an indexed container (Dropout, an
// activation): registering it keeps the checkpoint's indices (e.g. `to_out.0` next to `to_out.1`).
class PassThroughImpl : public torch::nn::Module {
public:
    torch::Tensor forward(const torch::Tensor& x) { return x; }
};
TORCH_MODULE(PassThrough);

}  // namespace kinora::model
