#include "model/unet/TransformerTemporalModel.h"

#include <ATen/ATen.h>

#include "model/runtime/ProfileScope.h"
#include "model/unet/BasicTransformerBlock.h"

namespace kinora::model {

TransformerTemporalModelImpl::TransformerTemporalModelImpl(
    const TransformerTemporalModelConfig& config, const torch::TensorOptions& options) {
    constexpr double kNormEps = 1e-6;
    const auto inner = config.heads * config.headDim;
    norm =
        register_module("norm", GroupNorm(config.normGroups, config.inChannels, kNormEps, options));
    projIn = register_module("proj_in", Linear(config.inChannels, inner, true, options));
    BasicTransformerBlockConfig block;
    block.dim = inner;
    block.heads = config.heads;
    block.headDim = config.headDim;
    block.doubleSelfAttention = true;
    for (std::int64_t i = 0; i < config.numLayers; ++i)
        transformerBlocks->push_back(BasicTransformerBlock(block, options));
    register_module("transformer_blocks", transformerBlocks);
    projOut = register_module("proj_out", Linear(inner, config.inChannels, true, options));
}

at::Tensor TransformerTemporalModelImpl::forward(const at::Tensor& x, std::int64_t numFrames) {
    KINORA_PROFILE_MODULE("TransformerTemporalModel");
    // x: [B*F, C, H, W]
    const auto channels = x.size(1), height = x.size(2), width = x.size(3);
    const auto batch = x.size(0) / numFrames;
    auto h = x.reshape({batch, numFrames, channels, height, width})
                 .permute({0, 2, 1, 3, 4});  // [B, C, F, H, W]
    h = norm(h)
            .permute({0, 3, 4, 2, 1})
            .reshape({batch * height * width, numFrames, channels});  // [B*H*W, F, C]
    h = projIn(h);
    for (const auto& block : *transformerBlocks)
        h = block->as<BasicTransformerBlockImpl>()->forward(h);
    h = projOut(h).reshape({batch, height, width, numFrames, channels});  // [B, H, W, F, C]
    h = h.permute({0, 3, 4, 1, 2});                                       // [B, F, C, H, W]
    h = h.reshape({batch * numFrames, channels, height, width});          // [B*F, C, H, W]
    return h + x;
}

}  // namespace kinora::model
