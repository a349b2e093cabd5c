// JSON files of a model folder (configs, tokenizer vocabularies, shard indexes), read with bounds.
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/runtime/Error.h"

namespace kinora::model {

// Config and index files are small; anything larger than this is not a model file.
inline constexpr std::uintmax_t kMaxJsonFileBytes = 64ull << 20;

Expected<nlohmann::json> readJsonFile(const std::filesystem::path& path,
                                      std::uintmax_t maxBytes = kMaxJsonFileBytes);

namespace detail {

enum class JsonConversion { Ok, WrongType, OutOfRange };

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

// A JSON value into a field without undefined behaviour: integers must fit the field (an
// integral float such as 2.0 counts as the integer), lists convert element by element.
template <typename T>
JsonConversion convertJson(const nlohmann::json& value, T& out) {
    if constexpr (std::is_same_v<T, bool>) {
        if (!value.is_boolean())
            return JsonConversion::WrongType;
        out = value.get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
        using Limits = std::numeric_limits<T>;
        if (value.is_number_unsigned()) {
            const auto number = value.get<std::uint64_t>();
            if (number > static_cast<std::uint64_t>(Limits::max()))
                return JsonConversion::OutOfRange;
            out = static_cast<T>(number);
        } else if (value.is_number_integer()) {
            const auto number = value.get<std::int64_t>();
            if (number < 0
                    ? (!Limits::is_signed || number < static_cast<std::int64_t>(Limits::min()))
                    : static_cast<std::uint64_t>(number) >
                          static_cast<std::uint64_t>(Limits::max()))
                return JsonConversion::OutOfRange;
            out = static_cast<T>(number);
        } else if (value.is_number_float()) {
            const double number = value.get<double>();
            // The bounds are powers of two, exact in a double; max() + 1 is the first too large.
            const double upper = static_cast<double>(Limits::max() / 2 + 1) * 2.0;
            if (!(number >= static_cast<double>(Limits::min()) && number < upper))
                return JsonConversion::OutOfRange;
            if (std::floor(number) != number)
                return JsonConversion::WrongType;
            out = static_cast<T>(number);
        } else {
            return JsonConversion::WrongType;
        }
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!value.is_number())
            return JsonConversion::WrongType;
        out = value.get<T>();
    } else if constexpr (IsVector<T>::value) {
        if (!value.is_array())
            return JsonConversion::WrongType;
        T result;
        result.reserve(value.size());
        for (const auto& element : value) {
            typename T::value_type item{};
            if (const auto converted = convertJson(element, item); converted != JsonConversion::Ok)
                return converted;
            result.push_back(std::move(item));
        }
        out = std::move(result);
    } else {
        try {
            out = value.get<T>();
        } catch (const nlohmann::json::exception&) {
            return JsonConversion::WrongType;
        }
    }
    return JsonConversion::Ok;
}

}  // namespace detail

// Fills a config struct field by field: a missing or null key keeps the reference default, a key of
// the wrong type, or a number the field cannot hold, is an error naming the file and the key (the
// field keeps its value).
class ConfigReader {
public:
    ConfigReader(const nlohmann::json& json, std::string source);

    template <typename T>
    void read(const char* key, T& field) {
        auto it = json_.find(key);
        if (it == json_.end() || it->is_null())
            return;
        T value = field;
        switch (detail::convertJson(*it, value)) {
            case detail::JsonConversion::Ok:
                field = std::move(value);
                break;
            case detail::JsonConversion::WrongType:
                recordTypeError(key, it->type_name());
                break;
            case detail::JsonConversion::OutOfRange:
                recordRangeError(key, it->dump());
                break;
        }
    }

    bool has(const char* key) const;
    // Ok when every read key had the right type, else the first problem.
    Expected<void> finish() const;

private:
    void recordTypeError(const char* key, const char* foundType);
    void recordRangeError(const char* key, const std::string& value);

    const nlohmann::json& json_;
    std::string source_;
    std::vector<std::string> problems_;
};

}  // namespace kinora::model
