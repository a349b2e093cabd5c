#include "facade/CameraEngine.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>
#include <optional>

#include "facade/BuildInfo.h"
#include "facade/JobRecord.h"
#include "facade/Logging.h"
#include "facade/SourcePreparation.h"
#include "media/CameraMotionRenderer.h"
#include "media/ImageLoader.h"
#include "media/VideoExporter.h"

namespace kinora {
namespace {

using media::CameraMotion;

// A medium-speed move over the whole clip; the speed factor scales it (slow 0.5, fast 1.8). Sized
// so that a one-second clip shows a clear but calm move, and a fast one still fits in a typical
// photograph without shortening.
constexpr double kPanPerClip = 0.2;       // of the view's width
constexpr double kTiltPerClip = 0.2;      // of the view's height
constexpr double kZoomPerClip = 1.3;      // view size ratio, start to end
constexpr double kRotationPerClip = 8.0;  // degrees
constexpr double kDollyPerClip = 0.2;     // of the distance to the picture

// The camera engine has no VAE, so it takes smaller sizes and higher rates than a request; the
// largest side and frame count are a request's.
constexpr int kMinSide = 16;
constexpr int kMaxSide = parameterSpec(RequestParameter::Width).intMaximum();
constexpr int kMaxFrames = parameterSpec(RequestParameter::Frames).intMaximum();
constexpr int kMaxFps = 240;
const QString kX264Preset = QStringLiteral("veryfast");

CameraMotion motionFor(const CameraPath& path) {
    CameraMotion motion;
    for (const auto& move : path.moves) {
        const double factor = cameraSpeedFactor(move.speed);
        const bool positive =
            move.direction == CameraDirection::Right || move.direction == CameraDirection::Up ||
            move.direction == CameraDirection::In || move.direction == CameraDirection::Clockwise;
        const double sign = positive ? 1.0 : -1.0;
        switch (move.kind) {
            case CameraMoveKind::Pan:
                motion.pan = sign * kPanPerClip * factor;
                break;
            case CameraMoveKind::Tilt:
                motion.tilt = sign * kTiltPerClip * factor;
                break;
            case CameraMoveKind::Zoom:
                motion.zoom = std::pow(kZoomPerClip, sign * factor);
                break;
            case CameraMoveKind::Rotate:
                motion.rotationDegrees = sign * kRotationPerClip * factor;
                break;
            case CameraMoveKind::Dolly:
                motion.dolly = sign * kDollyPerClip * factor;
                break;
        }
    }
    return motion;
}

QJsonObject motionToJson(const media::CameraPlan& plan) {
    return QJsonObject{
        {"pan", plan.motion.pan},     {"tilt", plan.motion.tilt},
        {"zoom", plan.motion.zoom},   {"rotation_degrees", plan.motion.rotationDegrees},
        {"dolly", plan.motion.dolly}, {"shortened_to", plan.shortenedTo},
        {"crop_zoom", plan.cropZoom}, {"upscale", plan.upscale}};
}

struct Problem {
    QString error;
    QString remedy;
};

std::optional<Problem> checkRequest(const CameraRequest& request) {
    if (request.imagePath.isEmpty())
        return Problem{QStringLiteral("No input image was given."),
                       QStringLiteral("Choose the photograph to animate.")};
    if (request.outputPath.isEmpty())
        return Problem{QStringLiteral("No output path was given."),
                       QStringLiteral("Choose where to write the video.")};
    if (request.frames < 2)
        return Problem{QStringLiteral("A camera move needs at least 2 frames; %1 asked for.")
                           .arg(request.frames),
                       QStringLiteral("Ask for 2 frames or more (16 frames at 16 fps is one "
                                      "second).")};
    if (request.frames > kMaxFrames)
        return Problem{QStringLiteral("%1 frames is more than the %2 Kinora makes in one clip.")
                           .arg(request.frames)
                           .arg(kMaxFrames),
                       QStringLiteral("Ask for at most %1 frames.").arg(kMaxFrames)};
    if (request.width < kMinSide || request.height < kMinSide || request.width > kMaxSide ||
        request.height > kMaxSide)
        return Problem{QStringLiteral("Video size %1 x %2 is out of range.")
                           .arg(request.width)
                           .arg(request.height),
                       QStringLiteral("Use %1 to %2 pixels a side, e.g. 1280 x 704.")
                           .arg(kMinSide)
                           .arg(kMaxSide)};
    if (request.fps < 1 || request.fps > kMaxFps)
        return Problem{
            QStringLiteral("%1 frames per second is out of range.").arg(request.fps),
            QStringLiteral("Use 1 to %1 frames per second; 16 is the model's own.").arg(kMaxFps)};
    if (auto format = media::exportFormatFromName(request.format); !format)
        return Problem{format.error().message, format.error().remedy};
    if (QFileInfo(cameraSidecarPath(request.outputPath)).absoluteFilePath() ==
        QFileInfo(request.outputPath).absoluteFilePath())
        return Problem{QStringLiteral("The output %1 would be overwritten by its own sidecar.")
                           .arg(QDir::toNativeSeparators(request.outputPath)),
                       QStringLiteral("Give the video its format's extension, e.g. .mp4.")};
    return std::nullopt;
}

}  // namespace

QJsonObject CameraRequest::toJson() const {
    return QJsonObject{{"engine", "camera"},  {"image", imagePath}, {"prompt", prompt},
                       {"width", width},      {"height", height},   {"frames", frames},
                       {"fps", fps},          {"format", format},   {"output", outputPath},
                       {"parallax", parallax}};
}

CameraRequest CameraRequest::fromGenerationRequest(const GenerationRequest& request) {
    CameraRequest camera;
    camera.imagePath = request.imagePath;
    camera.prompt = request.prompt;
    camera.width = request.width;
    camera.height = request.height;
    camera.frames = request.frames;
    camera.fps = request.outputFps;
    camera.format = request.format;
    camera.outputPath = request.outputPath;
    return camera;
}

QString cameraSidecarPath(const QString& outputPath) {
    const QFileInfo info(outputPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".json"));
}

CameraFrames renderCameraFrames(const QImage& photograph, const CameraPath& path, QSize size,
                                int frames, bool parallax, const CameraCallbacks& callbacks) {
    CameraFrames result;
    media::CameraRenderOptions options;
    options.size = size;
    options.frames = frames;
    options.parallax = parallax;
    options.progress = callbacks.progress;
    options.cancelRequested = callbacks.cancelRequested;
    auto renderer = media::CameraMotionRenderer::create(photograph, motionFor(path), options);
    if (!renderer) {
        result.error = renderer.error().message;
        result.remedy = renderer.error().remedy;
        return result;
    }
    result.notes = renderer->plan().notes;
    auto rendered = renderer->renderAll();
    if (!rendered) {
        result.error = rendered.error().message;
        result.remedy = rendered.error().remedy;
        result.cancelled = rendered.error().code == media::MediaError::Code::Cancelled;
        return result;
    }
    result.frames = std::move(*rendered);
    return result;
}

CameraOutcome renderCameraVideo(const CameraRequest& request, const CameraCallbacks& callbacks) {
    CameraOutcome outcome;
    const auto fail = [&](const QString& error, const QString& remedy) {
        outcome.error = error;
        outcome.remedy = remedy;
        qCWarning(lcPipeline).noquote() << "Camera engine:" << error;
        return outcome;
    };
    if (auto problem = checkRequest(request))
        return fail(problem->error, problem->remedy);
    const media::ExportFormat format = *media::exportFormatFromName(request.format);

    const media::LoadedImage loaded = media::loadInputImage(request.imagePath);
    if (!loaded.ok())
        return fail(loaded.error, loaded.remedy);
    if (!loaded.note.isEmpty())
        outcome.notes << loaded.note;

    outcome.path = parseCameraPrompt(request.prompt);
    qCInfo(lcPipeline).noquote() << "Camera path:" << outcome.path.understood;
    if (!outcome.path.ignoredWords.isEmpty())
        qCInfo(lcPipeline).noquote() << "Words with no camera meaning:"
                                     << outcome.path.ignoredWords.join(QStringLiteral(", "));

    media::CameraRenderOptions renderOptions;
    renderOptions.size = QSize(request.width, request.height);
    renderOptions.frames = request.frames;
    renderOptions.parallax = request.parallax;
    auto renderer =
        media::CameraMotionRenderer::create(loaded.image, motionFor(outcome.path), renderOptions);
    if (!renderer)
        return fail(renderer.error().message, renderer.error().remedy);
    const media::CameraPlan plan = renderer->plan();
    outcome.notes << plan.notes;
    for (const auto& note : plan.notes)
        qCInfo(lcPipeline).noquote() << note;

    const QJsonObject requestJson = request.toJson();
    media::ExportOptions exportOptions;
    exportOptions.format = format;
    exportOptions.fps = media::FrameRate{request.fps, 1};
    // The constant quality factor fixes the picture; a faster preset only costs file size, and
    // keeps encoding (the slower half of the work) faster than real time on two cores.
    exportOptions.preset = kX264Preset;
    exportOptions.metadata.insert(
        QString::fromLatin1(kRequestMetadataKey),
        QString::fromUtf8(QJsonDocument(requestJson).toJson(QJsonDocument::Compact)));
    exportOptions.metadata.insert(QStringLiteral("kinora_engine"), QStringLiteral("camera"));
    exportOptions.metadata.insert(QStringLiteral("kinora_camera_path"), outcome.path.understood);
    exportOptions.progress = callbacks.progress;
    exportOptions.cancelRequested = callbacks.cancelRequested;
    // The sidecar is written just before the video's rename, so no video exists without its
    // record, even when the process is killed in between.
    const QString sidecarPath = cameraSidecarPath(request.outputPath);
    bool sidecarWritten = false;
    exportOptions.beforePublish =
        [&](const media::ExportedVideo& video) -> media::MediaExpected<void> {
        const QJsonObject sidecar{
            {"kinora_version", kinoraVersion()},
            {"engine", "camera"},
            {"request", requestJson},
            {"camera_path", cameraPathToJson(outcome.path)},
            {"rendered_motion", motionToJson(plan)},
            {"notes", QJsonArray::fromStringList(outcome.notes)},
            {"output", QJsonObject{{"path", video.path},
                                   {"width", video.frameSize.width()},
                                   {"height", video.frameSize.height()},
                                   {"frames", video.frameCount},
                                   {"fps", request.fps},
                                   {"bytes", double(video.bytes)}}},
        };
        QSaveFile file(sidecarPath);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(QJsonDocument(sidecar).toJson(QJsonDocument::Indented)) < 0 ||
            !file.commit()) {
            return media::mediaFailure(
                media::MediaError::Code::WriteFailed,
                QStringLiteral("Cannot write the sidecar %1: %2.")
                    .arg(QDir::toNativeSeparators(sidecarPath), file.errorString()),
                QStringLiteral("Free some disk space or choose a folder you can write to."));
        }
        sidecarWritten = true;
        return {};
    };
    // A run for this output that was killed may have left hidden temporaries; finished files stay.
    media::removeStaleTemporaries(request.outputPath);
    const media::CameraMotionRenderer& frames = *renderer;
    auto exported = media::exportVideo(
        request.outputPath, request.frames, [&frames](int index) { return frames.frame(index); },
        exportOptions);
    if (!exported) {
        if (sidecarWritten)
            QFile::remove(sidecarPath);
        outcome.cancelled = exported.error().code == media::MediaError::Code::Cancelled;
        return fail(exported.error().message, exported.error().remedy);
    }

    outcome.outputPath = exported->path;
    outcome.sidecarPath = sidecarPath;
    outcome.frameSize = exported->frameSize;
    outcome.frameCount = exported->frameCount;
    outcome.bytes = exported->bytes;
    qCInfo(lcPipeline).noquote() << "Camera engine wrote"
                                 << QDir::toNativeSeparators(outcome.outputPath);
    return outcome;
}

GenerationOutcome generateWithCamera(const GenerationRequest& request,
                                     const GenerationCallbacks& callbacks) {
    QElapsedTimer timer;
    timer.start();
    CameraCallbacks cameraCallbacks;
    if (callbacks.progress) {
        cameraCallbacks.progress = [&](int done, int total) {
            const double elapsed = timer.elapsed() / 1000.0;
            callbacks.progress({GenerationStage::Encoding, done, total, elapsed,
                                done > 0 ? elapsed / done * (total - done) : 0.0});
        };
    }
    cameraCallbacks.cancelRequested = callbacks.cancelled;
    const PreparedSource source = prepareSource(request);
    if (!source.ok()) {
        GenerationOutcome failed;
        failed.message = source.error;
        failed.remedy = source.remedy;
        return failed;
    }
    const CameraOutcome outcome =
        renderCameraVideo(CameraRequest::fromGenerationRequest(source.request), cameraCallbacks);
    GenerationOutcome result;
    result.status = outcome.ok()        ? GenerationOutcome::Status::Succeeded
                    : outcome.cancelled ? GenerationOutcome::Status::Cancelled
                                        : GenerationOutcome::Status::Failed;
    result.videoPath = outcome.outputPath;
    result.sidecarPath = outcome.sidecarPath;
    result.message = outcome.error;
    result.remedy = outcome.remedy;
    QStringList notes = outcome.notes;
    if (!source.summary().isEmpty())
        notes.prepend(source.summary());
    result.note = notes.join(QStringLiteral("; "));
    result.seconds = timer.elapsed() / 1000.0;
    return result;
}

}  // namespace kinora
