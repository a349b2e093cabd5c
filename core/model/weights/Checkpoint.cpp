#include "model/weights/Checkpoint.h"

#include <set>

#include "model/runtime/Json.h"

namespace kinora::model {
namespace {

namespace fs = std::filesystem;

bool isFile(const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

// Shard names come from an untrusted index: plain file names in the component folder only.
bool isPlainFileName(const std::string& name) {
    return !name.empty() && name.find('/') == std::string::npos &&
           name.find('\\') == std::string::npos && name != "." && name != "..";
}

Expected<WeightLocation> readIndex(const fs::path& directory, const fs::path& index, bool fp16) {
    auto json = readJsonFile(index);
    if (!json)
        return tl::unexpected(json.error());
    const auto weightMap = json->find("weight_map");
    if (!json->is_object() || weightMap == json->end() || !weightMap->is_object()) {
        return fail(ErrorCode::InvalidIndex, index.string() + ": no \"weight_map\" object",
                    "Replace the index with the one from the model's repository");
    }
    WeightLocation location;
    location.index = index;
    location.fp16Variant = fp16;
    std::set<std::string> shards;
    for (auto it = weightMap->begin(); it != weightMap->end(); ++it) {
        if (!it.value().is_string() || !isPlainFileName(it.value().get<std::string>())) {
            return fail(ErrorCode::InvalidIndex,
                        index.string() + ": tensor \"" + it.key() +
                            "\" points outside the component folder or to no file",
                        "Replace the index with the one from the model's repository");
        }
        shards.insert(it.value().get<std::string>());
    }
    for (const auto& shard : shards)
        location.files.push_back(directory / shard);
    return location;
}

}  // namespace

Expected<WeightLocation> locateWeights(const fs::path& directory, const std::string& stem,
                                       WeightVariant variant) {
    const fs::path full = directory / (stem + ".safetensors");
    const fs::path half = directory / (stem + ".fp16.safetensors");
    const fs::path fullIndex = directory / (stem + ".safetensors.index.json");
    const fs::path halfIndex = directory / (stem + ".safetensors.index.fp16.json");

    struct Candidate {
        fs::path path;
        bool sharded;
        bool fp16;
    };
    std::vector<Candidate> order = {{full, false, false},
                                    {fullIndex, true, false},
                                    {half, false, true},
                                    {halfIndex, true, true}};
    if (variant == WeightVariant::PreferFp16) {
        order = {{half, false, true},
                 {halfIndex, true, true},
                 {full, false, false},
                 {fullIndex, true, false}};
    }
    for (const auto& candidate : order) {
        if (!isFile(candidate.path))
            continue;
        if (candidate.sharded)
            return readIndex(directory, candidate.path, candidate.fp16);
        WeightLocation location;
        location.files.push_back(candidate.path);
        location.fp16Variant = candidate.fp16;
        return location;
    }
    for (const char* extension : {".bin", ".ckpt", ".pt", ".pth"}) {
        for (const std::string& name : {stem, std::string("pytorch_model"), stem + ".fp16"}) {
            const fs::path pickle = directory / (name + extension);
            if (isFile(pickle)) {
                return fail(ErrorCode::UnsafeFormat,
                            pickle.string() +
                                ": pickle checkpoints can run arbitrary code and are never loaded",
                            "Use the model's .safetensors files (the official repository ships "
                            "them), or convert this checkpoint to safetensors");
            }
        }
    }
    return fail(ErrorCode::FileNotFound,
                full.string() + ": weights not found (nor " + half.filename().string() +
                    ", nor a sharded index)",
                "Download the component's .safetensors weights into this folder");
}

Expected<Checkpoint> Checkpoint::open(const WeightLocation& location) {
    Checkpoint checkpoint;
    checkpoint.location_ = location;
    checkpoint.files_.reserve(location.files.size());
    for (const auto& path : location.files) {
        auto file = SafetensorsFile::open(path);
        if (!file)
            return tl::unexpected(file.error());
        checkpoint.files_.push_back(std::move(*file));
    }
    for (const auto& file : checkpoint.files_) {
        for (const auto& tensor : file.tensors()) {
            auto [it, inserted] = checkpoint.entries_.emplace(tensor.name, Entry{&file, &tensor});
            if (!inserted) {
                return fail(ErrorCode::InvalidIndex,
                            "tensor \"" + tensor.name + "\" is stored twice: in " +
                                it->second.file->path().string() + " and " + file.path().string(),
                            "Replace the shards with the ones from the model's repository");
            }
        }
    }
    if (!location.index.empty()) {
        auto json = readJsonFile(location.index);
        if (!json)
            return tl::unexpected(json.error());
        const auto& weightMap = (*json)["weight_map"];
        for (auto it = weightMap.begin(); it != weightMap.end(); ++it) {
            const auto found = checkpoint.entries_.find(it.key());
            const fs::path expected = location.index.parent_path() / it.value().get<std::string>();
            if (found == checkpoint.entries_.end() || found->second.file->path() != expected) {
                return fail(ErrorCode::InvalidIndex,
                            location.index.string() + ": tensor \"" + it.key() + "\" is not in " +
                                expected.string(),
                            "Replace the index and shards with the ones from the model's "
                            "repository");
            }
        }
        if (weightMap.size() != checkpoint.entries_.size()) {
            return fail(
                ErrorCode::InvalidIndex,
                location.index.string() + ": the shards hold tensors the index does not list",
                "Replace the index and shards with the ones from the model's repository");
        }
    }
    return checkpoint;
}

Expected<Checkpoint> Checkpoint::open(const fs::path& directory, const std::string& stem,
                                      WeightVariant variant) {
    auto location = locateWeights(directory, stem, variant);
    if (!location)
        return tl::unexpected(location.error());
    return open(*location);
}

const Checkpoint::Entry* Checkpoint::find(const std::string& name) const {
    const auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
}

std::uint64_t Checkpoint::parameterCount() const {
    std::uint64_t count = 0;
    for (const auto& [name, entry] : entries_)
        count += static_cast<std::uint64_t>(entry.info->numel());
    return count;
}

std::uint64_t Checkpoint::bytesOnDisk() const {
    std::uint64_t bytes = 0;
    for (const auto& file : files_)
        bytes += file.fileSize();
    return bytes;
}

}  // namespace kinora::model
