#include "model/pipeline/I2VGenXLPipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>
#include <tuple>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <nlohmann/json.hpp>

#include "model/clip/CLIPTextEncoder.h"
#include "model/clip/CLIPTokenizer.h"
#include "model/clip/CLIPVisionEncoder.h"
#include "model/runtime/Json.h"
#include "model/runtime/Log.h"
#include "model/runtime/Runtime.h"
#include "model/schedulers/DDIMScheduler.h"
#include "model/schedulers/Scheduler.h"
#include "model/unet/I2VGenXLUNet.h"

namespace kinora::model {
namespace {

// I2VGen-XL's encode_prompt default: the penultimate layer's output through the final LayerNorm.
constexpr std::int64_t kClipSkip = 1;

// The first line: LibTorch errors carry a C++ backtrace after it.
std::string describeError(const std::exception& error) {
    const std::string text = error.what();
    return text.substr(0, text.find('\n'));
}

std::size_t hashImage(const RgbImage& image) {
    std::size_t hash = std::hash<std::string_view>{}(
        std::string_view(reinterpret_cast<const char*>(image.pixels.data()), image.pixels.size()));
    return hash ^ (std::size_t(image.width) << 32) ^ std::size_t(image.height);
}

at::Tensor chwTensor(std::vector<float> values, std::int64_t height, std::int64_t width) {
    return at::from_blob(values.data(), {1, 3, height, width}, at::kFloat).clone();  // [1, 3, H, W]
}

void validate(const PipelineRequest& request, std::int64_t spatialScale) {
    const auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
    if (request.image.width <= 0 || request.image.height <= 0 ||
        request.image.pixels.size() !=
            std::size_t(request.image.width) * std::size_t(request.image.height) * 3) {
        fail("the input image is empty or malformed");
    }
    if (request.width % spatialScale != 0 || request.height % spatialScale != 0 ||
        request.width <= 0 || request.height <= 0) {
        fail("width and height must be positive multiples of " + std::to_string(spatialScale));
    }
    if (request.frames < 2)
        fail("at least 2 frames are needed");
    if (request.steps < 1)
        fail("at least 1 denoising step is needed");
    if (!(request.guidance >= 0.0))
        fail("guidance must be a non-negative number");
    if (!(request.eta >= 0.0))
        fail("eta must be a non-negative number");
    if (!(request.guidanceUntil >= 0.0 && request.guidanceUntil <= 1.0))
        fail("guidance_until must be a fraction of the steps, within [0, 1]");
    const auto& sampler = samplerInfo(request.sampler);
    if (request.deepCacheInterval == 1 || request.deepCacheInterval < 0)
        fail("the deep feature cache interval must be 0 (off) or at least 2");
    if (request.steps < sampler.minimumSteps) {
        fail(std::string(sampler.name) + " needs at least " + std::to_string(sampler.minimumSteps) +
             " steps");
    }
}

}  // namespace

struct I2VGenXLPipeline::Components {
    std::optional<CLIPTokenizer> tokenizer;
    std::optional<CLIPTextEncoder> textEncoder;
    std::optional<CLIPVisionEncoder> imageEncoder;
    std::optional<AutoencoderKL> vae;
    std::optional<I2VGenXLUNet> unet;
    // scheduler_config.json: each run builds the request's sampler from it.
    nlohmann::json schedulerConfig;
    std::string schedulerSource;
    ClipImageConfig clipImageConfig;

    // (prompt, negative prompt or none, with CFG) -> UNet context [B, 77, D].
    std::map<std::tuple<std::string, std::optional<std::string>, bool>, at::Tensor> textCache;
    struct ImageEncoding {
        at::Tensor imageEmbeds;  // [1, D]
        at::Tensor vaeMean;      // [1, 4, h, w]
        at::Tensor vaeStd;       // [1, 4, h, w]
        at::Tensor vaePixels;    // [1, 3, H, W]
    };
    std::map<std::tuple<std::size_t, int, int>, ImageEncoding> imageCache;
};

I2VGenXLPipeline::I2VGenXLPipeline(std::filesystem::path folder, const PipelineOptions& options)
    : folder_(std::move(folder)), options_(options), components_(std::make_unique<Components>()) {}

I2VGenXLPipeline::~I2VGenXLPipeline() = default;

Expected<std::unique_ptr<I2VGenXLPipeline>> I2VGenXLPipeline::load(
    const std::filesystem::path& folder, const PipelineOptions& options) {
    configureHostAllocator();
    std::unique_ptr<I2VGenXLPipeline> pipeline(new I2VGenXLPipeline(folder, options));
    auto& parts = *pipeline->components_;
    auto tokenizer = CLIPTokenizer::load(folder);
    if (!tokenizer)
        return tl::unexpected(tokenizer.error());
    parts.tokenizer.emplace(std::move(*tokenizer));
    auto clipConfig =
        readClipImageConfig(folder / "feature_extractor" / "preprocessor_config.json");
    if (!clipConfig)
        return tl::unexpected(clipConfig.error());
    parts.clipImageConfig = *clipConfig;
    const auto schedulerPath = folder / "scheduler" / "scheduler_config.json";
    auto schedulerJson = readJsonFile(schedulerPath);
    if (!schedulerJson)
        return tl::unexpected(schedulerJson.error());
    // The model's own scheduler must load: the default sampler, and a config the others read.
    if (auto ddim = DDIMSchedulerConfig::fromJson(*schedulerJson, schedulerPath.string()); !ddim)
        return tl::unexpected(ddim.error());
    parts.schedulerConfig = std::move(*schedulerJson);
    parts.schedulerSource = schedulerPath.string();
    auto vae = AutoencoderKL::load(folder / "vae", options.dtype, options.device, options.variant);
    if (!vae)
        return tl::unexpected(vae.error());
    parts.vae.emplace(std::move(*vae));
    log(LogLevel::Info, "loaded the I2VGen-XL VAE from " + folder.string());
    return pipeline;
}

Expected<void> I2VGenXLPipeline::loadUNet() {
    auto& parts = *components_;
    if (!parts.unet) {
        auto unet =
            I2VGenXLUNet::load(folder_ / "unet", options_.dtype, options_.device, options_.variant);
        if (!unet)
            return tl::unexpected(unet.error());
        parts.unet.emplace(std::move(*unet));
        (*parts.unet)
            ->setRunOptions({options_.plan.attentionQueryChunk, options_.plan.feedForwardChunk});
        log(LogLevel::Info, "loaded the I2VGen-XL UNet from " + folder_.string());
    }
    return {};
}

std::int64_t I2VGenXLPipeline::attentionQueryChunkFor(std::int64_t images,
                                                      std::int64_t tokens) const {
    if (options_.plan.attentionQueryChunk > 0 || options_.plan.attentionScoreBudgetBytes <= 0)
        return options_.plan.attentionQueryChunk;
    // The largest score matrix is the spatial self-attention at full latent resolution:
    // [images x heads, tokens, tokens] with heads = first block's channels / head size.
    const auto& config = (*components_->unet)->config();
    const std::int64_t heads =
        std::max<std::int64_t>(1, config.blockOutChannels.front() / config.attentionHeadDim);
    const std::int64_t bytesPerQuery = images * heads * tokens * std::int64_t(sizeof(float));
    const std::int64_t chunk =
        options_.plan.attentionScoreBudgetBytes / std::max<std::int64_t>(1, bytesPerQuery);
    if (chunk >= tokens)
        return 0;
    return std::max<std::int64_t>(64, chunk);
}

Expected<void> I2VGenXLPipeline::loadTextEncoder() {
    auto& parts = *components_;
    if (!parts.textEncoder) {
        auto text = CLIPTextEncoder::load(folder_ / "text_encoder", options_.dtype, options_.device,
                                          options_.variant);
        if (!text)
            return tl::unexpected(text.error());
        parts.textEncoder.emplace(std::move(*text));
    }
    return {};
}

Expected<void> I2VGenXLPipeline::loadImageEncoder() {
    auto& parts = *components_;
    if (!parts.imageEncoder) {
        auto image = CLIPVisionEncoder::load(folder_ / "image_encoder", options_.dtype,
                                             options_.device, options_.variant);
        if (!image)
            return tl::unexpected(image.error());
        parts.imageEncoder.emplace(std::move(*image));
    }
    return {};
}

void I2VGenXLPipeline::releaseEncoders() {
    components_->textEncoder.reset();
    components_->imageEncoder.reset();
}

void I2VGenXLPipeline::setExecutionPlan(const ExecutionPlan& plan) {
    options_.plan = plan;
    if (components_->unet)
        (*components_->unet)->setRunOptions({plan.attentionQueryChunk, plan.feedForwardChunk});
}

std::uint64_t I2VGenXLPipeline::loadedWeightBytes() const {
    std::uint64_t total = 0;
    const auto add = [&](const torch::nn::Module& module) {
        for (const auto& parameter : module.parameters(true))
            total += std::uint64_t(parameter.numel()) * parameter.element_size();
        for (const auto& buffer : module.buffers(true))
            total += std::uint64_t(buffer.numel()) * buffer.element_size();
    };
    const auto& parts = *components_;
    if (parts.textEncoder)
        add(**parts.textEncoder);
    if (parts.imageEncoder)
        add(**parts.imageEncoder);
    if (parts.vae)
        add(**parts.vae);
    if (parts.unet)
        add(**parts.unet);
    return total;
}

void I2VGenXLPipeline::place(torch::nn::Module& module, bool running) {
    if (!options_.plan.offload || options_.device.is_cpu())
        return;
    module.to(running ? options_.device : c10::Device(c10::kCPU));
}

void I2VGenXLPipeline::parkIdleComponents() {
    auto& parts = *components_;
    if (parts.textEncoder)
        place(**parts.textEncoder, false);
    if (parts.imageEncoder)
        place(**parts.imageEncoder, false);
    if (parts.vae)
        place(**parts.vae, false);
}

void I2VGenXLPipeline::throwInjectedOutOfMemory(const char* where) {
    throw c10::OutOfMemoryError({__func__, __FILE__, static_cast<std::uint32_t>(__LINE__)},
                                std::string("out of memory (injected for a test) ") + where);
}

double I2VGenXLPipeline::vaeScalingFactor() const {
    return (*components_->vae)->config().scalingFactor;
}

at::Tensor I2VGenXLPipeline::denoise(const PipelineRequest& request,
                                     const PipelineCallbacks& callbacks) {
    torch::NoGradGuard noGrad;
    auto& parts = *components_;
    auto& vae = *parts.vae;
    const std::int64_t spatialScale = vae->config().spatialScale();
    validate(request, spatialScale);
    const auto require = [](Expected<void> loaded) {
        if (!loaded)
            throw std::runtime_error(loaded.error().describe());
    };
    injected_ = options_.injectOutOfMemory;
    const bool guided = request.guidance > 1.0;
    const auto trace = [&](const std::string& name, const at::Tensor& tensor) {
        if (callbacks.trace)
            callbacks.trace(name, tensor);
    };
    const auto stage = [&](PipelineStage value) {
        throwIfCancelled(callbacks.cancelled, "the preparation");
        if (callbacks.stageStarted)
            callbacks.stageStarted(value);
    };
    const auto device = options_.device;
    const auto dtype = options_.dtype;

    // 1. Text: [negative, prompt] with CFG, prompt alone without.
    stage(PipelineStage::EncodingPrompt);
    const auto textKey = std::make_tuple(request.prompt, request.negativePrompt, guided);
    auto textIt = parts.textCache.find(textKey);
    if (textIt == parts.textCache.end()) {
        require(loadTextEncoder());
        place(**parts.textEncoder, true);
        const auto encode = [&](const std::string& text) {
            const auto tokens = parts.tokenizer->encode(text);
            const auto ids = at::tensor(tokens.ids, at::kLong).unsqueeze(0).to(device);  // [1, L]
            return (*parts.textEncoder)->encodePrompt(ids, kClipSkip);  // [1, L, D]
        };
        auto embeds = encode(request.prompt);
        if (guided)
            embeds = at::cat({encode(request.negativePrompt.value_or("")), embeds});
        place(**parts.textEncoder, false);
        ++textEncoderRuns_;
        textIt = parts.textCache.emplace(textKey, embeds).first;
    }
    const at::Tensor promptEmbeds = textIt->second;  // [B, 77, D]
    trace("prompt_embeds", promptEmbeds);

    // 2. Image: CLIP embedding of the square crop, VAE latent distribution of the wide crop.
    stage(PipelineStage::EncodingImage);
    const auto imageKey = std::make_tuple(hashImage(request.image), request.width, request.height);
    auto imageIt = parts.imageCache.find(imageKey);
    if (imageIt == parts.imageCache.end()) {
        require(loadImageEncoder());
        Components::ImageEncoding encoding;
        const auto& clip = parts.clipImageConfig;
        const auto clipPixels = chwTensor(clipPixelValues(request.image, request.width, clip),
                                          clip.cropHeight, clip.cropWidth)
                                    .to(device, dtype);  // [1, 3, 224, 224]
        place(**parts.imageEncoder, true);
        encoding.imageEmbeds = (*parts.imageEncoder)->forward(clipPixels).imageEmbeds;  // [1, D]
        place(**parts.imageEncoder, false);
        encoding.vaePixels =
            chwTensor(vaePixelValues(request.image, request.width, request.height), request.height,
                      request.width);  // [1, 3, H, W]
        place(*vae, true);
        const auto distribution =
            vae->encode(encoding.vaePixels.to(device, dtype), options_.plan.attentionQueryChunk);
        place(*vae, false);
        encoding.vaeMean = distribution.mean;
        encoding.vaeStd = distribution.std();
        ++imageEncoderRuns_;
        imageIt = parts.imageCache.emplace(imageKey, encoding).first;
    }
    const auto& encoding = imageIt->second;
    if (options_.plan.releaseEncoders) {
        releaseEncoders();
        releaseCachedMemory();
    }
    require(loadUNet());
    trace("vae_pixels", encoding.vaePixels);
    at::Tensor imageEmbeddings = encoding.imageEmbeds.unsqueeze(1);  // [1, 1, D]
    if (guided)
        imageEmbeddings = at::cat({at::zeros_like(imageEmbeddings), imageEmbeddings});
    trace("image_embeddings", imageEmbeddings);

    // The reference draws the VAE sample from the global generator (seeded by the caller) and the
    // initial latents from its own generator: two explicit CPU generators here, drawn in float32
    // on the CPU then moved, so every device and dtype starts from the same numbers.
    auto vaeGenerator =
        at::make_generator<at::CPUGeneratorImpl>(request.vaeSeed.value_or(request.seed));
    auto latentGenerator = at::make_generator<at::CPUGeneratorImpl>(request.seed);
    const auto vaeNoise = at::randn(encoding.vaeMean.sizes(), vaeGenerator, at::kFloat);
    at::Tensor imageLatents =
        (encoding.vaeMean + encoding.vaeStd * vaeNoise.to(device, encoding.vaeMean.scalar_type())) *
        vaeScalingFactor();
    imageLatents = imageLatents.unsqueeze(2);  // [1, 4, 1, h, w]
    // Frames 1..F-1 carry their position k/(F-1) as a constant latent.
    std::vector<at::Tensor> positions{imageLatents};
    for (int frame = 0; frame < request.frames - 1; ++frame) {
        const double scale = double(frame + 1) / double(request.frames - 1);
        positions.push_back(at::ones_like(imageLatents) * scale);  // [1, 4, 1, h, w]
    }
    imageLatents = at::cat(positions, 2);  // [1, 4, F, h, w]
    if (guided)
        imageLatents = at::cat({imageLatents, imageLatents});  // [B, 4, F, h, w]
    trace("image_latents", imageLatents);

    const std::int64_t batch = guided ? 2 : 1;
    const auto fps = at::full({batch}, request.targetFps, at::kLong).to(device);  // [B]
    trace("fps", fps);

    auto scheduler =
        makeScheduler(request.sampler, parts.schedulerConfig, parts.schedulerSource, request.eta);
    if (!scheduler)
        throw std::invalid_argument(scheduler.error().describe());
    if (auto set = (*scheduler)->setTimesteps(request.steps); !set)
        throw std::invalid_argument(set.error().describe());
    const auto& timesteps = (*scheduler)->timesteps();
    const bool integralTimesteps = std::all_of(timesteps.begin(), timesteps.end(),
                                               [](double t) { return t == std::floor(t); });
    trace("timesteps",
          at::tensor(timesteps, at::kDouble).to(integralTimesteps ? at::kLong : at::kFloat));

    const std::int64_t latentChannels = vae->config().latentChannels;
    const std::int64_t h = request.height / spatialScale;
    const std::int64_t w = request.width / spatialScale;
    (*parts.unet)
        ->setRunOptions({attentionQueryChunkFor(batch * request.frames, h * w),
                         options_.plan.feedForwardChunk});
    at::Tensor latents = at::randn({1, latentChannels, request.frames, h, w}, latentGenerator,
                                   at::kFloat);  // [1, 4, F, h, w]
    latents = (latents * (*scheduler)->initNoiseSigma()).to(device, dtype);
    trace("init_latents", latents);

    stage(PipelineStage::Denoising);
    parkIdleComponents();
    place(**parts.unet, true);
    // The steps share the conditioning (and the cross-attention keys and values it collects).
    // After the guided steps, the conditional halves alone (batch 1).
    auto conditioning =
        (*parts.unet)->prepareConditioning(fps, imageLatents, imageEmbeddings, promptEmbeds);
    const auto started = std::chrono::steady_clock::now();
    const int total = int(timesteps.size());
    const int guidedSteps = guided ? guidedStepCount(total, request.guidanceUntil) : 0;
    const auto evaluationsOfStep = [&](int step) { return step < guidedSteps ? 2 : 1; };
    std::int64_t evaluationsTotal = 0;
    for (int step = 0; step < total; ++step)
        evaluationsTotal += evaluationsOfStep(step);
    std::int64_t evaluationsDone = 0;
    DeepFeatureCache deepCache;
    DeepFeatureCache* const deepCacheUsed = request.deepCacheInterval >= 2 ? &deepCache : nullptr;
    for (int i = 0; i < total; ++i) {
        throwIfCancelled(callbacks.cancelled, "denoising");
        const double t = timesteps[std::size_t(i)];
        const bool guidedStep = i < guidedSteps;
        if (guided && i == guidedSteps) {
            conditioning = (*parts.unet)
                               ->prepareConditioning(
                                   fps.slice(0, 1, 2), imageLatents.slice(0, 1, 2),
                                   imageEmbeddings.slice(0, 1, 2), promptEmbeds.slice(0, 1, 2));
        }
        const std::string prefix = "step" + std::to_string(i) + ".";
        const auto frames = latents.size(2);
        const auto toFrameBatch = [&](const at::Tensor& x) {
            return x.permute({0, 2, 1, 3, 4})
                .reshape({frames, latentChannels, h, w});  // [F, 4, h, w]
        };
        // A step that runs out of memory runs again from the same latents (and, with eta > 0,
        // the same generator state) once the caller has tightened the memory options.
        const auto generatorBefore = latentGenerator.clone();
        SchedulerStep step;
        for (int attempt = 1;; ++attempt) {
            try {
                if (i == injected_.atStep && injected_.stepFailures > 0) {
                    --injected_.stepFailures;
                    throwInjectedOutOfMemory("in a denoising step");
                }
                const at::Tensor modelInput =
                    (*scheduler)
                        ->scaleModelInput(guidedStep ? at::cat({latents, latents})
                                                     : latents);  // [B, 4, F, h, w]
                if (guidedStep)
                    trace(prefix + "latent_model_input", modelInput);
                const auto timestep =
                    (integralTimesteps ? at::scalar_tensor(std::int64_t(t), at::kLong)
                                       : at::scalar_tensor(t, at::kFloat))
                        .to(device);
                deepCache.reuse = i % std::max(request.deepCacheInterval, 1) != 0;
                at::Tensor noisePred = (*parts.unet)
                                           ->forward(modelInput, timestep, conditioning, {},
                                                     deepCacheUsed);  // [B, 4, F, h, w]
                unetEvaluations_ += modelInput.size(0);
                if (deepCache.reused)
                    ++deepFeatureReuses_;
                trace(prefix + "unet_out", noisePred);
                if (guidedStep) {
                    const auto halves = noisePred.chunk(2);
                    noisePred =
                        halves[0] + request.guidance * (halves[1] - halves[0]);  // [1, 4, F, h, w]
                }
                const auto framesNoise = toFrameBatch(noisePred);
                if (guidedStep)
                    trace(prefix + "noise_pred", framesNoise);
                // The samplers that add noise draw it from the same generator, as the reference.
                step = (*scheduler)->step(framesNoise, toFrameBatch(latents), &latentGenerator);
                break;
            } catch (const std::exception& error) {
                if (!isOutOfMemoryError(error) || !callbacks.outOfMemory)
                    throw;
                releaseCachedMemory();
                if (!callbacks.outOfMemory(
                        {PipelineStage::Denoising, i, attempt, describeError(error)}))
                    throw;
                latentGenerator = generatorBefore.clone();
                (*parts.unet)
                    ->setRunOptions(
                        {options_.plan.attentionQueryChunk, options_.plan.feedForwardChunk});
                parkIdleComponents();
                if (options_.plan.releaseEncoders)
                    releaseEncoders();
            }
        }
        trace(prefix + "prev_sample", step.prevSample);
        if (guidedStep)
            trace(prefix + "pred_original_sample", step.predOriginalSample);
        latents = step.prevSample.reshape({1, frames, latentChannels, h, w})
                      .permute({0, 2, 1, 3, 4});  // [1, 4, F, h, w]

        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        evaluationsDone += evaluationsOfStep(i);
        if (callbacks.stepFinished) {
            const double perEvaluation = elapsed / double(evaluationsDone);
            callbacks.stepFinished({i + 1, total, elapsed,
                                    perEvaluation * double(evaluationsTotal - evaluationsDone)});
        }
        if (callbacks.preview && options_.previewInterval > 0 &&
            ((i + 1) % options_.previewInterval == 0 || i + 1 == total)) {
            callbacks.preview(i + 1, latentPreview(step.predOriginalSample / vaeScalingFactor()));
        }
    }
    place(**parts.unet, false);
    // The step's freed activations go back to the system before the decode needs its own.
    releaseCachedMemory();
    at::Tensor finalLatents = latents.to(at::kCPU, at::kFloat).contiguous();
    trace("final_latents", finalLatents);
    return finalLatents;
}

at::Tensor I2VGenXLPipeline::decode(const at::Tensor& latents, const ExecutionPlan& plan,
                                    const PipelineCallbacks& callbacks) {
    torch::NoGradGuard noGrad;
    if (latents.dim() != 5 || latents.size(1) != (*components_->vae)->config().latentChannels) {
        throw std::invalid_argument("latents must be [1, " +
                                    std::to_string((*components_->vae)->config().latentChannels) +
                                    ", F, h, w]");
    }
    throwIfCancelled(callbacks.cancelled, "the decode");
    if (callbacks.stageStarted)
        callbacks.stageStarted(PipelineStage::Decoding);
    if (injected_.decodeFailures > 0) {
        --injected_.decodeFailures;
        throwInjectedOutOfMemory("in the VAE decode");
    }
    auto& vae = *components_->vae;
    place(*vae, true);
    const auto video = vae->decodeLatents(latents.to(options_.device, options_.dtype), plan,
                                          callbacks.decodeProgress,
                                          callbacks.cancelled);  // [B, 3, F, H, W]
    place(*vae, false);
    const auto videoCpu = video.to(at::kCPU, at::kFloat);
    if (callbacks.trace)
        callbacks.trace("video", videoCpu);
    auto frames =
        (videoCpu / 2 + 0.5).clamp(0, 1).permute({0, 2, 1, 3, 4}).contiguous();  // [B, F, 3, H, W]
    if (callbacks.trace)
        callbacks.trace("frames", frames);
    return frames;
}

std::vector<RgbImage> framesToImages(const at::Tensor& frames) {
    // frames: [1, F, 3, H, W] in [0, 1]
    const auto bytes = (frames[0] * 255.0)
                           .round()
                           .clamp(0, 255)
                           .to(at::kByte)
                           .permute({0, 2, 3, 1})
                           .contiguous();  // [F, H, W, 3]
    std::vector<RgbImage> images;
    for (std::int64_t f = 0; f < bytes.size(0); ++f) {
        RgbImage image;
        image.height = int(bytes.size(1));
        image.width = int(bytes.size(2));
        const auto* data = bytes[f].data_ptr<std::uint8_t>();
        image.pixels.assign(data, data + bytes[f].numel());
        images.push_back(std::move(image));
    }
    return images;
}

std::vector<RgbImage> latentPreview(const at::Tensor& latents) {
    // latents: [N, 4, h, w] (unscaled VAE latents). The widely used linear approximation of the
    // Stable Diffusion VAE's decoder, whose latent space I2VGen-XL's VAE shares.
    static const float kLatentToRgb[4][3] = {{0.298f, 0.207f, 0.208f},
                                             {0.187f, 0.286f, 0.173f},
                                             {-0.158f, 0.189f, 0.264f},
                                             {-0.184f, -0.271f, -0.473f}};
    const auto matrix = at::from_blob(const_cast<float*>(&kLatentToRgb[0][0]), {4, 3}, at::kFloat);
    const auto rgb =
        at::einsum("nchw,cr->nhwr", {latents.to(at::kCPU, at::kFloat), matrix});  // [N, h, w, 3]
    const auto bytes = ((rgb + 1.0) * 127.5).clamp(0, 255).to(at::kByte).contiguous();
    std::vector<RgbImage> images;
    for (std::int64_t n = 0; n < bytes.size(0); ++n) {
        RgbImage image;
        image.height = int(bytes.size(1));
        image.width = int(bytes.size(2));
        const auto* data = bytes[n].data_ptr<std::uint8_t>();
        image.pixels.assign(data, data + bytes[n].numel());
        images.push_back(std::move(image));
    }
    return images;
}

}  // namespace kinora::model
