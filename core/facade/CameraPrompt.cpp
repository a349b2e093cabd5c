#include "facade/CameraPrompt.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <utility>

#include "facade/Logging.h"

namespace kinora {
namespace {

// What a word of the phrase table does in a prompt.
enum class Role {
    Verb,       // names a kind of move; needs a direction unless it has a default
    Direction,  // left, up, in, clockwise, ...
    Phrase,     // a whole move by itself ("推近", "zoom-in")
    Static,     // asks for no move
    Speed,
    Negation,  // drops the move right after it
    From,      // "from right to left"
    Camera,    // says the camera moves; no meaning of its own
    Filler,
    Boundary,  // ends a clause
    Other,     // looks like a move word but is not one ("slow motion", "摇晃")
    Unknown,   // not in the table
};

enum class Axis { Horizontal, Vertical, Depth, Roll };
constexpr int kAxisCount = 4;
// The verb kinds of the table: the move kinds plus "move", which takes its kind from the direction.
constexpr int kVerbKindCount = 6;
constexpr int kGenericMoveVerb = 5;

struct Entry {
    Role role = Role::Unknown;
    int verbKind = 0;                                 // Verb: a CameraMoveKind or kGenericMoveVerb
    std::optional<CameraDirection> defaultDirection;  // Verb
    CameraMoveKind kind = CameraMoveKind::Zoom;       // Phrase
    CameraDirection direction = CameraDirection::In;  // Direction, Phrase
    CameraSpeed speed = CameraSpeed::Medium;          // Speed
};

Entry entryOf(Role role) {
    Entry entry;
    entry.role = role;
    return entry;
}

struct Lexicon {
    QHash<QString, Entry> english;  // keys: lower-case words joined by single spaces
    int longestEnglish = 1;         // words
    QHash<QString, Entry> chinese;
    int longestChinese = 1;  // characters
    // The move a verb kind makes with a direction on an axis; none: the direction does not attach.
    std::array<std::array<std::optional<CameraMoveKind>, kAxisCount>, kVerbKindCount> moveFor;
    QStringList problems;
};

// A move's distance over the clip at each speed, relative to medium.
constexpr double kSlowFactor = 0.5;
constexpr double kFastFactor = 1.8;

const QStringList kKindNames = {"pan", "tilt", "zoom", "rotate", "dolly", "move"};
const QStringList kDirectionNames = {"left", "right", "up",        "down",
                                     "in",   "out",   "clockwise", "counter-clockwise"};
const QStringList kSpeedNames = {"slow", "medium", "fast"};
const QStringList kAxisNames = {"horizontal", "vertical", "depth", "roll"};

Axis axisOf(CameraDirection direction) {
    switch (direction) {
        case CameraDirection::Left:
        case CameraDirection::Right:
            return Axis::Horizontal;
        case CameraDirection::Up:
        case CameraDirection::Down:
            return Axis::Vertical;
        case CameraDirection::In:
        case CameraDirection::Out:
            return Axis::Depth;
        case CameraDirection::Clockwise:
        case CameraDirection::CounterClockwise:
            return Axis::Roll;
    }
    return Axis::Depth;
}

QString normalizedKey(const QString& text) {
    return text.normalized(QString::NormalizationForm_KC).toLower().simplified();
}

class LexiconLoader {
public:
    Lexicon load() {
        QFile file(QStringLiteral(":/kinora/camera_phrases.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            lexicon_.problems << QStringLiteral("the phrase table is missing from the binary");
            return std::move(lexicon_);
        }
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(file.readAll(), &error).object();
        if (error.error != QJsonParseError::NoError) {
            lexicon_.problems << QStringLiteral("camera_phrases.json: %1 at offset %2")
                                     .arg(error.errorString())
                                     .arg(error.offset);
            return std::move(lexicon_);
        }
        loadKinds(root.value("kinds").toObject());
        loadVerbs(root.value("verbs").toArray());
        for (const auto& value : root.value("directions").toArray()) {
            const QJsonObject group = value.toObject();
            Entry entry = entryOf(Role::Direction);
            if (!parseName(group.value("direction"), kDirectionNames, "direction", entry.direction))
                continue;
            addWords(group, entry, group.value("direction").toString());
        }
        for (const auto& value : root.value("phrases").toArray()) {
            const QJsonObject group = value.toObject();
            Entry entry = entryOf(Role::Phrase);
            if (!parseName(group.value("kind"), kKindNames.mid(0, 5), "kind", entry.kind) ||
                !parseName(group.value("direction"), kDirectionNames, "direction", entry.direction))
                continue;
            if (!lexicon_.moveFor[int(entry.kind)][int(axisOf(entry.direction))]) {
                lexicon_.problems << QStringLiteral(
                                         "phrase '%1 %2' names a direction the kind "
                                         "does not take")
                                         .arg(group.value("kind").toString(),
                                              group.value("direction").toString());
                continue;
            }
            addWords(group, entry, QStringLiteral("phrases"));
        }
        for (const auto& value : root.value("speeds").toArray()) {
            const QJsonObject group = value.toObject();
            Entry entry = entryOf(Role::Speed);
            if (!parseName(group.value("speed"), kSpeedNames, "speed", entry.speed))
                continue;
            addWords(group, entry, group.value("speed").toString());
        }
        const std::pair<const char*, Role> wordLists[] = {
            {"static", Role::Static},   {"negations", Role::Negation},
            {"from_words", Role::From}, {"camera_words", Role::Camera},
            {"fillers", Role::Filler},  {"boundaries", Role::Boundary},
            {"others", Role::Other},
        };
        for (const auto& [key, role] : wordLists)
            addWords(root.value(QLatin1String(key)).toObject(), entryOf(role), QLatin1String(key));
        return std::move(lexicon_);
    }

private:
    template <typename Enum>
    bool parseName(const QJsonValue& value, const QStringList& names, const char* what, Enum& out) {
        const int index = names.indexOf(value.toString());
        if (index < 0) {
            lexicon_.problems
                << QStringLiteral("unknown %1 '%2'").arg(QLatin1String(what), value.toString());
            return false;
        }
        out = Enum(index);
        return true;
    }

    void loadKinds(const QJsonObject& kinds) {
        for (int verb = 0; verb < kVerbKindCount; ++verb) {
            const QJsonObject axes = kinds.value(kKindNames[verb]).toObject();
            if (axes.isEmpty())
                lexicon_.problems
                    << QStringLiteral("kinds: no entry for '%1'").arg(kKindNames[verb]);
            for (auto it = axes.begin(); it != axes.end(); ++it) {
                Axis axis{};
                CameraMoveKind kind{};
                if (parseName(it.key(), kAxisNames, "axis", axis) &&
                    parseName(it.value(), kKindNames.mid(0, 5), "kind", kind))
                    lexicon_.moveFor[verb][int(axis)] = kind;
            }
        }
    }

    void loadVerbs(const QJsonArray& groups) {
        for (const auto& value : groups) {
            const QJsonObject group = value.toObject();
            Entry entry = entryOf(Role::Verb);
            if (!parseName(group.value("kind"), kKindNames, "kind", entry.verbKind))
                continue;
            if (group.contains("default")) {
                CameraDirection direction{};
                if (!parseName(group.value("default"), kDirectionNames, "direction", direction))
                    continue;
                if (entry.verbKind == kGenericMoveVerb ||
                    lexicon_.moveFor[entry.verbKind][int(axisOf(direction))] !=
                        CameraMoveKind(entry.verbKind)) {
                    lexicon_.problems
                        << QStringLiteral("verb kind '%1' cannot default to '%2'")
                               .arg(kKindNames[entry.verbKind], group.value("default").toString());
                    continue;
                }
                entry.defaultDirection = direction;
            }
            addWords(group, entry, kKindNames[entry.verbKind]);
        }
    }

    void addWords(const QJsonObject& group, const Entry& entry, const QString& where) {
        for (const char* language : {"en", "zh"}) {
            const bool english = language[0] == 'e';
            auto& table = english ? lexicon_.english : lexicon_.chinese;
            for (const auto& value : group.value(QLatin1String(language)).toArray()) {
                const QString key = normalizedKey(value.toString());
                if (key.isEmpty())
                    continue;
                if (table.contains(key)) {
                    lexicon_.problems
                        << QStringLiteral("'%1' is listed twice (again under %2)").arg(key, where);
                    continue;
                }
                table.insert(key, entry);
                if (english)
                    lexicon_.longestEnglish =
                        std::max(lexicon_.longestEnglish, int(key.count(QLatin1Char(' '))) + 1);
                else
                    lexicon_.longestChinese = std::max(lexicon_.longestChinese, int(key.size()));
            }
        }
    }

    Lexicon lexicon_;
};

const Lexicon& lexicon() {
    static const Lexicon instance = [] {
        Lexicon loaded = LexiconLoader().load();
        for (const auto& problem : loaded.problems)
            qCCritical(lcPipeline).noquote() << "camera phrase table:" << problem;
        return loaded;
    }();
    return instance;
}

// ---- Tokens ----

struct Token {
    Role role = Role::Unknown;
    Entry entry;
    QString text;  // as written
    bool han = false;
    int clause = 0;
    bool used = false;
};

bool isHan(QChar c) {
    return c.script() == QChar::Script_Han || c.isSurrogate();
}
bool isWordChar(QChar c) {
    return (c.isLetterOrNumber() || c.isMark()) && !isHan(c);
}
bool isJoiner(QChar c) {
    return c == QLatin1Char('\'') || c == QLatin1Char('-') || c == QChar(0x2019);
}
bool isQuote(QChar c) {
    return c == QLatin1Char('"') || c == QLatin1Char('\'') ||
           c.category() == QChar::Punctuation_InitialQuote ||
           c.category() == QChar::Punctuation_FinalQuote;
}

class Tokenizer {
public:
    explicit Tokenizer(const Lexicon& lexicon) : lexicon_(lexicon) {}

    QList<Token> tokenize(const QString& prompt) {
        const QString text = prompt.normalized(QString::NormalizationForm_KC);
        QStringList words;  // a run of Latin words not interrupted by punctuation or Chinese
        for (int i = 0; i < text.size();) {
            const QChar c = text[i];
            if (isWordChar(c)) {
                int end = i + 1;
                while (end < text.size() &&
                       (isWordChar(text[end]) || (isJoiner(text[end]) && end + 1 < text.size() &&
                                                  isWordChar(text[end + 1]))))
                    ++end;
                words << text.mid(i, end - i);
                i = end;
            } else if (isHan(c)) {
                flushWords(words);
                int end = i + 1;
                while (end < text.size() && isHan(text[end]))
                    ++end;
                addChinese(text.mid(i, end - i));
                i = end;
            } else {
                if (c.isPunct() && !isQuote(c)) {
                    flushWords(words);
                    endClause();
                }
                ++i;
            }
        }
        flushWords(words);
        return std::move(tokens_);
    }

private:
    void endClause() { ++clause_; }

    void push(Role role, const Entry& entry, const QString& text, bool han) {
        if (role == Role::Boundary) {
            endClause();
            return;
        }
        tokens_.append(Token{role, entry, text, han, clause_, false});
    }

    // Words of one run: the longest table entry first; an unknown hyphenated word is read as its
    // parts ("left-to-right").
    void flushWords(QStringList& words) {
        QStringList expanded;
        for (QString word : words) {
            QString key = normalizedKey(word);
            // "the camera's view": the possessive of a known word is that word.
            for (const QString& possessive : {QStringLiteral("'s"), QStringLiteral("\u2019s")}) {
                if (key.endsWith(possessive) && lexicon_.english.contains(key.chopped(2))) {
                    word.chop(2);
                    key.chop(2);
                }
            }
            if (key.contains(QLatin1Char('-')) && !lexicon_.english.contains(key))
                expanded << word.split(QLatin1Char('-'), Qt::SkipEmptyParts);
            else
                expanded << word;
        }
        words.clear();
        for (int i = 0; i < expanded.size();) {
            int length = std::min(lexicon_.longestEnglish, int(expanded.size()) - i);
            for (; length > 0; --length) {
                const QString phrase = expanded.mid(i, length).join(QLatin1Char(' '));
                const auto found = lexicon_.english.constFind(normalizedKey(phrase));
                if (found != lexicon_.english.constEnd()) {
                    push(found->role, *found, phrase, false);
                    break;
                }
            }
            if (length == 0) {
                push(Role::Unknown, Entry{}, expanded[i], false);
                length = 1;
            }
            i += length;
        }
    }

    // Chinese has no spaces: the longest table entry at each position; characters in no entry
    // gather into one unknown word ("一只猫").
    void addChinese(const QString& run) {
        QString unknown;
        for (int i = 0; i < run.size();) {
            int length = std::min(lexicon_.longestChinese, int(run.size()) - i);
            for (; length > 0; --length) {
                const auto found = lexicon_.chinese.constFind(run.mid(i, length));
                if (found != lexicon_.chinese.constEnd()) {
                    if (!unknown.isEmpty())
                        push(Role::Unknown, Entry{}, std::exchange(unknown, QString()), true);
                    push(found->role, *found, run.mid(i, length), true);
                    break;
                }
            }
            if (length == 0) {
                unknown += run[i];
                length = 1;
            }
            i += length;
        }
        if (!unknown.isEmpty())
            push(Role::Unknown, Entry{}, unknown, true);
    }

    const Lexicon& lexicon_;
    QList<Token> tokens_;
    int clause_ = 0;
};

// ---- Moves ----

// Words that are neither fillers nor speeds between a verb and its direction ("pan across the
// old town to the left").
constexpr int kMaxWordsBetween = 3;
// Words between a negation and its verb ("without any zoom").
constexpr int kMaxWordsAfterNegation = 1;
// Token distances count within a clause; a clause boundary costs this much more.
constexpr int kClausePenalty = 1000;

bool carriesNoMeaning(Role role) {
    return role == Role::Filler || role == Role::Camera || role == Role::From ||
           role == Role::Speed;
}

struct FoundMove {
    CameraMove move;
    QList<int> tokens;  // sorted: the verb or phrase, its direction (or route), its speed word
    int first = 0;      // span of the tokens before the speed word is attached
    int last = 0;
};

class MoveReader {
public:
    MoveReader(QList<Token>& tokens, const Lexicon& lexicon) : tokens_(tokens), lexicon_(lexicon) {}

    QList<FoundMove> read() {
        QList<FoundMove> moves;
        for (int i = 0; i < tokens_.size(); ++i) {
            const Role role = tokens_[i].role;
            if ((role != Role::Verb && role != Role::Phrase) || isNegated(i))
                continue;
            if (auto move = role == Role::Phrase ? phraseMove(i) : verbMove(i))
                moves.append(*move);
        }
        std::sort(moves.begin(), moves.end(),
                  [](const FoundMove& a, const FoundMove& b) { return a.first < b.first; });
        QList<FoundMove> kept;  // the first move of each kind; a second one is ignored
        for (const auto& move : moves) {
            const bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const auto& other) {
                return other.move.kind == move.move.kind;
            });
            for (int index : move.tokens)
                tokens_[index].used = !duplicate;
            if (!duplicate)
                kept.append(move);
        }
        attachSpeeds(kept);
        return kept;
    }

private:
    bool isNegated(int verb) const {
        int between = 0;
        for (int j = verb - 1; j >= 0 && tokens_[j].clause == tokens_[verb].clause; --j) {
            if (tokens_[j].role == Role::Negation)
                return true;
            if (!carriesNoMeaning(tokens_[j].role) && ++between > kMaxWordsAfterNegation)
                return false;
        }
        return false;
    }

    bool attaches(int verbKind, int token) const {
        const Token& t = tokens_[token];
        return t.role == Role::Direction && !t.used &&
               lexicon_.moveFor[verbKind][int(axisOf(t.entry.direction))].has_value();
    }

    // The nearest direction for the verb at `verb`, looking one way (`step` +1 or -1) within its
    // clause, not past another move.
    std::optional<int> findDirection(int verb, int step, int verbKind) const {
        int between = 0;
        for (int j = verb + step; j >= 0 && j < tokens_.size(); j += step) {
            const Token& t = tokens_[j];
            if (t.clause != tokens_[verb].clause || t.role == Role::Verb ||
                t.role == Role::Phrase || t.role == Role::Static)
                break;
            if (attaches(verbKind, j))
                return j;
            if (!carriesNoMeaning(t.role) && ++between > kMaxWordsBetween)
                break;
        }
        return std::nullopt;
    }

    // A route names two directions, and the camera goes to the second: "from right to left",
    // "left to right", "从左到右". Given one direction of a move, the tokens of the whole route
    // (with a "from" before it) and the direction it ends at; the given one alone when it is not
    // part of a route.
    std::pair<QList<int>, int> route(int direction, int verbKind) {
        const auto nextDirection = [&](int from, int step) -> std::optional<int> {
            int j = from + step;
            while (j >= 0 && j < tokens_.size() && tokens_[j].clause == tokens_[from].clause &&
                   tokens_[j].role == Role::Filler)
                j += step;
            if (j == from + step || j < 0 || j >= tokens_.size() ||
                tokens_[j].clause != tokens_[from].clause || !attaches(verbKind, j))
                return std::nullopt;
            return j;
        };
        int start = direction, end = direction;
        if (auto later = nextDirection(direction, +1))
            end = *later;
        else if (auto earlier = nextDirection(direction, -1))
            start = *earlier;
        QList<int> tokens{start};
        if (end != start)
            tokens << end;
        if (start > 0 && tokens_[start - 1].role == Role::From)
            tokens << start - 1;
        for (int index : tokens)
            tokens_[index].used = true;  // not free for a later verb
        return {tokens, end};
    }

    std::optional<FoundMove> verbMove(int verb) {
        const Entry& entry = tokens_[verb].entry;
        // Chinese puts the direction before the verb (向左平移), English after (panning left).
        const int preferred = tokens_[verb].han ? -1 : +1;
        std::optional<int> direction = findDirection(verb, preferred, entry.verbKind);
        if (!direction)
            direction = findDirection(verb, -preferred, entry.verbKind);
        FoundMove found;
        found.tokens = {verb};
        if (direction) {
            const auto [tokens, chosen] = route(*direction, entry.verbKind);
            found.tokens << tokens;
            found.move.direction = tokens_[chosen].entry.direction;
            found.move.kind = *lexicon_.moveFor[entry.verbKind][int(axisOf(found.move.direction))];
        } else if (entry.defaultDirection) {
            found.move.direction = *entry.defaultDirection;
            found.move.kind = CameraMoveKind(entry.verbKind);
        } else {
            return std::nullopt;
        }
        std::sort(found.tokens.begin(), found.tokens.end());
        found.first = found.tokens.first();
        found.last = found.tokens.last();
        return found;
    }

    // A phrase is a whole move. A direction next to it (fillers between) that says the same is
    // part of it (向前推进: 向, 前推, 进), and so is one of its axis before it that starts a route
    // ending there (从右向左平移: 从, 右, 向, 左平移).
    std::optional<FoundMove> phraseMove(int phrase) {
        FoundMove found;
        found.move.kind = tokens_[phrase].entry.kind;
        found.move.direction = tokens_[phrase].entry.direction;
        found.tokens = {phrase};
        const int clause = tokens_[phrase].clause;
        for (int step : {-1, +1}) {
            int j = phrase + step;
            while (j >= 0 && j < tokens_.size() && tokens_[j].clause == clause &&
                   (tokens_[j].role == Role::Filler || tokens_[j].role == Role::Camera))
                j += step;
            if (j < 0 || j >= tokens_.size() || tokens_[j].clause != clause ||
                tokens_[j].role != Role::Direction || tokens_[j].used)
                continue;
            const CameraDirection direction = tokens_[j].entry.direction;
            const bool same = direction == found.move.direction;
            const bool routeStart = step < 0 && axisOf(direction) == axisOf(found.move.direction);
            if (!same && !routeStart)
                continue;
            tokens_[j].used = true;
            found.tokens << j;
            if (step < 0 && j > 0 && tokens_[j - 1].role == Role::From)
                found.tokens << j - 1;
        }
        std::sort(found.tokens.begin(), found.tokens.end());
        found.first = found.tokens.first();
        found.last = found.tokens.last();
        return found;
    }

    // Each speed word goes to the nearest move (same clause first; on a tie, the move after it:
    // "slowly zooming in"); a move keeps its nearest speed word.
    void attachSpeeds(QList<FoundMove>& moves) {
        QList<int> bestCost(moves.size(), std::numeric_limits<int>::max());
        QList<int> bestToken(moves.size(), -1);
        for (int s = 0; s < tokens_.size(); ++s) {
            if (tokens_[s].role != Role::Speed)
                continue;
            int chosen = -1;
            int chosenCost = std::numeric_limits<int>::max();
            for (int m = 0; m < moves.size(); ++m) {
                const auto& move = moves[m];
                const int distance = s < move.first  ? move.first - s
                                     : s > move.last ? s - move.last
                                                     : 0;
                const bool sameClause = tokens_[s].clause == tokens_[move.first].clause ||
                                        tokens_[s].clause == tokens_[move.last].clause;
                const int cost =
                    2 * distance + (sameClause ? 0 : kClausePenalty) + (s < move.first ? 0 : 1);
                if (cost < chosenCost) {
                    chosen = m;
                    chosenCost = cost;
                }
            }
            if (chosen >= 0 && chosenCost < bestCost[chosen]) {
                bestCost[chosen] = chosenCost;
                bestToken[chosen] = s;
            }
        }
        for (int m = 0; m < moves.size(); ++m) {
            if (bestToken[m] < 0)
                continue;
            tokens_[bestToken[m]].used = true;
            moves[m].move.speed = tokens_[bestToken[m]].entry.speed;
            moves[m].tokens.append(bestToken[m]);
            std::sort(moves[m].tokens.begin(), moves[m].tokens.end());
        }
    }

    QList<Token>& tokens_;
    const Lexicon& lexicon_;
};

// Token texts joined as written: a space between words, none between Chinese characters.
QString joinTokens(const QList<Token>& tokens, const QList<int>& indices) {
    QString text;
    for (int k = 0; k < indices.size(); ++k) {
        const Token& token = tokens[indices[k]];
        if (k > 0 && !(token.han && tokens[indices[k - 1]].han))
            text += QLatin1Char(' ');
        text += token.text;
    }
    return text;
}

bool reportedWhenUnused(Role role) {
    switch (role) {
        case Role::Camera:
        case Role::Filler:
        case Role::Boundary:
        case Role::From:
            return false;
        default:
            return true;
    }
}

QString describe(const CameraMove& move) {
    return QStringLiteral("%1 %2, %3")
        .arg(cameraMoveKindName(move.kind), cameraDirectionName(move.direction),
             cameraSpeedName(move.speed));
}

}  // namespace

CameraPath parseCameraPrompt(const QString& prompt) {
    const Lexicon& table = lexicon();
    QList<Token> tokens = Tokenizer(table).tokenize(prompt);
    const QList<FoundMove> found = MoveReader(tokens, table).read();

    CameraPath path;
    for (const auto& move : found) {
        CameraMove named = move.move;
        // Its own words, and the fillers between them: "pan from right to left".
        QList<int> words;
        for (int i = move.tokens.first(); i <= move.tokens.last(); ++i)
            if (move.tokens.contains(i) || !reportedWhenUnused(tokens[i].role))
                words << i;
        named.words = joinTokens(tokens, words);
        path.moves.append(named);
    }
    if (path.moves.isEmpty()) {
        for (auto& token : tokens) {
            if (token.role == Role::Static) {
                token.used = true;
                path.isStatic = true;
            }
        }
    }

    // Unused words, adjacent ones together ("clouds drifting").
    QList<int> run;
    const auto flush = [&] {
        if (!run.isEmpty())
            path.ignoredWords << joinTokens(tokens, run);
        run.clear();
    };
    for (int i = 0; i < tokens.size(); ++i) {
        const bool ignored = !tokens[i].used && reportedWhenUnused(tokens[i].role);
        if (!ignored || (!run.isEmpty() && tokens[run.last()].clause != tokens[i].clause))
            flush();
        if (ignored)
            run << i;
    }
    flush();

    if (path.isStatic) {
        path.understood = QStringLiteral("static camera (no move)");
    } else if (path.moves.isEmpty()) {
        path.isDefault = true;
        path.moves.append(
            CameraMove{CameraMoveKind::Zoom, CameraDirection::In, CameraSpeed::Slow, QString()});
        path.understood = describe(path.moves.first()) +
                          QStringLiteral(" (default: the prompt names no camera move)");
    } else {
        QStringList parts;
        for (const auto& move : path.moves)
            parts << describe(move);
        path.understood = parts.join(QStringLiteral("; "));
    }
    return path;
}

double cameraSpeedFactor(CameraSpeed speed) {
    switch (speed) {
        case CameraSpeed::Slow:
            return kSlowFactor;
        case CameraSpeed::Medium:
            return 1.0;
        case CameraSpeed::Fast:
            return kFastFactor;
    }
    return 1.0;
}

QString cameraMoveKindName(CameraMoveKind kind) {
    return kKindNames.value(int(kind));
}

QString cameraDirectionName(CameraDirection direction) {
    return kDirectionNames.value(int(direction));
}

QString cameraSpeedName(CameraSpeed speed) {
    return kSpeedNames.value(int(speed));
}

QJsonObject cameraPathToJson(const CameraPath& path) {
    QJsonArray moves;
    for (const auto& move : path.moves) {
        moves.append(QJsonObject{{"kind", cameraMoveKindName(move.kind)},
                                 {"direction", cameraDirectionName(move.direction)},
                                 {"speed", cameraSpeedName(move.speed)},
                                 {"speed_factor", cameraSpeedFactor(move.speed)},
                                 {"words", move.words}});
    }
    return QJsonObject{{"understood", path.understood},
                       {"default", path.isDefault},
                       {"static", path.isStatic},
                       {"moves", moves},
                       {"ignored_words", QJsonArray::fromStringList(path.ignoredWords)}};
}

QStringList cameraPhraseTableProblems() {
    return lexicon().problems;
}

}  // namespace kinora
