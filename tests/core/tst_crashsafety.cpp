// Crash safety: kinora-cli batch (on the fixture's model) and the camera engine are killed with
// SIGKILL at random moments of each stage (loading, denoising, saving the latents, decoding,
// writing the video) and started again. After every kill the output folder holds no partial file:
// each video is complete and has its sidecar, every other visible file is a complete latents file,
// source image copy or record; finished outputs are byte-identical to before; the batch file is
// intact. Latents of a job killed while decoding finish its video with kinora-cli decode. In the
// end the batch finishes with every video, and no temporary or latents file is left.
// KINORA_CRASH_SEED picks other kill moments (the seed is printed).
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <functional>
#include <memory>

#include "common/CliRun.h"
#include "common/Fixture.h"
#include "media/VideoReader.h"
#include "model/weights/SafetensorsFile.h"

namespace {

using kinora::test::inputImage;
using kinora::test::pipelineCase;

// Small jobs keep 20+ restarts well inside a minute on two cores; prompt, size, guidance come
// from the fixture's pipeline case.
constexpr int kFrames = 3;
constexpr int kSteps = 2;
constexpr int kMinimumKills = 20;
constexpr int kJobsPerAppend = 3;
// Every fourth kill hits the camera engine instead of the batch, on a job long enough to be hit
// while it writes the video.
constexpr int kCameraEvery = 4;
constexpr int kCameraFrames = 24;

// The stages a kill aims at, as kinora-cli --json names them (GenerationService's stageName).
const QStringList kBatchStages{"loading the model", "denoising", "saving the latents",
                               "decoding frames", "writing the video"};

QByteArray fileHash(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

QStringList threadArguments() {
    const int threads = qEnvironmentVariableIntValue("KINORA_TEST_THREADS");
    return threads > 0 ? QStringList{"--threads", QString::number(threads)} : QStringList{};
}

struct Run {
    bool killed = false;
    int exitCode = -1;
    QString stageAtKill;  // the last stage the process announced before the kill
    QString output;
};

// A progress event of kinora-cli --json: true when this is the moment to kill.
using KillWhen = std::function<bool(const QJsonObject& event)>;

// The start of `stage` in the `occurrence`-th job (0-based) that reaches it.
KillWhen atStageStart(const QString& stage, int occurrence) {
    auto started = std::make_shared<QSet<QString>>();
    return [=](const QJsonObject& event) {
        if (event.value("stage").toString() != stage)
            return false;
        const QString job = event.value("job").toString();
        if (started->contains(job))
            return false;
        started->insert(job);
        return started->size() == occurrence + 1;
    };
}

// Runs kinora-cli with --json, and kills it with SIGKILL `delayMs` after `killWhen` says so,
// unless it finishes first. No predicate: no kill.
Run runAndKill(const QStringList& arguments, const KillWhen& killWhen, int delayMs) {
    QProcess process;
    process.setProgram(QStringLiteral(KINORA_BINARY_DIR "/app/kinora-cli"));
    process.setArguments(arguments);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("KINORA_MODEL"));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start();
    Run run;
    QByteArray pending;
    QElapsedTimer timer;
    timer.start();
    while (process.state() != QProcess::NotRunning && timer.elapsed() < 120000) {
        process.waitForReadyRead(50);
        pending += process.readAllStandardOutput();
        int newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(newline);
            pending.remove(0, newline + 1);
            run.output += QString::fromUtf8(line) + QLatin1Char('\n');
            const auto event = QJsonDocument::fromJson(line).object();
            const QString stage = event.value("stage").toString();
            if (stage.isEmpty())
                continue;
            run.stageAtKill = stage;
            if (killWhen && killWhen(event)) {
                QThread::msleep(ulong(delayMs));
                if (process.state() != QProcess::NotRunning) {
                    process.kill();  // SIGKILL
                    process.waitForFinished();
                    run.killed = process.exitStatus() == QProcess::CrashExit;
                    return run;
                }
            }
        }
    }
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        run.output += QStringLiteral("\n(timed out)");
        return run;
    }
    run.output += QString::fromUtf8(process.readAllStandardError()).right(2000);
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    return run;
}

class CrashSafetyTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString folder_;
    QString jobsPath_;
    int jobCount_ = 0;
    QStringList outputs_;                 // every job's video, batch and camera
    QMap<QString, QByteArray> finished_;  // video and sidecar paths -> hash when finished
    QMap<QString, int> killsByStage_;
    QSet<QString> temporariesSeen_;  // hidden leftovers of killed runs (removed by the next run)

    QByteArray batchLine(const QString& output, int seed) const {
        return kinora::test::batchLine(output, seed, kFrames, kSteps);
    }

    void appendJobs() {
        QFile file(jobsPath_);
        QVERIFY(file.open(QIODevice::Append));
        for (int i = 0; i < kJobsPerAppend; ++i, ++jobCount_) {
            const QString output = folder_ + QStringLiteral("/job%1.mp4").arg(jobCount_);
            outputs_ << output;
            QVERIFY(file.write(batchLine(output, 100 + jobCount_)) > 0);
        }
    }

    int unfinishedBatchJobs() const {
        int count = 0;
        for (const auto& output : outputs_)
            if (QFileInfo(output).fileName().startsWith("job") && !QFile::exists(output))
                ++count;
        return count;
    }

    QStringList batchArguments() const {
        return QStringList{"batch", "--json", "--model", kinora::test::fixtureDir(), jobsPath_} +
               threadArguments();
    }

    QStringList cameraArguments(const QString& output) const {
        const QJsonObject pipeline = pipelineCase();
        return QStringList{"generate", "--json",
                           "--engine", "camera",
                           "--image",  inputImage(),
                           "--prompt", "camera slowly zooming in",
                           "--width",  QString::number(pipeline.value("width").toInt() * 4),
                           "--height", QString::number(pipeline.value("height").toInt() * 4),
                           "--frames", QString::number(kCameraFrames),
                           "--output", output};
    }

    // What may be in the folder after a kill: complete videos with their sidecars, records of
    // unfinished jobs, complete latents and source copies, hidden temporaries (`allowHidden`).
    void checkFolder(bool allowHidden) {
        const QByteArray sourceHash = fileHash(inputImage());
        const QDir dir(folder_);
        for (const QFileInfo& entry : dir.entryInfoList(
                 QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name)) {
            const QString name = entry.fileName();
            const QString path = entry.filePath();
            if (name.startsWith(QLatin1Char('.'))) {
                QVERIFY2(allowHidden, qPrintable("a temporary is left: " + name));
                temporariesSeen_.insert(name);
                continue;
            }
            if (name == QLatin1String("jobs.jsonl"))
                continue;
            if (name.endsWith(QLatin1String(".latents.safetensors"))) {
                const auto file = kinora::model::SafetensorsFile::open(path.toStdString());
                QVERIFY2(file.has_value(), qPrintable("partial latents: " + name));
                QVERIFY(file->find("latents") != nullptr);
            } else if (name.endsWith(QLatin1String(".source.png"))) {
                QVERIFY2(fileHash(path) == sourceHash, qPrintable("partial source copy: " + name));
            } else if (name.endsWith(QLatin1String(".json"))) {
                QFile file(path);
                QVERIFY(file.open(QIODevice::ReadOnly));
                const auto record = QJsonDocument::fromJson(file.readAll()).object();
                QVERIFY2(record.contains("request"), qPrintable("partial sidecar: " + name));
            } else if (name.endsWith(QLatin1String(".mp4"))) {
                const QString sidecar = dir.filePath(entry.completeBaseName() + ".json");
                QVERIFY2(QFile::exists(sidecar), qPrintable("a video without sidecar: " + name));
                auto reader = kinora::media::VideoReader::open(path);
                QVERIFY2(reader.has_value(), qPrintable("unreadable video: " + name));
                const auto frames = reader->readFrames();
                const int expected = name.startsWith("camera") ? kCameraFrames : kFrames;
                QVERIFY2(frames && frames->size() == expected,
                         qPrintable("incomplete video: " + name));
            } else {
                QFAIL(qPrintable("a file that is no finished output: " + name));
            }
        }
        for (auto it = finished_.cbegin(); it != finished_.cend(); ++it)
            QVERIFY2(fileHash(it.key()) == it.value(),
                     qPrintable("a finished output changed: " + it.key()));
    }

    void recordFinished() {
        for (const auto& output : outputs_) {
            const QString sidecar = QFileInfo(output).dir().filePath(
                QFileInfo(output).completeBaseName() + QStringLiteral(".json"));
            if (QFile::exists(output) && !finished_.contains(output)) {
                finished_.insert(output, fileHash(output));
                finished_.insert(sidecar, fileHash(sidecar));
            }
        }
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY2(QFileInfo::exists(kinora::test::fixtureDir() + "/model_index.json"),
                 "the fixture's model folder is missing");
        QVERIFY(!pipelineCase().isEmpty());
        folder_ = dir_.path();
        jobsPath_ = folder_ + QStringLiteral("/jobs.jsonl");
    }

    void killedJobsLoseNothing() {
        const quint32 seed = qEnvironmentVariableIsSet("KINORA_CRASH_SEED")
                                 ? quint32(qEnvironmentVariableIntValue("KINORA_CRASH_SEED"))
                                 : QRandomGenerator::global()->generate();
        qInfo("kill moments from KINORA_CRASH_SEED=%u", seed);
        QRandomGenerator random(seed);
        appendJobs();
        int kills = 0;
        int decodesFinished = 0;
        int cameraJobs = 0;
        while (kills < kMinimumKills) {
            if (unfinishedBatchJobs() == 0)
                appendJobs();
            const QByteArray jobsHash = fileHash(jobsPath_);
            Run run;
            if ((kills + 1) % kCameraEvery == 0) {
                const QString output = folder_ + QStringLiteral("/camera%1.mp4").arg(cameraJobs++);
                outputs_ << output;
                const int killAt = 1 + int(random.bounded(kCameraFrames - 2));
                run = runAndKill(
                    cameraArguments(output),
                    [killAt](const QJsonObject& event) {
                        return event.value("done").toInt() == killAt;
                    },
                    int(random.bounded(5)));
                QVERIFY2(run.killed, qPrintable(run.output));
                // Started again, the same job finishes over what the kill left.
                const Run again = runAndKill(cameraArguments(output), {}, 0);
                QVERIFY2(again.exitCode == 0, qPrintable(again.output));
            } else {
                // Aim at one stage of the first or second unfinished job (then the first
                // finishes), a few milliseconds in.
                const QString stage = kBatchStages[kills % kBatchStages.size()];
                const int occurrence = unfinishedBatchJobs() > 1 ? int(random.bounded(2)) : 0;
                run = runAndKill(batchArguments(), atStageStart(stage, occurrence),
                                 int(random.bounded(25)));
                if (!run.killed) {
                    // It finished (or failed) before the moment came: that is no kill.
                    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
                    recordFinished();
                    continue;
                }
            }
            ++kills;
            ++killsByStage_[run.stageAtKill];
            QVERIFY2(fileHash(jobsPath_) == jobsHash, "the batch file changed");
            checkFolder(true);
            if (QTest::currentTestFailed()) {
                qWarning().noquote() << "after kill" << kills << "in" << run.stageAtKill << "\n"
                                     << run.output.right(1500);
                return;
            }
            // A job killed while decoding or writing kept its latents: they finish the video.
            if (run.stageAtKill == QLatin1String("decoding frames") ||
                run.stageAtKill == QLatin1String("writing the video")) {
                for (const auto& output : outputs_) {
                    const QString latents = QFileInfo(output).dir().filePath(
                        QFileInfo(output).completeBaseName() + ".latents.safetensors");
                    if (QFile::exists(output) || !QFile::exists(latents))
                        continue;
                    const Run decode = runAndKill(QStringList{"decode", "--json", latents}, {}, 0);
                    QVERIFY2(decode.exitCode == 0, qPrintable(decode.output));
                    QVERIFY(QFile::exists(output));
                    QVERIFY(!QFile::exists(latents));
                    ++decodesFinished;
                }
            }
            recordFinished();
            checkFolder(true);
        }

        const Run last = runAndKill(batchArguments(), {}, 0);
        QVERIFY2(last.exitCode == 0, qPrintable(last.output));
        recordFinished();
        checkFolder(false);
        for (const auto& output : outputs_)
            QVERIFY2(QFile::exists(output), qPrintable(output + " was never finished"));
        QStringList tally;
        for (auto it = killsByStage_.cbegin(); it != killsByStage_.cend(); ++it)
            tally << QStringLiteral("%1: %2").arg(it.key()).arg(it.value());
        qInfo().noquote() << kills << "kills survived (" + tally.join(", ") + "),"
                          << decodesFinished << "videos finished from saved latents,"
                          << temporariesSeen_.size() << "leftover temporaries removed,"
                          << outputs_.size() << "videos in the end";
        for (const char* stage :
             {"loading the model", "denoising", "decoding frames", "writing the video"})
            QVERIFY2(killsByStage_.value(stage) > 0,
                     qPrintable(QStringLiteral("no kill landed in \"%1\"").arg(stage)));
    }
};

}  // namespace

QTEST_GUILESS_MAIN(CrashSafetyTest)
#include "tst_crashsafety.moc"
