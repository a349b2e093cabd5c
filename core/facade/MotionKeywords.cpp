#include "facade/MotionKeywords.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <array>
#include <utility>

#include "facade/Logging.h"

namespace kinora {

namespace {

constexpr std::array<std::pair<MotionKind, const char*>, 5> kKindNames{{
    {MotionKind::CameraMove, "camera_move"},
    {MotionKind::SubjectAction, "subject_action"},
    {MotionKind::Speed, "speed"},
    {MotionKind::Direction, "direction"},
    {MotionKind::Time, "time"},
}};

}  // namespace

QString motionKindName(MotionKind kind) {
    for (const auto& [value, name] : kKindNames)
        if (value == kind)
            return QLatin1String(name);
    return {};
}

std::optional<MotionKind> motionKindFromName(const QString& name) {
    for (const auto& [value, text] : kKindNames)
        if (name == QLatin1String(text))
            return value;
    return std::nullopt;
}

Expected<MotionKeywords> MotionKeywords::fromJson(const QByteArray& json) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull())
        return failWith(QStringLiteral("not valid JSON: %1").arg(parseError.errorString()));
    const QJsonArray groups = document.object().value("groups").toArray();
    if (groups.isEmpty())
        return failWith(QStringLiteral("no \"groups\" array"));
    MotionKeywords library;
    for (const auto& groupValue : groups) {
        const QJsonObject groupJson = groupValue.toObject();
        MotionKeywordGroup group;
        group.id = groupJson.value("id").toString();
        group.english = groupJson.value("en").toString();
        group.chinese = groupJson.value("zh").toString();
        if (group.id.isEmpty() || group.english.isEmpty() || group.chinese.isEmpty())
            return failWith(QStringLiteral("a group lacks its \"id\", \"en\" or \"zh\""));
        for (const auto& keywordValue : groupJson.value("keywords").toArray()) {
            const QJsonObject keywordJson = keywordValue.toObject();
            MotionKeyword keyword;
            keyword.english = keywordJson.value("en").toString();
            keyword.chinese = keywordJson.value("zh").toString();
            keyword.group = group.id;
            const QString kindName = keywordJson.value("kind").toString();
            const auto kind = motionKindFromName(kindName);
            if (keyword.english.isEmpty() || keyword.chinese.isEmpty() || !kind) {
                return failWith(QStringLiteral("group \"%1\": the entry \"%2\" needs \"en\", "
                                               "\"zh\" and a known \"kind\" (got \"%3\")")
                                    .arg(group.id, keyword.english, kindName));
            }
            keyword.kind = *kind;
            for (const auto& alias : keywordJson.value("zh_aliases").toArray())
                keyword.chineseAliases << alias.toString();
            group.keywords.append(keyword);
        }
        library.groups_.append(group);
    }
    return library;
}

const MotionKeywords& MotionKeywords::builtIn() {
    static const MotionKeywords library = [] {
        QFile file(QStringLiteral(":/kinora/motion_keywords.json"));
        QString error = QStringLiteral("the resource is missing from the binary");
        if (file.open(QIODevice::ReadOnly)) {
            auto parsed = fromJson(file.readAll());
            if (parsed)
                return *parsed;
            error = parsed.error().message;
        }
        qCCritical(lcPipeline) << "motion keyword library:" << error;
        return MotionKeywords();
    }();
    return library;
}

QList<MotionKeyword> MotionKeywords::all() const {
    QList<MotionKeyword> keywords;
    for (const auto& group : groups_)
        keywords += group.keywords;
    return keywords;
}

QList<MotionKeyword> MotionKeywords::ofKind(MotionKind kind) const {
    QList<MotionKeyword> keywords;
    for (const auto& group : groups_)
        for (const auto& keyword : group.keywords)
            if (keyword.kind == kind)
                keywords.append(keyword);
    return keywords;
}

std::optional<MotionKeyword> MotionKeywords::find(const QString& english) const {
    for (const auto& group : groups_)
        for (const auto& keyword : group.keywords)
            if (keyword.english.compare(english, Qt::CaseInsensitive) == 0)
                return keyword;
    return std::nullopt;
}

}  // namespace kinora
