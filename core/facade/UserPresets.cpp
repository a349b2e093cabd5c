#include "facade/UserPresets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include "facade/Logging.h"

namespace kinora {

namespace {

using Code = UserPresetStatus::Code;

UserPresetStatus problem(Code code, const QString& message, const QString& remedy) {
    return {code, message, remedy};
}

// The problems a request made from `preset` would have, as one line; empty when there are none.
QString valueProblems(const Preset& preset) {
    if (!preset.resolution.isEmpty() && !sizeForResolution(preset.resolution))
        return QStringLiteral("unknown resolution \"%1\"").arg(preset.resolution);
    GenerationRequest request = applyPreset(preset, GenerationRequest());
    // Only the preset's own values are checked: any non-empty prompt will do.
    request.prompt = QStringLiteral("-");
    QStringList messages;
    for (const auto& found : validateRequest(request))
        messages << found.message;
    return messages.join(QStringLiteral("; "));
}

// The key a preset file gives `parameter`: the request's.
QLatin1String keyOf(RequestParameter parameter) {
    return QLatin1String(parameterSpec(parameter).jsonKey);
}

QJsonObject presetToJson(const Preset& preset) {
    QJsonObject json{{"name", preset.name},
                     {keyOf(RequestParameter::Frames), preset.frames},
                     {keyOf(RequestParameter::Steps), preset.steps},
                     {keyOf(RequestParameter::Guidance), preset.guidance},
                     {keyOf(RequestParameter::GuidanceUntil), preset.guidanceUntil},
                     {"sampler", preset.sampler},
                     {"cache", preset.cache},
                     {keyOf(RequestParameter::TargetFps), preset.targetFps},
                     {keyOf(RequestParameter::OutputFps), preset.outputFps}};
    if (preset.resolution.isEmpty()) {
        json.insert(keyOf(RequestParameter::Width), preset.size.width());
        json.insert(keyOf(RequestParameter::Height), preset.size.height());
    } else {
        json.insert("resolution", preset.resolution);
    }
    if (!preset.reason.isEmpty())
        json.insert("reason", preset.reason);
    return json;
}

// The preset in `json`, or nothing when a field is missing or of the wrong type.
std::optional<Preset> presetFromJson(const QJsonObject& json) {
    Preset preset;
    const auto readInt = [&](RequestParameter parameter, int& field) {
        const QJsonValue value = json.value(keyOf(parameter));
        if (!value.isDouble() || value.toDouble() != double(value.toInt()))
            return false;
        field = value.toInt();
        return true;
    };
    const QJsonValue name = json.value("name");
    const QJsonValue guidance = json.value(keyOf(RequestParameter::Guidance));
    if (!name.isString() || !guidance.isDouble())
        return std::nullopt;
    preset.name = preset.id = name.toString();
    preset.guidance = guidance.toDouble();
    // Files from before samplers have neither: DDIM with guidance on every step.
    const QJsonValue guidanceUntil = json.value(keyOf(RequestParameter::GuidanceUntil));
    const QJsonValue sampler = json.value("sampler");
    const QJsonValue cache = json.value("cache");
    if ((!guidanceUntil.isUndefined() && !guidanceUntil.isDouble()) ||
        (!sampler.isUndefined() && !sampler.isString()) ||
        (!cache.isUndefined() && !cache.isString()))
        return std::nullopt;
    preset.guidanceUntil = guidanceUntil.toDouble(preset.guidanceUntil);
    preset.sampler = sampler.toString(preset.sampler);
    preset.cache = cache.toString(preset.cache);
    preset.reason = json.value("reason").toString();
    preset.resolution = json.value("resolution").toString();
    if (preset.resolution.isEmpty()) {
        int width = 0, height = 0;
        if (!readInt(RequestParameter::Width, width) || !readInt(RequestParameter::Height, height))
            return std::nullopt;
        preset.size = QSize(width, height);
    }
    if (!readInt(RequestParameter::Frames, preset.frames) ||
        !readInt(RequestParameter::Steps, preset.steps) ||
        !readInt(RequestParameter::TargetFps, preset.targetFps) ||
        !readInt(RequestParameter::OutputFps, preset.outputFps))
        return std::nullopt;
    return preset;
}

// A name next to `path` that no file has yet: "<path>.bad", then "<path>.bad.2", ...
QString asideName(const QString& path) {
    QString candidate = path + QStringLiteral(".bad");
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = path + QStringLiteral(".bad.%1").arg(n);
    return candidate;
}

}  // namespace

QString UserPresets::defaultPath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/presets.json");
}

UserPresets::UserPresets(QString path) : path_(std::move(path)) {
    QFile file(path_);
    if (!file.exists())
        return;
    if (!file.open(QIODevice::ReadOnly)) {
        loadStatus_ = problem(Code::CorruptFile,
                              QStringLiteral("cannot read %1: %2").arg(path_, file.errorString()),
                              QStringLiteral("Check the file's permissions"));
        qCWarning(lcUi) << loadStatus_.message;
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    file.close();

    QString why;
    QStringList skipped;
    if (document.isNull()) {
        why = QStringLiteral("not valid JSON (%1 at byte %2)")
                  .arg(parseError.errorString())
                  .arg(parseError.offset);
    } else if (!document.object().value("presets").isArray()) {
        why = QStringLiteral("no \"presets\" array");
    } else {
        for (const auto& value : document.object().value("presets").toArray()) {
            const auto preset = presetFromJson(value.toObject());
            if (!preset) {
                skipped << QStringLiteral("an entry lacks a field or has one of the wrong type");
                continue;
            }
            QString nameProblem = checkName(preset->name).message;
            if (nameProblem.isEmpty() && preset->name != preset->name.trimmed())
                nameProblem =
                    QStringLiteral("the name \"%1\" has surrounding spaces").arg(preset->name);
            const QString values = valueProblems(*preset);
            if (!nameProblem.isEmpty() || !values.isEmpty()) {
                skipped << QStringLiteral("\"%1\": %2")
                               .arg(preset->name, nameProblem.isEmpty() ? values : nameProblem);
                continue;
            }
            presets_.append(*preset);
        }
        if (!skipped.isEmpty())
            why = QStringLiteral("unusable entries (%1)").arg(skipped.join(QStringLiteral("; ")));
    }
    if (why.isEmpty())
        return;

    // Whatever was in the file stays on disk next to it: the next save writes a fresh file.
    const QString aside = asideName(path_);
    const bool kept = presets_.isEmpty() ? QFile::rename(path_, aside) : QFile::copy(path_, aside);
    loadStatus_ = problem(
        Code::CorruptFile,
        kept ? QStringLiteral("%1 is damaged: %2. It was kept as %3.").arg(path_, why, aside)
             : QStringLiteral("%1 is damaged: %2. It could not be kept as %3.")
                   .arg(path_, why, aside),
        QStringLiteral("Save your presets again; the damaged file can be repaired by hand"));
    qCWarning(lcUi) << loadStatus_.message;
}

std::optional<Preset> UserPresets::find(const QString& name) const {
    for (const auto& preset : presets_)
        if (preset.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return preset;
    return std::nullopt;
}

UserPresetStatus UserPresets::checkName(const QString& name, const QString& renaming) const {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return problem(Code::EmptyName, QStringLiteral("a preset needs a name"),
                       QStringLiteral("Type a name"));
    if (trimmed.size() > kMaxNameLength)
        return problem(Code::InvalidName,
                       QStringLiteral("the name is longer than %1 characters").arg(kMaxNameLength),
                       QStringLiteral("Use a shorter name"));
    for (const QChar c : trimmed) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
            c == QChar::ParagraphSeparator)
            return problem(Code::InvalidName,
                           QStringLiteral("the name \"%1\" holds a control character").arg(trimmed),
                           QStringLiteral("Use a name on one line"));
    }
    for (const auto& builtIn : builtInPresets()) {
        if (trimmed.compare(builtIn.id, Qt::CaseInsensitive) == 0 ||
            trimmed.compare(builtIn.name, Qt::CaseInsensitive) == 0)
            return problem(Code::ReservedName,
                           QStringLiteral("\"%1\" is a built-in preset").arg(trimmed),
                           QStringLiteral("Choose another name"));
    }
    for (const auto& preset : presets_) {
        if (preset.name.compare(trimmed, Qt::CaseInsensitive) == 0 &&
            preset.name.compare(renaming.trimmed(), Qt::CaseInsensitive) != 0)
            return problem(Code::DuplicateName,
                           QStringLiteral("a preset named \"%1\" exists").arg(preset.name),
                           QStringLiteral("Choose another name, or delete the other preset"));
    }
    return {};
}

UserPresetStatus UserPresets::saveAs(const QString& name, const Preset& values) {
    if (auto status = checkName(name); !status.ok())
        return status;
    Preset preset = values;
    preset.id = preset.name = name.trimmed();
    if (const QString problems = valueProblems(preset); !problems.isEmpty())
        return problem(Code::InvalidValues,
                       QStringLiteral("preset \"%1\": %2").arg(preset.name, problems),
                       QStringLiteral("Correct the parameters before saving them"));
    QList<Preset> next = presets_;
    next.append(preset);
    return write(next);
}

UserPresetStatus UserPresets::rename(const QString& name, const QString& newName) {
    const auto found = find(name);
    if (!found)
        return problem(Code::NotFound, QStringLiteral("no preset named \"%1\"").arg(name),
                       QStringLiteral("Choose one of your presets"));
    if (auto status = checkName(newName, found->name); !status.ok())
        return status;
    QList<Preset> next = presets_;
    for (auto& preset : next)
        if (preset.name == found->name)
            preset.id = preset.name = newName.trimmed();
    return write(next);
}

UserPresetStatus UserPresets::remove(const QString& name) {
    const auto found = find(name);
    if (!found)
        return problem(Code::NotFound, QStringLiteral("no preset named \"%1\"").arg(name),
                       QStringLiteral("Choose one of your presets"));
    QList<Preset> next = presets_;
    next.removeIf([&](const Preset& preset) { return preset.name == found->name; });
    return write(next);
}

UserPresetStatus UserPresets::write(const QList<Preset>& presets) {
    const auto failed = [&](const QString& why) {
        return problem(Code::WriteFailed, QStringLiteral("cannot write %1: %2").arg(path_, why),
                       QStringLiteral("Check that the folder exists and is writable, and that the "
                                      "disk has space"));
    };
    const QString folder = QFileInfo(path_).absolutePath();
    if (!QDir().mkpath(folder))
        return failed(QStringLiteral("cannot create the folder %1").arg(folder));
    QJsonArray array;
    for (const auto& preset : presets)
        array.append(presetToJson(preset));
    const QJsonObject root{
        {"what", QStringLiteral("Kinora's user presets, in the format of the built-in ones.")},
        {"presets", array}};
    QSaveFile file(path_);
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    file.write(QJsonDocument(root).toJson());
    if (!file.commit())
        return failed(file.errorString());
    presets_ = presets;
    return {};
}

}  // namespace kinora
