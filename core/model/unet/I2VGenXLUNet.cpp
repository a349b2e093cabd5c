#include "model/unet/I2VGenXLUNet.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <ATen/ATen.h>

#include "model/layers/Attention.h"
#include "model/layers/FeedForward.h"
#include "model/runtime/Json.h"
#include "model/runtime/ProfileScope.h"
#include "model/weights/WeightLoading.h"

namespace kinora::model {
namespace {

// The VAE's latent channels: the image-latent branches take them regardless of in_channels.
constexpr std::int64_t kImageLatentChannels = 4;
// The image-latent context tokens come from a fixed 32x32 pooled map, halved twice (8x8 = 64).
constexpr std::int64_t kContextPoolSize = 32;
// transformer_in always has 8 heads of attentionHeadDim.
constexpr std::int64_t kTransformerInHeads = 8;
// The image-latent temporal encoder has 2 heads of in_channels each.
constexpr std::int64_t kImageEncoderHeads = 2;
constexpr double kResnetEps = 1e-5;
constexpr double kNormOutEps = 1e-5;

const char* const kCrossAttnDown = "CrossAttnDownBlock3D";
const char* const kDown = "DownBlock3D";
const char* const kCrossAttnUp = "CrossAttnUpBlock3D";
const char* const kUp = "UpBlock3D";

}  // namespace

Expected<I2VGenXLUNetConfig> I2VGenXLUNetConfig::fromFile(const std::filesystem::path& path) {
    auto json = readJsonFile(path);
    if (!json)
        return tl::unexpected(json.error());
    return fromJson(*json, path.string());
}

Expected<I2VGenXLUNetConfig> I2VGenXLUNetConfig::fromJson(const nlohmann::json& json,
                                                          const std::string& source) {
    I2VGenXLUNetConfig config;
    ConfigReader reader(json, source);
    reader.read("in_channels", config.inChannels);
    reader.read("out_channels", config.outChannels);
    reader.read("down_block_types", config.downBlockTypes);
    reader.read("up_block_types", config.upBlockTypes);
    reader.read("block_out_channels", config.blockOutChannels);
    reader.read("layers_per_block", config.layersPerBlock);
    reader.read("norm_num_groups", config.normNumGroups);
    reader.read("cross_attention_dim", config.crossAttentionDim);
    reader.read("attention_head_dim", config.attentionHeadDim);
    if (auto read = reader.finish(); !read)
        return tl::unexpected(read.error());
    if (auto valid = config.validate(source); !valid)
        return tl::unexpected(valid.error());
    return config;
}

Expected<void> I2VGenXLUNetConfig::validate(const std::string& source) const {
    const std::string remedy = "Replace the file with the unet config of the model's repository";
    const auto invalid = [&](const std::string& what) {
        return fail(ErrorCode::InvalidConfig, source + ": " + what, remedy);
    };
    if (blockOutChannels.empty() || downBlockTypes.size() != blockOutChannels.size() ||
        upBlockTypes.size() != blockOutChannels.size()) {
        return invalid(
            "down_block_types, up_block_types and block_out_channels must be non-empty "
            "and of equal length");
    }
    if (inChannels <= 0 || outChannels <= 0 || layersPerBlock <= 0 || normNumGroups <= 0 ||
        crossAttentionDim <= 0 || attentionHeadDim <= 0) {
        return invalid(
            "in_channels, out_channels, layers_per_block, norm_num_groups, "
            "cross_attention_dim and attention_head_dim must be positive");
    }
    for (const auto& type : downBlockTypes)
        if (type != kCrossAttnDown && type != kDown)
            return invalid("unknown down block type \"" + type + "\"");
    for (const auto& type : upBlockTypes)
        if (type != kCrossAttnUp && type != kUp)
            return invalid("unknown up block type \"" + type + "\"");
    for (const auto channels : blockOutChannels) {
        if (channels <= 0 || channels % normNumGroups != 0 || channels % attentionHeadDim != 0) {
            return invalid(
                "every block_out_channels entry must be a positive multiple of "
                "norm_num_groups and attention_head_dim (got " +
                std::to_string(channels) + ")");
        }
    }
    return {};
}

I2VGenXLUNetImpl::I2VGenXLUNetImpl(const I2VGenXLUNetConfig& config,
                                   const torch::TensorOptions& options)
    : config_(config), options_(options) {
    const auto& channels = config.blockOutChannels;
    const auto in = config.inChannels;
    const auto crossDim = config.crossAttentionDim;
    const auto timeEmbedDim = channels[0] * 4;
    const auto blockCount = channels.size();

    convIn = register_module("conv_in", Conv2d(in + in, channels[0], 3, 1, 1, options));
    TransformerTemporalModelConfig temporal;
    temporal.heads = kTransformerInHeads;
    temporal.headDim = config.attentionHeadDim;
    temporal.inChannels = channels[0];
    temporal.normGroups = config.normNumGroups;
    transformerIn = register_module("transformer_in", TransformerTemporalModel(temporal, options));

    imageLatentsProjInConvs = {Conv2d(kImageLatentChannels, in * 4, 3, 1, 1, options),
                               Conv2d(in * 4, in * 4, 3, 1, 1, options),
                               Conv2d(in * 4, in, 3, 1, 1, options)};
    imageLatentsProjIn->push_back(imageLatentsProjInConvs[0]);
    imageLatentsProjIn->push_back(PassThrough());
    imageLatentsProjIn->push_back(imageLatentsProjInConvs[1]);
    imageLatentsProjIn->push_back(PassThrough());
    imageLatentsProjIn->push_back(imageLatentsProjInConvs[2]);
    register_module("image_latents_proj_in", imageLatentsProjIn);

    I2VGenXLTransformerTemporalEncoderConfig encoder;
    encoder.dim = in;
    encoder.heads = kImageEncoderHeads;
    encoder.headDim = in;
    encoder.feedForwardInnerDim = in * 4;
    imageLatentsTemporalEncoder = register_module(
        "image_latents_temporal_encoder", I2VGenXLTransformerTemporalEncoder(encoder, options));

    imageLatentsContextConvs = {Conv2d(kImageLatentChannels, in * 8, 3, 1, 1, options),
                                Conv2d(in * 8, in * 16, 3, 2, 1, options),
                                Conv2d(in * 16, crossDim, 3, 2, 1, options)};
    imageLatentsContextEmbedding->push_back(imageLatentsContextConvs[0]);
    imageLatentsContextEmbedding->push_back(PassThrough());
    imageLatentsContextEmbedding->push_back(PassThrough());
    imageLatentsContextEmbedding->push_back(imageLatentsContextConvs[1]);
    imageLatentsContextEmbedding->push_back(PassThrough());
    imageLatentsContextEmbedding->push_back(imageLatentsContextConvs[2]);
    register_module("image_latents_context_embedding", imageLatentsContextEmbedding);

    timeProj_ = Timesteps{channels[0], true, 0.0};
    timeEmbedding =
        register_module("time_embedding", TimestepEmbedding(channels[0], timeEmbedDim, options));

    contextEmbeddingLinears = {Linear(crossDim, timeEmbedDim, true, options),
                               Linear(timeEmbedDim, crossDim * in, true, options)};
    contextEmbedding->push_back(contextEmbeddingLinears[0]);
    contextEmbedding->push_back(PassThrough());
    contextEmbedding->push_back(contextEmbeddingLinears[1]);
    register_module("context_embedding", contextEmbedding);

    fpsEmbeddingLinears = {Linear(channels[0], timeEmbedDim, true, options),
                           Linear(timeEmbedDim, timeEmbedDim, true, options)};
    fpsEmbedding->push_back(fpsEmbeddingLinears[0]);
    fpsEmbedding->push_back(PassThrough());
    fpsEmbedding->push_back(fpsEmbeddingLinears[1]);
    register_module("fps_embedding", fpsEmbedding);

    UNet3DBlockConfig block;
    block.tembChannels = timeEmbedDim;
    block.normGroups = config.normNumGroups;
    block.resnetEps = kResnetEps;
    block.crossAttentionDim = crossDim;
    block.attentionHeadDim = config.attentionHeadDim;

    auto outputChannels = channels[0];
    for (std::size_t i = 0; i < blockCount; ++i) {
        auto down = block;
        down.inChannels = outputChannels;
        outputChannels = channels[i];
        down.outChannels = outputChannels;
        down.numLayers = config.layersPerBlock;
        down.addSampler = i + 1 < blockCount;
        down.downsamplePadding = 1;
        if (config.downBlockTypes[i] == kCrossAttnDown)
            downBlocks->push_back(CrossAttnDownBlock3D(down, options));
        else
            downBlocks->push_back(DownBlock3D(down, options));
    }
    register_module("down_blocks", downBlocks);

    auto mid = block;
    mid.inChannels = channels.back();
    mid.outChannels = channels.back();
    mid.numLayers = 1;
    midBlock = register_module("mid_block", UNetMidBlock3DCrossAttn(mid, options));

    std::vector<std::int64_t> reversed(channels.rbegin(), channels.rend());
    outputChannels = reversed[0];
    for (std::size_t i = 0; i < blockCount; ++i) {
        auto up = block;
        up.prevOutputChannels = outputChannels;
        outputChannels = reversed[i];
        up.outChannels = outputChannels;
        up.inChannels = reversed[std::min(i + 1, blockCount - 1)];
        up.numLayers = config.layersPerBlock + 1;
        up.addSampler = i + 1 < blockCount;
        if (up.addSampler)
            ++numUpsamplers_;
        if (config.upBlockTypes[i] == kCrossAttnUp)
            upBlocks->push_back(CrossAttnUpBlock3D(up, options));
        else
            upBlocks->push_back(UpBlock3D(up, options));
    }
    register_module("up_blocks", upBlocks);

    convNormOut = register_module(
        "conv_norm_out", GroupNorm(config.normNumGroups, channels[0], kNormOutEps, options));
    convOut =
        register_module("conv_out", Conv2d(channels[0], config.outChannels, 3, 1, 1, options));
}

void I2VGenXLUNetImpl::setRunOptions(const UNetRunOptions& options) {
    for (const auto& module : modules()) {
        if (auto* attention = module->as<AttentionImpl>())
            attention->setQueryChunk(options.attentionQueryChunk);
        else if (auto* feedForward = module->as<FeedForwardImpl>())
            feedForward->setChunk(options.feedForwardChunk);
    }
}

at::Tensor I2VGenXLUNetImpl::imageContextTokens(const at::Tensor& imageLatents,
                                                const IntermediateTap& tap) {
    // imageLatents: [B, 4, F, h, w]; only the first frame (the encoded image) gives context.
    const auto batch = imageLatents.size(0);
    auto x = imageLatents.select(2, 0);  // [B, 4, h, w]
    tap("image_latents_context_embedding.in0", x);
    x = at::silu(imageLatentsContextConvs[0](x));
    x = at::adaptive_avg_pool2d(x, {kContextPoolSize, kContextPoolSize});  // [B, 8C, 32, 32]
    x = at::silu(imageLatentsContextConvs[1](x));                          // [B, 16C, 16, 16]
    x = imageLatentsContextConvs[2](x);                                    // [B, D, 8, 8]
    tap("image_latents_context_embedding.out", x);
    const auto tokens = x.size(2) * x.size(3);
    return x.permute({0, 2, 3, 1}).reshape({batch, tokens, x.size(1)});  // [B, 64, D]
}

at::Tensor I2VGenXLUNetImpl::encodeImageLatents(const at::Tensor& imageLatents,
                                                const IntermediateTap& tap) {
    // imageLatents: [B, 4, F, h, w]
    const auto batch = imageLatents.size(0), frames = imageLatents.size(2);
    const auto height = imageLatents.size(3), width = imageLatents.size(4);
    const auto channels = config_.inChannels;
    auto x = imageLatents.permute({0, 2, 1, 3, 4})
                 .reshape({batch * frames, kImageLatentChannels, height, width});  // [B*F, 4, h, w]
    tap("image_latents_proj_in.in0", x);
    x = at::silu(imageLatentsProjInConvs[0](x));
    x = at::silu(imageLatentsProjInConvs[1](x));
    x = imageLatentsProjInConvs[2](x);  // [B*F, C, h, w]
    tap("image_latents_proj_in.out", x);
    x = x.reshape({batch, frames, channels, height, width});    // [B, F, C, h, w]
    x = x.permute({0, 3, 4, 1, 2});                             // [B, h, w, F, C]
    x = x.reshape({batch * height * width, frames, channels});  // [B*h*w, F, C]
    tap("image_latents_temporal_encoder.in0", x);
    x = imageLatentsTemporalEncoder(x);
    tap("image_latents_temporal_encoder.out", x);
    x = x.reshape({batch, height, width, frames, channels});  // [B, h, w, F, C]
    return x.permute({0, 4, 3, 1, 2});                        // [B, C, F, h, w]
}

at::Tensor I2VGenXLUNetImpl::forward(const at::Tensor& sampleIn, const at::Tensor& timestep,
                                     const at::Tensor& fpsIn, const at::Tensor& imageLatentsIn,
                                     const at::Tensor& imageEmbeddingsIn,
                                     const at::Tensor& encoderHiddenStatesIn,
                                     const IntermediateHook& hook) {
    // The sample is checked against the conditioning, which checks the rest.
    const auto conditioning =
        prepareConditioning(fpsIn, imageLatentsIn, imageEmbeddingsIn, encoderHiddenStatesIn, hook);
    return forward(sampleIn, timestep, conditioning, hook);
}

UNetConditioning I2VGenXLUNetImpl::prepareConditioning(const at::Tensor& fpsIn,
                                                       const at::Tensor& imageLatentsIn,
                                                       const at::Tensor& imageEmbeddingsIn,
                                                       const at::Tensor& encoderHiddenStatesIn,
                                                       const IntermediateHook& hook) {
    // imageLatents: [B, 4, F, h, w]
    TORCH_CHECK(imageLatentsIn.dim() == 5 && imageLatentsIn.size(1) == kImageLatentChannels,
                "I2VGenXLUNet: image_latents must be [B, 4, F, h, w], got ",
                imageLatentsIn.sizes());
    const auto batch = imageLatentsIn.size(0), frames = imageLatentsIn.size(2);
    TORCH_CHECK(imageEmbeddingsIn.dim() == 3 && imageEmbeddingsIn.size(0) == batch &&
                    imageEmbeddingsIn.size(2) == config_.crossAttentionDim,
                "I2VGenXLUNet: image_embeddings must be [B, 1, ", config_.crossAttentionDim,
                "], got ", imageEmbeddingsIn.sizes());
    TORCH_CHECK(encoderHiddenStatesIn.dim() == 3 && encoderHiddenStatesIn.size(0) == batch &&
                    encoderHiddenStatesIn.size(2) == config_.crossAttentionDim,
                "I2VGenXLUNet: encoder_hidden_states must be [B, L, ", config_.crossAttentionDim,
                "], got ", encoderHiddenStatesIn.sizes());
    TORCH_CHECK(fpsIn.dim() == 1 && (fpsIn.size(0) == batch || fpsIn.size(0) == 1),
                "I2VGenXLUNet: fps must be [B], got ", fpsIn.sizes());
    KINORA_PROFILE_MODULE("I2VGenXLUNet conditioning");

    const IntermediateTap tap(&hook, {});
    const auto crossDim = config_.crossAttentionDim;
    const auto device = options_.device();
    const auto dtype = options_.dtype();
    const auto imageLatents = imageLatentsIn.to(device, dtype);
    UNetConditioning conditioning;
    conditioning.batch = batch;
    conditioning.frames = frames;

    const auto fps = fpsIn.to(device);
    tap("time_proj.call1.in0", fps);
    auto fpsEmb = timeProj_(fps);
    tap("time_proj.call1.out", fpsEmb);
    fpsEmb = fpsEmb.to(dtype);
    tap("fps_embedding.in0", fpsEmb);
    fpsEmb = fpsEmbeddingLinears[1](at::silu(fpsEmbeddingLinears[0](fpsEmb)));  // [B, T]
    tap("fps_embedding.out", fpsEmb);
    conditioning.fpsEmbedding = fpsEmb;

    // Cross-attention context: text tokens, image-latent tokens, image-embedding tokens.
    const auto imageTokens = imageContextTokens(imageLatents, tap);  // [B, 64, D]
    const auto imageEmbeddings = imageEmbeddingsIn.to(device, dtype);
    tap("context_embedding.in0", imageEmbeddings);
    auto imageEmb = contextEmbeddingLinears[1](
        at::silu(contextEmbeddingLinears[0](imageEmbeddings)));  // [B, 1, Cin*D]
    tap("context_embedding.out", imageEmb);
    imageEmb = imageEmb.reshape({batch, config_.inChannels, crossDim});  // [B, Cin, D]
    const auto text = encoderHiddenStatesIn.to(device, dtype);           // [B, Lt, D]
    conditioning.context = at::cat({text, imageTokens, imageEmb}, 1);    // [B, L, D]
    // The reference repeats the context for every frame; the attention layers repeat its keys
    // and values instead, so the repeated form exists here only for an observer.
    if (tap)
        tap("context_emb", conditioning.context.repeat_interleave(frames, 0));  // [B*F, L, D]

    conditioning.imageLatentFeatures = encodeImageLatents(imageLatents, tap);  // [B, C, F, h, w]
    return conditioning;
}

at::Tensor I2VGenXLUNetImpl::forward(const at::Tensor& sampleIn, const at::Tensor& timestep,
                                     const UNetConditioning& conditioning,
                                     const IntermediateHook& hook, DeepFeatureCache* deepCache) {
    KINORA_PROFILE_MODULE("I2VGenXLUNet");
    // sample: [B, C, F, h, w]
    TORCH_CHECK(
        sampleIn.dim() == 5 && sampleIn.size(1) == config_.inChannels &&
            sampleIn.size(0) == conditioning.batch && sampleIn.size(2) == conditioning.frames &&
            sampleIn.size(3) == conditioning.imageLatentFeatures.size(3) &&
            sampleIn.size(4) == conditioning.imageLatentFeatures.size(4),
        "I2VGenXLUNet: sample must be [", conditioning.batch, ", ", config_.inChannels, ", ",
        conditioning.frames, ", h, w] like the image latents, got ", sampleIn.sizes());
    const auto batch = sampleIn.size(0), channels = sampleIn.size(1), frames = sampleIn.size(2);
    const auto height = sampleIn.size(3), width = sampleIn.size(4);
    TORCH_CHECK(timestep.dim() == 0 || (timestep.dim() == 1 && timestep.size(0) == batch),
                "I2VGenXLUNet: timestep must be a scalar or [B], got ", timestep.sizes());

    const IntermediateTap tap(&hook, {});
    const auto device = options_.device();
    const auto dtype = options_.dtype();
    const auto sample = sampleIn.to(device, dtype);

    // Every cross-attention layer keeps its keys and values in the conditioning for this call.
    struct CacheScope {
        std::vector<AttentionImpl*> layers;
        ~CacheScope() {
            for (auto* layer : layers)
                layer->setCrossAttentionCache(nullptr);
        }
    } cacheScope;
    for (const auto& module : modules(false)) {
        if (auto* attention = module->as<AttentionImpl>()) {
            attention->setCrossAttentionCache(conditioning.crossAttention.get());
            cacheScope.layers.push_back(attention);
        }
    }

    // The upsamplers get explicit sizes when h or w is not a multiple of the total up factor.
    const std::int64_t upFactor = std::int64_t{1} << numUpsamplers_;
    const bool forwardUpsampleSize = height % upFactor != 0 || width % upFactor != 0;

    // Time embedding, projected in fp32 then cast to the model's dtype.
    auto timesteps = (timestep.dim() == 0 ? timestep.unsqueeze(0) : timestep).to(device);
    timesteps = timesteps.expand({batch});  // [B]
    tap("time_proj.in0", timesteps);
    auto timeEmb = timeProj_(timesteps);  // [B, C0]
    tap("time_proj.out", timeEmb);
    timeEmb = timeEmb.to(dtype);
    tap("time_embedding.in0", timeEmb);
    timeEmb = timeEmbedding(timeEmb);  // [B, T]
    tap("time_embedding.out", timeEmb);
    const auto emb =
        (timeEmb + conditioning.fpsEmbedding).repeat_interleave(frames, 0);  // [B*F, T]
    const auto& context = conditioning.context;                              // [B, L, D]

    auto x = at::cat({sample, conditioning.imageLatentFeatures}, 1);  // [B, 2C, F, h, w]
    x = x.permute({0, 2, 1, 3, 4});                                   // [B, F, 2C, h, w]
    x = x.reshape({batch * frames, 2 * channels, height, width});     // [B*F, 2C, h, w]
    tap("conv_in.in0", x);
    x = convIn(x);  // [B*F, C0, h, w]
    tap("conv_in.out", x);
    tap("transformer_in.in0", x);
    x = transformerIn(x, frames);
    tap("transformer_in.out0", x);

    const std::size_t lastUp = upBlocks->size() - 1;
    const bool reuse = deepCache && deepCache->reuse && deepCache->lastUpBlockInput.defined() &&
                       deepCache->lastUpBlockInput.size(0) == x.size(0);
    // A reusing step needs only the outermost level's skips: conv_in's and the first down
    // block's, which the last up block takes.
    const std::size_t downBlocksRun = reuse ? 1 : downBlocks->size();
    if (deepCache)
        deepCache->reused = reuse;
    std::vector<at::Tensor> skips{x};
    for (std::size_t i = 0; i < downBlocksRun; ++i) {
        const auto blockTap = tap.child("down_blocks." + std::to_string(i));
        auto output =
            downBlocks[i]->as<DownBlock3DBase>()->forward(x, emb, context, frames, blockTap);
        x = output.hidden;
        blockTap("out0", x);
        for (std::size_t j = 0; j < output.skips.size(); ++j)
            blockTap("res" + std::to_string(j), output.skips[j]);
        skips.insert(skips.end(), output.skips.begin(), output.skips.end());
    }

    if (reuse) {
        // The last up block takes the first skips; the rest (the first down block's downsampled
        // output) feed the deeper levels only.
        skips.resize(static_cast<std::size_t>(upBlocks[lastUp]->as<UpBlock3DBase>()->layerCount()));
        x = deepCache->lastUpBlockInput;
    } else {
        const auto midTap = tap.child("mid_block");
        midTap("in0", x);
        midTap("in1", emb);
        x = midBlock(x, emb, context, frames, midTap);
        midTap("out", x);
    }

    std::optional<std::pair<std::int64_t, std::int64_t>> upsampleSize;
    for (std::size_t i = reuse ? lastUp : 0; i < upBlocks->size(); ++i) {
        auto* block = upBlocks[i]->as<UpBlock3DBase>();
        const auto count = static_cast<std::size_t>(block->layerCount());
        std::vector<at::Tensor> blockSkips(skips.end() - count, skips.end());
        skips.resize(skips.size() - count);
        if (i + 1 < upBlocks->size() && forwardUpsampleSize)
            upsampleSize = std::make_pair(skips.back().size(2), skips.back().size(3));
        if (i == lastUp && deepCache && !reuse)
            deepCache->lastUpBlockInput = x;
        const auto blockTap = tap.child("up_blocks." + std::to_string(i));
        x = block->forward(x, std::move(blockSkips), emb, context, frames, upsampleSize, blockTap);
        blockTap("out", x);
    }

    tap("conv_norm_out.in0", x);
    x = convNormOut(x);
    tap("conv_norm_out.out", x);
    x = at::silu(x);
    tap("conv_out.in0", x);
    x = convOut(x);  // [B*F, Cout, h, w]
    tap("conv_out.out", x);
    x = x.reshape({batch, frames, config_.outChannels, height, width});  // [B, F, Cout, h, w]
    return x.permute({0, 2, 1, 3, 4});                                   // [B, Cout, F, h, w]
}

Expected<I2VGenXLUNet> I2VGenXLUNet::load(const std::filesystem::path& componentDir,
                                          torch::ScalarType dtype, torch::Device device,
                                          WeightVariant variant) {
    return loadComponent<I2VGenXLUNet>(I2VGenXLUNetConfig::fromFile(componentDir / "config.json"),
                                       componentDir, "diffusion_pytorch_model", "unet", dtype,
                                       device, variant);
}

}  // namespace kinora::model
