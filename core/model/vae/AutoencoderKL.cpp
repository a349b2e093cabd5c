#include "model/vae/AutoencoderKL.h"

#include <algorithm>
#include <stdexcept>

#include <ATen/ATen.h>

#include "model/runtime/Json.h"
#include "model/weights/WeightLoading.h"

namespace kinora::model {
namespace {

const std::string kConfigRemedy =
    "Use the vae/config.json of an AutoencoderKL model such as I2VGen-XL's";

Expected<void> requireBlockTypes(const std::vector<std::string>& types, const char* key,
                                 const std::string& supported, std::size_t blocks,
                                 const std::string& source) {
    for (const auto& type : types) {
        if (type != supported) {
            return fail(ErrorCode::InvalidConfig,
                        source + ": " + key + " holds \"" + type + "\"; only " + supported +
                            " is supported",
                        kConfigRemedy);
        }
    }
    if (types.size() != blocks) {
        return fail(ErrorCode::InvalidConfig,
                    source + ": " + key + " has " + std::to_string(types.size()) +
                        " entries but block_out_channels has " + std::to_string(blocks),
                    kConfigRemedy);
    }
    return {};
}

Expected<void> validate(const AutoencoderKLConfig& config, const std::string& source) {
    const auto invalid = [&](const std::string& what) {
        return fail(ErrorCode::InvalidConfig, source + ": " + what, kConfigRemedy);
    };
    if (config.blockOutChannels.empty())
        return invalid("block_out_channels is empty");
    if (config.normNumGroups < 1)
        return invalid("norm_num_groups must be positive");
    for (const auto channels : config.blockOutChannels) {
        if (channels < 1 || channels % config.normNumGroups != 0) {
            return invalid("block_out_channels entry " + std::to_string(channels) +
                           " is not a positive multiple of norm_num_groups (" +
                           std::to_string(config.normNumGroups) + ")");
        }
    }
    if (auto ok = requireBlockTypes(config.downBlockTypes, "down_block_types", "DownEncoderBlock2D",
                                    config.blockOutChannels.size(), source);
        !ok)
        return ok;
    if (auto ok = requireBlockTypes(config.upBlockTypes, "up_block_types", "UpDecoderBlock2D",
                                    config.blockOutChannels.size(), source);
        !ok)
        return ok;
    // diffusers treats "swish" as another name of SiLU.
    if (config.actFn != "silu" && config.actFn != "swish")
        return invalid("act_fn \"" + config.actFn + "\" is not supported (only silu)");
    if (config.inChannels < 1 || config.outChannels < 1 || config.latentChannels < 1)
        return invalid("in_channels, out_channels and latent_channels must be positive");
    if (config.layersPerBlock < 1)
        return invalid("layers_per_block must be positive");
    if (!(config.scalingFactor > 0.0))
        return invalid("scaling_factor must be positive");
    return {};
}

// Linear blend weights of each tile along one axis, in image pixels: a tile's weight ramps up
// across its overlap with the previous tile and down across its overlap with the next, and the
// weights of all tiles covering a pixel sum to one (also where three tiles meet).
std::vector<at::Tensor> blendWeights(const std::vector<TileSpan>& spans, std::int64_t scale,
                                     const at::TensorOptions& options) {
    const auto count = spans.size();
    const auto end = spans.back().start + spans.back().length;
    std::vector<std::vector<double>> raw(count);
    std::vector<double> total(static_cast<std::size_t>(end * scale), 0.0);
    for (std::size_t i = 0; i < count; ++i) {
        const auto begin = spans[i].start * scale;
        const auto stop = (spans[i].start + spans[i].length) * scale;
        const auto previousEnd = i > 0 ? (spans[i - 1].start + spans[i - 1].length) * scale : 0;
        const auto nextBegin = i + 1 < count ? spans[i + 1].start * scale : stop;
        raw[i].resize(static_cast<std::size_t>(stop - begin));
        for (auto y = begin; y < stop; ++y) {
            double weight = 1.0;
            if (y < previousEnd)
                weight =
                    std::min(weight, (y - begin + 0.5) / static_cast<double>(previousEnd - begin));
            if (y >= nextBegin)
                weight = std::min(weight, (stop - y - 0.5) / static_cast<double>(stop - nextBegin));
            raw[i][static_cast<std::size_t>(y - begin)] = weight;
            total[static_cast<std::size_t>(y)] += weight;
        }
    }
    std::vector<at::Tensor> weights;
    for (std::size_t i = 0; i < count; ++i) {
        const auto begin = spans[i].start * scale;
        for (std::size_t k = 0; k < raw[i].size(); ++k)
            raw[i][k] /= total[static_cast<std::size_t>(begin) + k];
        weights.push_back(at::tensor(raw[i], at::TensorOptions().dtype(at::kDouble))
                              .to(options));  // [length * scale]
    }
    return weights;
}

}  // namespace

std::int64_t AutoencoderKLConfig::spatialScale() const {
    return std::int64_t{1} << (blockOutChannels.size() - 1);
}

Expected<AutoencoderKLConfig> parseAutoencoderKLConfig(const nlohmann::json& json,
                                                       const std::string& source) {
    AutoencoderKLConfig config;
    ConfigReader reader(json, source);
    reader.read("in_channels", config.inChannels);
    reader.read("out_channels", config.outChannels);
    reader.read("down_block_types", config.downBlockTypes);
    reader.read("up_block_types", config.upBlockTypes);
    reader.read("block_out_channels", config.blockOutChannels);
    reader.read("layers_per_block", config.layersPerBlock);
    reader.read("act_fn", config.actFn);
    reader.read("latent_channels", config.latentChannels);
    reader.read("norm_num_groups", config.normNumGroups);
    // diffusers also accepts [height, width] here; the first entry is what it uses.
    if (json.is_object() && json.contains("sample_size") && json.at("sample_size").is_array()) {
        const auto& sizes = json.at("sample_size");
        if (sizes.empty() || !sizes.front().is_number_integer()) {
            return fail(ErrorCode::InvalidConfig,
                        source + ": key \"sample_size\" is neither an integer nor a list of them",
                        kConfigRemedy);
        }
        config.sampleSize = sizes.front().get<std::int64_t>();
    } else {
        reader.read("sample_size", config.sampleSize);
    }
    reader.read("scaling_factor", config.scalingFactor);
    reader.read("force_upcast", config.forceUpcast);
    reader.read("mid_block_add_attention", config.midBlockAddAttention);
    if (auto ok = reader.finish(); !ok)
        return tl::unexpected(ok.error());
    if (auto ok = validate(config, source); !ok)
        return tl::unexpected(ok.error());
    return config;
}

Expected<AutoencoderKLConfig> readAutoencoderKLConfig(const std::filesystem::path& configFile) {
    auto json = readJsonFile(configFile);
    if (!json)
        return tl::unexpected(json.error());
    return parseAutoencoderKLConfig(*json, configFile.string());
}

at::Tensor LatentDistribution::std() const {
    return at::exp(0.5 * logvar);
}

at::Tensor LatentDistribution::sample(const at::Tensor& noise) const {
    return mean + std() * noise;
}

std::vector<TileSpan> tileSpans(std::int64_t length, std::int64_t tile, std::int64_t overlap) {
    if (tile < 1 || overlap < 0 || overlap >= tile) {
        throw std::invalid_argument("tiled decode needs tile >= 1 and 0 <= overlap < tile (got " +
                                    std::to_string(tile) + ", " + std::to_string(overlap) + ")");
    }
    if (length <= tile)
        return {{0, length}};
    // The fewest tiles whose stride is at most tile - overlap, of nearly equal length and sharing
    // exactly `overlap` pixels: the least recomputation for that overlap.
    const auto count = (length - overlap + (tile - overlap) - 1) / (tile - overlap);
    const auto covered = length + (count - 1) * overlap;  // sum of the tile lengths
    std::vector<TileSpan> spans;
    std::int64_t start = 0;
    for (std::int64_t i = 0; i < count; ++i) {
        const auto span = covered / count + (i < covered % count ? 1 : 0);
        spans.push_back({start, span});
        start += span - overlap;
    }
    return spans;
}

AutoencoderKLImpl::AutoencoderKLImpl(const AutoencoderKLConfig& config,
                                     const torch::TensorOptions& options)
    : config_(config) {
    VAECoderOptions coder;
    coder.blockOutChannels = config.blockOutChannels;
    coder.layersPerBlock = config.layersPerBlock;
    coder.groups = config.normNumGroups;
    coder.midBlockAddAttention = config.midBlockAddAttention;

    coder.inChannels = config.inChannels;
    coder.outChannels = config.latentChannels;
    encoder = register_module("encoder", VAEEncoder(coder, options));

    coder.inChannels = config.latentChannels;
    coder.outChannels = config.outChannels;
    decoder = register_module("decoder", VAEDecoder(coder, options));

    const auto latent = config.latentChannels;
    quantConv = register_module("quant_conv", Conv2d(2 * latent, 2 * latent, 1, 1, 0, options));
    postQuantConv = register_module("post_quant_conv", Conv2d(latent, latent, 1, 1, 0, options));
}

LatentDistribution AutoencoderKLImpl::encode(const at::Tensor& image,
                                             std::int64_t attentionQueryChunk) {
    // image: [N, Cin, H, W]
    encoder->setAttentionQueryChunk(attentionQueryChunk);
    const auto moments = quantConv(encoder(image));  // [N, 2C, h, w]
    const auto halves = moments.chunk(2, 1);         // 2 x [N, C, h, w]
    return {halves[0], halves[1].clamp(-30.0, 20.0)};
}

at::Tensor AutoencoderKLImpl::decode(const at::Tensor& z, const ExecutionPlan& plan,
                                     const CancelCheck& cancelled) {
    // z: [N, C, h, w]
    decoder->setAttentionQueryChunk(plan.attentionQueryChunk);
    if (plan.decodeTiled)
        return decodeTiled(z, plan, cancelled);
    return decoder(postQuantConv(z));  // [N, Cout, H, W]
}

at::Tensor AutoencoderKLImpl::decodeTiled(const at::Tensor& z, const ExecutionPlan& plan,
                                          const CancelCheck& cancelled) {
    // z: [N, C, h, w]
    const auto rows = tileSpans(z.size(2), plan.tileLatentSize, plan.tileOverlap);
    const auto columns = tileSpans(z.size(3), plan.tileLatentSize, plan.tileOverlap);
    if (rows.size() == 1 && columns.size() == 1)
        return decoder(postQuantConv(z));  // [N, Cout, H, W]

    const auto scale = config_.spatialScale();
    const auto rowWeights = blendWeights(rows, scale, z.options());
    const auto columnWeights = blendWeights(columns, scale, z.options());
    // The mid block (attention over every latent pixel) runs on the whole latent, which is cheap
    // at 1/64 of the image's pixels; only the up blocks, where the memory goes, see tiles.
    const auto mid = decoder->forwardMid(postQuantConv(z));  // [N, Clast, h, w]
    auto image = at::zeros({z.size(0), config_.outChannels, z.size(2) * scale, z.size(3) * scale},
                           z.options());  // [N, Cout, H, W]
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            throwIfCancelled(cancelled, "VAE tile decoding");
            const auto& row = rows[r];
            const auto& column = columns[c];
            const auto midTile = mid.narrow(2, row.start, row.length)
                                     .narrow(3, column.start, column.length);  // [N, Clast, th, tw]
            const auto tile = decoder->forwardUp(midTile);  // [N, Cout, th*s, tw*s]
            const auto weight =
                rowWeights[r].view({-1, 1}) * columnWeights[c].view({1, -1});  // [th*s, tw*s]
            image.narrow(2, row.start * scale, row.length * scale)
                .narrow(3, column.start * scale, column.length * scale)
                .add_(tile * weight);
        }
    }
    return image;
}

at::Tensor AutoencoderKLImpl::decodeLatents(const at::Tensor& latents, const ExecutionPlan& plan,
                                            const ProgressCallback& progress,
                                            const CancelCheck& cancelled) {
    // latents: [B, C, F, h, w]
    if (latents.dim() != 5 || latents.size(1) != config_.latentChannels) {
        throw std::invalid_argument("decodeLatents needs latents [B, " +
                                    std::to_string(config_.latentChannels) + ", F, h, w]");
    }
    const auto batch = latents.size(0);
    const auto frames = latents.size(2);
    const auto height = latents.size(3);
    const auto width = latents.size(4);
    const auto parameterOptions = postQuantConv->weight.options();
    // Multiplying by the reciprocal (not dividing) is what the reference computes.
    const auto z =
        (latents.to(parameterOptions) * (1.0 / config_.scalingFactor))
            .permute({0, 2, 1, 3, 4})
            .reshape({batch * frames, latents.size(1), height, width});  // [B*F, C, h, w]

    const auto scale = config_.spatialScale();
    auto video = at::empty({batch * frames, config_.outChannels, height * scale, width * scale},
                           parameterOptions.dtype(at::kFloat));  // [B*F, Cout, H, W]
    const auto total = batch * frames;
    const auto chunk = plan.decodeChunkFrames > 0 ? std::int64_t{plan.decodeChunkFrames} : total;
    const auto chunks = static_cast<int>((total + chunk - 1) / chunk);
    for (int index = 0; index < chunks; ++index) {
        throwIfCancelled(cancelled, "VAE decoding");
        const auto start = index * chunk;
        const auto length = std::min(chunk, total - start);
        video.narrow(0, start, length).copy_(decode(z.narrow(0, start, length), plan, cancelled));
        if (progress)
            progress(index + 1, chunks);
    }
    return video.view({batch, frames, config_.outChannels, height * scale, width * scale})
        .permute({0, 2, 1, 3, 4});  // [B, Cout, F, H, W]
}

Expected<AutoencoderKL> AutoencoderKL::load(const std::filesystem::path& componentDir,
                                            c10::ScalarType dtype, c10::Device device,
                                            WeightVariant variant) {
    return loadComponent<AutoencoderKL>(readAutoencoderKLConfig(componentDir / "config.json"),
                                        componentDir, "diffusion_pytorch_model", "vae", dtype,
                                        device, variant);
}

}  // namespace kinora::model
