#include "media/ImageLoader.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImageReader>

namespace kinora::media {
namespace {

// The messages are translated where the application installs a translator (the desktop app shows
// them in its diagnostics and error dialogs); the CLI installs none, so it prints them in English.
class ImageLoader {
    Q_DECLARE_TR_FUNCTIONS(kinora::ImageLoader)
};

LoadedImage failure(const QString& error, const QString& remedy) {
    LoadedImage result;
    result.error = error;
    result.remedy = remedy;
    return result;
}

LoadedImage emptyFile(const QString& name) {
    return failure(ImageLoader::tr("%1: the file is empty (0 bytes)").arg(name),
                   ImageLoader::tr("Export or download the image again"));
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
        size.isValid() ? ImageLoader::tr("%1 x %2 pixels").arg(size.width()).arg(size.height())
                       : ImageLoader::tr("the image it holds");
    return failure(ImageLoader::tr("%1: %2 is too large (limit %3 megapixels)")
                       .arg(name, pixels)
                       .arg(kMaxInputPixels / 1'000'000),
                   ImageLoader::tr("Downscale the image first; the model works at about "
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
        return failure(ImageLoader::tr("%1: not an image Kinora can read (%2)")
                           .arg(name, reader.errorString()),
                       ImageLoader::tr("Use a PNG, JPEG or WebP image"));
    }
    const QSize size = reader.size();
    if (size.isValid() && qint64(size.width()) * size.height() > kMaxInputPixels)
        return tooLarge(name, size);
    if (const QSize screen = gifScreenSize(reader);
        qint64(screen.width()) * screen.height() > kMaxInputPixels)
        return tooLarge(name, screen);
    if (reader.imageCount() > 1) {
        result.note = ImageLoader::tr("%1 has %2 frames: the first one is used")
                          .arg(QFileInfo(name).fileName())
                          .arg(reader.imageCount());
    }
    QImage image = reader.read();
    if (image.isNull()) {
        return failure(
            ImageLoader::tr("%1: the image could not be decoded (%2)")
                .arg(name, reader.errorString()),
            ImageLoader::tr("The file may be truncated or damaged: export or download it again"));
    }
    if (qint64(image.width()) * image.height() > kMaxInputPixels)
        return tooLarge(name, image.size());
    if (image.width() < kMinInputSide || image.height() < kMinInputSide) {
        return failure(
            ImageLoader::tr("%1: %2 x %3 pixels is too small")
                .arg(name)
                .arg(image.width())
                .arg(image.height()),
            ImageLoader::tr(
                "Use a larger image: at least %1 pixels on each side, and about 1280 x 704 "
                "for the model to work with")
                .arg(kMinInputSide));
    }
    result.image = image.convertToFormat(QImage::Format_RGB888);
    return result;
}

}  // namespace

LoadedImage loadInputImage(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) {
        return failure(ImageLoader::tr("%1: file not found").arg(path),
                       ImageLoader::tr("Check the path of the input image"));
    }
    if (!info.isFile() || !info.isReadable()) {
        return failure(ImageLoader::tr("%1: not a readable file").arg(path),
                       ImageLoader::tr("Check the file's permissions"));
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
