// The text side of transformers' CLIPTokenizer as it runs without ftfy: UTF-8 with Python's
// replacement rule, the character classes BERT's BasicTokenizer and Python's str methods use, the
// per-word normalisation (NFC, then lower case) and CLIP's pre-tokenisation pattern. ICU provides
// the Unicode tables; nothing here knows the vocabulary or the merges.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kinora::model::clip_text {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;
// CLIP's pattern matches these literally and its BPE returns them unchanged (no "</w>").
inline constexpr std::string_view kStartOfTextLiteral = "<|startoftext|>";
inline constexpr std::string_view kEndOfTextLiteral = "<|endoftext|>";

// Decodes UTF-8, replacing each maximal invalid subsequence by U+FFFD (Unicode's recommended
// practice, which Python's decode(errors="replace") follows).
std::u32string decodeUtf8(std::string_view bytes);
void appendUtf8(char32_t codePoint, std::string& out);
std::string encodeUtf8(std::u32string_view text);

// BasicTokenizer's _is_whitespace: the four ASCII blanks and category Zs.
bool isBertWhitespace(char32_t codePoint);
// BasicTokenizer's _is_control: any category C* (Cc, Cf, Cs, Co, Cn) except tab, newline, return.
bool isBertControl(char32_t codePoint);
// Python's str.isspace (what str.split() splits on): category Zs or bidirectional class WS, B, S.
bool isPythonSpace(char32_t codePoint);
// BasicTokenizer's _is_chinese_char: the CJK Unified Ideographs blocks it lists (not kana/hangul).
bool isCjkIdeograph(char32_t codePoint);

// unicodedata.normalize("NFC") and then str.lower(): ICU's full lower-case mapping with the root
// locale (SpecialCasing's unconditional rules and the final sigma), as Python's. Throws
// std::length_error for a word too long for ICU, std::runtime_error when ICU fails.
void normalizeWord(std::u32string& word);

// Length of the match of
//   <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
// at the start of `rest`, 0 when nothing matches there. The alternatives are tried in order, as the
// regex engine does. `rest` is part of one whitespace-free word, so \s never occurs in it.
std::size_t patternMatchLength(std::u32string_view rest);

}  // namespace kinora::model::clip_text
