// Running kinora-cli from a test, and the fixture's end-to-end case that CLI tests build their
// requests from.
#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include "common/Fixture.h"

namespace kinora::test {

struct CliRun {
    int exitCode = -1;  // -1: it did not finish in time; -2: it crashed
    QString out;
    QString err;
};

// Runs kinora-cli. KINORA_MODEL is removed from its environment, so no test depends on the
// caller's, unless `modelFromEnvironment` names the folder to put there.
inline CliRun runCli(const QStringList& arguments, const QString& modelFromEnvironment = {},
                     int timeoutMs = 300000) {
    QProcess process;
    process.setProgram(QStringLiteral(KINORA_BINARY_DIR "/app/kinora-cli"));
    process.setArguments(arguments);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("KINORA_MODEL"));
    if (!modelFromEnvironment.isEmpty())
        environment.insert(QStringLiteral("KINORA_MODEL"), modelFromEnvironment);
    process.setProcessEnvironment(environment);
    process.start();
    CliRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

// "--threads N" when KINORA_TEST_THREADS asks for N compute threads.
inline QStringList testThreadArguments() {
    const int threads = qEnvironmentVariableIntValue("KINORA_TEST_THREADS");
    return threads > 0 ? QStringList{QStringLiteral("--threads"), QString::number(threads)}
                       : QStringList{};
}

inline QString describe(const CliRun& run) {
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3")
        .arg(run.exitCode)
        .arg(run.out.right(1500), run.err.right(3000));
}

// golden/cases.json's "pipeline" case: prompt, size, frames, steps, guidance, seeds.
inline QJsonObject pipelineCase() {
    QFile file(goldenDir() + QStringLiteral("/cases.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value("pipeline").toObject();
}

inline QString inputImage() {
    return goldenDir() + QStringLiteral("/input.png");
}

// One JSONL batch line: the pipeline case's prompt, size and guidance with `frames`, `steps`,
// `seed` and `output`.
inline QByteArray batchLine(const QString& output, int seed, int frames, int steps) {
    const QJsonObject pipeline = pipelineCase();
    return QJsonDocument(QJsonObject{{"image", inputImage()},
                                     {"prompt", pipeline.value("prompt")},
                                     {"width", pipeline.value("width")},
                                     {"height", pipeline.value("height")},
                                     {"frames", frames},
                                     {"steps", steps},
                                     {"guidance", pipeline.value("guidance_scale")},
                                     {"seed", seed},
                                     {"output", output}})
               .toJson(QJsonDocument::Compact) +
           '\n';
}

}  // namespace kinora::test
