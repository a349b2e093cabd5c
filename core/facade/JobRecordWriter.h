// Writing a finished job's files so that each appears whole or not at all: the video with the
// request in its metadata, the JSON sidecar beside it (request, model identity, memory plan and
// what memory made the job do) and the copy of the source image. Facade-private: the generation
// service writes them; JobRecord.h says where they are and reads them back.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

#include "facade/Expected.h"
#include "facade/GenerationOutcome.h"
#include "facade/GenerationRequest.h"

namespace kinora {

// Writes into a hidden `.name.part` beside `path` (which media::removeStaleTemporaries()
// recognises), then renames it, so the file survives a killed process whole or not at all.
Expected<void> writeFileAtomically(const QString& path, const QByteArray& contents);
Expected<void> writeJsonAtomically(const QString& path, const QJsonObject& json);
// QFile::copy leaves a visible qt_temp.XXXXXX behind when killed; this leaves at most a hidden
// temporary that the next run removes.
Expected<void> copyFileAtomically(const QString& from, const QString& to);

// What a video's record holds beside the frames.
struct VideoRecord {
    GenerationRequest request;  // as it ran (after any downgrade)
    QString sourceImagePath;    // the copy of the input image beside the video
    QJsonObject memoryRecord;   // sidecar entries beside the request ("memory_plan")
    QStringList memoryNotes;    // what memory made the job do ("memory_recovery")
};

// Encodes the frames as the request's video and writes its sidecar just before the video's
// rename: a video never exists without its record, even when the process is killed in between
// (a record without its video is an unfinished job, which the next run of it replaces). Succeeds
// with the video and sidecar paths; a failure names the kept `latentsPath`.
GenerationOutcome publishVideo(const QList<QImage>& frames, const VideoRecord& record,
                               const QString& latentsPath,
                               const std::function<void(int done, int total)>& progress,
                               const std::function<bool()>& cancelled);

}  // namespace kinora
