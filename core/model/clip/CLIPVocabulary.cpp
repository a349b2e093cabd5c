// See CLIPVocabulary.h.
#include "model/clip/CLIPVocabulary.h"

#include <cmath>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "model/runtime/Json.h"
#include "model/runtime/Log.h"

namespace kinora::model {

namespace {

namespace fs = std::filesystem;

// transformers writes int(1e30) as model_max_length to mean "no limit": not a length to pad to.
constexpr double kLargestModelMaxLength = 1 << 20;

const char* const kReplaceFileRemedy = "Replace the file with the one from the model's repository";

// A token in a config file: a string, or a serialised AddedToken {"content": "..."}; null = unset.
Expected<std::optional<std::string>> tokenContent(const nlohmann::json& value, const fs::path& file,
                                                  const std::string& key) {
    if (value.is_null())
        return std::optional<std::string>();
    if (value.is_string())
        return std::optional<std::string>(value.get<std::string>());
    if (value.is_object()) {
        const auto content = value.find("content");
        if (content != value.end() && content->is_string())
            return std::optional<std::string>(content->get<std::string>());
    }
    return fail(
        ErrorCode::InvalidConfig,
        file.string() + ": \"" + key + "\" must be a string or an object with a string \"content\"",
        kReplaceFileRemedy);
}

Expected<nlohmann::json> readOptionalJsonObject(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        return nlohmann::json::object();
    auto json = readJsonFile(path);
    if (!json)
        return json;
    if (!json->is_object()) {
        return fail(ErrorCode::InvalidConfig, path.string() + ": expected a JSON object",
                    kReplaceFileRemedy);
    }
    return json;
}

}  // namespace

Expected<CLIPVocabulary> CLIPVocabulary::load(const fs::path& tokenizerFolder) {
    const fs::path vocabPath = tokenizerFolder / "vocab.json";
    const fs::path configPath = tokenizerFolder / "tokenizer_config.json";
    const fs::path specialTokensPath = tokenizerFolder / "special_tokens_map.json";
    CLIPVocabulary vocabulary;

    auto vocabJson = readJsonFile(vocabPath);
    if (!vocabJson)
        return tl::unexpected(vocabJson.error());
    if (!vocabJson->is_object() || vocabJson->empty()) {
        return fail(ErrorCode::InvalidConfig,
                    vocabPath.string() + ": expected a non-empty JSON object of token -> id",
                    kReplaceFileRemedy);
    }
    vocabulary.vocab.reserve(vocabJson->size());
    for (const auto& [token, id] : vocabJson->items()) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0) {
            return fail(ErrorCode::InvalidConfig,
                        vocabPath.string() + ": the id of token \"" + token +
                            "\" is not a non-negative integer",
                        kReplaceFileRemedy);
        }
        vocabulary.vocab[token] = id.get<int64_t>();
        vocabulary.idToToken[id.get<int64_t>()] = token;
    }
    vocabJson->clear();

    auto config = readOptionalJsonObject(configPath);
    if (!config)
        return tl::unexpected(config.error());
    auto specialTokensMap = readOptionalJsonObject(specialTokensPath);
    if (!specialTokensMap)
        return tl::unexpected(specialTokensMap.error());

    if (const auto added = config->find("added_tokens_decoder");
        added != config->end() && !added->is_null()) {
        if (!added->is_object()) {
            return fail(ErrorCode::InvalidConfig,
                        configPath.string() + ": \"added_tokens_decoder\" must be an object",
                        kReplaceFileRemedy);
        }
        for (const auto& [idText, token] : added->items()) {
            int64_t id = -1;
            try {
                std::size_t used = 0;
                id = std::stoll(idText, &used);
                if (used != idText.size())
                    id = -1;
            } catch (const std::exception&) {
                id = -1;
            }
            auto content = tokenContent(token, configPath, "added_tokens_decoder." + idText);
            if (!content)
                return tl::unexpected(content.error());
            if (id < 0 || !*content || (*content)->empty()) {
                return fail(ErrorCode::InvalidConfig,
                            configPath.string() + ": added_tokens_decoder entry \"" + idText +
                                "\" needs a non-negative integer id and a non-empty content",
                            kReplaceFileRemedy);
            }
            vocabulary.addedTokenIds[**content] = id;
            vocabulary.idToToken[id] = **content;
        }
    }

    // from_pretrained: tokenizer_config.json first, special_tokens_map.json overrides it.
    for (const auto& [source, json] :
         {std::pair<const fs::path&, const nlohmann::json&>{configPath, *config},
          {specialTokensPath, *specialTokensMap}}) {
        for (auto [key, token] :
             {std::pair<const char*, SpecialToken*>{"bos_token", &vocabulary.bos},
              {"eos_token", &vocabulary.eos},
              {"pad_token", &vocabulary.pad},
              {"unk_token", &vocabulary.unk}}) {
            const auto value = json.find(key);
            if (value == json.end())
                continue;
            auto content = tokenContent(*value, source, key);
            if (!content)
                return tl::unexpected(content.error());
            if (*content) {
                token->content = **content;
                token->definedIn = source;
            }
        }
    }

    if (const auto length = config->find("model_max_length");
        length != config->end() && !length->is_null()) {
        const double value = length->is_number() ? length->get<double>() : 0.0;
        if (value > kLargestModelMaxLength) {
            log(LogLevel::Info, configPath.string() +
                                    ": model_max_length means \"no limit\"; using " +
                                    std::to_string(kDefaultModelMaxLength) + " (CLIP's context)");
        } else if (value < 2 || value != std::floor(value)) {
            return fail(ErrorCode::InvalidConfig,
                        configPath.string() + ": \"model_max_length\" must be an integer >= 2",
                        kReplaceFileRemedy);
        } else {
            vocabulary.modelMaxLength = static_cast<int>(value);
        }
    }
    if (const auto cleanUp = config->find("clean_up_tokenization_spaces");
        cleanUp != config->end() && !cleanUp->is_null()) {
        if (!cleanUp->is_boolean()) {
            return fail(
                ErrorCode::InvalidConfig,
                configPath.string() + ": \"clean_up_tokenization_spaces\" must be a boolean",
                kReplaceFileRemedy);
        }
        vocabulary.cleanUpTokenizationSpaces = cleanUp->get<bool>();
    }

    // The unknown token first: every other lookup falls back to it.
    for (SpecialToken* token :
         {&vocabulary.unk, &vocabulary.bos, &vocabulary.eos, &vocabulary.pad}) {
        const auto added = vocabulary.addedTokenIds.find(token->content);
        const auto inVocab = vocabulary.vocab.find(token->content);
        if (added != vocabulary.addedTokenIds.end()) {
            token->id = added->second;
        } else if (inVocab != vocabulary.vocab.end()) {
            token->id = inVocab->second;
        } else {
            const fs::path& file = token->definedIn.empty() ? vocabPath : token->definedIn;
            return fail(ErrorCode::InvalidConfig,
                        file.string() + ": special token \"" + token->content +
                            "\" is neither in vocab.json nor in added_tokens_decoder",
                        kReplaceFileRemedy);
        }
        vocabulary.specialIds.insert(token->id);
    }

    return vocabulary;
}

int64_t CLIPVocabulary::tokenToId(const std::string& token) const {
    if (const auto it = addedTokenIds.find(token); it != addedTokenIds.end())
        return it->second;
    if (const auto it = vocab.find(token); it != vocab.end())
        return it->second;
    return unk.id;
}

}  // namespace kinora::model
