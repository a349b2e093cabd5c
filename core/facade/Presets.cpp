#include "facade/Presets.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "facade/Logging.h"

namespace kinora {

QList<Preset> builtInPresets() {
    QFile file(QStringLiteral(":/kinora/presets.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        qCCritical(lcPipeline) << "the built-in presets are missing from the binary";
        return {};
    }
    QList<Preset> presets;
    const auto array = QJsonDocument::fromJson(file.readAll()).object().value("presets").toArray();
    for (const auto& value : array) {
        const auto json = value.toObject();
        Preset preset;
        preset.id = json.value("id").toString();
        preset.name = json.value("name").toString();
        preset.reason = json.value("reason").toString();
        preset.resolution = json.value("resolution").toString();
        const auto field = [&](RequestParameter parameter) {
            return json.value(QLatin1String(parameterSpec(parameter).jsonKey));
        };
        preset.size =
            QSize(field(RequestParameter::Width).toInt(), field(RequestParameter::Height).toInt());
        preset.frames = field(RequestParameter::Frames).toInt(preset.frames);
        preset.steps = field(RequestParameter::Steps).toInt(preset.steps);
        preset.guidance = field(RequestParameter::Guidance).toDouble(preset.guidance);
        preset.guidanceUntil =
            field(RequestParameter::GuidanceUntil).toDouble(preset.guidanceUntil);
        preset.sampler = json.value("sampler").toString(preset.sampler);
        preset.cache = json.value("cache").toString(preset.cache);
        preset.targetFps = field(RequestParameter::TargetFps).toInt(preset.targetFps);
        preset.outputFps = field(RequestParameter::OutputFps).toInt(preset.outputFps);
        presets.append(preset);
    }
    return presets;
}

std::optional<Preset> findPreset(const QString& id) {
    for (const auto& preset : builtInPresets())
        if (preset.id == id)
            return preset;
    return std::nullopt;
}

GenerationRequest applyPreset(const Preset& preset, GenerationRequest request, QSize imageSize) {
    const QSize size = preset.resolution.isEmpty()
                           ? preset.size
                           : sizeForResolution(preset.resolution, imageSize).value_or(preset.size);
    request.width = size.width();
    request.height = size.height();
    request.frames = preset.frames;
    request.steps = preset.steps;
    request.guidance = preset.guidance;
    request.guidanceUntil = preset.guidanceUntil;
    request.sampler = preset.sampler;
    request.cache = preset.cache;
    request.targetFps = preset.targetFps;
    request.outputFps = preset.outputFps;
    request.preset = preset.id;
    return request;
}

}  // namespace kinora
