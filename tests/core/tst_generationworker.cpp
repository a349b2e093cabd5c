// The inference thread: jobs run off the caller's thread, in order, report through queued signals,
// and cancel for real.
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include "common/Fixture.h"
#include "facade/GenerationWorker.h"

using namespace kinora;
using Status = GenerationOutcome::Status;

class TestGenerationWorker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void runsOffTheCallersThreadAndReportsInOrder() {
        GenerationWorker worker;
        QList<int> stages;
        QList<int> steps;
        QThread* progressThread = nullptr;
        connect(&worker, &GenerationWorker::progressed, this,
                [&](quint64, const GenerationProgress& progress) {
                    progressThread = QThread::currentThread();
                    stages << int(progress.stage);
                    if (progress.stage == GenerationStage::Denoising && progress.done > 0)
                        steps << progress.done;
                });
        QSignalSpy finished(&worker, &GenerationWorker::jobFinished);
        QSignalSpy previews(&worker, &GenerationWorker::previewReady);
        // The caller's event loop keeps turning while the job runs.
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start(5);
        const quint64 id = worker.submit(request("order.mp4"), 1);
        QCOMPARE(worker.pendingJobs(), 1);
        QVERIFY(finished.wait(120000));
        const auto outcome = finished.front().at(1).value<GenerationOutcome>();
        QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
        QCOMPARE(finished.front().at(0).value<quint64>(), id);
        QVERIFY2(ticks > 3, qPrintable(QString::number(ticks)));
        QCOMPARE(progressThread, QThread::currentThread());  // delivered queued, to our thread
        QCOMPARE(steps, (QList<int>{1, 2}));
        QCOMPARE(previews.size(), 2);
        QVERIFY(std::is_sorted(stages.begin(), stages.end()));
        QTRY_COMPARE(worker.pendingJobs(), 0);
    }

    void cancelStopsTheRunningJobAndTheNextRuns() {
        GenerationWorker worker;
        QSignalSpy finished(&worker, &GenerationWorker::jobFinished);
        quint64 first = 0;
        connect(&worker, &GenerationWorker::progressed, this,
                [&](quint64 id, const GenerationProgress& progress) {
                    if (id == first && progress.stage == GenerationStage::Denoising &&
                        progress.done == 1)
                        worker.cancel(id);
                });
        first = worker.submit(request("cancelled.mp4", 40));
        const quint64 second = worker.submit(request("after.mp4"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 240000);
        QCOMPARE(finished[0].at(0).value<quint64>(), first);
        QCOMPARE(finished[0].at(1).value<GenerationOutcome>().status, Status::Cancelled);
        QCOMPARE(finished[1].at(0).value<quint64>(), second);
        QVERIFY(finished[1].at(1).value<GenerationOutcome>().succeeded());
        QVERIFY(!QFileInfo::exists(dir_.filePath("cancelled.mp4")));
        QVERIFY(!QFileInfo::exists(dir_.filePath("cancelled.latents.safetensors")));
        QVERIFY(QFileInfo::exists(dir_.filePath("after.mp4")));
    }

    void cancelAllDropsQueuedJobs() {
        GenerationWorker worker;
        QSignalSpy finished(&worker, &GenerationWorker::jobFinished);
        worker.submit(request("queued1.mp4"));
        worker.submit(request("queued2.mp4"));
        worker.cancelAll();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 120000);
        for (const auto& arguments : finished)
            QCOMPARE(arguments.at(1).value<GenerationOutcome>().status, Status::Cancelled);
        QVERIFY(!QFileInfo::exists(dir_.filePath("queued1.mp4")));
        QVERIFY(!QFileInfo::exists(dir_.filePath("queued2.mp4")));
    }

    void destroyingDuringAJobCancelsCleanly() {
        auto worker = std::make_unique<GenerationWorker>();
        QSignalSpy started(worker.get(), &GenerationWorker::jobStarted);
        worker->submit(request("destroyed.mp4", 40));
        QVERIFY(started.wait(60000));
        worker.reset();  // joins the thread after the cancelled job returns
        QVERIFY(!QFileInfo::exists(dir_.filePath("destroyed.mp4")));
    }

    void cameraJobsShareTheQueue() {
        GenerationWorker worker;
        QList<int> frames;
        connect(&worker, &GenerationWorker::progressed, this,
                [&](quint64, const GenerationProgress& progress) {
                    QCOMPARE(progress.stage, GenerationStage::Encoding);
                    frames << progress.done;
                });
        QSignalSpy finished(&worker, &GenerationWorker::jobFinished);
        GenerationRequest camera = request("camera.mp4");
        camera.prompt = QStringLiteral("camera slowly panning left");
        camera.frames = 6;
        camera.engine = Engine::Camera;
        worker.submit(camera, 1);
        QVERIFY(finished.wait(60000));
        const auto outcome = finished.front().at(1).value<GenerationOutcome>();
        QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
        QCOMPARE(outcome.videoPath, camera.outputPath);
        QVERIFY(QFileInfo::exists(outcome.sidecarPath));
        QVERIFY(!frames.isEmpty());
        QVERIFY(std::is_sorted(frames.begin(), frames.end()));
        QCOMPARE(frames.back(), camera.frames);
    }

    void decodeJobsFinishSavedLatents() {
        GenerationRequest first = request("kept.mp4");
        {
            GenerationService service;
            service.setKeepLatents(true);
            const auto outcome = service.generate(first);
            QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
        }
        const QString latents = latentsPathFor(first.outputPath);
        QVERIFY(QFileInfo::exists(latents));
        GenerationWorker worker;
        QSignalSpy finished(&worker, &GenerationWorker::jobFinished);
        DecodeSettings settings;
        settings.outputPath = dir_.filePath(QStringLiteral("redecoded.mp4"));
        worker.submitDecode(latents, settings);
        QVERIFY(finished.wait(120000));
        const auto outcome = finished.front().at(1).value<GenerationOutcome>();
        QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
        QCOMPARE(outcome.videoPath, settings.outputPath);
        QVERIFY(QFileInfo(settings.outputPath).size() > 0);
    }

private:
    GenerationRequest request(const QString& name, int steps = 2) const {
        GenerationRequest request;
        request.modelFolder = kinora::test::fixtureDir();
        request.imagePath = kinora::test::goldenDir() + QStringLiteral("/input.png");
        request.prompt = QStringLiteral("a cat turning its head to the right");
        request.width = 96;
        request.height = 64;
        request.frames = 3;
        request.steps = steps;
        request.seed = 3;
        request.outputFps = 8;
        request.outputPath = dir_.filePath(name);
        return request;
    }

    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestGenerationWorker)
#include "tst_generationworker.moc"
