#include "facade/JobRecordWriter.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

#include <unistd.h>

#include "facade/JobOutcomes.h"
#include "facade/JobRecord.h"
#include "facade/Version.h"
#include "media/VideoExporter.h"
#include "model/weights/SafetensorsFile.h"

namespace kinora {
namespace {

// The identity of the weights a video was made with: for each weight file its size and the
// SHA-256 of its safetensors header (names, shapes, dtypes, offsets). Hashing gigabytes of
// weights would take minutes per job; the header changes with any re-export of the weights.
QJsonObject modelFingerprint(const QString& folder) {
    QJsonObject files;
    for (const char* component : {"unet", "vae", "text_encoder", "image_encoder"}) {
        const QDir dir(folder + QLatin1Char('/') + QLatin1String(component));
        for (const auto& name : dir.entryList({QStringLiteral("*.safetensors")}, QDir::Files)) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray lengthBytes = file.read(8);
            quint64 length = 0;
            for (int i = 7; i >= 0 && lengthBytes.size() == 8; --i)
                length = (length << 8) | quint8(lengthBytes[i]);
            const QByteArray header =
                file.read(qint64(std::min<quint64>(length, model::kMaxSafetensorsHeaderBytes)));
            files.insert(
                QLatin1String(component) + QLatin1Char('/') + name,
                QJsonObject{
                    {"bytes", double(file.size())},
                    {"header_sha256",
                     QString::fromLatin1(
                         QCryptographicHash::hash(header, QCryptographicHash::Sha256).toHex())}});
        }
    }
    return QJsonObject{{"folder", QDir(folder).absolutePath()}, {"weights", files}};
}

}  // namespace

Expected<void> writeFileAtomically(const QString& path, const QByteArray& contents) {
    const QFileInfo target(path);
    const QString temporary =
        target.dir().filePath(QLatin1Char('.') + target.fileName() + QStringLiteral(".part"));
    QFile file(temporary);
    const bool written = file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
                         file.write(contents) == contents.size() && file.flush() &&
                         ::fsync(file.handle()) == 0;
    if (!written) {
        const QString why = file.errorString();
        file.close();
        QFile::remove(temporary);
        return failWith(why);
    }
    file.close();
    if (std::rename(QFile::encodeName(temporary).constData(),
                    QFile::encodeName(path).constData()) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        QFile::remove(temporary);
        return failWith(why);
    }
    return {};
}

Expected<void> writeJsonAtomically(const QString& path, const QJsonObject& json) {
    return writeFileAtomically(path, QJsonDocument(json).toJson(QJsonDocument::Indented));
}

Expected<void> copyFileAtomically(const QString& from, const QString& to) {
    QFile source(from);
    if (!source.open(QIODevice::ReadOnly))
        return failWith(source.errorString());
    return writeFileAtomically(to, source.readAll());
}

GenerationOutcome publishVideo(const QList<QImage>& frames, const VideoRecord& record,
                               const QString& latentsPath,
                               const std::function<void(int done, int total)>& progress,
                               const std::function<bool()>& cancelled) {
    const GenerationRequest& request = record.request;
    auto format = media::exportFormatFromName(request.format);
    if (!format)
        return failedOutcome(format.error().message, format.error().remedy);
    media::ExportOptions options;
    options.format = *format;
    options.fps = media::FrameRate{request.outputFps, 1};
    const QJsonObject requestJson = request.toJson();
    options.metadata.insert(
        QString::fromLatin1(kRequestMetadataKey),
        QString::fromUtf8(QJsonDocument(requestJson).toJson(QJsonDocument::Compact)));
    options.metadata.insert(QStringLiteral("comment"),
                            QStringLiteral("Made with Kinora %1 (I2VGen-XL)").arg(KINORA_VERSION));
    options.cancelRequested = cancelled;
    options.progress = progress;
    const QString sidecarPath = sidecarPathFor(request.outputPath);
    bool sidecarWritten = false;
    options.beforePublish = [&](const media::ExportedVideo& video) -> media::MediaExpected<void> {
        QJsonObject sidecar{{"kinora_version", QStringLiteral(KINORA_VERSION)},
                            {"created", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                            {"request", requestJson},
                            {"video", QFileInfo(video.path).fileName()},
                            {"source_image", QFileInfo(record.sourceImagePath).fileName()},
                            {"frames", video.frameCount},
                            {"model", modelFingerprint(request.modelFolder)}};
        for (auto it = record.memoryRecord.begin(); it != record.memoryRecord.end(); ++it)
            sidecar.insert(it.key(), it.value());
        if (!record.memoryNotes.isEmpty())
            sidecar.insert("memory_recovery", QJsonArray::fromStringList(record.memoryNotes));
        if (const auto written = writeJsonAtomically(sidecarPath, sidecar); !written) {
            return media::mediaFailure(
                media::MediaError::Code::WriteFailed,
                QStringLiteral("Cannot write the sidecar %1: %2")
                    .arg(sidecarPath, written.error().message),
                QStringLiteral("Free disk space or choose a folder you can write to"));
        }
        sidecarWritten = true;
        return {};
    };
    media::MediaExpected<media::ExportedVideo> exported;
    try {
        exported = media::exportVideo(
            request.outputPath, int(frames.size()), [&](int index) { return frames[index]; },
            options);
    } catch (const std::exception& error) {
        // The exporter removes its temporary file on the way out; the latents stay.
        if (sidecarWritten)
            QFile::remove(sidecarPath);
        auto outcome = failedOutcome(
            QStringLiteral("Writing the video failed; the denoised latents are kept in %1")
                .arg(latentsPath),
            QStringLiteral("Finish the video without denoising again: kinora-cli decode \"%1\"")
                .arg(latentsPath),
            QString::fromUtf8(error.what()));
        outcome.latentsPath = latentsPath;
        return outcome;
    }
    if (!exported) {
        if (sidecarWritten)
            QFile::remove(sidecarPath);
        if (exported.error().code == media::MediaError::Code::Cancelled) {
            auto outcome = cancelledOutcome();
            outcome.latentsPath = latentsPath;
            return outcome;
        }
        auto outcome = failedOutcome(exported.error().message, exported.error().remedy);
        outcome.latentsPath = latentsPath;
        return outcome;
    }

    GenerationOutcome outcome;
    outcome.status = GenerationOutcome::Status::Succeeded;
    outcome.videoPath = exported->path;
    outcome.sidecarPath = sidecarPath;
    return outcome;
}

}  // namespace kinora
