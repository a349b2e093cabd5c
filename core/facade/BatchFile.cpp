#include "facade/BatchFile.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "facade/Presets.h"

namespace kinora {

bool isBatchJobLine(const QByteArray& line) {
    const QByteArray trimmed = line.trimmed();
    return !trimmed.isEmpty() && !trimmed.startsWith('#');
}

BatchJob parseBatchLine(const QByteArray& line, const QString& defaultModel,
                        const ImageSizeLookup& imageSize) {
    BatchJob job;
    QJsonParseError parseError;
    const auto document = QJsonDocument::fromJson(line.trimmed(), &parseError);
    if (!document.isObject()) {
        job.error = QStringLiteral("not a JSON object (%1)").arg(parseError.errorString());
        job.remedy = QStringLiteral(
            "Write one JSON object per line, e.g. {\"image\": ..., "
            "\"prompt\": ..., \"output\": ...}");
        return job;
    }
    const QJsonObject object = document.object();
    const QJsonValue presetValue = object.value(QLatin1String("preset"));
    const auto preset = findPreset(presetValue.toString(QStringLiteral("balanced")));
    if (!preset) {
        job.error = QStringLiteral("unknown preset");
        job.remedy = QStringLiteral("Use \"fast\", \"balanced\", \"quality\" or \"native\"");
        return job;
    }
    const QString image = object.value(QLatin1String("image")).toString();
    GenerationRequest base =
        applyPreset(*preset, {}, image.isEmpty() || !imageSize ? QSize() : imageSize(image));
    base.modelFolder = defaultModel;
    QList<RequestProblem> problems;
    job.request = requestFromJson(object, base, &problems);
    problems += validateRequest(job.request);
    if (job.request.outputPath.isEmpty()) {
        problems.append({QStringLiteral("output"), QStringLiteral("no \"output\""),
                         QStringLiteral("Add \"output\": the video to write")});
    }
    if (!problems.isEmpty()) {
        job.error = problems.front().message;
        job.remedy = problems.front().remedy;
    }
    return job;
}

}  // namespace kinora
