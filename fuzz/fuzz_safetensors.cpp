// The safetensors parser on arbitrary bytes: the length field, the JSON header and every tensor's
// byte range, as SafetensorsFile::open() checks a mapped file.
#include <cstddef>
#include <cstdint>

#include "model/weights/SafetensorsFile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto layout = kinora::model::parseSafetensors(data, size, "fuzz.safetensors");
    if (layout) {
        // What the loader does with an accepted file: every range lies inside the data section.
        for (const auto& tensor : layout->tensors) {
            if (layout->dataStart + tensor.dataEnd > size || tensor.numel() < 0)
                __builtin_trap();
        }
    }
    return 0;
}
