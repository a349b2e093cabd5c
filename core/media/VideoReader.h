// Reads a video file back through the FFmpeg libraries: what its video stream is, the container's
// metadata (a Kinora export carries its request there), and its frames as RGB888 images. Used to
// verify exports, to restore settings from a dropped video, and for thumbnails.
#pragma once

#include <QImage>
#include <QList>
#include <QMap>
#include <QSize>
#include <QString>

#include <memory>
#include <optional>

#include "media/FrameRate.h"
#include "media/MediaError.h"

namespace kinora::media {

struct VideoStreamInfo {
    QString container;  // FFmpeg's demuxer name: "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "gif"
    QString codec;      // "h264", "vp9", "gif"
    QString pixelFormat;  // as stored: "yuv420p", "bgra", ...
    QSize size;
    FrameRate fps;  // the stream's average rate; GIF stores delays in 1/100 s, so 12 fps reads
                    // back as the mean of 8 and 9 hundredths, close to but not always exactly 12
    int frameCount = 0;  // from the container's index, or counted packet by packet when absent
    double durationSeconds = 0;
};

class VideoReader {
public:
    // Opens `path` and reads its first video stream's description and the metadata.
    static MediaExpected<VideoReader> open(const QString& path);

    VideoReader(VideoReader&&) noexcept;
    VideoReader& operator=(VideoReader&&) noexcept;
    ~VideoReader();

    const VideoStreamInfo& info() const;
    // Format-level metadata. Matroska/WebM tag names (upper case by convention) come in lower
    // case, like the other containers' keys. For GIF, the comment extensions: "key=value"
    // comments (as Kinora writes them) become entries, any other comment is kept under "comment".
    const QMap<QString, QString>& metadata() const;

    // The next frame in display order as RGB888, or no value at the end of the stream.
    MediaExpected<std::optional<QImage>> nextFrame();
    // All remaining frames (at most `maxFrames` when it is not negative).
    MediaExpected<QList<QImage>> readFrames(int maxFrames = -1);

private:
    struct State;
    explicit VideoReader(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace kinora::media
