// kinora-cli generate, decode and batch.
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

#include "CliCommands.h"
#include "JobOutput.h"
#include "RequestOptions.h"
#include "facade/BatchFile.h"
#include "facade/CameraPrompt.h"
#include "facade/Diagnostics.h"
#include "facade/GenerationService.h"
#include "facade/JobRunner.h"
#include "facade/MemoryPlanning.h"

namespace kinora::cli {
namespace {

// The output of one of several candidates: <base>_seed<N>.<ext> beside the output asked for.
QString withSeedSuffix(const QString& path, quint64 seed) {
    const QFileInfo info(path);
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    return info.dir().filePath(info.completeBaseName() + QStringLiteral("_seed%1").arg(seed) +
                               suffix);
}

}  // namespace

int runGenerate(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Generate a video from an image and a prompt with I2VGen-XL. Starts from a preset "
        "(balanced "
        "unless --preset says otherwise); every flag overrides it. Writes the video, a JSON "
        "sidecar with "
        "the full request (replay it with --from), and a copy of the source image beside it."));
    parser.addHelpOption();
    const RequestOptions options;
    options.addTo(parser);
    const QCommandLineOption autoDowngrade{
        "auto-downgrade",
        "When the request does not fit the memory there is, run it with fewer frames (then a "
        "smaller size) instead of stopping; the result says what changed."};
    const QCommandLineOption memory{
        "memory",
        "Plan for this much usable memory on the device (e.g. 12GB) instead of what "
        "the system reports.",
        "SIZE"};
    parser.addOptions({autoDowngrade, memory});
    if (const auto exit = parseCommandLine(parser, QStringLiteral("generate"), arguments))
        return *exit;
    std::optional<quint64> memoryLimit;
    if (parser.isSet(memory)) {
        memoryLimit = parseMemorySize(parser.value(memory));
        if (!memoryLimit) {
            err() << "kinora-cli generate: --memory needs a size such as 12GB or 8192MB\n";
            return kExitUsage;
        }
    }
    if (!parser.positionalArguments().isEmpty()) {
        err() << "kinora-cli generate: unexpected argument " << parser.positionalArguments().front()
              << " (options start with --)\n";
        return kExitUsage;
    }
    QString error;
    auto request = buildRequest(true, parser, options, &error);
    if (!request) {
        err() << "kinora-cli generate: " << error << "\n";
        return kExitUsage;
    }
    if (const auto problems = validateRequest(*request); !problems.isEmpty()) {
        for (const auto& problem : problems)
            err() << "kinora-cli generate: " << problem.message << "\n  remedy: " << problem.remedy
                  << "\n";
        return kExitUsage;
    }
    QString engine = parser.value(options.engine);
    if (engine.isEmpty()) {
        engine =
            request->modelFolder.isEmpty() ? QStringLiteral("camera") : QStringLiteral("i2vgen-xl");
        if (engine == QLatin1String("camera")) {
            err() << "kinora-cli: no model folder given: using the camera engine (camera moves "
                     "from the "
                     "prompt, no diffusion model). For I2VGen-XL pass --model DIR or set "
                     "KINORA_MODEL.\n";
        }
    }
    if (engine != QLatin1String("camera") && engine != QLatin1String("i2vgen-xl")) {
        err() << "kinora-cli generate: unknown engine \"" << engine << "\" (i2vgen-xl or camera)\n";
        return kExitUsage;
    }
    const bool json = parser.isSet(options.json);
    request->engine = *engineFromName(engine);
    JobRunnerSettings runnerSettings;
    if (parser.isSet(options.threads))
        runnerSettings.threads = parser.value(options.threads).toInt();
    runnerSettings.keepLatents = parser.isSet(options.keepLatents);
    runnerSettings.allowDowngrade = parser.isSet(autoDowngrade);
    runnerSettings.memoryLimit = memoryLimit;
    if (request->engine == Engine::Camera) {
        const auto path = parseCameraPrompt(request->prompt);
        if (!json) {
            err() << "kinora-cli: camera engine understood: " << path.understood << "\n";
            if (!path.ignoredWords.isEmpty())
                err() << "  ignored: " << path.ignoredWords.join(QLatin1Char(' ')) << "\n";
        }
        JobRunner runner(runnerSettings);
        return runJobs(runner, {{*request, QString(), {}, {}}}, json, false);
    }

    const auto diagnostics = diagnose(*request, request->preset == QLatin1String("quality") ||
                                                    request->preset == QLatin1String("native"));
    if (!diagnostics.empty() && !json)
        err() << "kinora-cli: checks before the run:\n" << formatDiagnostics(diagnostics);
    if (diagnostics.hasErrors() && !parser.isSet(options.force)) {
        err() << "kinora-cli generate: the checks found an error; fix it, or run anyway with "
                 "--force\n";
        return kExitFailure;
    }
    QList<quint64> seeds{request->seed};
    if (parser.isSet(options.seeds)) {
        seeds.clear();
        for (const auto& text :
             parser.value(options.seeds).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            seeds << text.trimmed().toULongLong(&ok);
            if (!ok) {
                err() << "kinora-cli generate: --seeds needs comma-separated integers\n";
                return kExitUsage;
            }
        }
    } else if (parser.isSet(options.candidates)) {
        const int count = parser.value(options.candidates).toInt();
        if (count < 1 || count > 64) {
            err() << "kinora-cli generate: --candidates needs 1 to 64\n";
            return kExitUsage;
        }
        for (int i = 1; i < count; ++i)
            seeds << request->seed + quint64(i);
    }
    QList<JobRunner::Job> jobs;
    for (const quint64 seed : seeds) {
        JobRunner::Job job{*request, QString(), {}, {}};
        job.request.seed = seed;
        if (seeds.size() > 1) {
            job.request.outputPath = withSeedSuffix(request->outputPath, seed);
            job.label = QStringLiteral("seed %1").arg(seed);
        }
        jobs << job;
    }
    JobRunner runner(runnerSettings);
    if (!json) {
        for (const auto& job : jobs)
            err() << "kinora-cli: seed " << job.request.seed << " -> " << job.request.outputPath
                  << "\n";
    }
    return runJobs(runner, jobs, json, false);
}

int runDecode(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Finish a video from the final latents a job saved (<output>.latents.safetensors), without "
        "denoising again: after a decode ran out of memory, use a smaller --decode-chunk and "
        "--tiled."));
    parser.addHelpOption();
    const QCommandLineOption chunk{"decode-chunk", "Frames decoded at once (default 1).", "N", "1"};
    const QCommandLineOption tiled{"tiled",
                                   "Decode in overlapping tiles (least memory at large sizes)."};
    const QCommandLineOption format{"format", "mp4, webm, gif or png (default: the job's).", "FMT"};
    const QCommandLineOption output{"output", "The video to write (default: the job's).", "PATH"};
    const QCommandLineOption device{"device", "auto, cpu, cuda or cuda:N.", "DEV", "auto"};
    const QCommandLineOption threads{"threads", "CPU threads for the model (default: all cores).",
                                     "N"};
    const QCommandLineOption json{"json", "Machine-readable progress and results."};
    parser.addOptions({chunk, tiled, format, output, device, threads, json});
    parser.addPositionalArgument(QStringLiteral("LATENTS"),
                                 QStringLiteral("The saved latents file."));
    if (const auto exit = parseCommandLine(parser, QStringLiteral("decode"), arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << "kinora-cli decode: give exactly one LATENTS file\n";
        return kExitUsage;
    }
    DecodeSettings settings;
    settings.chunkFrames = parser.value(chunk).toInt();
    settings.tiled = parser.isSet(tiled);
    settings.format = parser.value(format);
    settings.outputPath = parser.value(output);
    settings.device = parser.value(device);
    if (settings.chunkFrames < 1) {
        err() << "kinora-cli decode: --decode-chunk needs a positive integer\n";
        return kExitUsage;
    }
    GenerationService service;
    if (parser.isSet(threads))
        service.setThreads(parser.value(threads).toInt());
    InterruptGuard interruptGuard;
    ProgressPrinter printer(parser.isSet(json), QString());
    GenerationCallbacks callbacks;
    callbacks.progress = [&](const GenerationProgress& progress) { printer(progress); };
    callbacks.cancelled = interrupted;
    return report(
        service.decodeSavedLatents(parser.positionalArguments().front(), settings, callbacks),
        parser.isSet(json), QString());
}

int runBatch(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the jobs of a JSONL file in order (one JSON request per line; missing fields come "
        "from its "
        "\"preset\", else balanced). The model stays loaded and embeddings are reused between "
        "jobs. A "
        "failing job is reported and the batch goes on; jobs whose output exists are skipped, so a "
        "re-run resumes. --shard i/N runs only the lines whose index modulo N is i (0-based), so a "
        "job "
        "array spreads one batch over N machines."));
    parser.addHelpOption();
    const QCommandLineOption model{
        "model", "Model folder for lines without \"model\" (default: $KINORA_MODEL).", "DIR"};
    const QCommandLineOption shard{"shard", "Run only shard i of N (0 <= i < N).", "i/N"};
    const QCommandLineOption threads{"threads", "CPU threads for the model.", "N"};
    const QCommandLineOption json{"json", "Machine-readable progress and results."};
    parser.addOptions({model, shard, threads, json});
    parser.addPositionalArgument(QStringLiteral("JOBS.jsonl"),
                                 QStringLiteral("One request per line."));
    if (const auto exit = parseCommandLine(parser, QStringLiteral("batch"), arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << "kinora-cli batch: give exactly one JOBS.jsonl file\n";
        return kExitUsage;
    }
    int shardIndex = 0;
    int shardCount = 1;
    if (parser.isSet(shard)) {
        static const QRegularExpression pattern(QStringLiteral("^([0-9]+)/([0-9]+)$"));
        const auto match = pattern.match(parser.value(shard));
        shardIndex = match.captured(1).toInt();
        shardCount = match.captured(2).toInt();
        if (!match.hasMatch() || shardCount < 1 || shardIndex >= shardCount) {
            err() << "kinora-cli batch: --shard needs i/N with 0 <= i < N, e.g. 0/4\n";
            return kExitUsage;
        }
    }
    const QString path = parser.positionalArguments().front();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        err() << "kinora-cli batch: " << path << ": cannot read: " << file.errorString() << "\n";
        return kExitFailure;
    }
    const QString defaultModel =
        parser.isSet(model) ? parser.value(model) : qEnvironmentVariable("KINORA_MODEL");
    QList<JobRunner::Job> jobs;
    int jobIndex = -1;
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine(1 << 20);
        ++lineNumber;
        if (!isBatchJobLine(line))
            continue;
        ++jobIndex;
        if (jobIndex % shardCount != shardIndex)
            continue;
        const BatchJob job = parseBatchLine(line, defaultModel, imageSize);
        jobs << JobRunner::Job{
            job.request, QStringLiteral("%1:%2").arg(QFileInfo(path).fileName()).arg(lineNumber),
            job.error, job.remedy};
    }
    JobRunnerSettings runnerSettings;
    if (parser.isSet(threads))
        runnerSettings.threads = parser.value(threads).toInt();
    JobRunner runner(runnerSettings);
    JobRunner::Summary summary;
    const int exitCode = runJobs(runner, jobs, parser.isSet(json), true, &summary);
    err() << "kinora-cli batch: " << summary.succeeded << " succeeded, " << summary.failed
          << " failed, " << summary.skipped << " skipped"
          << (summary.interrupted ? ", interrupted" : "") << "\n";
    return exitCode;
}

}  // namespace kinora::cli
