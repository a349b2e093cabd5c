#include "facade/PromptLinter.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

#include "facade/Logging.h"
#include "facade/MotionKeywords.h"

namespace kinora {

namespace {

struct Message {
    QString english;
    QString chinese;

    // %1: the offending text; %2: the rule's extra (a phrase, a count).
    QString format(bool inChinese, const QString& text, const QString& extra = {}) const {
        QString message = inChinese && !chinese.isEmpty() ? chinese : english;
        return message.replace(QLatin1String("%1"), text).replace(QLatin1String("%2"), extra);
    }
};

struct Rule {
    Severity severity = Severity::Warning;
    Severity otherSeverity = Severity::Warning;  // the rule's second case, where it has one
    Message message;
    Message otherMessage;
};

struct Pattern {
    QRegularExpression match;
    QString replace;
};

struct Pair {
    QRegularExpression first;
    QRegularExpression second;
};

struct CameraMove {
    QRegularExpression match;
    bool needsCameraWord = false;
    QRegularExpression directions;
    QString defaultDirection;
};

struct Span {
    int start = 0;
    int end = 0;

    bool overlaps(const Span& other) const { return start < other.end && other.start < end; }
};

bool overlapsAny(const Span& span, const QList<Span>& spans) {
    return std::any_of(spans.begin(), spans.end(), [&](const Span& s) { return s.overlaps(span); });
}

constexpr auto kPatternOptions =
    QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption;

// The rules file, parsed and compiled once.
struct Rules {
    QString fallbackMotion;
    Rule nonEnglish, tooLong, contradiction, vague, abstract, cameraDirection, cameraSpeed,
        noMotion;
    int maxTokens = 75;
    QList<Pattern> contradictionPatterns;
    QList<Pair> contradictionPairs;
    QList<Pattern> vaguePatterns;
    QList<Pattern> abstractPatterns;
    QRegularExpression cameraWords;
    QList<CameraMove> cameraMoves;
    QRegularExpression speeds;
    QRegularExpression globalPacing;
    QString defaultSpeed;
    QString defaultSpeedAfterArticle;
    QRegularExpression motionTerms;
    QStringList problems;
};

std::optional<Severity> severityFromName(const QString& name) {
    for (Severity severity : {Severity::Info, Severity::Warning, Severity::Error})
        if (severityName(severity) == name)
            return severity;
    return std::nullopt;
}

// The regular forms of an English verb, generously: a form no one writes never matches.
QStringList verbForms(const QString& base) {
    QStringList forms{base, base + "s", base + "es", base + "ed", base + "d", base + "ing"};
    const QChar last = base.back();
    if (last == QLatin1Char('e'))
        forms << base.chopped(1) + "ing";
    if (last == QLatin1Char('y'))
        forms << base.chopped(1) + "ies" << base.chopped(1) + "ied";
    // Doubled final consonant: pan -> panning, run -> running, nod -> nodded.
    if (!QStringLiteral("aeiouywx").contains(last))
        forms << base + last + "ing" << base + last + "ed";
    return forms;
}

QString phrasePattern(const QString& phrase) {
    return QRegularExpression::escape(phrase.simplified())
        .replace(QLatin1String("\\ "), QLatin1String("\\s+"));
}

Rules loadRules() {
    Rules rules;
    QFile file(QStringLiteral(":/kinora/prompt_rules.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        rules.problems << QStringLiteral("the prompt rules are missing from the binary");
        return rules;
    }
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    if (root.isEmpty()) {
        rules.problems << QStringLiteral("prompt_rules.json: %1").arg(parseError.errorString());
        return rules;
    }
    rules.fallbackMotion = root.value("fallback_motion").toString();
    if (!MotionKeywords::builtIn().find(rules.fallbackMotion)) {
        rules.problems << QStringLiteral(
                              "fallback_motion \"%1\" is not in the motion keyword "
                              "library")
                              .arg(rules.fallbackMotion);
    }

    QHash<QString, QJsonObject> byId;
    for (const auto& value : root.value("rules").toArray())
        byId.insert(value.toObject().value("id").toString(), value.toObject());
    const auto compile = [&](const QString& id, const QString& pattern) {
        QRegularExpression expression(pattern, kPatternOptions);
        if (!expression.isValid()) {
            rules.problems << QStringLiteral("rule %1: the pattern \"%2\" is invalid: %3")
                                  .arg(id, pattern, expression.errorString());
        }
        return expression;
    };
    const auto message = [](const QJsonValue& value) {
        return Message{value.toObject().value("en").toString(),
                       value.toObject().value("zh").toString()};
    };
    const auto rule = [&](const char* id, const char* otherSeverityKey = nullptr,
                          const char* otherMessageKey = nullptr) {
        Rule result;
        const QJsonObject json = byId.value(QLatin1String(id));
        if (json.isEmpty()) {
            rules.problems << QStringLiteral("rule %1 is missing").arg(id);
            return result;
        }
        const auto severity = severityFromName(json.value("severity").toString());
        if (!severity)
            rules.problems << QStringLiteral("rule %1: unknown severity").arg(id);
        result.severity = severity.value_or(Severity::Warning);
        result.otherSeverity = result.severity;
        if (otherSeverityKey) {
            const auto other = severityFromName(json.value(otherSeverityKey).toString());
            if (!other)
                rules.problems << QStringLiteral("rule %1: unknown %2").arg(id, otherSeverityKey);
            result.otherSeverity = other.value_or(result.severity);
        }
        result.message = message(json.value("message"));
        if (result.message.english.isEmpty())
            rules.problems << QStringLiteral("rule %1 has no English message").arg(id);
        if (otherMessageKey)
            result.otherMessage = message(json.value(otherMessageKey));
        return result;
    };
    const auto patterns = [&](const char* id) {
        QList<Pattern> result;
        for (const auto& value : byId.value(QLatin1String(id)).value("patterns").toArray()) {
            const QJsonObject json = value.toObject();
            result.append({compile(QLatin1String(id), json.value("match").toString()),
                           json.value("replace").toString()});
        }
        return result;
    };

    rules.nonEnglish = rule("non-english", "severity_whole_prompt");
    rules.tooLong = rule("too-long");
    rules.maxTokens = byId.value("too-long").value("max_tokens").toInt(75);
    rules.contradiction = rule("contradiction");
    rules.contradictionPatterns = patterns("contradiction");
    for (const auto& value : byId.value("contradiction").value("pairs").toArray()) {
        rules.contradictionPairs.append(
            {compile("contradiction", value.toObject().value("first").toString()),
             compile("contradiction", value.toObject().value("second").toString())});
    }
    rules.vague = rule("vague-motion");
    rules.vaguePatterns = patterns("vague-motion");
    rules.abstract = rule("abstract-words", "severity_with_motion", "message_with_motion");
    rules.abstractPatterns = patterns("abstract-words");

    rules.cameraDirection = rule("camera-direction");
    const QJsonObject direction = byId.value("camera-direction");
    rules.cameraWords = compile("camera-direction", direction.value("camera_words").toString());
    for (const auto& value : direction.value("moves").toArray()) {
        const QJsonObject json = value.toObject();
        rules.cameraMoves.append({compile("camera-direction", json.value("match").toString()),
                                  json.value("needs_camera_word").toBool(),
                                  compile("camera-direction", json.value("directions").toString()),
                                  json.value("default_direction").toString()});
    }
    rules.cameraSpeed = rule("camera-speed");
    const QJsonObject speed = byId.value("camera-speed");
    rules.speeds = compile("camera-speed", speed.value("speeds").toString());
    rules.globalPacing = compile("camera-speed", speed.value("global_pacing").toString());
    rules.defaultSpeed = speed.value("default_speed").toString();
    rules.defaultSpeedAfterArticle = speed.value("default_speed_after_article").toString();

    // Motion vocabulary: the verbs' forms, the listed phrases, and every phrase of the keyword
    // library that names a motion.
    rules.noMotion = rule("no-motion");
    const QJsonObject noMotion = byId.value("no-motion");
    QStringList terms;
    for (const auto& verb : noMotion.value("verbs").toArray())
        for (const auto& form : verbForms(verb.toString()))
            terms << QRegularExpression::escape(form);
    for (const auto& verb : noMotion.value("ing_only").toArray()) {
        const QString base = verb.toString();
        terms << QRegularExpression::escape(base + "ing");
        if (base.endsWith(QLatin1Char('e')))
            terms << QRegularExpression::escape(base.chopped(1) + "ing");
        terms << QRegularExpression::escape(base + base.back() + "ing");
    }
    for (const auto& form : noMotion.value("irregular").toArray())
        terms << QRegularExpression::escape(form.toString());
    for (const auto& phrase : noMotion.value("phrases").toArray())
        terms << phrasePattern(phrase.toString());
    for (const auto& keyword : MotionKeywords::builtIn().all()) {
        if (keyword.kind == MotionKind::CameraMove || keyword.kind == MotionKind::SubjectAction ||
            keyword.kind == MotionKind::Time)
            terms << phrasePattern(keyword.english);
    }
    terms.removeDuplicates();
    rules.motionTerms = compile("no-motion", "\\b(?:" + terms.join('|') + ")\\b");
    return rules;
}

const Rules& rules() {
    static const Rules loaded = [] {
        Rules r = loadRules();
        for (const auto& problem : r.problems)
            qCCritical(lcPipeline) << "prompt rules:" << problem;
        return r;
    }();
    return loaded;
}

// Commas, spaces and connectors left over after a phrase was removed or replaced.
QString tidy(QString text) {
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    static const QRegularExpression spaceBeforePunctuation(QStringLiteral("\\s+([,.;:!?])"));
    static const QRegularExpression repeatedSeparators(QStringLiteral("([,;])(?:\\s*[,;])+"));
    static const QRegularExpression danglingConnector(
        QStringLiteral("\\b(?:and|with|or|then)\\s*(?=[,.;]|$)"), kPatternOptions);
    static const QRegularExpression leadingConnector(
        QStringLiteral("(^|[,;]\\s*)(?:and|with|or|then)\\b\\s*(?=[,;]|$)"), kPatternOptions);
    static const QRegularExpression spaceAfterSeparator(QStringLiteral("([,;])(?=\\S)"));
    static const QRegularExpression edges(QStringLiteral("^[\\s,;]+|[\\s,;]+$"));
    for (int pass = 0; pass < 2; ++pass) {
        text.replace(spaces, QStringLiteral(" "));
        text.replace(spaceBeforePunctuation, QStringLiteral("\\1"));
        text.replace(danglingConnector, QString());
        text.replace(leadingConnector, QStringLiteral("\\1"));
        text.replace(repeatedSeparators, QStringLiteral("\\1"));
        text.replace(spaceAfterSeparator, QStringLiteral("\\1 "));
        text.replace(edges, QString());
    }
    return text;
}

// `a` or `an` to suit the word now following the article that ends `left`.
QString fixArticle(const QString& left, const QString& right) {
    static const QRegularExpression article(QStringLiteral("(?:^|\\s)([Aa]n?)\\s*$"));
    const auto match = article.match(left);
    const QString next = right.trimmed();
    if (!match.hasMatch() || next.isEmpty() || !next.front().isLetter())
        return left;
    const bool vowel = QStringLiteral("aeiouAEIOU").contains(next.front());
    const QString wanted = match.captured(1).left(1) + (vowel ? QStringLiteral("n") : QString());
    return left.left(match.capturedStart(1)) + wanted + left.mid(match.capturedEnd(1));
}

// The prompt with [start, start + length) replaced, tidied; the capital of a first letter kept.
QString rewrite(const QString& prompt, int start, int length, const QString& replacement) {
    const QString right = replacement + prompt.mid(start + length);
    QString text = tidy(fixArticle(prompt.left(start), right) + right);
    if (!text.isEmpty() && !prompt.trimmed().isEmpty() && prompt.trimmed().front().isUpper())
        text[0] = text[0].toUpper();
    return text;
}

// `text` with a motion phrase appended as its own clause.
QString withMotion(const QString& text, const QString& motion) {
    static const QRegularExpression finalStop(QStringLiteral("[.!?]+$"));
    const QString base = tidy(tidy(text).remove(finalStop));
    return base.isEmpty() ? motion : base + QStringLiteral(", ") + motion;
}

// The clause around [start, end): up to the nearest separators.
Span clauseAround(const QString& text, int start, int end) {
    static const QString separators = QStringLiteral(",.;:!?\n");
    int from = start;
    while (from > 0 && !separators.contains(text[from - 1]))
        --from;
    int to = end;
    while (to < text.size() && !separators.contains(text[to]))
        ++to;
    return {from, to};
}

// Text after `end` in the clause, at most `words` words.
QString wordsAfter(const QString& text, int end, int clauseEnd, int words) {
    const QStringList parts =
        text.mid(end, clauseEnd - end).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return parts.mid(0, words).join(QLatin1Char(' '));
}

bool precededByArticle(const QString& text, int start) {
    static const QRegularExpression article(QStringLiteral("\\b(?:a|an|the)\\s+$"),
                                            kPatternOptions);
    return article.match(text.left(start)).hasMatch();
}

// Letters of a script the English-trained encoder cannot read.
bool isForeignLetter(char32_t ucs4) {
    if (!QChar::isLetterOrNumber(ucs4))
        return false;
    const QChar::Script script = QChar::script(ucs4);
    return script != QChar::Script_Latin && script != QChar::Script_Common &&
           script != QChar::Script_Inherited;
}

bool isLatinLetter(char32_t ucs4) {
    return QChar::isLetter(ucs4) && QChar::script(ucs4) == QChar::Script_Latin;
}

// Runs of foreign text: from a foreign letter to the last one before a Latin letter, across the
// spaces, digits and punctuation between them.
QList<Span> foreignRuns(const QString& text, bool* hasLatin) {
    QList<Span> runs;
    *hasLatin = false;
    std::optional<Span> current;
    for (int i = 0; i < text.size();) {
        char32_t ucs4 = text[i].unicode();
        int width = 1;
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            ucs4 = QChar::surrogateToUcs4(text[i], text[i + 1]);
            width = 2;
        }
        if (isForeignLetter(ucs4)) {
            if (current)
                current->end = i + width;
            else
                current = Span{i, i + width};
        } else if (isLatinLetter(ucs4)) {
            *hasLatin = true;
            if (current)
                runs.append(*current);
            current.reset();
        }
        i += width;
    }
    if (current)
        runs.append(*current);
    return runs;
}

// The English phrases of the keyword library whose Chinese label or alias occurs in `text`, in
// order of appearance; longer labels win where they overlap.
QString translateFromChinese(const QString& text) {
    struct Hit {
        int start;
        int length;
        QString english;
        MotionKind kind;
    };
    QList<Hit> candidates;
    for (const auto& keyword : MotionKeywords::builtIn().all()) {
        for (const auto& label : QStringList{keyword.chinese} + keyword.chineseAliases) {
            for (int at = text.indexOf(label); at >= 0; at = text.indexOf(label, at + 1))
                candidates.append({at, int(label.size()), keyword.english, keyword.kind});
        }
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Hit& a, const Hit& b) { return a.length > b.length; });
    QList<Hit> chosen;
    for (const auto& hit : candidates) {
        const Span span{hit.start, hit.start + hit.length};
        const bool free = std::none_of(chosen.begin(), chosen.end(), [&](const Hit& other) {
            return span.overlaps({other.start, other.start + other.length});
        });
        if (free)
            chosen.append(hit);
    }
    std::sort(chosen.begin(), chosen.end(),
              [](const Hit& a, const Hit& b) { return a.start < b.start; });
    // A speed reads as part of the phrase after it ("slowly turning head"), the rest as clauses.
    QString english;
    for (int i = 0; i < chosen.size(); ++i) {
        if (i > 0)
            english += chosen[i - 1].kind == MotionKind::Speed ? QStringLiteral(" ")
                                                               : QStringLiteral(", ");
        english += chosen[i].english;
    }
    return english;
}

class Linter {
public:
    Linter(const QString& prompt, const PromptLintOptions& options)
        : prompt_(prompt),
          rules_(rules()),
          chinese_(options.language.startsWith(QLatin1String("zh"))),
          options_(options) {}

    QList<Finding> run() {
        if (prompt_.trimmed().isEmpty())
            return {};
        checkForeignText();
        checkLength();
        checkContradictions();
        checkVagueMotion();
        checkAbstractWords();
        checkCameraMoves();
        checkNoMotion();
        std::stable_sort(findings_.begin(), findings_.end(),
                         [](const Finding& a, const Finding& b) { return a.start < b.start; });
        return findings_;
    }

private:
    void add(const QString& rule, Severity severity, const Span& span, const QString& message,
             const QString& suggestion) {
        Finding finding;
        finding.rule = rule;
        finding.severity = severity;
        finding.start = span.start;
        finding.length = span.end - span.start;
        finding.message = message;
        finding.suggestion = suggestion;
        findings_.append(finding);
    }

    QString text(const Span& span) const { return prompt_.mid(span.start, span.end - span.start); }

    // {motion} in a data file's replacement is the fallback motion phrase.
    QString expand(QString replacement) const {
        return replacement.replace(QLatin1String("{motion}"), rules_.fallbackMotion);
    }

    void checkForeignText() {
        bool hasLatin = false;
        for (const Span& run : foreignRuns(prompt_, &hasLatin)) {
            foreign_.append(run);
            const QString translation = translateFromChinese(text(run));
            QString suggestion = rewrite(prompt_, run.start, run.end - run.start, translation);
            if (suggestion.isEmpty())
                suggestion = rules_.fallbackMotion;
            add("non-english",
                hasLatin ? rules_.nonEnglish.severity : rules_.nonEnglish.otherSeverity, run,
                rules_.nonEnglish.message.format(chinese_, text(run)), suggestion);
        }
    }

    void checkLength() {
        if (!options_.tokenCount || !options_.truncatedText)
            return;
        const int count = options_.tokenCount(prompt_);
        if (count <= rules_.maxTokens)
            return;
        const QString kept = options_.truncatedText(prompt_);
        int cut = 0;
        while (cut < kept.size() && cut < prompt_.size() && kept[cut] == prompt_[cut])
            ++cut;
        Span span{cut, int(prompt_.size())};
        while (span.start < span.end && prompt_[span.start].isSpace())
            ++span.start;
        while (span.end > span.start && prompt_[span.end - 1].isSpace())
            --span.end;
        if (span.start == span.end)
            return;
        add("too-long", rules_.tooLong.severity, span,
            rules_.tooLong.message.format(chinese_, text(span), QString::number(count)),
            tidy(prompt_.left(cut)));
    }

    void checkContradictions() {
        for (const auto& pattern : rules_.contradictionPatterns) {
            for (auto it = pattern.match.globalMatch(prompt_); it.hasNext();) {
                const auto match = it.next();
                const Span span{int(match.capturedStart()), int(match.capturedEnd())};
                QString replacement = match.captured();
                replacement.replace(pattern.match, pattern.replace);
                contradictions_.append(span);
                add("contradiction", rules_.contradiction.severity, span,
                    rules_.contradiction.message.format(chinese_, text(span)),
                    rewrite(prompt_, span.start, span.end - span.start, replacement));
            }
        }
        for (const auto& pair : rules_.contradictionPairs) {
            const auto first = pair.first.match(prompt_);
            const auto second = pair.second.match(prompt_);
            if (!first.hasMatch() || !second.hasMatch())
                continue;
            const Span a{int(first.capturedStart()), int(first.capturedEnd())};
            const Span b{int(second.capturedStart()), int(second.capturedEnd())};
            const Span span{std::min(a.start, b.start), std::max(a.end, b.end)};
            if (a.overlaps(b) || overlapsAny(span, contradictions_))
                continue;
            contradictions_.append(span);
            // Keep the one asked for first; drop the later one with the connector before it.
            static const QRegularExpression connector(
                QStringLiteral("(?:[,;]\\s*)?(?:\\b(?:and|then|but|or|while)\\s+)?$"),
                kPatternOptions);
            Span later = a.start < b.start ? b : a;
            later.start = int(connector.match(prompt_.left(later.start)).capturedStart());
            add("contradiction", rules_.contradiction.severity, span,
                rules_.contradiction.message.format(chinese_, text(span)),
                rewrite(prompt_, later.start, later.end - later.start, QString()));
        }
    }

    void checkVagueMotion() {
        for (const auto& pattern : rules_.vaguePatterns) {
            for (auto it = pattern.match.globalMatch(prompt_); it.hasNext();) {
                const auto match = it.next();
                const Span span{int(match.capturedStart()), int(match.capturedEnd())};
                if (overlapsAny(span, vague_) || overlapsAny(span, contradictions_))
                    continue;
                vague_.append(span);
                const QString replacement = expand(
                    pattern.replace.isEmpty() ? QStringLiteral("{motion}") : pattern.replace);
                add("vague-motion", rules_.vague.severity, span,
                    rules_.vague.message.format(chinese_, text(span), rules_.fallbackMotion),
                    rewrite(prompt_, span.start, span.end - span.start, replacement));
            }
        }
    }

    // Whether a motion is named outside the given spans (the ones that only pretend to).
    bool namesMotionOutside(const QList<Span>& excluded) const {
        for (auto it = rules_.motionTerms.globalMatch(prompt_); it.hasNext();) {
            const auto match = it.next();
            if (!overlapsAny({int(match.capturedStart()), int(match.capturedEnd())}, excluded))
                return true;
        }
        return false;
    }

    void checkAbstractWords() {
        QList<Span> spans;
        for (const auto& pattern : rules_.abstractPatterns) {
            for (auto it = pattern.match.globalMatch(prompt_); it.hasNext();) {
                const auto match = it.next();
                const Span span{int(match.capturedStart()), int(match.capturedEnd())};
                if (!overlapsAny(span, spans) && !overlapsAny(span, vague_))
                    spans.append(span);
            }
        }
        abstract_ = spans;
        const bool motion = namesMotionOutside(vague_ + abstract_);
        for (const Span& span : spans) {
            QString suggestion = rewrite(prompt_, span.start, span.end - span.start, QString());
            if (!motion)
                suggestion = withMotion(suggestion, rules_.fallbackMotion);
            add("abstract-words", motion ? rules_.abstract.otherSeverity : rules_.abstract.severity,
                span,
                (motion ? rules_.abstract.otherMessage : rules_.abstract.message)
                    .format(chinese_, text(span)),
                suggestion);
        }
    }

    void checkCameraMoves() {
        const bool pacedOverall = rules_.globalPacing.match(prompt_).hasMatch();
        QList<Span> seen;
        for (const auto& move : rules_.cameraMoves) {
            for (auto it = move.match.globalMatch(prompt_); it.hasNext();) {
                const auto match = it.next();
                const Span span{int(match.capturedStart()), int(match.capturedEnd())};
                if (overlapsAny(span, seen) || overlapsAny(span, contradictions_))
                    continue;
                const Span clause = clauseAround(prompt_, span.start, span.end);
                if (move.needsCameraWord && !rules_.cameraWords.match(text(clause)).hasMatch())
                    continue;
                seen.append(span);
                const bool hasDirection =
                    move.directions.match(wordsAfter(prompt_, span.end, clause.end, 4)).hasMatch();
                const bool hasSpeed = pacedOverall || rules_.speeds.match(text(clause)).hasMatch();
                if (hasDirection && hasSpeed)
                    continue;
                const QString speed = precededByArticle(prompt_, span.start)
                                          ? rules_.defaultSpeedAfterArticle
                                          : rules_.defaultSpeed;
                QString fixed = text(span);
                if (!hasDirection)
                    fixed += QLatin1Char(' ') + move.defaultDirection;
                if (!hasSpeed)
                    fixed = speed + QLatin1Char(' ') + fixed;
                const QString suggestion =
                    rewrite(prompt_, span.start, span.end - span.start, fixed);
                if (!hasDirection) {
                    add("camera-direction", rules_.cameraDirection.severity, span,
                        rules_.cameraDirection.message.format(chinese_, text(span), fixed),
                        suggestion);
                } else {
                    add("camera-speed", rules_.cameraSpeed.severity, span,
                        rules_.cameraSpeed.message.format(chinese_, text(span), fixed), suggestion);
                }
            }
        }
    }

    void checkNoMotion() {
        if (!foreign_.isEmpty() || !vague_.isEmpty() || namesMotionOutside(abstract_))
            return;
        Span span{0, int(prompt_.size())};
        while (prompt_[span.start].isSpace())
            ++span.start;
        while (prompt_[span.end - 1].isSpace())
            --span.end;
        // The evaluations go too: they are what stood in for the motion.
        QString kept = prompt_;
        for (auto it = abstract_.crbegin(); it != abstract_.crend(); ++it)
            kept = rewrite(kept, it->start, it->end - it->start, QString());
        const QString example = withMotion(kept, rules_.fallbackMotion);
        add("no-motion", rules_.noMotion.severity, span,
            rules_.noMotion.message.format(chinese_, text(span), example), example);
    }

    const QString& prompt_;
    const Rules& rules_;
    const bool chinese_;
    const PromptLintOptions& options_;
    QList<Finding> findings_;
    QList<Span> foreign_, contradictions_, vague_, abstract_;
};

}  // namespace

QList<Finding> lintPrompt(const QString& prompt, const PromptLintOptions& options) {
    return Linter(prompt, options).run();
}

QStringList promptRuleProblems() {
    return rules().problems;
}

}  // namespace kinora
