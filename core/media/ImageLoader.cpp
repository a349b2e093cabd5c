#include "media/ImageLoader.h"

#include <QFileInfo>
#include <QImageReader>

namespace kinora::media {

LoadedImage loadInputImage(const QString& path) {
    LoadedImage result;
    const QFileInfo info(path);
    const auto failWith = [&](const QString& error, const QString& remedy) {
        result.error = error;
        result.remedy = remedy;
        return result;
    };
    if (!info.exists()) {
        return failWith(QStringLiteral("%1: file not found").arg(path),
                        QStringLiteral("Check the path of the input image"));
    }
    if (!info.isFile() || !info.isReadable()) {
        return failWith(QStringLiteral("%1: not a readable file").arg(path),
                        QStringLiteral("Check the file's permissions"));
    }
    if (info.size() == 0) {
        return failWith(QStringLiteral("%1: the file is empty (0 bytes)").arg(path),
                        QStringLiteral("Export or download the image again"));
    }
    QImageReader reader(path);
    reader.setAutoTransform(true);
    reader.setAllocationLimit(0);  // our own pixel limit below applies before decoding
    if (!reader.canRead()) {
        return failWith(
            QStringLiteral("%1: not an image Kinora can read (%2)").arg(path, reader.errorString()),
            QStringLiteral("Use a PNG, JPEG or WebP image"));
    }
    const QSize size = reader.size();
    if (size.isValid()) {
        if (qint64(size.width()) * size.height() > kMaxInputPixels) {
            return failWith(QStringLiteral("%1: %2 x %3 pixels is too large (limit %4 megapixels)")
                                .arg(path)
                                .arg(size.width())
                                .arg(size.height())
                                .arg(kMaxInputPixels / 1'000'000),
                            QStringLiteral("Downscale the image first; the model works at about "
                                           "1280 x 704 anyway"));
        }
    }
    if (reader.imageCount() > 1) {
        result.note = QStringLiteral("%1 has %2 frames: the first one is used")
                          .arg(info.fileName())
                          .arg(reader.imageCount());
    }
    QImage image = reader.read();
    if (image.isNull()) {
        return failWith(
            QStringLiteral("%1: the image could not be decoded (%2)")
                .arg(path, reader.errorString()),
            QStringLiteral("The file may be truncated or damaged: export or download it again"));
    }
    if (image.width() < kMinInputSide || image.height() < kMinInputSide) {
        return failWith(QStringLiteral("%1: %2 x %3 pixels is too small")
                            .arg(path)
                            .arg(image.width())
                            .arg(image.height()),
                        QStringLiteral("Use an image of at least 256 pixels on its short side"));
    }
    result.image = image.convertToFormat(QImage::Format_RGB888);
    return result;
}

}  // namespace kinora::media
