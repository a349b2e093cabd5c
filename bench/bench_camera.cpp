// Frames per second of the camera engine at the model's native 1280 x 704, for each kind of move:
// rendering alone (frames kept in memory), and rendering plus MP4 (H.264) encoding through the
// exporter, as renderCameraVideo runs it (the CLI's --engine camera).
//   bench_camera [photograph] [frames]
// The photograph defaults to the bundled sample (600 x 400: every frame is enlarged from it); a
// 3000 x 2000 copy of it is measured too (every frame is reduced, blending two pre-scaled levels).
// Real time at 16 fps means at least 16 frames per second. The CPU columns (all threads'
// processor time per frame) do not depend on what else the machine is running; wall-clock frames
// per second do.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "facade/CameraEngine.h"
#include "facade/CameraPrompt.h"
#include "media/ImageLoader.h"

using namespace kinora;

namespace {

const QSize kSize(1280, 704);
constexpr double kRealTimeFps = 16;

struct Case {
    const char* name;
    const char* prompt;
    bool parallax;
};

const Case kCases[] = {
    {"pan", "camera panning left", false},
    {"tilt", "tilting up", false},
    {"zoom", "zooming in", false},
    {"rotate", "rotating clockwise", false},
    {"dolly", "dolly in", false},
    {"zoom+pan+rotate", "zooming in while panning right, rotating clockwise", false},
    {"pan, parallax", "camera panning left", true},
};

double framesPerSecond(int frames, qint64 nanoseconds) {
    return nanoseconds > 0 ? frames * 1e9 / double(nanoseconds) : 0;
}

double cpuMillisecondsPerFrame(std::clock_t start, int frames) {
    return double(std::clock() - start) * 1000 / CLOCKS_PER_SEC / frames;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("kinora.*.info=false"));
    const QString photographPath =
        argc > 1 ? QString::fromLocal8Bit(argv[1])
                 : QStringLiteral(KINORA_SOURCE_DIR "/resources/samples/sample.jpg");
    const int frames = argc > 2 ? std::atoi(argv[2]) : 48;
    const auto loaded = media::loadInputImage(photographPath);
    if (!loaded.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error));
        return 1;
    }
    QTemporaryDir dir;
    const QString largePath = dir.filePath(QStringLiteral("large.jpg"));
    const QImage large =
        loaded.image.scaled(3000, 2000, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    if (!dir.isValid() || !large.save(largePath, "JPEG", 95)) {
        std::fprintf(stderr, "cannot write a temporary photograph in %s\n", qPrintable(dir.path()));
        return 1;
    }

    std::printf(
        "camera engine at %d x %d, %d frames, %d hardware threads; real time at 16 fps "
        "= 16 frames/s\n\n",
        kSize.width(), kSize.height(), frames, QThread::idealThreadCount());
    std::printf(
        "| photograph  | move             | render fps | render CPU ms/frame "
        "| render + MP4 fps | render + MP4 CPU ms/frame | x real time |\n");
    std::printf(
        "|-------------|------------------|-----------:|--------------------:"
        "|-----------------:|--------------------------:|------------:|\n");
    const std::pair<QString, QImage> photographs[] = {{photographPath, loaded.image},
                                                      {largePath, large}};
    for (const auto& [path, image] : photographs) {
        const QString sizeText = QStringLiteral("%1 x %2").arg(image.width()).arg(image.height());
        for (const Case& c : kCases) {
            const CameraPath cameraPath = parseCameraPrompt(QString::fromUtf8(c.prompt));
            QElapsedTimer timer;
            timer.start();
            std::clock_t cpu = std::clock();
            const CameraFrames rendered =
                renderCameraFrames(image, cameraPath, kSize, frames, c.parallax);
            const qint64 renderTime = timer.nsecsElapsed();
            const double renderCpu = cpuMillisecondsPerFrame(cpu, frames);
            if (!rendered.ok()) {
                std::fprintf(stderr, "%s: %s\n", c.name, qPrintable(rendered.error));
                return 1;
            }

            CameraRequest request;
            request.imagePath = path;
            request.prompt = QString::fromUtf8(c.prompt);
            request.width = kSize.width();
            request.height = kSize.height();
            request.frames = frames;
            request.parallax = c.parallax;
            request.outputPath = dir.filePath(QStringLiteral("clip.mp4"));
            timer.restart();
            cpu = std::clock();
            const CameraOutcome outcome = renderCameraVideo(request);
            const qint64 videoTime = timer.nsecsElapsed();
            const double videoCpu = cpuMillisecondsPerFrame(cpu, frames);
            if (!outcome.ok()) {
                std::fprintf(stderr, "%s: %s\n", c.name, qPrintable(outcome.error));
                return 1;
            }
            const double videoFps = framesPerSecond(frames, videoTime);
            std::printf("| %-11s | %-16s | %10.1f | %19.1f | %16.1f | %25.1f | %11.2f |\n",
                        qPrintable(sizeText), c.name, framesPerSecond(frames, renderTime),
                        renderCpu, videoFps, videoCpu, videoFps / kRealTimeFps);
        }
    }
    return 0;
}
