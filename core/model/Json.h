// JSON files of a model folder (configs, tokenizer vocabularies, shard indexes), read with bounds.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/Error.h"

namespace kinora::model {

// Config and index files are small; anything larger than this is not a model file.
inline constexpr std::uintmax_t kMaxJsonFileBytes = 64ull << 20;

Expected<nlohmann::json> readJsonFile(const std::filesystem::path& path,
                                      std::uintmax_t maxBytes = kMaxJsonFileBytes);

// Fills a config struct field by field: a missing or null key keeps the reference default, a key of
// the wrong type is an error naming the file and the key.
class ConfigReader {
public:
    ConfigReader(const nlohmann::json& json, std::string source);

    template <typename T>
    void read(const char* key, T& field) {
        auto it = json_.find(key);
        if (it == json_.end() || it->is_null())
            return;
        try {
            field = it->get<T>();
        } catch (const nlohmann::json::exception&) {
            recordTypeError(key, it->type_name());
        }
    }

    bool has(const char* key) const;
    // Ok when every read key had the right type, else the first problem.
    Expected<void> finish() const;

private:
    void recordTypeError(const char* key, const char* foundType);

    const nlohmann::json& json_;
    std::string source_;
    std::vector<std::string> problems_;
};

}  // namespace kinora::model
