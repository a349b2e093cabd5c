// Mirrors diffusers.models.attention.BasicTransformerBlock with layer norms (norm_type
// "layer_norm"): self-attention, then cross-attention to a context (or a second self-attention
// with double_self_attention), then a GEGLU feed-forward, each pre-normed and residual.
#pragma once

#include <cstdint>

#include <torch/nn/module.h>

#include "model/layers/Attention.h"
#include "model/layers/FeedForward.h"
#include "model/layers/Layers.h"

namespace kinora::model {

struct BasicTransformerBlockConfig {
    std::int64_t dim = 0;
    std::int64_t heads = 0;
    std::int64_t headDim = 0;
    std::int64_t crossAttentionDim = 0;  // > 0: attn2 attends to a context of this width
    bool doubleSelfAttention = false;    // attn2 is a second self-attention (temporal models)
};

class BasicTransformerBlockImpl : public torch::nn::Module {
public:
    BasicTransformerBlockImpl(const BasicTransformerBlockConfig& config,
                              const torch::TensorOptions& options);
    // x: [B, L, C], context: [B, Lc, Cc] (cross-attention blocks only) -> [B, L, C]
    at::Tensor forward(const at::Tensor& x, const at::Tensor& context = {});

private:
    bool crossAttention_ = false;
    LayerNorm norm1{nullptr};
    Attention attn1{nullptr};
    LayerNorm norm2{nullptr};
    Attention attn2{nullptr};
    LayerNorm norm3{nullptr};
    FeedForward ff{nullptr};
};
TORCH_MODULE(BasicTransformerBlock);

}  // namespace kinora::model
