// Reading a record back on arbitrary bytes: a sidecar (.json beside a video) and the request JSON
// of a video's metadata, as `kinora-cli generate --from` and the history replay them.
#include <cstddef>
#include <cstdint>

#include "facade/GenerationRequest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    QString error;
    const auto sidecar = kinora::requestFromSidecar(bytes, QStringLiteral("fuzz.json"), &error);
    if (sidecar && sidecar->sourceImageName.contains(QLatin1Char('/')))
        __builtin_trap();  // a record may name a file beside it, never a path elsewhere
    (void)kinora::requestFromMetadata(bytes, QStringLiteral("fuzz.mp4"), &error);
    return 0;
}
