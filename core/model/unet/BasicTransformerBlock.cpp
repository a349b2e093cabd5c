#include "model/unet/BasicTransformerBlock.h"

#include <ATen/ATen.h>

#include "model/runtime/ProfileScope.h"

namespace kinora::model {

BasicTransformerBlockImpl::BasicTransformerBlockImpl(const BasicTransformerBlockConfig& config,
                                                     const torch::TensorOptions& options)
    : crossAttention_(config.crossAttentionDim > 0 && !config.doubleSelfAttention) {
    constexpr double kNormEps = 1e-5;
    AttentionConfig selfAttention;
    selfAttention.queryDim = config.dim;
    selfAttention.heads = config.heads;
    selfAttention.dimHead = config.headDim;
    norm1 = register_module("norm1", LayerNorm(config.dim, kNormEps, options));
    attn1 = register_module("attn1", Attention(selfAttention, options));
    if (config.crossAttentionDim > 0 || config.doubleSelfAttention) {
        auto second = selfAttention;
        if (crossAttention_)
            second.crossAttentionDim = config.crossAttentionDim;
        norm2 = register_module("norm2", LayerNorm(config.dim, kNormEps, options));
        attn2 = register_module("attn2", Attention(second, options));
    }
    norm3 = register_module("norm3", LayerNorm(config.dim, kNormEps, options));
    FeedForwardConfig feedForward;
    feedForward.dim = config.dim;
    ff = register_module("ff", FeedForward(feedForward, options));
}

at::Tensor BasicTransformerBlockImpl::forward(const at::Tensor& x, const at::Tensor& context) {
    KINORA_PROFILE_MODULE("BasicTransformerBlock");
    // x: [B, L, C]
    auto h = attn1(norm1(x)) + x;
    if (attn2)
        h = attn2(norm2(h), crossAttention_ ? context : at::Tensor()) + h;
    return ff(norm3(h)) + h;
}

}  // namespace kinora::model
