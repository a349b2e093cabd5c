// The persistent job history and queue: records, queue order, lineage, crash recovery, and what
// happens to a damaged file or a process killed while writing.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <cstdio>

#include "facade/GenerationService.h"
#include "facade/JobHistory.h"

using kinora::GenerationOutcome;
using kinora::GenerationRequest;
using kinora::JobHistory;
using kinora::JobMark;
using kinora::JobRecord;
using kinora::JobStatus;

Q_DECLARE_METATYPE(kinora::JobStatus)
Q_DECLARE_METATYPE(kinora::GenerationOutcome::Status)

namespace {

const char* const kHammerMode = "--hammer";
const char* const kHoldMode = "--hold-transaction";

GenerationRequest sampleRequest(const QString& dir, int index) {
    GenerationRequest request;
    request.modelFolder = dir + "/model";
    request.imagePath = dir + "/input.png";
    request.prompt = QStringLiteral("a red fox running through snow, take %1").arg(index);
    request.width = 512;
    request.height = 320;
    request.frames = 8 + index;
    request.steps = 20 + index;
    request.seed = 1000 + quint64(index);
    request.vaeSeed = 7;
    request.outputPath = QStringLiteral("%1/clip-%2.mp4").arg(dir).arg(index);
    return request;
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    file.write(bytes);
}

QList<qint64> ids(const QList<JobRecord>& records) {
    QList<qint64> result;
    for (const JobRecord& record : records)
        result << record.id;
    return result;
}

// Runs raw SQL on the history file, as another program would.
class RawDatabase {
public:
    explicit RawDatabase(const QString& path) : name_(QStringLiteral("raw-%1").arg(++count_)) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name_);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawDatabase() {
        QSqlDatabase::database(name_, false).close();
        QSqlDatabase::removeDatabase(name_);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(name_, false); }
    bool exec(const QString& statement) {
        QSqlQuery query(db());
        return query.exec(statement);
    }

private:
    static inline int count_ = 0;
    QString name_;
};

// Child mode: runs jobs through the history as fast as it can, saying which are committed.
int hammer(const QString& path) {
    JobHistory history(path);
    if (!history.isOpen())
        return 2;
    const QString dir = QFileInfo(path).absolutePath();
    QImage thumbnail(320, 180, QImage::Format_RGB32);
    for (int index = 0;; ++index) {
        thumbnail.fill(QColor::fromHsv(index % 360, 200, 200));
        const auto id = history.addQueued(sampleRequest(dir, index), QStringLiteral("i2vgen-xl"));
        GenerationOutcome outcome;
        outcome.status = GenerationOutcome::Status::Succeeded;
        outcome.videoPath = sampleRequest(dir, index).outputPath;
        if (!id || !history.markRunning(*id) || !history.markFinished(*id, outcome, thumbnail))
            return 3;
        std::printf("committed %lld\n", static_cast<long long>(*id));
        std::fflush(stdout);
    }
}

// Child mode: leaves a large insert uncommitted (spilled into the write-ahead log) and waits to
// be killed.
int holdTransaction(const QString& path) {
    {
        JobHistory history(path);
        if (!history.isOpen() || !history.addQueued(GenerationRequest{}, QStringLiteral("camera")))
            return 2;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("hold"));
    db.setDatabaseName(path);
    if (!db.open())
        return 3;
    QSqlQuery query(db);
    // A tiny page cache makes SQLite write the uncommitted pages into the log before the commit.
    if (!query.exec(QStringLiteral("PRAGMA cache_size=4")) || !db.transaction())
        return 4;
    query.prepare(
        QStringLiteral("INSERT INTO jobs (created_ms, status, request, engine, thumbnail) "
                       "VALUES (0, 'queued', '{}', 'uncommitted', ?)"));
    query.addBindValue(QByteArray(4 << 20, 'x'));
    if (!query.exec())
        return 5;
    std::printf("holding\n");
    std::fflush(stdout);
    for (;;)
        QThread::sleep(1);
}

}  // namespace

class TestJobHistory : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    int fileCount_ = 0;

    QString freshPath() {
        return dir_.filePath(QStringLiteral("history-%1.sqlite").arg(++fileCount_));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void defaultPathIsInAppData() {
        QCOMPARE(QFileInfo(JobHistory::defaultPath()).fileName(), QStringLiteral("history.sqlite"));
    }

    void addRunFinish_data() {
        QTest::addColumn<GenerationOutcome::Status>("outcomeStatus");
        QTest::addColumn<JobStatus>("status");
        QTest::newRow("succeeded") << GenerationOutcome::Status::Succeeded << JobStatus::Succeeded;
        QTest::newRow("failed") << GenerationOutcome::Status::Failed << JobStatus::Failed;
        QTest::newRow("cancelled") << GenerationOutcome::Status::Cancelled << JobStatus::Cancelled;
    }

    void addRunFinish() {
        QFETCH(GenerationOutcome::Status, outcomeStatus);
        QFETCH(JobStatus, status);
        JobHistory history(freshPath());
        QVERIFY2(history.isOpen(), qPrintable(history.error()));
        QVERIFY(history.warning().isEmpty());
        const GenerationRequest request = sampleRequest(dir_.path(), 1);
        const auto id = history.addQueued(request, QStringLiteral("i2vgen-xl"));
        QVERIFY2(id, qPrintable(history.error()));

        auto record = history.record(*id);
        QVERIFY(record);
        QCOMPARE(record->status, JobStatus::Queued);
        QVERIFY(record->created.isValid());
        QVERIFY(!record->started.isValid());
        QCOMPARE(record->engine, QStringLiteral("i2vgen-xl"));
        QCOMPARE(record->request.toJson(), request.toJson());
        QCOMPARE(ids(history.queued()), QList<qint64>{*id});

        QVERIFY(history.markRunning(*id));
        record = history.record(*id);
        QCOMPARE(record->status, JobStatus::Running);
        QVERIFY(record->started.isValid());
        QVERIFY(history.queued().isEmpty());

        GenerationOutcome outcome;
        outcome.status = outcomeStatus;
        outcome.videoPath = request.outputPath;
        outcome.sidecarPath = kinora::sidecarPathFor(request.outputPath);
        outcome.sourceImagePath = dir_.filePath("clip-1.source.png");
        outcome.message = QStringLiteral("what happened");
        outcome.remedy = QStringLiteral("what to do");
        QImage frame(640, 360, QImage::Format_RGB32);
        frame.fill(Qt::darkCyan);
        QVERIFY(history.markFinished(*id, outcome, frame));
        record = history.record(*id);
        QCOMPARE(record->status, status);
        QVERIFY(record->finished >= record->started);
        QCOMPARE(record->videoPath, outcome.videoPath);
        QCOMPARE(record->sidecarPath, outcome.sidecarPath);
        QCOMPARE(record->sourceImagePath, outcome.sourceImagePath);
        QCOMPARE(record->message, outcome.message);
        QCOMPARE(record->remedy, outcome.remedy);
        QCOMPARE(record->thumbnail.size(), QSize(160, 90));
        QCOMPARE(record->thumbnail.pixelColor(80, 45), QColor(Qt::darkCyan));

        // A later finish without a picture (a decode retried) keeps the thumbnail.
        QVERIFY(history.markFinished(*id, outcome));
        QCOMPARE(history.record(*id)->thumbnail.size(), QSize(160, 90));
    }

    void unknownIdsAreErrors() {
        JobHistory history(freshPath());
        QVERIFY(!history.markRunning(42));
        QVERIFY(history.error().contains("42"));
        QVERIFY(!history.setMark(42, JobMark::Starred));
        QVERIFY(!history.remove(42));
        QVERIFY(!history.record(42));
        QVERIFY(!history.addQueued(GenerationRequest{}, "camera", 42));
        QVERIFY(history.error().contains("42"));
    }

    void persistsAcrossInstances() {
        const QString path = freshPath();
        qint64 starred = 0;
        {
            JobHistory history(path);
            for (int index = 0; index < 3; ++index)
                QVERIFY(history.addQueued(sampleRequest(dir_.path(), index), "i2vgen-xl"));
            starred = history.queued().at(1).id;
            QVERIFY(history.setMark(starred, JobMark::Starred));
        }
        JobHistory reopened(path);
        QVERIFY(reopened.warning().isEmpty());
        const QList<JobRecord> queue = reopened.queued();
        QCOMPARE(queue.size(), 3);
        for (int index = 0; index < 3; ++index)
            QCOMPARE(queue[index].request.toJson(), sampleRequest(dir_.path(), index).toJson());
        QCOMPARE(reopened.record(starred)->mark, JobMark::Starred);
        QVERIFY(reopened.setMark(starred, JobMark::Rejected));
        QCOMPARE(reopened.record(starred)->mark, JobMark::Rejected);
        // Newest first.
        QList<qint64> expected = ids(queue);
        std::reverse(expected.begin(), expected.end());
        QCOMPARE(ids(reopened.records()), expected);
    }

    void twoInstancesShareOneFile() {
        const QString path = freshPath();
        JobHistory first(path);
        JobHistory second(path);
        const auto id = first.addQueued(sampleRequest(dir_.path(), 0), "camera");
        QVERIFY(id);
        QVERIFY(second.markRunning(*id));
        QCOMPARE(first.record(*id)->status, JobStatus::Running);
    }

    void queueOrderAndReorderPersist() {
        const QString path = freshPath();
        QList<qint64> added;
        {
            JobHistory history(path);
            for (int index = 0; index < 4; ++index)
                added << *history.addQueued(sampleRequest(dir_.path(), index), "i2vgen-xl");
            QCOMPARE(ids(history.queued()), added);
            QVERIFY(history.reorderQueue({added[2], added[0]}));
            QCOMPARE(ids(history.queued()),
                     (QList<qint64>{added[2], added[0], added[1], added[3]}));
        }
        JobHistory history(path);
        QCOMPARE(ids(history.queued()), (QList<qint64>{added[2], added[0], added[1], added[3]}));
        // A job that started meanwhile is skipped; a new one joins the end.
        QVERIFY(history.markRunning(added[2]));
        QVERIFY(history.reorderQueue({added[3], added[2], added[1], added[0]}));
        const qint64 latest = *history.addQueued(sampleRequest(dir_.path(), 9), "camera");
        QCOMPARE(ids(history.queued()), (QList<qint64>{added[3], added[1], added[0], latest}));
    }

    void recoverAfterCrash_data() {
        QTest::addColumn<bool>("latentsOnDisk");
        QTest::newRow("latents saved") << true;
        QTest::newRow("no latents") << false;
    }

    void recoverAfterCrash() {
        QFETCH(bool, latentsOnDisk);
        const QString path = freshPath();
        const GenerationRequest request = sampleRequest(dir_.path(), latentsOnDisk ? 20 : 21);
        const QString latents = kinora::latentsPathFor(request.outputPath);
        QFile::remove(latents);
        if (latentsOnDisk)
            writeFile(latents, "latents");
        qint64 running = 0, waiting = 0, done = 0;
        {
            JobHistory history(path);
            running = *history.addQueued(request, "i2vgen-xl");
            waiting = *history.addQueued(sampleRequest(dir_.path(), 22), "i2vgen-xl");
            done = *history.addQueued(sampleRequest(dir_.path(), 23), "i2vgen-xl");
            QVERIFY(history.markRunning(done));
            GenerationOutcome outcome;
            outcome.status = GenerationOutcome::Status::Succeeded;
            QVERIFY(history.markFinished(done, outcome));
            QVERIFY(history.markRunning(running));
        }
        JobHistory history(path);
        QCOMPARE(history.recoverAfterCrash(), 1);
        const auto interrupted = history.record(running);
        QCOMPARE(interrupted->status, JobStatus::Interrupted);
        QCOMPARE(interrupted->message, QStringLiteral("Kinora stopped while this job ran"));
        QVERIFY(!interrupted->remedy.isEmpty());
        QCOMPARE(interrupted->latentsPath, latentsOnDisk ? latents : QString());
        QCOMPARE(ids(history.queued()), QList<qint64>{waiting});
        QCOMPARE(history.record(done)->status, JobStatus::Succeeded);
        QCOMPARE(history.recoverAfterCrash(), 0);
    }

    void lineage() {
        JobHistory history(freshPath());
        const qint64 root = *history.addQueued(sampleRequest(dir_.path(), 0), "i2vgen-xl");
        const qint64 rerun =
            *history.addQueued(sampleRequest(dir_.path(), 1), "i2vgen-xl", root, "re-run");
        const qint64 newSeed =
            *history.addQueued(sampleRequest(dir_.path(), 2), "i2vgen-xl", root, "new seed");
        const qint64 refined = *history.addQueued(sampleRequest(dir_.path(), 3), "i2vgen-xl",
                                                  newSeed, "refine: steps 50");
        QCOMPARE(ids(history.children(root)), (QList<qint64>{rerun, newSeed}));
        QCOMPARE(ids(history.children(newSeed)), QList<qint64>{refined});
        QVERIFY(history.children(refined).isEmpty());
        QCOMPARE(history.record(refined)->parentId, std::optional<qint64>(newSeed));
        QCOMPARE(history.record(refined)->origin, QStringLiteral("refine: steps 50"));
        QCOMPARE(history.record(root)->parentId, std::nullopt);

        // Removing a link keeps the chain: its children take its parent.
        QVERIFY(history.remove(newSeed));
        QVERIFY(!history.record(newSeed));
        QCOMPARE(ids(history.children(root)), (QList<qint64>{rerun, refined}));
        QCOMPARE(history.record(refined)->parentId, std::optional<qint64>(root));
        // Ids are never reused, so an old parent id cannot come to name a new job.
        QVERIFY(*history.addQueued(sampleRequest(dir_.path(), 4), "camera") > refined);
    }

    void removeWithFilesDeletesWhatTheJobWrote() {
        JobHistory history(freshPath());
        const GenerationRequest request = sampleRequest(dir_.path(), 30);
        writeFile(request.imagePath, "input");
        const qint64 id = *history.addQueued(request, "i2vgen-xl");
        GenerationOutcome outcome;
        outcome.status = GenerationOutcome::Status::Succeeded;
        outcome.videoPath = request.outputPath;
        outcome.sidecarPath = kinora::sidecarPathFor(request.outputPath);
        outcome.sourceImagePath = dir_.filePath("clip-30.source.png");
        outcome.latentsPath = kinora::latentsPathFor(request.outputPath);
        const QStringList written = {outcome.videoPath, outcome.sidecarPath,
                                     outcome.sourceImagePath, outcome.latentsPath};
        for (const QString& file : written)
            writeFile(file, "data");
        QVERIFY(history.markFinished(id, outcome));
        QStringList expected;
        for (const QString& file : written)
            expected << QFileInfo(file).canonicalFilePath();
        QCOMPARE(kinora::existingJobFiles(*history.record(id)), expected);

        QVERIFY2(history.removeWithFiles(id), qPrintable(history.error()));
        QVERIFY(!history.record(id));
        for (const QString& file : written)
            QVERIFY2(!QFileInfo::exists(file), qPrintable(file));
        QVERIFY(QFileInfo::exists(request.imagePath));
    }

    void corruptFileIsMovedAside() {
        const QString path = freshPath();
        QByteArray garbage;
        for (int i = 0; i < 8192; ++i)
            garbage.append(char((i * 131 + 7) % 251));
        writeFile(path, garbage);

        JobHistory history(path);
        QVERIFY2(history.isOpen(), qPrintable(history.error()));
        const QString warning = history.warning();
        QVERIFY2(warning.contains(path), qPrintable(warning));
        const QStringList aside =
            QDir(dir_.path()).entryList({QFileInfo(path).fileName() + ".unreadable-*"});
        QCOMPARE(aside.size(), 1);
        QVERIFY2(warning.contains(dir_.filePath(aside.front())), qPrintable(warning));
        QFile moved(dir_.filePath(aside.front()));
        QVERIFY(moved.open(QIODevice::ReadOnly));
        QCOMPARE(moved.readAll(), garbage);

        const auto id = history.addQueued(sampleRequest(dir_.path(), 0), "i2vgen-xl");
        QVERIFY(id);
        JobHistory reopened(path);
        QVERIFY(reopened.warning().isEmpty());
        QCOMPARE(ids(reopened.queued()), QList<qint64>{*id});
    }

    void foreignDatabaseIsMovedAside() {
        const QString path = freshPath();
        {
            RawDatabase raw(path);
            QVERIFY(raw.exec("CREATE TABLE photos (name TEXT)"));
        }
        JobHistory history(path);
        QVERIFY(history.isOpen());
        QVERIFY2(history.warning().contains("not a Kinora job history"),
                 qPrintable(history.warning()));
    }

    void newerHistoryIsRefusedUntouched() {
        const QString path = freshPath();
        {
            JobHistory history(path);
            QVERIFY(history.addQueued(sampleRequest(dir_.path(), 0), "i2vgen-xl"));
        }
        {
            RawDatabase raw(path);
            QVERIFY(raw.exec(
                QStringLiteral("PRAGMA user_version=%1").arg(JobHistory::kSchemaVersion + 1)));
        }
        JobHistory history(path);
        QVERIFY(!history.isOpen());
        QVERIFY2(history.error().contains("newer Kinora") && history.error().contains(path),
                 qPrintable(history.error()));
        QVERIFY(!history.addQueued(sampleRequest(dir_.path(), 1), "i2vgen-xl"));
        QVERIFY(QFileInfo::exists(path));
        RawDatabase raw(path);
        QSqlQuery query(raw.db());
        QVERIFY(query.exec("SELECT count(*) FROM jobs") && query.next());
        QCOMPARE(query.value(0).toInt(), 1);
    }

    void killedWriterKeepsEveryCommit() {
        const QString path = freshPath();
        QProcess writer;
        writer.start(QCoreApplication::applicationFilePath(), {kHammerMode, path});
        QVERIFY(writer.waitForStarted());
        QList<qint64> committed;
        while (committed.size() < 25 && writer.state() == QProcess::Running) {
            if (!writer.canReadLine() && !writer.waitForReadyRead(10000))
                break;
            while (writer.canReadLine()) {
                const QByteArray line = writer.readLine().trimmed();
                if (line.startsWith("committed "))
                    committed << line.mid(10).toLongLong();
            }
        }
        QVERIFY2(committed.size() >= 25, "the writer stopped reporting commits");
        writer.kill();  // SIGKILL: no destructor, no close, in the middle of the next job
        QVERIFY(writer.waitForFinished());
        while (writer.canReadLine()) {
            const QByteArray line = writer.readLine().trimmed();
            if (line.startsWith("committed "))
                committed << line.mid(10).toLongLong();
        }

        JobHistory history(path);
        QVERIFY2(history.isOpen(), qPrintable(history.error()));
        QVERIFY2(history.warning().isEmpty(), qPrintable(history.warning()));
        for (qint64 id : committed) {
            const auto record = history.record(id);
            QVERIFY(record);
            QCOMPARE(record->status, JobStatus::Succeeded);
            QCOMPARE(record->thumbnail.size(), QSize(160, 90));
        }
        QVERIFY(history.addQueued(sampleRequest(dir_.path(), 0), "i2vgen-xl"));
    }

    void uncommittedTransactionVanishes() {
        const QString path = freshPath();
        QProcess writer;
        writer.start(QCoreApplication::applicationFilePath(), {kHoldMode, path});
        QVERIFY(writer.waitForStarted());
        QVERIFY2(writer.waitForReadyRead(20000), "the writer did not start its transaction");
        QCOMPARE(writer.readLine().trimmed(), QByteArray("holding"));
        // The uncommitted insert reached the file's log before the kill.
        QVERIFY(QFileInfo(path + "-wal").size() > (1 << 20));
        writer.kill();
        QVERIFY(writer.waitForFinished());

        JobHistory history(path);
        QVERIFY2(history.isOpen(), qPrintable(history.error()));
        QVERIFY2(history.warning().isEmpty(), qPrintable(history.warning()));
        const QList<JobRecord> records = history.records();
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.front().engine, QStringLiteral("camera"));
        QVERIFY(history.addQueued(sampleRequest(dir_.path(), 0), "i2vgen-xl"));
    }
};

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], kHammerMode) == 0)
        return hammer(QString::fromLocal8Bit(argv[2]));
    if (argc == 3 && qstrcmp(argv[1], kHoldMode) == 0)
        return holdTransaction(QString::fromLocal8Bit(argv[2]));
    TestJobHistory test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_jobhistory.moc"
