// Mirrors diffusers.models.autoencoders.vae.Decoder (group norm, no latent embeddings): latents
// after AutoencoderKL's post_quant_conv -> image.
#pragma once

#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>

#include "model/layers/Layers.h"
#include "model/vae/VAEBlocks.h"

namespace kinora::model {

class VAEDecoderImpl : public torch::nn::Module {
public:
    VAEDecoderImpl(const VAECoderOptions& options, const torch::TensorOptions& tensorOptions);
    // z: [N, Cin, h, w] -> [N, Cout, h * 2^(blocks-1), w * 2^(blocks-1)]
    at::Tensor forward(const at::Tensor& z);
    // forward() in two halves, so a tiled decode can run the first on the whole latent:
    // z: [N, Cin, h, w] -> conv_in + mid block -> [N, Clast, h, w]
    at::Tensor forwardMid(const at::Tensor& z);
    // x: [N, Clast, h, w] -> up blocks + output layers -> [N, Cout, H, W]
    at::Tensor forwardUp(const at::Tensor& x);

    void setAttentionQueryChunk(std::int64_t chunk) { midBlock->setAttentionQueryChunk(chunk); }

private:
    Conv2d convIn{nullptr};
    UNetMidBlock2D midBlock{nullptr};
    torch::nn::ModuleList upBlocks;
    GroupNorm convNormOut{nullptr};
    Conv2d convOut{nullptr};
};
TORCH_MODULE(VAEDecoder);

}  // namespace kinora::model
