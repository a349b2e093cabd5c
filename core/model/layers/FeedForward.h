// Mirrors diffusers.models.attention.FeedForward with its GEGLU (default) or GELU input projection
// (diffusers.models.activations): proj -> activation -> Linear, optionally applied to a few tokens
// at a time so the wide hidden layer never exists whole.
#pragma once

#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include "model/layers/Layers.h"

namespace kinora::model {

enum class FeedForwardActivation {
    Geglu,  // proj to 2*inner, value * gelu(gate)
    Gelu,   // proj to inner, exact gelu
};

// `net.0`: the activation with its input projection `proj`.
class GeluProjectionImpl : public torch::nn::Module {
public:
    GeluProjectionImpl(std::int64_t in, std::int64_t inner, FeedForwardActivation activation,
                       const torch::TensorOptions& options);
    // x: [..., in] -> [..., inner]
    at::Tensor forward(const at::Tensor& x);

private:
    FeedForwardActivation activation_;
    Linear proj{nullptr};
};
TORCH_MODULE(GeluProjection);

struct FeedForwardConfig {
    std::int64_t dim = 0;
    std::int64_t innerDim = 0;  // 0: 4 * dim (the reference's mult)
    FeedForwardActivation activation = FeedForwardActivation::Geglu;
};

class FeedForwardImpl : public torch::nn::Module {
public:
    FeedForwardImpl(const FeedForwardConfig& config, const torch::TensorOptions& options);
    // x: [B, L, C] -> [B, L, C]
    at::Tensor forward(const at::Tensor& x);

    // Tokens (of the batch and sequence together) processed at once (0: all). A memory bound that
    // does not change the result.
    void setChunk(std::int64_t chunk) { chunk_ = chunk; }
    std::int64_t chunk() const { return chunk_; }

private:
    at::Tensor apply(const at::Tensor& x);

    std::int64_t chunk_ = 0;
    torch::nn::ModuleList net;
    GeluProjection projection{nullptr};
    Linear output{nullptr};
};
TORCH_MODULE(FeedForward);

}  // namespace kinora::model
