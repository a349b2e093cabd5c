// One line of a batch file (JSONL) on arbitrary bytes: JSON, the preset, every request field and
// the request's validation, as kinora-cli batch reads it. The image is never opened.
#include <cstddef>
#include <cstdint>

#include "facade/BatchFile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray line(reinterpret_cast<const char*>(data), qsizetype(size));
    if (!kinora::isBatchJobLine(line))
        return 0;
    const auto job = kinora::parseBatchLine(line, QStringLiteral("/models/i2vgen-xl"),
                                            [](const QString&) { return QSize(1024, 768); });
    if (job.ok() && (job.request.outputPath.isEmpty() || job.request.width < 64))
        __builtin_trap();  // an accepted job is a valid request
    return 0;
}
