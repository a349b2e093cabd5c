#include "facade/GenerationService.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <unistd.h>

#include "facade/Logging.h"
#include "facade/MemoryPlanning.h"
#include "facade/SourcePreparation.h"
#include "facade/Version.h"
#include "media/ImageLoader.h"
#include "media/VideoExporter.h"
#include "media/VideoReader.h"
#include "model/pipeline/I2VGenXLPipeline.h"
#include "model/runtime/Runtime.h"
#include "model/weights/SafetensorsFile.h"
#include "model/weights/TensorIO.h"

namespace kinora {
namespace {

using Status = GenerationOutcome::Status;

constexpr const char* kRequestKey = "kinora_request";

GenerationOutcome failure(const QString& message, const QString& remedy,
                          const QString& detail = {}) {
    GenerationOutcome outcome;
    outcome.status = Status::Failed;
    outcome.message = message;
    outcome.remedy = remedy;
    outcome.detail = detail;
    return outcome;
}

QString joinNotes(const QString& first, const QString& second) {
    return first.isEmpty()    ? second
           : second.isEmpty() ? first
                              : first + QStringLiteral("; ") + second;
}

GenerationOutcome cancelledOutcome() {
    GenerationOutcome outcome;
    outcome.status = Status::Cancelled;
    outcome.message = QStringLiteral("Cancelled: nothing was written");
    return outcome;
}

struct ResolvedDevice {
    c10::Device device = c10::kCPU;
    c10::ScalarType dtype = c10::kFloat;
    QString error;
};

// "auto" prefers CUDA; asking for CUDA where there is none is an error, never a silent CPU run.
ResolvedDevice resolveDevice(const QString& device, const QString& dtype) {
    ResolvedDevice resolved;
    const bool cuda = model::cudaAvailable();
    if (device == QLatin1String("auto")) {
        resolved.device = cuda ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
    } else if (device.startsWith(QLatin1String("cuda"))) {
        const int index =
            device.contains(QLatin1Char(':')) ? device.section(QLatin1Char(':'), 1).toInt() : 0;
        if (!cuda || index >= model::cudaDeviceCount()) {
            resolved.error =
                QStringLiteral(
                    "device %1 was asked for, but this LibTorch has no CUDA "
                    "device (available: %2)")
                    .arg(device, cuda ? QStringLiteral("cpu, cuda") : QStringLiteral("cpu"));
            return resolved;
        }
        resolved.device = c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(index));
    }
    const bool onCuda = resolved.device.is_cuda();
    if (dtype == QLatin1String("fp16"))
        resolved.dtype = c10::kHalf;
    else if (dtype == QLatin1String("bf16"))
        resolved.dtype = c10::kBFloat16;
    else if (dtype == QLatin1String("fp32"))
        resolved.dtype = c10::kFloat;
    else
        resolved.dtype = onCuda ? c10::kHalf : c10::kFloat;
    if (!onCuda && resolved.dtype != c10::kFloat) {
        resolved.error = QStringLiteral(
                             "%1 on the CPU is far slower than fp32 here (no half-precision "
                             "instructions)")
                             .arg(dtype);
    }
    return resolved;
}

model::RgbImage toRgb(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    model::RgbImage result;
    result.width = rgb.width();
    result.height = rgb.height();
    result.pixels.resize(std::size_t(rgb.width()) * rgb.height() * 3);
    for (int y = 0; y < rgb.height(); ++y) {
        std::memcpy(result.pixels.data() + std::size_t(y) * rgb.width() * 3, rgb.constScanLine(y),
                    std::size_t(rgb.width()) * 3);
    }
    return result;
}

QImage toQImage(const model::RgbImage& image) {
    QImage result(image.width, image.height, QImage::Format_RGB888);
    for (int y = 0; y < image.height; ++y) {
        std::memcpy(result.scanLine(y), image.pixels.data() + std::size_t(y) * image.width * 3,
                    std::size_t(image.width) * 3);
    }
    return result;
}

// The identity of the weights a video was made with: for each weight file its size and the
// SHA-256 of its safetensors header (names, shapes, dtypes, offsets). Hashing gigabytes of
// weights would take minutes per job; the header changes with any re-export of the weights.
QJsonObject modelFingerprint(const QString& folder) {
    QJsonObject files;
    for (const char* component : {"unet", "vae", "text_encoder", "image_encoder"}) {
        const QDir dir(folder + QLatin1Char('/') + QLatin1String(component));
        for (const auto& name : dir.entryList({QStringLiteral("*.safetensors")}, QDir::Files)) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray lengthBytes = file.read(8);
            quint64 length = 0;
            for (int i = 7; i >= 0 && lengthBytes.size() == 8; --i)
                length = (length << 8) | quint8(lengthBytes[i]);
            const QByteArray header =
                file.read(qint64(std::min<quint64>(length, model::kMaxSafetensorsHeaderBytes)));
            files.insert(
                QLatin1String(component) + QLatin1Char('/') + name,
                QJsonObject{
                    {"bytes", double(file.size())},
                    {"header_sha256",
                     QString::fromLatin1(
                         QCryptographicHash::hash(header, QCryptographicHash::Sha256).toHex())}});
        }
    }
    return QJsonObject{{"folder", QDir(folder).absolutePath()}, {"weights", files}};
}

// Writes a file so that it appears whole or not at all, even when the process is killed: into a
// hidden `.name.part` beside it (which media::removeStaleTemporaries() recognises), then renamed.
bool writeFileAtomically(const QString& path, const QByteArray& contents, QString* error) {
    const QFileInfo target(path);
    const QString temporary =
        target.dir().filePath(QLatin1Char('.') + target.fileName() + QStringLiteral(".part"));
    QFile file(temporary);
    bool ok = file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
              file.write(contents) == contents.size() && file.flush() &&
              ::fsync(file.handle()) == 0;
    if (ok) {
        file.close();
        ok = std::rename(QFile::encodeName(temporary).constData(),
                         QFile::encodeName(path).constData()) == 0;
        if (!ok)
            *error = QString::fromLocal8Bit(std::strerror(errno));
    } else {
        *error = file.errorString();
    }
    if (!ok)
        QFile::remove(temporary);
    return ok;
}

bool writeJsonAtomically(const QString& path, const QJsonObject& json, QString* error) {
    return writeFileAtomically(path, QJsonDocument(json).toJson(QJsonDocument::Indented), error);
}

// QFile::copy leaves a visible qt_temp.XXXXXX behind when killed; this leaves at most a hidden
// temporary that the next run removes.
bool copyFileAtomically(const QString& from, const QString& to, QString* error) {
    QFile source(from);
    if (!source.open(QIODevice::ReadOnly)) {
        *error = source.errorString();
        return false;
    }
    return writeFileAtomically(to, source.readAll(), error);
}

QString describeException(const std::exception& error) {
    QString text = QString::fromUtf8(error.what());
    // LibTorch errors carry a C++ backtrace after the first line: the log gets it, not the user.
    return text.section(QLatin1Char('\n'), 0, 0);
}

}  // namespace

QString sidecarPathFor(const QString& outputPath) {
    const QFileInfo info(outputPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".json"));
}

QString latentsPathFor(const QString& outputPath) {
    const QFileInfo info(outputPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".latents.safetensors"));
}

struct GenerationService::Impl {
    std::unique_ptr<model::I2VGenXLPipeline> pipeline;
    QString folder;
    c10::Device device = c10::kCPU;
    c10::ScalarType dtype = c10::kFloat;

    // Weights this process holds already for a job on `modelFolder` and `resolved`'s device.
    quint64 residentWeightBytes(const QString& modelFolder, const ResolvedDevice& resolved) const {
        if (!pipeline || folder != QDir(modelFolder).absolutePath() || device != resolved.device ||
            dtype != resolved.dtype)
            return 0;
        return pipeline->loadedWeightBytes();
    }

    // Loads the pipeline for a folder and device, reusing the loaded one when they match.
    QString ensurePipeline(const QString& modelFolder, const ResolvedDevice& resolved) {
        const QString absolute = QDir(modelFolder).absolutePath();
        if (pipeline && folder == absolute && device == resolved.device && dtype == resolved.dtype)
            return {};
        // A wrong folder is named as such, not by the first component file the loader misses.
        if (!QFileInfo(absolute).isDir())
            return QStringLiteral("the folder %1 does not exist").arg(absolute);
        if (!QFileInfo::exists(absolute + QStringLiteral("/model_index.json"))) {
            return QStringLiteral(
                       "%1 has no model_index.json: it is not a model folder in diffusers format")
                .arg(absolute);
        }
        pipeline.reset();
        model::PipelineOptions options;
        options.device = resolved.device;
        options.dtype = resolved.dtype;
        auto loaded = model::I2VGenXLPipeline::load(absolute.toStdString(), options);
        if (!loaded)
            return QString::fromStdString(loaded.error().describe());
        pipeline = std::move(*loaded);
        folder = absolute;
        device = resolved.device;
        dtype = resolved.dtype;
        return {};
    }
};

GenerationService::GenerationService() : impl_(std::make_unique<Impl>()) {}
GenerationService::~GenerationService() = default;

void GenerationService::setThreads(int threads) {
    model::setComputeThreads(threads);
}

int GenerationService::textEncoderRuns() const {
    return impl_->pipeline ? impl_->pipeline->textEncoderRuns() : 0;
}

int GenerationService::imageEncoderRuns() const {
    return impl_->pipeline ? impl_->pipeline->imageEncoderRuns() : 0;
}

namespace {

// What a finished job's decode may fall back on, in order: the first entry first.
struct DecodePlan {
    QList<model::ExecutionPlan> attempts;
    QString predicted;  // the plan's predicted decode peak, for a failure message
};

// Decodes latents and writes video, sidecar and source image; shared by generate() and
// decodeSavedLatents(). A decode that runs out of memory is done again from the same (saved)
// latents with the next smaller chunk or tiles. The latents file is removed only once the video
// is safely written. `memoryRecord` goes into the sidecar beside the request, with the
// recovery notes.
GenerationOutcome finishVideo(model::I2VGenXLPipeline& pipeline, const at::Tensor& latents,
                              const GenerationRequest& request, const QString& latentsPath,
                              const QString& sourceImage, const DecodePlan& decodePlan,
                              const GenerationCallbacks& callbacks, bool keepLatents,
                              const QString& modelFolder, const QJsonObject& memoryRecord,
                              QStringList& memoryNotes) {
    QElapsedTimer timer;
    timer.start();
    const auto report = [&](GenerationStage stage, int done, int total) {
        if (callbacks.progress) {
            const double elapsed = timer.elapsed() / 1000.0;
            callbacks.progress(
                {stage, done, total, elapsed, done > 0 ? elapsed / done * (total - done) : 0.0});
        }
    };
    at::Tensor frames;
    for (int attempt = 0;; ++attempt) {
        const auto& settings = decodePlan.attempts[attempt];
        try {
            model::PipelineCallbacks decodeCallbacks;
            decodeCallbacks.cancelled = callbacks.cancelled;
            decodeCallbacks.decodeProgress = [&](int done, int total) {
                report(GenerationStage::Decoding, done, total);
            };
            report(GenerationStage::Decoding, 0, 0);
            frames = pipeline.decode(latents, settings, decodeCallbacks);
            break;
        } catch (const model::CancelledError&) {
            auto outcome = cancelledOutcome();
            outcome.latentsPath = latentsPath;
            outcome.message = QStringLiteral(
                                  "Cancelled while decoding: the denoised latents are kept "
                                  "in %1")
                                  .arg(latentsPath);
            outcome.remedy =
                QStringLiteral("Finish the video with: kinora-cli decode \"%1\"").arg(latentsPath);
            return outcome;
        } catch (const std::exception& error) {
            const bool oom = model::isOutOfMemoryError(error);
            if (oom && attempt + 1 < decodePlan.attempts.size()) {
                const auto& next = decodePlan.attempts[attempt + 1];
                model::releaseCachedMemory();
                if (next.releaseEncoders)
                    pipeline.releaseEncoders();
                const QString note =
                    QStringLiteral(
                        "The decode ran out of memory (%1); decoded again from the saved "
                        "latents with %2")
                        .arg(describeException(error), describeExecutionPlan(next));
                qCWarning(lcPipeline).noquote() << note;
                memoryNotes << note;
                continue;
            }
            auto outcome = failure(
                oom ? QStringLiteral(
                          "Out of memory while decoding the frames%1; the denoised latents are "
                          "kept in %2")
                          .arg(decodePlan.predicted.isEmpty()
                                   ? QString()
                                   : QStringLiteral(" (%1)").arg(decodePlan.predicted),
                               latentsPath)
                    : QStringLiteral(
                          "Decoding the frames failed; the denoised latents are kept in %1")
                          .arg(latentsPath),
                QStringLiteral("Finish the video without denoising again: kinora-cli decode "
                               "\"%1\" --decode-chunk 1 --tiled")
                    .arg(latentsPath),
                QString::fromUtf8(error.what()));
            outcome.latentsPath = latentsPath;
            outcome.memoryNotes = memoryNotes;
            return outcome;
        }
    }
    if (!at::isfinite(frames).all().item<bool>()) {
        auto outcome = failure(QStringLiteral("The model produced NaN or infinite values: the "
                                              "weights are probably corrupt"),
                               QStringLiteral("Run kinora-cli inspect on the model folder and "
                                              "download the damaged component again"));
        outcome.latentsPath = latentsPath;
        return outcome;
    }
    const auto images = model::framesToImages(frames);
    // The decoded tensors are done with: what they used goes back to the system, so an idle app
    // holds only the weights and the frames being written.
    frames = at::Tensor();
    model::releaseCachedMemory();

    auto format = media::exportFormatFromName(request.format);
    if (!format)
        return failure(format.error().message, format.error().remedy);
    media::ExportOptions options;
    options.format = *format;
    options.fps = media::FrameRate{request.outputFps, 1};
    QJsonObject record = request.toJson();
    options.metadata.insert(
        QString::fromLatin1(kRequestKey),
        QString::fromUtf8(QJsonDocument(record).toJson(QJsonDocument::Compact)));
    options.metadata.insert(QStringLiteral("comment"),
                            QStringLiteral("Made with Kinora %1 (I2VGen-XL)").arg(KINORA_VERSION));
    options.cancelRequested = callbacks.cancelled;
    const int count = int(images.size());
    options.progress = [&](int done, int total) { report(GenerationStage::Encoding, done, total); };
    // The sidecar is written just before the video's rename: a video never exists without its
    // record, even when the process is killed in between (a record without its video is an
    // unfinished job, which the next run of it replaces).
    const QString sidecarPath = sidecarPathFor(request.outputPath);
    bool sidecarWritten = false;
    options.beforePublish = [&](const media::ExportedVideo& video) -> media::MediaExpected<void> {
        QJsonObject sidecar{{"kinora_version", QStringLiteral(KINORA_VERSION)},
                            {"created", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                            {"request", record},
                            {"video", QFileInfo(video.path).fileName()},
                            {"source_image", QFileInfo(sourceImage).fileName()},
                            {"frames", video.frameCount},
                            {"model", modelFingerprint(modelFolder)}};
        for (auto it = memoryRecord.begin(); it != memoryRecord.end(); ++it)
            sidecar.insert(it.key(), it.value());
        if (!memoryNotes.isEmpty())
            sidecar.insert("memory_recovery", QJsonArray::fromStringList(memoryNotes));
        QString error;
        if (!writeJsonAtomically(sidecarPath, sidecar, &error)) {
            return media::mediaFailure(
                media::MediaError::Code::WriteFailed,
                QStringLiteral("Cannot write the sidecar %1: %2").arg(sidecarPath, error),
                QStringLiteral("Free disk space or choose a folder you can write to"));
        }
        sidecarWritten = true;
        return {};
    };
    media::MediaExpected<media::ExportedVideo> exported;
    try {
        exported = media::exportVideo(
            request.outputPath, count,
            [&](int index) { return toQImage(images[std::size_t(index)]); }, options);
    } catch (const std::exception& error) {
        // The exporter removes its temporary file on the way out; the latents stay.
        if (sidecarWritten)
            QFile::remove(sidecarPath);
        auto outcome = failure(
            QStringLiteral("Writing the video failed; the denoised latents are kept in %1")
                .arg(latentsPath),
            QStringLiteral("Finish the video without denoising again: kinora-cli decode \"%1\"")
                .arg(latentsPath),
            QString::fromUtf8(error.what()));
        outcome.latentsPath = latentsPath;
        return outcome;
    }
    if (!exported) {
        if (sidecarWritten)
            QFile::remove(sidecarPath);
        if (exported.error().code == media::MediaError::Code::Cancelled) {
            auto outcome = cancelledOutcome();
            outcome.latentsPath = latentsPath;
            return outcome;
        }
        auto outcome = failure(exported.error().message, exported.error().remedy);
        outcome.latentsPath = latentsPath;
        return outcome;
    }

    GenerationOutcome outcome;
    outcome.status = Status::Succeeded;
    outcome.videoPath = exported->path;
    outcome.sourceImagePath = sourceImage;
    outcome.sidecarPath = sidecarPath;
    if (!keepLatents && QFile::exists(latentsPath))
        QFile::remove(latentsPath);
    else if (keepLatents)
        outcome.latentsPath = latentsPath;
    return outcome;
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
        return failure(QStringLiteral("Generation failed: %1").arg(describeException(error)),
                       QStringLiteral("The log has the technical detail; report it if it repeats"),
                       QString::fromUtf8(error.what()));
    }
}

}  // namespace

GenerationOutcome GenerationService::generate(const GenerationRequest& request,
                                              const GenerationCallbacks& callbacks) {
    const PreparedSource source = prepareSource(request);
    if (!source.ok())
        return failure(source.error, source.remedy);
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
        return failure(
            QStringLiteral("Invalid %1: %2").arg(problems.front().field, problems.front().message),
            problems.front().remedy);
    }
    if (request.outputPath.isEmpty()) {
        return failure(QStringLiteral("No output path was given"),
                       QStringLiteral("Name the video to write, e.g. --output clip.mp4"));
    }
    const QFileInfo output(request.outputPath);
    const QFileInfo outputDir(output.absolutePath());
    if (!outputDir.isDir() || !outputDir.isWritable()) {
        return failure(QStringLiteral("Cannot write into %1").arg(outputDir.absoluteFilePath()),
                       QStringLiteral("Choose an existing folder you can write to"));
    }
    const auto loaded = media::loadInputImage(request.imagePath);
    if (!loaded.ok())
        return failure(loaded.error, loaded.remedy);
    // A run of this job that was killed may have left hidden temporaries; finished files stay.
    media::removeStaleTemporaries(request.outputPath);
    const auto resolved = resolveDevice(request.device, request.dtype);
    if (!resolved.error.isEmpty()) {
        return failure(resolved.error,
                       QStringLiteral("Use --device auto or cpu (and fp32 on the CPU), "
                                      "or a CUDA build of LibTorch"));
    }
    if (request.modelFolder.isEmpty()) {
        return failure(QStringLiteral("No model folder was given"),
                       QStringLiteral("Pass --model DIR or set KINORA_MODEL to an I2VGen-XL folder "
                                      "(diffusers format)"));
    }
    // Every job is planned against the memory there is before anything loads.
    MemoryPlanOptions planOptions;
    planOptions.allowDowngrade = allowDowngrade_;
    planOptions.memoryBytes = memoryLimit_;
    planOptions.residentDeviceBytes = impl_->residentWeightBytes(request.modelFolder, resolved);
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
        auto outcome = failure(
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
    if (const QString error = impl_->ensurePipeline(request.modelFolder, resolved);
        !error.isEmpty())
        return failure(QStringLiteral("The model could not be loaded: %1").arg(error),
                       QStringLiteral("Check the folder with: kinora-cli inspect \"%1\"")
                           .arg(request.modelFolder));
    auto& pipeline = *impl_->pipeline;
    model::InjectedOutOfMemory injected;
    injected.atStep = faults_.outOfMemoryAtStep;
    injected.stepFailures = faults_.stepFailures;
    injected.decodeFailures = faults_.decodeFailures;
    pipeline.injectOutOfMemory(injected);
    model::ExecutionPlan current = plan.known() ? plan.settings : model::ExecutionPlan::unplanned();
    if (!plan.known())
        current.decodeChunkFrames = request.decodeChunkSize;
    pipeline.setExecutionPlan(current);

    model::PipelineRequest pipelineRequest;
    pipelineRequest.image = toRgb(loaded.image);
    pipelineRequest.prompt = request.prompt.toStdString();
    if (!request.negativePrompt.isEmpty())
        pipelineRequest.negativePrompt = request.negativePrompt.toStdString();
    pipelineRequest.width = job.width;
    pipelineRequest.height = job.height;
    pipelineRequest.frames = job.frames;
    pipelineRequest.steps = request.steps;
    pipelineRequest.guidance = request.guidance;
    pipelineRequest.targetFps = request.targetFps;
    pipelineRequest.seed = request.seed;
    pipelineRequest.vaeSeed = request.vaeSeed;
    pipelineRequest.eta = request.eta;

    model::PipelineCallbacks pipelineCallbacks;
    pipelineCallbacks.cancelled = callbacks.cancelled;
    pipelineCallbacks.stageStarted = [&](model::PipelineStage stage) {
        if (!callbacks.progress)
            return;
        const GenerationStage mapped =
            stage == model::PipelineStage::EncodingPrompt  ? GenerationStage::EncodingPrompt
            : stage == model::PipelineStage::EncodingImage ? GenerationStage::EncodingImage
            : stage == model::PipelineStage::Denoising     ? GenerationStage::Denoising
                                                           : GenerationStage::Decoding;
        callbacks.progress(
            {mapped, 0, mapped == GenerationStage::Denoising ? request.steps : 0, 0, 0});
    };
    pipelineCallbacks.stepFinished = [&](const model::StepProgress& step) {
        if (callbacks.progress) {
            callbacks.progress({GenerationStage::Denoising, step.step, step.total,
                                step.elapsedSeconds, step.remainingSeconds});
        }
    };
    pipeline.setPreviewInterval(callbacks.preview ? callbacks.previewInterval : 0);
    if (callbacks.preview) {
        pipelineCallbacks.preview = [&](int step, const std::vector<model::RgbImage>& frames) {
            QList<QImage> images;
            for (const auto& frame : frames)
                images << toQImage(frame);
            callbacks.preview(step, images);
        };
    }

    // A step that runs out of memory is retried with the next tighter plan (at most the two
    // the planner gave); then the job fails naming the step and the memory the plan predicted.
    int denoiseRetries = 0;
    int failedStep = 0;
    pipelineCallbacks.outOfMemory = [&](const model::OutOfMemoryEvent& event) {
        failedStep = event.step + 1;
        if (denoiseRetries >= plan.denoiseFallbacks.size())
            return false;
        current = plan.denoiseFallbacks[denoiseRetries++];
        pipeline.setExecutionPlan(current);
        const QString note =
            QStringLiteral("Denoising step %1 ran out of memory (%2); retried with %3")
                .arg(event.step + 1)
                .arg(QString::fromStdString(event.what), describeExecutionPlan(current));
        qCWarning(lcPipeline).noquote() << note;
        memoryNotes << note;
        return true;
    };

    at::Tensor latents;
    try {
        latents = pipeline.denoise(pipelineRequest, pipelineCallbacks);
    } catch (const model::CancelledError&) {
        return cancelledOutcome();
    } catch (const std::invalid_argument& error) {
        return failure(QStringLiteral("The request cannot run: %1").arg(describeException(error)),
                       QStringLiteral("Change the setting it names"),
                       QString::fromUtf8(error.what()));
    } catch (const std::exception& error) {
        if (model::isOutOfMemoryError(error)) {
            const auto denoise = std::find_if(
                plan.stages.begin(), plan.stages.end(), [](const MemoryStagePeak& stage) {
                    return stage.stage == QLatin1String("denoise step");
                });
            auto outcome = failure(
                QStringLiteral("Out of memory in denoising step %1 of %2 frames at %3x%4%5")
                    .arg(failedStep)
                    .arg(job.frames)
                    .arg(job.width)
                    .arg(job.height)
                    .arg(denoise == plan.stages.end()
                             ? QString()
                             : QStringLiteral(" (the plan predicted %1 for a step, with %2 "
                                              "usable; %3 tighter plan(s) tried)")
                                   .arg(formatMemoryBytes(
                                            std::max(denoise->deviceBytes, denoise->hostBytes)),
                                        formatMemoryBytes(plan.budgetBytes))
                                   .arg(denoiseRetries)),
                QStringLiteral("Use fewer frames or a smaller size (kinora-cli plan shows what "
                               "fits), or free memory used by other programs"),
                QString::fromUtf8(error.what()));
            outcome.memoryPlan = plan.toJson();
            outcome.memoryNotes = memoryNotes;
            return outcome;
        }
        return failure(
            QStringLiteral("Generation failed while denoising: %1").arg(describeException(error)),
            QStringLiteral("Check the model folder with kinora-cli inspect; the log has "
                           "the technical detail"),
            QString::fromUtf8(error.what()));
    }

    if (callbacks.progress)
        callbacks.progress({GenerationStage::SavingLatents, 0, 0, 0, 0});
    const QString latentsPath = latentsPathFor(request.outputPath);
    const QJsonObject record = job.toJson();
    auto saved = model::writeTensorFile(
        latentsPath.toStdString(), {{"latents", latents}},
        {{kRequestKey, QJsonDocument(record).toJson(QJsonDocument::Compact).toStdString()},
         {"model_folder", QDir(request.modelFolder).absolutePath().toStdString()}});
    if (!saved) {
        qCWarning(lcPipeline).noquote()
            << "could not save the latents:" << QString::fromStdString(saved.error().describe());
    }

    // The source image beside the video, so the sidecar replays the run on any machine.
    const QString sourceImage =
        output.dir().filePath(output.completeBaseName() + QStringLiteral(".source.") +
                              QFileInfo(request.imagePath).suffix().toLower());
    if (QFileInfo(sourceImage).absoluteFilePath() !=
        QFileInfo(request.imagePath).absoluteFilePath()) {
        QString error;
        if (!copyFileAtomically(request.imagePath, sourceImage, &error)) {
            qCWarning(lcPipeline).noquote()
                << "could not copy the source image to" << sourceImage << ":" << error;
        }
    }

    DecodePlan decodePlan;
    decodePlan.attempts << current << plan.decodeFallbacks;
    for (const auto& stage : plan.stages) {
        if (stage.stage == QLatin1String("decode")) {
            decodePlan.predicted =
                QStringLiteral("the plan predicted %1 with %2 usable")
                    .arg(formatMemoryBytes(std::max(stage.deviceBytes, stage.hostBytes)),
                         formatMemoryBytes(plan.budgetBytes));
        }
    }
    QJsonObject memoryRecord;
    if (plan.known())
        memoryRecord.insert("memory_plan", plan.toJson());
    auto outcome = finishVideo(pipeline, latents, job, saved ? latentsPath : QString(), sourceImage,
                               decodePlan, callbacks, keepLatents_, request.modelFolder,
                               memoryRecord, memoryNotes);
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
    auto file = model::SafetensorsFile::open(latentsPath.toStdString());
    if (!file) {
        return failure(QString::fromStdString(file.error().message),
                       QString::fromStdString(file.error().remedy));
    }
    const auto* info = file->find("latents");
    const auto metadata = file->metadata();
    const auto requestText = metadata.find(kRequestKey);
    if (!info || requestText == metadata.end()) {
        return failure(QStringLiteral("%1 is not a Kinora latents file").arg(latentsPath),
                       QStringLiteral("Pass the .latents.safetensors file that a failed job kept"));
    }
    QList<RequestProblem> problems;
    GenerationRequest request = requestFromJson(
        QJsonDocument::fromJson(QByteArray::fromStdString(requestText->second)).object(), {},
        &problems);
    if (!problems.isEmpty())
        return failure(problems.front().message, problems.front().remedy);
    if (!settings.format.isEmpty())
        request.format = settings.format;
    if (!settings.outputPath.isEmpty())
        request.outputPath = settings.outputPath;
    const auto modelFolder = metadata.find("model_folder");
    if (modelFolder != metadata.end())
        request.modelFolder = QString::fromStdString(modelFolder->second);
    const auto resolved = resolveDevice(settings.device, request.dtype);
    if (!resolved.error.isEmpty())
        return failure(resolved.error, QStringLiteral("Use --device cpu"));
    if (const QString error = impl_->ensurePipeline(request.modelFolder, resolved);
        !error.isEmpty())
        return failure(QStringLiteral("The model could not be loaded: %1").arg(error),
                       QStringLiteral("Check the folder with: kinora-cli inspect \"%1\"")
                           .arg(request.modelFolder));
    const at::Tensor latents = model::mappedTensor(*file, *info).clone();
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
    const QFileInfo output(request.outputPath);
    const QString sourceImage =
        output.dir().filePath(output.completeBaseName() + QStringLiteral(".source.") +
                              QFileInfo(request.imagePath).suffix().toLower());
    QStringList memoryNotes;
    auto outcome =
        finishVideo(*impl_->pipeline, latents, request, latentsPath, sourceImage, decodePlan,
                    callbacks, keepLatents_, request.modelFolder, {}, memoryNotes);
    outcome.memoryNotes = memoryNotes;
    outcome.seconds = total.elapsed() / 1000.0;
    return outcome;
}

Expected<GenerationRequest> requestFromRecord(const QString& path) {
    Expected<RecordedRequest> recorded;
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return failWith(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
        recorded = requestFromSidecar(file.read(16 << 20), path);
    } else {
        auto reader = media::VideoReader::open(path);
        if (!reader)
            return failWith(reader.error().message);
        recorded = requestFromMetadata(
            reader->metadata().value(QString::fromLatin1(kRequestKey)).toUtf8(), path);
    }
    if (!recorded)
        return tl::unexpected(recorded.error());
    GenerationRequest request = recorded->request;
    // Prefer the copy of the source image beside the record: it travels with the video.
    const QFileInfo record(path);
    QString imageName = recorded->sourceImageName;
    if (imageName.isEmpty()) {
        imageName = record.completeBaseName() + QStringLiteral(".source.") +
                    QFileInfo(request.imagePath).suffix().toLower();
    }
    const QString besideRecord = record.dir().filePath(imageName);
    if (QFileInfo::exists(besideRecord))
        request.imagePath = besideRecord;
    return request;
}

}  // namespace kinora
