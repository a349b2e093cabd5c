// Mirrors transformers' CLIPTokenizer (slow, without ftfy) and the parts of BasicTokenizer and
// PreTrainedTokenizer it runs through; see CLIPTokenizer.h for what is covered. The text rules are
// in TextNormalization, the merges in BytePairEncoding, the files in CLIPVocabulary: this unit
// joins them (added tokens cut out first, cleanup and pattern per word, BPE, ids, decoding).
#include "model/clip/CLIPTokenizer.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "model/clip/BytePairEncoding.h"
#include "model/clip/CLIPVocabulary.h"
#include "model/clip/TextNormalization.h"

namespace kinora::model {

namespace fs = std::filesystem;

struct CLIPTokenizer::Impl {
    struct AddedToken {
        std::u32string content;
        uint32_t symbol;
    };

    CLIPVocabulary vocabulary;
    std::optional<BytePairEncoding> bpe;
    std::vector<int64_t> symbolId;        // each BPE symbol's token id (added, vocab, then unk)
    std::vector<AddedToken> addedTokens;  // never split, longest first
    uint32_t startOfTextSymbol = 0;
    uint32_t endOfTextSymbol = 0;

    // PreTrainedTokenizer.tokenize: added tokens are cut out first, the text between them goes
    // through CLIPTokenizer._tokenize.
    std::vector<uint32_t> tokenize(const std::string& utf8) const {
        const std::u32string text = clip_text::decodeUtf8(utf8);
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
            if (codePoint == 0 || codePoint == clip_text::kReplacementCharacter ||
                clip_text::isBertControl(codePoint))
                continue;
            if (clip_text::isBertWhitespace(codePoint) || clip_text::isPythonSpace(codePoint)) {
                flush();
            } else if (clip_text::isCjkIdeograph(codePoint)) {
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
        clip_text::normalizeWord(word);
        const std::u32string_view view(word);
        std::string bytes;
        for (std::size_t position = 0; position < view.size();) {
            const std::size_t length = clip_text::patternMatchLength(view.substr(position));
            if (length == 0) {
                ++position;
                continue;
            }
            bytes.clear();
            for (std::size_t k = position; k < position + length; ++k)
                clip_text::appendUtf8(view[k], bytes);
            appendBpe(bytes, symbols);
            position += length;
        }
    }

    void appendBpe(const std::string& bytes, std::vector<uint32_t>& symbols) const {
        if (bytes == clip_text::kStartOfTextLiteral) {
            symbols.push_back(startOfTextSymbol);
            return;
        }
        if (bytes == clip_text::kEndOfTextLiteral) {
            symbols.push_back(endOfTextSymbol);
            return;
        }
        bpe->appendWord(bytes, symbols);
    }

    // PreTrainedTokenizer._decode with CLIPTokenizer.convert_tokens_to_string.
    std::string decode(const std::vector<int64_t>& ids, bool skipSpecialTokens) const {
        std::string bytes;
        for (const int64_t id : ids) {
            if (skipSpecialTokens && vocabulary.specialIds.count(id))
                continue;
            const auto token = vocabulary.idToToken.find(id);
            if (token == vocabulary.idToToken.end())
                continue;
            for (const char32_t codePoint : clip_text::decodeUtf8(token->second)) {
                if (const auto byte = bpe->byteOf(codePoint))
                    bytes.push_back(static_cast<char>(*byte));
                else
                    clip_text::appendUtf8(codePoint,
                                          bytes);  // not byte-level (an added token): keep as is
            }
        }
        std::string text = clip_text::encodeUtf8(clip_text::decodeUtf8(bytes));
        replaceAll(text, BytePairEncoding::kEndOfWord, " ");
        std::u32string stripped = clip_text::decodeUtf8(text);
        while (!stripped.empty() && clip_text::isPythonSpace(stripped.back()))
            stripped.pop_back();
        std::size_t leading = 0;
        while (leading < stripped.size() && clip_text::isPythonSpace(stripped[leading]))
            ++leading;
        text = clip_text::encodeUtf8(std::u32string_view(stripped).substr(leading));
        if (vocabulary.cleanUpTokenizationSpaces) {
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
    auto impl = std::make_unique<Impl>();
    auto vocabulary = CLIPVocabulary::load(directory);
    if (!vocabulary)
        return tl::unexpected(vocabulary.error());
    impl->vocabulary = std::move(*vocabulary);
    auto mergeRules = readMergeRules(directory / "merges.txt");
    if (!mergeRules)
        return tl::unexpected(mergeRules.error());
    BytePairEncoding& bpe = impl->bpe.emplace(*mergeRules, bpeCacheCapacity);
    impl->startOfTextSymbol = bpe.intern(std::string(clip_text::kStartOfTextLiteral));
    impl->endOfTextSymbol = bpe.intern(std::string(clip_text::kEndOfTextLiteral));

    // Added tokens and the special tokens are never split (PreTrainedTokenizer's trie). Their
    // lstrip/rstrip flags need no handling: the whitespace they would strip is dropped by the
    // BasicTokenizer cleanup anyway. single_word (unused by CLIP) is not supported.
    std::unordered_set<std::string> neverSplit;
    for (const auto& [content, id] : impl->vocabulary.addedTokenIds)
        neverSplit.insert(content);
    for (const SpecialToken* token : {&impl->vocabulary.bos, &impl->vocabulary.eos,
                                      &impl->vocabulary.pad, &impl->vocabulary.unk})
        neverSplit.insert(token->content);
    for (const std::string& content : neverSplit)
        impl->addedTokens.push_back({clip_text::decodeUtf8(content), bpe.intern(content)});
    std::sort(impl->addedTokens.begin(), impl->addedTokens.end(),
              [](const Impl::AddedToken& a, const Impl::AddedToken& b) {
                  return a.content.size() != b.content.size() ? a.content.size() > b.content.size()
                                                              : a.content < b.content;
              });

    impl->symbolId.reserve(bpe.symbolCount());
    for (uint32_t symbol = 0; symbol < bpe.symbolCount(); ++symbol)
        impl->symbolId.push_back(impl->vocabulary.tokenToId(bpe.symbolText(symbol)));
    bpe.finishLoading();

    return CLIPTokenizer(std::move(impl));
}

// ---- Public API ----

CLIPTokenizer::CLIPTokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CLIPTokenizer::CLIPTokenizer(CLIPTokenizer&&) noexcept = default;
CLIPTokenizer& CLIPTokenizer::operator=(CLIPTokenizer&&) noexcept = default;
CLIPTokenizer::~CLIPTokenizer() = default;

TokenizedPrompt CLIPTokenizer::encode(const std::string& utf8) const {
    return encode(utf8, impl_->vocabulary.modelMaxLength);
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
    prompt.ids.push_back(impl_->vocabulary.bos.id);
    for (std::size_t k = 0; k < kept; ++k)
        prompt.ids.push_back(impl_->symbolId[symbols[k]]);
    prompt.ids.push_back(impl_->vocabulary.eos.id);
    prompt.attentionMask.assign(prompt.ids.size(), 1);
    prompt.ids.resize(static_cast<std::size_t>(maxLength), impl_->vocabulary.pad.id);
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
        tokens.push_back(impl_->bpe->symbolText(symbol));
    return tokens;
}

std::string CLIPTokenizer::decode(const std::vector<int64_t>& ids, bool skipSpecialTokens) const {
    return impl_->decode(ids, skipSpecialTokens);
}

int CLIPTokenizer::modelMaxLength() const {
    return impl_->vocabulary.modelMaxLength;
}
int64_t CLIPTokenizer::bosTokenId() const {
    return impl_->vocabulary.bos.id;
}
int64_t CLIPTokenizer::eosTokenId() const {
    return impl_->vocabulary.eos.id;
}
int64_t CLIPTokenizer::padTokenId() const {
    return impl_->vocabulary.pad.id;
}
int64_t CLIPTokenizer::unkTokenId() const {
    return impl_->vocabulary.unk.id;
}
std::size_t CLIPTokenizer::vocabSize() const {
    return impl_->vocabulary.vocab.size();
}

}  // namespace kinora::model
