#include "model/unet/I2VGenXLTransformerTemporalEncoder.h"

#include <ATen/ATen.h>

#include "model/runtime/ProfileScope.h"

namespace kinora::model {

I2VGenXLTransformerTemporalEncoderImpl::I2VGenXLTransformerTemporalEncoderImpl(
    const I2VGenXLTransformerTemporalEncoderConfig& config, const torch::TensorOptions& options) {
    constexpr double kNormEps = 1e-5;
    norm1 = register_module("norm1", LayerNorm(config.dim, kNormEps, options));
    AttentionConfig attention;
    attention.queryDim = config.dim;
    attention.heads = config.heads;
    attention.dimHead = config.headDim;
    attn1 = register_module("attn1", Attention(attention, options));
    FeedForwardConfig feedForward;
    feedForward.dim = config.dim;
    feedForward.innerDim = config.feedForwardInnerDim;
    feedForward.activation = FeedForwardActivation::Gelu;
    ff = register_module("ff", FeedForward(feedForward, options));
}

at::Tensor I2VGenXLTransformerTemporalEncoderImpl::forward(const at::Tensor& x) {
    KINORA_PROFILE_MODULE("I2VGenXLTransformerTemporalEncoder");
    // x: [B*H*W, F, C]
    const auto h = attn1(norm1(x)) + x;
    return ff(h) + h;
}

}  // namespace kinora::model
