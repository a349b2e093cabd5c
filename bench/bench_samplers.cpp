// bench_samplers: what each sampler, step count, guidance schedule and draft cache costs and how
// far its result lands from a 50-step DDIM run from the same seed, on one model folder (the tiny
// fixture, or a real-architecture random-weight folder from kinora-make-random-model).
//
// Cost: UNet evaluations (counted by the pipeline, one per batch entry) and wall time of the
// denoising. Distance: relative L2 of the final latents, ||x - x_ref|| / ||x_ref||. With random
// weights the model is no denoiser, so the distance measures how closely a sampler follows the
// probability-flow ODE that DDIM-50 approximates, not picture quality; Euler ancestral adds fresh
// noise and lands far by construction. Where the folder has reference goldens for a sampler and
// step count (tests/fixtures/sampler-golden/<folder name>), the distance to the reference's own
// result is printed too.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/pipeline/I2VGenXLPipeline.h"
#include "model/runtime/Json.h"
#include "model/schedulers/SamplerCatalog.h"
#include "model/weights/TensorIO.h"

using namespace kinora::model;

namespace {

struct Settings {
    std::string folder = KINORA_DEFAULT_FIXTURE_DIR;
    std::string fixture = KINORA_DEFAULT_FIXTURE_DIR;  // input picture and prompt
    int width = 0;                                     // 0: the fixture case's
    int height = 0;
    int frames = 0;
    int threads = 2;
    std::string json;
    bool quick = false;
};

struct Config {
    std::string sampler;
    int steps;
    double guidanceUntil = 1.0;
    int deepCache = 0;
};

struct Row {
    Config config;
    std::int64_t evaluations = 0;
    std::int64_t reuses = 0;
    double seconds = 0;
    double distance = 0;
    std::optional<double> referenceDistance;
};

std::vector<Config> matrix(bool quick) {
    if (quick)
        return {{"ddim", 12},
                {"dpmpp-2m", 8},
                {"unipc", 8},
                {"dpmpp-2m", 8, 0.5},
                {"dpmpp-2m", 8, 1.0, 2}};
    return {
        {"ddim", 25},
        {"ddim", 12},
        {"dpmpp-2m", 25},
        {"dpmpp-2m", 15},
        {"dpmpp-2m", 12},
        {"dpmpp-2m", 8},
        {"dpmpp-2m-karras", 15},
        {"euler", 25},
        {"euler", 15},
        {"euler-a", 25},
        {"unipc", 15},
        {"unipc", 10},
        {"unipc", 8},
        {"dpmpp-2m", 15, 0.5},
        {"dpmpp-2m", 15, 0.3},
        {"dpmpp-2m", 15, 1.0, 2},
        {"dpmpp-2m", 15, 1.0, 3},
        {"unipc", 10, 1.0, 2},
    };
}

RgbImage fixtureImage(const std::string& fixture) {
    auto tensors = readTensorFile(fixture + "/golden/image.safetensors");
    if (!tensors)
        throw std::runtime_error(tensors.error().describe());
    const auto pixels = tensors->at("input_image_u8").contiguous();  // [H, W, 3]
    RgbImage image;
    image.height = int(pixels.size(0));
    image.width = int(pixels.size(1));
    image.pixels.assign(pixels.data_ptr<std::uint8_t>(),
                        pixels.data_ptr<std::uint8_t>() + pixels.numel());
    return image;
}

PipelineRequest baseRequest(const Settings& settings) {
    auto cases = readJsonFile(settings.fixture + "/golden/cases.json");
    if (!cases)
        throw std::runtime_error(cases.error().describe());
    const auto& c = cases->at("pipeline");
    PipelineRequest request;
    request.image = fixtureImage(settings.fixture);
    request.prompt = c.at("prompt").get<std::string>();
    if (c.at("negative_prompt").is_string())
        request.negativePrompt = c.at("negative_prompt").get<std::string>();
    request.width = settings.width > 0 ? settings.width : c.at("width").get<int>();
    request.height = settings.height > 0 ? settings.height : c.at("height").get<int>();
    request.frames = settings.frames > 0 ? settings.frames : c.at("num_frames").get<int>();
    request.guidance = c.at("guidance_scale").get<double>();
    request.targetFps = c.at("target_fps").get<int>();
    request.seed = c.at("generator_seed").get<std::uint64_t>();
    request.vaeSeed = c.at("global_seed").get<std::uint64_t>();
    return request;
}

// pipeline.<sampler> final latents of the reference, with their step count, where present.
std::map<std::string, std::pair<int, at::Tensor>> referenceResults(const Settings& settings) {
    std::map<std::string, std::pair<int, at::Tensor>> results;
    const auto dir = std::filesystem::path(KINORA_SOURCE_DIR) / "tests" / "fixtures" /
                     "sampler-golden" / std::filesystem::path(settings.folder).filename();
    auto doc = readJsonFile(dir / "samplers.json");
    auto tensors = readTensorFile((dir / "samplers.safetensors").string());
    if (!doc || !tensors)
        return results;
    for (const auto& [key, value] : doc->at("pipeline_cases").items()) {
        const auto found = tensors->find(key + ".final_latents");
        if (found != tensors->end())
            results[value.at("sampler").get<std::string>()] = {value.at("steps").get<int>(),
                                                               found->second};
    }
    return results;
}

double relativeDistance(const at::Tensor& x, const at::Tensor& reference) {
    return ((x - reference).norm() / reference.norm()).item<double>();
}

Row run(I2VGenXLPipeline& pipeline, PipelineRequest request, const Config& config,
        at::Tensor& latents) {
    request.sampler = *samplerFromName(config.sampler);
    request.steps = config.steps;
    request.guidanceUntil = config.guidanceUntil;
    request.deepCacheInterval = config.deepCache;
    Row row;
    row.config = config;
    const auto evaluations = pipeline.unetEvaluations();
    const auto reuses = pipeline.deepFeatureReuses();
    double denoising = 0;
    PipelineCallbacks callbacks;
    callbacks.stepFinished = [&](const StepProgress& progress) {
        denoising = progress.elapsedSeconds;
    };
    latents = pipeline.denoise(request, callbacks);
    row.evaluations = pipeline.unetEvaluations() - evaluations;
    row.reuses = pipeline.deepFeatureReuses() - reuses;
    row.seconds = denoising;
    return row;
}

std::string label(const Config& config) {
    std::string text = config.sampler + " " + std::to_string(config.steps);
    char until[32];
    std::snprintf(until, sizeof until, "%.2g", config.guidanceUntil);
    return text + " | " + until + " | " +
           (config.deepCache ? "deep:" + std::to_string(config.deepCache) : std::string("off"));
}

}  // namespace

int main(int argc, char** argv) {
    Settings settings;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--width")
            settings.width = std::stoi(next());
        else if (arg == "--height")
            settings.height = std::stoi(next());
        else if (arg == "--frames")
            settings.frames = std::stoi(next());
        else if (arg == "--threads")
            settings.threads = std::stoi(next());
        else if (arg == "--json")
            settings.json = next();
        else if (arg == "--fixture")
            settings.fixture = next();
        else if (arg == "--quick")
            settings.quick = true;
        else if (arg == "--help" || arg == "-h" || arg.rfind("--", 0) == 0) {
            std::printf(
                "usage: bench_samplers [MODEL_DIR] [--width W --height H --frames F] [--threads "
                "N]\n"
                "                      [--fixture DIR] [--quick] [--json FILE]\n"
                "MODEL_DIR defaults to the tiny fixture; the input picture, prompt and seeds come\n"
                "from the fixture's golden \"pipeline\" case (--fixture, default the tiny one).\n");
            return arg == "--help" || arg == "-h" ? 0 : 2;
        } else
            settings.folder = arg;
    }
    at::set_num_threads(settings.threads);
    try {
        auto loaded = I2VGenXLPipeline::load(settings.folder, {});
        if (!loaded) {
            std::fprintf(stderr, "%s\n", loaded.error().describe().c_str());
            return 1;
        }
        auto& pipeline = **loaded;
        const auto request = baseRequest(settings);
        const auto references = referenceResults(settings);

        // A one-step run first: it loads the UNet and encodes the prompt and picture, so every
        // timed run below finds them warm. (It also matters for memory: on this LibTorch the
        // process's resident set grows with every step of the first run after loading, about
        // 0.25 GiB per step on the real model, and not in later runs.)
        PipelineRequest warmUp = request;
        warmUp.steps = 1;
        pipeline.denoise(warmUp);
        PipelineRequest baseline = request;
        baseline.steps = 50;
        const auto started = std::chrono::steady_clock::now();
        const auto reference = pipeline.denoise(baseline);
        const double baselineSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

        std::printf("bench_samplers: %s, %dx%d, %d frames, guidance %.3g, %d threads\n",
                    settings.folder.c_str(), request.width, request.height, request.frames,
                    request.guidance, settings.threads);
        std::printf("baseline: ddim 50 steps, %.1f s\n\n", baselineSeconds);
        std::printf(
            "| sampler steps | guidance until | cache | UNet evals | reused | denoise s | "
            "vs DDIM-50 | vs reference |\n");
        std::printf("|---|---|---|---|---|---|---|---|\n");
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& config : matrix(settings.quick)) {
            at::Tensor latents;
            Row row = run(pipeline, request, config, latents);
            row.distance = relativeDistance(latents, reference);
            const auto found = references.find(config.sampler);
            if (found != references.end() && found->second.first == config.steps &&
                config.guidanceUntil == 1.0 && config.deepCache == 0)
                row.referenceDistance = relativeDistance(latents, found->second.second);
            char vsReference[32] = "-";
            if (row.referenceDistance)
                std::snprintf(vsReference, sizeof vsReference, "%.2e", *row.referenceDistance);
            std::printf("| %s | %lld | %lld | %.2f | %.4f | %s |\n", label(config).c_str(),
                        static_cast<long long>(row.evaluations), static_cast<long long>(row.reuses),
                        row.seconds, row.distance, vsReference);
            std::fflush(stdout);
            rows.push_back({{"sampler", config.sampler},
                            {"steps", config.steps},
                            {"guidance_until", config.guidanceUntil},
                            {"cache", config.deepCache ? "deep:" + std::to_string(config.deepCache)
                                                       : std::string("off")},
                            {"unet_evaluations", row.evaluations},
                            {"deep_feature_reuses", row.reuses},
                            {"denoise_seconds", row.seconds},
                            {"relative_l2_to_ddim50", row.distance},
                            {"relative_l2_to_reference",
                             row.referenceDistance ? nlohmann::json(*row.referenceDistance)
                                                   : nlohmann::json()}});
        }
        if (!settings.json.empty()) {
            std::ofstream(settings.json) << nlohmann::json{{"model", settings.folder},
                                                           {"width", request.width},
                                                           {"height", request.height},
                                                           {"frames", request.frames},
                                                           {"threads", settings.threads},
                                                           {"baseline_seconds", baselineSeconds},
                                                           {"rows", rows}}
                                                .dump(1)
                                         << "\n";
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_samplers: %s\n", error.what());
        return 1;
    }
    return 0;
}
