#include "model/AttentionKernel.h"

#include <limits>

#include <ATen/ATen.h>
#include <torch/version.h>

namespace kinora::model {
namespace {

at::Tensor attendChunk(const at::Tensor& q, const at::Tensor& kTransposed, const at::Tensor& v,
                       const AttentionOptions& options, std::int64_t queryOffset) {
    auto scores = at::matmul(q, kTransposed).mul_(options.scale);  // [B, H, lq, Lk]
    if (options.causal) {
        const auto lq = q.size(2);
        const auto lk = kTransposed.size(3);
        auto rows = at::arange(queryOffset, queryOffset + lq, q.options().dtype(at::kLong))
                        .unsqueeze(1);                                          // [lq, 1]
        auto cols = at::arange(lk, q.options().dtype(at::kLong)).unsqueeze(0);  // [1, Lk]
        scores.masked_fill_(cols > rows, -std::numeric_limits<float>::infinity());
    }
    return at::matmul(scores.softmax(-1), v);  // [B, H, lq, D]
}

}  // namespace

at::Tensor scaledDotProductAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                     const AttentionOptions& options) {
    const auto queries = q.size(2);
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
    if (options.queryChunk <= 0 || options.queryChunk >= queries) {
        return at::scaled_dot_product_attention(q, k, v, {}, 0.0, options.causal, options.scale);
    }
#endif
    const auto kTransposed = k.transpose(-1, -2);  // [B, H, D, Lk]
    if (options.queryChunk <= 0 || options.queryChunk >= queries)
        return attendChunk(q, kTransposed, v, options, 0);
    auto out = at::empty({q.size(0), q.size(1), queries, v.size(3)}, q.options());  // [B, H, Lq, D]
    for (std::int64_t start = 0; start < queries; start += options.queryChunk) {
        const auto length = std::min(options.queryChunk, queries - start);
        out.narrow(2, start, length)
            .copy_(attendChunk(q.narrow(2, start, length), kTransposed, v, options, start));
    }
    return out;
}

}  // namespace kinora::model
