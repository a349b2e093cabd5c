#include "media/ImageLoader.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImageReader>

namespace kinora::media {
namespace {

LoadedImage failure(const QString& error, const QString& remedy) {
    LoadedImage result;
    result.error = error;
    result.remedy = remedy;
    return result;
}

LoadedImage emptyFile(const QString& name) {
    return failure(QStringLiteral("%1: the file is empty (0 bytes)").arg(name),
                   QStringLiteral("Export or download the image again"));
}

// A GIF's decoder allocates its logical screen, while the reader reports the first frame's size:
// the screen's size is in the header (after "GIF89a", two little-endian 16-bit numbers).
QSize gifScreenSize(QImageReader& reader) {
    if (reader.format() != "gif" || !reader.device())
        return {};
    const QByteArray header = reader.device()->peek(10);
    if (header.size() < 10)
        return {};
    const auto u16 = [&](int at) {
        return int(quint8(header[at])) | int(quint8(header[at + 1])) << 8;
    };
    return QSize(u16(6), u16(8));
}

LoadedImage tooLarge(const QString& name, QSize size) {
    const QString pixels =
        size.isValid() ? QStringLiteral("%1 x %2 pixels").arg(size.width()).arg(size.height())
                       : QStringLiteral("the image it holds");
    return failure(QStringLiteral("%1: %2 is too large (limit %3 megapixels)")
                       .arg(name, pixels)
                       .arg(kMaxInputPixels / 1'000'000),
                   QStringLiteral("Downscale the image first; the model works at about "
                                  "1280 x 704 anyway"));
}

// The one decode path for files and bytes: `name` stands for the input in messages.
LoadedImage decode(QImageReader& reader, const QString& name) {
    LoadedImage result;
    reader.setAutoTransform(true);
    // Qt's allocation limit is process-wide; it bounds what any decoder allocates, also where it
    // allocates more than the size it reports. It counts bytes: the pixel limit at 4 bytes per
    // pixel (8-byte formats get half as many).
    QImageReader::setAllocationLimit(int((kMaxInputPixels * 4 + (1 << 20) - 1) >> 20));
    if (!reader.canRead()) {
        return failure(
            QStringLiteral("%1: not an image Kinora can read (%2)").arg(name, reader.errorString()),
            QStringLiteral("Use a PNG, JPEG or WebP image"));
    }
    const QSize size = reader.size();
    if (size.isValid() && qint64(size.width()) * size.height() > kMaxInputPixels)
        return tooLarge(name, size);
    if (const QSize screen = gifScreenSize(reader);
        qint64(screen.width()) * screen.height() > kMaxInputPixels)
        return tooLarge(name, screen);
    if (reader.imageCount() > 1) {
        result.note = QStringLiteral("%1 has %2 frames: the first one is used")
                          .arg(QFileInfo(name).fileName())
                          .arg(reader.imageCount());
    }
    QImage image = reader.read();
    if (image.isNull()) {
        return failure(
            QStringLiteral("%1: the image could not be decoded (%2)")
                .arg(name, reader.errorString()),
            QStringLiteral("The file may be truncated or damaged: export or download it again"));
    }
    if (qint64(image.width()) * image.height() > kMaxInputPixels)
        return tooLarge(name, image.size());
    if (image.width() < kMinInputSide || image.height() < kMinInputSide) {
        return failure(QStringLiteral("%1: %2 x %3 pixels is too small")
                           .arg(name)
                           .arg(image.width())
                           .arg(image.height()),
                       QStringLiteral("Use an image of at least 256 pixels on its short side"));
    }
    result.image = image.convertToFormat(QImage::Format_RGB888);
    return result;
}

}  // namespace

LoadedImage loadInputImage(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) {
        return failure(QStringLiteral("%1: file not found").arg(path),
                       QStringLiteral("Check the path of the input image"));
    }
    if (!info.isFile() || !info.isReadable()) {
        return failure(QStringLiteral("%1: not a readable file").arg(path),
                       QStringLiteral("Check the file's permissions"));
    }
    if (info.size() == 0)
        return emptyFile(path);
    QImageReader reader(path);
    return decode(reader, path);
}

LoadedImage loadInputImageData(const QByteArray& bytes, const QString& name) {
    if (bytes.isEmpty())
        return emptyFile(name);
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    return decode(reader, name);
}

}  // namespace kinora::media
