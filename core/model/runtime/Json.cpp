#include "model/runtime/Json.h"

#include <fstream>
#include <sstream>

namespace kinora::model {

Expected<nlohmann::json> readJsonFile(const std::filesystem::path& path, std::uintmax_t maxBytes) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(ErrorCode::FileNotFound, path.string() + ": file not found",
                    "Check that the model folder is complete");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        return fail(ErrorCode::Io, path.string() + ": cannot read size: " + ec.message());
    if (size > maxBytes) {
        return fail(ErrorCode::InvalidConfig,
                    path.string() + ": " + std::to_string(size) +
                        " bytes is too large for a JSON " + "file of a model folder (limit " +
                        std::to_string(maxBytes) + ")",
                    "Replace the file with the one from the model's repository");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::Io, path.string() + ": cannot open for reading");
    std::ostringstream text;
    text << in.rdbuf();
    auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
        return fail(ErrorCode::InvalidConfig, path.string() + ": not valid JSON",
                    "Replace the file with the one from the model's repository");
    }
    return json;
}

ConfigReader::ConfigReader(const nlohmann::json& json, std::string source)
    : json_(json), source_(std::move(source)) {}

bool ConfigReader::has(const char* key) const {
    return json_.is_object() && json_.contains(key);
}

void ConfigReader::recordTypeError(const char* key, const char* foundType) {
    problems_.push_back(source_ + ": key \"" + key + "\" has the wrong type (" + foundType + ")");
}

void ConfigReader::recordRangeError(const char* key, const std::string& value) {
    problems_.push_back(source_ + ": key \"" + key + "\" holds " + value.substr(0, 80) +
                        ", out of range for its setting");
}

Expected<void> ConfigReader::finish() const {
    if (!json_.is_object()) {
        return fail(ErrorCode::InvalidConfig, source_ + ": the config is not a JSON object",
                    "Replace the file with the one from the model's repository");
    }
    if (!problems_.empty()) {
        return fail(ErrorCode::InvalidConfig, problems_.front(),
                    "Replace the file with the one from the model's repository");
    }
    return {};
}

}  // namespace kinora::model
