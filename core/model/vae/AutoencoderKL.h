// Mirrors diffusers.models.autoencoders.autoencoder_kl.AutoencoderKL (v0.27.2) and the
// I2VGenXLPipeline.decode_latents that drives it: image -> diagonal Gaussian over latents, latents
// -> image, and the chunked (optionally tiled) decode of a whole video, whose working memory is set
// by the chunk and tile size (plus the latent-resolution mid block), not by the frame count and
// the image resolution.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <nlohmann/json_fwd.hpp>

#include "model/layers/Layers.h"
#include "model/memory/ExecutionPlan.h"
#include "model/runtime/Cancellation.h"
#include "model/runtime/Error.h"
#include "model/vae/VAEDecoder.h"
#include "model/vae/VAEEncoder.h"
#include "model/weights/Checkpoint.h"

namespace kinora::model {

// vae/config.json; defaults are the reference's constructor defaults.
struct AutoencoderKLConfig {
    std::int64_t inChannels = 3;
    std::int64_t outChannels = 3;
    std::vector<std::string> downBlockTypes{"DownEncoderBlock2D"};
    std::vector<std::string> upBlockTypes{"UpDecoderBlock2D"};
    std::vector<std::int64_t> blockOutChannels{64};
    std::int64_t layersPerBlock = 1;
    std::string actFn = "silu";
    std::int64_t latentChannels = 4;
    std::int64_t normNumGroups = 32;
    std::int64_t sampleSize = 32;
    // Latents live in the diffusion model's space as z * scalingFactor (I2VGen-XL: 0.18125).
    double scalingFactor = 0.18215;
    // Kept for completeness: the I2VGen-XL pipeline runs the VAE in the pipeline's dtype anyway.
    bool forceUpcast = true;
    // Not an AutoencoderKL argument in diffusers 0.27.2 (always true there); later versions read
    // it.
    bool midBlockAddAttention = true;

    // Image pixels per latent pixel along each axis: 2^(blocks - 1).
    std::int64_t spatialScale() const;
};

// Unsupported block types or activations, and channel counts the layers cannot be built with,
// are errors naming `source` and the key.
Expected<AutoencoderKLConfig> parseAutoencoderKLConfig(const nlohmann::json& json,
                                                       const std::string& source);
Expected<AutoencoderKLConfig> readAutoencoderKLConfig(const std::filesystem::path& configFile);

// diffusers' DiagonalGaussianDistribution, as encode() returns it.
struct LatentDistribution {
    at::Tensor mean;    // [N, C, h, w]
    at::Tensor logvar;  // [N, C, h, w], clamped to [-30, 20]

    at::Tensor std() const;
    // mean + std * noise: latent_dist.sample() with the standard-normal draw given.
    at::Tensor sample(const at::Tensor& noise) const;
};

// One tile's extent along an axis, in latent pixels.
struct TileSpan {
    std::int64_t start = 0;
    std::int64_t length = 0;
};

// The fewest tiles of at most `tile` pixels covering [0, length), of nearly equal length (they
// differ by one at most), neighbours sharing exactly `overlap` pixels; one tile when length <=
// tile. Requires tile >= 1 and 0 <= overlap < tile (else std::invalid_argument).
std::vector<TileSpan> tileSpans(std::int64_t length, std::int64_t tile, std::int64_t overlap);

class AutoencoderKLImpl : public torch::nn::Module {
public:
    AutoencoderKLImpl(const AutoencoderKLConfig& config, const torch::TensorOptions& options);

    const AutoencoderKLConfig& config() const { return config_; }

    // image: [N, Cin, H, W] in [-1, 1] -> latent distribution over [N, C, ceil(H/s), ceil(W/s)]
    // (VAE space: not yet multiplied by scalingFactor).
    LatentDistribution encode(const at::Tensor& image, std::int64_t attentionQueryChunk = 0);

    // z: [N, C, h, w] in VAE space -> [N, Cout, h*s, w*s], roughly in [-1, 1], not clamped.
    // plan.decodeChunkFrames is not used here: every row of z is decoded at once; plan.decodeTiled
    // and the tile size and overlap choose a tiled decode, plan.attentionQueryChunk bounds the mid
    // block's [hw, hw] attention scores.
    at::Tensor decode(const at::Tensor& z, const ExecutionPlan& plan = {},
                      const CancelCheck& cancelled = {});

    // latents: [B, C, F, h, w] in pipeline space (scaled) -> video [B, Cout, F, H, W], float32,
    // unclamped, as I2VGenXLPipeline.decode_latents: frames are decoded frame-major in chunks of
    // plan.decodeChunkFrames. `progress` is called after each chunk; `cancelled` is polled before
    // each chunk and tile, and a true answer throws CancelledError.
    at::Tensor decodeLatents(const at::Tensor& latents, const ExecutionPlan& plan = {},
                             const ProgressCallback& progress = {},
                             const CancelCheck& cancelled = {});

    // Submodules under the checkpoint's names (public so tests can check intermediate results).
    VAEEncoder encoder{nullptr};
    VAEDecoder decoder{nullptr};
    Conv2d quantConv{nullptr};
    Conv2d postQuantConv{nullptr};

private:
    at::Tensor decodeTiled(const at::Tensor& z, const ExecutionPlan& plan,
                           const CancelCheck& cancelled);

    AutoencoderKLConfig config_;
};

class AutoencoderKL : public torch::nn::ModuleHolder<AutoencoderKLImpl> {
public:
    using torch::nn::ModuleHolder<AutoencoderKLImpl>::ModuleHolder;
    using Impl = AutoencoderKLImpl;

    // Builds the model from componentDir/config.json with parameters of `dtype` on `device` and
    // fills every parameter from diffusion_pytorch_model[.fp16].safetensors (stored F16 or F32
    // weights are converted to `dtype` as they are copied).
    static Expected<AutoencoderKL> load(const std::filesystem::path& componentDir,
                                        c10::ScalarType dtype, c10::Device device,
                                        WeightVariant variant = WeightVariant::PreferFullPrecision);
};

}  // namespace kinora::model
