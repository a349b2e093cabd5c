#include "RequestOptions.h"

#include <QImageReader>
#include <QStringList>

#include <random>
#include <utility>

#include "facade/GenerationService.h"
#include "facade/Presets.h"
#include "model/schedulers/SamplerCatalog.h"

namespace kinora::cli {
namespace {

bool parseInt(const QCommandLineParser& parser, const QCommandLineOption& option, int& field,
              QString* error) {
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok) {
        *error = QStringLiteral("--%1 needs an integer, not \"%2\"")
                     .arg(option.names().front(), parser.value(option));
        return false;
    }
    field = value;
    return true;
}

quint64 randomSeed() {
    std::random_device device;
    return ((quint64(device()) << 32) | device()) & ((1ull << 53) - 1);
}

}  // namespace

QCommandLineOption parameterOption(RequestParameter parameter, const QString& defaultNote) {
    const auto& spec = parameterSpec(parameter);
    QStringList names{QLatin1String(spec.cli.flag)};
    for (const char* name : {spec.cli.alias, spec.cli.shortName})
        if (name)
            names << QLatin1String(name);
    return QCommandLineOption(
        names,
        parameterHelp(parameter) + QLatin1Char(' ') +
            (defaultNote.isEmpty() ? parameterDefaultText(parameter) : defaultNote),
        QLatin1String(spec.cli.valueName));
}

QString samplerHelp() {
    QStringList lines;
    for (const auto& info : model::samplerCatalog()) {
        lines << QStringLiteral("%1 (%2-%3 steps): %4")
                     .arg(QLatin1String(info.name))
                     .arg(info.usefulStepsLow)
                     .arg(info.usefulStepsHigh)
                     .arg(QLatin1String(info.summary));
    }
    return QStringLiteral("The denoising sampler (default: ddim, or the preset's): ") +
           lines.join(QStringLiteral("; ")) + QLatin1Char('.');
}

void RequestOptions::addTo(QCommandLineParser& parser) const {
    parser.addOptions({model,   image,     prompt,      negative, preset,   resolution,
                       width,   height,    frames,      steps,    guidance, guidanceUntil,
                       sampler, targetFps, fps,         seed,     vaeSeed,  candidates,
                       seeds,   format,    decodeChunk, device,   dtype,    threads,
                       output,  from,      keepLatents, json,     engine,   force});
    parser.addOptions({preprocess, autoExposure, cache});
}

QSize imageSize(const QString& path) {
    return path.isEmpty() ? QSize() : QImageReader(path).size();
}

std::optional<GenerationRequest> buildRequest(bool requireOutput, const QCommandLineParser& parser,
                                              const RequestOptions& o, QString* error,
                                              const QString& defaultPreset) {
    GenerationRequest request;
    if (parser.isSet(o.from)) {
        auto replayed = requestFromRecord(parser.value(o.from));
        if (!replayed) {
            *error = replayed.error().message;
            return std::nullopt;
        }
        request = *replayed;
    } else {
        const QString presetName = parser.isSet(o.preset) ? parser.value(o.preset) : defaultPreset;
        const auto preset = findPreset(presetName);
        if (!preset) {
            *error = QStringLiteral("unknown preset \"%1\" (fast, balanced, quality, native)")
                         .arg(presetName);
            return std::nullopt;
        }
        request.imagePath = parser.value(o.image);
        request = applyPreset(*preset, request, imageSize(request.imagePath));
        request.seed = randomSeed();
    }
    if (parser.isSet(o.model))
        request.modelFolder = parser.value(o.model);
    if (request.modelFolder.isEmpty())
        request.modelFolder = qEnvironmentVariable("KINORA_MODEL");
    // The text flags, each straight into its field.
    using TextField = std::pair<const QCommandLineOption*, QString GenerationRequest::*>;
    for (const auto& [option, field] : {TextField{&o.image, &GenerationRequest::imagePath},
                                        TextField{&o.prompt, &GenerationRequest::prompt},
                                        TextField{&o.negative, &GenerationRequest::negativePrompt},
                                        TextField{&o.format, &GenerationRequest::format},
                                        TextField{&o.sampler, &GenerationRequest::sampler},
                                        TextField{&o.cache, &GenerationRequest::cache},
                                        TextField{&o.device, &GenerationRequest::device},
                                        TextField{&o.dtype, &GenerationRequest::dtype},
                                        TextField{&o.output, &GenerationRequest::outputPath}}) {
        if (parser.isSet(*option))
            request.*field = parser.value(*option);
    }
    if (parser.isSet(o.resolution)) {
        const auto size =
            sizeForResolution(parser.value(o.resolution), imageSize(request.imagePath));
        if (!size) {
            *error = QStringLiteral("unknown resolution \"%1\" (512p, 768p, 1024p or native)")
                         .arg(parser.value(o.resolution));
            return std::nullopt;
        }
        request.width = size->width();
        request.height = size->height();
    }
    if (!parseInt(parser, o.width, request.width, error) ||
        !parseInt(parser, o.height, request.height, error) ||
        !parseInt(parser, o.frames, request.frames, error) ||
        !parseInt(parser, o.steps, request.steps, error) ||
        !parseInt(parser, o.targetFps, request.targetFps, error) ||
        !parseInt(parser, o.fps, request.outputFps, error) ||
        !parseInt(parser, o.decodeChunk, request.decodeChunkSize, error)) {
        return std::nullopt;
    }
    using RealField = std::pair<const QCommandLineOption*, double GenerationRequest::*>;
    for (const auto& [option, field] :
         {RealField{&o.guidance, &GenerationRequest::guidance},
          RealField{&o.guidanceUntil, &GenerationRequest::guidanceUntil}}) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        request.*field = parser.value(*option).toDouble(&ok);
        if (!ok) {
            *error = QStringLiteral("--%1 needs a number, not \"%2\"")
                         .arg(option->names().front(), parser.value(*option));
            return std::nullopt;
        }
    }
    for (const auto* option : {&o.seed, &o.vaeSeed}) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        const quint64 value = parser.value(*option).toULongLong(&ok);
        if (!ok) {
            *error =
                QStringLiteral("--%1 needs a non-negative integer").arg(option->names().front());
            return std::nullopt;
        }
        if (option == &o.seed)
            request.seed = value;
        else
            request.vaeSeed = value;
    }
    if (parser.isSet(o.preprocess))
        request.preprocess = PreprocessSettings::advised();
    if (parser.isSet(o.autoExposure))
        request.preprocess.exposure = true;
    if (!requireOutput)
        return request;
    if (request.outputPath.isEmpty()) {
        *error = QStringLiteral("no --output given: name the video to write");
        return std::nullopt;
    }
    const QString suffix =
        request.format == QLatin1String("png") ? QString() : QLatin1Char('.') + request.format;
    if (!suffix.isEmpty() && !request.outputPath.endsWith(suffix, Qt::CaseInsensitive)) {
        *error = QStringLiteral("the output %1 does not end in %2 (the format is %3)")
                     .arg(request.outputPath, suffix, request.format);
        return std::nullopt;
    }
    return request;
}

}  // namespace kinora::cli
