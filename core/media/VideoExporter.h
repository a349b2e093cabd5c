// Writes a sequence of frames as a video file (MP4/H.264, WebM/VP9, animated GIF) or a folder of
// PNG images, through the FFmpeg libraries.
//
// Every export is all-or-nothing: it writes a hidden temporary next to the output (same folder, so
// the final rename is atomic) and renames it into place only when complete. On any failure (no
// space, encoder error, cancel) the temporary is removed and nothing exists under the final name;
// an existing file of that name is replaced only by a complete export.
#pragma once

#include <QImage>
#include <QList>
#include <QMap>
#include <QSize>
#include <QString>

#include <functional>

#include "media/FrameRate.h"
#include "media/MediaError.h"
#include "media/PaletteQuantizer.h"

namespace kinora::media {

enum class ExportFormat {
    Mp4,          // H.264 (libx264), yuv420p, moov atom first (+faststart) so it streams
    WebM,         // VP9 (libvpx-vp9), constant quality (CRF with b:v 0), yuv420p
    Gif,          // 8-bit palette shared by all frames, dithered, loops forever
    PngSequence,  // a folder frame_0001.png, frame_0002.png, ...: lossless, for editing elsewhere
};

// "mp4", "webm", "gif", "png" (case-insensitive, a leading dot allowed): the format, or an
// UnknownFormat error listing the ones there are.
MediaExpected<ExportFormat> exportFormatFromName(const QString& name);
// The file extension of a format, without the dot; empty for a PNG sequence (a folder).
QString fileExtension(ExportFormat format);

struct ExportedVideo {
    QString path;     // the final file (or folder for a PNG sequence)
    QSize frameSize;  // as encoded: MP4 and WebM round odd sizes up to even (see exportVideo)
    int frameCount = 0;
    qint64 bytes = 0;  // on disk, all PNG files together for a sequence
};

struct ExportOptions {
    ExportFormat format = ExportFormat::Mp4;
    FrameRate fps;  // playback rate of the output, independent of how the frames were made

    // Constant-quality factor: lower is better and larger. -1 picks the format's default (H.264:
    // 18, visually lossless; VP9: 32). Range H.264 0-51, VP9 0-63. Ignored by GIF and PNG.
    int crf = -1;
    QString preset = QStringLiteral("medium");  // x264 speed/size preset (MP4 only)
    // Encoder name, empty for the format's own (libx264, libvpx-vp9, gif); another H.264 or VP9
    // encoder of this FFmpeg build may be named, and then gets no CRF or preset.
    QString encoder;

    int gifColors = 256;  // palette size, 2-256
    Dither gifDither = Dither::FloydSteinberg;

    // Container metadata, e.g. "comment", or "kinora_request" holding the request as JSON so a
    // dropped video can restore its settings. Keys should be lower case. MP4 writes them as-is
    // (use_metadata_tags), WebM as Matroska tags (stored upper case), GIF as one comment extension
    // per entry ("key=value"); VideoReader reads all three back. A PNG sequence ignores it.
    QMap<QString, QString> metadata;

    // Called after each frame is handed to the encoder: (frames done, frame count).
    std::function<void(int, int)> progress;
    // Checked before each frame and once before the rename; true abandons the export.
    std::function<bool()> cancelRequested;
    // Called once the video is complete, just before it is renamed into place, with what the
    // rename will publish: write the video's record (its sidecar) here, so that a video never
    // exists without it, even when the process is killed. An error abandons the export.
    std::function<MediaExpected<void>(const ExportedVideo&)> beforePublish;
};

// Removes the hidden temporaries (`.name.<random>.part...`) that an export of `path` killed before
// its rename left beside it; other files that follow the same naming (`.name.*.part`) go too. The
// finished video and every other file are left alone. Returns how many were removed.
int removeStaleTemporaries(const QString& path);

// Frame `index` (0-based) of a sequence; a null image is an error. GIF export calls it twice per
// frame (a palette pass, then an encode pass), so it should be cheap or cached.
using FrameSource = std::function<QImage(int index)>;

// Writes `frameCount` frames to `path`. All frames must have one size; any QImage format is
// accepted and converted to RGB888. MP4 and WebM store 4:2:0 chroma, which needs even sizes: an odd
// width or height is padded by one column or row repeating the edge pixels (VideoReader then
// reports the padded size, ExportedVideo.frameSize says so up front). GIF and PNG keep any size.
// MP4 and WebM hold limited-range BT.709 YUV, tagged so. A PNG sequence's path is a folder that
// must not exist yet or be empty (a sequence never deletes files it did not write).
MediaExpected<ExportedVideo> exportVideo(const QString& path, int frameCount,
                                         const FrameSource& frameAt, const ExportOptions& options);
MediaExpected<ExportedVideo> exportVideo(const QString& path, const QList<QImage>& frames,
                                         const ExportOptions& options);

}  // namespace kinora::media
