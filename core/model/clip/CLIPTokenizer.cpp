// Mirrors transformers' CLIPTokenizer (slow, without ftfy) and the parts of BasicTokenizer and
// PreTrainedTokenizer it runs through; see CLIPTokenizer.h for what is covered.
#include "model/clip/CLIPTokenizer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include "model/runtime/Json.h"
#include "model/runtime/Log.h"

namespace kinora::model {

namespace {

namespace fs = std::filesystem;

// The reference keeps merges.txt lines 1 .. 49152 - 256 - 2 (line 0 is the "#version" header).
constexpr std::size_t kMaxMerges = 49152 - 256 - 2;
// CLIP's text context; used when tokenizer_config.json gives no model_max_length.
constexpr int kDefaultModelMaxLength = 77;
// transformers writes int(1e30) as model_max_length to mean "no limit": not a length to pad to.
constexpr double kLargestModelMaxLength = 1 << 20;
constexpr std::uintmax_t kMaxMergesFileBytes = 64ull << 20;
constexpr char32_t kReplacementCharacter = 0xFFFD;
// Below U+0300 no character changes under NFC or combines with its neighbour (ICU's own fast path).
constexpr char32_t kFirstNfcSensitive = 0x300;
constexpr std::string_view kEndOfWord = "</w>";
// CLIP's pattern matches these literally and its BPE returns them unchanged (no "</w>").
constexpr std::string_view kStartOfTextLiteral = "<|startoftext|>";
constexpr std::string_view kEndOfTextLiteral = "<|endoftext|>";

const char* const kReplaceFileRemedy = "Replace the file with the one from the model's repository";

// ---- UTF-8 ----

// Decodes UTF-8, replacing each maximal invalid subsequence by U+FFFD (Unicode's recommended
// practice, which Python's decode(errors="replace") follows).
std::u32string decodeUtf8(std::string_view bytes) {
    std::u32string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80) {
            out.push_back(lead);
            ++i;
            continue;
        }
        int length = 0;
        char32_t codePoint = 0;
        unsigned char low = 0x80;  // range of the byte after the lead (Unicode table 3-7)
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            codePoint = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            codePoint = lead & 0x0F;
            if (lead == 0xE0)
                low = 0xA0;  // no overlong forms
            if (lead == 0xED)
                high = 0x9F;  // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            codePoint = lead & 0x07;
            if (lead == 0xF0)
                low = 0x90;  // no overlong forms
            if (lead == 0xF4)
                high = 0x8F;  // nothing above U+10FFFF
        } else {
            out.push_back(kReplacementCharacter);
            ++i;
            continue;
        }
        std::size_t next = i + 1;
        bool complete = true;
        for (int k = 1; k < length; ++k, ++next) {
            if (next >= bytes.size()) {
                complete = false;
                break;
            }
            const auto byte = static_cast<unsigned char>(bytes[next]);
            if (byte < low || byte > high) {
                complete = false;
                break;
            }
            codePoint = (codePoint << 6) | (byte & 0x3F);
            low = 0x80;
            high = 0xBF;
        }
        out.push_back(complete ? codePoint : kReplacementCharacter);
        i = next;
    }
    return out;
}

void appendUtf8(char32_t codePoint, std::string& out) {
    if (codePoint < 0x80) {
        out.push_back(static_cast<char>(codePoint));
    } else if (codePoint < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (codePoint >> 6)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else if (codePoint < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (codePoint >> 12)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (codePoint >> 18)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    }
}

std::string encodeUtf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char32_t codePoint : text)
        appendUtf8(codePoint, out);
    return out;
}

// ---- Character classes (Python's unicodedata and str methods, BERT's helpers) ----

uint32_t categoryMask(char32_t codePoint) {
    return U_GET_GC_MASK(static_cast<UChar32>(codePoint));
}

// BasicTokenizer's _is_whitespace: the four ASCII blanks and category Zs.
bool isBertWhitespace(char32_t codePoint) {
    if (codePoint == ' ' || codePoint == '\t' || codePoint == '\n' || codePoint == '\r')
        return true;
    return codePoint >= 0x80 && (categoryMask(codePoint) & U_GC_ZS_MASK) != 0;
}

// BasicTokenizer's _is_control: any category C* (Cc, Cf, Cs, Co, Cn) except tab, newline, return.
bool isBertControl(char32_t codePoint) {
    if (codePoint == '\t' || codePoint == '\n' || codePoint == '\r')
        return false;
    if (codePoint < 0x80)
        return codePoint < 0x20 || codePoint == 0x7F;
    return (categoryMask(codePoint) & U_GC_C_MASK) != 0;
}

// Python's str.isspace (what str.split() splits on): category Zs or bidirectional class WS, B, S.
bool isPythonSpace(char32_t codePoint) {
    if (codePoint < 0x80)
        return codePoint == ' ' || (codePoint >= 0x09 && codePoint <= 0x0D) ||
               (codePoint >= 0x1C && codePoint <= 0x1F);
    if ((categoryMask(codePoint) & U_GC_ZS_MASK) != 0)
        return true;
    switch (u_charDirection(static_cast<UChar32>(codePoint))) {
        case U_WHITE_SPACE_NEUTRAL:
        case U_BLOCK_SEPARATOR:
        case U_SEGMENT_SEPARATOR:
            return true;
        default:
            return false;
    }
}

// BasicTokenizer's _is_chinese_char: the CJK Unified Ideographs blocks it lists (not kana/hangul).
bool isCjkIdeograph(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
           (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

bool isLetter(char32_t codePoint) {  // \p{L}
    if (codePoint < 0x80)
        return (codePoint | 0x20) >= 'a' && (codePoint | 0x20) <= 'z';
    return (categoryMask(codePoint) & U_GC_L_MASK) != 0;
}

bool isNumber(char32_t codePoint) {  // \p{N}
    if (codePoint < 0x80)
        return codePoint >= '0' && codePoint <= '9';
    return (categoryMask(codePoint) & U_GC_N_MASK) != 0;
}

// ---- Word normalisation: NFC, then Python's str.lower() ----

icu::UnicodeString toIcu(std::u32string_view text) {
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max() / 2)) {
        throw std::length_error("CLIPTokenizer: a word of " + std::to_string(text.size()) +
                                " characters is too long to normalise");
    }
    icu::UnicodeString out;
    for (const char32_t codePoint : text)
        out.append(static_cast<UChar32>(codePoint));
    return out;
}

std::u32string fromIcu(const icu::UnicodeString& text) {
    std::u32string out;
    out.reserve(static_cast<std::size_t>(text.length()));
    const char16_t* units = text.getBuffer();
    const int32_t length = text.length();
    for (int32_t i = 0; i < length;) {
        UChar32 codePoint = 0;
        U16_NEXT(units, i, length, codePoint);
        out.push_back(static_cast<char32_t>(codePoint));
    }
    return out;
}

// unicodedata.normalize("NFC") and then str.lower(): ICU's full lower-case mapping with the root
// locale (SpecialCasing's unconditional rules and the final sigma), as Python's.
void normalizeWord(std::u32string& word) {
    const bool ascii = std::all_of(word.begin(), word.end(), [](char32_t c) { return c < 0x80; });
    if (ascii) {
        for (char32_t& c : word)
            if (c >= 'A' && c <= 'Z')
                c += 'a' - 'A';
        return;
    }
    icu::UnicodeString text = toIcu(word);
    const bool nfcSensitive =
        std::any_of(word.begin(), word.end(), [](char32_t c) { return c >= kFirstNfcSensitive; });
    if (nfcSensitive) {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
        if (U_SUCCESS(status))
            text = nfc->normalize(text, status);
        if (U_FAILURE(status)) {
            throw std::runtime_error(std::string("CLIPTokenizer: ICU NFC normalisation failed: ") +
                                     u_errorName(status));
        }
    }
    text.toLower(icu::Locale::getRoot());
    word = fromIcu(text);
}

// ---- CLIP's pre-tokenisation pattern ----

// Case-insensitive comparison as the reference's re.IGNORECASE does for the pattern's literals:
// ASCII case, plus U+017F LONG S, which simple case folding maps to 's'.
bool equalsIgnoringCase(char32_t codePoint, char literal) {
    if (codePoint == static_cast<unsigned char>(literal))
        return true;
    if (literal >= 'a' && literal <= 'z' && codePoint == static_cast<char32_t>(literal - 'a' + 'A'))
        return true;
    return literal == 's' && codePoint == 0x17F;
}

bool startsWithIgnoringCase(std::u32string_view text, std::string_view literal) {
    if (text.size() < literal.size())
        return false;
    for (std::size_t i = 0; i < literal.size(); ++i)
        if (!equalsIgnoringCase(text[i], literal[i]))
            return false;
    return true;
}

// Under re.IGNORECASE the regex module also tests a character's case variants against a class.
// U+0345 COMBINING GREEK YPOGEGRAMMENI, a mark whose case variants are iota letters, therefore
// matches neither [\p{L}] nor [^\s\p{L}\p{N}]: no alternative matches it and findall() skips it.
// (It is the only such character.)
constexpr char32_t kUnmatchedByPattern = 0x345;

bool isPatternOther(char32_t codePoint) {  // [^\s\p{L}\p{N}] (no \s occurs where it is used)
    return !isLetter(codePoint) && !isNumber(codePoint) && codePoint != kUnmatchedByPattern;
}

// Length of the match of
//   <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
// at the start of `rest`, 0 when nothing matches there. The alternatives are tried in order, as the
// regex engine does. `rest` is part of one whitespace-free word, so \s never occurs in it.
std::size_t patternMatchLength(std::u32string_view rest) {
    for (const std::string_view literal : {kStartOfTextLiteral, kEndOfTextLiteral})
        if (startsWithIgnoringCase(rest, literal))
            return literal.size();
    if (rest[0] == '\'') {
        for (const std::string_view suffix : {"s", "t", "re", "ve", "m", "ll", "d"})
            if (startsWithIgnoringCase(rest.substr(1), suffix))
                return 1 + suffix.size();
    }
    std::size_t length = 1;
    if (isLetter(rest[0])) {
        while (length < rest.size() && isLetter(rest[length]))
            ++length;
    } else if (isPatternOther(rest[0])) {
        while (length < rest.size() && isPatternOther(rest[length]))
            ++length;
    } else if (!isNumber(rest[0])) {
        return 0;
    }
    return length;
}

// ---- Byte-level alphabet (bytes_to_unicode) ----

// Printable Latin-1 bytes map to themselves; the other 68 bytes to U+0100.. in byte order, so no
// BPE symbol contains whitespace or control characters.
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

// ---- Files ----

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

struct MergeRule {
    std::string first;
    std::string second;
};

// merges.txt as the reference reads it: text mode (\r\n and \r end lines too), surrounding
// whitespace stripped, the header line skipped, at most kMaxMerges rules.
Expected<std::vector<MergeRule>> readMerges(const fs::path& path) {
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

// ---- Implementation ----

struct CLIPTokenizer::Impl {
    struct Merge {
        uint32_t rank;
        uint32_t result;  // symbol of first + second
    };
    struct SpecialToken {
        std::string content;
        fs::path definedIn;  // the file that named it (for errors)
        int64_t id = -1;
    };
    struct AddedToken {
        std::u32string content;
        uint32_t symbol;
    };

    std::unordered_map<std::string, int64_t> vocab;
    std::unordered_map<std::string, int64_t> addedTokenIds;  // added_tokens_decoder
    std::unordered_map<int64_t, std::string> idToToken;      // vocab, then added tokens
    std::vector<AddedToken> addedTokens;                     // never split, longest first
    std::unordered_set<int64_t> specialIds;

    // Byte-level BPE symbols are interned: a word is a vector of symbol indices.
    std::vector<std::string> symbolText;  // UTF-8 of the byte-level string
    std::vector<int64_t> symbolId;        // its token id (added tokens, then vocab, then unk)
    std::unordered_map<std::string, uint32_t> symbolIndex;
    std::unordered_map<uint64_t, Merge> merges;
    std::array<uint32_t, 256> byteSymbol{};
    std::array<uint32_t, 256> finalByteSymbol{};  // the byte's symbol + "</w>"
    std::unordered_map<char32_t, unsigned char> codePointToByte;
    uint32_t startOfTextSymbol = 0;
    uint32_t endOfTextSymbol = 0;

    SpecialToken bos{"<|startoftext|>", {}, -1};
    SpecialToken eos{"<|endoftext|>", {}, -1};
    SpecialToken pad{"<|endoftext|>", {}, -1};
    SpecialToken unk{"<|endoftext|>", {}, -1};
    int modelMaxLength = kDefaultModelMaxLength;
    bool cleanUpTokenizationSpaces = true;

    std::size_t cacheCapacity = 0;
    mutable std::mutex cacheMutex;
    mutable std::unordered_map<std::string, std::vector<uint32_t>> cache;  // UTF-8 bytes -> BPE

    static uint64_t pairKey(uint32_t first, uint32_t second) {
        return (static_cast<uint64_t>(first) << 32) | second;
    }

    uint32_t intern(const std::string& text) {
        const auto [it, inserted] =
            symbolIndex.emplace(text, static_cast<uint32_t>(symbolText.size()));
        if (inserted)
            symbolText.push_back(text);
        return it->second;
    }

    int64_t tokenToId(const std::string& token) const {
        if (const auto it = addedTokenIds.find(token); it != addedTokenIds.end())
            return it->second;
        if (const auto it = vocab.find(token); it != vocab.end())
            return it->second;
        return unk.id;
    }

    // PreTrainedTokenizer.tokenize: added tokens are cut out first, the text between them goes
    // through CLIPTokenizer._tokenize.
    std::vector<uint32_t> tokenize(const std::string& utf8) const {
        const std::u32string text = decodeUtf8(utf8);
        const std::u32string_view view(text);
        std::vector<uint32_t> symbols;
        std::size_t pieceStart = 0;
        std::size_t i = 0;
        while (i < text.size()) {
            const AddedToken* found = nullptr;
            for (const AddedToken& token : addedTokens) {
                if (view.substr(i, token.content.size()) == token.content) {
                    found = &token;
                    break;
                }
            }
            if (!found) {
                ++i;
                continue;
            }
            appendTextSymbols(view.substr(pieceStart, i - pieceStart), symbols);
            symbols.push_back(found->symbol);
            i += found->content.size();
            pieceStart = i;
        }
        appendTextSymbols(view.substr(pieceStart), symbols);
        return symbols;
    }

    // BasicTokenizer(strip_accents=False, do_split_on_punc=False).tokenize, then CLIP's pattern and
    // BPE on every word. Cleanup and splitting are fused: NFC and lower case run per word, which is
    // equivalent because neither composes across the (starter) space characters it splits on.
    void appendTextSymbols(std::u32string_view piece, std::vector<uint32_t>& symbols) const {
        std::u32string word;
        auto flush = [&] {
            if (word.empty())
                return;
            appendWordSymbols(word, symbols);
            word.clear();
        };
        for (const char32_t codePoint : piece) {
            if (codePoint == 0 || codePoint == kReplacementCharacter || isBertControl(codePoint))
                continue;
            if (isBertWhitespace(codePoint) || isPythonSpace(codePoint)) {
                flush();
            } else if (isCjkIdeograph(codePoint)) {
                flush();
                word.push_back(codePoint);
                flush();
            } else {
                word.push_back(codePoint);
            }
        }
        flush();
    }

    void appendWordSymbols(std::u32string& word, std::vector<uint32_t>& symbols) const {
        normalizeWord(word);
        const std::u32string_view view(word);
        std::string bytes;
        for (std::size_t position = 0; position < view.size();) {
            const std::size_t length = patternMatchLength(view.substr(position));
            if (length == 0) {
                ++position;
                continue;
            }
            bytes.clear();
            for (std::size_t k = position; k < position + length; ++k)
                appendUtf8(view[k], bytes);
            appendBpe(bytes, symbols);
            position += length;
        }
    }

    // CLIPTokenizer.bpe: repeatedly merge every occurrence (left to right) of the adjacent pair
    // with the lowest merge rank, until no adjacent pair has a rank.
    void appendBpe(const std::string& bytes, std::vector<uint32_t>& symbols) const {
        if (bytes == kStartOfTextLiteral) {
            symbols.push_back(startOfTextSymbol);
            return;
        }
        if (bytes == kEndOfTextLiteral) {
            symbols.push_back(endOfTextSymbol);
            return;
        }
        if (bytes.size() == 1) {  // no pair to merge: cheaper than the cache
            symbols.push_back(finalByteSymbol[static_cast<unsigned char>(bytes[0])]);
            return;
        }
        if (cacheCapacity > 0) {
            const std::lock_guard<std::mutex> lock(cacheMutex);
            if (const auto it = cache.find(bytes); it != cache.end()) {
                symbols.insert(symbols.end(), it->second.begin(), it->second.end());
                return;
            }
        }
        std::vector<uint32_t> word(bytes.size());
        for (std::size_t k = 0; k < bytes.size(); ++k) {
            const auto byte = static_cast<unsigned char>(bytes[k]);
            word[k] = k + 1 == bytes.size() ? finalByteSymbol[byte] : byteSymbol[byte];
        }
        while (word.size() > 1) {
            const Merge* best = nullptr;
            uint64_t bestKey = 0;
            for (std::size_t k = 0; k + 1 < word.size(); ++k) {
                const uint64_t key = pairKey(word[k], word[k + 1]);
                const auto it = merges.find(key);
                if (it != merges.end() && (!best || it->second.rank < best->rank)) {
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
        if (cacheCapacity > 0) {
            const std::lock_guard<std::mutex> lock(cacheMutex);
            if (cache.size() >= cacheCapacity)
                cache.clear();
            cache.emplace(bytes, std::move(word));
        }
    }

    // PreTrainedTokenizer._decode with CLIPTokenizer.convert_tokens_to_string.
    std::string decode(const std::vector<int64_t>& ids, bool skipSpecialTokens) const {
        std::string bytes;
        for (const int64_t id : ids) {
            if (skipSpecialTokens && specialIds.count(id))
                continue;
            const auto token = idToToken.find(id);
            if (token == idToToken.end())
                continue;
            for (const char32_t codePoint : decodeUtf8(token->second)) {
                const auto byte = codePointToByte.find(codePoint);
                if (byte != codePointToByte.end())
                    bytes.push_back(static_cast<char>(byte->second));
                else
                    appendUtf8(codePoint, bytes);  // not byte-level (an added token): keep as is
            }
        }
        std::string text = encodeUtf8(decodeUtf8(bytes));
        replaceAll(text, kEndOfWord, " ");
        std::u32string stripped = decodeUtf8(text);
        while (!stripped.empty() && isPythonSpace(stripped.back()))
            stripped.pop_back();
        std::size_t leading = 0;
        while (leading < stripped.size() && isPythonSpace(stripped[leading]))
            ++leading;
        text = encodeUtf8(std::u32string_view(stripped).substr(leading));
        if (cleanUpTokenizationSpaces) {
            // PreTrainedTokenizerBase.clean_up_tokenization, in its order.
            for (const auto& [from, to] : {std::pair<std::string_view, std::string_view>{" .", "."},
                                           {" ?", "?"},
                                           {" !", "!"},
                                           {" ,", ","},
                                           {" ' ", "'"},
                                           {" n't", "n't"},
                                           {" 'm", "'m"},
                                           {" 's", "'s"},
                                           {" 've", "'ve"},
                                           {" 're", "'re"}})
                replaceAll(text, from, to);
        }
        return text;
    }

    // str.replace: non-overlapping, left to right. ASCII patterns never match inside a multi-byte
    // UTF-8 sequence, so this is safe on UTF-8.
    static void replaceAll(std::string& text, std::string_view from, std::string_view to) {
        std::string out;
        out.reserve(text.size());
        std::size_t position = 0;
        std::size_t hit = text.find(from);
        while (hit != std::string::npos) {
            out.append(text, position, hit - position);
            out.append(to);
            position = hit + from.size();
            hit = text.find(from, position);
        }
        out.append(text, position, std::string::npos);
        text = std::move(out);
    }
};

// ---- Loading ----

Expected<CLIPTokenizer> CLIPTokenizer::load(const fs::path& modelFolder,
                                            std::size_t bpeCacheCapacity) {
    const fs::path directory = modelFolder / "tokenizer";
    const fs::path vocabPath = directory / "vocab.json";
    const fs::path configPath = directory / "tokenizer_config.json";
    const fs::path specialTokensPath = directory / "special_tokens_map.json";
    auto impl = std::make_unique<Impl>();
    impl->cacheCapacity = bpeCacheCapacity;

    auto vocabJson = readJsonFile(vocabPath);
    if (!vocabJson)
        return tl::unexpected(vocabJson.error());
    if (!vocabJson->is_object() || vocabJson->empty()) {
        return fail(ErrorCode::InvalidConfig,
                    vocabPath.string() + ": expected a non-empty JSON object of token -> id",
                    kReplaceFileRemedy);
    }
    impl->vocab.reserve(vocabJson->size());
    for (const auto& [token, id] : vocabJson->items()) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0) {
            return fail(ErrorCode::InvalidConfig,
                        vocabPath.string() + ": the id of token \"" + token +
                            "\" is not a non-negative integer",
                        kReplaceFileRemedy);
        }
        impl->vocab[token] = id.get<int64_t>();
        impl->idToToken[id.get<int64_t>()] = token;
    }
    vocabJson->clear();

    auto mergeRules = readMerges(directory / "merges.txt");
    if (!mergeRules)
        return tl::unexpected(mergeRules.error());

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
            impl->addedTokenIds[**content] = id;
            impl->idToToken[id] = **content;
        }
    }

    // from_pretrained: tokenizer_config.json first, special_tokens_map.json overrides it.
    for (const auto& [source, json] :
         {std::pair<const fs::path&, const nlohmann::json&>{configPath, *config},
          {specialTokensPath, *specialTokensMap}}) {
        for (auto [key, token] :
             {std::pair<const char*, Impl::SpecialToken*>{"bos_token", &impl->bos},
              {"eos_token", &impl->eos},
              {"pad_token", &impl->pad},
              {"unk_token", &impl->unk}}) {
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
            impl->modelMaxLength = static_cast<int>(value);
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
        impl->cleanUpTokenizationSpaces = cleanUp->get<bool>();
    }

    // The unknown token first: every other lookup falls back to it.
    for (Impl::SpecialToken* token : {&impl->unk, &impl->bos, &impl->eos, &impl->pad}) {
        const auto added = impl->addedTokenIds.find(token->content);
        const auto inVocab = impl->vocab.find(token->content);
        if (added != impl->addedTokenIds.end()) {
            token->id = added->second;
        } else if (inVocab != impl->vocab.end()) {
            token->id = inVocab->second;
        } else {
            const fs::path& file = token->definedIn.empty() ? vocabPath : token->definedIn;
            return fail(ErrorCode::InvalidConfig,
                        file.string() + ": special token \"" + token->content +
                            "\" is neither in vocab.json nor in added_tokens_decoder",
                        kReplaceFileRemedy);
        }
        impl->specialIds.insert(token->id);
    }

    // Byte-level alphabet and merges, as interned symbols.
    const std::array<char32_t, 256> byteToCodePoint = byteToCodePointTable();
    for (int byte = 0; byte < 256; ++byte) {
        std::string text;
        appendUtf8(byteToCodePoint[byte], text);
        impl->byteSymbol[byte] = impl->intern(text);
        impl->finalByteSymbol[byte] = impl->intern(text + std::string(kEndOfWord));
        impl->codePointToByte[byteToCodePoint[byte]] = static_cast<unsigned char>(byte);
    }
    impl->merges.reserve(mergeRules->size());
    for (std::size_t rank = 0; rank < mergeRules->size(); ++rank) {
        const MergeRule& rule = (*mergeRules)[rank];
        const uint32_t first = impl->intern(rule.first);
        const uint32_t second = impl->intern(rule.second);
        const uint32_t result = impl->intern(rule.first + rule.second);
        // A repeated pair keeps its last rank, as the reference's dict does.
        impl->merges[Impl::pairKey(first, second)] = {static_cast<uint32_t>(rank), result};
    }
    impl->startOfTextSymbol = impl->intern(std::string(kStartOfTextLiteral));
    impl->endOfTextSymbol = impl->intern(std::string(kEndOfTextLiteral));

    // Added tokens and the special tokens are never split (PreTrainedTokenizer's trie). Their
    // lstrip/rstrip flags need no handling: the whitespace they would strip is dropped by the
    // BasicTokenizer cleanup anyway. single_word (unused by CLIP) is not supported.
    std::unordered_set<std::string> neverSplit;
    for (const auto& [content, id] : impl->addedTokenIds)
        neverSplit.insert(content);
    for (const Impl::SpecialToken* token : {&impl->bos, &impl->eos, &impl->pad, &impl->unk})
        neverSplit.insert(token->content);
    for (const std::string& content : neverSplit)
        impl->addedTokens.push_back({decodeUtf8(content), impl->intern(content)});
    std::sort(impl->addedTokens.begin(), impl->addedTokens.end(),
              [](const Impl::AddedToken& a, const Impl::AddedToken& b) {
                  return a.content.size() != b.content.size() ? a.content.size() > b.content.size()
                                                              : a.content < b.content;
              });

    impl->symbolId.reserve(impl->symbolText.size());
    for (const std::string& text : impl->symbolText)
        impl->symbolId.push_back(impl->tokenToId(text));
    impl->symbolIndex.clear();  // only needed while loading

    return CLIPTokenizer(std::move(impl));
}

// ---- Public API ----

CLIPTokenizer::CLIPTokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CLIPTokenizer::CLIPTokenizer(CLIPTokenizer&&) noexcept = default;
CLIPTokenizer& CLIPTokenizer::operator=(CLIPTokenizer&&) noexcept = default;
CLIPTokenizer::~CLIPTokenizer() = default;

TokenizedPrompt CLIPTokenizer::encode(const std::string& utf8) const {
    return encode(utf8, impl_->modelMaxLength);
}

TokenizedPrompt CLIPTokenizer::encode(const std::string& utf8, int maxLength) const {
    if (maxLength < 2) {
        throw std::invalid_argument("CLIPTokenizer::encode: maxLength " +
                                    std::to_string(maxLength) + " leaves no room for BOS and EOS");
    }
    const std::vector<uint32_t> symbols = impl_->tokenize(utf8);
    const std::size_t room = static_cast<std::size_t>(maxLength) - 2;
    const std::size_t kept = std::min(symbols.size(), room);

    TokenizedPrompt prompt;
    prompt.tokenCount = static_cast<int>(symbols.size());
    prompt.truncatedTokens = static_cast<int>(symbols.size() - kept);
    prompt.ids.reserve(static_cast<std::size_t>(maxLength));
    prompt.ids.push_back(impl_->bos.id);
    for (std::size_t k = 0; k < kept; ++k)
        prompt.ids.push_back(impl_->symbolId[symbols[k]]);
    prompt.ids.push_back(impl_->eos.id);
    prompt.attentionMask.assign(prompt.ids.size(), 1);
    prompt.ids.resize(static_cast<std::size_t>(maxLength), impl_->pad.id);
    prompt.attentionMask.resize(static_cast<std::size_t>(maxLength), 0);

    if (kept < symbols.size()) {
        std::vector<int64_t> dropped;
        dropped.reserve(symbols.size() - kept);
        for (std::size_t k = kept; k < symbols.size(); ++k)
            dropped.push_back(impl_->symbolId[symbols[k]]);
        prompt.truncatedText = impl_->decode(dropped, /*skipSpecialTokens=*/true);
    }
    return prompt;
}

std::vector<std::string> CLIPTokenizer::bpeTokens(const std::string& utf8) const {
    const std::vector<uint32_t> symbols = impl_->tokenize(utf8);
    std::vector<std::string> tokens;
    tokens.reserve(symbols.size());
    for (const uint32_t symbol : symbols)
        tokens.push_back(impl_->symbolText[symbol]);
    return tokens;
}

std::string CLIPTokenizer::decode(const std::vector<int64_t>& ids, bool skipSpecialTokens) const {
    return impl_->decode(ids, skipSpecialTokens);
}

int CLIPTokenizer::modelMaxLength() const {
    return impl_->modelMaxLength;
}
int64_t CLIPTokenizer::bosTokenId() const {
    return impl_->bos.id;
}
int64_t CLIPTokenizer::eosTokenId() const {
    return impl_->eos.id;
}
int64_t CLIPTokenizer::padTokenId() const {
    return impl_->pad.id;
}
int64_t CLIPTokenizer::unkTokenId() const {
    return impl_->unk.id;
}
std::size_t CLIPTokenizer::vocabSize() const {
    return impl_->vocab.size();
}

}  // namespace kinora::model
