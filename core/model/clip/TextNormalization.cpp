// See TextNormalization.h for what each function mirrors in the reference.
#include "model/clip/TextNormalization.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

namespace kinora::model::clip_text {

namespace {

// Below U+0300 no character changes under NFC or combines with its neighbour (ICU's own fast path).
constexpr char32_t kFirstNfcSensitive = 0x300;

}  // namespace

// ---- UTF-8 ----

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

namespace {

uint32_t categoryMask(char32_t codePoint) {
    return U_GET_GC_MASK(static_cast<UChar32>(codePoint));
}

}  // namespace

bool isBertWhitespace(char32_t codePoint) {
    if (codePoint == ' ' || codePoint == '\t' || codePoint == '\n' || codePoint == '\r')
        return true;
    return codePoint >= 0x80 && (categoryMask(codePoint) & U_GC_ZS_MASK) != 0;
}

bool isBertControl(char32_t codePoint) {
    if (codePoint == '\t' || codePoint == '\n' || codePoint == '\r')
        return false;
    if (codePoint < 0x80)
        return codePoint < 0x20 || codePoint == 0x7F;
    return (categoryMask(codePoint) & U_GC_C_MASK) != 0;
}

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

bool isCjkIdeograph(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
           (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

namespace {

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

}  // namespace

// ---- Word normalisation: NFC, then Python's str.lower() ----

namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

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

}  // namespace kinora::model::clip_text
