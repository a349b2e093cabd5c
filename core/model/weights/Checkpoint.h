// The weights of one model component: a single safetensors file or a sharded set described by an
// index, in the full-precision or fp16 variant naming that diffusers and transformers use.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "model/runtime/Error.h"
#include "model/weights/SafetensorsFile.h"

namespace kinora::model {

// Which file set to load when a folder holds both (the real model ships both).
enum class WeightVariant { PreferFullPrecision, PreferFp16 };

struct WeightLocation {
    std::vector<std::filesystem::path> files;  // the single file, or every shard
    std::filesystem::path index;               // empty unless sharded
    bool fp16Variant = false;
};

// Finds `<stem>.safetensors`, `<stem>.fp16.safetensors`, `<stem>.safetensors.index.json` or
// `<stem>.safetensors.index.fp16.json` in `directory`. Pickle checkpoints (.bin, .ckpt, .pt, .pth)
// are never loaded: when only those exist the error says so.
Expected<WeightLocation> locateWeights(const std::filesystem::path& directory,
                                       const std::string& stem, WeightVariant variant);

// Move-only: entries point into the files it owns.
class Checkpoint {
public:
    Checkpoint() = default;
    Checkpoint(const Checkpoint&) = delete;
    Checkpoint& operator=(const Checkpoint&) = delete;
    Checkpoint(Checkpoint&&) = default;
    Checkpoint& operator=(Checkpoint&&) = default;

    struct Entry {
        const SafetensorsFile* file = nullptr;
        const TensorInfo* info = nullptr;
    };

    static Expected<Checkpoint> open(const WeightLocation& location);
    static Expected<Checkpoint> open(const std::filesystem::path& directory,
                                     const std::string& stem, WeightVariant variant);

    const WeightLocation& location() const { return location_; }
    const std::vector<SafetensorsFile>& files() const { return files_; }
    const std::map<std::string, Entry>& entries() const { return entries_; }
    const Entry* find(const std::string& name) const;

    std::uint64_t parameterCount() const;
    std::uint64_t bytesOnDisk() const;

private:
    WeightLocation location_;
    std::vector<SafetensorsFile> files_;
    std::map<std::string, Entry> entries_;
};

}  // namespace kinora::model
