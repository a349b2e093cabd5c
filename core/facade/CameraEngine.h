// The camera engine: a real video from a still photograph and the camera words of a prompt, with
// no model at all. It reads the move from the prompt (CameraPrompt), renders it by warping the
// photograph (no frame shows anything outside it), and writes the video through the same exporter
// as the diffusion pipeline, with the request in the container's metadata and in a JSON sidecar.
// It runs in seconds on any CPU: the first video on a fresh machine, and an instant draft of the
// camera path before a diffusion run.
#pragma once

#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

#include <functional>

#include "facade/CameraPrompt.h"
#include "facade/GenerationOutcome.h"
#include "facade/GenerationRequest.h"

namespace kinora {

struct CameraRequest {
    QString imagePath;
    QString prompt;
    // A generation request's defaults.
    int width = parameterSpec(RequestParameter::Width).intDefault();
    int height = parameterSpec(RequestParameter::Height).intDefault();
    int frames = parameterSpec(RequestParameter::Frames).intDefault();
    int fps = parameterSpec(RequestParameter::OutputFps).intDefault();  // playback rate
    QString format = QStringLiteral("mp4");  // mp4, webm, gif, png (a folder of PNG frames)
    QString outputPath;
    bool parallax = false;  // near parts move more than far ones (see CameraMotionRenderer.h)

    QJsonObject toJson() const;
    // The fields a generation request shares with it: image, prompt, size, frames, output fps,
    // format and output path.
    static CameraRequest fromGenerationRequest(const GenerationRequest& request);
};

struct CameraCallbacks {
    std::function<void(int done, int total)> progress;  // frames rendered (and encoded)
    std::function<bool()> cancelRequested;              // checked before each frame
};

struct CameraOutcome {
    QString error;  // what went wrong; empty on success
    QString remedy;
    bool cancelled = false;

    CameraPath path;     // what the prompt was understood to ask for (also on failure, once parsed)
    QStringList notes;   // for the user: a shortened move, an enlarged photograph, a multi-frame
                         // input
    QString outputPath;  // the video, or the folder of a PNG sequence
    QString sidecarPath;
    QSize frameSize;  // as written (MP4 and WebM round odd sizes up to even)
    int frameCount = 0;
    qint64 bytes = 0;

    bool ok() const { return error.isEmpty(); }
};

// Renders and writes the request's video and its sidecar `<output base>.json`. All or nothing:
// on any failure or cancel neither the video nor the sidecar exists afterwards (an existing file
// of the same name is only ever replaced by a complete one).
CameraOutcome renderCameraVideo(const CameraRequest& request,
                                const CameraCallbacks& callbacks = {});

struct CameraFrames {
    QList<QImage> frames;  // RGB888
    QString error;         // empty on success
    QString remedy;
    bool cancelled = false;
    QStringList notes;

    bool ok() const { return error.isEmpty(); }
};

// The frames alone, in memory (a preview in the app, tests): `photograph` moved along `path`.
CameraFrames renderCameraFrames(const QImage& photograph, const CameraPath& path, QSize size,
                                int frames, bool parallax = false,
                                const CameraCallbacks& callbacks = {});

// A generation request run by the camera engine and reported as the diffusion pipeline reports:
// progress as the Encoding stage over frames (with elapsed time and an estimate of the rest), the
// renderer's notes in the outcome's note. The CLI and the app's inference thread both call it.
GenerationOutcome generateWithCamera(const GenerationRequest& request,
                                     const GenerationCallbacks& callbacks = {});

// Where the sidecar of an output goes: "clip.mp4" -> "clip.json"; a PNG folder "clip" ->
// "clip.json" beside it.
QString cameraSidecarPath(const QString& outputPath);

}  // namespace kinora
