// bench_model: one UNet forward and one VAE frame decode of a model folder (the tiny fixture, or a
// real-architecture random-weight folder from kinora-make-random-model), unchunked and with
// chunked attention, each measured in a fresh child process so its peak RSS is its own.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "ChildProcess.h"
#include "model/unet/I2VGenXLUNet.h"
#include "model/vae/AutoencoderKL.h"

using namespace kinora::model;

namespace {

struct Settings {
    std::string folder;
    int frames = 8;
    int latent = 32;
    int repeats = 1;
    int threads = 2;
    bool cfg = true;
};

struct Case {
    std::string what;
    std::int64_t attentionChunk = 0;
    std::int64_t feedForwardChunk = 0;
};

// Runs in the child: returns seconds per run (median of repeats), or a negative value on failure.
double runCase(const Settings& settings, const Case& benchCase) {
    torch::NoGradGuard noGrad;
    at::set_num_threads(settings.threads);
    const auto device = c10::Device(c10::kCPU);
    const double failed = -1.0;
    std::vector<double> seconds;
    if (benchCase.what == "unet") {
        auto unet = I2VGenXLUNet::load(settings.folder + "/unet", at::kFloat, device,
                                       WeightVariant::PreferFullPrecision);
        if (!unet) {
            std::fprintf(stderr, "%s\n", unet.error().describe().c_str());
            return failed;
        }
        (*unet)->setRunOptions({benchCase.attentionChunk, benchCase.feedForwardChunk});
        const auto& config = (*unet)->config();
        const std::int64_t batch = settings.cfg ? 2 : 1;
        const auto sample =
            at::randn({batch, 4, settings.frames, settings.latent, settings.latent});
        const auto imageLatents = at::randn_like(sample);
        const auto context = at::randn({batch, 77, config.crossAttentionDim});
        const auto imageEmbeddings = at::randn({batch, 1, config.crossAttentionDim});
        const auto fps = at::full({batch}, 16, at::kLong);
        const auto timestep = at::scalar_tensor(981, at::kLong);
        for (int i = 0; i < settings.repeats; ++i) {
            const auto start = std::chrono::steady_clock::now();
            (*unet)->forward(sample, timestep, fps, imageLatents, imageEmbeddings, context);
            seconds.push_back(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
    } else {
        auto vae = AutoencoderKL::load(settings.folder + "/vae", at::kFloat, device,
                                       WeightVariant::PreferFullPrecision);
        if (!vae) {
            std::fprintf(stderr, "%s\n", vae.error().describe().c_str());
            return failed;
        }
        ExecutionPlan options;
        options.decodeChunkFrames = 1;
        options.attentionQueryChunk = benchCase.attentionChunk;
        const auto latents = at::randn({1, 4, 1, settings.latent, settings.latent});
        for (int i = 0; i < settings.repeats; ++i) {
            const auto start = std::chrono::steady_clock::now();
            (*vae)->decodeLatents(latents, options);
            seconds.push_back(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds[seconds.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    Settings settings;
    settings.folder = KINORA_DEFAULT_FIXTURE_DIR;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto next = [&]() { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
        if (arg == "--frames")
            settings.frames = next();
        else if (arg == "--latent")
            settings.latent = next();
        else if (arg == "--repeats")
            settings.repeats = next();
        else if (arg == "--threads")
            settings.threads = next();
        else if (arg == "--no-cfg")
            settings.cfg = false;
        else if (arg == "--help" || arg == "-h") {
            std::printf(
                "usage: bench_model [MODEL_DIR] [--frames N] [--latent N] [--repeats N] "
                "[--threads N] [--no-cfg]\n");
            return 0;
        } else
            settings.folder = arg;
    }
    const std::int64_t tokens = std::int64_t(settings.latent) * settings.latent;
    const std::vector<Case> cases = {
        {"unet", 0, 0},
        {"unet", tokens / 4, tokens / 4},
        {"vae", 0, 0},
        {"vae", std::max<std::int64_t>(1, tokens / 4), 0},
    };
    std::printf(
        "model: %s\nunet input: %s batch, %d frames, %dx%d latents; vae: one frame of %dx%d "
        "latents; %d threads, median of %d\n\n",
        settings.folder.c_str(), settings.cfg ? "CFG (2)" : "1", settings.frames, settings.latent,
        settings.latent, settings.latent, settings.latent, settings.threads, settings.repeats);
    std::printf("| part | attention chunk | ff chunk | seconds | peak RSS MiB |\n");
    std::printf("|---|---|---|---|---|\n");
    int failures = 0;
    for (const auto& benchCase : cases) {
        const auto measured =
            kinora::bench::measureInChild<double>([&] { return runCase(settings, benchCase); });
        if (!measured || measured->result < 0) {
            ++failures;
            std::printf("| %s | %lld | %lld | failed | - |\n", benchCase.what.c_str(),
                        static_cast<long long>(benchCase.attentionChunk),
                        static_cast<long long>(benchCase.feedForwardChunk));
            continue;
        }
        std::printf("| %s | %lld | %lld | %.3f | %.0f |\n", benchCase.what.c_str(),
                    static_cast<long long>(benchCase.attentionChunk),
                    static_cast<long long>(benchCase.feedForwardChunk), measured->result,
                    measured->peakRssMiB);
        std::fflush(stdout);
    }
    return failures > 0 ? 1 : 0;
}
