#include "model/unet/UNet3DBlocks.h"

#include <string>

#include <ATen/ATen.h>

#include "model/layers/Downsample2D.h"
#include "model/layers/ResnetBlock2D.h"
#include "model/layers/Upsample2D.h"
#include "model/unet/TemporalConvLayer.h"
#include "model/unet/Transformer2DModel.h"
#include "model/unet/TransformerTemporalModel.h"

namespace kinora::model {
namespace {

ResnetBlock2D makeResnet(std::int64_t in, std::int64_t out, const UNet3DBlockConfig& config,
                         const torch::TensorOptions& options) {
    ResnetBlock2DOptions resnet;
    resnet.inChannels = in;
    resnet.outChannels = out;
    resnet.tembChannels = config.tembChannels;
    resnet.groups = config.normGroups;
    resnet.eps = config.resnetEps;
    return ResnetBlock2D(resnet, options);
}

Transformer2DModel makeSpatialTransformer(std::int64_t channels, const UNet3DBlockConfig& config,
                                          const torch::TensorOptions& options) {
    Transformer2DModelConfig transformer;
    transformer.heads = channels / config.attentionHeadDim;
    transformer.headDim = config.attentionHeadDim;
    transformer.inChannels = channels;
    transformer.normGroups = config.normGroups;
    transformer.crossAttentionDim = config.crossAttentionDim;
    return Transformer2DModel(transformer, options);
}

TransformerTemporalModel makeTemporalTransformer(std::int64_t channels,
                                                 const UNet3DBlockConfig& config,
                                                 const torch::TensorOptions& options) {
    TransformerTemporalModelConfig transformer;
    transformer.heads = channels / config.attentionHeadDim;
    transformer.headDim = config.attentionHeadDim;
    transformer.inChannels = channels;
    transformer.normGroups = config.normGroups;
    return TransformerTemporalModel(transformer, options);
}

std::string indexed(const char* list, std::size_t index) {
    return std::string(list) + "." + std::to_string(index);
}

// The four kinds of layer a 3D block stacks, each reporting its inputs and output to the tap under
// its checkpoint path.
at::Tensor applyResnet(const torch::nn::ModuleListImpl& list, std::size_t index,
                       const at::Tensor& x, const at::Tensor& temb, const IntermediateTap& tap) {
    const auto layerTap = tap.child(indexed("resnets", index));
    layerTap("in0", x);
    layerTap("in1", temb);
    auto out = list.ptr(index)->as<ResnetBlock2DImpl>()->forward(x, temb);
    layerTap("out", out);
    return out;
}

at::Tensor applyTempConv(const torch::nn::ModuleListImpl& list, std::size_t index,
                         const at::Tensor& x, std::int64_t numFrames, const IntermediateTap& tap) {
    const auto layerTap = tap.child(indexed("temp_convs", index));
    layerTap("in0", x);
    auto out = list.ptr(index)->as<TemporalConvLayerImpl>()->forward(x, numFrames);
    layerTap("out", out);
    return out;
}

at::Tensor applySpatialTransformer(const torch::nn::ModuleListImpl& list, std::size_t index,
                                   const at::Tensor& x, const at::Tensor& context,
                                   const IntermediateTap& tap) {
    const auto layerTap = tap.child(indexed("attentions", index));
    layerTap("in0", x);
    auto out = list.ptr(index)->as<Transformer2DModelImpl>()->forward(x, context);
    layerTap("out0", out);
    return out;
}

at::Tensor applyTemporalTransformer(const torch::nn::ModuleListImpl& list, std::size_t index,
                                    const at::Tensor& x, std::int64_t numFrames,
                                    const IntermediateTap& tap) {
    const auto layerTap = tap.child(indexed("temp_attentions", index));
    layerTap("in0", x);
    auto out = list.ptr(index)->as<TransformerTemporalModelImpl>()->forward(x, numFrames);
    layerTap("out0", out);
    return out;
}

}  // namespace

DownBlock3DBase::DownBlock3DBase(const UNet3DBlockConfig& config, bool withAttention,
                                 const torch::TensorOptions& options) {
    if (withAttention) {
        attentions = torch::nn::ModuleList();
        tempAttentions = torch::nn::ModuleList();
    }
    for (std::int64_t i = 0; i < config.numLayers; ++i) {
        const auto in = i == 0 ? config.inChannels : config.outChannels;
        resnets->push_back(makeResnet(in, config.outChannels, config, options));
        tempConvs->push_back(TemporalConvLayer(config.outChannels, config.normGroups, options));
        if (withAttention) {
            attentions->push_back(makeSpatialTransformer(config.outChannels, config, options));
            tempAttentions->push_back(makeTemporalTransformer(config.outChannels, config, options));
        }
    }
    register_module("resnets", resnets);
    register_module("temp_convs", tempConvs);
    if (withAttention) {
        register_module("attentions", attentions);
        register_module("temp_attentions", tempAttentions);
    }
    if (config.addSampler) {
        downsamplers = torch::nn::ModuleList();
        downsamplers->push_back(Downsample2D(config.outChannels, config.outChannels,
                                             config.downsamplePadding, options));
        register_module("downsamplers", downsamplers);
    }
}

DownBlockOutput DownBlock3DBase::forward(const at::Tensor& x, const at::Tensor& temb,
                                         const at::Tensor& context, std::int64_t numFrames,
                                         const IntermediateTap& tap) {
    // x: [B*F, Cin, H, W]
    DownBlockOutput output;
    auto h = x;
    for (std::size_t i = 0; i < resnets->size(); ++i) {
        h = applyResnet(*resnets, i, h, temb, tap);
        h = applyTempConv(*tempConvs, i, h, numFrames, tap);
        if (attentions) {
            h = applySpatialTransformer(*attentions, i, h, context, tap);
            h = applyTemporalTransformer(*tempAttentions, i, h, numFrames, tap);
        }
        output.skips.push_back(h);
    }
    if (downsamplers) {
        const auto samplerTap = tap.child("downsamplers.0");
        samplerTap("in0", h);
        h = downsamplers[0]->as<Downsample2DImpl>()->forward(h);  // [B*F, Cout, H/2, W/2]
        samplerTap("out", h);
        output.skips.push_back(h);
    }
    output.hidden = h;
    return output;
}

UNetMidBlock3DCrossAttnImpl::UNetMidBlock3DCrossAttnImpl(const UNet3DBlockConfig& config,
                                                         const torch::TensorOptions& options) {
    const auto channels = config.inChannels;
    for (std::int64_t i = 0; i <= config.numLayers; ++i) {
        resnets->push_back(makeResnet(channels, channels, config, options));
        tempConvs->push_back(TemporalConvLayer(channels, config.normGroups, options));
    }
    for (std::int64_t i = 0; i < config.numLayers; ++i) {
        attentions->push_back(makeSpatialTransformer(channels, config, options));
        tempAttentions->push_back(makeTemporalTransformer(channels, config, options));
    }
    register_module("resnets", resnets);
    register_module("temp_convs", tempConvs);
    register_module("attentions", attentions);
    register_module("temp_attentions", tempAttentions);
}

at::Tensor UNetMidBlock3DCrossAttnImpl::forward(const at::Tensor& x, const at::Tensor& temb,
                                                const at::Tensor& context, std::int64_t numFrames,
                                                const IntermediateTap& tap) {
    // x: [B*F, C, H, W]
    auto h = applyResnet(*resnets, 0, x, temb, tap);
    h = applyTempConv(*tempConvs, 0, h, numFrames, tap);
    for (std::size_t i = 0; i < attentions->size(); ++i) {
        h = applySpatialTransformer(*attentions, i, h, context, tap);
        h = applyTemporalTransformer(*tempAttentions, i, h, numFrames, tap);
        h = applyResnet(*resnets, i + 1, h, temb, tap);
        h = applyTempConv(*tempConvs, i + 1, h, numFrames, tap);
    }
    return h;
}

UpBlock3DBase::UpBlock3DBase(const UNet3DBlockConfig& config, bool withAttention,
                             const torch::TensorOptions& options) {
    if (withAttention) {
        attentions = torch::nn::ModuleList();
        tempAttentions = torch::nn::ModuleList();
    }
    for (std::int64_t i = 0; i < config.numLayers; ++i) {
        // The last layer's skip comes from the down block below this level (inChannels wide).
        const auto skip = i == config.numLayers - 1 ? config.inChannels : config.outChannels;
        const auto in = i == 0 ? config.prevOutputChannels : config.outChannels;
        resnets->push_back(makeResnet(in + skip, config.outChannels, config, options));
        tempConvs->push_back(TemporalConvLayer(config.outChannels, config.normGroups, options));
        if (withAttention) {
            attentions->push_back(makeSpatialTransformer(config.outChannels, config, options));
            tempAttentions->push_back(makeTemporalTransformer(config.outChannels, config, options));
        }
    }
    register_module("resnets", resnets);
    register_module("temp_convs", tempConvs);
    if (withAttention) {
        register_module("attentions", attentions);
        register_module("temp_attentions", tempAttentions);
    }
    if (config.addSampler) {
        upsamplers = torch::nn::ModuleList();
        upsamplers->push_back(Upsample2D(config.outChannels, config.outChannels, options));
        register_module("upsamplers", upsamplers);
    }
}

at::Tensor UpBlock3DBase::forward(const at::Tensor& x, std::vector<at::Tensor> skips,
                                  const at::Tensor& temb, const at::Tensor& context,
                                  std::int64_t numFrames,
                                  std::optional<std::pair<std::int64_t, std::int64_t>> upsampleSize,
                                  const IntermediateTap& tap) {
    // x: [B*F, Cprev, H, W]
    TORCH_CHECK(skips.size() == resnets->size(), "up block expects ", resnets->size(),
                " skip tensors, got ", skips.size());
    auto h = x;
    for (std::size_t i = 0; i < resnets->size(); ++i) {
        h = at::cat({h, skips.back()}, 1);  // [B*F, C + Cskip, H, W]
        skips.pop_back();
        h = applyResnet(*resnets, i, h, temb, tap);
        h = applyTempConv(*tempConvs, i, h, numFrames, tap);
        if (attentions) {
            h = applySpatialTransformer(*attentions, i, h, context, tap);
            h = applyTemporalTransformer(*tempAttentions, i, h, numFrames, tap);
        }
    }
    if (upsamplers) {
        const auto samplerTap = tap.child("upsamplers.0");
        samplerTap("in0", h);
        h = upsamplers[0]->as<Upsample2DImpl>()->forward(h, upsampleSize);  // [B*F, C, H', W']
        samplerTap("out", h);
    }
    return h;
}

}  // namespace kinora::model
