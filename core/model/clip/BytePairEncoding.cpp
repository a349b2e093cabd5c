// See BytePairEncoding.h.
#include "model/clip/BytePairEncoding.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "model/clip/TextNormalization.h"

namespace kinora::model {

namespace {

namespace fs = std::filesystem;

// The reference keeps merges.txt lines 1 .. 49152 - 256 - 2 (line 0 is the "#version" header).
constexpr std::size_t kMaxMerges = 49152 - 256 - 2;
constexpr std::uintmax_t kMaxMergesFileBytes = 64ull << 20;

const char* const kReplaceFileRemedy = "Replace the file with the one from the model's repository";

// bytes_to_unicode: printable Latin-1 bytes map to themselves; the other 68 bytes to U+0100.. in
// byte order, so no BPE symbol contains whitespace or control characters.
std::array<char32_t, 256> byteToCodePointTable() {
    std::array<char32_t, 256> table{};
    char32_t nextSubstitute = 0x100;
    for (int byte = 0; byte < 256; ++byte) {
        const bool printable = (byte >= '!' && byte <= '~') || (byte >= 0xA1 && byte <= 0xAC) ||
                               (byte >= 0xAE && byte <= 0xFF);
        table[byte] = printable ? static_cast<char32_t>(byte) : nextSubstitute++;
    }
    return table;
}

bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
           (c >= 0x1C && c <= 0x1F);
}

std::vector<std::string_view> splitOnAsciiSpace(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && isAsciiSpace(line[i]))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && !isAsciiSpace(line[i]))
            ++i;
        if (i > start)
            fields.push_back(line.substr(start, i - start));
    }
    return fields;
}

}  // namespace

Expected<std::vector<MergeRule>> readMergeRules(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        return fail(ErrorCode::FileNotFound, path.string() + ": file not found",
                    "Check that the model folder is complete");
    }
    const auto size = fs::file_size(path, ec);
    if (ec)
        return fail(ErrorCode::Io, path.string() + ": cannot read size: " + ec.message());
    if (size > kMaxMergesFileBytes) {
        return fail(ErrorCode::InvalidConfig,
                    path.string() + ": " + std::to_string(size) +
                        " bytes is too large for a BPE merges file (limit " +
                        std::to_string(kMaxMergesFileBytes) + ")",
                    kReplaceFileRemedy);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::Io, path.string() + ": cannot open for reading");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string content = buffer.str();

    std::size_t begin = 0;
    std::size_t end = content.size();
    int lineNumber = 1;  // of the line at `begin`, counted in the file as it is
    while (begin < end && isAsciiSpace(content[begin])) {
        if (content[begin] == '\n' ||
            (content[begin] == '\r' && (begin + 1 == end || content[begin + 1] != '\n')))
            ++lineNumber;
        ++begin;
    }
    while (end > begin && isAsciiSpace(content[end - 1]))
        --end;

    std::vector<MergeRule> rules;
    bool header = true;
    std::size_t position = begin;
    while (position < end && rules.size() < kMaxMerges) {
        std::size_t lineEnd = position;
        while (lineEnd < end && content[lineEnd] != '\n' && content[lineEnd] != '\r')
            ++lineEnd;
        const std::string_view line(content.data() + position, lineEnd - position);
        if (!header) {
            const auto fields = splitOnAsciiSpace(line);
            if (fields.size() != 2) {
                return fail(ErrorCode::InvalidConfig,
                            path.string() + ":" + std::to_string(lineNumber) +
                                ": expected two symbols separated by a space, found " +
                                std::to_string(fields.size()) + " in \"" +
                                std::string(line.substr(0, 80)) + "\"",
                            kReplaceFileRemedy);
            }
            rules.push_back({std::string(fields[0]), std::string(fields[1])});
        }
        header = false;
        position = lineEnd + 1;  // past the line break; "\r\n" is one break
        if (lineEnd < end && content[lineEnd] == '\r' && position < end &&
            content[position] == '\n')
            ++position;
        ++lineNumber;
    }
    return rules;
}

BytePairEncoding::BytePairEncoding(const std::vector<MergeRule>& rules, std::size_t cacheCapacity)
    : cacheCapacity_(cacheCapacity) {
    const std::array<char32_t, 256> byteToCodePoint = byteToCodePointTable();
    for (int byte = 0; byte < 256; ++byte) {
        std::string text;
        clip_text::appendUtf8(byteToCodePoint[byte], text);
        byteSymbol_[byte] = intern(text);
        finalByteSymbol_[byte] = intern(text + std::string(kEndOfWord));
        codePointToByte_[byteToCodePoint[byte]] = static_cast<unsigned char>(byte);
    }
    merges_.reserve(rules.size());
    for (std::size_t rank = 0; rank < rules.size(); ++rank) {
        const MergeRule& rule = rules[rank];
        const uint32_t first = intern(rule.first);
        const uint32_t second = intern(rule.second);
        const uint32_t result = intern(rule.first + rule.second);
        merges_[pairKey(first, second)] = {static_cast<uint32_t>(rank), result};
    }
}

uint32_t BytePairEncoding::intern(const std::string& text) {
    const auto [it, inserted] =
        symbolIndex_.emplace(text, static_cast<uint32_t>(symbolText_.size()));
    if (inserted)
        symbolText_.push_back(text);
    return it->second;
}

void BytePairEncoding::finishLoading() {
    symbolIndex_.clear();
}

std::optional<unsigned char> BytePairEncoding::byteOf(char32_t codePoint) const {
    const auto byte = codePointToByte_.find(codePoint);
    if (byte == codePointToByte_.end())
        return std::nullopt;
    return byte->second;
}

void BytePairEncoding::appendWord(const std::string& bytes, std::vector<uint32_t>& symbols) const {
    if (bytes.size() == 1) {  // no pair to merge: cheaper than the cache
        symbols.push_back(finalByteSymbol_[static_cast<unsigned char>(bytes[0])]);
        return;
    }
    if (cacheCapacity_ > 0) {
        const std::lock_guard<std::mutex> lock(cacheMutex_);
        if (const auto it = cache_.find(bytes); it != cache_.end()) {
            symbols.insert(symbols.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<uint32_t> word(bytes.size());
    for (std::size_t k = 0; k < bytes.size(); ++k) {
        const auto byte = static_cast<unsigned char>(bytes[k]);
        word[k] = k + 1 == bytes.size() ? finalByteSymbol_[byte] : byteSymbol_[byte];
    }
    while (word.size() > 1) {
        const Merge* best = nullptr;
        uint64_t bestKey = 0;
        for (std::size_t k = 0; k + 1 < word.size(); ++k) {
            const uint64_t key = pairKey(word[k], word[k + 1]);
            const auto it = merges_.find(key);
            if (it != merges_.end() && (!best || it->second.rank < best->rank)) {
                best = &it->second;
                bestKey = key;
            }
        }
        if (!best)
            break;
        const auto first = static_cast<uint32_t>(bestKey >> 32);
        const auto second = static_cast<uint32_t>(bestKey & 0xFFFFFFFFu);
        std::size_t write = 0;
        for (std::size_t read = 0; read < word.size();) {
            if (read + 1 < word.size() && word[read] == first && word[read + 1] == second) {
                word[write++] = best->result;
                read += 2;
            } else {
                word[write++] = word[read++];
            }
        }
        word.resize(write);
    }
    symbols.insert(symbols.end(), word.begin(), word.end());
    if (cacheCapacity_ > 0) {
        const std::lock_guard<std::mutex> lock(cacheMutex_);
        if (cache_.size() >= cacheCapacity_)
            cache_.clear();
        cache_.emplace(bytes, std::move(word));
    }
}

}  // namespace kinora::model
