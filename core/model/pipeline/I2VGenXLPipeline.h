// Mirrors diffusers.pipelines.i2vgen_xl.pipeline_i2vgen_xl.I2VGenXLPipeline (v0.27.2): image +
// prompt -> video latents -> frames. Plain synchronous C++: progress, previews and cancellation go
// through callbacks, so the CLI, the tests, the parity tool and the GUI's worker all run this code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>
#include <torch/nn/module.h>

#include "model/memory/ExecutionPlan.h"
#include "model/pipeline/ImagePreprocessing.h"
#include "model/runtime/Cancellation.h"
#include "model/runtime/Error.h"
#include "model/schedulers/SamplerCatalog.h"
#include "model/vae/AutoencoderKL.h"
#include "model/weights/Checkpoint.h"

namespace kinora::model {

// What to generate. The same request and seeds give the same video.
struct PipelineRequest {
    RgbImage image;
    std::string prompt;
    // nullopt: no negative prompt (the reference then encodes "" for the unconditional half).
    std::optional<std::string> negativePrompt;
    int width = 1280;
    int height = 704;
    int frames = 16;
    int steps = 50;
    double guidance = 9.0;  // <= 1: no classifier-free guidance (one UNet pass per step)
    int targetFps = 16;
    // Drives the initial latents (the reference's `generator`), and the VAE latent sample too
    // unless vaeSeed is given (the reference's `torch.manual_seed` before the call).
    std::uint64_t seed = 0;
    std::optional<std::uint64_t> vaeSeed;
    double eta = 0.0;  // DDIM only, as in the reference
    Sampler sampler = Sampler::DDIM;
    // With guidance: the first round(guidanceUntil * steps) steps run both branches, the rest the
    // conditional branch alone (one UNet pass, half the work). 1: every step, as the reference.
    double guidanceUntil = 1.0;
    // Draft mode (DeepCache): 0 off; N >= 2 computes the UNet's deeper levels on every N-th step
    // only and reuses them on the steps between (see DeepFeatureCache). Not in the reference.
    int deepCacheInterval = 0;
};

// Simulated out-of-memory errors, for tests of the recovery paths: each is the error a real
// allocation failure on the device throws (c10::OutOfMemoryError).
struct InjectedOutOfMemory {
    int atStep = -1;         // the 0-based denoising step that fails
    int stepFailures = 0;    // how many times in a row it fails
    int decodeFailures = 0;  // how many decode() calls fail
};

// How to run it; none of these change the result beyond float rounding, except dtype.
struct PipelineOptions {
    c10::Device device = c10::kCPU;
    c10::ScalarType dtype = c10::kFloat;
    WeightVariant variant = WeightVariant::PreferFullPrecision;
    // Chunking, encoder release and offloading; the planner's plan for the job, or unplanned().
    // The decode takes its own plan (decode()).
    ExecutionPlan plan = ExecutionPlan::unplanned();
    int previewInterval = 0;                // steps between latent previews; 0: none
    InjectedOutOfMemory injectOutOfMemory;  // tests only
};

enum class PipelineStage { EncodingPrompt, EncodingImage, Denoising, Decoding };

struct StepProgress {
    int step = 0;  // steps finished, 1..total
    int total = 0;
    double elapsedSeconds = 0.0;
    double remainingSeconds = 0.0;  // from the mean time per UNet evaluation so far
};

struct OutOfMemoryEvent {
    PipelineStage stage = PipelineStage::Denoising;
    int step = 0;     // the 0-based step that failed
    int attempt = 1;  // how many times it has failed so far
    std::string what;
};

struct PipelineCallbacks {
    std::function<void(PipelineStage)> stageStarted;
    std::function<void(const StepProgress&)> stepFinished;
    // Cheap per-frame previews of the current prediction of the clean video (latent size).
    std::function<void(int step, const std::vector<RgbImage>& frames)> preview;
    ProgressCallback decodeProgress;  // (chunks done, chunks total)
    CancelCheck cancelled;
    // A denoising step ran out of memory and cached memory was freed: return true to run the
    // step again (after tightening the plan with setExecutionPlan), false to let
    // the error through. Without it the error goes through at once.
    std::function<bool(const OutOfMemoryEvent&)> outOfMemory;
    // Every intermediate tensor, named as the reference goldens name them (parity checks).
    std::function<void(const std::string& name, const at::Tensor& tensor)> trace;
};

class I2VGenXLPipeline {
public:
    // Opens a diffusers-layout I2VGen-XL folder: the tokenizer, the configs and the VAE load now
    // (enough to decode saved latents), the encoders and the UNet on the first denoise(). Sets
    // the host allocator up so the resident set follows the live tensors (configureHostAllocator),
    // which the memory model predicts.
    static Expected<std::unique_ptr<I2VGenXLPipeline>> load(const std::filesystem::path& folder,
                                                            const PipelineOptions& options);
    ~I2VGenXLPipeline();
    I2VGenXLPipeline(const I2VGenXLPipeline&) = delete;
    I2VGenXLPipeline& operator=(const I2VGenXLPipeline&) = delete;

    // Denoises to the final latents [1, 4, F, h, w] (pipeline space, float32 on the CPU), ready
    // for decode() or to be saved. Throws std::invalid_argument for a request that cannot run,
    // CancelledError when cancelled, and other exceptions for compute failures (out of memory).
    at::Tensor denoise(const PipelineRequest& request, const PipelineCallbacks& callbacks = {});

    // Final latents -> frames [1, F, 3, H, W] in [0, 1], float32 on the CPU.
    // The plan's decode fields (chunk frames, tiles) and attention chunk apply.
    at::Tensor decode(const at::Tensor& latents, const ExecutionPlan& plan,
                      const PipelineCallbacks& callbacks = {});

    // Frees the text and image encoders (they reload on the next request that needs them); cached
    // embeddings stay valid.
    void releaseEncoders();
    // Takes effect at the next step (chunking) or the next use of a component (release, offload).
    void setExecutionPlan(const ExecutionPlan& plan);
    const ExecutionPlan& executionPlan() const { return options_.plan; }
    // Bytes of the weights loaded now (all components, wherever they are).
    std::uint64_t loadedWeightBytes() const;
    void setPreviewInterval(int steps) { options_.previewInterval = steps; }
    // Tests only: the simulated out-of-memory errors of the next denoise() and decode() calls.
    void injectOutOfMemory(const InjectedOutOfMemory& faults) {
        options_.injectOutOfMemory = faults;
        injected_ = faults;
    }
    const PipelineOptions& options() const { return options_; }
    double vaeScalingFactor() const;

    // How often the encoders really ran (the rest came from the embedding cache).
    int textEncoderRuns() const { return textEncoderRuns_; }
    int imageEncoderRuns() const { return imageEncoderRuns_; }
    // UNet evaluations so far, one per batch entry: a guided step counts two, an unguided one.
    std::int64_t unetEvaluations() const { return unetEvaluations_; }
    // Steps that reused the deep features (draft mode) so far.
    std::int64_t deepFeatureReuses() const { return deepFeatureReuses_; }

private:
    struct Components;
    I2VGenXLPipeline(std::filesystem::path folder, const PipelineOptions& options);
    Expected<void> loadTextEncoder();
    Expected<void> loadImageEncoder();
    Expected<void> loadUNet();
    // With the plan's offload, moves a component to the device while it runs and back afterwards.
    void place(torch::nn::Module& module, bool running);
    void parkIdleComponents();
    void throwInjectedOutOfMemory(const char* where);
    std::int64_t attentionQueryChunkFor(std::int64_t images, std::int64_t tokens) const;

    std::filesystem::path folder_;
    PipelineOptions options_;
    std::unique_ptr<Components> components_;
    int textEncoderRuns_ = 0;
    int imageEncoderRuns_ = 0;
    std::int64_t unetEvaluations_ = 0;
    std::int64_t deepFeatureReuses_ = 0;
    InjectedOutOfMemory injected_;
};

// Frames [1, F, 3, H, W] in [0, 1] -> 8-bit RGB images.
std::vector<RgbImage> framesToImages(const at::Tensor& frames);

// A cheap RGB preview of latents [N, 4, h, w] (a fixed linear map from the four latent channels
// to RGB; no VAE), one image per row at latent resolution.
std::vector<RgbImage> latentPreview(const at::Tensor& latents);

}  // namespace kinora::model
