// Predicted peak memory of an I2VGen-XL run on the compute device and on the host, stage by stage.
// Derived from the architecture (the component configs of a model folder): resident weights at
// the run's dtype, then the tensors alive at the worst moment of each stage, found by walking the
// UNet and the VAE layer by layer the way their forward passes allocate (skip connections, resnet
// and temporal-convolution temporaries, attention q/k/v and score matrices, GEGLU feed-forwards,
// the VAE decoder's full-resolution feature maps per decode chunk or tile). A few calibration
// constants, measured on this project's CPU build (docs/memory.md), cover what the architecture
// does not say: the runtime's own footprint and the allocator's slack. No lookup table.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "model/memory/ExecutionPlan.h"
#include "model/runtime/Error.h"
#include "model/weights/Checkpoint.h"

namespace kinora::model {

// One weight-bearing component: how many parameter (and buffer) elements it holds.
struct ComponentSize {
    std::string name;                 // unet, vae, text_encoder, image_encoder
    std::uint64_t parameters = 0;     // elements
    std::uint64_t largestTensor = 0;  // elements of its largest single tensor
    std::uint64_t fileBytes = 0;  // bytes of the weight files that would load; 0 without weights
    bool countedFromWeights = false;  // from the safetensors headers, else from the config's shapes
};

// The shapes the prediction needs, read from a model folder's component configs.
struct ModelArchitecture {
    // UNet (unet/config.json)
    std::vector<std::int64_t> unetChannels;  // block_out_channels
    std::vector<bool> unetDownAttention;     // down block i has spatial + temporal transformers
    std::vector<bool> unetUpAttention;       // up block i (in up order) has them
    std::int64_t unetLayersPerBlock = 2;
    std::int64_t unetHeadDim = 64;
    // transformer_in's heads: fixed by the reference (8), so its width is 8 x unetHeadDim, not
    // the first block's channels.
    std::int64_t transformerInHeads = 8;
    std::int64_t crossAttentionDim = 1024;
    std::int64_t latentChannels = 4;
    // VAE (vae/config.json)
    std::vector<std::int64_t> vaeChannels;  // block_out_channels
    std::int64_t vaeLayersPerBlock = 2;
    bool vaeMidAttention = true;
    std::int64_t spatialScale = 8;  // image pixels per latent pixel
    // CLIP encoders
    std::int64_t textTokens = 77;
    std::int64_t textHidden = 1024, textIntermediate = 4096, textHeads = 16;
    std::int64_t imageTokens = 257;
    std::int64_t imageHidden = 1280, imageIntermediate = 5120, imageHeads = 16;
    std::int64_t imageCropSide = 224;

    ComponentSize unet, vae, textEncoder, imageEncoder;
};

// Reads the configs of `folder` (weights present or not): parameter counts come from the
// safetensors headers when the weights are there, else from the shapes the configs imply.
Expected<ModelArchitecture> readModelArchitecture(
    const std::filesystem::path& folder,
    WeightVariant variant = WeightVariant::PreferFullPrecision);

// What is generated, as far as memory is concerned (steps never change the peak).
struct RunShape {
    int width = 1280;
    int height = 704;
    int frames = 16;
    bool guided = true;  // classifier-free guidance: the UNet sees a batch of 2
};

enum class MemoryStage { Load, TextEncode, ImageEncode, Denoise, Decode, Encode };

std::string_view memoryStageName(MemoryStage stage);

struct StageMemory {
    MemoryStage stage = MemoryStage::Load;
    std::uint64_t deviceBytes = 0;  // CUDA memory; 0 on the CPU (everything is host memory there)
    std::uint64_t hostBytes = 0;    // process memory (resident set) on the host
    std::string peakAt;             // where in the stage the peak falls
};

struct MemoryPrediction {
    std::vector<StageMemory> stages;  // in the order they run

    std::uint64_t peakDeviceBytes() const;
    std::uint64_t peakHostBytes() const;
    // The memory the plan must fit into: the device's on CUDA, the host's on the CPU.
    std::uint64_t peakComputeBytes(ComputeKind device) const;
    // Copies, not references: callers ask a prediction that is often a temporary
    // (predictMemory(...).stage(...)), and a reference into it would dangle.
    StageMemory peakStage(ComputeKind device) const;
    StageMemory stage(MemoryStage stage) const;
};

MemoryPrediction predictMemory(const ModelArchitecture& model, const RunShape& shape,
                               const ExecutionPlan& plan);

// The calibration constants, for the record and the benchmark.
struct MemoryCalibration {
    std::uint64_t cpuRuntimeBytes;   // resident set of a process with LibTorch loaded, idle
    double cpuActivationSlack;       // measured / derived activation peaks on the CPU
    std::uint64_t cudaContextBytes;  // device memory of the CUDA context and kernels
    double cudaAllocatorSlack;       // caching allocator rounding and fragmentation
    std::uint64_t cudaHostRuntimeBytes;
};
const MemoryCalibration& memoryCalibration();

}  // namespace kinora::model
