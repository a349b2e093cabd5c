#include "facade/JobRecord.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "media/VideoReader.h"

namespace kinora {

QString sidecarPathFor(const QString& outputPath) {
    const QFileInfo info(outputPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".json"));
}

QString latentsPathFor(const QString& outputPath) {
    const QFileInfo info(outputPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".latents.safetensors"));
}

QString sourceImagePathFor(const QString& outputPath, const QString& imagePath) {
    const QFileInfo output(outputPath);
    return output.dir().filePath(output.completeBaseName() + QStringLiteral(".source.") +
                                 QFileInfo(imagePath).suffix().toLower());
}

Expected<GenerationRequest> requestFromRecord(const QString& path) {
    Expected<RecordedRequest> recorded;
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return failWith(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
        recorded = requestFromSidecar(file.read(16 << 20), path);
    } else {
        auto reader = media::VideoReader::open(path);
        if (!reader)
            return failWith(reader.error().message);
        recorded = requestFromMetadata(
            reader->metadata().value(QString::fromLatin1(kRequestMetadataKey)).toUtf8(), path);
    }
    if (!recorded)
        return tl::unexpected(recorded.error());
    GenerationRequest request = recorded->request;
    // Prefer the copy of the source image beside the record: it travels with the video.
    const QString besideRecord = recorded->sourceImageName.isEmpty()
                                     ? sourceImagePathFor(path, request.imagePath)
                                     : QFileInfo(path).dir().filePath(recorded->sourceImageName);
    if (QFileInfo::exists(besideRecord))
        request.imagePath = besideRecord;
    return request;
}

}  // namespace kinora
