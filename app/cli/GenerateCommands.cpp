// kinora-cli generate, decode, batch, explore and refine.
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextStream>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <random>

#include <unistd.h>

#include "CliCommands.h"
#include "facade/BatchFile.h"
#include "facade/BuildInfo.h"
#include "facade/CameraEngine.h"
#include "facade/ContactSheet.h"
#include "facade/Diagnostics.h"
#include "facade/Exploration.h"
#include "facade/GenerationService.h"
#include "facade/JobRunner.h"
#include "facade/MemoryPlanning.h"
#include "facade/Presets.h"
#include "facade/RequestParameters.h"

namespace kinora::cli {
namespace {

std::atomic<bool> interrupted{false};

void onInterrupt(int) {
    interrupted = true;
}

// Ctrl+C cancels the running job cleanly (nothing half-written); a second one kills.
struct InterruptGuard {
    InterruptGuard() {
        interrupted = false;
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
    }
    ~InterruptGuard() {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
    }
};

QString formatSeconds(double seconds) {
    const int total = int(seconds + 0.5);
    return total >= 60
               ? QStringLiteral("%1m%2s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'))
               : QStringLiteral("%1s").arg(total);
}

// Progress on stderr: a bar on a terminal, plain lines otherwise, JSON lines on stdout with --json.
class ProgressPrinter {
public:
    ProgressPrinter(bool json, QString label)
        : json_(json), label_(std::move(label)), terminal_(isatty(2)) {}

    void operator()(const GenerationProgress& progress) {
        if (json_) {
            out() << QJsonDocument(QJsonObject{{"event", "progress"},
                                               {"job", label_},
                                               {"stage", stageName(progress.stage)},
                                               {"done", progress.done},
                                               {"total", progress.total},
                                               {"elapsed_s", progress.elapsedSeconds},
                                               {"remaining_s", progress.remainingSeconds}})
                         .toJson(QJsonDocument::Compact)
                  << "\n";
            out().flush();
            return;
        }
        QString line =
            QStringLiteral("%1%2").arg(label_.isEmpty() ? QString() : label_ + QStringLiteral(": "),
                                       stageName(progress.stage));
        if (progress.total > 0) {
            const int width = 30;
            const int filled = progress.done * width / progress.total;
            line += QStringLiteral(" [%1%2] %3/%4")
                        .arg(QString(filled, QLatin1Char('#')),
                             QString(width - filled, QLatin1Char('.')))
                        .arg(progress.done)
                        .arg(progress.total);
            if (progress.done > 0) {
                line += QStringLiteral(" %1 elapsed, ETA %2")
                            .arg(formatSeconds(progress.elapsedSeconds),
                                 formatSeconds(progress.remainingSeconds));
            }
        }
        if (terminal_) {
            err() << "\r\033[K" << line;
            if (progress.total > 0 && progress.done == progress.total)
                err() << "\n";
        } else if (progress.total == 0 || progress.done == progress.total || progress.done == 0 ||
                   progress.stage == GenerationStage::Denoising) {
            err() << line << "\n";
        }
        err().flush();
    }

private:
    bool json_;
    QString label_;
    bool terminal_;
};

int report(const GenerationOutcome& outcome, bool json, const QString& label) {
    if (json) {
        out() << QJsonDocument(
                     QJsonObject{{"event", "result"},
                                 {"job", label},
                                 {"status", outcome.succeeded() ? "succeeded"
                                            : outcome.status == GenerationOutcome::Status::Cancelled
                                                ? "cancelled"
                                                : "failed"},
                                 {"video", outcome.videoPath},
                                 {"sidecar", outcome.sidecarPath},
                                 {"latents", outcome.latentsPath},
                                 {"message", outcome.message},
                                 {"remedy", outcome.remedy},
                                 {"seconds", outcome.seconds}})
                     .toJson(QJsonDocument::Compact)
              << "\n";
        out().flush();
    }
    if (outcome.succeeded()) {
        if (!json) {
            out() << outcome.videoPath << "\n";
            out().flush();
            err() << "kinora-cli: wrote " << outcome.videoPath << " and " << outcome.sidecarPath
                  << " in " << formatSeconds(outcome.seconds) << "\n";
        }
        if (!outcome.note.isEmpty())
            err() << "kinora-cli: note: " << outcome.note << "\n";
        return kExitOk;
    }
    err() << "kinora-cli: " << (label.isEmpty() ? QString() : label + QStringLiteral(": "))
          << outcome.message << "\n";
    if (!outcome.remedy.isEmpty())
        err() << "  remedy: " << outcome.remedy << "\n";
    if (!outcome.detail.isEmpty())
        err() << "  detail: " << outcome.detail.section(QLatin1Char('\n'), 0, 2) << "\n";
    err().flush();
    return kExitFailure;
}

// The option of a parameter of the table: its flag with the alias and short name, and its help
// with the default (or `defaultNote` in its place) and the useful range.
QCommandLineOption parameterOption(RequestParameter parameter, const QString& defaultNote = {}) {
    const auto& spec = parameterSpec(parameter);
    QStringList names{QLatin1String(spec.cli.flag)};
    for (const char* name : {spec.cli.alias, spec.cli.shortName})
        if (name)
            names << QLatin1String(name);
    return QCommandLineOption(
        names,
        parameterHelp(parameter) + QLatin1Char(' ') +
            (defaultNote.isEmpty() ? parameterDefaultText(parameter) : defaultNote),
        QLatin1String(spec.cli.valueName));
}

struct RequestOptions {
    QCommandLineOption model{"model", "I2VGen-XL model folder (default: $KINORA_MODEL).", "DIR"};
    QCommandLineOption image{"image", "Input image (PNG, JPEG, WebP).", "IMG"};
    QCommandLineOption prompt{"prompt", "What should move, and how.", "TEXT"};
    QCommandLineOption negative{"negative-prompt",
                                "What to avoid (default: the authors' negative prompt).", "TEXT"};
    QCommandLineOption preset{"preset",
                              "fast, balanced, quality or native (default: balanced). A preset "
                              "sets the size, frames, steps, guidance and both fps in place of "
                              "their defaults; the flags below change them.",
                              "NAME"};
    QCommandLineOption resolution{
        "resolution",
        "512p, 768p, 1024p (short side, keeps the image's aspect ratio, multiples "
        "of 64) or native (1280x704).",
        "RES"};
    QCommandLineOption width = parameterOption(RequestParameter::Width);
    QCommandLineOption height = parameterOption(RequestParameter::Height);
    QCommandLineOption frames = parameterOption(RequestParameter::Frames);
    QCommandLineOption steps = parameterOption(RequestParameter::Steps);
    QCommandLineOption guidance = parameterOption(RequestParameter::Guidance);
    QCommandLineOption targetFps = parameterOption(RequestParameter::TargetFps);
    QCommandLineOption fps = parameterOption(RequestParameter::OutputFps);
    // The CLI draws a seed for every run that names none, so the table's default does not apply.
    QCommandLineOption seed =
        parameterOption(RequestParameter::Seed, QStringLiteral("Default: a random one, printed."));
    QCommandLineOption vaeSeed{"vae-seed",
                               "Separate seed for the VAE latent sample (as the reference's "
                               "torch.manual_seed).",
                               "S"};
    QCommandLineOption candidates{"candidates", "Make N candidates with consecutive seeds.", "N"};
    QCommandLineOption seeds{"seeds", "Make one candidate per seed, e.g. 1,2,3.", "LIST"};
    QCommandLineOption format{"format", "mp4, webm, gif or png (a folder of frames).", "FMT"};
    QCommandLineOption decodeChunk = parameterOption(RequestParameter::DecodeChunkSize);
    QCommandLineOption device{"device", "auto, cpu, cuda or cuda:N.", "DEV"};
    QCommandLineOption dtype{"dtype", "auto, fp32, fp16 or bf16.", "TYPE"};
    QCommandLineOption threads{"threads", "CPU threads for the model (default: all cores).", "N"};
    QCommandLineOption output{"output", "The video to write.", "PATH"};
    QCommandLineOption from{"from", "Replay the request of a Kinora sidecar (.json) or video.",
                            "FILE"};
    QCommandLineOption keepLatents{"keep-latents", "Keep the final latents beside the video."};
    QCommandLineOption json{"json",
                            "Machine-readable progress and results (JSON lines on stdout)."};
    QCommandLineOption engine{
        "engine",
        "i2vgen-xl (the diffusion model) or camera (camera moves read from the "
        "prompt, rendered from the image itself, no model). Default: i2vgen-xl "
        "when a model folder is given, else camera.",
        "NAME"};
    QCommandLineOption force{"force", "Run even when the checks before the run report an error."};
    QCommandLineOption preprocess{
        "preprocess",
        "Improve the picture first: Lanczos resize to the video size, contrast x1.2, sharpness "
        "x1.1. The preprocessed picture is the job's recorded source."};
    QCommandLineOption autoExposure{
        "auto-exposure", "Correct an under- or overexposed picture first (others are left alone)."};

    void addTo(QCommandLineParser& parser) const {
        parser.addOptions({model,       image,  prompt,  negative,   preset,   resolution,
                           width,       height, frames,  steps,      guidance, targetFps,
                           fps,         seed,   vaeSeed, candidates, seeds,    format,
                           decodeChunk, device, dtype,   threads,    output,   from,
                           keepLatents, json,   engine,  force});
        parser.addOptions({preprocess, autoExposure});
    }
};

bool parseInt(const QCommandLineParser& parser, const QCommandLineOption& option, int& field,
              QString* error) {
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok) {
        *error = QStringLiteral("--%1 needs an integer, not \"%2\"")
                     .arg(option.names().front(), parser.value(option));
        return false;
    }
    field = value;
    return true;
}

quint64 randomSeed() {
    std::random_device device;
    return ((quint64(device()) << 32) | device()) & ((1ull << 53) - 1);
}

QSize imageSize(const QString& path) {
    return path.isEmpty() ? QSize() : QImageReader(path).size();
}

// Builds the request from the flags on top of a base (a preset, a replayed record).
std::optional<GenerationRequest> buildRequest(
    bool requireOutput, const QCommandLineParser& parser, const RequestOptions& o, QString* error,
    const QString& defaultPreset = QStringLiteral("balanced")) {
    GenerationRequest request;
    if (parser.isSet(o.from)) {
        auto replayed = requestFromRecord(parser.value(o.from));
        if (!replayed) {
            *error = replayed.error().message;
            return std::nullopt;
        }
        request = *replayed;
    } else {
        const QString presetName = parser.isSet(o.preset) ? parser.value(o.preset) : defaultPreset;
        const auto preset = findPreset(presetName);
        if (!preset) {
            *error = QStringLiteral("unknown preset \"%1\" (fast, balanced, quality, native)")
                         .arg(presetName);
            return std::nullopt;
        }
        request.imagePath = parser.value(o.image);
        request = applyPreset(*preset, request, imageSize(request.imagePath));
        request.seed = randomSeed();
    }
    if (parser.isSet(o.model))
        request.modelFolder = parser.value(o.model);
    if (request.modelFolder.isEmpty())
        request.modelFolder = qEnvironmentVariable("KINORA_MODEL");
    if (parser.isSet(o.image))
        request.imagePath = parser.value(o.image);
    if (parser.isSet(o.prompt))
        request.prompt = parser.value(o.prompt);
    if (parser.isSet(o.negative))
        request.negativePrompt = parser.value(o.negative);
    if (parser.isSet(o.resolution)) {
        const auto size =
            sizeForResolution(parser.value(o.resolution), imageSize(request.imagePath));
        if (!size) {
            *error = QStringLiteral("unknown resolution \"%1\" (512p, 768p, 1024p or native)")
                         .arg(parser.value(o.resolution));
            return std::nullopt;
        }
        request.width = size->width();
        request.height = size->height();
    }
    if (!parseInt(parser, o.width, request.width, error) ||
        !parseInt(parser, o.height, request.height, error) ||
        !parseInt(parser, o.frames, request.frames, error) ||
        !parseInt(parser, o.steps, request.steps, error) ||
        !parseInt(parser, o.targetFps, request.targetFps, error) ||
        !parseInt(parser, o.fps, request.outputFps, error) ||
        !parseInt(parser, o.decodeChunk, request.decodeChunkSize, error)) {
        return std::nullopt;
    }
    if (parser.isSet(o.guidance)) {
        bool ok = false;
        request.guidance = parser.value(o.guidance).toDouble(&ok);
        if (!ok) {
            *error = QStringLiteral("--%1 needs a number, not \"%2\"")
                         .arg(o.guidance.names().front(), parser.value(o.guidance));
            return std::nullopt;
        }
    }
    for (const auto* option : {&o.seed, &o.vaeSeed}) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        const quint64 value = parser.value(*option).toULongLong(&ok);
        if (!ok) {
            *error =
                QStringLiteral("--%1 needs a non-negative integer").arg(option->names().front());
            return std::nullopt;
        }
        if (option == &o.seed)
            request.seed = value;
        else
            request.vaeSeed = value;
    }
    if (parser.isSet(o.preprocess))
        request.preprocess = PreprocessSettings::advised();
    if (parser.isSet(o.autoExposure))
        request.preprocess.exposure = true;
    if (parser.isSet(o.format))
        request.format = parser.value(o.format);
    if (parser.isSet(o.device))
        request.device = parser.value(o.device);
    if (parser.isSet(o.dtype))
        request.dtype = parser.value(o.dtype);
    if (parser.isSet(o.output))
        request.outputPath = parser.value(o.output);
    if (!requireOutput)
        return request;
    if (request.outputPath.isEmpty()) {
        *error = QStringLiteral("no --output given: name the video to write");
        return std::nullopt;
    }
    const QString suffix =
        request.format == QLatin1String("png") ? QString() : QLatin1Char('.') + request.format;
    if (!suffix.isEmpty() && !request.outputPath.endsWith(suffix, Qt::CaseInsensitive)) {
        *error = QStringLiteral("the output %1 does not end in %2 (the format is %3)")
                     .arg(request.outputPath, suffix, request.format);
        return std::nullopt;
    }
    return request;
}

QString withSeedSuffix(const QString& path, quint64 seed) {
    const QFileInfo info(path);
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    return info.dir().filePath(info.completeBaseName() + QStringLiteral("_seed%1").arg(seed) +
                               suffix);
}

// The one job loop of every command that generates: each job's progress and result printed as
// it goes; returns kExitFailure when a job failed or the run was interrupted.
int runJobs(JobRunner& runner, const QList<JobRunner::Job>& jobs, bool json, bool skipExisting,
            JobRunner::Summary* summary = nullptr) {
    InterruptGuard interruptGuard;
    std::optional<ProgressPrinter> printer;
    JobRunner::Events events;
    events.skipExisting = skipExisting;
    events.cancelled = [] { return interrupted.load(); };
    events.starting = [&](const JobRunner::Job& job) { printer.emplace(json, job.label); };
    events.progress = [&](const JobRunner::Job&, const GenerationProgress& progress) {
        (*printer)(progress);
    };
    events.finished = [&](const JobRunner::Job& job, const GenerationOutcome& outcome) {
        report(outcome, json, job.label);
    };
    events.skipped = [](const JobRunner::Job& job) {
        err() << "kinora-cli: " << job.label << ": " << job.request.outputPath
              << " exists, skipped\n";
    };
    events.unreadable = [](const JobRunner::Job& job) {
        err() << "kinora-cli: " << job.label << ": " << job.error << "\n  remedy: " << job.remedy
              << "\n";
    };
    const JobRunner::Summary result = runner.runAll(jobs, events);
    if (summary)
        *summary = result;
    return result.failed > 0 || result.interrupted ? kExitFailure : kExitOk;
}

}  // namespace

int runDoctor(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Check a request before spending minutes on it: the prompt (abstract, vague "
                       "or contradictory "
                       "wording, missing direction or speed, non-English text, more than the "
                       "77-token window with the "
                       "model's own tokenizer), the settings (combinations known to ruin results "
                       "or blow memory) and "
                       "the image (too small, blurred, badly exposed, low contrast, text, busy "
                       "scene, the crop the "
                       "size forces). Exits 1 when any finding is an error."));
    parser.addHelpOption();
    const RequestOptions options;
    options.addTo(parser);
    const QCommandLineOption finalRender{"final", "Judge the settings as a final render."};
    parser.addOption(finalRender);
    if (const auto exit = parseCommandLine(parser, QStringLiteral("doctor"), arguments))
        return *exit;
    QString error;
    const auto request = buildRequest(false, parser, options, &error);
    if (!request) {
        err() << "kinora-cli doctor: " << error << "\n";
        return kExitUsage;
    }
    const auto report = diagnose(*request, parser.isSet(finalRender));
    if (parser.isSet(options.json)) {
        QJsonArray findings;
        const auto add = [&](const QString& area, const QString& rule, Severity severity,
                             const QString& message, const QString& fix) {
            findings.append(QJsonObject{{"area", area},
                                        {"rule", rule},
                                        {"severity", severityName(severity)},
                                        {"message", message},
                                        {"fix", fix}});
        };
        for (const auto& finding : report.prompt)
            add("prompt", finding.rule, finding.severity, finding.message, finding.suggestion);
        for (const auto& finding : report.parameters)
            add("settings", finding.rule, finding.severity, finding.message, finding.suggestion);
        for (const auto& finding : report.image)
            add("image", finding.rule, finding.severity, finding.message, finding.fix);
        const QJsonObject runtime{{"allocator", hostAllocatorName()},
                                  {"blas", blasLibraryName()},
                                  {"devices", availableDevices()}};
        out() << QJsonDocument(QJsonObject{{"findings", findings},
                                           {"errors", report.hasErrors()},
                                           {"runtime", runtime}})
                     .toJson(QJsonDocument::Indented);
    } else {
        out() << (report.empty() ? QStringLiteral("No problems found.\n")
                                 : formatDiagnostics(report));
        out() << "Runs on: " << availableDevices() << ", matrix products on " << blasLibraryName()
              << ", host memory from " << hostAllocatorName() << "\n";
    }
    return report.hasErrors() ? kExitFailure : kExitOk;
}

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

int runPlan(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Plan a request's memory before running it: the predicted peak per stage (load, text "
        "encode, image encode, denoise step, decode, video encode) on the device it would use, "
        "the fastest way to run it that fits the memory there is (attention and feed-forward "
        "chunking, releasing the encoders, model offload, decode chunk and tiles), and when "
        "nothing fits, the smallest downgrade that does. The model folder needs its configs "
        "only, not its weights. With --table: every resolution x frame count at the request's "
        "steps. Exits 1 when the request does not fit."));
    parser.addHelpOption();
    const RequestOptions options;
    options.addTo(parser);
    const QCommandLineOption size{"size", "Video size as WxH, e.g. 1280x704.", "WxH"};
    const QCommandLineOption memory{
        "memory",
        "Plan for a device with this much usable memory (e.g. 10GB, 6144MB) instead "
        "of this system's.",
        "SIZE"};
    const QCommandLineOption table{"table",
                                   "Print resolution x frames -> predicted peak, whether it fits "
                                   "and with which plan."};
    const QCommandLineOption autoDowngrade{"auto-downgrade",
                                           "Plan as generate --auto-downgrade would run it."};
    parser.addOptions({size, memory, table, autoDowngrade});
    if (const auto exit = parseCommandLine(parser, QStringLiteral("plan"), arguments))
        return *exit;
    QString error;
    auto request = buildRequest(false, parser, options, &error);
    if (!request) {
        err() << "kinora-cli plan: " << error << "\n";
        return kExitUsage;
    }
    if (parser.isSet(size)) {
        static const QRegularExpression pattern(QStringLiteral(R"(^\s*(\d+)\s*[xX]\s*(\d+)\s*$)"));
        const auto match = pattern.match(parser.value(size));
        if (!match.hasMatch()) {
            err() << "kinora-cli plan: --size needs WxH, e.g. 1280x704\n";
            return kExitUsage;
        }
        request->width = match.captured(1).toInt();
        request->height = match.captured(2).toInt();
    }
    if (request->modelFolder.isEmpty()) {
        err() << "kinora-cli plan: no model folder: pass --model DIR (its configs are enough) or "
                 "set KINORA_MODEL\n";
        return kExitUsage;
    }
    MemoryPlanOptions planOptions;
    planOptions.allowDowngrade = parser.isSet(autoDowngrade);
    if (parser.isSet(memory)) {
        planOptions.memoryBytes = parseMemorySize(parser.value(memory));
        if (!planOptions.memoryBytes) {
            err() << "kinora-cli plan: --memory needs a size such as 12GB or 8192MB\n";
            return kExitUsage;
        }
    }
    const bool json = parser.isSet(options.json);
    if (parser.isSet(table)) {
        const auto rows = memoryPlanTable(*request, planOptions);
        if (!rows.isEmpty() && !rows.front().plan.known()) {
            err() << "kinora-cli plan: " << rows.front().plan.error << "\n";
            return kExitFailure;
        }
        if (json) {
            QJsonArray array;
            for (const auto& row : rows) {
                QJsonObject entry = row.plan.toJson();
                entry.insert("resolution", row.resolution);
                entry.insert("steps", row.steps);
                array.append(entry);
            }
            out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
        } else {
            out() << formatMemoryTable(rows);
        }
        return kExitOk;
    }
    // Only the settings that shape memory matter here; prompt, image and output do not.
    static const QStringList memoryFields{
        "width", "height", "frames", "steps", "guidance", "decode_chunk_size", "device", "dtype"};
    bool usable = true;
    for (const auto& problem : validateRequest(*request)) {
        if (!memoryFields.contains(problem.field))
            continue;
        err() << "kinora-cli plan: " << problem.message << "\n  remedy: " << problem.remedy << "\n";
        usable = false;
    }
    if (!usable)
        return kExitUsage;
    const auto plan = planMemory(*request, planOptions);
    if (!plan.known()) {
        err() << "kinora-cli plan: " << plan.error << "\n";
        return kExitFailure;
    }
    if (json)
        out() << QJsonDocument(plan.toJson()).toJson(QJsonDocument::Indented);
    else
        out() << formatMemoryPlan(plan);
    return plan.runnable() ? kExitOk : kExitFailure;
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
    callbacks.cancelled = [] { return interrupted.load(); };
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

int runExplore(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Explore candidates from one image: every prompt variant x every seed, with the fast "
        "preset unless --preset or other flags say otherwise. One model load for the whole matrix; "
        "each prompt is encoded once and the image once. Writes into DIR the videos "
        "<image>_p<i>_s<seed>.<format> with their sidecars, contact-sheet.png (rows = prompts, "
        "columns = seeds, the middle frame of each) and explore.jsonl (one request per line: "
        "kinora-cli batch re-runs or resumes it). Candidates whose video exists are skipped."));
    parser.addHelpOption();
    RequestOptions options;
    options.output.setDescription(QStringLiteral("The folder to write the candidates into."));
    options.output.setValueName(QStringLiteral("DIR"));
    options.seeds.setDescription(QStringLiteral("The seeds, comma-separated, e.g. 1,2,3."));
    options.preset.setDescription(
        QStringLiteral("fast, balanced, quality or native (default: fast)."));
    // Flags of a single job that the matrix replaces: refused below, so not offered.
    const std::initializer_list<QCommandLineOption*> singleJobOptions{
        &options.prompt, &options.seed,   &options.candidates,
        &options.from,   &options.engine, &options.force};
    for (auto* option : singleJobOptions)
        option->setFlags(QCommandLineOption::HiddenFromHelp);
    options.addTo(parser);
    const QCommandLineOption prompts{
        "prompts",
        "The prompt variants: a file with one prompt per line, or prompts separated by |.",
        "FILE_OR_LIST"};
    const QCommandLineOption animatedSheet{
        "animated-sheet",
        "Also write the contact sheet over all frames as contact-sheet.<FMT> (gif, mp4, webm).",
        "FMT"};
    parser.addOptions({prompts, animatedSheet});
    if (const auto exit = parseCommandLine(parser, QStringLiteral("explore"), arguments))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        err() << "kinora-cli explore: unexpected argument " << parser.positionalArguments().front()
              << " (options start with --)\n";
        return kExitUsage;
    }
    for (const auto* option : singleJobOptions) {
        if (parser.isSet(*option)) {
            err() << "kinora-cli explore: --" << option->names().front()
                  << " does not apply (give --prompts and --seeds)\n";
            return kExitUsage;
        }
    }
    for (const QCommandLineOption* option : std::initializer_list<const QCommandLineOption*>{
             &options.image, &prompts, &options.seeds, &options.output}) {
        if (!parser.isSet(*option)) {
            err() << "kinora-cli explore: --" << option->names().front() << " is required\n";
            return kExitUsage;
        }
    }
    const auto promptList = readPromptList(parser.value(prompts));
    const auto seedList = promptList ? readSeedList(parser.value(options.seeds))
                                     : Expected<QList<quint64>>(tl::unexpect, promptList.error());
    QString error = seedList ? QString() : seedList.error().message;
    auto base = seedList ? buildRequest(false, parser, options, &error, QStringLiteral("fast"))
                         : std::optional<GenerationRequest>();
    if (!base) {
        err() << "kinora-cli explore: " << error << "\n";
        return kExitUsage;
    }
    // Absolute paths, so explore.jsonl runs from any folder.
    base->imagePath = QFileInfo(base->imagePath).absoluteFilePath();
    if (!base->modelFolder.isEmpty())
        base->modelFolder = QFileInfo(base->modelFolder).absoluteFilePath();
    base->prompt = promptList->front();
    if (const auto problems = validateRequest(*base); !problems.isEmpty()) {
        for (const auto& problem : problems)
            err() << "kinora-cli explore: " << problem.message << "\n  remedy: " << problem.remedy
                  << "\n";
        return kExitUsage;
    }
    if (base->modelFolder.isEmpty()) {
        err() << "kinora-cli explore: no model folder: pass --model DIR or set KINORA_MODEL\n";
        return kExitUsage;
    }
    const QString folder = QFileInfo(parser.value(options.output)).absoluteFilePath();
    if (!QDir().mkpath(folder)) {
        err() << "kinora-cli explore: cannot create the folder " << folder << "\n";
        return kExitFailure;
    }
    ExplorationOptions layout;
    layout.outputFolder = folder;
    layout.preset.clear();  // the flags already started from the preset
    const auto candidates = explorationMatrix(*base, *promptList, *seedList, layout);

    // The job list first: an interrupted exploration resumes with kinora-cli batch.
    const QString jobsPath = QDir(folder).filePath(QStringLiteral("explore.jsonl"));
    QSaveFile jobs(jobsPath);
    if (jobs.open(QIODevice::WriteOnly | QIODevice::Text)) {
        for (const auto& candidate : candidates)
            jobs.write(QJsonDocument(candidate.request.toJson()).toJson(QJsonDocument::Compact) +
                       '\n');
    }
    if (!jobs.commit()) {
        err() << "kinora-cli explore: " << jobsPath << ": cannot write: " << jobs.errorString()
              << "\n";
        return kExitFailure;
    }

    JobRunnerSettings runnerSettings;
    if (parser.isSet(options.threads))
        runnerSettings.threads = parser.value(options.threads).toInt();
    runnerSettings.keepLatents = parser.isSet(options.keepLatents);
    JobRunner runner(runnerSettings);
    QList<JobRunner::Job> candidateJobs;
    for (const auto& candidate : candidates)
        candidateJobs << JobRunner::Job{candidate.request, candidate.request.origin, {}, {}};
    QElapsedTimer timer;
    timer.start();
    JobRunner::Summary summary;
    const int exitCode = runJobs(runner, candidateJobs, parser.isSet(options.json), true, &summary);
    err() << "kinora-cli explore: " << summary.succeeded << " succeeded, " << summary.failed
          << " failed, " << summary.skipped << " skipped"
          << (summary.interrupted ? ", interrupted" : "") << " in "
          << formatSeconds(timer.elapsed() / 1000.0) << "; the text encoder ran "
          << runner.textEncoderRuns() << " times and the image encoder "
          << runner.imageEncoderRuns() << " times for " << candidates.size()
          << " candidates (the rest came from the cache)\n";

    QStringList missing;
    const ContactSheetGrid grid = contactSheetGrid(candidates, &missing);
    const QString sheetPath = QDir(folder).filePath(QStringLiteral("contact-sheet.png"));
    if (const auto written = writeContactSheet(grid, sheetPath); !written) {
        err() << "kinora-cli explore: " << written.error().describe() << "\n";
        return kExitFailure;
    }
    if (!missing.isEmpty())
        err() << "kinora-cli explore: the contact sheet lacks "
              << missing.join(QStringLiteral(", ")) << "\n";
    out() << sheetPath << "\n";
    if (parser.isSet(animatedSheet)) {
        const QString animatedPath =
            QDir(folder).filePath(QStringLiteral("contact-sheet.") + parser.value(animatedSheet));
        if (const auto written = writeAnimatedContactSheet(grid, animatedPath, base->outputFps);
            !written) {
            err() << "kinora-cli explore: " << written.error().describe() << "\n";
            return kExitFailure;
        }
        out() << animatedPath << "\n";
    }
    out() << jobsPath << "\n";
    out().flush();
    return exitCode;
}

int runRefine(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Refine a candidate: re-run its request (from its sidecar or video) with one change, the "
        "seed and prompt kept unless the change is the prompt. The new video goes beside the "
        "candidate unless --output says otherwise; its sidecar records the candidate as its "
        "parent and what changed as its origin. Prints what to expect."));
    parser.addHelpOption();
    const QCommandLineOption steps{"steps", "More DDIM steps: the new step count.", "N"};
    const auto& guidanceSpec = parameterSpec(RequestParameter::Guidance);
    const QCommandLineOption guidanceUp{
        "guidance-up",
        QStringLiteral("Guidance +1 (follows the prompt more closely; useful range %1 to %2).")
            .arg(formatParameterValue(guidanceSpec.id, guidanceSpec.useful.low),
                 formatParameterValue(guidanceSpec.id, guidanceSpec.useful.high))};
    const QCommandLineOption guidanceDown{"guidance-down",
                                          "Guidance -1 (looser, more natural motion)."};
    const QCommandLineOption prompt{"prompt", "A sharpened prompt.", "TEXT"};
    const QCommandLineOption finalise{
        "finalise",
        "Final render with the quality or native preset (the tuned guidance stays). A change of "
        "size or frame count changes the composition.",
        "PRESET"};
    const QCommandLineOption output{"output", "The video to write.", "PATH"};
    const QCommandLineOption model{
        "model", "Model folder (default: the candidate's, else $KINORA_MODEL).", "DIR"};
    const QCommandLineOption threads{"threads", "CPU threads for the model.", "N"};
    const QCommandLineOption json{"json", "Machine-readable progress and results."};
    parser.addOptions(
        {steps, guidanceUp, guidanceDown, prompt, finalise, output, model, threads, json});
    parser.addPositionalArgument(QStringLiteral("SIDECAR_OR_VIDEO"),
                                 QStringLiteral("The candidate's sidecar (.json) or video."));
    if (const auto exit = parseCommandLine(parser, QStringLiteral("refine"), arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << "kinora-cli refine: give exactly one SIDECAR_OR_VIDEO\n";
        return kExitUsage;
    }
    std::optional<RefineStep> step;
    int kinds = 0;
    if (parser.isSet(steps)) {
        ++kinds;
        bool ok = false;
        step = RefineStep::moreSteps(parser.value(steps).toInt(&ok));
        if (!ok) {
            err() << "kinora-cli refine: --steps needs an integer\n";
            return kExitUsage;
        }
    }
    if (parser.isSet(guidanceUp)) {
        ++kinds;
        step = RefineStep::guidanceUp();
    }
    if (parser.isSet(guidanceDown)) {
        ++kinds;
        step = RefineStep::guidanceDown();
    }
    if (parser.isSet(prompt)) {
        ++kinds;
        step = RefineStep::sharpenedPrompt(parser.value(prompt));
    }
    if (parser.isSet(finalise)) {
        ++kinds;
        step = RefineStep::finalise(parser.value(finalise));
    }
    if (kinds != 1) {
        err() << "kinora-cli refine: give exactly one of --steps, --guidance-up, --guidance-down, "
                 "--prompt, --finalise\n";
        return kExitUsage;
    }
    const QString given = parser.positionalArguments().front();
    auto parent = requestFromRecord(given);
    if (!parent) {
        err() << "kinora-cli refine: " << parent.error().message << "\n";
        return kExitFailure;
    }
    // The lineage names the sidecar where there is one: it holds the full record.
    const QString record = given.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ||
                                   !QFileInfo::exists(sidecarPathFor(given))
                               ? given
                               : sidecarPathFor(given);
    if (parser.isSet(model))
        parent->modelFolder = parser.value(model);
    if (parent->modelFolder.isEmpty())
        parent->modelFolder = qEnvironmentVariable("KINORA_MODEL");
    auto refinement = refinedRequest(*parent, record, *step);
    if (!refinement) {
        err() << "kinora-cli refine: " << refinement.error().message << "\n";
        return kExitUsage;
    }
    if (parser.isSet(output)) {
        const QString format = refinement->request.format;
        if (format != QLatin1String("png") &&
            !parser.value(output).endsWith(QLatin1Char('.') + format, Qt::CaseInsensitive)) {
            err() << "kinora-cli refine: the output " << parser.value(output)
                  << " does not end in ." << format << " (the candidate's format)\n";
            return kExitUsage;
        }
        refinement->request.outputPath = parser.value(output);
    }
    err() << "kinora-cli refine: " << refinement->note << "\n";
    JobRunnerSettings runnerSettings;
    if (parser.isSet(threads))
        runnerSettings.threads = parser.value(threads).toInt();
    JobRunner runner(runnerSettings);
    return runJobs(runner, {{refinement->request, QString(), {}, {}}}, parser.isSet(json), false);
}

}  // namespace kinora::cli
