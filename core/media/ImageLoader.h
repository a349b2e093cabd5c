// Loading an input image for generation: every way a file can be unusable becomes a specific
// message with a remedy, and an image whose header claims an absurd size is refused before any
// pixel memory is allocated.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

namespace kinora::media {

// Larger inputs are refused: they would only be downscaled, after costing gigabytes to decode.
inline constexpr qint64 kMaxInputPixels = 100'000'000;  // 100 megapixels
inline constexpr int kMinInputSide = 16;

struct LoadedImage {
    QImage image;  // RGB888, EXIF orientation applied; null on failure
    QString error;
    QString remedy;
    QString note;  // something the user should know that is not an error (first frame of many)

    bool ok() const { return !image.isNull(); }
};

LoadedImage loadInputImage(const QString& path);
// The same checks and decoder for bytes in memory (pasted images, tests, the fuzzer); `name` stands
// for the input in messages. The format comes from the bytes alone.
LoadedImage loadInputImageData(const QByteArray& bytes, const QString& name);

}  // namespace kinora::media
