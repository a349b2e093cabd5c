#include "model/layers/FeedForward.h"

#include <algorithm>

#include <ATen/ATen.h>

#include "model/runtime/ProfileScope.h"

namespace kinora::model {

GeluProjectionImpl::GeluProjectionImpl(std::int64_t in, std::int64_t inner,
                                       FeedForwardActivation activation,
                                       const torch::TensorOptions& options)
    : activation_(activation) {
    const auto width = activation == FeedForwardActivation::Geglu ? 2 * inner : inner;
    proj = register_module("proj", Linear(in, width, true, options));
}

at::Tensor GeluProjectionImpl::forward(const at::Tensor& x) {
    // x: [..., in]
    const auto projected = proj(x);
    if (activation_ == FeedForwardActivation::Gelu)
        return at::gelu(projected);
    const auto halves = projected.chunk(2, -1);  // value, gate: [..., inner] each
    return halves[0] * at::gelu(halves[1]);
}

FeedForwardImpl::FeedForwardImpl(const FeedForwardConfig& config,
                                 const torch::TensorOptions& options) {
    const auto inner = config.innerDim > 0 ? config.innerDim : 4 * config.dim;
    projection = GeluProjection(config.dim, inner, config.activation, options);
    output = Linear(inner, config.dim, true, options);
    // net = [activation, Dropout, Linear]: the dropout keeps the output Linear at `net.2`.
    net->push_back(projection);
    net->push_back(PassThrough());
    net->push_back(output);
    register_module("net", net);
}

at::Tensor FeedForwardImpl::apply(const at::Tensor& x) {
    return output(projection(x));
}

at::Tensor FeedForwardImpl::forward(const at::Tensor& x) {
    KINORA_PROFILE_MODULE("FeedForward");
    // x: [B, L, C]
    const auto width = x.size(-1);
    const auto tokens = x.numel() / width;
    if (chunk_ <= 0 || chunk_ >= tokens)
        return apply(x);
    // Chunks over all tokens, batch and sequence together: the temporal transformers' sequences
    // are only F long, their batch is every pixel.
    const auto flat = x.reshape({tokens, width});                         // [B*L, C]
    auto out = at::empty({tokens, output->weight.size(0)}, x.options());  // [B*L, C]
    for (std::int64_t start = 0; start < tokens; start += chunk_) {
        const auto count = std::min(chunk_, tokens - start);
        out.narrow(0, start, count).copy_(apply(flat.narrow(0, start, count)));
    }
    return out.view(x.sizes());  // [B, L, C]
}

}  // namespace kinora::model
