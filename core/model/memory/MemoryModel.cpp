#include "model/memory/MemoryModel.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <torch/version.h>

#include "model/clip/CLIPTextEncoder.h"
#include "model/clip/CLIPVisionEncoder.h"
#include "model/pipeline/ImagePreprocessing.h"
#include "model/unet/I2VGenXLUNet.h"
#include "model/vae/AutoencoderKL.h"

namespace kinora::model {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t(1) << 20;

// Calibration, measured on this project's CPU build (Debian's LibTorch 1.13.1, OpenBLAS-openmp,
// 2 threads) with bench/bench_memory: peak RSS of a child process per phase against the
// prediction, over the real architecture at 256x256 and 320x192 with 4 and 8 frames, chunked and
// unchunked, and the tiny fixture at 256x256 (docs/memory.md has the table).
// - cpuRuntimeBytes: the resident set of a process running the pipeline without its weights:
//   the tiny fixture's load-and-encode phase peaks at 140-144 MiB with 1 MiB of weights (a bare
//   LibTorch process that ran one convolution and one attention: 96 MiB; the rest is the
//   tokenizer's vocabulary, ICU and the preprocessing buffers). 130 MiB.
// - cpuActivationSlack: measured activation peaks / walked ones. 1.3: the walk counts the live
//   tensors (with jemalloc told to return every freed page at once, the tiny fixture's rows
//   measure within +1.6 / +3.4% of it), but the host allocator keeps freed pages for the next
//   step (configureHostAllocator, which cuts a step's time to a third), and a later tensor that
//   fits none of the kept extents takes new pages: 13-67% over the walked activations across the
//   grid. 1.3 keeps every row within +12 / -8% (docs/memory.md).
// The CUDA figures are not measured here (no CUDA LibTorch on this machine): the context and
// kernel images of a CUDA 11/12 LibTorch take 300-500 MiB of device memory outside the caching
// allocator, and the allocator's 2 MiB / 20 MiB block rounding adds up to ~10% over the tensors.
constexpr MemoryCalibration kCalibration{
    /*cpuRuntimeBytes=*/130 * kMiB,
    /*cpuActivationSlack=*/1.3,
    /*cudaContextBytes=*/448 * kMiB,
    /*cudaAllocatorSlack=*/1.10,
    /*cudaHostRuntimeBytes=*/1536 * kMiB,
};

// Encoding the video: the x264 lookahead and reference frames, as frames of YUV 4:2:0 held.
constexpr double kEncoderFramesHeld = 48.0;

// Image-latent context tokens (8x8 after the UNet's strided convolutions) and the CLIP image
// embedding's tokens (one per input channel) join the text tokens as cross-attention context.
constexpr std::int64_t kImageContextTokens = 64;

std::int64_t ceilDiv(std::int64_t value, std::int64_t divisor) {
    return (value + divisor - 1) / divisor;
}

// Peak bytes alive, tracked layer by layer: `live` holds what persists between layers (skip
// connections, the current hidden state); each layer adds its own temporaries on top.
class Walk {
public:
    explicit Walk(double bytesPerElement) : element_(bytesPerElement) {}

    double element() const { return element_; }
    double live() const { return live_; }
    void add(double bytes) { live_ += bytes; }
    void remove(double bytes) { live_ = std::max(0.0, live_ - bytes); }
    // A layer's temporaries on top of what is live.
    void at(double transientBytes, const std::string& where) {
        if (live_ + transientBytes > peak_) {
            peak_ = live_ + transientBytes;
            peakAt_ = where;
        }
    }
    double peak() const { return peak_; }
    const std::string& peakAt() const { return peakAt_; }

private:
    double element_;
    double live_ = 0.0;
    double peak_ = 0.0;
    std::string peakAt_;
};

// Attention as AttentionKernel computes it, beyond the layer's input and the block's hidden
// state: the normed input, q/k/v, their per-head copies, the score matrix and its softmax, the
// output. `queries` x `keys` per (batch x head); `batch` counts the sequences.
double attentionBytes(double batch, double heads, double queries, double keys, double channels,
                      double contextChannels, std::int64_t queryChunk, double element,
                      double scoreElement, bool fusedWhenWhole) {
    const double queryMap = batch * queries * channels * element;
    const double keyMap = batch * keys * contextChannels * element;
    const bool chunked = queryChunk > 0 && queryChunk < queries;
    if (!chunked && fusedWhenWhole)
        return 2 * queryMap + 2 * keyMap + queryMap;  // normed input, q, k, v, out
    const double rows = chunked ? double(queryChunk) : queries;
    const double scores = batch * heads * rows * keys * scoreElement;
    // norm + q + k + v + out buffer, then per step: the q rows, k and v per head, scores, softmax
    const double base = 2 * queryMap + 2 * keyMap + queryMap;
    const double step =
        queryMap * rows / queries + 2 * keyMap + 2 * scores + queryMap * rows / queries;
    return base + step;
}

// GEGLU feed-forward (proj to 2 x 4C, gelu of the gate, product), beyond its input: the normed
// input, the projection, the gate's gelu, the product. Chunked over tokens when asked.
double feedForwardBytes(double tokens, double channels, std::int64_t chunk, double element) {
    const double rows = chunk > 0 && chunk < tokens ? double(chunk) : tokens;
    const double whole = tokens * channels * element;
    const double perRow = channels * element * (8 + 4 + 4);
    return whole /* norm3 */ + (rows < tokens ? whole /* output buffer */ : 0.0) + rows * perRow;
}

struct UNetWalkInput {
    const ModelArchitecture* model;
    std::int64_t batch, frames, height, width;  // latent height and width
    std::int64_t queryChunk, feedForwardChunk;
    double element;
    bool fusedAttention;
    double convCopies;  // extra copies of a convolution's input (oneDNN's reorder on the CPU)
};

// The UNet's forward pass (I2VGenXLUNetImpl::forward and the 3D blocks), walked level by level.
Walk walkUNet(const UNetWalkInput& in) {
    const auto& m = *in.model;
    Walk walk(in.element);
    const double e = in.element;
    const double n = double(in.batch * in.frames);
    const auto levels = m.unetChannels.size();
    std::vector<double> levelPixels;
    for (std::size_t l = 0; l < levels; ++l) {
        const std::int64_t scale = std::int64_t(1) << l;
        levelPixels.push_back(double(ceilDiv(in.height, scale) * ceilDiv(in.width, scale)));
    }
    const double contextTokens = double(m.textTokens + kImageContextTokens + m.latentChannels);
    const auto map = [&](std::size_t level, double channels) {
        return n * levelPixels[level] * channels * e;
    };
    // Alive for the whole pass: the cross-attention context (one per video), every cross-attention
    // layer's keys and values (kept for the run, UNetConditioning), the sample and the image
    // latents and their encoding.
    double crossAttentionChannels = double(m.unetChannels.back());  // the mid block's
    for (std::size_t l = 0; l < levels; ++l) {
        const double c = double(m.unetChannels[l]);
        if (m.unetDownAttention[l])
            crossAttentionChannels += double(m.unetLayersPerBlock) * c;
        if (m.unetUpAttention[levels - 1 - l])
            crossAttentionChannels += double(m.unetLayersPerBlock + 1) * c;
    }
    const double videos = double(in.batch);
    walk.add(videos * contextTokens * double(m.crossAttentionDim) * e);
    walk.add(2 * videos * contextTokens * crossAttentionChannels * e);
    walk.add(map(0, double(m.latentChannels) * 4));

    // conv1(silu(norm1(x))) holds the norm, its silu and the output (and the convolution's copy
    // of its input); conv2(silu(norm2(h))) likewise at the output width.
    const double copies = in.convCopies;
    const auto resnet = [&](std::size_t level, double cin, double cout, const std::string& where) {
        walk.at(std::max(map(level, (2 + copies) * cin + cout), map(level, (4 + copies) * cout)),
                where + " resnet");
    };
    const auto temporalConv = [&](std::size_t level, double c, const std::string& where) {
        walk.at(map(level, 5 * c), where + " temporal convolution");
    };
    const auto spatialTransformer = [&](std::size_t level, double c, const std::string& where) {
        const double heads = std::max<double>(1, c / double(m.unetHeadDim));
        const double pixels = levelPixels[level];
        const double hidden = map(level, c);
        const double selfAttention =
            attentionBytes(n, heads, pixels, pixels, c, c, in.queryChunk, e, e, in.fusedAttention);
        const double crossAttention = attentionBytes(n, heads, pixels, contextTokens, c, c,
                                                     in.queryChunk, e, e, in.fusedAttention);
        const double feedForward = feedForwardBytes(n * pixels, c, in.feedForwardChunk, e);
        walk.at(hidden + selfAttention, where + " spatial self-attention");
        walk.at(hidden + crossAttention, where + " cross-attention");
        walk.at(hidden + feedForward, where + " spatial feed-forward");
        walk.at(map(level, 4 * c), where + " spatial transformer output");
    };
    // The blocks inside run `inner` channels wide (proj_in's output): c, except transformer_in.
    const auto temporalTransformer = [&](std::size_t level, double c, double inner,
                                         const std::string& where) {
        const double heads = std::max<double>(1, inner / double(m.unetHeadDim));
        const double sequences = double(in.batch) * levelPixels[level];
        const double f = double(in.frames);
        const double hidden = map(level, inner);
        const double attention = attentionBytes(sequences, heads, f, f, inner, inner, in.queryChunk,
                                                e, e, in.fusedAttention);
        walk.at(map(level, 3 * c), where + " temporal transformer input");
        walk.at(hidden + attention, where + " temporal attention");
        walk.at(hidden + feedForwardBytes(n * levelPixels[level], inner, in.feedForwardChunk, e),
                where + " temporal feed-forward");
    };

    // conv_in and transformer_in at level 0
    const double c0 = double(m.unetChannels[0]);
    temporalTransformer(0, c0, double(m.transformerInHeads * m.unetHeadDim), "transformer_in");
    std::vector<double> skips{map(0, c0)};
    walk.add(skips.back());
    double hiddenChannels = c0;
    for (std::size_t l = 0; l < levels; ++l) {
        const std::string where = "down_blocks." + std::to_string(l);
        const double c = double(m.unetChannels[l]);
        for (std::int64_t i = 0; i < m.unetLayersPerBlock; ++i) {
            resnet(l, hiddenChannels, c, where);
            walk.add(map(l, c));  // the resnet's output, until it becomes a skip
            temporalConv(l, c, where);
            if (m.unetDownAttention[l]) {
                spatialTransformer(l, c, where);
                temporalTransformer(l, c, c, where);
            }
            skips.push_back(map(l, c));
            hiddenChannels = c;
        }
        if (l + 1 < levels) {
            walk.at(map(l + 1, c), where + " downsampler");
            skips.push_back(map(l + 1, c));
            walk.add(skips.back());
        }
    }
    const std::size_t last = levels - 1;
    const double cLast = double(m.unetChannels[last]);
    resnet(last, cLast, cLast, "mid_block");
    temporalConv(last, cLast, "mid_block");
    spatialTransformer(last, cLast, "mid_block");
    temporalTransformer(last, cLast, cLast, "mid_block");
    resnet(last, cLast, cLast, "mid_block");
    walk.add(map(last, cLast));  // the mid block's output (the last skip stays alive too)
    double hidden = map(last, cLast);
    for (std::size_t u = 0; u < levels; ++u) {
        const std::size_t l = last - u;
        const std::string where = "up_blocks." + std::to_string(u);
        const double c = double(m.unetChannels[l]);
        // The block's input stays alive until the block returns (the caller holds it).
        const double blockInput = hidden;
        for (std::int64_t i = 0; i <= m.unetLayersPerBlock; ++i) {
            const double skip = skips.back();
            const double skipChannels = skip / (n * levelPixels[l] * e);
            const double joined = map(l, hiddenChannels + skipChannels);
            walk.at(joined, where + " skip concatenation");
            walk.add(joined);
            walk.remove((i == 0 ? 0.0 : hidden) + skip);
            skips.pop_back();
            resnet(l, hiddenChannels + skipChannels, c, where);
            walk.add(map(l, c));
            walk.remove(joined);
            hidden = map(l, c);
            hiddenChannels = c;
            temporalConv(l, c, where);
            if (m.unetUpAttention[u]) {
                spatialTransformer(l, c, where);
                temporalTransformer(l, c, c, where);
            }
        }
        if (u + 1 < levels) {
            walk.at((2 + copies) * map(l - 1, c), where + " upsampler");
            walk.add(map(l - 1, c));
            walk.remove(hidden);
            hidden = map(l - 1, c);
        }
        walk.remove(blockInput);
    }
    walk.at(map(0, 3 * c0), "conv_norm_out");
    return walk;
}

struct VaeWalkInput {
    const ModelArchitecture* model;
    std::int64_t images;         // frames decoded (or images encoded) at once
    std::int64_t height, width;  // latent height and width of what the walk sees
    std::int64_t queryChunk;
    double element;
    bool fusedAttention;
    double convCopies;
};

// The VAE attention upcasts its softmax: q, k, v and the scores are fp32 whatever the dtype.
double vaeAttention(const VaeWalkInput& in, double c, double pixels) {
    const double n = double(in.images);
    return attentionBytes(n, 1, pixels, pixels, c, c, in.queryChunk, 4.0, 4.0, in.fusedAttention);
}

// The decoder (VAEDecoderImpl): conv_in and the mid block at latent resolution, then up blocks
// doubling the resolution. `midOnly` / `upOnly` split it as the tiled decode does.
void walkDecoder(Walk& walk, const VaeWalkInput& in, bool mid, bool up) {
    const auto& m = *in.model;
    const double n = double(in.images);
    const double e = in.element;
    const auto levels = m.vaeChannels.size();
    const auto pixels = [&](std::size_t level) {
        return double(in.height << level) * double(in.width << level);
    };
    const auto map = [&](std::size_t level, double channels) {
        return n * pixels(level) * channels * e;
    };
    const double top = double(m.vaeChannels.back());
    const double copies = in.convCopies;
    const auto resnet = [&](std::size_t level, double cin, double cout, const std::string& where) {
        walk.at(std::max(map(level, (2 + copies) * cin + cout), map(level, (4 + copies) * cout)),
                where);
    };
    if (mid) {
        walk.at(map(0, top), "decoder conv_in");
        walk.add(map(0, top));
        resnet(0, top, top, "decoder mid-block resnet");
        if (m.vaeMidAttention)
            walk.at(vaeAttention(in, top, pixels(0)) + map(0, top), "decoder mid-block attention");
        resnet(0, top, top, "decoder mid-block resnet");
    }
    if (!up)
        return;
    if (!mid)
        walk.add(map(0, top));  // the tile of the mid block's output the up blocks start from
    double channels = top;
    for (std::size_t u = 0; u < levels; ++u) {
        const double c = double(m.vaeChannels[levels - 1 - u]);
        const std::string where = "decoder up_blocks." + std::to_string(u);
        for (std::int64_t i = 0; i <= m.vaeLayersPerBlock; ++i) {
            resnet(u, channels, c, where + " resnet");
            walk.add(map(u, c));
            walk.remove(map(u, channels));
            channels = c;
        }
        if (u + 1 < levels) {
            walk.at((2 + copies) * map(u + 1, c), where + " upsampler");
            walk.add(map(u + 1, c));
            walk.remove(map(u, c));
        }
    }
    walk.at(map(levels - 1, 3 * channels), "decoder conv_norm_out");
}

// The encoder (VAEEncoderImpl) on one image at full resolution.
Walk walkEncoder(const VaeWalkInput& in) {
    const auto& m = *in.model;
    Walk walk(in.element);
    const double e = in.element;
    const auto levels = m.vaeChannels.size();
    const auto pixels = [&](std::size_t level) {
        const std::int64_t scale = std::int64_t(1) << level;
        return double(ceilDiv(in.height, scale) * ceilDiv(in.width, scale));
    };
    const auto map = [&](std::size_t level, double channels) {
        return pixels(level) * channels * e;
    };
    walk.add(map(0, 3));
    double channels = double(m.vaeChannels[0]);
    walk.at(map(0, channels * (1 + in.convCopies)), "encoder conv_in");
    walk.add(map(0, channels));
    for (std::size_t l = 0; l < levels; ++l) {
        const double c = double(m.vaeChannels[l]);
        const std::string where = "encoder down_blocks." + std::to_string(l);
        for (std::int64_t i = 0; i < m.vaeLayersPerBlock; ++i) {
            walk.at(std::max(map(l, (2 + in.convCopies) * channels + c),
                             map(l, (4 + in.convCopies) * c)),
                    where + " resnet");
            walk.add(map(l, c));
            walk.remove(map(l, channels));
            channels = c;
        }
        if (l + 1 < levels) {
            walk.at(map(l, c) + map(l + 1, c), where + " downsampler");
            walk.add(map(l + 1, c));
            walk.remove(map(l, c));
        }
    }
    const std::size_t last = levels - 1;
    walk.at(map(last, 4 * channels), "encoder mid-block resnet");
    if (m.vaeMidAttention) {
        VaeWalkInput attention = in;
        attention.images = 1;
        walk.at(vaeAttention(attention, channels, pixels(last)) + map(last, channels),
                "encoder mid-block attention");
    }
    return walk;
}

// A CLIP transformer layer on one sequence: attention (with its scores) or the MLP, whichever
// is larger, plus the residual stream.
double clipActivations(std::int64_t tokens, std::int64_t hidden, std::int64_t intermediate,
                       std::int64_t heads, double element) {
    const double t = double(tokens);
    const double attention = t * double(hidden) * 8 + 2 * double(heads) * t * t;
    const double mlp = t * double(hidden) * 2 + t * double(intermediate) * 2;
    return std::max(attention, mlp) * element;
}

std::uint64_t bytes(double value) {
    return std::uint64_t(std::max(0.0, std::ceil(value)));
}

// Parameters the config's shapes imply: the component is built on the meta device, which
// allocates nothing.
template <typename Holder, typename Config>
void countFromConfig(ComponentSize& size, const Config& config) {
    const Holder module(config, torch::TensorOptions().device(torch::kMeta).dtype(torch::kFloat));
    std::uint64_t total = 0, largest = 0;
    for (const auto& parameter : module->parameters(true)) {
        total += std::uint64_t(parameter.numel());
        largest = std::max(largest, std::uint64_t(parameter.numel()));
    }
    for (const auto& buffer : module->buffers(true)) {
        total += std::uint64_t(buffer.numel());
        largest = std::max(largest, std::uint64_t(buffer.numel()));
    }
    size.parameters = total;
    size.largestTensor = largest;
}

// The weights' own count when they are there (a folder whose configs and weights disagree fails
// to load anyway, with its own message).
void countFromWeights(ComponentSize& size, const std::filesystem::path& directory,
                      const std::string& stem, WeightVariant variant) {
    auto checkpoint = Checkpoint::open(directory, stem, variant);
    if (!checkpoint)
        return;
    std::uint64_t largest = 0;
    for (const auto& [name, entry] : checkpoint->entries()) {
        std::uint64_t elements = 1;
        for (const auto dimension : entry.info->shape)
            elements *= std::uint64_t(dimension);
        largest = std::max(largest, elements);
    }
    size.parameters = checkpoint->parameterCount();
    size.largestTensor = largest;
    size.fileBytes = checkpoint->bytesOnDisk();
    size.countedFromWeights = true;
}

double residentBytes(const ComponentSize& size, int dtypeBytes) {
    return double(size.parameters) * dtypeBytes;
}

// Loading copies tensor by tensor out of the mapped weight file and gives each tensor's pages
// back once copied (SafetensorsFile::releasePages): the transient is one tensor's stored bytes.
double loadTransientBytes(const ComponentSize& size, int dtypeBytes) {
    const double storedElementBytes = size.fileBytes > 0 && size.parameters > 0
                                          ? double(size.fileBytes) / size.parameters
                                          : double(dtypeBytes);
    return double(size.largestTensor) * storedElementBytes;
}

}  // namespace

std::string_view memoryStageName(MemoryStage stage) {
    switch (stage) {
        case MemoryStage::Load:
            return "load";
        case MemoryStage::TextEncode:
            return "text encode";
        case MemoryStage::ImageEncode:
            return "image encode";
        case MemoryStage::Denoise:
            return "denoise step";
        case MemoryStage::Decode:
            return "decode";
        case MemoryStage::Encode:
            return "video encode";
    }
    return "";
}

std::uint64_t MemoryPrediction::peakDeviceBytes() const {
    std::uint64_t peak = 0;
    for (const auto& stage : stages)
        peak = std::max(peak, stage.deviceBytes);
    return peak;
}

std::uint64_t MemoryPrediction::peakHostBytes() const {
    std::uint64_t peak = 0;
    for (const auto& stage : stages)
        peak = std::max(peak, stage.hostBytes);
    return peak;
}

std::uint64_t MemoryPrediction::peakComputeBytes(ComputeKind device) const {
    return device == ComputeKind::Cuda ? peakDeviceBytes() : peakHostBytes();
}

StageMemory MemoryPrediction::peakStage(ComputeKind device) const {
    const auto key = [&](const StageMemory& stage) {
        return device == ComputeKind::Cuda ? stage.deviceBytes : stage.hostBytes;
    };
    return *std::max_element(stages.begin(), stages.end(),
                             [&](const auto& a, const auto& b) { return key(a) < key(b); });
}

StageMemory MemoryPrediction::stage(MemoryStage which) const {
    for (const auto& stage : stages)
        if (stage.stage == which)
            return stage;
    throw std::out_of_range("no such stage in the prediction");
}

const MemoryCalibration& memoryCalibration() {
    return kCalibration;
}

Expected<ModelArchitecture> readModelArchitecture(const std::filesystem::path& folder,
                                                  WeightVariant variant) {
    auto unet = I2VGenXLUNetConfig::fromFile(folder / "unet" / "config.json");
    if (!unet)
        return tl::unexpected(unet.error());
    auto vae = readAutoencoderKLConfig(folder / "vae" / "config.json");
    if (!vae)
        return tl::unexpected(vae.error());
    auto text = CLIPTextConfig::fromFile(folder / "text_encoder" / "config.json");
    if (!text)
        return tl::unexpected(text.error());
    auto image = CLIPVisionConfig::fromFile(folder / "image_encoder" / "config.json");
    if (!image)
        return tl::unexpected(image.error());

    ModelArchitecture model;
    model.unetChannels = unet->blockOutChannels;
    for (const auto& type : unet->downBlockTypes)
        model.unetDownAttention.push_back(type.rfind("CrossAttn", 0) == 0);
    for (const auto& type : unet->upBlockTypes)
        model.unetUpAttention.push_back(type.rfind("CrossAttn", 0) == 0);
    model.unetLayersPerBlock = unet->layersPerBlock;
    model.unetHeadDim = unet->attentionHeadDim;
    model.crossAttentionDim = unet->crossAttentionDim;
    model.latentChannels = vae->latentChannels;
    model.vaeChannels = vae->blockOutChannels;
    model.vaeLayersPerBlock = vae->layersPerBlock;
    model.vaeMidAttention = vae->midBlockAddAttention;
    model.spatialScale = vae->spatialScale();
    model.textTokens = text->maxPositionEmbeddings;
    model.textHidden = text->hiddenSize;
    model.textIntermediate = text->intermediateSize;
    model.textHeads = text->numAttentionHeads;
    model.imageTokens = image->patchesPerSide() * image->patchesPerSide() + 1;
    model.imageHidden = image->hiddenSize;
    model.imageIntermediate = image->intermediateSize;
    model.imageHeads = image->numAttentionHeads;
    model.imageCropSide = image->imageSize;

    model.unet.name = "unet";
    model.vae.name = "vae";
    model.textEncoder.name = "text_encoder";
    model.imageEncoder.name = "image_encoder";
    try {
        countFromConfig<I2VGenXLUNet>(model.unet, *unet);
        countFromConfig<AutoencoderKL>(model.vae, *vae);
        countFromConfig<CLIPTextEncoder>(model.textEncoder, *text);
        countFromConfig<CLIPVisionEncoder>(model.imageEncoder, *image);
    } catch (const std::exception& error) {
        return fail(ErrorCode::InvalidConfig,
                    folder.string() + ": the model cannot be built from its configs: " +
                        std::string(error.what()).substr(0, std::string(error.what()).find('\n')),
                    "Download the component configs again from the same model repository");
    }
    countFromWeights(model.unet, folder / "unet", "diffusion_pytorch_model", variant);
    countFromWeights(model.vae, folder / "vae", "diffusion_pytorch_model", variant);
    countFromWeights(model.textEncoder, folder / "text_encoder", "model", variant);
    countFromWeights(model.imageEncoder, folder / "image_encoder", "model", variant);
    return model;
}

MemoryPrediction predictMemory(const ModelArchitecture& model, const RunShape& shape,
                               const ExecutionPlan& plan) {
    const auto& calibration = kCalibration;
    const bool cuda = plan.device == ComputeKind::Cuda;
    const int dtype = plan.dtypeBytes;
    const double e = double(dtype);
    const double slack = cuda ? calibration.cudaAllocatorSlack : calibration.cpuActivationSlack;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
    const bool fused = true;  // AttentionKernel uses the fused SDPA for unchunked attention
#else
    const bool fused = false;
#endif
    // oneDNN reorders a convolution's input into its blocked layout on the CPU; cuDNN works in
    // place (its workspace is in the allocator slack).
    const double copies = cuda ? 0.0 : 1.0;
    const std::int64_t h = shape.height / model.spatialScale;
    const std::int64_t w = shape.width / model.spatialScale;
    const std::int64_t batch = shape.guided ? 2 : 1;
    const double vae = residentBytes(model.vae, dtype);
    const double text = residentBytes(model.textEncoder, dtype);
    const double image = residentBytes(model.imageEncoder, dtype);
    const double unet = residentBytes(model.unet, dtype);
    const double encoders = plan.releaseEncoders ? 0.0 : text + image;

    // Where weights live between their uses: on the device, or (offload) on the host.
    const double hostRuntime =
        double(cuda ? calibration.cudaHostRuntimeBytes : calibration.cpuRuntimeBytes);
    const double deviceBase = cuda ? double(calibration.cudaContextBytes) : 0.0;
    MemoryPrediction prediction;
    const auto stage = [&](MemoryStage which, double onDevice, double onHost, std::string where) {
        StageMemory memory;
        memory.stage = which;
        if (cuda) {
            memory.deviceBytes = bytes(deviceBase + onDevice);
            memory.hostBytes = bytes(hostRuntime + onHost);
        } else {
            memory.hostBytes = bytes(hostRuntime + onDevice + onHost);
        }
        memory.peakAt = std::move(where);
        prediction.stages.push_back(memory);
    };
    // Resident on the device while a stage runs `inUse`; the rest of `loaded` waits on the host
    // when offloading, else stays on the device.
    const auto split = [&](double inUse, double loaded) {
        return plan.offload && cuda ? std::make_pair(inUse, loaded - inUse)
                                    : std::make_pair(loaded, 0.0);
    };

    // Load: components arrive in pipeline order; the largest moment is the UNet's arrival (or a
    // bigger encoder's, for unusual folders).
    {
        struct Arrival {
            const ComponentSize* size;
            double before;
        };
        const Arrival arrivals[] = {{&model.vae, 0.0},
                                    {&model.textEncoder, vae},
                                    {&model.imageEncoder, vae + text},
                                    {&model.unet, vae + encoders}};
        double best = -1.0;
        std::pair<double, double> where;
        std::string name;
        for (const auto& arrival : arrivals) {
            const double weights = residentBytes(*arrival.size, dtype);
            const auto placed = split(weights, arrival.before + weights);
            const double transient = loadTransientBytes(*arrival.size, dtype);
            const double total = placed.first + placed.second + transient;
            if (total > best) {
                best = total;
                where = {placed.first, placed.second + transient};
                name = "loading the " + arrival.size->name;
            }
        }
        stage(MemoryStage::Load, where.first, where.second, name);
    }
    // Text: the prompt and the negative prompt, one at a time.
    {
        const auto placed = split(text, vae + text);
        const double activations = clipActivations(model.textTokens, model.textHidden,
                                                   model.textIntermediate, model.textHeads, e) *
                                   slack;
        stage(MemoryStage::TextEncode, placed.first + activations, placed.second,
              "text encoder layer");
    }
    // Image: the CLIP image embedding, then the VAE's latent distribution of the first frame.
    {
        const double clip = clipActivations(model.imageTokens, model.imageHidden,
                                            model.imageIntermediate, model.imageHeads, e);
        const Walk encoder = walkEncoder(
            {&model, 1, shape.height, shape.width, plan.attentionQueryChunk, e, fused, copies});
        const double pixels = double(shape.width) * shape.height * 3 * 4;  // float input, host
        const bool vaeLarger = encoder.peak() > clip;
        const auto placed =
            vaeLarger ? split(vae, vae + text + image) : split(image, vae + text + image);
        stage(MemoryStage::ImageEncode, placed.first + std::max(clip, encoder.peak()) * slack,
              placed.second + pixels,
              vaeLarger ? "VAE " + encoder.peakAt() : "image encoder layer");
    }
    // One denoising step: the UNet on the CFG batch of every frame.
    {
        const Walk walk = walkUNet({&model, batch, shape.frames, h, w, plan.attentionQueryChunk,
                                    plan.feedForwardChunk, e, fused, copies});
        const double latents =
            double(model.latentChannels) * shape.frames * double(h * w) * e * (2 + 2 * batch);
        const auto placed = split(unet, vae + encoders + unet);
        stage(MemoryStage::Denoise, placed.first + walk.peak() * slack + latents, placed.second,
              walk.peakAt());
    }
    // Decode: the VAE decoder per chunk of frames (or per tile), into the float video.
    const double video = double(shape.frames) * 3 * double(shape.width) * shape.height * 4;
    {
        const std::int64_t chunk = plan.decodeChunkFrames > 0
                                       ? std::min(plan.decodeChunkFrames, shape.frames)
                                       : shape.frames;
        Walk walk(e);
        walk.add(video);  // the decoded video (float32) filled chunk by chunk
        if (plan.decodeTiled && (h > plan.tileLatentSize || w > plan.tileLatentSize)) {
            const auto rows = tileSpans(h, plan.tileLatentSize, plan.tileOverlap);
            const auto columns = tileSpans(w, plan.tileLatentSize, plan.tileOverlap);
            const auto longest = [](const std::vector<TileSpan>& spans) {
                std::int64_t length = 0;
                for (const auto& span : spans)
                    length = std::max(length, span.length);
                return length;
            };
            walk.add(double(chunk) * 3 * double(shape.width) * shape.height * e);  // chunk image
            walkDecoder(walk, {&model, chunk, h, w, plan.attentionQueryChunk, e, fused, copies},
                        true, false);
            walkDecoder(walk, {&model, chunk, longest(rows), longest(columns), 0, e, fused, copies},
                        false, true);
        } else {
            walkDecoder(walk, {&model, chunk, h, w, plan.attentionQueryChunk, e, fused, copies},
                        true, true);
        }
        // After the decode: the frames scaled to [0, 1] (four temporaries of the video's size
        // while the expression runs) on the host.
        const double frames = 5 * video;
        const auto placed = split(vae, vae + encoders + unet);
        const double decodePeak = walk.peak() * slack;
        if (cuda) {
            stage(MemoryStage::Decode, placed.first + decodePeak, placed.second + frames,
                  walk.peakAt());
        } else {
            const bool framesLarger = frames > decodePeak;
            stage(MemoryStage::Decode, placed.first + std::max(decodePeak, frames), placed.second,
                  framesLarger ? "frames scaled to [0, 1]" : walk.peakAt());
        }
    }
    // Writing the video: the float frames, their 8-bit copies and the encoder's buffered frames.
    {
        const double images = video / 4;  // 8-bit RGB
        const double held = kEncoderFramesHeld * double(shape.width) * shape.height * 1.5;
        const auto placed = split(0.0, vae + encoders + unet);
        stage(MemoryStage::Encode, placed.first, placed.second + video + images + held,
              "frames converted to 8-bit images");
    }
    return prediction;
}

}  // namespace kinora::model
