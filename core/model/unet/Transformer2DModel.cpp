#include "model/unet/Transformer2DModel.h"

#include <ATen/ATen.h>

#include "model/runtime/ProfileScope.h"
#include "model/unet/BasicTransformerBlock.h"

namespace kinora::model {

Transformer2DModelImpl::Transformer2DModelImpl(const Transformer2DModelConfig& config,
                                               const torch::TensorOptions& options) {
    constexpr double kNormEps = 1e-6;
    const auto inner = config.heads * config.headDim;
    norm =
        register_module("norm", GroupNorm(config.normGroups, config.inChannels, kNormEps, options));
    projIn = register_module("proj_in", Linear(config.inChannels, inner, true, options));
    BasicTransformerBlockConfig block;
    block.dim = inner;
    block.heads = config.heads;
    block.headDim = config.headDim;
    block.crossAttentionDim = config.crossAttentionDim;
    for (std::int64_t i = 0; i < config.numLayers; ++i)
        transformerBlocks->push_back(BasicTransformerBlock(block, options));
    register_module("transformer_blocks", transformerBlocks);
    projOut = register_module("proj_out", Linear(inner, config.inChannels, true, options));
}

at::Tensor Transformer2DModelImpl::forward(const at::Tensor& x, const at::Tensor& context) {
    KINORA_PROFILE_MODULE("Transformer2DModel");
    // x: [B*F, C, H, W]
    const auto batch = x.size(0), channels = x.size(1), height = x.size(2), width = x.size(3);
    auto h =
        norm(x).permute({0, 2, 3, 1}).reshape({batch, height * width, channels});  // [B*F, L, C]
    h = projIn(h);
    for (const auto& block : *transformerBlocks)
        h = block->as<BasicTransformerBlockImpl>()->forward(h, context);
    h = projOut(h).reshape({batch, height, width, channels});  // [B*F, H, W, C]
    return h.permute({0, 3, 1, 2}).contiguous() + x;
}

}  // namespace kinora::model
