// The host allocator a test process and the programs it starts must report: the build's choice
// (KINORA_ALLOCATOR), or AddressSanitizer's own where the build is instrumented.
#pragma once

#include <QString>

namespace kinora::test {

inline QString expectedAllocatorPrefix() {
#if defined(__SANITIZE_ADDRESS__)
    return QStringLiteral("malloc of libasan");
#else
    return QStringLiteral(KINORA_EXPECTED_ALLOCATOR);
#endif
}

}  // namespace kinora::test
