// Mirrors diffusers.models.attention_processor.Attention with the default AttnProcessor: self- or
// cross-attention over token sequences, or over the pixels of a [N, C, H, W] map (the VAE's mid
// block: group norm first, residual connection, output rescale).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <utility>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include "model/layers/Layers.h"

namespace kinora::model {

struct AttentionConfig {
    std::int64_t queryDim = 0;
    std::int64_t crossAttentionDim = 0;  // 0: self-attention (keys from the queries' input)
    std::int64_t heads = 8;
    std::int64_t dimHead = 64;
    bool qkvBias = false;
    bool outBias = true;
    bool upcastAttention = false;
    bool upcastSoftmax = false;
    std::int64_t normGroups = 0;  // > 0: group_norm over channels before the projections
    double normEps = 1e-5;
    bool residualConnection = false;
    double rescaleOutputFactor = 1.0;
};

class AttentionImpl;

// The keys and values of cross-attention layers for one context that stays fixed over many calls
// (a video's text and image tokens, through every denoising step), each computed at its layer's
// first call. Owned by the caller that fixes the context (UNetConditioning).
struct CrossAttentionCache {
    std::unordered_map<const AttentionImpl*, std::pair<at::Tensor, at::Tensor>> keyValues;
};

class AttentionImpl : public torch::nn::Module {
public:
    AttentionImpl(const AttentionConfig& config, const torch::TensorOptions& options);

    // hidden: [B, L, C] or [B, C, H, W]; context: [B', Lk, Ck] or undefined (self-attention).
    // B' may divide B: a context shared by B / B' consecutive rows (the frames of one video) has
    // its keys and values computed once and repeated for each of them.
    at::Tensor forward(const at::Tensor& hidden, const at::Tensor& context = {});

    // While set, cross-attention keys and values come from (and go into) `cache`; the caller
    // guarantees that every context passed meanwhile is the same. nullptr: computed per call.
    void setCrossAttentionCache(CrossAttentionCache* cache) { crossAttentionCache_ = cache; }

    // Queries processed at once (0: all). A memory bound that does not change the result.
    void setQueryChunk(std::int64_t chunk) { queryChunk_ = chunk; }
    std::int64_t queryChunk() const { return queryChunk_; }

private:
    AttentionConfig config_;
    std::int64_t queryChunk_ = 0;
    CrossAttentionCache* crossAttentionCache_ = nullptr;
    GroupNorm groupNorm{nullptr};
    Linear toQ{nullptr};
    Linear toK{nullptr};
    Linear toV{nullptr};
    torch::nn::ModuleList toOut;
};
TORCH_MODULE(Attention);

}  // namespace kinora::model
