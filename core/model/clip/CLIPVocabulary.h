// The vocabulary side of transformers' CLIPTokenizer as from_pretrained loads it from a model's
// tokenizer/ folder: vocab.json, the added tokens of tokenizer_config.json, the special tokens
// (tokenizer_config.json first, special_tokens_map.json overriding it), model_max_length and
// clean_up_tokenization_spaces, with the reference defaults for what is absent.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "model/runtime/Error.h"

namespace kinora::model {

struct SpecialToken {
    std::string content;
    std::filesystem::path definedIn;  // the file that named it (for errors)
    int64_t id = -1;
};

struct CLIPVocabulary {
    // CLIP's text context; used when tokenizer_config.json gives no model_max_length.
    static constexpr int kDefaultModelMaxLength = 77;

    std::unordered_map<std::string, int64_t> vocab;
    std::unordered_map<std::string, int64_t> addedTokenIds;  // added_tokens_decoder
    std::unordered_map<int64_t, std::string> idToToken;      // vocab, then added tokens
    std::unordered_set<int64_t> specialIds;
    SpecialToken bos{"<|startoftext|>", {}, -1};
    SpecialToken eos{"<|endoftext|>", {}, -1};
    SpecialToken pad{"<|endoftext|>", {}, -1};
    SpecialToken unk{"<|endoftext|>", {}, -1};
    int modelMaxLength = kDefaultModelMaxLength;
    bool cleanUpTokenizationSpaces = true;

    // Reads <tokenizerFolder>/vocab.json (required), tokenizer_config.json and
    // special_tokens_map.json (optional). Every special token must resolve to an id.
    static Expected<CLIPVocabulary> load(const std::filesystem::path& tokenizerFolder);

    // An added token's id, else the vocabulary's, else the unknown token's.
    int64_t tokenToId(const std::string& token) const;
};

}  // namespace kinora::model
