// Mirrors the blocks of diffusers.models.unets.unet_2d_blocks that the VAE is built from:
// UNetMidBlock2D (resnet, single-head attention over the pixels, resnet), DownEncoderBlock2D
// (resnets, then a stride-2 conv with the asymmetric pad) and UpDecoderBlock2D (resnets, then x2
// nearest upsampling + conv). No time embedding anywhere: the VAE's resnets get temb = None.
#pragma once

#include <cstdint>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include "model/layers/Attention.h"
#include "model/layers/Downsample2D.h"
#include "model/layers/ResnetBlock2D.h"
#include "model/layers/Upsample2D.h"

namespace kinora::model {

// The arguments of diffusers' vae.Encoder and vae.Decoder that AutoencoderKL passes on.
struct VAECoderOptions {
    std::int64_t inChannels = 3;   // encoder: image channels; decoder: latent channels
    std::int64_t outChannels = 3;  // encoder: latent channels (it emits 2x: mean | logvar)
    std::vector<std::int64_t> blockOutChannels{64};
    std::int64_t layersPerBlock = 2;
    std::int64_t groups = 32;
    bool midBlockAddAttention = true;
};

struct VAEBlockOptions {
    std::int64_t inChannels = 0;
    std::int64_t outChannels = 0;
    std::int64_t numLayers = 1;
    std::int64_t groups = 32;
    double eps = 1e-6;
};

class UNetMidBlock2DImpl : public torch::nn::Module {
public:
    // inChannels = outChannels; numLayers attention+resnet pairs follow the first resnet. Without
    // attention (mid_block_add_attention false) the pairs are just resnets.
    UNetMidBlock2DImpl(const VAEBlockOptions& options, bool addAttention,
                       const torch::TensorOptions& tensorOptions);
    // x: [N, C, H, W] -> [N, C, H, W]
    at::Tensor forward(const at::Tensor& x);

    // Bounds the [HW, HW] attention scores of a large latent (0: all queries at once).
    void setAttentionQueryChunk(std::int64_t chunk);

private:
    torch::nn::ModuleList resnets;
    torch::nn::ModuleList attentions;
    bool hasAttention_;
};
TORCH_MODULE(UNetMidBlock2D);

class DownEncoderBlock2DImpl : public torch::nn::Module {
public:
    DownEncoderBlock2DImpl(const VAEBlockOptions& options, bool addDownsample,
                           const torch::TensorOptions& tensorOptions);
    // x: [N, Cin, H, W] -> [N, Cout, ceil(H/2), ceil(W/2)], or [N, Cout, H, W] without downsampler
    at::Tensor forward(const at::Tensor& x);

private:
    torch::nn::ModuleList resnets;
    torch::nn::ModuleList downsamplers;
};
TORCH_MODULE(DownEncoderBlock2D);

class UpDecoderBlock2DImpl : public torch::nn::Module {
public:
    UpDecoderBlock2DImpl(const VAEBlockOptions& options, bool addUpsample,
                         const torch::TensorOptions& tensorOptions);
    // x: [N, Cin, H, W] -> [N, Cout, 2H, 2W], or [N, Cout, H, W] without upsampler
    at::Tensor forward(const at::Tensor& x);

private:
    torch::nn::ModuleList resnets;
    torch::nn::ModuleList upsamplers;
};
TORCH_MODULE(UpDecoderBlock2D);

}  // namespace kinora::model
