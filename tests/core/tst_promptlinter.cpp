// The prompt linter: the users' good prompts (PRODUCT_NOTES part 2) and every phrase of the
// keyword library pass without a single finding; each bad class is flagged by the right rule on
// the right span, and its suggested rewrite clears that rule; the over-long check shows where the
// encoder cuts (with a stand-in token counter, see tokenize below).
#include <QRegularExpression>
#include <QTest>

#include "facade/MotionKeywords.h"
#include "facade/PromptLinter.h"

using namespace kinora;

Q_DECLARE_METATYPE(kinora::Severity)

namespace {

QString describe(const QList<Finding>& findings) {
    QStringList lines;
    for (const auto& f : findings) {
        lines << QStringLiteral("%1 [%2] %3,%4: %5 -> %6")
                     .arg(f.rule, severityName(f.severity))
                     .arg(f.start)
                     .arg(f.length)
                     .arg(f.message, f.suggestion);
    }
    return lines.join('\n');
}

QList<Finding> withRule(const QList<Finding>& findings, const QString& rule) {
    QList<Finding> matching;
    for (const auto& finding : findings)
        if (finding.rule == rule)
            matching.append(finding);
    return matching;
}

// A stand-in for the CLIP tokenizer, which the real application wires in: one token per word and
// one per punctuation mark, as CLIP's pre-tokenizer splits them (CLIP's BPE can split a rare word
// further, so real counts are higher or equal).
const QRegularExpression kToken(QStringLiteral("[\\p{L}\\p{N}']+|[^\\s\\p{L}\\p{N}]"));

int countTokens(const QString& text) {
    int count = 0;
    for (auto it = kToken.globalMatch(text); it.hasNext(); it.next())
        ++count;
    return count;
}

QString keptByStandIn(const QString& text, int limit) {
    int count = 0;
    for (auto it = kToken.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        if (++count == limit)
            return text.left(match.capturedEnd());
    }
    return text;
}

PromptLintOptions standInTokenizer() {
    PromptLintOptions options;
    options.tokenCount = countTokens;
    options.truncatedText = [](const QString& text) { return keptByStandIn(text, 75); };
    return options;
}

}  // namespace

class TestPromptLinter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rulesFileLoadsCleanly() {
        QVERIFY2(promptRuleProblems().isEmpty(), qPrintable(promptRuleProblems().join('\n')));
    }

    void goodPromptsHaveNoFindings_data() {
        QTest::addColumn<QString>("prompt");
        // The users' good examples, verbatim.
        QTest::newRow("notes: pan") << "Camera slowly panning left, clouds drifting";
        QTest::newRow("notes: bloom") << "Flowers blooming in time-lapse, sunlight flickering";
        QTest::newRow("notes: head") << "Person turning head to the right, gentle breeze";
        // The formula subject + action + direction/speed + environment with library phrases.
        QTest::newRow("waves") << "Waves crashing on the rocks, camera slowly zooming in";
        QTest::newRow("cat") << "A cat sitting on a wooden floor, looking around curiously";
        QTest::newRow("snow")
            << "Snow falling gently over a quiet village, camera slowly tilting up";
        QTest::newRow("walk")
            << "Person walking forward through the forest, leaves falling, in slow motion";
        QTest::newRow("fire") << "Fire flickering in the fireplace, smoke rising slowly";
        QTest::newRow("zoom noun") << "A slow zoom in on the lighthouse, waves crashing";
        QTest::newRow("dog") << "A dog wagging its tail, camera steadily panning right";
        QTest::newRow("with time") << "Day turning into night over the city, time-lapse";
    }

    void goodPromptsHaveNoFindings() {
        QFETCH(QString, prompt);
        const auto findings = lintPrompt(prompt, standInTokenizer());
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    // The palette inserts these phrases: each must pass on its own, and its Chinese label must
    // translate back to it.
    void keywordLibraryPhrasesPass() {
        const auto keywords = MotionKeywords::builtIn().all();
        QVERIFY(keywords.size() >= 40);
        int motions = 0;
        for (const auto& keyword : keywords) {
            if (keyword.kind == MotionKind::Speed || keyword.kind == MotionKind::Direction)
                continue;
            ++motions;
            const auto findings = lintPrompt(keyword.english);
            QVERIFY2(findings.isEmpty(),
                     qPrintable(keyword.english + QLatin1Char('\n') + describe(findings)));
            const auto chinese = lintPrompt(keyword.chinese);
            QCOMPARE(chinese.size(), 1);
            QCOMPARE(chinese.front().rule, QStringLiteral("non-english"));
            QCOMPARE(chinese.front().suggestion, keyword.english);
        }
        QVERIFY(motions >= 30);
    }

    void badPromptsAreFlagged_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("span");
        QTest::addColumn<Severity>("severity");
        const auto row = [](const char* name, const QString& prompt, const char* rule,
                            const QString& span, Severity severity) {
            QTest::newRow(name) << prompt << QString::fromLatin1(rule) << span << severity;
        };
        // The users' bad examples (PRODUCT_NOTES part 2).
        row("make it dynamic", "Make it dynamic", "abstract-words", "Make it dynamic",
            Severity::Warning);
        row("beautiful scene", "beautiful scene", "abstract-words", "beautiful", Severity::Warning);
        row("beautiful scene: no motion", "beautiful scene", "no-motion", "beautiful scene",
            Severity::Warning);
        row("amazing motion", "amazing motion", "abstract-words", "amazing motion",
            Severity::Warning);
        row("nice photo: vague", "A nice photo with movement", "vague-motion", "with movement",
            Severity::Warning);
        row("nice photo: abstract", "A nice photo with movement", "abstract-words", "nice",
            Severity::Warning);
        row("something moving", "something moving", "vague-motion", "something moving",
            Severity::Warning);
        row("a little change", "a little change", "vague-motion", "a little change",
            Severity::Warning);
        row("zoom in and out", "Zoom in and out simultaneously", "contradiction",
            "Zoom in and out simultaneously", Severity::Warning);
        // More of each class.
        row("make it alive", "Make it alive", "abstract-words", "Make it alive", Severity::Warning);
        row("evaluation beside motion", "Stunning waves crashing on the shore", "abstract-words",
            "Stunning", Severity::Info);
        row("pan left then right", "Camera panning left, then panning right over the bay",
            "contradiction", "panning left, then panning right", Severity::Warning);
        row("fast in slow motion", "A fast car racing down the road in slow motion",
            "contradiction", "fast car racing down the road in slow motion", Severity::Warning);
        row("pan without direction", "Camera panning over the city at night", "camera-direction",
            "panning", Severity::Warning);
        row("zoom without direction", "Slow zoom on the old man's face, smiling",
            "camera-direction", "zoom", Severity::Warning);
        row("tilt without direction", "Camera tilting slowly, leaves falling", "camera-direction",
            "tilting", Severity::Warning);
        row("zoom without speed", "Camera zooming in on the flower", "camera-speed", "zooming",
            Severity::Info);
        row("no action", "A lake at dawn with mountains", "no-motion",
            "A lake at dawn with mountains", Severity::Warning);
        row("Chinese only", QStringLiteral("一只猫在草地上慢慢转头"), "non-english",
            QStringLiteral("一只猫在草地上慢慢转头"), Severity::Error);
        row("Chinese inside English", QStringLiteral("A cat in the garden, 向右转头"),
            "non-english", QStringLiteral("向右转头"), Severity::Warning);
        row("Japanese", QStringLiteral("猫がゆっくり歩く, camera slowly zooming in"), "non-english",
            QStringLiteral("猫がゆっくり歩く"), Severity::Warning);
        row("Cyrillic", QStringLiteral("Кот идёт"), "non-english", QStringLiteral("Кот идёт"),
            Severity::Error);
    }

    void badPromptsAreFlagged() {
        QFETCH(QString, prompt);
        QFETCH(QString, rule);
        QFETCH(QString, span);
        QFETCH(Severity, severity);
        const auto findings = lintPrompt(prompt, standInTokenizer());
        const auto matching = withRule(findings, rule);
        QVERIFY2(matching.size() == 1, qPrintable(describe(findings)));
        const Finding& finding = matching.front();
        QCOMPARE(prompt.mid(finding.start, finding.length), span);
        QCOMPARE(finding.severity, severity);
        if (rule != QLatin1String("no-motion"))
            QVERIFY(finding.message.contains(span));
        QVERIFY(!finding.suggestion.isEmpty());
        // The rewrite clears the rule it was offered for, and adds no warning of its own kind.
        const auto after = lintPrompt(finding.suggestion, standInTokenizer());
        QVERIFY2(withRule(after, rule).isEmpty(),
                 qPrintable(finding.suggestion + QLatin1Char('\n') + describe(after)));
    }

    void rewrites_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("suggestion");
        QTest::newRow("direction and speed") << "camera panning, birds flying"
                                             << "camera-direction"
                                             << "camera slowly panning left, birds flying";
        QTest::newRow("after an article") << "A zoom on the face"
                                          << "camera-direction"
                                          << "A slow zoom in on the face";
        QTest::newRow("keep one direction") << "Zoom in and out simultaneously"
                                            << "contradiction"
                                            << "Zoom in";
        QTest::newRow("drop the evaluation") << "A beautiful woman turning head to the right"
                                             << "abstract-words"
                                             << "A woman turning head to the right";
        QTest::newRow("article follows") << "An amazing sunset, clouds drifting"
                                         << "abstract-words"
                                         << "A sunset, clouds drifting";
        QTest::newRow("vague to concrete") << "A nice photo with movement"
                                           << "vague-motion"
                                           << "A nice photo, camera slowly zooming in";
        QTest::newRow("nothing left") << "Make it dynamic"
                                      << "abstract-words"
                                      << "camera slowly zooming in";
        QTest::newRow("no motion, evaluation dropped")
            << "Beautiful sunset over the sea"
            << "no-motion"
            << "Sunset over the sea, camera slowly zooming in";
        QTest::newRow("speed joins its action")
            << QStringLiteral("一只猫在草地上慢慢转头") << "non-english"
            << "slowly turning head to the right";
        QTest::newRow("add a motion") << "A lake at dawn."
                                      << "no-motion"
                                      << "A lake at dawn, camera slowly zooming in";
        QTest::newRow("translated")
            << QStringLiteral("A cat in the garden, 向右转头") << "non-english"
            << "A cat in the garden, turning head to the right";
        QTest::newRow("translated phrases")
            << QStringLiteral("海浪拍打，镜头缓慢推近") << "non-english"
            << "waves crashing, camera slowly zooming in";
    }

    void rewrites() {
        QFETCH(QString, prompt);
        QFETCH(QString, rule);
        QFETCH(QString, suggestion);
        const auto matching = withRule(lintPrompt(prompt), rule);
        QVERIFY2(matching.size() == 1, qPrintable(describe(lintPrompt(prompt))));
        QCOMPARE(matching.front().suggestion, suggestion);
    }

    // Spans are QString (UTF-16) indices: a character outside the BMP counts two.
    void spansCountUtf16CodeUnits() {
        const QString prompt = QStringLiteral("\U0001F431 walking, 向右转头");
        const auto findings = withRule(lintPrompt(prompt), QStringLiteral("non-english"));
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.front().start, 12);  // 2 (the emoji) + " walking, " (10)
        QCOMPARE(prompt.mid(findings.front().start, findings.front().length),
                 QStringLiteral("向右转头"));
    }

    void messagesInChinese() {
        PromptLintOptions options;
        options.language = QStringLiteral("zh_CN");
        const auto chinese = lintPrompt(QStringLiteral("something moving"), options);
        const auto english = lintPrompt(QStringLiteral("something moving"));
        QCOMPARE(chinese.size(), 1);
        QCOMPARE(english.size(), 1);
        QVERIFY(chinese.front().message.contains(QStringLiteral("模型")));
        QVERIFY(english.front().message.contains(QStringLiteral("the model")));
        QCOMPARE(chinese.front().suggestion, english.front().suggestion);  // English either way
    }

    // 100 words: the finding's span is exactly what the encoder drops.
    void overLongPromptShowsTheCut() {
        QStringList words = QStringLiteral(
                                "Camera slowly panning left across a wide valley "
                                "while clouds drift over the distant snowy peaks")
                                .split(QLatin1Char(' '));
        const QStringList filler = QStringLiteral(
                                       "under a pale morning sky with soft light on "
                                       "the green meadows and quiet rivers")
                                       .split(QLatin1Char(' '));
        for (int i = 0; words.size() < 100; ++i)
            words << filler[i % filler.size()];
        const QString prompt = words.join(QLatin1Char(' '));
        QCOMPARE(countTokens(prompt), 100);
        const auto findings = withRule(lintPrompt(prompt, standInTokenizer()), "too-long");
        QCOMPARE(findings.size(), 1);
        const Finding& finding = findings.front();
        const QString kept = words.mid(0, 75).join(QLatin1Char(' '));
        QCOMPARE(finding.start, int(kept.size()) + 1);
        QCOMPARE(prompt.mid(finding.start, finding.length), words.mid(75).join(QLatin1Char(' ')));
        QCOMPARE(finding.suggestion, kept);
        QVERIFY(finding.message.contains(QStringLiteral("100 tokens")));
        QCOMPARE(finding.severity, Severity::Warning);
    }

    void promptsWithinTheWindowAreNotCut() {
        QStringList words;
        for (int i = 0; i < 75; ++i)
            words << QStringLiteral("drifting");
        QVERIFY(withRule(lintPrompt(words.join(' '), standInTokenizer()), "too-long").isEmpty());
        words << QStringLiteral("clouds");
        QCOMPARE(withRule(lintPrompt(words.join(' '), standInTokenizer()), "too-long").size(), 1);
        // Without a tokenizer the check cannot run.
        QVERIFY(withRule(lintPrompt(words.join(' ')), "too-long").isEmpty());
    }

    void emptyPromptHasNoFindings() {
        QVERIFY(lintPrompt(QString()).isEmpty());
        QVERIFY(lintPrompt(QStringLiteral("  \n ")).isEmpty());
    }

    void findingsAreOrderedBySpan() {
        const auto findings =
            lintPrompt(QStringLiteral("Beautiful scene, something moving, camera panning"));
        QVERIFY(findings.size() >= 3);
        for (int i = 1; i < findings.size(); ++i)
            QVERIFY(findings[i - 1].start <= findings[i].start);
    }
};

QTEST_GUILESS_MAIN(TestPromptLinter)
#include "tst_promptlinter.moc"
