// Built-in generation presets (resources/presets.json, compiled in).
#pragma once

#include <QList>
#include <QSize>
#include <QString>

#include <optional>

#include "facade/GenerationRequest.h"

namespace kinora {

struct Preset {
    QString id;
    QString name;
    QString reason;
    QString resolution;  // "512p" ...; empty when the preset has a fixed size
    QSize size;          // a fixed size, when resolution is empty
    int frames = parameterSpec(RequestParameter::Frames).intDefault();
    int steps = parameterSpec(RequestParameter::Steps).intDefault();
    double guidance = parameterSpec(RequestParameter::Guidance).defaultValue;
    double guidanceUntil = parameterSpec(RequestParameter::GuidanceUntil).defaultValue;
    QString sampler = QStringLiteral("ddim");
    QString cache = QStringLiteral("off");
    int targetFps = parameterSpec(RequestParameter::TargetFps).intDefault();
    int outputFps = parameterSpec(RequestParameter::OutputFps).intDefault();
};

QList<Preset> builtInPresets();
std::optional<Preset> findPreset(const QString& id);

// The request with the preset's values; the size follows the image's aspect ratio for "NNNp"
// presets (see sizeForResolution).
GenerationRequest applyPreset(const Preset& preset, GenerationRequest request,
                              QSize imageSize = {});

}  // namespace kinora
