// CLIPTokenizer against the reference's golden/tokenizer_cases.json, plus broken tokenizer folders,
// invalid UTF-8, very long prompts, the BPE cache and concurrent use.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "common/Fixture.h"
#include "model/clip/CLIPTokenizer.h"
#include "model/runtime/Json.h"

using namespace kinora::model;

namespace {

QString fixtureTokenizerDir() {
    return kinora::test::fixtureDir() + "/tokenizer";
}

std::string withoutWhitespace(const std::string& text) {
    std::string out;
    for (const char c : text)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            out.push_back(c);
    return out;
}

// A prompt of ASCII letters and whitespace only: its decode is predictable without the vocabulary.
bool isLettersAndWhitespace(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '\t' ||
               c == '\n' || c == '\r';
    });
}

std::string lowerCollapsedWhitespace(const std::string& text) {
    std::string out;
    bool pendingSpace = false;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
            out.push_back(' ');
        pendingSpace = false;
        out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
    return out;
}

bool isValidUtf8(const std::string& text) {
    const QByteArray bytes = QByteArray::fromStdString(text);
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

std::vector<int64_t> toVector(const nlohmann::json& array) {
    return array.get<std::vector<int64_t>>();
}

template <typename T>
std::string itemText(const T& value) {
    if constexpr (std::is_same_v<T, std::string>)
        return '"' + value + '"';
    else
        return std::to_string(value);
}

// Empty when equal, else where the sequences first differ.
template <typename T>
std::string firstDifference(const std::vector<T>& actual, const std::vector<T>& expected) {
    if (actual == expected)
        return {};
    std::size_t i = 0;
    while (i < actual.size() && i < expected.size() && actual[i] == expected[i])
        ++i;
    const auto at = [i](const std::vector<T>& v) {
        return i < v.size() ? itemText(v[i]) : std::string("(end)");
    };
    return "sizes " + std::to_string(actual.size()) + " vs " + std::to_string(expected.size()) +
           ", first difference at " + std::to_string(i) + ": " + at(actual) + " vs expected " +
           at(expected);
}

#define COMPARE_SEQUENCES(actual, expected)                                    \
    do {                                                                       \
        const std::string difference_ = firstDifference((actual), (expected)); \
        QVERIFY2(difference_.empty(), difference_.c_str());                    \
    } while (false)

bool writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) >= 0;
}

}  // namespace

class TestCLIPTokenizer : public QObject {
    Q_OBJECT

    nlohmann::json golden_;
    std::optional<CLIPTokenizer> tokenizer_;

    const nlohmann::json& goldenCase(int index) const { return golden_.at("cases").at(index); }
    int goldenMaxLength() const { return golden_.at("model_max_length").get<int>(); }

    // One row per golden case; `onlyIf` filters them.
    template <typename Predicate>
    void addGoldenRows(Predicate onlyIf) {
        QTest::addColumn<int>("index");
        const auto& cases = golden_.at("cases");
        for (int i = 0; i < static_cast<int>(cases.size()); ++i) {
            if (!onlyIf(cases[i]))
                continue;
            const QString prompt = QString::fromStdString(cases[i].at("prompt").get<std::string>());
            QTest::addRow("%d: %s", i, qPrintable(prompt.left(40).simplified())) << i;
        }
    }

private Q_SLOTS:
    void initTestCase() {
        const auto golden =
            readJsonFile((kinora::test::goldenDir() + "/tokenizer_cases.json").toStdString());
        QVERIFY2(golden, golden ? "" : golden.error().describe().c_str());
        golden_ = *golden;
        QVERIFY(!golden_.at("cases").empty());
        auto tokenizer = CLIPTokenizer::load(kinora::test::fixtureDir().toStdString());
        QVERIFY2(tokenizer, tokenizer ? "" : tokenizer.error().describe().c_str());
        tokenizer_.emplace(std::move(*tokenizer));
    }

    void specialTokensMatchGolden() {
        QCOMPARE(tokenizer_->bosTokenId(), golden_.at("bos_token_id").get<int64_t>());
        QCOMPARE(tokenizer_->eosTokenId(), golden_.at("eos_token_id").get<int64_t>());
        QCOMPARE(tokenizer_->padTokenId(), golden_.at("pad_token_id").get<int64_t>());
        QCOMPARE(tokenizer_->modelMaxLength(), goldenMaxLength());
    }

    void goldenCase_data() {
        addGoldenRows([](const nlohmann::json&) { return true; });
    }

    void goldenCase() {
        QFETCH(int, index);
        const auto& expected = goldenCase(index);
        const std::string prompt = expected.at("prompt");
        const int untruncated = expected.at("num_ids_untruncated");

        const TokenizedPrompt encoded = tokenizer_->encode(prompt);
        COMPARE_SEQUENCES(encoded.ids, toVector(expected.at("input_ids")));
        COMPARE_SEQUENCES(encoded.attentionMask, toVector(expected.at("attention_mask")));
        COMPARE_SEQUENCES(tokenizer_->bpeTokens(prompt),
                          expected.at("bpe_tokens").get<std::vector<std::string>>());

        QCOMPARE(encoded.tokenCount + 2, untruncated);
        QCOMPARE(encoded.truncatedTokens, std::max(0, untruncated - goldenMaxLength()));
        QCOMPARE(encoded.truncatedTokens > 0, expected.at("truncated").get<bool>());
        QCOMPARE(encoded.truncatedText.empty(), encoded.truncatedTokens == 0);
    }

    // The cut-off text continues the kept text: together they decode to the untruncated prompt.
    void truncationIsConsistent_data() {
        addGoldenRows([](const nlohmann::json& c) { return c.at("truncated").get<bool>(); });
    }

    void truncationIsConsistent() {
        QFETCH(int, index);
        const auto& expected = goldenCase(index);
        const std::string prompt = expected.at("prompt");
        const int untruncated = expected.at("num_ids_untruncated");

        const TokenizedPrompt cut = tokenizer_->encode(prompt);
        const TokenizedPrompt whole = tokenizer_->encode(prompt, untruncated);
        QCOMPARE(whole.truncatedTokens, 0);
        QCOMPARE(int(whole.ids.size()), untruncated);
        const int kept = goldenMaxLength() - 2;
        QVERIFY(std::equal(cut.ids.begin() + 1, cut.ids.begin() + 1 + kept, whole.ids.begin() + 1));
        QCOMPARE(whole.ids.back(), tokenizer_->eosTokenId());

        const std::string keptText = tokenizer_->decode(cut.ids);
        QVERIFY(!cut.truncatedText.empty());
        QCOMPARE(withoutWhitespace(keptText + cut.truncatedText),
                 withoutWhitespace(tokenizer_->decode(whole.ids)));
    }

    void decodeRoundTrip_data() {
        addGoldenRows([](const nlohmann::json& c) {
            return !c.at("truncated").get<bool>() && isLettersAndWhitespace(c.at("prompt"));
        });
    }

    void decodeRoundTrip() {
        QFETCH(int, index);
        const std::string prompt = goldenCase(index).at("prompt");
        const TokenizedPrompt encoded = tokenizer_->encode(prompt);
        QCOMPARE(tokenizer_->decode(encoded.ids), lowerCollapsedWhitespace(prompt));

        // Without skipping, BOS, EOS and the padding come back as their text.
        const std::string withSpecials = tokenizer_->decode(encoded.ids, false);
        QVERIFY(withSpecials.size() > prompt.size());
        QVERIFY(withSpecials.find(lowerCollapsedWhitespace(prompt)) != std::string::npos);
    }

    void missingOptionalFilesKeepReferenceDefaults() {
        QTemporaryDir dir;
        QVERIFY(kinora::test::copyTree(fixtureTokenizerDir(), dir.path() + "/tokenizer"));
        QVERIFY(QFile::remove(dir.path() + "/tokenizer/tokenizer_config.json"));
        QVERIFY(QFile::remove(dir.path() + "/tokenizer/special_tokens_map.json"));
        auto bare = CLIPTokenizer::load(dir.path().toStdString());
        QVERIFY2(bare, bare ? "" : bare.error().describe().c_str());
        QCOMPARE(bare->modelMaxLength(), goldenMaxLength());
        for (const auto& c : golden_.at("cases"))
            COMPARE_SEQUENCES(bare->encode(c.at("prompt")).ids, toVector(c.at("input_ids")));
    }

    void configSetsModelMaxLength() {
        QTemporaryDir dir;
        QVERIFY(kinora::test::copyTree(fixtureTokenizerDir(), dir.path() + "/tokenizer"));
        const QString configPath = dir.path() + "/tokenizer/tokenizer_config.json";
        auto config = readJsonFile(configPath.toStdString());
        QVERIFY(config);
        const int shorter = goldenMaxLength() / 2;
        (*config)["model_max_length"] = shorter;
        QVERIFY(writeFile(configPath, QByteArray::fromStdString(config->dump())));
        auto tokenizer = CLIPTokenizer::load(dir.path().toStdString());
        QVERIFY2(tokenizer, tokenizer ? "" : tokenizer.error().describe().c_str());
        QCOMPARE(tokenizer->modelMaxLength(), shorter);
        const auto& longest =
            *std::max_element(golden_.at("cases").begin(), golden_.at("cases").end(),
                              [](const auto& a, const auto& b) {
                                  return a.at("num_ids_untruncated") < b.at("num_ids_untruncated");
                              });
        const TokenizedPrompt encoded = tokenizer->encode(longest.at("prompt"));
        QCOMPARE(int(encoded.ids.size()), shorter);
        QCOMPARE(encoded.truncatedTokens,
                 std::max(0, longest.at("num_ids_untruncated").get<int>() - shorter));
    }

    void badFolderNamesTheFile_data() {
        QTest::addColumn<QString>("file");      // in the tokenizer folder
        QTest::addColumn<QString>("damage");    // "remove", or the new content
        QTest::addColumn<QString>("mentions");  // what the error message must contain
        QTest::addColumn<int>("code");
        const int invalid = int(ErrorCode::InvalidConfig);
        const int missing = int(ErrorCode::FileNotFound);
        QTest::newRow("merges missing") << "merges.txt"
                                        << "remove"
                                        << "merges.txt" << missing;
        QTest::newRow("vocab missing") << "vocab.json"
                                       << "remove"
                                       << "vocab.json" << missing;
        QTest::newRow("vocab garbage") << "vocab.json"
                                       << "{not json"
                                       << "vocab.json" << invalid;
        QTest::newRow("vocab not an object") << "vocab.json"
                                             << "[1, 2]"
                                             << "vocab.json" << invalid;
        QTest::newRow("vocab id not a number") << "vocab.json"
                                               << R"({"a": "one"})"
                                               << "vocab.json" << invalid;
        QTest::newRow("merges line with three symbols") << "merges.txt"
                                                        << "#version: 0.2\ni n\nt h e\n"
                                                        << "merges.txt:3" << invalid;
        QTest::newRow("merges line with one symbol") << "merges.txt"
                                                     << "#version: 0.2\r\nin\r\n"
                                                     << "merges.txt:2" << invalid;
        QTest::newRow("tokenizer config garbage") << "tokenizer_config.json"
                                                  << "]"
                                                  << "tokenizer_config.json" << invalid;
        QTest::newRow("model_max_length too small") << "tokenizer_config.json"
                                                    << R"({"model_max_length": 1})"
                                                    << "tokenizer_config.json" << invalid;
        QTest::newRow("special token not in vocab") << "special_tokens_map.json"
                                                    << R"({"bos_token": "<|no such token|>"})"
                                                    << "special_tokens_map.json" << invalid;
        QTest::newRow("special token of wrong type") << "special_tokens_map.json"
                                                     << R"({"eos_token": 7})"
                                                     << "special_tokens_map.json" << invalid;
    }

    void badFolderNamesTheFile() {
        QFETCH(QString, file);
        QFETCH(QString, damage);
        QFETCH(QString, mentions);
        QFETCH(int, code);
        QTemporaryDir dir;
        QVERIFY(kinora::test::copyTree(fixtureTokenizerDir(), dir.path() + "/tokenizer"));
        const QString path = dir.path() + "/tokenizer/" + file;
        if (damage == "remove")
            QVERIFY(QFile::remove(path));
        else
            QVERIFY(writeFile(path, damage.toUtf8()));
        const auto tokenizer = CLIPTokenizer::load(dir.path().toStdString());
        QVERIFY(!tokenizer);
        const QString message = QString::fromStdString(tokenizer.error().describe());
        QVERIFY2(message.contains(mentions), qPrintable(message));
        QCOMPARE(int(tokenizer.error().code), code);
        QVERIFY(!tokenizer.error().remedy.empty());
    }

    void missingTokenizerFolder() {
        QTemporaryDir dir;
        const auto tokenizer = CLIPTokenizer::load(dir.path().toStdString());
        QVERIFY(!tokenizer);
        QCOMPARE(tokenizer.error().code, ErrorCode::FileNotFound);
        QVERIFY(QString::fromStdString(tokenizer.error().message).contains("tokenizer/vocab.json"));
    }

    // Invalid bytes become U+FFFD, which the cleanup drops: the prompt encodes as without them.
    void invalidUtf8IsSkipped_data() {
        QTest::addColumn<QByteArray>("invalid");
        QTest::addColumn<QByteArray>("equivalent");
        QTest::newRow("lone continuation byte")
            << QByteArray("a cat\x80 dog") << QByteArray("a cat dog");
        QTest::newRow("sequence cut at the end")
            << QByteArray("a photo\xe4\xb8") << QByteArray("a photo");
        QTest::newRow("overlong slash") << QByteArray(
                                               "a\xc0\xaf"
                                               "b")
                                        << QByteArray("ab");
        QTest::newRow("encoded surrogate") << QByteArray("x\xed\xa0\x80y") << QByteArray("xy");
        QTest::newRow("bytes never in UTF-8") << QByteArray("\xf5\xff cat") << QByteArray(" cat");
        QTest::newRow("lead byte before ASCII") << QByteArray("caf\xc3(e") << QByteArray("caf(e");
    }

    void invalidUtf8IsSkipped() {
        QFETCH(QByteArray, invalid);
        QFETCH(QByteArray, equivalent);
        const TokenizedPrompt encoded = tokenizer_->encode(invalid.toStdString());
        COMPARE_SEQUENCES(encoded.ids, tokenizer_->encode(equivalent.toStdString()).ids);
        COMPARE_SEQUENCES(tokenizer_->bpeTokens(invalid.toStdString()),
                          tokenizer_->bpeTokens(equivalent.toStdString()));
    }

    // Rules of the reference's cleanup and pattern, stated as pairs that must tokenise alike (so
    // they hold for any vocabulary). Cross-checked against a Python statement of the reference.
    void referenceRulesAsEquivalences_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("equivalent");
        QTest::newRow("lower case") << "A CAT, It'S"
                                    << "a cat, it's";
        QTest::newRow("NFC composes")
            << QString("A\u030Angstr\u00F6m") << QString("\u00E5ngstr\u00F6m");
        QTest::newRow("NFC singleton, then lower") << QString("\u212B") << QString("\u00E5");
        QTest::newRow("accents are kept, not stripped")
            << QString("\u00E9t\u00E9") << QString("e\u0301te\u0301");
        QTest::newRow("final sigma")
            << QString("\u039F\u0394\u039F\u03A3") << QString("\u03BF\u03B4\u03BF\u03C2");
        QTest::newRow("format character dropped") << QString("zero\u200Bwidth") << "zerowidth";
        QTest::newRow("vertical tab is a control, dropped") << "a\vb"
                                                            << "ab";
        QTest::newRow("tab, newline, return are spaces") << "a\tb\nc\r\nd"
                                                         << "a b c d";
        QTest::newRow("no-break and ideographic spaces") << QString("a\u00A0b\u3000c") << "a b c";
        QTest::newRow("line separator splits") << QString("a\u2028b") << "a b";
        QTest::newRow("spaces around CJK ideographs")
            << QString("\u732B\u5750x") << QString("\u732B \u5750 x");
        QTest::newRow("kana are not split") << QString("\u30AB\u30BF") << QString("\u30AB\u30BF");
        QTest::newRow("ypogegrammeni matches no alternative") << QString("x\u0345y") << "x y";
        QTest::newRow("special token in upper case") << "a <|ENDOFTEXT|> b"
                                                     << "a <|endoftext|> b";
        QTest::newRow("special token glued to words") << "a<|endoftext|>b"
                                                      << "a <|endoftext|> b";
    }

    void referenceRulesAsEquivalences() {
        QFETCH(QString, text);
        QFETCH(QString, equivalent);
        COMPARE_SEQUENCES(tokenizer_->bpeTokens(text.toStdString()),
                          tokenizer_->bpeTokens(equivalent.toStdString()));
    }

    // Each id of a multi-byte character decodes alone to a partial sequence: the result is still
    // valid UTF-8. Ids outside the vocabulary are skipped.
    void decodeAlwaysGivesValidUtf8() {
        for (const auto& c : golden_.at("cases")) {
            for (const int64_t id : toVector(c.at("input_ids"))) {
                const std::string text = tokenizer_->decode({id}, false);
                QVERIFY2(isValidUtf8(text), c.at("prompt").get<std::string>().c_str());
            }
        }
        const int64_t outside = static_cast<int64_t>(tokenizer_->vocabSize()) + 1000;
        QCOMPARE(tokenizer_->decode({-1, outside}), std::string());
    }

    void longPromptsDoNotBreak_data() {
        QTest::addColumn<QByteArray>("prompt");
        const int length = 10000;
        QByteArray words;
        while (words.size() < length)
            words += "word ";
        QByteArray randomBytes(length, '\0');
        uint32_t state = 12345;
        for (char& byte : randomBytes) {
            state = state * 1664525u + 1013904223u;
            byte = static_cast<char>(state >> 24);
        }
        QTest::newRow("repeated words") << words.left(length);
        QTest::newRow("one letter run") << QByteArray(length, 'a');
        QTest::newRow("one punctuation run") << QByteArray(length, '!');
        QTest::newRow("digit run") << QByteArray(length, '7');
        QTest::newRow("random bytes") << randomBytes;
        QTest::newRow("CJK run") << QString(length, QChar(0x732B)).toUtf8();
        QTest::newRow("accented letter run") << QString(length, QChar(0x00E9)).toUtf8();
        QTest::newRow("combining marks") << QString(length, QChar(0x0301)).toUtf8();
    }

    void longPromptsDoNotBreak() {
        QFETCH(QByteArray, prompt);
        const auto start = std::chrono::steady_clock::now();
        const TokenizedPrompt encoded = tokenizer_->encode(prompt.toStdString());
        const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
        qInfo("%d tokens in %.3f s", encoded.tokenCount, seconds.count());
        const int maxLength = tokenizer_->modelMaxLength();
        QCOMPARE(int(encoded.ids.size()), maxLength);
        QCOMPARE(int(encoded.attentionMask.size()), maxLength);
        QCOMPARE(encoded.ids.front(), tokenizer_->bosTokenId());
        QCOMPARE(encoded.truncatedTokens, std::max(0, encoded.tokenCount - (maxLength - 2)));
        const int kept = encoded.tokenCount - encoded.truncatedTokens;
        QCOMPARE(encoded.ids[kept + 1], tokenizer_->eosTokenId());
        QCOMPARE(std::count(encoded.attentionMask.begin(), encoded.attentionMask.end(), 1),
                 std::ptrdiff_t(kept + 2));
        QCOMPARE(encoded.truncatedText.empty(), encoded.truncatedTokens == 0);
        QVERIFY(isValidUtf8(encoded.truncatedText));
    }

    void maxLengthTooSmallThrows() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tokenizer_->encode("a", 1));
    }

    // The cache only saves work: no cache, a tiny one that keeps emptying, and the default one
    // give the same tokens, on first and repeated use.
    void cacheDoesNotChangeResults() {
        for (const std::size_t capacity : {std::size_t(0), std::size_t(3)}) {
            auto other = CLIPTokenizer::load(kinora::test::fixtureDir().toStdString(), capacity);
            QVERIFY(other);
            for (int pass = 0; pass < 2; ++pass) {
                for (const auto& c : golden_.at("cases")) {
                    const std::string prompt = c.at("prompt");
                    COMPARE_SEQUENCES(other->encode(prompt).ids, tokenizer_->encode(prompt).ids);
                    COMPARE_SEQUENCES(other->bpeTokens(prompt), tokenizer_->bpeTokens(prompt));
                }
            }
        }
    }

    void concurrentEncodeMatchesSequential() {
        auto shared = CLIPTokenizer::load(kinora::test::fixtureDir().toStdString(), 5);
        QVERIFY(shared);
        std::vector<std::string> prompts;
        std::vector<std::vector<int64_t>> expected;
        for (const auto& c : golden_.at("cases")) {
            prompts.push_back(c.at("prompt"));
            expected.push_back(toVector(c.at("input_ids")));
        }
        const int threadCount = 4;
        std::vector<int> mismatches(threadCount, 0);
        std::vector<std::thread> threads;
        for (int t = 0; t < threadCount; ++t) {
            threads.emplace_back([&, t] {
                for (int round = 0; round < 20; ++round)
                    for (std::size_t i = 0; i < prompts.size(); ++i)
                        if (shared->encode(prompts[(i + t) % prompts.size()]).ids !=
                            expected[(i + t) % prompts.size()])
                            ++mismatches[t];
            });
        }
        for (auto& thread : threads)
            thread.join();
        QCOMPARE(std::count(mismatches.begin(), mismatches.end(), 0), std::ptrdiff_t(threadCount));
    }
};

QTEST_GUILESS_MAIN(TestCLIPTokenizer)
#include "tst_cliptokenizer.moc"
