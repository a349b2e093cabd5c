// Safetensors files: an 8-byte little-endian header length, a JSON header, then raw little-endian
// tensor data. Files are memory-mapped and validated completely before any byte is trusted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/runtime/Error.h"

namespace kinora::model {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

std::string_view dtypeName(DType dtype);
std::size_t dtypeSize(DType dtype);
std::optional<DType> parseDType(std::string_view name);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    // Byte range inside the data section (after the header).
    std::uint64_t dataBegin = 0;
    std::uint64_t dataEnd = 0;

    std::int64_t numel() const;
    std::uint64_t byteSize() const { return dataEnd - dataBegin; }
};

std::string shapeToString(const std::vector<std::int64_t>& shape);

// A header larger than this is not a weight file (the reference implementation's own bound).
inline constexpr std::uint64_t kMaxSafetensorsHeaderBytes = 100ull << 20;

class SafetensorsFile {
public:
    static Expected<SafetensorsFile> open(const std::filesystem::path& path);

    const std::filesystem::path& path() const { return path_; }
    std::uint64_t fileSize() const { return fileSize_; }
    // Sorted by name.
    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const TensorInfo* find(std::string_view name) const;
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

    // Start of a tensor's bytes inside the mapping; valid while this object or keepAlive() lives.
    const std::byte* data(const TensorInfo& tensor) const;
    // Gives a tensor's pages of the mapping back (they stay readable: touched again, they are read
    // from the file again), so loading a checkpoint holds one tensor of it at a time, not all.
    void releasePages(const TensorInfo& tensor) const;
    // Shares ownership of the mapping (for zero-copy tensors that outlive this object).
    std::shared_ptr<const void> keepAlive() const { return mapping_; }

private:
    struct Mapping;
    std::filesystem::path path_;
    std::uint64_t fileSize_ = 0;
    std::uint64_t dataStart_ = 0;
    std::shared_ptr<const Mapping> mapping_;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, std::string> metadata_;
};

// Parses and validates a header against the size of the data section that follows it. Exposed for
// tests and fuzzing; `source` names the file in error messages.
Expected<std::vector<TensorInfo>> parseSafetensorsHeader(
    std::string_view headerJson, std::uint64_t dataSize, const std::string& source,
    std::map<std::string, std::string>* metadata);

// Where the parts of a safetensors image lie: what SafetensorsFile::open() trusts of a file.
struct SafetensorsLayout {
    std::uint64_t dataStart = 0;  // offset of the data section (8 + header length)
    std::vector<TensorInfo> tensors;
    std::map<std::string, std::string> metadata;
};

// Validates a whole safetensors image in memory (length field, header, every tensor's byte range).
// SafetensorsFile::open() calls it on the mapped file; tests and the fuzzer call it on bytes.
Expected<SafetensorsLayout> parseSafetensors(const unsigned char* bytes, std::uint64_t size,
                                             const std::string& source);

struct TensorToWrite {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    const void* data = nullptr;  // numel * dtypeSize bytes, little-endian
};

// Writes to a temporary file beside `path` and renames it into place once complete, so a failure
// never leaves a half-written file under the final name.
Expected<void> writeSafetensors(const std::filesystem::path& path,
                                const std::vector<TensorToWrite>& tensors,
                                const std::map<std::string, std::string>& metadata = {});

}  // namespace kinora::model
