// Where the tests find their fixture, and helpers to make broken copies of it.
#pragma once

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QString>

namespace kinora::test {

// The fixture folder: KINORA_FIXTURE_DIR from the environment, else the configured default.
inline QString fixtureDir() {
    const QString fromEnvironment = qEnvironmentVariable("KINORA_FIXTURE_DIR");
    return QDir(fromEnvironment.isEmpty() ? QStringLiteral(KINORA_DEFAULT_FIXTURE_DIR)
                                          : fromEnvironment)
        .absolutePath();
}

inline QString goldenDir() {
    return fixtureDir() + QStringLiteral("/golden");
}

// Copies a folder tree (files made writable, so tests can damage the copy).
inline bool copyTree(const QString& from, const QString& to, const QStringList& skipDirs = {}) {
    QDir source(from);
    if (!source.exists() || !QDir().mkpath(to))
        return false;
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = source.relativeFilePath(path);
        if (skipDirs.contains(relative.section(QLatin1Char('/'), 0, 0)))
            continue;
        const QString target = to + QLatin1Char('/') + relative;
        QDir().mkpath(QFileInfo(target).absolutePath());
        if (!QFile::copy(path, target))
            return false;
        QFile::setPermissions(
            target, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    return true;
}

}  // namespace kinora::test
