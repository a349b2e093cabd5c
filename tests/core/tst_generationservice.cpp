// The generation service end to end on the tiny fixture: a small request becomes a video, its
// sidecar and a copy of the source image, read back with libavformat; the same seed gives the same
// frames; cancel leaves nothing behind; a failed decode keeps the latents and decodeSavedLatents()
// finishes the video from them; records replay; progress and previews arrive in order; the
// encoders are cached; every bad input fails with its own message and writes nothing.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "common/BadImages.h"
#include "common/Files.h"
#include "common/Fixture.h"
#include "common/FixtureRequest.h"
#include "common/Outcome.h"
#include "facade/BuildInfo.h"
#include "facade/GenerationService.h"

using namespace kinora;
using Status = GenerationOutcome::Status;

Q_DECLARE_METATYPE(kinora::GenerationStage)

namespace {

using kinora::test::pipelineCase;

// Small enough to keep the suite quick on two cores; the prompt, size, guidance and seed come from
// the fixture's pipeline case.
constexpr int kFrames = 3;
constexpr int kSteps = 2;

GenerationRequest smallRequest(const QString& outputPath) {
    GenerationRequest request = test::fixtureRequest(outputPath);
    request.frames = kFrames;
    request.steps = kSteps;
    request.format = QStringLiteral("mp4");
    return request;
}

}  // namespace

namespace {

// Overwrites, in place, the data of every tensor of a safetensors file whose name starts with
// `prefix` with NaN (in the tensor's own float type); returns how many tensors it changed.
int fillWithNaN(const QString& path, const QString& prefix) {
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return 0;
    quint64 headerSize = 0;
    if (file.read(reinterpret_cast<char*>(&headerSize), 8) != 8 || headerSize > 100'000'000)
        return 0;
    const QJsonObject header = QJsonDocument::fromJson(file.read(qint64(headerSize))).object();
    int changed = 0;
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (!it.key().startsWith(prefix))
            continue;
        const QJsonObject tensor = it.value().toObject();
        const QString dtype = tensor.value("dtype").toString();
        const QJsonArray offsets = tensor.value("data_offsets").toArray();
        const qint64 begin = 8 + qint64(headerSize) + offsets.at(0).toInteger();
        const qint64 end = 8 + qint64(headerSize) + offsets.at(1).toInteger();
        QByteArray nan;
        if (dtype == QLatin1String("F32"))
            nan = QByteArray::fromHex("0000c07f");
        else if (dtype == QLatin1String("F16"))
            nan = QByteArray::fromHex("007e");
        else if (dtype == QLatin1String("BF16"))
            nan = QByteArray::fromHex("c07f");
        else
            continue;
        file.seek(begin);
        file.write(nan.repeated(int((end - begin) / nan.size())));
        ++changed;
    }
    return changed;
}

}  // namespace

class TestGenerationService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY2(!pipelineCase().isEmpty(), "golden/cases.json has no pipeline case");
        if (const int threads = qEnvironmentVariableIntValue("KINORA_TEST_THREADS"); threads > 0)
            service_.setThreads(threads);
        // The reference run every other test compares with.
        const QString folder = newFolder("reference");
        reference_ = smallRequest(folder + QStringLiteral("/clip.mp4"));
        const auto outcome = service_.generate(reference_);
        QVERIFY2(outcome.succeeded(), qPrintable(test::describe(outcome)));
        referenceOutcome_ = outcome;
        referenceFrames_ = test::decodedFrames(outcome.videoPath);
        QCOMPARE(referenceFrames_.size(), kFrames);
    }

    void writesVideoSidecarAndSourceImage() {
        const QString folder = QFileInfo(reference_.outputPath).absolutePath();
        QCOMPARE(referenceOutcome_.videoPath, reference_.outputPath);
        QCOMPARE(referenceOutcome_.sidecarPath, folder + QStringLiteral("/clip.json"));
        QCOMPARE(referenceOutcome_.sourceImagePath, folder + QStringLiteral("/clip.source.png"));
        QVERIFY(referenceOutcome_.latentsPath.isEmpty());
        // Exactly the three files: no .part, no latents.
        QCOMPARE(test::filesIn(folder), (QStringList{"clip.json", "clip.mp4", "clip.source.png"}));
        QFile source(referenceOutcome_.sourceImagePath), input(reference_.imagePath);
        QVERIFY(source.open(QIODevice::ReadOnly) && input.open(QIODevice::ReadOnly));
        QCOMPARE(source.readAll(), input.readAll());

        auto reader = media::VideoReader::open(referenceOutcome_.videoPath);
        QVERIFY2(reader, qPrintable(reader ? QString() : reader.error().message));
        const auto& info = reader->info();
        QCOMPARE(info.codec, QStringLiteral("h264"));
        QCOMPARE(info.frameCount, reference_.frames);
        QCOMPARE(info.size, QSize(reference_.width, reference_.height));
        QCOMPARE(info.fps.value(), double(reference_.outputFps));
        const QString recorded = reader->metadata().value(QStringLiteral("kinora_request"));
        QCOMPARE(QJsonDocument::fromJson(recorded.toUtf8()).object(), reference_.toJson());

        QFile sidecarFile(referenceOutcome_.sidecarPath);
        QVERIFY(sidecarFile.open(QIODevice::ReadOnly));
        const QJsonObject sidecar = QJsonDocument::fromJson(sidecarFile.readAll()).object();
        QCOMPARE(sidecar.value("request").toObject(), reference_.toJson());
        QCOMPARE(sidecar.value("video").toString(), QStringLiteral("clip.mp4"));
        QCOMPARE(sidecar.value("source_image").toString(), QStringLiteral("clip.source.png"));
        QCOMPARE(sidecar.value("frames").toInt(), reference_.frames);
        QVERIFY(!sidecar.value("model").toObject().value("weights").toObject().isEmpty());
    }

    // The job runs on the preprocessed picture, which becomes its recorded source: a replay of the
    // record runs on it as it is, without preprocessing it again.
    void preprocessedPictureIsTheRecordedSource() {
        auto request = reference_;
        request.outputPath = newFolder("preprocessed") + QStringLiteral("/clip.mp4");
        request.preprocess = PreprocessSettings::advised();
        const auto outcome = service_.generate(request);
        QVERIFY2(outcome.succeeded(), qPrintable(test::describe(outcome)));
        QVERIFY2(outcome.note.contains(QStringLiteral("preprocessed")), qPrintable(outcome.note));
        const QImage source(outcome.sourceImagePath);
        QCOMPARE(source.size(), QSize(request.width, request.height));
        QVERIFY(source.convertToFormat(QImage::Format_RGB888) !=
                QImage(reference_.imagePath).convertToFormat(QImage::Format_RGB888));
        const auto replay = requestFromRecord(outcome.sidecarPath);
        QVERIFY2(replay, qPrintable(failureText(replay)));
        QVERIFY(!replay->preprocess.any());
        QCOMPARE(QFileInfo(replay->imagePath).canonicalFilePath(),
                 QFileInfo(outcome.sourceImagePath).canonicalFilePath());
        // Nothing temporary is left behind.
        QCOMPARE(test::filesIn(QFileInfo(request.outputPath).absolutePath()),
                 (QStringList{"clip.json", "clip.mp4", "clip.source.png"}));
    }

    void sameSeedGivesSameFrames() {
        auto request = reference_;
        request.outputPath = newFolder("again") + QStringLiteral("/clip.mp4");
        const auto outcome = service_.generate(request);
        QVERIFY2(outcome.succeeded(), qPrintable(test::describe(outcome)));
        QCOMPARE(test::maxFrameDifference(test::decodedFrames(outcome.videoPath), referenceFrames_),
                 0);
    }

    void otherSeedGivesOtherFrames() {
        auto request = reference_;
        request.seed = reference_.seed + 1;
        request.outputPath = newFolder("other-seed") + QStringLiteral("/clip.mp4");
        const auto outcome = service_.generate(request);
        QVERIFY2(outcome.succeeded(), qPrintable(test::describe(outcome)));
        // Far beyond what re-encoding the same frames could change.
        QVERIFY(test::maxFrameDifference(test::decodedFrames(outcome.videoPath), referenceFrames_) >
                16);
    }

    void cancelLeavesNothing_data() {
        QTest::addColumn<GenerationStage>("stage");
        QTest::addColumn<int>("step");
        QTest::newRow("while encoding the prompt") << GenerationStage::EncodingPrompt << 0;
        QTest::newRow("while encoding the image") << GenerationStage::EncodingImage << 0;
        QTest::newRow("before the first step") << GenerationStage::Denoising << 0;
        QTest::newRow("after step 1") << GenerationStage::Denoising << 1;
    }

    void cancelLeavesNothing() {
        QFETCH(GenerationStage, stage);
        QFETCH(int, step);
        QVERIFY(step < kSteps);  // a cancel after the last step keeps the finished latents
        auto request = reference_;
        request.seed = reference_.seed + 7;  // not cached anywhere
        const QString folder = newFolder(QStringLiteral("cancel-%1-%2").arg(int(stage)).arg(step));
        request.outputPath = folder + QStringLiteral("/clip.mp4");
        bool cancel = false;
        int lastStep = 0;
        GenerationCallbacks callbacks;
        callbacks.progress = [&](const GenerationProgress& progress) {
            if (progress.stage == GenerationStage::Denoising)
                lastStep = std::max(lastStep, progress.done);
            if (progress.stage == stage && progress.done == step)
                cancel = true;
        };
        callbacks.cancelled = [&] { return cancel; };
        const auto outcome = service_.generate(request, callbacks);
        QVERIFY2(outcome.status == Status::Cancelled, qPrintable(test::describe(outcome)));
        QCOMPARE(lastStep, step);  // it stopped before the next step
        QVERIFY(outcome.videoPath.isEmpty());
        QVERIFY(outcome.latentsPath.isEmpty());
        QCOMPARE(test::filesIn(folder), QStringList{});

        // The service is ready for the next job right away.
        const auto next = service_.generate(request);
        QVERIFY2(next.succeeded(), qPrintable(test::describe(next)));
        QVERIFY(QFileInfo::exists(next.videoPath));
    }

    void failureAfterDenoisingKeepsLatents_data() {
        QTest::addColumn<GenerationStage>("stage");
        QTest::addColumn<int>("done");
        QTest::newRow("decode fails") << GenerationStage::Decoding << 0;
        QTest::newRow("video writing fails") << GenerationStage::Encoding << 1;
    }

    // The failure is injected by a progress callback that throws when the stage reaches `done`.
    void failureAfterDenoisingKeepsLatents() {
        QFETCH(GenerationStage, stage);
        QFETCH(int, done);
        auto request = reference_;
        const QString folder = newFolder(QStringLiteral("failure-%1").arg(int(stage)));
        request.outputPath = folder + QStringLiteral("/clip.mp4");
        GenerationCallbacks callbacks;
        callbacks.progress = [&](const GenerationProgress& progress) {
            if (progress.stage == stage && progress.done == done)
                throw std::runtime_error("injected failure");
        };
        const auto failed = service_.generate(request, callbacks);
        QVERIFY2(failed.status == Status::Failed, qPrintable(test::describe(failed)));
        QCOMPARE(failed.latentsPath, latentsPathFor(request.outputPath));
        QVERIFY2(failed.message.contains(failed.latentsPath), qPrintable(failed.message));
        QVERIFY2(failed.remedy.contains(QStringLiteral("kinora-cli decode")),
                 qPrintable(failed.remedy));
        QVERIFY(failed.detail.contains(QStringLiteral("injected failure")));
        QVERIFY(QFileInfo::exists(failed.latentsPath));
        QVERIFY(!QFileInfo::exists(request.outputPath));
        QCOMPARE(test::filesIn(folder),
                 (QStringList{"clip.latents.safetensors", "clip.source.png"}));

        DecodeSettings settings;
        settings.chunkFrames = 1;
        const auto finished = service_.decodeSavedLatents(failed.latentsPath, settings);
        QVERIFY2(finished.succeeded(), qPrintable(test::describe(finished)));
        QCOMPARE(finished.videoPath, request.outputPath);
        QVERIFY(QFileInfo::exists(finished.sidecarPath));
        QVERIFY(!QFileInfo::exists(failed.latentsPath));
        QCOMPARE(test::filesIn(folder), (QStringList{"clip.json", "clip.mp4", "clip.source.png"}));
        // The same frames the uninterrupted run wrote.
        QCOMPARE(
            test::maxFrameDifference(test::decodedFrames(finished.videoPath), referenceFrames_), 0);
    }

    void failureBeforeLatentsAreSavedLeavesNothing_data() {
        QTest::addColumn<GenerationStage>("stage");
        QTest::newRow("while loading the model") << GenerationStage::LoadingModel;
        QTest::newRow("while encoding the prompt") << GenerationStage::EncodingPrompt;
        QTest::newRow("before saving the latents") << GenerationStage::SavingLatents;
    }

    // A throwing callback anywhere is a failed job, never a crash, and leaves no files.
    void failureBeforeLatentsAreSavedLeavesNothing() {
        QFETCH(GenerationStage, stage);
        auto request = reference_;
        const QString folder = newFolder(QStringLiteral("early-failure-%1").arg(int(stage)));
        request.outputPath = folder + QStringLiteral("/clip.mp4");
        GenerationCallbacks callbacks;
        callbacks.progress = [&](const GenerationProgress& progress) {
            if (progress.stage == stage)
                throw std::runtime_error("injected failure");
        };
        const auto failed = service_.generate(request, callbacks);
        QVERIFY2(failed.status == Status::Failed, qPrintable(test::describe(failed)));
        QVERIFY(failed.detail.contains(QStringLiteral("injected failure")));
        QVERIFY(!failed.remedy.isEmpty());
        QCOMPARE(test::filesIn(folder), QStringList{});
        QVERIFY2(service_.generate(request).succeeded(), "the next job runs");
    }

    void replaysRecords_data() {
        QTest::addColumn<QString>("record");
        QTest::newRow("sidecar") << referenceOutcome_.sidecarPath;
        QTest::newRow("video metadata") << referenceOutcome_.videoPath;
    }

    void replaysRecords() {
        QFETCH(QString, record);
        const auto replayed = requestFromRecord(record);
        QVERIFY2(replayed, qPrintable(failureText(replayed)));
        QCOMPARE(replayed->imagePath, referenceOutcome_.sourceImagePath);
        auto expected = reference_;
        expected.imagePath = referenceOutcome_.sourceImagePath;
        QCOMPARE(replayed->toJson(), expected.toJson());

        auto request = *replayed;
        request.outputPath = newFolder("replay-" + QFileInfo(record).suffix()) + "/replay.mp4";
        const auto outcome = service_.generate(request);
        QVERIFY2(outcome.succeeded(), qPrintable(test::describe(outcome)));
        QCOMPARE(test::maxFrameDifference(test::decodedFrames(outcome.videoPath), referenceFrames_),
                 0);
    }

    void recordWithoutRequestIsRefused() {
        const auto notKinoras = requestFromRecord(reference_.imagePath);
        QVERIFY(!notKinoras);
        QVERIFY(!notKinoras.error().message.isEmpty());
        const auto absent = requestFromRecord(dir_.filePath("absent.json"));
        QVERIFY(!absent);
        QVERIFY2(absent.error().message.contains(QStringLiteral("absent.json")),
                 qPrintable(absent.error().message));
    }

    void progressStagesArriveInOrder_data() {
        QTest::addColumn<int>("previewInterval");
        QTest::addColumn<int>("expectedPreviews");
        QTest::newRow("no previews") << 0 << 0;
        QTest::newRow("a preview every step") << 1 << kSteps;
    }

    void progressStagesArriveInOrder() {
        QFETCH(int, previewInterval);
        QFETCH(int, expectedPreviews);
        auto request = reference_;
        request.outputPath = newFolder(QStringLiteral("progress-%1").arg(previewInterval)) +
                             QStringLiteral("/clip.mp4");
        QList<GenerationStage> stages;
        QList<int> steps;
        QList<int> previewSteps;
        GenerationCallbacks callbacks;
        callbacks.progress = [&](const GenerationProgress& progress) {
            if (stages.isEmpty() || stages.back() != progress.stage)
                stages << progress.stage;
            if (progress.stage == GenerationStage::Denoising && progress.done > 0) {
                steps << progress.done;
                QCOMPARE(progress.total, request.steps);
            }
        };
        callbacks.previewInterval = previewInterval;
        callbacks.preview = [&](int step, const QList<QImage>& frames) {
            previewSteps << step;
            QCOMPARE(frames.size(), request.frames);
            for (const auto& frame : frames) {
                QVERIFY(!frame.isNull());
                QCOMPARE(frame.size(), QSize(request.width / 8, request.height / 8));
            }
        };
        const auto outcome = service_.generate(request, callbacks);
        QVERIFY2(outcome.succeeded(), qPrintable(test::describe(outcome)));
        QCOMPARE(stages, (QList<GenerationStage>{
                             GenerationStage::LoadingModel, GenerationStage::EncodingPrompt,
                             GenerationStage::EncodingImage, GenerationStage::Denoising,
                             GenerationStage::SavingLatents, GenerationStage::Decoding,
                             GenerationStage::Encoding}));
        QList<int> expectedSteps;
        for (int i = 1; i <= request.steps; ++i)
            expectedSteps << i;
        QCOMPARE(steps, expectedSteps);
        QCOMPARE(previewSteps.size(), expectedPreviews);
        for (int i = 0; i < previewSteps.size(); ++i)
            QCOMPARE(previewSteps[i], (i + 1) * previewInterval);
    }

    void newSeedReusesEncodings() {
        GenerationService fresh;
        if (const int threads = qEnvironmentVariableIntValue("KINORA_TEST_THREADS"); threads > 0)
            fresh.setThreads(threads);
        auto request = reference_;
        const QString folder = newFolder("encoder-cache");
        request.outputPath = folder + QStringLiteral("/first.mp4");
        QVERIFY(fresh.generate(request).succeeded());
        const int textRuns = fresh.textEncoderRuns();
        const int imageRuns = fresh.imageEncoderRuns();
        QVERIFY(textRuns > 0);
        QVERIFY(imageRuns > 0);

        request.seed = reference_.seed + 100;
        request.outputPath = folder + QStringLiteral("/second.mp4");
        QVERIFY(fresh.generate(request).succeeded());
        QCOMPARE(fresh.textEncoderRuns(), textRuns);
        QCOMPARE(fresh.imageEncoderRuns(), imageRuns);

        // A new prompt runs the text encoder again, but not the image encoder.
        request.prompt += QStringLiteral(", slowly");
        request.outputPath = folder + QStringLiteral("/third.mp4");
        QVERIFY(fresh.generate(request).succeeded());
        QCOMPARE(fresh.textEncoderRuns(), textRuns + 1);
        QCOMPARE(fresh.imageEncoderRuns(), imageRuns);
    }

    // A model whose weights hold NaN (a corrupt download) is reported as such, and no black or
    // garbage video is written.
    void nanWeightsAreReportedAsACorruptModel() {
        const QString model = newFolder(QStringLiteral("nan-model"));
        QVERIFY(kinora::test::copyTree(reference_.modelFolder, model, {QStringLiteral("golden")}));
        int patched = 0;
        QDirIterator files(model + QStringLiteral("/vae"), {QStringLiteral("*.safetensors")},
                           QDir::Files);
        while (files.hasNext())
            patched += fillWithNaN(files.next(), QStringLiteral("decoder.conv_out."));
        QVERIFY2(patched > 0, "the fixture's VAE has no decoder.conv_out tensors");

        auto request = reference_;
        request.modelFolder = model;
        request.outputPath = newFolder(QStringLiteral("nan-output")) + QStringLiteral("/clip.mp4");
        GenerationService service;
        const auto outcome = service.generate(request);
        QVERIFY2(outcome.status == Status::Failed, qPrintable(test::describe(outcome)));
        QVERIFY2(outcome.message.contains(QStringLiteral("NaN")),
                 qPrintable(test::describe(outcome)));
        QVERIFY2(outcome.remedy.contains(QStringLiteral("inspect")), qPrintable(outcome.remedy));
        QVERIFY(outcome.videoPath.isEmpty());
        QVERIFY(!QFileInfo::exists(request.outputPath));
    }

    void badInputFailsAndWritesNothing_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("missing image") << "missing image"
                                       << "not found";
        QTest::newRow("text file named .png") << "text image"
                                              << "not an image";
        QTest::newRow("zero-size image") << "empty image"
                                         << "empty";
        QTest::newRow("a folder as image") << "folder image"
                                           << "not a readable file";
        QTest::newRow("header claims 30000x30000") << "huge image"
                                                   << "too large";
        QTest::newRow("width not a multiple of 8") << "width"
                                                   << "multiple of 8";
        QTest::newRow("height not a multiple of 8") << "height"
                                                    << "multiple of 8";
        QTest::newRow("1 frame") << "frames"
                                 << "frames";
        QTest::newRow("absurd frames") << "many frames"
                                       << "frames";
        QTest::newRow("0 steps") << "steps"
                                 << "steps";
        QTest::newRow("guidance NaN") << "guidance nan"
                                      << "guidance";
        QTest::newRow("guidance negative") << "guidance negative"
                                           << "guidance";
        QTest::newRow("output folder under /proc") << "proc output"
                                                   << "Cannot write";
        QTest::newRow("output folder missing") << "missing output folder"
                                               << "Cannot write";
        QTest::newRow("no output path") << "no output"
                                        << "output";
        QTest::newRow("model folder without model_index.json") << "wrong model"
                                                               << "no model_index.json";
        QTest::newRow("model folder missing") << "missing model"
                                              << "does not exist";
        QTest::newRow("cuda on a CPU-only LibTorch") << "cuda"
                                                     << "cuda";
        QTest::newRow("bf16 on the CPU") << "bf16"
                                         << "bf16";
    }

    void badInputFailsAndWritesNothing() {
        QFETCH(QString, kind);
        QFETCH(QString, mentions);
        const QString folder = newFolder(QStringLiteral("bad-") + QString(kind).replace(' ', '-'));
        const QString inputs =
            newFolder(QStringLiteral("inputs-") + QString(kind).replace(' ', '-'));
        auto request = reference_;
        request.outputPath = folder + QStringLiteral("/clip.mp4");
        const QString badImage = inputs + QStringLiteral("/picture.png");
        if (kind == "missing image") {
            request.imagePath = badImage;
        } else if (kind == "text image") {
            QFile file(badImage);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("this is not a picture\n");
            request.imagePath = badImage;
        } else if (kind == "empty image") {
            QFile file(badImage);
            QVERIFY(file.open(QIODevice::WriteOnly));
            request.imagePath = badImage;
        } else if (kind == "folder image") {
            QVERIFY(QDir().mkpath(badImage));
            request.imagePath = badImage;
        } else if (kind == "huge image") {
            QFile file(badImage);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(kinora::test::pngHeaderClaiming(30000, 30000));
            request.imagePath = badImage;
        } else if (kind == "width") {
            request.width += 4;
        } else if (kind == "height") {
            request.height += 4;
        } else if (kind == "frames") {
            request.frames = 1;
        } else if (kind == "many frames") {
            request.frames = parameterSpec(RequestParameter::Frames).intMaximum() + 1;
        } else if (kind == "steps") {
            request.steps = 0;
        } else if (kind == "guidance nan") {
            request.guidance = std::numeric_limits<double>::quiet_NaN();
        } else if (kind == "guidance negative") {
            request.guidance = -1.0;
        } else if (kind == "proc output") {
            request.outputPath = QStringLiteral("/proc/kinora-test/clip.mp4");
        } else if (kind == "missing output folder") {
            request.outputPath = folder + QStringLiteral("/absent/clip.mp4");
        } else if (kind == "no output") {
            request.outputPath.clear();
        } else if (kind == "wrong model") {
            QFile unrelated(inputs + QStringLiteral("/notes.txt"));
            QVERIFY(unrelated.open(QIODevice::WriteOnly));
            unrelated.write("not a model\n");
            request.modelFolder = inputs;
        } else if (kind == "missing model") {
            request.modelFolder = inputs + QStringLiteral("/absent-model");
        } else if (kind == "cuda") {
            if (availableDevices().contains(QStringLiteral("cuda")))
                QSKIP("this LibTorch has a CUDA device: asking for cuda is not an error here");
            request.device = QStringLiteral("cuda");
        } else if (kind == "bf16") {
            if (availableDevices().contains(QStringLiteral("cuda")))
                QSKIP("this LibTorch has a CUDA device");
            request.dtype = QStringLiteral("bf16");
        }
        const QStringList inputsBefore = test::filesIn(inputs);
        const auto outcome = service_.generate(request);
        QVERIFY2(outcome.status == Status::Failed, qPrintable(test::describe(outcome)));
        QVERIFY2(outcome.message.contains(mentions, Qt::CaseInsensitive),
                 qPrintable(test::describe(outcome)));
        QVERIFY2(!outcome.remedy.isEmpty(), qPrintable(test::describe(outcome)));
        if (request.imagePath == badImage)
            QVERIFY2(outcome.message.contains(badImage), qPrintable(outcome.message));
        if (request.modelFolder != reference_.modelFolder)
            QVERIFY2(outcome.message.contains(request.modelFolder), qPrintable(outcome.message));
        QVERIFY(outcome.videoPath.isEmpty());
        QVERIFY(outcome.latentsPath.isEmpty());
        QCOMPARE(test::filesIn(folder), QStringList{});
        QCOMPARE(test::filesIn(inputs), inputsBefore);
        if (!request.outputPath.isEmpty())
            QVERIFY(!QFileInfo::exists(request.outputPath));

        // The failure leaves the service usable.
        if (kind == "wrong model" || kind == "missing model") {
            auto good = reference_;
            good.outputPath = folder + QStringLiteral("/good.mp4");
            const auto next = service_.generate(good);
            QVERIFY2(next.succeeded(), qPrintable(test::describe(next)));
            QCOMPARE(
                test::maxFrameDifference(test::decodedFrames(next.videoPath), referenceFrames_), 0);
        }
    }

private:
    QString newFolder(const QString& name) {
        const QString path = dir_.filePath(name);
        QDir().mkpath(path);
        return path;
    }

    QTemporaryDir dir_;
    GenerationService service_;
    GenerationRequest reference_;
    GenerationOutcome referenceOutcome_;
    QList<QImage> referenceFrames_;
};

QTEST_GUILESS_MAIN(TestGenerationService)
#include "tst_generationservice.moc"
