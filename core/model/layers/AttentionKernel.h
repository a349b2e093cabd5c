// softmax(q kᵀ · scale) v, the core of every attention layer, with optional query chunking so the
// [Lq, Lk] score matrix never exists whole (bounded memory at high resolution and many frames).
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace kinora::model {

struct AttentionOptions {
    double scale = 1.0;
    bool causal = false;          // mask keys after the query position (CLIP text)
    std::int64_t queryChunk = 0;  // > 0: process at most this many queries at once
};

// q: [B, H, Lq, D], k and v: [B, H, Lk, D] -> [B, H, Lq, D].
// On LibTorch 1.x this is written by hand (1.13's private SDPA is no faster on CPU, and its
// baddbmm with beta=0 reads uninitialised memory); on LibTorch >= 2.1 the public
// scaled_dot_product_attention is used for unchunked calls. On the CPU in float32, attention over
// at most 64 queries and 64 keys (the temporal layers: one row per pixel and head, one token per
// frame) runs in a row-parallel loop instead of one BLAS call per row.
at::Tensor scaledDotProductAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                     const AttentionOptions& options);

}  // namespace kinora::model
