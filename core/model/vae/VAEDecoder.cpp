#include "model/vae/VAEDecoder.h"

#include <ATen/ATen.h>

namespace kinora::model {

VAEDecoderImpl::VAEDecoderImpl(const VAECoderOptions& options,
                               const torch::TensorOptions& tensorOptions) {
    const std::vector<std::int64_t> reversed(options.blockOutChannels.rbegin(),
                                             options.blockOutChannels.rend());
    constexpr double eps = 1e-6;
    convIn = register_module("conv_in",
                             Conv2d(options.inChannels, reversed.front(), 3, 1, 1, tensorOptions));

    VAEBlockOptions mid;
    mid.inChannels = mid.outChannels = reversed.front();
    mid.groups = options.groups;
    mid.eps = eps;
    midBlock = register_module("mid_block",
                               UNetMidBlock2D(mid, options.midBlockAddAttention, tensorOptions));

    auto outputChannels = reversed.front();
    for (std::size_t i = 0; i < reversed.size(); ++i) {
        VAEBlockOptions block;
        block.inChannels = outputChannels;
        block.outChannels = outputChannels = reversed[i];
        // The decoder's blocks have one resnet more than the encoder's.
        block.numLayers = options.layersPerBlock + 1;
        block.groups = options.groups;
        block.eps = eps;
        const bool isFinal = i + 1 == reversed.size();
        upBlocks->push_back(UpDecoderBlock2D(block, !isFinal, tensorOptions));
    }
    register_module("up_blocks", upBlocks);

    convNormOut = register_module("conv_norm_out",
                                  GroupNorm(options.groups, reversed.back(), eps, tensorOptions));
    convOut = register_module("conv_out",
                              Conv2d(reversed.back(), options.outChannels, 3, 1, 1, tensorOptions));
}

at::Tensor VAEDecoderImpl::forward(const at::Tensor& z) {
    // z: [N, Cin, h, w]
    return forwardUp(forwardMid(z));  // [N, Cout, H, W]
}

at::Tensor VAEDecoderImpl::forwardMid(const at::Tensor& z) {
    // z: [N, Cin, h, w]
    return midBlock(convIn(z));  // [N, Clast, h, w]
}

at::Tensor VAEDecoderImpl::forwardUp(const at::Tensor& x) {
    // x: [N, Clast, h, w]
    // The reference casts the mid block's output to the up blocks' dtype; all parameters share
    // one dtype here, so there is nothing to cast.
    auto h = x;
    for (const auto& block : *upBlocks)
        h = block->as<UpDecoderBlock2DImpl>()->forward(h);
    return convOut(at::silu(convNormOut(h)));  // [N, Cout, H, W]
}

}  // namespace kinora::model
