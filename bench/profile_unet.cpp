// kinora-profile-unet: one UNet forward (or one VAE frame decode) of a model folder under the
// LibTorch profiler, time added up per op kind (self time: the innermost aten op that ran) and per
// module kind (inclusive time of the forwards named by KINORA_PROFILE_MODULE). The reference's
// table for the same shapes comes from bench/profile_unet_reference.py;
// bench/profile_side_by_side.py runs both and joins them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/csrc/autograd/profiler_legacy.h>

#include <nlohmann/json.hpp>

#include "model/runtime/Runtime.h"
#include "model/unet/I2VGenXLUNet.h"
#include "model/vae/AutoencoderKL.h"

using namespace kinora::model;
namespace profiler = torch::autograd::profiler;

namespace {

struct Settings {
    std::string folder;
    std::string part = "unet";
    int width = 128;
    int height = 128;
    int frames = 8;
    int threads = 2;
    int warmups = 1;
    bool cfg = true;
    std::string jsonPath;
};

struct Totals {
    std::int64_t count = 0;
    double inclusiveUs = 0;
    double selfUs = 0;
};

int usage() {
    std::fprintf(stderr,
                 "usage: kinora-profile-unet MODEL_DIR [--part unet|vae-decode] [--width W] "
                 "[--height H] [--frames F] [--threads N] [--warmups N] [--no-cfg] [--json OUT]\n"
                 "Runs --warmups untimed calls, then one call under the LibTorch profiler, and "
                 "prints time per op kind and per module kind. Defaults: unet, 128x128, 8 frames, "
                 "2 threads, 1 warm-up, classifier-free guidance (batch 2).\n");
    return 2;
}

bool parse(int argc, char** argv, Settings& settings) {
    if (argc < 2)
        return false;
    settings.folder = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--no-cfg") {
            settings.cfg = false;
        } else if (arg == "--part" && hasValue) {
            settings.part = argv[++i];
        } else if (arg == "--json" && hasValue) {
            settings.jsonPath = argv[++i];
        } else if (hasValue && (arg == "--width" || arg == "--height" || arg == "--frames" ||
                                arg == "--threads" || arg == "--warmups")) {
            const int value = std::atoi(argv[++i]);
            if (value <= 0 && arg != "--warmups")
                return false;
            (arg == "--width"     ? settings.width
             : arg == "--height"  ? settings.height
             : arg == "--frames"  ? settings.frames
             : arg == "--threads" ? settings.threads
                                  : settings.warmups) = value;
        } else {
            return false;
        }
    }
    return settings.part == "unet" || settings.part == "vae-decode";
}

// Pairs every push with its pop per thread; a range's self time is its duration less that of the
// ranges directly inside it.
std::map<std::string, Totals> addUp(const profiler::thread_event_lists& lists) {
    std::map<std::string, Totals> totals;
    struct Open {
        std::string name;
        double startUs;
        double childUs;
    };
    for (const auto& events : lists) {
        std::vector<Open> stack;
        for (const auto& event : events) {
            if (event.kind() == profiler::EventKind::PushRange) {
                stack.push_back({event.name(), event.cpuUs(), 0.0});
            } else if (event.kind() == profiler::EventKind::PopRange && !stack.empty()) {
                const auto open = stack.back();
                stack.pop_back();
                const double duration = event.cpuUs() - open.startUs;
                auto& total = totals[open.name];
                ++total.count;
                total.inclusiveUs += duration;
                total.selfUs += duration - open.childUs;
                if (!stack.empty())
                    stack.back().childUs += duration;
            }
        }
    }
    return totals;
}

// The first `maxRows` rows by time, the rest added up in one row.
void printTable(const char* title, std::vector<std::pair<std::string, Totals>> rows, bool inclusive,
                double wallUs, std::size_t maxRows) {
    const auto key = [inclusive](const Totals& t) { return inclusive ? t.inclusiveUs : t.selfUs; };
    std::sort(rows.begin(), rows.end(),
              [&](const auto& a, const auto& b) { return key(a.second) > key(b.second); });
    std::printf("\n| %s | calls | %s ms | share of the call |\n|---|---|---|---|\n", title,
                inclusive ? "inclusive" : "self");
    if (rows.size() > maxRows) {
        Totals rest;
        for (auto row = rows.begin() + std::ptrdiff_t(maxRows); row != rows.end(); ++row) {
            rest.count += row->second.count;
            rest.inclusiveUs += row->second.inclusiveUs;
            rest.selfUs += row->second.selfUs;
        }
        const auto others = std::to_string(rows.size() - maxRows) + " others";
        rows.resize(maxRows);
        rows.emplace_back(others, rest);
    }
    for (const auto& [name, total] : rows) {
        std::printf("| %s | %lld | %.1f | %.1f%% |\n", name.c_str(),
                    static_cast<long long>(total.count), key(total) / 1000.0,
                    100.0 * key(total) / wallUs);
    }
}

}  // namespace

int main(int argc, char** argv) {
    Settings settings;
    if (!parse(argc, argv, settings))
        return usage();
    configureHostAllocator();
    torch::NoGradGuard noGrad;
    at::set_num_threads(settings.threads);
    const auto device = c10::Device(c10::kCPU);
    const std::int64_t batch = settings.cfg ? 2 : 1;
    std::function<void()> call;
    std::optional<I2VGenXLUNet> unet;
    std::optional<AutoencoderKL> vae;
    if (settings.part == "unet") {
        auto loaded = I2VGenXLUNet::load(settings.folder + "/unet", at::kFloat, device,
                                         WeightVariant::PreferFullPrecision);
        if (!loaded) {
            std::fprintf(stderr, "%s\n", loaded.error().describe().c_str());
            return 1;
        }
        unet.emplace(std::move(*loaded));
        const auto crossDim = (*unet)->config().crossAttentionDim;
        // The pipeline's shapes: batch 2 with guidance, latents 1/8 of the picture.
        const auto sample = at::randn(
            {batch, 4, settings.frames, settings.height / 8, settings.width / 8});  // [B,4,F,h,w]
        const auto imageLatents = at::randn_like(sample);
        const auto context = at::randn({batch, 77, crossDim});         // [B, 77, D]
        const auto imageEmbeddings = at::randn({batch, 1, crossDim});  // [B, 1, D]
        const auto fps = at::full({batch}, 16, at::kLong);
        const auto timestep = at::scalar_tensor(981, at::kLong);
        // A step as the pipeline runs it: the conditioning is prepared once per run, and the
        // warm-up fills its cross-attention keys and values.
        const auto conditioning =
            (*unet)->prepareConditioning(fps, imageLatents, imageEmbeddings, context);
        call = [&, sample, timestep, conditioning] {
            (*unet)->forward(sample, timestep, conditioning);
        };
    } else {
        auto loaded = AutoencoderKL::load(settings.folder + "/vae", at::kFloat, device,
                                          WeightVariant::PreferFullPrecision);
        if (!loaded) {
            std::fprintf(stderr, "%s\n", loaded.error().describe().c_str());
            return 1;
        }
        vae.emplace(std::move(*loaded));
        ExecutionPlan options;
        options.decodeChunkFrames = 1;
        const auto latents =
            at::randn({1, 4, settings.height / 8, settings.width / 8});  // [1, 4, h, w]
        call = [&, latents, options] { (*vae)->decode(latents, options); };
    }
    double unprofiledSeconds = 0;
    for (int i = 0; i < settings.warmups; ++i) {
        const auto begin = std::chrono::steady_clock::now();
        call();
        unprofiledSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    }

    profiler::enableProfilerLegacy(
        torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU));
    const auto start = std::chrono::steady_clock::now();
    call();
    const double wallUs =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    const auto totals = addUp(profiler::disableProfilerLegacy());

    std::vector<std::pair<std::string, Totals>> ops, modules;
    const std::string modulePrefix = "module::";
    for (const auto& [name, total] : totals) {
        if (name.rfind(modulePrefix, 0) == 0)
            modules.emplace_back(name.substr(modulePrefix.size()), total);
        else
            ops.emplace_back(name, total);
    }
    std::printf(
        "kinora %s %dx%d, %d frames, batch %lld, %d threads: last warm-up %.2f s, %.2f s under "
        "the profiler\n",
        settings.part.c_str(), settings.width, settings.height, settings.frames,
        static_cast<long long>(batch), settings.threads, unprofiledSeconds, wallUs / 1e6);
    const auto blas = blasLibrary();
    std::printf("BLAS %s (%s kernels), allocator %s\n", blas ? blas->name.c_str() : "unknown",
                blas ? blas->kernels.c_str() : "?", hostAllocator().name.c_str());
    printTable("op", ops, false, wallUs, 25);
    printTable("module", modules, true, wallUs, modules.size());

    if (!settings.jsonPath.empty()) {
        nlohmann::json out{{"side", "kinora"},
                           {"part", settings.part},
                           {"width", settings.width},
                           {"height", settings.height},
                           {"frames", settings.frames},
                           {"batch", batch},
                           {"threads", settings.threads},
                           {"wall_ms", wallUs / 1000.0},
                           {"warmup_ms", unprofiledSeconds * 1000.0}};
        for (const auto& [name, total] : ops)
            out["ops"][name] = {{"calls", total.count}, {"self_ms", total.selfUs / 1000.0}};
        for (const auto& [name, total] : modules) {
            out["modules"][name] = {{"calls", total.count},
                                    {"inclusive_ms", total.inclusiveUs / 1000.0}};
        }
        std::ofstream(settings.jsonPath) << out.dump(1) << "\n";
    }
    return 0;
}
