// Mirrors transformers' CLIPTokenizer (models/clip/tokenization_clip.py, the slow tokenizer) as it
// runs without ftfy installed: BERT's BasicTokenizer cleanup (control characters dropped,
// whitespace collapsed, spaces around CJK ideographs, NFC, lower case, accents kept), CLIP's
// pre-tokenisation pattern, byte-level BPE with the "</w>" end-of-word marker, BOS/EOS, truncation
// and padding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/runtime/Error.h"

namespace kinora::model {

struct TokenizedPrompt {
    std::vector<int64_t> ids;            // maxLength ids: BOS, text tokens, EOS, then the pad id
    std::vector<int64_t> attentionMask;  // 1 for BOS..EOS, 0 for padding
    int tokenCount = 0;                  // text tokens before truncation, without BOS/EOS
    int truncatedTokens = 0;             // text tokens cut off to fit maxLength
    std::string truncatedText;           // the cut-off tokens decoded (empty when nothing was cut)
};

// Input text is UTF-8. Invalid UTF-8 never fails: each maximal invalid subsequence becomes U+FFFD
// (as Python's bytes.decode(errors="replace") does), which the BasicTokenizer cleanup then drops,
// so invalid bytes are effectively skipped.
//
// Thread safety: a loaded tokenizer is immutable apart from its BPE cache, which is guarded by a
// mutex; encode(), bpeTokens() and decode() may be called from several threads at once.
//
// Known difference from the reference: character properties come from ICU's Unicode tables,
// Python's from its own; characters assigned after Unicode 14 (Python 3.11) may be classified
// differently.
class CLIPTokenizer {
public:
    // BPE results of this many distinct words are kept; the cache is emptied when it is full.
    static constexpr std::size_t kDefaultBpeCacheCapacity = 16384;

    // Reads <modelFolder>/tokenizer/: vocab.json and merges.txt (required), tokenizer_config.json
    // and special_tokens_map.json (optional: special tokens, added tokens, model_max_length,
    // clean_up_tokenization_spaces; missing keys keep the reference defaults). A cache capacity of
    // 0 disables the BPE cache.
    static Expected<CLIPTokenizer> load(const std::filesystem::path& modelFolder,
                                        std::size_t bpeCacheCapacity = kDefaultBpeCacheCapacity);

    CLIPTokenizer(CLIPTokenizer&&) noexcept;
    CLIPTokenizer& operator=(CLIPTokenizer&&) noexcept;
    ~CLIPTokenizer();

    // tokenizer(text, padding="max_length", max_length=maxLength, truncation=True): the text's
    // tokens are cut to maxLength - 2, framed by BOS/EOS and padded with the pad id. The first form
    // uses modelMaxLength(). Throws std::invalid_argument when maxLength < 2 (no room for BOS and
    // EOS).
    TokenizedPrompt encode(const std::string& utf8) const;
    TokenizedPrompt encode(const std::string& utf8, int maxLength) const;

    // tokenizer.tokenize(text): the byte-level BPE tokens (as UTF-8), untruncated, without BOS/EOS.
    std::vector<std::string> bpeTokens(const std::string& utf8) const;

    // tokenizer.decode(ids, skip_special_tokens=skipSpecialTokens): note the default differs from
    // the reference's. Ids outside the vocabulary are skipped; bytes that do not form valid UTF-8
    // become U+FFFD.
    std::string decode(const std::vector<int64_t>& ids, bool skipSpecialTokens = true) const;

    int modelMaxLength() const;
    int64_t bosTokenId() const;
    int64_t eosTokenId() const;
    int64_t padTokenId() const;
    int64_t unkTokenId() const;
    std::size_t vocabSize() const;  // entries of vocab.json

private:
    struct Impl;
    explicit CLIPTokenizer(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> impl_;
};

}  // namespace kinora::model
