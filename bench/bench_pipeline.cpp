// bench_pipeline: end-to-end generation through the same GenerationService the CLI and the GUI
// use, with the wall time of each stage (model load, encoders, mean denoising step, decode, video
// encode) and the peak RSS, each configuration in a fresh child process.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <string>

#include "ChildProcess.h"
#include "facade/GenerationService.h"

using namespace kinora;

namespace {

struct Config {
    QString label;
    QString model;
    int width, height, frames, steps;
    double guidance;
};

struct StageTimes {
    double seconds[7] = {};
    int steps = 0;
    bool ok = false;
};

StageTimes runConfig(const Config& config, const QString& image, int threads) {
    QTemporaryDir dir;
    GenerationService service;
    service.setThreads(threads);
    GenerationRequest request;
    request.modelFolder = config.model;
    request.imagePath = image;
    request.prompt = QStringLiteral("camera slowly panning left, steam rising from the cup");
    request.width = config.width;
    request.height = config.height;
    request.frames = config.frames;
    request.steps = config.steps;
    request.guidance = config.guidance;
    request.seed = 42;
    request.outputFps = 8;
    request.outputPath = dir.filePath(QStringLiteral("bench.mp4"));
    StageTimes times;
    QElapsedTimer clock;
    clock.start();
    int current = 0;
    GenerationCallbacks callbacks;
    callbacks.progress = [&](const GenerationProgress& progress) {
        const int stage = int(progress.stage);
        if (stage != current) {
            times.seconds[current] += clock.nsecsElapsed() / 1e9;
            clock.restart();
            current = stage;
        }
        if (progress.stage == GenerationStage::Denoising)
            times.steps = progress.done;
    };
    const auto outcome = service.generate(request, callbacks);
    times.seconds[current] += clock.nsecsElapsed() / 1e9;
    times.ok = outcome.succeeded();
    if (!times.ok)
        std::fprintf(stderr, "%s: %s\n", qPrintable(config.label), qPrintable(outcome.message));
    return times;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QString realModel;
    int threads = 2;
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--threads") && i + 1 < args.size())
            threads = args[++i].toInt();
        else if (args[i] == QLatin1String("--help")) {
            std::printf(
                "usage: bench_pipeline [REAL_ARCHITECTURE_MODEL_DIR] [--threads N]\n"
                "Without a model folder only the tiny fixture runs; build a real-architecture\n"
                "folder with kinora-make-random-model.\n");
            return 0;
        } else
            realModel = args[i];
    }
    const QString image = QStringLiteral(KINORA_SOURCE_DIR "/resources/samples/sample.jpg");
    QList<Config> configs = {{QStringLiteral("tiny fixture, CFG"),
                              QStringLiteral(KINORA_DEFAULT_FIXTURE_DIR), 96, 64, 6, 4, 9.0}};
    if (!realModel.isEmpty()) {
        configs.append({QStringLiteral("real architecture, CFG"), realModel, 256, 256, 8, 2, 9.0});
    }
    std::printf("%d threads; stage wall times in seconds\n\n", threads);
    std::printf(
        "| model | size | frames | steps | load | prompt | image | per step | decode | encode | "
        "total | peak RSS MiB |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    int failures = 0;
    for (const auto& config : configs) {
        const auto measured = kinora::bench::measureInChild<StageTimes>(
            [&] { return runConfig(config, image, threads); });
        if (!measured || !measured->result.ok) {
            ++failures;
            std::printf("| %s | failed |\n", qPrintable(config.label));
            continue;
        }
        const StageTimes& times = measured->result;
        double total = 0;
        for (double seconds : times.seconds)
            total += seconds;
        const auto at = [&](GenerationStage stage) { return times.seconds[int(stage)]; };
        std::printf(
            "| %s | %dx%d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.0f |\n",
            qPrintable(config.label), config.width, config.height, config.frames, config.steps,
            at(GenerationStage::LoadingModel), at(GenerationStage::EncodingPrompt),
            at(GenerationStage::EncodingImage),
            at(GenerationStage::Denoising) / std::max(1, times.steps),
            at(GenerationStage::Decoding), at(GenerationStage::Encoding), total,
            measured->peakRssMiB);
        std::fflush(stdout);
    }
    return failures > 0 ? 1 : 0;
}
