// bench_memory: the memory model's accuracy. Each configuration runs the pipeline (load, encode,
// one denoising step, decode) in a fresh child process; the child records its peak resident set
// per phase (VmHWM, reset between phases through /proc/self/clear_refs) and the table compares
// them with MemoryModel's prediction for the same request and plan.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include "ChildProcess.h"

#include "model/memory/MemoryModel.h"
#include "model/pipeline/I2VGenXLPipeline.h"
#include "model/runtime/Runtime.h"

using namespace kinora;

namespace {

struct Config {
    std::string label;
    std::string folder;
    int width, height, frames;
    std::int64_t queryChunk;
    bool releaseEncoders;
};

// Peaks in bytes: loading and encoding (until the first step), the denoising step, the decode.
struct Measured {
    double loadAndEncode = 0, denoise = 0, decode = 0;
    bool ok = false;
    char error[256] = {};
};

double peakResidentBytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) * 1024.0;
    }
    return 0.0;
}

void resetPeak() {
    std::ofstream("/proc/self/clear_refs") << "5";
}

model::ExecutionPlan planFor(const Config& config) {
    model::ExecutionPlan plan;
    plan.device = model::ComputeKind::Cpu;
    plan.dtypeBytes = 4;
    plan.releaseEncoders = config.releaseEncoders;
    plan.attentionQueryChunk = config.queryChunk;
    plan.decodeChunkFrames = 1;
    return plan;
}

Measured run(const Config& config, int threads) {
    Measured measured;
    model::setComputeThreads(threads);
    const auto plan = planFor(config);
    model::PipelineOptions options;
    options.plan = plan;  // its chunk, or none (no score budget)
    try {
        auto pipeline = model::I2VGenXLPipeline::load(config.folder, options);
        if (!pipeline) {
            std::snprintf(measured.error, sizeof measured.error, "%s",
                          pipeline.error().describe().c_str());
            return measured;
        }
        model::PipelineRequest request;
        request.image.width = config.width;
        request.image.height = config.height;
        request.image.pixels.resize(std::size_t(config.width) * config.height * 3);
        for (std::size_t i = 0; i < request.image.pixels.size(); ++i)
            request.image.pixels[i] = std::uint8_t((i * 7) % 251);
        request.prompt = "camera slowly panning left, steam rising from the cup";
        request.width = config.width;
        request.height = config.height;
        request.frames = config.frames;
        request.steps = 1;
        request.guidance = 9.0;
        model::PipelineCallbacks callbacks;
        callbacks.stageStarted = [&](model::PipelineStage stage) {
            if (stage == model::PipelineStage::Denoising) {
                measured.loadAndEncode = peakResidentBytes();
                resetPeak();
            }
        };
        const auto latents = (*pipeline)->denoise(request, callbacks);
        measured.denoise = peakResidentBytes();
        resetPeak();
        model::ExecutionPlan decode;
        decode.decodeChunkFrames = plan.decodeChunkFrames;
        const auto frames = (*pipeline)->decode(latents, decode);
        const auto images = model::framesToImages(frames);
        measured.decode = peakResidentBytes();
        measured.ok = !images.empty();
    } catch (const std::exception& error) {
        std::snprintf(measured.error, sizeof measured.error, "%s", error.what());
    }
    return measured;
}

// A process with LibTorch loaded that ran one small convolution and attention on every thread
// (so oneDNN's and OpenMP's pools exist) and holds no model: MemoryCalibration's runtime figure.
double runtimeBaseline(int threads) {
    model::setComputeThreads(threads);
    const auto x = at::randn({2, 64, 32, 32});
    const auto conv = at::conv2d(x, at::randn({64, 64, 3, 3}), {}, 1, 1);
    const auto q = at::randn({2, 8, 256, 40});
    const auto scores = at::bmm(q.reshape({16, 256, 40}), q.reshape({16, 256, 40}).transpose(1, 2));
    // Reading the results makes every kernel run before the peak is read.
    if (!std::isfinite(conv.sum().item<double>() + scores.softmax(-1).sum().item<double>()))
        return 0.0;
    return peakResidentBytes();
}

double errorPercent(double predicted, double measured) {
    return measured > 0 ? (predicted - measured) / measured * 100.0 : 0.0;
}

double mib(double bytes) {
    return bytes / double(1 << 20);
}

}  // namespace

int main(int argc, char** argv) {
    std::string realModel;
    std::string tinyModel = KINORA_DEFAULT_FIXTURE_DIR;
    int threads = 2;
    bool predictOnly = false;
    std::string only;  // run the rows whose "model size frames chunk" contains this
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--threads" && i + 1 < argc) {
            threads = std::atoi(argv[++i]);
        } else if (arg == "--tiny" && i + 1 < argc) {
            tinyModel = argv[++i];
        } else if (arg == "--only" && i + 1 < argc) {
            only = argv[++i];
        } else if (arg == "--predict-only") {
            predictOnly = true;
        } else if (arg == "--help") {
            std::printf(
                "usage: bench_memory [REAL_ARCHITECTURE_MODEL_DIR] [--tiny DIR] [--threads N] "
                "[--predict-only] [--only TEXT]\n"
                "Runs every configuration in a child process (1 denoising step, fp32 on the CPU)\n"
                "and compares its peak resident set per phase with the memory model's prediction.\n"
                "Without a model folder only the tiny fixture runs; build a real-architecture\n"
                "folder with kinora-make-random-model.\n");
            return 0;
        } else {
            realModel = arg;
        }
    }
    std::vector<Config> configs;
    for (const std::int64_t chunk : {std::int64_t(0), std::int64_t(256)})
        configs.push_back({"tiny fixture", tinyModel, 256, 256, 8, chunk, false});
    if (!realModel.empty()) {
        for (const auto& [width, height] : {std::pair{256, 256}, std::pair{320, 192}})
            for (const int frames : {4, 8})
                for (const std::int64_t chunk : {std::int64_t(0), std::int64_t(256)})
                    configs.push_back(
                        {"real architecture", realModel, width, height, frames, chunk, true});
    }

    if (!predictOnly) {
        const auto baseline =
            bench::measureInChild<double>([&] { return runtimeBaseline(threads); });
        if (baseline) {
            std::printf("runtime baseline: %.0f MiB measured, %.0f MiB in the calibration\n\n",
                        mib(baseline->result),
                        mib(double(model::memoryCalibration().cpuRuntimeBytes)));
        }
    }
    std::printf(
        "fp32 on the CPU, %d threads, CFG on, 1 denoising step, decode 1 frame at a time;\n"
        "peaks in MiB (predicted / measured, error = (predicted - measured) / measured)\n\n",
        threads);
    std::printf(
        "| model | size | frames | attention chunk | load+encode | denoise step | decode | "
        "peak | error |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    int failures = 0;
    double worst = 0.0;
    for (const auto& config : configs) {
        const std::string chunkName =
            config.queryChunk > 0 ? std::to_string(config.queryChunk) : std::string("none");
        const std::string row = config.label + " " + std::to_string(config.width) + "x" +
                                std::to_string(config.height) + " " +
                                std::to_string(config.frames) + " " + chunkName;
        if (row.find(only) == std::string::npos)
            continue;
        const auto architecture = model::readModelArchitecture(config.folder);
        if (!architecture) {
            std::printf("| %s | %s |\n", config.label.c_str(),
                        architecture.error().describe().c_str());
            ++failures;
            continue;
        }
        const auto prediction = predictMemory(
            *architecture, {config.width, config.height, config.frames, true}, planFor(config));
        const double predictedLoad =
            double(std::max({prediction.stage(model::MemoryStage::Load).hostBytes,
                             prediction.stage(model::MemoryStage::TextEncode).hostBytes,
                             prediction.stage(model::MemoryStage::ImageEncode).hostBytes}));
        const double predictedDenoise =
            double(prediction.stage(model::MemoryStage::Denoise).hostBytes);
        const double predictedDecode =
            double(prediction.stage(model::MemoryStage::Decode).hostBytes);
        const double predictedPeak = std::max({predictedLoad, predictedDenoise, predictedDecode});
        const std::string chunk =
            config.queryChunk > 0 ? std::to_string(config.queryChunk) : std::string("none");
        if (predictOnly) {
            std::printf("| %s | %dx%d | %d | %s | %.0f | %.0f | %.0f | %.0f | |\n",
                        config.label.c_str(), config.width, config.height, config.frames,
                        chunk.c_str(), mib(predictedLoad), mib(predictedDenoise),
                        mib(predictedDecode), mib(predictedPeak));
            continue;
        }
        const auto child = bench::measureInChild<Measured>([&] { return run(config, threads); });
        if (!child || !child->result.ok) {
            std::printf("| %s | %dx%d | %d | %s | failed: %s |\n", config.label.c_str(),
                        config.width, config.height, config.frames, chunk.c_str(),
                        child ? child->result.error : "the child died");
            ++failures;
            continue;
        }
        const auto& m = child->result;
        // ru_maxrss is the last phase's peak (clear_refs resets it): the run's is the largest.
        const double measuredPeak = std::max({m.loadAndEncode, m.denoise, m.decode});
        const double error = errorPercent(predictedPeak, measuredPeak);
        worst = std::max(worst, std::abs(error));
        std::printf(
            "| %s | %dx%d | %d | %s | %.0f / %.0f | %.0f / %.0f | %.0f / %.0f | %.0f / %.0f | "
            "%+.1f%% |\n",
            config.label.c_str(), config.width, config.height, config.frames, chunk.c_str(),
            mib(predictedLoad), mib(m.loadAndEncode), mib(predictedDenoise), mib(m.denoise),
            mib(predictedDecode), mib(m.decode), mib(predictedPeak), mib(measuredPeak), error);
        std::fflush(stdout);
    }
    if (!predictOnly)
        std::printf("\nworst peak error: %.1f%%\n", worst);
    return failures > 0 ? 1 : 0;
}
