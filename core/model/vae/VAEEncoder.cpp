#include "model/vae/VAEEncoder.h"

#include <ATen/ATen.h>

namespace kinora::model {

VAEEncoderImpl::VAEEncoderImpl(const VAECoderOptions& options,
                               const torch::TensorOptions& tensorOptions) {
    const auto& channels = options.blockOutChannels;
    constexpr double eps = 1e-6;
    convIn = register_module("conv_in",
                             Conv2d(options.inChannels, channels.front(), 3, 1, 1, tensorOptions));
    auto outputChannels = channels.front();
    for (std::size_t i = 0; i < channels.size(); ++i) {
        VAEBlockOptions block;
        block.inChannels = outputChannels;
        block.outChannels = outputChannels = channels[i];
        block.numLayers = options.layersPerBlock;
        block.groups = options.groups;
        block.eps = eps;
        const bool isFinal = i + 1 == channels.size();
        downBlocks->push_back(DownEncoderBlock2D(block, !isFinal, tensorOptions));
    }
    register_module("down_blocks", downBlocks);

    VAEBlockOptions mid;
    mid.inChannels = mid.outChannels = channels.back();
    mid.groups = options.groups;
    mid.eps = eps;
    midBlock = register_module("mid_block",
                               UNetMidBlock2D(mid, options.midBlockAddAttention, tensorOptions));

    convNormOut = register_module("conv_norm_out",
                                  GroupNorm(options.groups, channels.back(), eps, tensorOptions));
    convOut = register_module(
        "conv_out", Conv2d(channels.back(), 2 * options.outChannels, 3, 1, 1, tensorOptions));
}

at::Tensor VAEEncoderImpl::forward(const at::Tensor& x) {
    // x: [N, Cin, H, W]
    auto h = convIn(x);  // [N, C0, H, W]
    for (const auto& block : *downBlocks)
        h = block->as<DownEncoderBlock2DImpl>()->forward(h);
    h = midBlock(h);                           // [N, Clast, h, w]
    return convOut(at::silu(convNormOut(h)));  // [N, 2 * Cout, h, w]
}

}  // namespace kinora::model
