// The job queue: runs what waits in order and records each start and end in the history; a stop
// keeps the waiting jobs for the next session; a crash's running job is Interrupted on reopening;
// the commands that cannot apply are refused with a reason. Camera-engine jobs: no model needed.
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "common/CliRun.h"
#include "facade/JobQueue.h"

using namespace kinora;

class TestJobQueue : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void runsQueuedJobsInOrderAndRecordsThem() {
        JobQueue queue(historyPath("order"));
        QSignalSpy started(&queue, &JobQueue::jobStarted);
        QSignalSpy finished(&queue, &JobQueue::jobFinished);
        QSignalSpy busy(&queue, &JobQueue::busyChanged);
        const auto first = queue.enqueue(cameraJob("first.mp4"));
        const auto second = queue.enqueue(cameraJob("second.mp4"));
        QVERIFY(first && second);
        QVERIFY(queue.isBusy());
        QCOMPARE(queue.runningJob(), first);
        // Only the running job left the queue.
        QCOMPARE(queue.history().queued().size(), 1);
        QCOMPARE(queue.history().queued().front().id, *second);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 120000);
        QCOMPARE(started.size(), 2);
        QCOMPARE(finished.at(0).at(0).value<qint64>(), *first);
        QCOMPARE(finished.at(1).at(0).value<qint64>(), *second);
        for (const qint64 id : {*first, *second}) {
            const auto record = queue.history().record(id);
            QVERIFY(record);
            QCOMPARE(record->status, JobStatus::Succeeded);
            QCOMPARE(record->engine, QStringLiteral("camera"));
            QCOMPARE(record->request.engine, Engine::Camera);
            QVERIFY(QFileInfo(record->videoPath).size() > 0);
        }
        QVERIFY(!queue.isBusy());
        QCOMPARE(busy.last().at(0).toBool(), false);
    }

    void aStopKeepsTheWaitingJobsForTheNextSession() {
        const QString path = historyPath("stop");
        qint64 waiting = 0;
        {
            JobQueue queue(path);
            QSignalSpy finished(&queue, &JobQueue::jobFinished);
            const auto running = queue.enqueue(cameraJob("stopped.mp4", 48));
            waiting = *queue.enqueue(cameraJob("waiting.mp4"));
            QVERIFY(running);
            queue.stop();
            QVERIFY(finished.wait(120000));
            QCOMPARE(finished.front().at(0).value<qint64>(), *running);
            QCOMPARE(finished.front().at(1).value<GenerationOutcome>().status,
                     GenerationOutcome::Status::Cancelled);
            QVERIFY(!queue.isBusy());  // the next one did not start
            QCOMPARE(queue.history().record(*running)->status, JobStatus::Cancelled);
        }
        JobQueue next(path);
        QCOMPARE(next.interruptedAtOpen(), 0);
        QCOMPARE(next.history().queued().size(), 1);
        QCOMPARE(next.history().queued().front().id, waiting);
        QSignalSpy finished(&next, &JobQueue::jobFinished);
        next.start();
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.front().at(0).value<qint64>(), waiting);
        QCOMPARE(next.history().record(waiting)->status, JobStatus::Succeeded);
    }

    void aJobLeftRunningByACrashIsInterrupted() {
        const QString path = historyPath("crash");
        qint64 id = 0;
        {
            JobHistory history(path);
            id = *history.addQueued(cameraJob("crashed.mp4"), QStringLiteral("camera"));
            QVERIFY(history.markRunning(id));
        }
        JobQueue queue(path);
        QCOMPARE(queue.interruptedAtOpen(), 1);
        QCOMPARE(queue.history().record(id)->status, JobStatus::Interrupted);
        QVERIFY(!queue.isBusy());
    }

    void refusesWhatCannotApply() {
        JobQueue queue(historyPath("refusals"));
        QSignalSpy finished(&queue, &JobQueue::jobFinished);
        const auto running = queue.enqueue(cameraJob("long.mp4", 48));
        QVERIFY(running);
        QVERIFY(!queue.remove(*running));
        QVERIFY(queue.error().contains(QStringLiteral("running")));
        QVERIFY(!queue.removeWithFiles(*running));
        QVERIFY(!queue.decodeSavedLatents(*running, DecodeSettings{}));
        QVERIFY(!queue.error().isEmpty());
        queue.cancelRunning();
        QVERIFY(finished.wait(120000));
        QVERIFY(queue.history().record(*running));                       // nothing was forgotten
        QVERIFY(!queue.decodeSavedLatents(*running, DecodeSettings{}));  // no latents
        QVERIFY(queue.error().contains(QStringLiteral("latents")));
        QVERIFY(queue.remove(*running));
        QVERIFY(!queue.history().record(*running));
    }

private:
    QString historyPath(const QString& name) const {
        return dir_.filePath(name + QStringLiteral("/history.sqlite"));
    }

    GenerationRequest cameraJob(const QString& name, int frames = 4) const {
        GenerationRequest request;
        request.engine = Engine::Camera;
        request.imagePath = kinora::test::inputImage();
        request.prompt = QStringLiteral("camera slowly panning left");
        request.width = 96;
        request.height = 64;
        request.frames = frames;
        request.outputFps = 8;
        request.outputPath = dir_.filePath(name);
        return request;
    }

    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "tst_jobqueue.moc"
