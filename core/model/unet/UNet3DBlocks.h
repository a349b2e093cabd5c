// Mirrors diffusers.models.unets.unet_3d_blocks: CrossAttnDownBlock3D, DownBlock3D,
// UNetMidBlock3DCrossAttn, CrossAttnUpBlock3D and UpBlock3D. Every layer is a ResnetBlock2D on each
// frame followed by a TemporalConvLayer across frames, and in the cross-attention blocks a
// Transformer2DModel (per frame, attending to the context) and a TransformerTemporalModel.
//
// Tensors are [B*F, C, H, W] with the frames of one video adjacent. `attentionHeadDim` is the size
// of each attention head (heads = channels / attentionHeadDim): the reference passes its
// `num_attention_heads` argument where the transformers expect the head size.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include "model/runtime/IntermediateTap.h"

namespace kinora::model {

struct UNet3DBlockConfig {
    std::int64_t inChannels = 0;
    std::int64_t outChannels = 0;
    std::int64_t prevOutputChannels = 0;  // up blocks: channels coming from the block below
    std::int64_t tembChannels = 0;
    std::int64_t numLayers = 1;
    std::int64_t normGroups = 32;
    double resnetEps = 1e-6;
    std::int64_t crossAttentionDim = 1280;
    std::int64_t attentionHeadDim = 1;
    bool addSampler = true;  // a Downsample2D (down blocks) or Upsample2D (up blocks) at the end
    std::int64_t downsamplePadding = 1;
};

struct DownBlockOutput {
    at::Tensor hidden;              // [B*F, Cout, H', W']
    std::vector<at::Tensor> skips;  // one per layer, then the downsampled tensor
};

// Shared body of CrossAttnDownBlock3D (withAttention) and DownBlock3D.
class DownBlock3DBase : public torch::nn::Module {
public:
    // x: [B*F, Cin, H, W], temb: [B*F, T], context: [B*F, Lc, Cc] (ignored without attention)
    DownBlockOutput forward(const at::Tensor& x, const at::Tensor& temb, const at::Tensor& context,
                            std::int64_t numFrames, const IntermediateTap& tap = {});

protected:
    DownBlock3DBase(const UNet3DBlockConfig& config, bool withAttention,
                    const torch::TensorOptions& options);

private:
    torch::nn::ModuleList resnets;
    torch::nn::ModuleList tempConvs;
    torch::nn::ModuleList attentions{nullptr};
    torch::nn::ModuleList tempAttentions{nullptr};
    torch::nn::ModuleList downsamplers{nullptr};
};

class CrossAttnDownBlock3DImpl : public DownBlock3DBase {
public:
    CrossAttnDownBlock3DImpl(const UNet3DBlockConfig& config, const torch::TensorOptions& options)
        : DownBlock3DBase(config, true, options) {}
};
TORCH_MODULE(CrossAttnDownBlock3D);

class DownBlock3DImpl : public DownBlock3DBase {
public:
    DownBlock3DImpl(const UNet3DBlockConfig& config, const torch::TensorOptions& options)
        : DownBlock3DBase(config, false, options) {}
};
TORCH_MODULE(DownBlock3D);

// numLayers attention layers between numLayers + 1 resnets, at constant channels (inChannels).
class UNetMidBlock3DCrossAttnImpl : public torch::nn::Module {
public:
    UNetMidBlock3DCrossAttnImpl(const UNet3DBlockConfig& config,
                                const torch::TensorOptions& options);
    // x: [B*F, C, H, W] -> [B*F, C, H, W]
    at::Tensor forward(const at::Tensor& x, const at::Tensor& temb, const at::Tensor& context,
                       std::int64_t numFrames, const IntermediateTap& tap = {});

private:
    torch::nn::ModuleList resnets;
    torch::nn::ModuleList tempConvs;
    torch::nn::ModuleList attentions;
    torch::nn::ModuleList tempAttentions;
};
TORCH_MODULE(UNetMidBlock3DCrossAttn);

// Shared body of CrossAttnUpBlock3D (withAttention) and UpBlock3D.
class UpBlock3DBase : public torch::nn::Module {
public:
    // x: [B*F, Cprev, H, W]; skips: the matching down-block outputs, consumed from the back (one
    // per layer); upsampleSize: the explicit (H', W') when the skip below is not twice the size.
    at::Tensor forward(const at::Tensor& x, std::vector<at::Tensor> skips, const at::Tensor& temb,
                       const at::Tensor& context, std::int64_t numFrames,
                       std::optional<std::pair<std::int64_t, std::int64_t>> upsampleSize,
                       const IntermediateTap& tap = {});

    std::int64_t layerCount() const { return static_cast<std::int64_t>(resnets->size()); }

protected:
    UpBlock3DBase(const UNet3DBlockConfig& config, bool withAttention,
                  const torch::TensorOptions& options);

private:
    torch::nn::ModuleList resnets;
    torch::nn::ModuleList tempConvs;
    torch::nn::ModuleList attentions{nullptr};
    torch::nn::ModuleList tempAttentions{nullptr};
    torch::nn::ModuleList upsamplers{nullptr};
};

class CrossAttnUpBlock3DImpl : public UpBlock3DBase {
public:
    CrossAttnUpBlock3DImpl(const UNet3DBlockConfig& config, const torch::TensorOptions& options)
        : UpBlock3DBase(config, true, options) {}
};
TORCH_MODULE(CrossAttnUpBlock3D);

class UpBlock3DImpl : public UpBlock3DBase {
public:
    UpBlock3DImpl(const UNet3DBlockConfig& config, const torch::TensorOptions& options)
        : UpBlock3DBase(config, false, options) {}
};
TORCH_MODULE(UpBlock3D);

}  // namespace kinora::model
