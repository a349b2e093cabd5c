// Small file helpers the tests share: reading a JSON record, listing a folder as the exporter
// leaves it, writing bytes, and decoding a written video back into frames.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "media/VideoReader.h"

namespace kinora::test {

// The JSON object in `path`; empty when the file is missing or not an object.
inline QJsonObject readJsonObject(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Every entry of `folder`, hidden ones too: the exporter writes its temporary files as
// .<name>.<random>.part, and a test that looks for leftovers must see them.
inline QStringList filesIn(const QString& folder) {
    return QDir(folder).entryList(QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot,
                                  QDir::Name);
}

inline bool writeFile(const QString& path, const QByteArray& contents) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(contents) == contents.size();
}

// The frames of the video at `videoPath`, decoded by Kinora's reader; empty when it cannot be read.
inline QList<QImage> decodedFrames(const QString& videoPath) {
    auto reader = media::VideoReader::open(videoPath);
    if (!reader)
        return {};
    auto frames = reader->readFrames();
    return frames ? *frames : QList<QImage>{};
}

}  // namespace kinora::test
