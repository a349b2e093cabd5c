#include "model/unet/Embeddings.h"

#include <cmath>

#include <ATen/ATen.h>

namespace kinora::model {

at::Tensor Timesteps::operator()(const at::Tensor& timesteps) const {
    // timesteps: [B]
    TORCH_CHECK(timesteps.dim() == 1, "Timesteps expects a 1-D tensor, got ", timesteps.sizes());
    const auto half = channels / 2;
    // Same operation order and dtypes as the reference, so the embedding is bit-identical.
    auto exponent = at::arange(0, half, timesteps.options().dtype(at::kFloat)) *
                    -std::log(maxPeriod);                                     // [half]
    exponent = exponent / (half - downscaleFreqShift);                        // [half]
    const auto frequencies = exponent.exp().unsqueeze(0);                     // [1, half]
    const auto angles = timesteps.unsqueeze(1).to(at::kFloat) * frequencies;  // [B, half]
    auto embedding = flipSinToCos ? at::cat({angles.cos(), angles.sin()}, -1)
                                  : at::cat({angles.sin(), angles.cos()}, -1);  // [B, 2*half]
    if (channels % 2 == 1)
        embedding = at::constant_pad_nd(embedding, {0, 1});  // [B, channels]
    return embedding;
}

TimestepEmbeddingImpl::TimestepEmbeddingImpl(std::int64_t inChannels, std::int64_t embedDim,
                                             const torch::TensorOptions& options) {
    linear1 = register_module("linear_1", Linear(inChannels, embedDim, true, options));
    linear2 = register_module("linear_2", Linear(embedDim, embedDim, true, options));
}

at::Tensor TimestepEmbeddingImpl::forward(const at::Tensor& x) {
    // x: [B, inChannels]
    return linear2(at::silu(linear1(x)));
}

}  // namespace kinora::model
