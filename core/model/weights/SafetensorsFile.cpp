#include "model/weights/SafetensorsFile.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace kinora::model {
namespace {

constexpr const char* kReplaceRemedy =
    "The file is damaged or not a safetensors file: download it again from the model's repository";

struct DTypeEntry {
    DType dtype;
    std::string_view name;
    std::size_t size;
};
constexpr DTypeEntry kDTypes[] = {
    {DType::F64, "F64", 8},   {DType::F32, "F32", 4}, {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2}, {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},   {DType::I8, "I8", 1},   {DType::U8, "U8", 1},
    {DType::BOOL, "BOOL", 1},
};

bool multiplyChecked(std::uint64_t a, std::uint64_t b, std::uint64_t& out) {
    if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a)
        return false;
    out = a * b;
    return true;
}

std::string quoted(const std::string& name) {
    return "\"" + name + "\"";
}

}  // namespace

std::string_view dtypeName(DType dtype) {
    for (const auto& entry : kDTypes)
        if (entry.dtype == dtype)
            return entry.name;
    return "?";
}

std::size_t dtypeSize(DType dtype) {
    for (const auto& entry : kDTypes)
        if (entry.dtype == dtype)
            return entry.size;
    return 0;
}

std::optional<DType> parseDType(std::string_view name) {
    for (const auto& entry : kDTypes)
        if (entry.name == name)
            return entry.dtype;
    return std::nullopt;
}

std::int64_t TensorInfo::numel() const {
    std::int64_t count = 1;
    for (auto dim : shape)
        count *= dim;
    return count;
}

std::string shapeToString(const std::vector<std::int64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i)
            text += ", ";
        text += std::to_string(shape[i]);
    }
    return text + "]";
}

struct SafetensorsFile::Mapping {
    void* address = MAP_FAILED;
    std::size_t length = 0;
    ~Mapping() {
        if (address != MAP_FAILED)
            munmap(address, length);
    }
};

Expected<std::vector<TensorInfo>> parseSafetensorsHeader(
    std::string_view headerJson, std::uint64_t dataSize, const std::string& source,
    std::map<std::string, std::string>* metadata) {
    auto header = nlohmann::json::parse(headerJson.begin(), headerJson.end(), nullptr, false);
    if (header.is_discarded() || !header.is_object()) {
        return fail(ErrorCode::InvalidHeader, source + ": the header is not a valid JSON object",
                    kReplaceRemedy);
    }
    std::vector<TensorInfo> tensors;
    tensors.reserve(header.size());
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const auto& entry = it.value();
        if (name == "__metadata__") {
            if (!entry.is_object()) {
                return fail(ErrorCode::InvalidHeader,
                            source + ": __metadata__ must be an object of strings", kReplaceRemedy);
            }
            for (auto m = entry.begin(); m != entry.end(); ++m) {
                if (!m.value().is_string()) {
                    return fail(
                        ErrorCode::InvalidHeader,
                        source + ": __metadata__ value " + quoted(m.key()) + " is not a string",
                        kReplaceRemedy);
                }
                if (metadata)
                    (*metadata)[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string where = source + ": tensor " + quoted(name);
        if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
            !entry.contains("data_offsets")) {
            return fail(ErrorCode::InvalidHeader,
                        where + " needs \"dtype\", \"shape\" and \"data_offsets\"", kReplaceRemedy);
        }
        const auto& dtypeJson = entry["dtype"];
        const auto& shapeJson = entry["shape"];
        const auto& offsetsJson = entry["data_offsets"];
        if (!dtypeJson.is_string()) {
            return fail(ErrorCode::InvalidHeader, where + ": \"dtype\" is not a string",
                        kReplaceRemedy);
        }
        TensorInfo info;
        info.name = name;
        const auto dtype = parseDType(dtypeJson.get<std::string>());
        if (!dtype) {
            return fail(ErrorCode::UnknownDType,
                        where + " has unsupported dtype " + quoted(dtypeJson.get<std::string>()),
                        "Kinora reads F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL; convert "
                        "the weights to F16 or F32");
        }
        info.dtype = *dtype;
        if (!shapeJson.is_array()) {
            return fail(ErrorCode::InvalidHeader, where + ": \"shape\" is not an array",
                        kReplaceRemedy);
        }
        std::uint64_t expectedBytes = dtypeSize(info.dtype);
        for (const auto& dim : shapeJson) {
            if (!dim.is_number_unsigned()) {
                return fail(ErrorCode::InvalidHeader,
                            where + ": shape entries must be non-negative integers",
                            kReplaceRemedy);
            }
            const auto value = dim.get<std::uint64_t>();
            if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
                !multiplyChecked(expectedBytes, value, expectedBytes)) {
                return fail(
                    ErrorCode::ShapeSizeMismatch,
                    where + ": shape " + shapeJson.dump() + " overflows the size of a tensor",
                    kReplaceRemedy);
            }
            info.shape.push_back(static_cast<std::int64_t>(value));
        }
        if (!offsetsJson.is_array() || offsetsJson.size() != 2 ||
            !offsetsJson[0].is_number_unsigned() || !offsetsJson[1].is_number_unsigned()) {
            return fail(ErrorCode::InvalidHeader,
                        where + ": \"data_offsets\" must be two non-negative integers",
                        kReplaceRemedy);
        }
        info.dataBegin = offsetsJson[0].get<std::uint64_t>();
        info.dataEnd = offsetsJson[1].get<std::uint64_t>();
        if (info.dataEnd < info.dataBegin) {
            return fail(ErrorCode::InvalidHeader,
                        where + ": data_offsets end before they begin (" + offsetsJson.dump() + ")",
                        kReplaceRemedy);
        }
        if (info.byteSize() != expectedBytes) {
            return fail(ErrorCode::ShapeSizeMismatch,
                        where + ": shape " + shapeToString(info.shape) + " of " +
                            std::string(dtypeName(info.dtype)) + " needs " +
                            std::to_string(expectedBytes) + " bytes but data_offsets give " +
                            std::to_string(info.byteSize()),
                        kReplaceRemedy);
        }
        if (info.dataEnd > dataSize) {
            return fail(ErrorCode::TruncatedFile,
                        where + " ends at byte " + std::to_string(info.dataEnd) +
                            " of the data section, but the file holds only " +
                            std::to_string(dataSize) + ": the file is truncated",
                        "The download or copy was cut short: fetch the file again");
        }
        tensors.push_back(std::move(info));
    }

    std::vector<const TensorInfo*> byOffset;
    for (const auto& tensor : tensors)
        if (tensor.byteSize() > 0)
            byOffset.push_back(&tensor);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const TensorInfo* a, const TensorInfo* b) { return a->dataBegin < b->dataBegin; });
    for (std::size_t i = 1; i < byOffset.size(); ++i) {
        if (byOffset[i]->dataBegin < byOffset[i - 1]->dataEnd) {
            return fail(ErrorCode::OverlappingRanges,
                        source + ": tensors " + quoted(byOffset[i - 1]->name) + " and " +
                            quoted(byOffset[i]->name) + " overlap in the data section",
                        kReplaceRemedy);
        }
    }
    std::sort(tensors.begin(), tensors.end(),
              [](const TensorInfo& a, const TensorInfo& b) { return a.name < b.name; });
    return tensors;
}

Expected<SafetensorsLayout> parseSafetensors(const unsigned char* bytes, std::uint64_t size,
                                             const std::string& source) {
    if (size < 8) {
        return fail(ErrorCode::TruncatedFile,
                    source + ": only " + std::to_string(size) +
                        " bytes, too short for a safetensors header: the file is truncated",
                    "The download or copy was cut short: fetch the file again");
    }
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = (headerLength << 8) | bytes[i];
    if (headerLength > kMaxSafetensorsHeaderBytes) {
        return fail(ErrorCode::HeaderTooLarge,
                    source + ": header length " + std::to_string(headerLength) +
                        " bytes is absurd (limit " + std::to_string(kMaxSafetensorsHeaderBytes) +
                        "): this is not a safetensors file or it is corrupt",
                    kReplaceRemedy);
    }
    if (headerLength > size - 8) {
        return fail(ErrorCode::TruncatedFile,
                    source + ": the header claims " + std::to_string(headerLength) +
                        " bytes but the file has only " + std::to_string(size - 8) +
                        " after the length field: the file is truncated",
                    "The download or copy was cut short: fetch the file again");
    }
    SafetensorsLayout layout;
    layout.dataStart = 8 + headerLength;
    const std::string_view headerJson(reinterpret_cast<const char*>(bytes + 8),
                                      static_cast<std::size_t>(headerLength));
    auto tensors =
        parseSafetensorsHeader(headerJson, size - layout.dataStart, source, &layout.metadata);
    if (!tensors)
        return tl::unexpected(tensors.error());
    layout.tensors = std::move(*tensors);
    return layout;
}

Expected<SafetensorsFile> SafetensorsFile::open(const std::filesystem::path& path) {
    const std::string source = path.string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT) {
            return fail(ErrorCode::FileNotFound, source + ": file not found",
                        "Check that the model folder is complete");
        }
        return fail(ErrorCode::Io, source + ": cannot open: " + std::strerror(err),
                    "Check the file's permissions");
    }
    struct stat info {};
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return fail(ErrorCode::Io, source + ": not a regular file",
                    "Point Kinora at the file itself");
    }
    const auto fileSize = static_cast<std::uint64_t>(info.st_size);
    // An empty file cannot be mapped; the parser names any file too short for the length field.
    if (fileSize < 8) {
        ::close(fd);
        return tl::unexpected(parseSafetensors(nullptr, fileSize, source).error());
    }
    auto mapping = std::make_shared<Mapping>();
    mapping->length = static_cast<std::size_t>(fileSize);
    mapping->address = mmap(nullptr, mapping->length, PROT_READ, MAP_PRIVATE, fd, 0);
    const int mapErrno = errno;
    ::close(fd);
    if (mapping->address == MAP_FAILED) {
        return fail(ErrorCode::Io, source + ": cannot map into memory: " + std::strerror(mapErrno));
    }
    auto layout =
        parseSafetensors(static_cast<const unsigned char*>(mapping->address), fileSize, source);
    if (!layout)
        return tl::unexpected(layout.error());
    SafetensorsFile file;
    file.path_ = path;
    file.fileSize_ = fileSize;
    file.dataStart_ = layout->dataStart;
    file.tensors_ = std::move(layout->tensors);
    file.metadata_ = std::move(layout->metadata);
    file.mapping_ = std::move(mapping);
    return file;
}

const TensorInfo* SafetensorsFile::find(std::string_view name) const {
    auto it = std::lower_bound(tensors_.begin(), tensors_.end(), name,
                               [](const TensorInfo& t, std::string_view n) { return t.name < n; });
    return (it != tensors_.end() && it->name == name) ? &*it : nullptr;
}

const std::byte* SafetensorsFile::data(const TensorInfo& tensor) const {
    return static_cast<const std::byte*>(mapping_->address) + dataStart_ + tensor.dataBegin;
}

void SafetensorsFile::releasePages(const TensorInfo& tensor) const {
    const auto page = std::uintptr_t(sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<std::uintptr_t>(data(tensor)) / page * page;
    const auto end = reinterpret_cast<std::uintptr_t>(data(tensor) + tensor.byteSize());
    // Read-only private pages that were never written: dropping them (a neighbour's shared edge
    // page too) only means reading them from the file again if they are touched.
    if (end > begin)
        madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

Expected<void> writeSafetensors(const std::filesystem::path& path,
                                const std::vector<TensorToWrite>& tensors,
                                const std::map<std::string, std::string>& metadata) {
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    std::vector<std::uint64_t> sizes;
    for (const auto& tensor : tensors) {
        std::uint64_t bytes = dtypeSize(tensor.dtype);
        for (auto dim : tensor.shape) {
            if (dim < 0 || !multiplyChecked(bytes, static_cast<std::uint64_t>(dim), bytes)) {
                return fail(ErrorCode::InvalidInput, path.string() + ": tensor " +
                                                         quoted(tensor.name) + " has a bad shape " +
                                                         shapeToString(tensor.shape));
            }
        }
        header[tensor.name] = {{"dtype", std::string(dtypeName(tensor.dtype))},
                               {"shape", tensor.shape},
                               {"data_offsets", {offset, offset + bytes}}};
        sizes.push_back(bytes);
        offset += bytes;
    }
    std::string headerText = header.dump();
    // Pad with spaces so the data section starts 8-byte aligned (zero-copy loads of every dtype).
    headerText.append((8 - headerText.size() % 8) % 8, ' ');

    // Hidden, and named as the media exporter names its temporaries (`.name.*.part`), so the
    // leftover of a killed run is recognised and removed by the next run for the same output.
    const std::filesystem::path temporary =
        path.parent_path() / ("." + path.filename().string() + ".part");
    std::FILE* out = std::fopen(temporary.c_str(), "wb");
    if (!out) {
        return fail(ErrorCode::Io, path.string() + ": cannot write: " + std::strerror(errno),
                    "Choose a folder you can write to, with free space");
    }
    unsigned char lengthBytes[8];
    std::uint64_t length = headerText.size();
    for (int i = 0; i < 8; ++i)
        lengthBytes[i] = static_cast<unsigned char>(length >> (8 * i));
    bool ok = std::fwrite(lengthBytes, 1, 8, out) == 8 &&
              std::fwrite(headerText.data(), 1, headerText.size(), out) == headerText.size();
    for (std::size_t i = 0; ok && i < tensors.size(); ++i) {
        if (sizes[i] > 0)
            ok = std::fwrite(tensors[i].data, 1, sizes[i], out) == sizes[i];
    }
    ok = (std::fflush(out) == 0) && ok;
    ok = (fsync(fileno(out)) == 0) && ok;
    const int writeErrno = errno;
    ok = (std::fclose(out) == 0) && ok;
    if (!ok) {
        std::remove(temporary.c_str());
        return fail(ErrorCode::Io, path.string() + ": writing failed: " + std::strerror(writeErrno),
                    "Free disk space or choose another folder");
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::remove(temporary.c_str());
        return fail(ErrorCode::Io,
                    path.string() + ": cannot move the finished file into place: " + ec.message());
    }
    return {};
}

}  // namespace kinora::model
