#include "model/layers/AttentionKernel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/version.h>

namespace kinora::model {
namespace {

// Attention over a few keys per row (the temporal layers attend over the frames of one pixel:
// thousands of [F, D] x [D, F] products per call). LibTorch 1.13's CPU bmm and baddbmm run such a
// batch as one BLAS call per matrix through the dispatcher, which was 39% of a UNet step
// (docs/performance.md); here each row's scores, softmax and weighted sum are computed in place,
// rows split over the intra-op threads. The dot products sum in 16 lanes, not in BLAS's order.
constexpr std::int64_t kSmallAttentionMaxTokens = 64;

bool smallAttentionApplies(const at::Tensor& q, const at::Tensor& k) {
    return q.device().is_cpu() && q.scalar_type() == at::kFloat && k.scalar_type() == at::kFloat &&
           q.size(2) <= kSmallAttentionMaxTokens && k.size(2) <= kSmallAttentionMaxTokens;
}

float dotProduct(const float* a, const float* b, std::int64_t length) {
    constexpr int kLanes = 16;
    float lanes[kLanes] = {};
    std::int64_t i = 0;
    for (; i + kLanes <= length; i += kLanes) {
        for (int lane = 0; lane < kLanes; ++lane)
            lanes[lane] += a[i + lane] * b[i + lane];
    }
    float sum = 0.0f;
    for (float lane : lanes)
        sum += lane;
    for (; i < length; ++i)
        sum += a[i] * b[i];
    return sum;
}

at::Tensor attendSmall(const at::Tensor& qIn, const at::Tensor& kIn, const at::Tensor& vIn,
                       double scale) {
    // q: [B, H, Lq, D], k and v: [B, H, Lk, D]
    const auto batch = qIn.size(0), heads = qIn.size(1), lq = qIn.size(2), lk = kIn.size(2);
    const auto depth = qIn.size(3), valueDepth = vIn.size(3);
    const auto q = qIn.contiguous(), k = kIn.contiguous(), v = vIn.contiguous();
    auto out = at::empty({batch, heads, lq, valueDepth}, q.options());  // [B, H, Lq, Dv]
    const float* queries = q.data_ptr<float>();
    const float* keys = k.data_ptr<float>();
    const float* values = v.data_ptr<float>();
    float* result = out.data_ptr<float>();
    const auto scaleF = static_cast<float>(scale);
    const std::int64_t rows = batch * heads;
    const std::int64_t workPerRow = lq * lk * (depth + valueDepth);
    const std::int64_t grain =
        std::max<std::int64_t>(1, 32768 / std::max<std::int64_t>(1, workPerRow));
    at::parallel_for(0, rows, grain, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> weights(static_cast<std::size_t>(lk));
        for (std::int64_t row = begin; row < end; ++row) {
            const float* rowKeys = keys + row * lk * depth;
            const float* rowValues = values + row * lk * valueDepth;
            for (std::int64_t i = 0; i < lq; ++i) {
                const float* query = queries + (row * lq + i) * depth;
                float largest = -std::numeric_limits<float>::infinity();
                for (std::int64_t j = 0; j < lk; ++j) {
                    weights[j] = dotProduct(query, rowKeys + j * depth, depth) * scaleF;
                    largest = std::max(largest, weights[j]);
                }
                float total = 0.0f;
                for (std::int64_t j = 0; j < lk; ++j) {
                    weights[j] = std::exp(weights[j] - largest);
                    total += weights[j];
                }
                float* output = result + (row * lq + i) * valueDepth;
                std::fill(output, output + valueDepth, 0.0f);
                for (std::int64_t j = 0; j < lk; ++j) {
                    const float weight = weights[j] / total;
                    const float* value = rowValues + j * valueDepth;
                    for (std::int64_t c = 0; c < valueDepth; ++c)
                        output[c] += weight * value[c];
                }
            }
        }
    });
    return out;
}

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
    if (!options.causal && smallAttentionApplies(q, k))
        return attendSmall(q, k, v, options.scale);
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
