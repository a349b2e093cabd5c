#include "model/AttentionKernel.h"

#include <limits>

#include <ATen/ATen.h>
#include <torch/version.h>

namespace kinora::model {
namespace {

at::Tensor attendChunk(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                       const AttentionOptions& options, std::int64_t queryOffset) {
    // q: [B, H, lq, D], k and v: [B, H, Lk, D]
    const auto batch = q.size(0), heads = q.size(1), lq = q.size(2), lk = k.size(2);
    if (options.causal) {
        auto scores = at::matmul(q, k.transpose(-1, -2)).mul_(options.scale);  // [B, H, lq, Lk]
        auto rows = at::arange(queryOffset, queryOffset + lq, q.options().dtype(at::kLong))
                        .unsqueeze(1);                                          // [lq, 1]
        auto cols = at::arange(lk, q.options().dtype(at::kLong)).unsqueeze(0);  // [1, Lk]
        scores.masked_fill_(cols > rows, -std::numeric_limits<float>::infinity());
        return at::matmul(scores.softmax(-1), v);  // [B, H, lq, D]
    }
    // diffusers' AttnProcessor exactly: scale * q kᵀ as one baddbmm into a zeroed buffer, with kᵀ
    // a transposed view, then bmm. The BLAS rounds differently when the scale is applied
    // afterwards or kᵀ is materialised (~1e-6 relative, compounding through the UNet).
    const auto q3 = q.reshape({batch * heads, lq, q.size(3)});  // [B*H, lq, D]
    const auto k3 = k.reshape({batch * heads, lk, k.size(3)});  // [B*H, Lk, D]
    const auto v3 = v.reshape({batch * heads, lk, v.size(3)});  // [B*H, Lk, Dv]
    auto scores = at::zeros({batch * heads, lq, lk}, q.options());
    scores.baddbmm_(q3, k3.transpose(1, 2), 1.0, options.scale);  // [B*H, lq, Lk]
    const auto out = at::bmm(scores.softmax(-1), v3);             // [B*H, lq, Dv]
    return out.reshape({batch, heads, lq, v.size(3)});            // [B, H, lq, Dv]
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
    if (options.queryChunk <= 0 || options.queryChunk >= queries)
        return attendChunk(q, k, v, options, 0);
    auto out = at::empty({q.size(0), q.size(1), queries, v.size(3)}, q.options());  // [B, H, Lq, D]
    for (std::int64_t start = 0; start < queries; start += options.queryChunk) {
        const auto length = std::min(options.queryChunk, queries - start);
        out.narrow(2, start, length)
            .copy_(attendChunk(q.narrow(2, start, length), k, v, options, start));
    }
    return out;
}

}  // namespace kinora::model
