#include "facade/PipelineBridge.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include <ATen/ATen.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "facade/GenerationService.h"
#include "facade/JobOutcomes.h"
#include "facade/JobRecord.h"
#include "facade/Logging.h"
#include "model/pipeline/I2VGenXLPipeline.h"
#include "model/runtime/Runtime.h"
#include "model/weights/SafetensorsFile.h"
#include "model/weights/TensorIO.h"

namespace kinora {

struct LatentsTensor {
    at::Tensor tensor;
};

namespace {

c10::Device torchDevice(const ResolvedDevice& device) {
    return device.cuda ? c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(device.cudaIndex))
                       : c10::Device(c10::kCPU);
}

c10::ScalarType torchDtype(const ResolvedDevice& device) {
    switch (device.precision) {
        case ResolvedDevice::Precision::Float16:
            return c10::kHalf;
        case ResolvedDevice::Precision::BFloat16:
            return c10::kBFloat16;
        case ResolvedDevice::Precision::Float32:
            break;
    }
    return c10::kFloat;
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

model::PipelineRequest pipelineRequest(const GenerationRequest& job, const QImage& image) {
    model::PipelineRequest request;
    request.image = toRgb(image);
    request.prompt = job.prompt.toStdString();
    if (!job.negativePrompt.isEmpty())
        request.negativePrompt = job.negativePrompt.toStdString();
    request.width = job.width;
    request.height = job.height;
    request.frames = job.frames;
    request.steps = job.steps;
    request.guidance = job.guidance;
    request.targetFps = job.targetFps;
    request.seed = job.seed;
    request.vaeSeed = job.vaeSeed;
    request.eta = job.eta;
    // validateRequest has checked the name.
    request.sampler =
        model::samplerFromName(job.sampler.toStdString()).value_or(model::Sampler::DDIM);
    request.guidanceUntil = job.guidanceUntil;
    request.deepCacheInterval = deepCacheInterval(job.cache).value_or(0);
    return request;
}

GenerationStage generationStage(model::PipelineStage stage) {
    return stage == model::PipelineStage::EncodingPrompt  ? GenerationStage::EncodingPrompt
           : stage == model::PipelineStage::EncodingImage ? GenerationStage::EncodingImage
           : stage == model::PipelineStage::Denoising     ? GenerationStage::Denoising
                                                          : GenerationStage::Decoding;
}

// The failure of a denoise that ran out of memory, with what the plan predicted for a step.
GenerationOutcome denoiseOutOfMemory(const GenerationRequest& job, const MemoryPlan& plan,
                                     int failedStep, int retries, const std::exception& error) {
    const auto denoise = std::find_if(
        plan.stages.begin(), plan.stages.end(),
        [](const MemoryStagePeak& stage) { return stage.stage == QLatin1String("denoise step"); });
    return failedOutcome(
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
                           .arg(retries)),
        QStringLiteral("Use fewer frames or a smaller size (kinora-cli plan shows what "
                       "fits), or free memory used by other programs"),
        QString::fromUtf8(error.what()));
}

}  // namespace

ResolvedDevice resolveDevice(const QString& device, const QString& dtype) {
    ResolvedDevice resolved;
    const bool cuda = model::cudaAvailable();
    if (device == QLatin1String("auto")) {
        resolved.cuda = cuda;
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
        resolved.cuda = true;
        resolved.cudaIndex = index;
    }
    using Precision = ResolvedDevice::Precision;
    if (dtype == QLatin1String("fp16"))
        resolved.precision = Precision::Float16;
    else if (dtype == QLatin1String("bf16"))
        resolved.precision = Precision::BFloat16;
    else if (dtype == QLatin1String("fp32"))
        resolved.precision = Precision::Float32;
    else
        resolved.precision = resolved.cuda ? Precision::Float16 : Precision::Float32;
    if (!resolved.cuda && resolved.precision != Precision::Float32) {
        resolved.error = QStringLiteral(
                             "%1 on the CPU is far slower than fp32 here (no half-precision "
                             "instructions)")
                             .arg(dtype);
    }
    return resolved;
}

QString describeException(const std::exception& error) {
    QString text = QString::fromUtf8(error.what());
    return text.section(QLatin1Char('\n'), 0, 0);
}

struct PipelineBridge::Impl {
    std::unique_ptr<model::I2VGenXLPipeline> pipeline;
    QString folder;
    c10::Device device = c10::kCPU;
    c10::ScalarType dtype = c10::kFloat;

    bool holds(const QString& absoluteFolder, const ResolvedDevice& resolved) const {
        return pipeline && folder == absoluteFolder && device == torchDevice(resolved) &&
               dtype == torchDtype(resolved);
    }
};

PipelineBridge::PipelineBridge() : impl_(std::make_unique<Impl>()) {}
PipelineBridge::~PipelineBridge() = default;

quint64 PipelineBridge::residentWeightBytes(const QString& modelFolder,
                                            const ResolvedDevice& device) const {
    if (!impl_->holds(QDir(modelFolder).absolutePath(), device))
        return 0;
    return impl_->pipeline->loadedWeightBytes();
}

QString PipelineBridge::ensurePipeline(const QString& modelFolder, const ResolvedDevice& device) {
    const QString absolute = QDir(modelFolder).absolutePath();
    if (impl_->holds(absolute, device))
        return {};
    // A wrong folder is named as such, not by the first component file the loader misses.
    if (!QFileInfo(absolute).isDir())
        return QStringLiteral("the folder %1 does not exist").arg(absolute);
    if (!QFileInfo::exists(absolute + QStringLiteral("/model_index.json"))) {
        return QStringLiteral(
                   "%1 has no model_index.json: it is not a model folder in diffusers format")
            .arg(absolute);
    }
    impl_->pipeline.reset();
    model::PipelineOptions options;
    options.device = torchDevice(device);
    options.dtype = torchDtype(device);
    auto loaded = model::I2VGenXLPipeline::load(absolute.toStdString(), options);
    if (!loaded)
        return QString::fromStdString(loaded.error().describe());
    impl_->pipeline = std::move(*loaded);
    impl_->folder = absolute;
    impl_->device = options.device;
    impl_->dtype = options.dtype;
    return {};
}

int PipelineBridge::textEncoderRuns() const {
    return impl_->pipeline ? impl_->pipeline->textEncoderRuns() : 0;
}

int PipelineBridge::imageEncoderRuns() const {
    return impl_->pipeline ? impl_->pipeline->imageEncoderRuns() : 0;
}

DenoiseResult PipelineBridge::denoise(const GenerationRequest& job, const QImage& image,
                                      const MemoryPlan& plan, const InjectedFaults& faults,
                                      const GenerationCallbacks& callbacks,
                                      QStringList& memoryNotes) {
    auto& pipeline = *impl_->pipeline;
    model::InjectedOutOfMemory injected;
    injected.atStep = faults.outOfMemoryAtStep;
    injected.stepFailures = faults.stepFailures;
    injected.decodeFailures = faults.decodeFailures;
    pipeline.injectOutOfMemory(injected);
    DenoiseResult result;
    result.plan = plan.known() ? plan.settings : model::ExecutionPlan::unplanned();
    if (!plan.known())
        result.plan.decodeChunkFrames = job.decodeChunkSize;
    pipeline.setExecutionPlan(result.plan);

    model::PipelineCallbacks pipelineCallbacks;
    pipelineCallbacks.cancelled = callbacks.cancelled;
    pipelineCallbacks.stageStarted = [&](model::PipelineStage stage) {
        if (!callbacks.progress)
            return;
        const GenerationStage mapped = generationStage(stage);
        callbacks.progress({mapped, 0, mapped == GenerationStage::Denoising ? job.steps : 0, 0, 0});
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

    // At most the tighter plans the planner gave are tried.
    int denoiseRetries = 0;
    int failedStep = 0;
    pipelineCallbacks.outOfMemory = [&](const model::OutOfMemoryEvent& event) {
        failedStep = event.step + 1;
        if (denoiseRetries >= plan.denoiseFallbacks.size())
            return false;
        result.plan = plan.denoiseFallbacks[denoiseRetries++];
        pipeline.setExecutionPlan(result.plan);
        const QString note =
            QStringLiteral("Denoising step %1 ran out of memory (%2); retried with %3")
                .arg(event.step + 1)
                .arg(QString::fromStdString(event.what), describeExecutionPlan(result.plan));
        qCWarning(lcPipeline).noquote() << note;
        memoryNotes << note;
        return true;
    };

    try {
        result.latents = std::make_shared<const LatentsTensor>(
            LatentsTensor{pipeline.denoise(pipelineRequest(job, image), pipelineCallbacks)});
    } catch (const model::CancelledError&) {
        result.outcome = cancelledOutcome();
    } catch (const std::invalid_argument& error) {
        result.outcome = failedOutcome(
            QStringLiteral("The request cannot run: %1").arg(describeException(error)),
            QStringLiteral("Change the setting it names"), QString::fromUtf8(error.what()));
    } catch (const std::exception& error) {
        if (model::isOutOfMemoryError(error)) {
            result.outcome = denoiseOutOfMemory(job, plan, failedStep, denoiseRetries, error);
            result.outcome.memoryPlan = plan.toJson();
            result.outcome.memoryNotes = memoryNotes;
        } else {
            result.outcome = failedOutcome(
                QStringLiteral("Generation failed while denoising: %1")
                    .arg(describeException(error)),
                QStringLiteral("Check the model folder with kinora-cli inspect; the log has "
                               "the technical detail"),
                QString::fromUtf8(error.what()));
        }
    }
    return result;
}

DecodedFrames PipelineBridge::decode(const Latents& latents, const DecodePlan& plan,
                                     const QString& latentsPath, const Progress& progress,
                                     const std::function<bool()>& cancelled,
                                     QStringList& memoryNotes) {
    auto& pipeline = *impl_->pipeline;
    DecodedFrames result;
    at::Tensor frames;
    for (int attempt = 0;; ++attempt) {
        try {
            model::PipelineCallbacks decodeCallbacks;
            decodeCallbacks.cancelled = cancelled;
            decodeCallbacks.decodeProgress = progress;
            progress(0, 0);
            frames = pipeline.decode(latents->tensor, plan.attempts[attempt], decodeCallbacks);
            break;
        } catch (const model::CancelledError&) {
            result.outcome = cancelledOutcome();
            result.outcome.latentsPath = latentsPath;
            result.outcome.message = QStringLiteral(
                                         "Cancelled while decoding: the denoised latents are kept "
                                         "in %1")
                                         .arg(latentsPath);
            result.outcome.remedy =
                QStringLiteral("Finish the video with: kinora-cli decode \"%1\"").arg(latentsPath);
            return result;
        } catch (const std::exception& error) {
            const bool oom = model::isOutOfMemoryError(error);
            if (oom && attempt + 1 < plan.attempts.size()) {
                const auto& next = plan.attempts[attempt + 1];
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
            result.outcome = failedOutcome(
                oom ? QStringLiteral(
                          "Out of memory while decoding the frames%1; the denoised latents are "
                          "kept in %2")
                          .arg(plan.predicted.isEmpty()
                                   ? QString()
                                   : QStringLiteral(" (%1)").arg(plan.predicted),
                               latentsPath)
                    : QStringLiteral(
                          "Decoding the frames failed; the denoised latents are kept in %1")
                          .arg(latentsPath),
                QStringLiteral("Finish the video without denoising again: kinora-cli decode "
                               "\"%1\" --decode-chunk 1 --tiled")
                    .arg(latentsPath),
                QString::fromUtf8(error.what()));
            result.outcome.latentsPath = latentsPath;
            result.outcome.memoryNotes = memoryNotes;
            return result;
        }
    }
    if (!at::isfinite(frames).all().item<bool>()) {
        result.outcome = failedOutcome(QStringLiteral("The model produced NaN or infinite values: "
                                                      "the weights are probably corrupt"),
                                       QStringLiteral("Run kinora-cli inspect on the model folder "
                                                      "and download the damaged component again"));
        result.outcome.latentsPath = latentsPath;
        return result;
    }
    auto images = model::framesToImages(frames);
    // The decoded tensors are done with: what they used goes back to the system, so an idle app
    // holds only the weights and the frames being written.
    frames = at::Tensor();
    model::releaseCachedMemory();
    // Each frame's pixels are freed once converted, so the frames are held once, not twice.
    for (auto& image : images) {
        result.frames << toQImage(image);
        std::vector<std::uint8_t>().swap(image.pixels);
    }
    return result;
}

QString PipelineBridge::saveLatents(const QString& path, const Latents& latents,
                                    const QJsonObject& request, const QString& modelFolder) {
    auto saved = model::writeTensorFile(
        path.toStdString(), {{"latents", latents->tensor}},
        {{kRequestMetadataKey, QJsonDocument(request).toJson(QJsonDocument::Compact).toStdString()},
         {"model_folder", QDir(modelFolder).absolutePath().toStdString()}});
    return saved ? QString() : QString::fromStdString(saved.error().describe());
}

SavedLatents PipelineBridge::loadLatents(const QString& path) {
    SavedLatents saved;
    auto file = model::SafetensorsFile::open(path.toStdString());
    if (!file) {
        saved.error = QString::fromStdString(file.error().message);
        saved.remedy = QString::fromStdString(file.error().remedy);
        return saved;
    }
    const auto* info = file->find("latents");
    const auto metadata = file->metadata();
    const auto requestText = metadata.find(kRequestMetadataKey);
    if (!info || requestText == metadata.end()) {
        saved.error = QStringLiteral("%1 is not a Kinora latents file").arg(path);
        saved.remedy = QStringLiteral("Pass the .latents.safetensors file that a failed job kept");
        return saved;
    }
    saved.request =
        QJsonDocument::fromJson(QByteArray::fromStdString(requestText->second)).object();
    const auto modelFolder = metadata.find("model_folder");
    if (modelFolder != metadata.end())
        saved.modelFolder = QString::fromStdString(modelFolder->second);
    saved.latents = std::make_shared<const LatentsTensor>(
        LatentsTensor{model::mappedTensor(*file, *info).clone()});
    return saved;
}

}  // namespace kinora
