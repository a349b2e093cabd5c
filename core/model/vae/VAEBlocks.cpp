#include "model/vae/VAEBlocks.h"

#include <ATen/ATen.h>

namespace kinora::model {
namespace {

ResnetBlock2D vaeResnet(std::int64_t in, std::int64_t out, const VAEBlockOptions& options,
                        const torch::TensorOptions& tensorOptions) {
    ResnetBlock2DOptions resnet;
    resnet.inChannels = in;
    resnet.outChannels = out;
    resnet.groups = options.groups;
    resnet.eps = options.eps;
    return ResnetBlock2D(resnet, tensorOptions);
}

}  // namespace

UNetMidBlock2DImpl::UNetMidBlock2DImpl(const VAEBlockOptions& options, bool addAttention,
                                       const torch::TensorOptions& tensorOptions)
    : hasAttention_(addAttention) {
    const auto channels = options.inChannels;
    resnets->push_back(vaeResnet(channels, channels, options, tensorOptions));
    for (std::int64_t layer = 0; layer < options.numLayers; ++layer) {
        if (addAttention) {
            // The VAE passes attention_head_dim = channels: one head spanning every channel.
            AttentionConfig attention;
            attention.queryDim = channels;
            attention.heads = 1;
            attention.dimHead = channels;
            attention.qkvBias = true;
            attention.upcastSoftmax = true;
            attention.normGroups = options.groups;
            attention.normEps = options.eps;
            attention.residualConnection = true;
            attentions->push_back(Attention(attention, tensorOptions));
        }
        resnets->push_back(vaeResnet(channels, channels, options, tensorOptions));
    }
    register_module("resnets", resnets);
    if (addAttention)
        register_module("attentions", attentions);
}

at::Tensor UNetMidBlock2DImpl::forward(const at::Tensor& x) {
    // x: [N, C, H, W]
    auto h = resnets[0]->as<ResnetBlock2DImpl>()->forward(x);
    for (std::size_t layer = 1; layer < resnets->size(); ++layer) {
        if (hasAttention_)
            h = attentions[layer - 1]->as<AttentionImpl>()->forward(h);  // [N, C, H, W]
        h = resnets[layer]->as<ResnetBlock2DImpl>()->forward(h);
    }
    return h;
}

void UNetMidBlock2DImpl::setAttentionQueryChunk(std::int64_t chunk) {
    for (const auto& attention : *attentions)
        attention->as<AttentionImpl>()->setQueryChunk(chunk);
}

DownEncoderBlock2DImpl::DownEncoderBlock2DImpl(const VAEBlockOptions& options, bool addDownsample,
                                               const torch::TensorOptions& tensorOptions) {
    for (std::int64_t layer = 0; layer < options.numLayers; ++layer) {
        const auto in = layer == 0 ? options.inChannels : options.outChannels;
        resnets->push_back(vaeResnet(in, options.outChannels, options, tensorOptions));
    }
    register_module("resnets", resnets);
    if (addDownsample) {
        // Padding 0: the encoder pads right and bottom by one before the stride-2 conv.
        downsamplers->push_back(
            Downsample2D(options.outChannels, options.outChannels, 0, tensorOptions));
        register_module("downsamplers", downsamplers);
    }
}

at::Tensor DownEncoderBlock2DImpl::forward(const at::Tensor& x) {
    // x: [N, Cin, H, W]
    auto h = x;
    for (const auto& resnet : *resnets)
        h = resnet->as<ResnetBlock2DImpl>()->forward(h);  // [N, Cout, H, W]
    for (const auto& downsampler : *downsamplers)
        h = downsampler->as<Downsample2DImpl>()->forward(h);  // [N, Cout, ceil(H/2), ceil(W/2)]
    return h;
}

UpDecoderBlock2DImpl::UpDecoderBlock2DImpl(const VAEBlockOptions& options, bool addUpsample,
                                           const torch::TensorOptions& tensorOptions) {
    for (std::int64_t layer = 0; layer < options.numLayers; ++layer) {
        const auto in = layer == 0 ? options.inChannels : options.outChannels;
        resnets->push_back(vaeResnet(in, options.outChannels, options, tensorOptions));
    }
    register_module("resnets", resnets);
    if (addUpsample) {
        upsamplers->push_back(Upsample2D(options.outChannels, options.outChannels, tensorOptions));
        register_module("upsamplers", upsamplers);
    }
}

at::Tensor UpDecoderBlock2DImpl::forward(const at::Tensor& x) {
    // x: [N, Cin, H, W]
    auto h = x;
    for (const auto& resnet : *resnets)
        h = resnet->as<ResnetBlock2DImpl>()->forward(h);  // [N, Cout, H, W]
    for (const auto& upsampler : *upsamplers)
        h = upsampler->as<Upsample2DImpl>()->forward(h);  // [N, Cout, 2H, 2W]
    return h;
}

}  // namespace kinora::model
