#include "facade/GenerationService.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <exception>

#include "facade/JobOutcomes.h"
#include "facade/JobRecordWriter.h"
#include "facade/Logging.h"
#include "facade/MemoryPlanning.h"
#include "facade/PipelineBridge.h"
#include "facade/SourcePreparation.h"
#include "media/ImageLoader.h"
#include "media/VideoExporter.h"
#include "model/runtime/Cancellation.h"
#include "model/runtime/Runtime.h"

namespace kinora {
namespace {

QString joinNotes(const QString& first, const QString& second) {
    return first.isEmpty()    ? second
           : second.isEmpty() ? first
                              : first + QStringLiteral("; ") + second;
}

// The one boundary where exceptions stop: whatever escapes a stage (a callback that throws, an
// allocation that fails outside the guarded compute) becomes an outcome, never a crash.
template <typename Run>
GenerationOutcome guarded(Run run) {
    try {
        return run();
    } catch (const model::CancelledError&) {
        return cancelledOutcome();
    } catch (const std::exception& error) {
        return failedOutcome(
            QStringLiteral("Generation failed: %1").arg(describeException(error)),
            QStringLiteral("The log has the technical detail; report it if it repeats"),
            QString::fromUtf8(error.what()));
    }
}

GenerationOutcome modelNotLoaded(const QString& error, const QString& modelFolder) {
    return failedOutcome(
        QStringLiteral("The model could not be loaded: %1").arg(error),
        QStringLiteral("Check the folder with: kinora-cli inspect \"%1\"").arg(modelFolder));
}

// Decodes latents and writes video, sidecar and source image; shared by generate() and
// decodeSavedLatents(). The latents file is removed only once the video is safely written.
GenerationOutcome finishVideo(PipelineBridge& bridge, const Latents& latents,
                              const VideoRecord& record, const QString& latentsPath,
                              const DecodePlan& decodePlan, const GenerationCallbacks& callbacks,
                              bool keepLatents, QStringList& memoryNotes) {
    QElapsedTimer timer;
    timer.start();
    const auto reporter = [&](GenerationStage stage) {
        return [&, stage](int done, int total) {
            if (callbacks.progress) {
                const double elapsed = timer.elapsed() / 1000.0;
                callbacks.progress({stage, done, total, elapsed,
                                    done > 0 ? elapsed / done * (total - done) : 0.0});
            }
        };
    };
    const DecodedFrames decoded =
        bridge.decode(latents, decodePlan, latentsPath, reporter(GenerationStage::Decoding),
                      callbacks.cancelled, memoryNotes);
    if (decoded.frames.isEmpty())
        return decoded.outcome;
    VideoRecord published = record;
    published.memoryNotes = memoryNotes;
    GenerationOutcome outcome =
        publishVideo(decoded.frames, published, latentsPath, reporter(GenerationStage::Encoding),
                     callbacks.cancelled);
    if (!outcome.succeeded())
        return outcome;
    outcome.sourceImagePath = record.sourceImagePath;
    if (!keepLatents && QFile::exists(latentsPath))
        QFile::remove(latentsPath);
    else if (keepLatents)
        outcome.latentsPath = latentsPath;
    return outcome;
}

}  // namespace

struct GenerationService::Impl {
    PipelineBridge bridge;
};

GenerationService::GenerationService() : impl_(std::make_unique<Impl>()) {}
GenerationService::~GenerationService() = default;

void GenerationService::setThreads(int threads) {
    model::setComputeThreads(threads);
}

int GenerationService::textEncoderRuns() const {
    return impl_->bridge.textEncoderRuns();
}

int GenerationService::imageEncoderRuns() const {
    return impl_->bridge.imageEncoderRuns();
}

GenerationOutcome GenerationService::generate(const GenerationRequest& request,
                                              const GenerationCallbacks& callbacks) {
    const PreparedSource source = prepareSource(request);
    if (!source.ok())
        return failedOutcome(source.error, source.remedy);
    GenerationOutcome outcome = guarded([&] { return runGenerate(source.request, callbacks); });
    outcome.note = joinNotes(source.summary(), outcome.note);
    return outcome;
}

GenerationOutcome GenerationService::decodeSavedLatents(const QString& latentsPath,
                                                        const DecodeSettings& settings,
                                                        const GenerationCallbacks& callbacks) {
    return guarded([&] { return runDecode(latentsPath, settings, callbacks); });
}

GenerationOutcome GenerationService::runGenerate(const GenerationRequest& request,
                                                 const GenerationCallbacks& callbacks) {
    QElapsedTimer total;
    total.start();
    if (const auto problems = validateRequest(request); !problems.isEmpty()) {
        return failedOutcome(
            QStringLiteral("Invalid %1: %2").arg(problems.front().field, problems.front().message),
            problems.front().remedy);
    }
    if (request.outputPath.isEmpty()) {
        return failedOutcome(QStringLiteral("No output path was given"),
                             QStringLiteral("Name the video to write, e.g. --output clip.mp4"));
    }
    const QFileInfo outputDir(QFileInfo(request.outputPath).absolutePath());
    if (!outputDir.isDir() || !outputDir.isWritable()) {
        return failedOutcome(
            QStringLiteral("Cannot write into %1").arg(outputDir.absoluteFilePath()),
            QStringLiteral("Choose an existing folder you can write to"));
    }
    const auto loaded = media::loadInputImage(request.imagePath);
    if (!loaded.ok())
        return failedOutcome(loaded.error, loaded.remedy);
    // A run of this job that was killed may have left hidden temporaries; finished files stay.
    media::removeStaleTemporaries(request.outputPath);
    const auto resolved = resolveDevice(request.device, request.dtype);
    if (!resolved.error.isEmpty()) {
        return failedOutcome(resolved.error,
                             QStringLiteral("Use --device auto or cpu (and fp32 on the CPU), "
                                            "or a CUDA build of LibTorch"));
    }
    if (request.modelFolder.isEmpty()) {
        return failedOutcome(
            QStringLiteral("No model folder was given"),
            QStringLiteral("Pass --model DIR or set KINORA_MODEL to an I2VGen-XL folder "
                           "(diffusers format)"));
    }
    // Every job is planned against the memory there is before anything loads.
    MemoryPlanOptions planOptions;
    planOptions.allowDowngrade = allowDowngrade_;
    planOptions.memoryBytes = memoryLimit_;
    planOptions.residentDeviceBytes =
        impl_->bridge.residentWeightBytes(request.modelFolder, resolved);
    const MemoryPlan plan = planMemory(request, planOptions);
    QStringList memoryNotes;
    if (!plan.known()) {
        qCWarning(lcPipeline).noquote() << "no memory plan:" << plan.error;
    } else {
        qCInfo(lcPipeline).noquote() << "memory plan:" << memoryVerdictName(plan.verdict) << "-"
                                     << describeExecutionPlan(plan.settings) << "- predicted peak"
                                     << formatMemoryBytes(plan.peakBytes) << "of"
                                     << formatMemoryBytes(plan.budgetBytes) << "usable";
        for (const auto& line : plan.explanation)
            qCInfo(lcPipeline).noquote() << "memory plan:" << line;
    }
    if (plan.known() && !plan.runnable()) {
        auto outcome = failedOutcome(
            QStringLiteral("Not enough memory for %1x%2 with %3 frames: %4")
                .arg(request.width)
                .arg(request.height)
                .arg(request.frames)
                .arg(plan.explanation.join(QLatin1Char(' '))),
            plan.downgradeFrames
                ? QStringLiteral("Use %1x%2 with %3 frames, or allow automatic downgrades "
                                 "(kinora-cli generate --auto-downgrade); kinora-cli plan shows "
                                 "what fits")
                      .arg(*plan.downgradeWidth)
                      .arg(*plan.downgradeHeight)
                      .arg(*plan.downgradeFrames)
                : QStringLiteral("Free memory used by other programs, or run on a device with "
                                 "more memory"));
        outcome.memoryPlan = plan.toJson();
        return outcome;
    }
    GenerationRequest job = request;
    if (plan.verdict == MemoryVerdict::Downgraded) {
        job.width = plan.width;
        job.height = plan.height;
        job.frames = plan.frames;
        const QString note = QStringLiteral(
                                 "Downgraded from %1x%2 with %3 frames to %4x%5 with %6 "
                                 "frames to fit the memory: %7")
                                 .arg(request.width)
                                 .arg(request.height)
                                 .arg(request.frames)
                                 .arg(job.width)
                                 .arg(job.height)
                                 .arg(job.frames)
                                 .arg(plan.explanation.join(QLatin1Char(' ')));
        qCWarning(lcPipeline).noquote() << note;
        memoryNotes << note;
    }

    if (callbacks.progress)
        callbacks.progress({GenerationStage::LoadingModel, 0, 0, 0, 0});
    if (const QString error = impl_->bridge.ensurePipeline(request.modelFolder, resolved);
        !error.isEmpty())
        return modelNotLoaded(error, request.modelFolder);
    const DenoiseResult denoised =
        impl_->bridge.denoise(job, loaded.image, plan, faults_, callbacks, memoryNotes);
    if (!denoised.latents)
        return denoised.outcome;

    if (callbacks.progress)
        callbacks.progress({GenerationStage::SavingLatents, 0, 0, 0, 0});
    const QString latentsPath = latentsPathFor(request.outputPath);
    const QString saveError = PipelineBridge::saveLatents(latentsPath, denoised.latents,
                                                          job.toJson(), request.modelFolder);
    if (!saveError.isEmpty())
        qCWarning(lcPipeline).noquote() << "could not save the latents:" << saveError;

    // The source image beside the video, so the sidecar replays the run on any machine.
    VideoRecord record;
    record.request = job;
    record.sourceImagePath = sourceImagePathFor(request.outputPath, request.imagePath);
    if (QFileInfo(record.sourceImagePath).absoluteFilePath() !=
        QFileInfo(request.imagePath).absoluteFilePath()) {
        if (const auto copied = copyFileAtomically(request.imagePath, record.sourceImagePath);
            !copied) {
            qCWarning(lcPipeline).noquote()
                << "could not copy the source image to" << record.sourceImagePath << ":"
                << copied.error().message;
        }
    }

    DecodePlan decodePlan;
    decodePlan.attempts << denoised.plan << plan.decodeFallbacks;
    for (const auto& stage : plan.stages) {
        if (stage.stage == QLatin1String("decode")) {
            decodePlan.predicted =
                QStringLiteral("the plan predicted %1 with %2 usable")
                    .arg(formatMemoryBytes(std::max(stage.deviceBytes, stage.hostBytes)),
                         formatMemoryBytes(plan.budgetBytes));
        }
    }
    if (plan.known())
        record.memoryRecord.insert("memory_plan", plan.toJson());
    auto outcome = finishVideo(impl_->bridge, denoised.latents, record,
                               saveError.isEmpty() ? latentsPath : QString(), decodePlan, callbacks,
                               keepLatents_, memoryNotes);
    if (plan.known())
        outcome.memoryPlan = plan.toJson();
    outcome.memoryNotes = memoryNotes;
    if (!memoryNotes.isEmpty() && outcome.note.isEmpty())
        outcome.note = memoryNotes.join(QLatin1Char(' '));
    if (!loaded.note.isEmpty() && outcome.note.isEmpty())
        outcome.note = loaded.note;
    outcome.seconds = total.elapsed() / 1000.0;
    return outcome;
}

GenerationOutcome GenerationService::runDecode(const QString& latentsPath,
                                               const DecodeSettings& settings,
                                               const GenerationCallbacks& callbacks) {
    QElapsedTimer total;
    total.start();
    const SavedLatents saved = PipelineBridge::loadLatents(latentsPath);
    if (!saved.latents)
        return failedOutcome(saved.error, saved.remedy);
    QList<RequestProblem> problems;
    VideoRecord record;
    record.request = requestFromJson(saved.request, {}, &problems);
    GenerationRequest& request = record.request;
    if (!problems.isEmpty())
        return failedOutcome(problems.front().message, problems.front().remedy);
    if (!settings.format.isEmpty())
        request.format = settings.format;
    if (!settings.outputPath.isEmpty())
        request.outputPath = settings.outputPath;
    if (saved.modelFolder)
        request.modelFolder = *saved.modelFolder;
    const auto resolved = resolveDevice(settings.device, request.dtype);
    if (!resolved.error.isEmpty())
        return failedOutcome(resolved.error, QStringLiteral("Use --device cpu"));
    if (const QString error = impl_->bridge.ensurePipeline(request.modelFolder, resolved);
        !error.isEmpty())
        return modelNotLoaded(error, request.modelFolder);
    media::removeStaleTemporaries(request.outputPath);
    // Smaller chunks, then tiles, if the decode runs out of memory.
    DecodePlan decodePlan;
    model::ExecutionPlan attempt;
    attempt.decodeChunkFrames = std::max(1, settings.chunkFrames);
    attempt.decodeTiled = settings.tiled;
    decodePlan.attempts << attempt;
    while (attempt.decodeChunkFrames > 1) {
        attempt.decodeChunkFrames /= 2;
        decodePlan.attempts << attempt;
    }
    if (!attempt.decodeTiled) {
        attempt.decodeTiled = true;
        decodePlan.attempts << attempt;
    }
    record.sourceImagePath = sourceImagePathFor(request.outputPath, request.imagePath);
    QStringList memoryNotes;
    auto outcome = finishVideo(impl_->bridge, saved.latents, record, latentsPath, decodePlan,
                               callbacks, keepLatents_, memoryNotes);
    outcome.memoryNotes = memoryNotes;
    outcome.seconds = total.elapsed() / 1000.0;
    return outcome;
}

}  // namespace kinora
