// The input-image loader on arbitrary bytes: format detection, the size check before decoding,
// Qt's decoders and plugins (PNG, JPEG, GIF, WebP, ...), orientation and conversion to RGB.
#include <cstddef>
#include <cstdint>

#include "media/ImageLoader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto loaded = kinora::media::loadInputImageData(bytes, QStringLiteral("fuzz-image"));
    if (loaded.ok() &&
        (qint64(loaded.image.width()) * loaded.image.height() > kinora::media::kMaxInputPixels ||
         loaded.image.format() != QImage::Format_RGB888))
        __builtin_trap();
    return 0;
}
