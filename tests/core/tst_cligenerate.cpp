// kinora-cli generate, decode, batch and doctor as a user runs them, on the tiny fixture with
// small requests: the files written, replay from a sidecar or video, one file per seed, JSON
// progress, the model folder from KINORA_MODEL, the camera engine without a model, a batch that
// keeps going past a bad line and resumes, shards that partition a batch exactly, decode from kept
// latents, and exit code 2 naming the flag for every bad flag value.
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "common/Allocator.h"
#include "common/CliRun.h"
#include "common/Files.h"
#include "common/Fixture.h"
#include "common/Outcome.h"

namespace {

using kinora::test::CliRun;
using kinora::test::decodedFrames;
using kinora::test::describe;
using kinora::test::filesIn;
using kinora::test::inputImage;
using kinora::test::pipelineCase;
using kinora::test::readJsonObject;
using kinora::test::runCli;
using kinora::test::writeFile;

// Small enough to keep the suite quick on two cores; the prompt, size, guidance and seed come from
// the fixture's pipeline case.
constexpr int kFrames = 3;
constexpr int kSteps = 2;

// One batch line for a small job.
QByteArray batchLine(const QString& output, int seed, int frames = kFrames) {
    return kinora::test::batchLine(output, seed, frames, kSteps);
}

// The request flags of a small job, without --model.
QStringList requestArguments(const QString& output, int seed) {
    const QJsonObject pipeline = pipelineCase();
    return QStringList{"--image",    inputImage(),
                       "--prompt",   pipeline.value("prompt").toString(),
                       "--width",    QString::number(pipeline.value("width").toInt()),
                       "--height",   QString::number(pipeline.value("height").toInt()),
                       "--frames",   QString::number(kFrames),
                       "--steps",    QString::number(kSteps),
                       "--guidance", QString::number(pipeline.value("guidance_scale").toDouble()),
                       "--seed",     QString::number(seed),
                       "--output",   output} +
           kinora::test::testThreadArguments();
}

QStringList generateArguments(const QString& output, int seed) {
    return QStringList{"generate", "--model", kinora::test::fixtureDir()} +
           requestArguments(output, seed);
}

}  // namespace

class TestCliGenerate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY2(!pipelineCase().isEmpty(), "golden/cases.json has no pipeline case");
        seed_ = pipelineCase().value("generator_seed").toInt();
        // The reference job the replay and decode tests compare with.
        referenceVideo_ = newFolder("reference") + QStringLiteral("/clip.mp4");
        const CliRun run = runCli(generateArguments(referenceVideo_, seed_));
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY2(run.out.contains(referenceVideo_), qPrintable(describe(run)));
        referenceFrames_ = decodedFrames(referenceVideo_);
        QCOMPARE(referenceFrames_.size(), kFrames);
    }

    void generateWritesVideoSidecarAndSourceImage() {
        const QString folder = QFileInfo(referenceVideo_).absolutePath();
        QCOMPARE(filesIn(folder), (QStringList{"clip.json", "clip.mp4", "clip.source.png"}));
        auto reader = kinora::media::VideoReader::open(referenceVideo_);
        QVERIFY(reader);
        const QJsonObject pipeline = pipelineCase();
        QCOMPARE(reader->info().frameCount, kFrames);
        QCOMPARE(reader->info().size,
                 QSize(pipeline.value("width").toInt(), pipeline.value("height").toInt()));
        const QJsonObject request =
            readJsonObject(folder + "/clip.json").value("request").toObject();
        QCOMPARE(request.value("prompt").toString(), pipeline.value("prompt").toString());
        QCOMPARE(request.value("seed").toInt(), seed_);
        QCOMPARE(request.value("steps").toInt(), kSteps);
        QCOMPARE(request.value("model").toString(), kinora::test::fixtureDir());
    }

    void replayReproducesFrames_data() {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("from the sidecar") << "json";
        QTest::newRow("from the video") << "mp4";
    }

    void replayReproducesFrames() {
        QFETCH(QString, suffix);
        const QString record = QFileInfo(referenceVideo_).absolutePath() + "/clip." + suffix;
        const QString output = newFolder("replay-" + suffix) + QStringLiteral("/again.mp4");
        const CliRun run = runCli(QStringList{"generate", "--from", record, "--output", output} +
                                  kinora::test::testThreadArguments());
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QCOMPARE(kinora::test::maxFrameDifference(decodedFrames(output), referenceFrames_), 0);
        QCOMPARE(readJsonObject(QFileInfo(output).absolutePath() + "/again.json")
                     .value("request")
                     .toObject()
                     .value("seed")
                     .toInt(),
                 seed_);
    }

    void seedsWriteOneVideoEach() {
        const QString folder = newFolder("seeds");
        const CliRun run =
            runCli(generateArguments(folder + "/clip.mp4", seed_) + QStringList{"--seeds", "1,2"});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QCOMPARE(filesIn(folder),
                 (QStringList{"clip_seed1.json", "clip_seed1.mp4", "clip_seed1.source.png",
                              "clip_seed2.json", "clip_seed2.mp4", "clip_seed2.source.png"}));
        for (int seed : {1, 2}) {
            const auto sidecar =
                readJsonObject(folder + QStringLiteral("/clip_seed%1.json").arg(seed));
            QCOMPARE(sidecar.value("request").toObject().value("seed").toInt(), seed);
        }
        const auto first = decodedFrames(folder + "/clip_seed1.mp4");
        const auto second = decodedFrames(folder + "/clip_seed2.mp4");
        QCOMPARE(first.size(), kFrames);
        QCOMPARE(second.size(), kFrames);
        QVERIFY(first != second);
    }

    void jsonProgressWithModelFromEnvironment() {
        const QString folder = newFolder("json");
        const CliRun run = runCli(
            QStringList{"generate", "--json"} + requestArguments(folder + "/clip.mp4", seed_),
            kinora::test::fixtureDir());
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY2(!run.err.contains("camera engine"), qPrintable(describe(run)));
        const QStringList lines = run.out.split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 2);
        QStringList stages;
        for (const QString& line : lines) {
            QJsonParseError error;
            const QJsonObject event = QJsonDocument::fromJson(line.toUtf8(), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(line));
            const QString kind = event.value("event").toString();
            QVERIFY2(kind == "progress" || kind == "result", qPrintable(line));
            if (kind == "progress" && !stages.contains(event.value("stage").toString()))
                stages << event.value("stage").toString();
        }
        QVERIFY2(stages.contains("denoising"), qPrintable(stages.join(", ")));
        const QJsonObject result = QJsonDocument::fromJson(lines.back().toUtf8()).object();
        QCOMPARE(result.value("event").toString(), QStringLiteral("result"));
        QCOMPARE(result.value("status").toString(), QStringLiteral("succeeded"));
        QCOMPARE(result.value("video").toString(), folder + "/clip.mp4");
        QVERIFY(QFileInfo::exists(folder + "/clip.mp4"));
        QCOMPARE(readJsonObject(folder + "/clip.json").value("request").toObject().value("model"),
                 QJsonValue(kinora::test::fixtureDir()));
    }

    void cameraEngineWithoutModel() {
        const QString folder = newFolder("camera");
        const CliRun run =
            runCli(QStringList{"generate"} + requestArguments(folder + "/clip.mp4", 1));
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY2(run.err.contains("using the camera engine"), qPrintable(describe(run)));
        QVERIFY(QFileInfo::exists(folder + "/clip.mp4"));
        QVERIFY(QFileInfo::exists(folder + "/clip.json"));
    }

    void batchKeepsGoingThenResumes() {
        const QString folder = newFolder("batch");
        const QString jobs = folder + "/jobs.jsonl";
        QVERIFY(writeFile(jobs, batchLine(folder + "/one.mp4", 1) +
                                    batchLine(folder + "/two.mp4", 2, 1) +
                                    batchLine(folder + "/three.mp4", 3)));
        const QStringList arguments =
            QStringList{"batch", "--model", kinora::test::fixtureDir(), jobs} +
            kinora::test::testThreadArguments();
        const CliRun run = runCli(arguments);
        QCOMPARE(run.exitCode, 1);
        // The failing line is reported with its number and what is wrong; the others are not.
        QVERIFY2(run.err.contains("kinora-cli: jobs.jsonl:2: frames 1 is outside"),
                 qPrintable(describe(run)));
        QVERIFY2(!run.err.contains("kinora-cli: jobs.jsonl:1:") &&
                     !run.err.contains("kinora-cli: jobs.jsonl:3:"),
                 qPrintable(describe(run)));
        QVERIFY2(run.err.contains("2 succeeded, 1 failed, 0 skipped"), qPrintable(describe(run)));
        QVERIFY(QFileInfo::exists(folder + "/one.mp4"));
        QVERIFY(!QFileInfo::exists(folder + "/two.mp4"));
        QVERIFY(QFileInfo::exists(folder + "/three.mp4"));
        const QDateTime written = QFileInfo(folder + "/one.mp4").lastModified();

        const CliRun again = runCli(arguments);
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("one.mp4 exists, skipped") &&
                     again.err.contains("three.mp4 exists, skipped"),
                 qPrintable(describe(again)));
        QVERIFY2(again.err.contains("0 succeeded, 1 failed, 2 skipped"),
                 qPrintable(describe(again)));
        QCOMPARE(QFileInfo(folder + "/one.mp4").lastModified(), written);
    }

    void shardsPartitionTheBatch() {
        const QString folder = newFolder("shards");
        const QString jobs = folder + "/jobs.jsonl";
        // Comments and blank lines are not jobs: the shards split the jobs, not the lines.
        QVERIFY(writeFile(jobs, "# four small jobs\n" + batchLine(folder + "/job0.mp4", 10) + "\n" +
                                    batchLine(folder + "/job1.mp4", 11) +
                                    batchLine(folder + "/job2.mp4", 12) +
                                    batchLine(folder + "/job3.mp4", 13)));
        const auto videos = [&] {
            return QDir(folder).entryList({QStringLiteral("*.mp4")}, QDir::Files, QDir::Name);
        };
        const QStringList common = QStringList{"batch", "--model", kinora::test::fixtureDir()} +
                                   kinora::test::testThreadArguments();
        const CliRun first = runCli(common + QStringList{"--shard", "0/2", jobs});
        QVERIFY2(first.exitCode == 0, qPrintable(describe(first)));
        QCOMPARE(videos(), (QStringList{"job0.mp4", "job2.mp4"}));
        const CliRun second = runCli(common + QStringList{"--shard", "1/2", jobs});
        QVERIFY2(second.exitCode == 0, qPrintable(describe(second)));
        QVERIFY2(second.err.contains("2 succeeded, 0 failed, 0 skipped"),
                 qPrintable(describe(second)));
        QCOMPARE(videos(), (QStringList{"job0.mp4", "job1.mp4", "job2.mp4", "job3.mp4"}));
    }

    void decodeFinishesFromKeptLatents() {
        const QString folder = newFolder("decode");
        const QString video = folder + "/clip.mp4";
        const CliRun run = runCli(generateArguments(video, seed_) + QStringList{"--keep-latents"});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const QString latents = folder + "/clip.latents.safetensors";
        QVERIFY(QFileInfo::exists(latents));
        // As after a failed decode: the latents and the source image, no video.
        QVERIFY(QFile::remove(video));
        QVERIFY(QFile::remove(folder + "/clip.json"));

        // The generate run's threads: another thread count sums in another order.
        const CliRun decoded = runCli(QStringList{"decode", latents, "--decode-chunk", "1"} +
                                      kinora::test::testThreadArguments());
        QVERIFY2(decoded.exitCode == 0, qPrintable(describe(decoded)));
        QCOMPARE(filesIn(folder), (QStringList{"clip.json", "clip.mp4", "clip.source.png"}));
        // Pixel by pixel (QImage's == also weighs how the decoder laid the rows out in memory).
        QCOMPARE(kinora::test::maxFrameDifference(decodedFrames(video), referenceFrames_), 0);
    }

    void badFlagValuesAreUsageErrors_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("non-integer --frames") << QStringList{"--frames", "many"} << "--frames";
        QTest::newRow("non-integer --steps") << QStringList{"--steps", "2.5"} << "--steps";
        QTest::newRow("non-number --guidance") << QStringList{"--guidance", "high"} << "--guidance";
        // The older name is an alias: the message names the flag.
        QTest::newRow("non-number --cfg") << QStringList{"--cfg", "high"} << "--guidance";
        QTest::newRow("negative --seed") << QStringList{"--seed", "-1"} << "--seed";
        QTest::newRow("unknown --preset") << QStringList{"--preset", "turbo"} << "preset";
        QTest::newRow("unknown --resolution") << QStringList{"--resolution", "4k"} << "resolution";
        QTest::newRow("output without the format's extension")
            << QStringList{"--output", dir_.filePath("clip.mov")} << "output";
        QTest::newRow("webm format, mp4 output")
            << QStringList{"--format", "webm", "--output", dir_.filePath("clip.mp4")} << "output";
        QTest::newRow("unknown --format")
            << QStringList{"--format", "avi", "--output", dir_.filePath("clip.avi")} << "format";
        QTest::newRow("width not a multiple of 8") << QStringList{"--width", "100"} << "width";
        QTest::newRow("1 frame") << QStringList{"--frames", "1"} << "frames";
        QTest::newRow("bad --seeds") << QStringList{"--seeds", "1,two"} << "--seeds";
        QTest::newRow("--candidates 0") << QStringList{"--candidates", "0"} << "--candidates";
        QTest::newRow("unknown --engine") << QStringList{"--engine", "magic"} << "engine";
        QTest::newRow("non-integer --threads") << QStringList{"--threads", "abc"} << "--threads";
        QTest::newRow("--threads 0") << QStringList{"--threads", "0"} << "--threads";
        QTest::newRow("unknown --sampler")
            << QStringList{"--sampler", "dpm-fast"} << "unknown sampler \"dpm-fast\"";
        QTest::newRow("--sampler lists the samplers")
            << QStringList{"--sampler", "dpm-fast"} << "dpmpp-2m, dpmpp-2m-karras, euler";
        QTest::newRow("unipc with 1 step")
            << QStringList{"--sampler", "unipc", "--steps", "1"} << "unipc needs at least 2 steps";
        QTest::newRow("non-number --guidance-until")
            << QStringList{"--guidance-until", "half"} << "--guidance-until";
        QTest::newRow("--guidance-until above 1")
            << QStringList{"--guidance-until", "1.5"} << "guidance until";
        QTest::newRow("--cache deep:1") << QStringList{"--cache", "deep:1"} << "cache";
        QTest::newRow("--cache on") << QStringList{"--cache", "on"} << "deep:N";
    }

    // The sampler, the guidance schedule and the draft cache reach the run and its record, and a
    // replay from the record runs them again.
    void samplerSettingsAreRecordedAndReplayed() {
        const QString folder = newFolder("sampler");
        const QString output = folder + QStringLiteral("/clip.mp4");
        const CliRun run = runCli(generateArguments(output, seed_) +
                                  QStringList{"--sampler", "dpmpp-2m", "--steps", "3",
                                              "--guidance-until", "0.5", "--cache", "deep:2"});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const QJsonObject request =
            readJsonObject(folder + "/clip.json").value("request").toObject();
        QCOMPARE(request.value("sampler").toString(), QStringLiteral("dpmpp-2m"));
        QCOMPARE(request.value("guidance_until").toDouble(), 0.5);
        QCOMPARE(request.value("cache").toString(), QStringLiteral("deep:2"));
        QVERIFY(kinora::test::maxFrameDifference(decodedFrames(output), referenceFrames_) > 0);
        const QString replay = folder + QStringLiteral("/again.mp4");
        const CliRun again =
            runCli(QStringList{"generate", "--from", folder + "/clip.mp4", "--output", replay} +
                   kinora::test::testThreadArguments());
        QVERIFY2(again.exitCode == 0, qPrintable(describe(again)));
        QCOMPARE(kinora::test::maxFrameDifference(decodedFrames(replay), decodedFrames(output)), 0);
    }

    void badFlagValuesAreUsageErrors() {
        QFETCH(QStringList, extra);
        QFETCH(QString, mentions);
        const QString folder = newFolder("bad-flags");
        // The bad value comes last, so it overrides the good one before it.
        const CliRun run = runCli(generateArguments(folder + "/clip.mp4", seed_) + extra);
        QVERIFY2(run.exitCode == 2, qPrintable(describe(run)));
        QVERIFY2(run.err.contains(mentions), qPrintable(describe(run)));
        QCOMPARE(filesIn(folder), QStringList{});
    }

    void badBatchAndDecodeFlags_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("--shard 3/2")
            << QStringList{"batch", "--shard", "3/2", "jobs.jsonl"} << "--shard";
        QTest::newRow("--shard 1")
            << QStringList{"batch", "--shard", "1", "jobs.jsonl"} << "--shard";
        QTest::newRow("--shard 0/0")
            << QStringList{"batch", "--shard", "0/0", "jobs.jsonl"} << "--shard";
        QTest::newRow("decode --threads many")
            << QStringList{"decode", "clip.latents.safetensors", "--threads", "many"}
            << "--threads";
        QTest::newRow("batch --threads -2")
            << QStringList{"batch", "--threads", "-2", "jobs.jsonl"} << "--threads";
        QTest::newRow("decode --decode-chunk 0")
            << QStringList{"decode", "clip.latents.safetensors", "--decode-chunk", "0"}
            << "--decode-chunk";
    }

    void badBatchAndDecodeFlags() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const CliRun run = runCli(arguments);
        QVERIFY2(run.exitCode == 2, qPrintable(describe(run)));
        QVERIFY2(run.err.contains(mentions), qPrintable(describe(run)));
    }

    void doctor_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<bool>("imageIsText");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("rules");
        QTest::newRow("abstract prompt without motion: warnings")
            << "a beautiful dreamy scene" << false << 0
            << QStringList{"warning", "no-motion", "abstract-words"};
        QTest::newRow("Chinese-only prompt: error")
            << QString::fromUtf8("一只猫在木地板上四处张望") << false << 1
            << QStringList{"error", "non-english"};
        QTest::newRow("text file as image: error")
            << "the cat slowly turns its head to the left" << true << 1
            << QStringList{"error", "unreadable"};
    }

    void doctor() {
        QFETCH(QString, prompt);
        QFETCH(bool, imageIsText);
        QFETCH(int, exitCode);
        QFETCH(QStringList, rules);
        QString image = inputImage();
        if (imageIsText) {
            image = dir_.filePath("notes.png");
            QVERIFY(writeFile(image, "this is not a picture\n"));
        }
        const CliRun run = runCli({"doctor", "--image", image, "--prompt", prompt});
        QVERIFY2(run.exitCode == exitCode, qPrintable(describe(run)));
        for (const QString& rule : rules)
            QVERIFY2(run.out.contains(rule), qPrintable(describe(run)));
        if (exitCode == 0)
            QVERIFY2(!run.out.contains(QStringLiteral("error ")), qPrintable(describe(run)));
        QVERIFY2(run.out.contains(QStringLiteral("host memory from ") +
                                  kinora::test::expectedAllocatorPrefix()),
                 qPrintable(describe(run)));
    }

    void doctorJsonNamesTheRuntime() {
        const CliRun run = runCli({"doctor", "--image", inputImage(), "--prompt",
                                   "the cat slowly turns its head to the left", "--json"});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const auto runtime =
            QJsonDocument::fromJson(run.out.toUtf8()).object()["runtime"].toObject();
        QVERIFY2(
            runtime["allocator"].toString().startsWith(kinora::test::expectedAllocatorPrefix()),
            qPrintable(run.out));
        QVERIFY2(runtime["devices"].toString().startsWith(QStringLiteral("cpu")),
                 qPrintable(run.out));
    }

private:
    QString newFolder(const QString& name) {
        const QString path = dir_.filePath(name);
        QDir().mkpath(path);
        return path;
    }

    QTemporaryDir dir_;
    int seed_ = 0;
    QString referenceVideo_;
    QList<QImage> referenceFrames_;
};

QTEST_GUILESS_MAIN(TestCliGenerate)
#include "tst_cligenerate.moc"
