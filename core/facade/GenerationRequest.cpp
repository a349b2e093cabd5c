#include "facade/GenerationRequest.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "model/schedulers/SamplerCatalog.h"

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

std::optional<int> deepCacheInterval(const QString& cache) {
    if (cache == QLatin1String("off"))
        return 0;
    static const QRegularExpression pattern(QStringLiteral("^deep:([0-9]{1,3})$"));
    const auto match = pattern.match(cache);
    if (!match.hasMatch() || match.captured(1).toInt() < 2)
        return std::nullopt;
    return match.captured(1).toInt();
}

bool isDraft(const GenerationRequest& request) {
    return deepCacheInterval(request.cache).value_or(0) > 0;
}

ParameterMember parameterMember(RequestParameter parameter) {
    switch (parameter) {
        case RequestParameter::Width:
            return &GenerationRequest::width;
        case RequestParameter::Height:
            return &GenerationRequest::height;
        case RequestParameter::Frames:
            return &GenerationRequest::frames;
        case RequestParameter::Steps:
            return &GenerationRequest::steps;
        case RequestParameter::Guidance:
            return &GenerationRequest::guidance;
        case RequestParameter::GuidanceUntil:
            return &GenerationRequest::guidanceUntil;
        case RequestParameter::TargetFps:
            return &GenerationRequest::targetFps;
        case RequestParameter::OutputFps:
            return &GenerationRequest::outputFps;
        case RequestParameter::Seed:
            return &GenerationRequest::seed;
        case RequestParameter::Eta:
            return &GenerationRequest::eta;
        case RequestParameter::DecodeChunkSize:
            return &GenerationRequest::decodeChunkSize;
    }
    Q_UNREACHABLE();
    return &GenerationRequest::width;
}

double parameterValue(const GenerationRequest& request, RequestParameter parameter) {
    return std::visit([&](auto member) { return double(request.*member); },
                      parameterMember(parameter));
}

void setParameterValue(GenerationRequest& request, RequestParameter parameter, double value) {
    std::visit(
        [&](auto member) {
            using Value = std::remove_reference_t<decltype(request.*member)>;
            request.*member = Value(value);
        },
        parameterMember(parameter));
}

QJsonObject GenerationRequest::toJson() const {
    QJsonObject json{{"model", modelFolder}, {"image", imagePath},
                     {"prompt", prompt},     {"negative_prompt", negativePrompt},
                     {"device", device},     {"dtype", dtype},
                     {"format", format},     {"output", outputPath},
                     {"sampler", sampler},   {"cache", cache}};
    for (const auto& spec : kRequestParameters) {
        const QLatin1String key(spec.jsonKey);
        switch (spec.type) {
            case ParameterType::Integer:
                json.insert(key, int(parameterValue(*this, spec.id)));
                break;
            case ParameterType::Real:
                json.insert(key, parameterValue(*this, spec.id));
                break;
            case ParameterType::Seed:
                json.insert(key, seedToJson(seed));
                break;
        }
    }
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
    for (const auto& spec : kRequestParameters) {
        if (spec.type == ParameterType::Seed)
            continue;  // with vae_seed below
        if (spec.type == ParameterType::Integer)
            readInt(spec.jsonKey,
                    request.*std::get<int GenerationRequest::*>(parameterMember(spec.id)));
        else
            readDouble(spec.jsonKey,
                       request.*std::get<double GenerationRequest::*>(parameterMember(spec.id)));
    }
    readString("device", request.device);
    readString("dtype", request.dtype);
    readString("format", request.format);
    readString("sampler", request.sampler);
    readString("cache", request.cache);
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
    const char* seedKey = parameterSpec(RequestParameter::Seed).jsonKey;
    for (const char* key : {seedKey, "vae_seed"}) {
        const auto value = json.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        const auto seed = seedFromJson(value);
        if (!seed) {
            problem(QLatin1String(key),
                    QStringLiteral("\"%1\" must be a non-negative integer (a string above 2^53)")
                        .arg(key));
        } else if (key == seedKey) {
            request.seed = *seed;
        } else {
            request.vaeSeed = *seed;
        }
    }
    return request;
}

namespace {

Expected<RecordedRequest> recordedRequest(const QJsonObject& requestJson, const QString& source) {
    if (requestJson.isEmpty()) {
        return failWith(
            QStringLiteral("%1 holds no Kinora request (not made by Kinora, or its metadata was "
                           "stripped)")
                .arg(source));
    }
    QList<RequestProblem> problems;
    RecordedRequest recorded;
    recorded.request = requestFromJson(requestJson, {}, &problems);
    if (!problems.isEmpty()) {
        return failWith(QStringLiteral("%1: %2").arg(source, problems.front().message));
    }
    return recorded;
}

}  // namespace

Expected<RecordedRequest> requestFromSidecar(const QByteArray& sidecarJson, const QString& source) {
    const QJsonObject sidecar = QJsonDocument::fromJson(sidecarJson).object();
    auto recorded = recordedRequest(sidecar.value(QLatin1String("request")).toObject(), source);
    if (!recorded)
        return recorded;
    // Only a name in the record's own folder: a record must not point the replay at any file.
    const QString imageName = sidecar.value(QLatin1String("source_image")).toString();
    if (!imageName.isEmpty() && QFileInfo(imageName).fileName() == imageName &&
        imageName != QLatin1String("..") && imageName != QLatin1String("."))
        recorded->sourceImageName = imageName;
    return recorded;
}

Expected<RecordedRequest> requestFromMetadata(const QByteArray& requestJson,
                                              const QString& source) {
    return recordedRequest(QJsonDocument::fromJson(requestJson).object(), source);
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
    for (const auto& spec : kRequestParameters) {
        if (spec.type == ParameterType::Seed)
            continue;  // every quint64 is a seed
        const double value = parameterValue(request, spec.id);
        const QLatin1String field(spec.jsonKey);
        if (!spec.limits.contains(value)) {
            QString remedy = parameterRemedy(spec.id);
            if (spec.id == RequestParameter::Width || spec.id == RequestParameter::Height)
                remedy += QStringLiteral(", a preset, or --resolution 512p|768p|1024p|native");
            problems.append({field, parameterLimitMessage(spec.id, value), remedy});
        } else if (int(value) % spec.multipleOf != 0) {
            // Only width and height ask for a multiple, for the VAE.
            const int below = int(value) / spec.multipleOf * spec.multipleOf;
            problems.append(
                {field,
                 QStringLiteral("%1 %2 is not a multiple of %3 (the VAE works on 8x8 blocks)")
                     .arg(QLatin1String(spec.name))
                     .arg(int(value))
                     .arg(spec.multipleOf),
                 QStringLiteral("Use %1 or %2 (multiples of 64 work best)")
                     .arg(below)
                     .arg(below + spec.multipleOf)});
        }
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
    if (!deepCacheInterval(request.cache)) {
        add("cache", QStringLiteral("unknown cache setting \"%1\"").arg(request.cache),
            QStringLiteral("Use off, or deep:N with N from 2 to 999 (deep:2 or deep:3 for a "
                           "draft)"));
    }
    if (const auto sampler = model::samplerFromName(request.sampler.toStdString()); !sampler) {
        add("sampler", QStringLiteral("unknown sampler \"%1\"").arg(request.sampler),
            QStringLiteral("Use one of: %1").arg(QString::fromStdString(model::samplerNames())));
    } else if (const auto& info = model::samplerInfo(*sampler);
               // Below the table's minimum, the steps' own limit message says it.
               request.steps >= parameterSpec(RequestParameter::Steps).intMinimum() &&
               request.steps < info.minimumSteps) {
        add("steps",
            QStringLiteral("%1 needs at least %2 steps (it is a multistep solver of order %2), "
                           "not %3")
                .arg(QLatin1String(info.name))
                .arg(info.minimumSteps)
                .arg(request.steps),
            QStringLiteral("Use %1 to %2 steps with %3, or another sampler")
                .arg(info.usefulStepsLow)
                .arg(info.usefulStepsHigh)
                .arg(QLatin1String(info.name)));
    }
    return problems;
}

std::optional<QSize> sizeForResolution(const QString& resolution, QSize imageSize) {
    const QString name = resolution.trimmed().toLower();
    if (name == QLatin1String("native"))
        return QSize(parameterSpec(RequestParameter::Width).intDefault(),
                     parameterSpec(RequestParameter::Height).intDefault());
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{3,4})p$"));
    const auto match = pattern.match(name);
    if (!match.hasMatch())
        return std::nullopt;
    const int shortSide = roundToMultiple(match.captured(1).toInt(), 64);
    // Width and height share their limits.
    const int maxSide = parameterSpec(RequestParameter::Width).intMaximum();
    if (shortSide > maxSide)
        return std::nullopt;
    const bool known = imageSize.width() > 0 && imageSize.height() > 0;
    const double aspect = known ? double(imageSize.width()) / imageSize.height() : 16.0 / 9.0;
    if (aspect >= 1.0)
        return QSize(std::min(maxSide, roundToMultiple(shortSide * aspect, 64)), shortSide);
    return QSize(shortSide, std::min(maxSide, roundToMultiple(shortSide / aspect, 64)));
}

}  // namespace kinora
