// Byte-level BPE as transformers' CLIPTokenizer runs it: the bytes_to_unicode alphabet, the merge
// rules of merges.txt, and CLIPTokenizer.bpe with its "</w>" end-of-word marker. Symbols (the
// byte-level strings BPE works on) are interned: a word is a vector of symbol indices, and the
// tokenizer maps each symbol to its token id once, after loading.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/runtime/Error.h"

namespace kinora::model {

struct MergeRule {
    std::string first;
    std::string second;
};

// merges.txt as the reference reads it: text mode (\r\n and \r end lines too), surrounding
// whitespace stripped, the header line skipped, at most the reference's number of rules.
Expected<std::vector<MergeRule>> readMergeRules(const std::filesystem::path& path);

class BytePairEncoding {
public:
    static constexpr std::string_view kEndOfWord = "</w>";

    // The byte alphabet and the rules in rank order (a repeated pair keeps its last rank, as the
    // reference's dict does). Results of `cacheCapacity` distinct words are kept (0: no cache).
    BytePairEncoding(const std::vector<MergeRule>& rules, std::size_t cacheCapacity);
    BytePairEncoding(const BytePairEncoding&) = delete;
    BytePairEncoding& operator=(const BytePairEncoding&) = delete;

    // The symbol of `text` (UTF-8), added when new. Only while loading: finishLoading() drops the
    // index that finds existing symbols.
    uint32_t intern(const std::string& text);
    void finishLoading();

    // CLIPTokenizer.bpe on one pre-tokenised word (its UTF-8 bytes): repeatedly merge every
    // occurrence (left to right) of the adjacent pair with the lowest rank, until no adjacent
    // pair has one; the symbols are appended. Thread-safe (the cache is guarded).
    void appendWord(const std::string& bytes, std::vector<uint32_t>& symbols) const;

    std::size_t symbolCount() const { return symbolText_.size(); }
    const std::string& symbolText(uint32_t symbol) const { return symbolText_[symbol]; }
    // The byte a code point of the byte-level alphabet stands for; empty for other code points.
    std::optional<unsigned char> byteOf(char32_t codePoint) const;

private:
    struct Merge {
        uint32_t rank;
        uint32_t result;  // symbol of first + second
    };
    static uint64_t pairKey(uint32_t first, uint32_t second) {
        return (static_cast<uint64_t>(first) << 32) | second;
    }

    std::vector<std::string> symbolText_;  // UTF-8 of the byte-level string
    std::unordered_map<std::string, uint32_t> symbolIndex_;
    std::unordered_map<uint64_t, Merge> merges_;
    std::array<uint32_t, 256> byteSymbol_{};
    std::array<uint32_t, 256> finalByteSymbol_{};  // the byte's symbol + "</w>"
    std::unordered_map<char32_t, unsigned char> codePointToByte_;

    std::size_t cacheCapacity_ = 0;
    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<uint32_t>> cache_;  // UTF-8 bytes -> BPE
};

}  // namespace kinora::model
