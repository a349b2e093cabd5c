#include "facade/GenerationRequest.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace kinora {

QString engineName(Engine engine) {
    return engine == Engine::Camera ? QStringLiteral("camera") : QStringLiteral("i2vgen-xl");
}

std::optional<Engine> engineFromName(const QString& name) {
    if (name == QLatin1String("i2vgen-xl"))
        return Engine::I2VGenXL;
    if (name == QLatin1String("camera"))
        return Engine::Camera;
    return std::nullopt;
}
namespace {

// Seeds above 2^53 do not survive a JSON number: they are written as strings.
constexpr quint64 kMaxExactJsonInteger = 1ull << 53;

QJsonValue seedToJson(quint64 seed) {
    return seed < kMaxExactJsonInteger ? QJsonValue(double(seed))
                                       : QJsonValue(QString::number(seed));
}

std::optional<quint64> seedFromJson(const QJsonValue& value) {
    if (value.isString()) {
        bool ok = false;
        const quint64 seed = value.toString().toULongLong(&ok);
        return ok ? std::optional<quint64>(seed) : std::nullopt;
    }
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (number >= 0 && number < double(kMaxExactJsonInteger) && std::floor(number) == number)
            return quint64(number);
    }
    return std::nullopt;
}

int roundToMultiple(double value, int multiple) {
    return std::max(multiple, int(std::lround(value / multiple)) * multiple);
}

}  // namespace

QString defaultNegativePrompt() {
    return QStringLiteral(
        "Distorted, discontinuous, Ugly, blurry, low resolution, motionless, static, disfigured, "
        "disconnected limbs, Ugly faces, incomplete arms");
}

QJsonObject GenerationRequest::toJson() const {
    QJsonObject json{{"model", modelFolder},
                     {"image", imagePath},
                     {"prompt", prompt},
                     {"negative_prompt", negativePrompt},
                     {"width", width},
                     {"height", height},
                     {"frames", frames},
                     {"steps", steps},
                     {"guidance", guidance},
                     {"target_fps", targetFps},
                     {"output_fps", outputFps},
                     {"seed", seedToJson(seed)},
                     {"eta", eta},
                     {"decode_chunk_size", decodeChunkSize},
                     {"device", device},
                     {"dtype", dtype},
                     {"format", format},
                     {"output", outputPath}};
    if (vaeSeed)
        json.insert("vae_seed", seedToJson(*vaeSeed));
    if (!preset.isEmpty())
        json.insert("preset", preset);
    if (!parent.isEmpty())
        json.insert("parent", parent);
    if (!origin.isEmpty())
        json.insert("origin", origin);
    if (preprocess.any()) {
        json.insert("preprocess", QJsonObject{{"resize", preprocess.resize},
                                              {"contrast", preprocess.contrast},
                                              {"sharpness", preprocess.sharpness},
                                              {"exposure", preprocess.exposure}});
    }
    return json;
}

GenerationRequest requestFromJson(const QJsonObject& json, const GenerationRequest& base,
                                  QList<RequestProblem>* problems) {
    GenerationRequest request = base;
    const auto problem = [&](const QString& field, const QString& message) {
        if (problems) {
            problems->append(
                {field, message, QStringLiteral("Fix the value of \"%1\" in the JSON").arg(field)});
        }
    };
    const auto readString = [&](const char* key, QString& field) {
        const auto value = json.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        if (value.isString())
            field = value.toString();
        else
            problem(QLatin1String(key), QStringLiteral("\"%1\" must be a string").arg(key));
    };
    const auto readInt = [&](const char* key, int& field) {
        const auto value = json.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        const double number = value.toDouble(std::nan(""));
        if (value.isDouble() && std::floor(number) == number && std::abs(number) < 1e9)
            field = int(number);
        else
            problem(QLatin1String(key), QStringLiteral("\"%1\" must be an integer").arg(key));
    };
    const auto readDouble = [&](const char* key, double& field) {
        const auto value = json.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        if (value.isDouble())
            field = value.toDouble();
        else
            problem(QLatin1String(key), QStringLiteral("\"%1\" must be a number").arg(key));
    };
    readString("model", request.modelFolder);
    readString("image", request.imagePath);
    readString("prompt", request.prompt);
    readString("negative_prompt", request.negativePrompt);
    readInt("width", request.width);
    readInt("height", request.height);
    readInt("frames", request.frames);
    readInt("steps", request.steps);
    readDouble("guidance", request.guidance);
    readInt("target_fps", request.targetFps);
    readInt("output_fps", request.outputFps);
    readDouble("eta", request.eta);
    readInt("decode_chunk_size", request.decodeChunkSize);
    readString("device", request.device);
    readString("dtype", request.dtype);
    readString("format", request.format);
    readString("output", request.outputPath);
    readString("preset", request.preset);
    readString("parent", request.parent);
    readString("origin", request.origin);
    if (const auto value = json.value(QLatin1String("preprocess")); !value.isUndefined()) {
        const QJsonObject steps = value.toObject();
        const bool known = value.isObject() && std::all_of(steps.begin(), steps.end(),
                                                           [](auto v) { return v.isBool(); });
        if (!known) {
            problem(QStringLiteral("preprocess"),
                    QStringLiteral("\"preprocess\" must be an object of true/false steps "
                                   "(resize, contrast, sharpness, exposure)"));
        } else {
            request.preprocess.resize = steps.value("resize").toBool();
            request.preprocess.contrast = steps.value("contrast").toBool();
            request.preprocess.sharpness = steps.value("sharpness").toBool();
            request.preprocess.exposure = steps.value("exposure").toBool();
        }
    }
    for (const char* key : {"seed", "vae_seed"}) {
        const auto value = json.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        const auto seed = seedFromJson(value);
        if (!seed) {
            problem(QLatin1String(key),
                    QStringLiteral("\"%1\" must be a non-negative integer (a string above 2^53)")
                        .arg(key));
        } else if (QLatin1String(key) == QLatin1String("seed")) {
            request.seed = *seed;
        } else {
            request.vaeSeed = *seed;
        }
    }
    return request;
}

namespace {

std::optional<RecordedRequest> recordedRequest(const QJsonObject& requestJson,
                                               const QString& source, QString* error) {
    if (requestJson.isEmpty()) {
        *error = QStringLiteral(
                     "%1 holds no Kinora request (not made by Kinora, or its metadata was "
                     "stripped)")
                     .arg(source);
        return std::nullopt;
    }
    QList<RequestProblem> problems;
    RecordedRequest recorded;
    recorded.request = requestFromJson(requestJson, {}, &problems);
    if (!problems.isEmpty()) {
        *error = QStringLiteral("%1: %2").arg(source, problems.front().message);
        return std::nullopt;
    }
    return recorded;
}

}  // namespace

std::optional<RecordedRequest> requestFromSidecar(const QByteArray& sidecarJson,
                                                  const QString& source, QString* error) {
    const QJsonObject sidecar = QJsonDocument::fromJson(sidecarJson).object();
    auto recorded =
        recordedRequest(sidecar.value(QLatin1String("request")).toObject(), source, error);
    if (!recorded)
        return std::nullopt;
    // Only a name in the record's own folder: a record must not point the replay at any file.
    const QString imageName = sidecar.value(QLatin1String("source_image")).toString();
    if (!imageName.isEmpty() && QFileInfo(imageName).fileName() == imageName &&
        imageName != QLatin1String("..") && imageName != QLatin1String("."))
        recorded->sourceImageName = imageName;
    return recorded;
}

std::optional<RecordedRequest> requestFromMetadata(const QByteArray& requestJson,
                                                   const QString& source, QString* error) {
    return recordedRequest(QJsonDocument::fromJson(requestJson).object(), source, error);
}

QList<RequestProblem> validateRequest(const GenerationRequest& request) {
    QList<RequestProblem> problems;
    const auto add = [&](const char* field, const QString& message, const QString& remedy) {
        problems.append({QLatin1String(field), message, remedy});
    };
    if (request.prompt.trimmed().isEmpty()) {
        add("prompt", QStringLiteral("the prompt is empty"),
            QStringLiteral("Describe the motion: subject + action + direction/speed + environment, "
                           "e.g. \"camera slowly panning left, clouds drifting\""));
    }
    for (const auto& [field, value] : {std::pair<const char*, int>{"width", request.width},
                                       std::pair<const char*, int>{"height", request.height}}) {
        if (value < 64 || value > kMaxSide) {
            add(field,
                QStringLiteral("%1 %2 is outside 64..%3").arg(field).arg(value).arg(kMaxSide),
                QStringLiteral("Use a preset or --resolution 512p|768p|1024p|native"));
        } else if (value % 8 != 0) {
            add(field,
                QStringLiteral("%1 %2 is not a multiple of 8 (the VAE works on 8x8 blocks)")
                    .arg(field)
                    .arg(value),
                QStringLiteral("Use %1 or %2 (multiples of 64 work best)")
                    .arg(value / 8 * 8)
                    .arg((value / 8 + 1) * 8));
        }
    }
    if (request.frames < 2 || request.frames > kMaxFrames) {
        add("frames",
            QStringLiteral("%1 frames is outside 2..%2").arg(request.frames).arg(kMaxFrames),
            QStringLiteral("I2VGen-XL was trained on 16 frames: use 8 for a quick check, 16 for a "
                           "final render"));
    }
    if (request.steps < 1 || request.steps > kMaxSteps) {
        add("steps", QStringLiteral("%1 steps is outside 1..%2").arg(request.steps).arg(kMaxSteps),
            QStringLiteral("Use 50 DDIM steps (the model authors' default), 30 for a quick check"));
    }
    if (!std::isfinite(request.guidance) || request.guidance < 0 || request.guidance > 50) {
        add("guidance",
            QStringLiteral("guidance %1 is not a number in 0..50").arg(request.guidance),
            QStringLiteral("Use 9.0 (the default); 7 to 12 is the useful range"));
    }
    if (request.targetFps < 1 || request.targetFps > 120) {
        add("target_fps", QStringLiteral("target fps %1 is outside 1..120").arg(request.targetFps),
            QStringLiteral("Use 16 (what the model was trained with) or 8"));
    }
    if (request.outputFps < 1 || request.outputFps > 120) {
        add("output_fps", QStringLiteral("output fps %1 is outside 1..120").arg(request.outputFps),
            QStringLiteral("Use 8 to 24"));
    }
    if (!std::isfinite(request.eta) || request.eta < 0 || request.eta > 1) {
        add("eta", QStringLiteral("eta %1 is outside 0..1").arg(request.eta),
            QStringLiteral("Use 0 (deterministic DDIM, the default)"));
    }
    if (request.decodeChunkSize < 1 || request.decodeChunkSize > kMaxFrames) {
        add("decode_chunk_size",
            QStringLiteral("decode chunk size %1 is outside 1..%2")
                .arg(request.decodeChunkSize)
                .arg(kMaxFrames),
            QStringLiteral("Use 1 (least memory) up to the number of frames"));
    }
    static const QRegularExpression devicePattern(QStringLiteral("^(auto|cpu|cuda(:[0-9]+)?)$"));
    if (!devicePattern.match(request.device).hasMatch()) {
        add("device", QStringLiteral("unknown device \"%1\"").arg(request.device),
            QStringLiteral("Use auto, cpu, cuda or cuda:N"));
    }
    if (!QStringList{"auto", "fp32", "fp16", "bf16"}.contains(request.dtype)) {
        add("dtype", QStringLiteral("unknown dtype \"%1\"").arg(request.dtype),
            QStringLiteral("Use auto, fp32, fp16 or bf16"));
    }
    if (!QStringList{"mp4", "webm", "gif", "png"}.contains(request.format)) {
        add("format", QStringLiteral("unknown format \"%1\"").arg(request.format),
            QStringLiteral("Use mp4, webm, gif or png"));
    }
    return problems;
}

std::optional<QSize> sizeForResolution(const QString& resolution, QSize imageSize) {
    const QString name = resolution.trimmed().toLower();
    if (name == QLatin1String("native"))
        return QSize(1280, 704);
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{3,4})p$"));
    const auto match = pattern.match(name);
    if (!match.hasMatch())
        return std::nullopt;
    const int shortSide = roundToMultiple(match.captured(1).toInt(), 64);
    if (shortSide > kMaxSide)
        return std::nullopt;
    const bool known = imageSize.width() > 0 && imageSize.height() > 0;
    const double aspect = known ? double(imageSize.width()) / imageSize.height() : 16.0 / 9.0;
    if (aspect >= 1.0)
        return QSize(std::min(kMaxSide, roundToMultiple(shortSide * aspect, 64)), shortSide);
    return QSize(shortSide, std::min(kMaxSide, roundToMultiple(shortSide / aspect, 64)));
}

}  // namespace kinora
