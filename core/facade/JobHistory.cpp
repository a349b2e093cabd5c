#include "facade/JobHistory.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <atomic>

#include "facade/GenerationService.h"

namespace kinora {

namespace {

// Schema steps: kMigrations[v] takes a history from version v to v + 1, in one transaction.
const QList<QStringList> kMigrations = {
    {
        // AUTOINCREMENT: ids are never reused, so a parent_id never comes to name a new job.
        QStringLiteral("CREATE TABLE jobs ("
                       "id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       "created_ms INTEGER NOT NULL,"
                       "started_ms INTEGER,"
                       "finished_ms INTEGER,"
                       "status TEXT NOT NULL,"
                       "request TEXT NOT NULL,"
                       "engine TEXT NOT NULL,"
                       "video_path TEXT,"
                       "sidecar_path TEXT,"
                       "source_image_path TEXT,"
                       "latents_path TEXT,"
                       "message TEXT,"
                       "remedy TEXT,"
                       "thumbnail BLOB,"
                       "mark TEXT NOT NULL DEFAULT '',"
                       "parent_id INTEGER,"
                       "origin TEXT NOT NULL DEFAULT '',"
                       "queue_position INTEGER)"),
        QStringLiteral("CREATE INDEX jobs_by_parent ON jobs(parent_id)"),
        QStringLiteral("CREATE INDEX jobs_by_status ON jobs(status, queue_position)"),
    },
};

const QString kColumns = QStringLiteral(
    "id, created_ms, started_ms, finished_ms, status, request, engine, video_path, sidecar_path, "
    "source_image_path, latents_path, message, remedy, thumbnail, mark, parent_id, origin");

struct StatusName {
    JobStatus status;
    const char* name;
};
constexpr StatusName kStatusNames[] = {
    {JobStatus::Queued, "queued"},       {JobStatus::Running, "running"},
    {JobStatus::Succeeded, "succeeded"}, {JobStatus::Failed, "failed"},
    {JobStatus::Cancelled, "cancelled"}, {JobStatus::Interrupted, "interrupted"},
};

QString statusKey(JobStatus status) {
    for (const auto& entry : kStatusNames) {
        if (entry.status == status)
            return QLatin1String(entry.name);
    }
    return {};
}

JobStatus statusFromKey(const QString& key) {
    for (const auto& entry : kStatusNames) {
        if (key == QLatin1String(entry.name))
            return entry.status;
    }
    // Only a newer Kinora writes other names, and it would have raised the schema version.
    return JobStatus::Failed;
}

QString markKey(JobMark mark) {
    switch (mark) {
        case JobMark::Starred:
            return QStringLiteral("starred");
        case JobMark::Rejected:
            return QStringLiteral("rejected");
        case JobMark::None:
            break;
    }
    return QStringLiteral("");
}

JobMark markFromKey(const QString& key) {
    if (key == QLatin1String("starred"))
        return JobMark::Starred;
    if (key == QLatin1String("rejected"))
        return JobMark::Rejected;
    return JobMark::None;
}

// Qt binds a null QString as SQL NULL; NOT NULL text columns get an empty string instead.
QString nonNull(const QString& text) {
    return text.isNull() ? QStringLiteral("") : text;
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

QDateTime timeFrom(const QVariant& value) {
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong());
}

QByteArray thumbnailPng(const QImage& image) {
    if (image.isNull())
        return {};
    const int side = JobHistory::kThumbnailSide;
    const QImage small =
        image.width() > side || image.height() > side
            ? image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation)
            : image;
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    small.save(&buffer, "PNG");
    return bytes;
}

// Begins a transaction and rolls it back unless committed, so an early return or a failed
// statement never leaves half of a change behind.
class Transaction {
public:
    explicit Transaction(QSqlDatabase db) : db_(std::move(db)), active_(db_.transaction()) {}
    ~Transaction() {
        if (active_)
            db_.rollback();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    bool begun() const { return active_; }
    bool commit() {
        if (!active_ || !db_.commit())
            return false;
        active_ = false;
        return true;
    }

private:
    QSqlDatabase db_;
    bool active_;
};

std::atomic<int> connectionCount{0};

}  // namespace

QStringList existingJobFiles(const JobRecord& record) {
    QStringList candidates = {record.videoPath, record.sidecarPath, record.sourceImagePath,
                              record.latentsPath};
    if (!record.request.outputPath.isEmpty())
        candidates << latentsPathFor(record.request.outputPath);
    // The job's own input is the user's picture (or another job's copy): never one of its files.
    const QString input = QFileInfo(record.request.imagePath).canonicalFilePath();
    QStringList files;
    for (const QString& candidate : candidates) {
        const QFileInfo info(candidate);
        if (candidate.isEmpty() || !info.isFile())
            continue;
        const QString canonical = info.canonicalFilePath();
        if (canonical != input && !files.contains(canonical))
            files << canonical;
    }
    return files;
}

QString JobHistory::defaultPath() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("history.sqlite"));
}

JobHistory::JobHistory(const QString& path)
    : path_(QFileInfo(path).absoluteFilePath()),
      connection_(QStringLiteral("kinora.history.%1").arg(connectionCount.fetch_add(1))) {
    if (!QDir().mkpath(QFileInfo(path_).absolutePath())) {
        error_ = QStringLiteral(
                     "Cannot create the folder of the job history %1. Choose a folder "
                     "you can write to.")
                     .arg(path_);
        return;
    }
    Opened opened = openDatabase();
    if (opened == Opened::Unreadable) {
        const QString reason = error_;
        closeDatabase();
        if (!moveAside(reason))
            return;
        opened = openDatabase();
    }
    open_ = opened == Opened::Yes && migrate();
    if (open_)
        error_.clear();
}

JobHistory::~JobHistory() {
    closeDatabase();
}

JobHistory::Opened JobHistory::openDatabase() {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection_);
    if (!db.isValid()) {
        error_ = QStringLiteral(
            "Qt's SQLite driver is missing, so the job history cannot be kept. "
            "Install the package libqt6sql6-sqlite.");
        return Opened::No;
    }
    db.setDatabaseName(path_);
    // A second Kinora writing at the same moment waits instead of failing at once.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        error_ = QStringLiteral(
                     "Cannot open the job history %1: %2. Check that the file and its "
                     "folder can be written.")
                     .arg(path_, db.lastError().text());
        return Opened::No;
    }
    QSqlQuery query(db);
    // The first read of the file: a file that is not a database (or is damaged) shows here.
    if (!query.exec(QStringLiteral("PRAGMA quick_check"))) {
        error_ = query.lastError().databaseText();
        return Opened::Unreadable;
    }
    if (!query.next() || query.value(0).toString() != QLatin1String("ok")) {
        error_ = QStringLiteral("it is damaged (%1)").arg(query.value(0).toString());
        return Opened::Unreadable;
    }
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        error_ = query.lastError().databaseText();
        return Opened::Unreadable;
    }
    const int version = query.value(0).toInt();
    if (version == 0 && query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) &&
        query.next() && query.value(0).toInt() > 0) {
        error_ = QStringLiteral("it is a database, but not a Kinora job history");
        return Opened::Unreadable;
    }
    // Write-ahead log: readers do not block the writer, and a commit is one append. FULL syncs
    // the log at each commit, so a commit survives a power cut too (a few writes per job).
    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL")) ||
        !query.exec(QStringLiteral("PRAGMA synchronous=FULL"))) {
        error_ = QStringLiteral(
                     "Cannot set up the job history %1: %2. Check that the file and its "
                     "folder can be written.")
                     .arg(path_, query.lastError().text());
        return Opened::No;
    }
    return Opened::Yes;
}

bool JobHistory::migrate() {
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        error_ = QStringLiteral("Cannot read the version of the job history %1: %2")
                     .arg(path_, query.lastError().text());
        return false;
    }
    const int version = query.value(0).toInt();
    Q_ASSERT(kMigrations.size() == kSchemaVersion);
    if (version > kSchemaVersion) {
        error_ = QStringLiteral(
                     "The job history %1 was written by a newer Kinora (history version "
                     "%2; this one reads up to %3). Update Kinora, or move the file "
                     "away to start a new history.")
                     .arg(path_)
                     .arg(version)
                     .arg(kSchemaVersion);
        return false;
    }
    for (int step = version; step < kSchemaVersion; ++step) {
        Transaction transaction(db);
        bool ok = transaction.begun();
        for (const QString& statement : kMigrations[step]) {
            if (ok)
                ok = query.exec(statement);
        }
        // The version lives in the file's header and changes with the same commit.
        if (ok)
            ok = query.exec(QStringLiteral("PRAGMA user_version=%1").arg(step + 1));
        if (!ok || !transaction.commit()) {
            error_ = QStringLiteral("Cannot update the job history %1 to version %2: %3")
                         .arg(path_)
                         .arg(step + 1)
                         .arg(query.lastError().text());
            return false;
        }
    }
    return true;
}

bool JobHistory::moveAside(const QString& reason) {
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = QStringLiteral("%1.unreadable-%2").arg(path_, stamp);
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = QStringLiteral("%1.unreadable-%2-%3").arg(path_, stamp).arg(n);
    if (!QFile::rename(path_, target)) {
        error_ = QStringLiteral(
                     "The job history %1 cannot be read (%2) and could not be moved "
                     "aside. Move or delete it by hand, then start Kinora again.")
                     .arg(path_, reason);
        return false;
    }
    // The write-ahead log may hold committed changes: it goes with its database.
    for (const char* suffix : {"-wal", "-shm"}) {
        const QString companion = path_ + QLatin1String(suffix);
        if (QFileInfo::exists(companion))
            QFile::rename(companion, target + QLatin1String(suffix));
    }
    warning_ = QStringLiteral(
                   "The job history %1 could not be read (%2). It was moved to %3 and "
                   "a new, empty history was started.")
                   .arg(path_, reason, target);
    return true;
}

void JobHistory::closeDatabase() {
    {
        QSqlDatabase db = QSqlDatabase::database(connection_, false);
        if (db.isOpen())
            db.close();
    }
    if (QSqlDatabase::contains(connection_))
        QSqlDatabase::removeDatabase(connection_);
}

std::optional<qint64> JobHistory::addQueued(const GenerationRequest& request, const QString& engine,
                                            std::optional<qint64> parentId, const QString& origin) {
    if (!open_)
        return std::nullopt;
    if (parentId && !record(*parentId)) {
        error_ =
            QStringLiteral("There is no job %1 in the history to derive a job from").arg(*parentId);
        return std::nullopt;
    }
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    Transaction transaction(db);
    QSqlQuery query(db);
    bool ok =
        transaction.begun() &&
        query.exec(QStringLiteral(
            "SELECT coalesce(max(queue_position) + 1, 0) FROM jobs WHERE status = 'queued'")) &&
        query.next();
    const qint64 position = ok ? query.value(0).toLongLong() : 0;
    if (ok) {
        query.prepare(QStringLiteral(
            "INSERT INTO jobs (created_ms, status, request, engine, parent_id, origin, "
            "queue_position) VALUES (?, 'queued', ?, ?, ?, ?, ?)"));
        query.addBindValue(nowMs());
        query.addBindValue(
            QString::fromUtf8(QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact)));
        query.addBindValue(nonNull(engine));
        query.addBindValue(parentId ? QVariant(*parentId)
                                    : QVariant(QMetaType::fromType<qint64>()));
        query.addBindValue(nonNull(origin));
        query.addBindValue(position);
        ok = query.exec();
    }
    const QVariant id = query.lastInsertId();
    if (!ok || !transaction.commit()) {
        error_ = QStringLiteral("Cannot add the job to the history %1: %2")
                     .arg(path_, query.lastError().text());
        return std::nullopt;
    }
    error_.clear();
    return id.toLongLong();
}

bool JobHistory::markRunning(qint64 id) {
    return update(id,
                  QStringLiteral("status = 'running', started_ms = ?, finished_ms = NULL, "
                                 "queue_position = NULL"),
                  {nowMs()});
}

bool JobHistory::markFinished(qint64 id, const GenerationOutcome& outcome,
                              const QImage& thumbnail) {
    JobStatus status = JobStatus::Failed;
    if (outcome.status == GenerationOutcome::Status::Succeeded)
        status = JobStatus::Succeeded;
    else if (outcome.status == GenerationOutcome::Status::Cancelled)
        status = JobStatus::Cancelled;
    // A finish without a picture (a failed decode retried) keeps the thumbnail it had.
    return update(id,
                  QStringLiteral("status = ?, finished_ms = ?, queue_position = NULL, "
                                 "video_path = ?, sidecar_path = ?, source_image_path = ?, "
                                 "latents_path = ?, message = ?, remedy = ?, "
                                 "thumbnail = coalesce(?, thumbnail)"),
                  {statusKey(status), nowMs(), outcome.videoPath, outcome.sidecarPath,
                   outcome.sourceImagePath, outcome.latentsPath, outcome.message, outcome.remedy,
                   thumbnailPng(thumbnail)});
}

bool JobHistory::setMark(qint64 id, JobMark mark) {
    return update(id, QStringLiteral("mark = ?"), {markKey(mark)});
}

bool JobHistory::update(qint64 id, const QString& assignments, QVariantList values) {
    if (!open_)
        return false;
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    Transaction transaction(db);
    QSqlQuery query(db);
    bool ok = transaction.begun() &&
              query.prepare(QStringLiteral("UPDATE jobs SET %1 WHERE id = ?").arg(assignments));
    values << id;
    for (const QVariant& value : values)
        query.addBindValue(value);
    ok = ok && query.exec();
    if (ok && query.numRowsAffected() != 1) {
        error_ = QStringLiteral("There is no job %1 in the history").arg(id);
        return false;
    }
    if (!ok || !transaction.commit()) {
        error_ = QStringLiteral("Cannot record job %1 in the history %2: %3")
                     .arg(QString::number(id), path_, query.lastError().text());
        return false;
    }
    error_.clear();
    return true;
}

bool JobHistory::remove(qint64 id) {
    if (!open_)
        return false;
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    Transaction transaction(db);
    QSqlQuery query(db);
    bool ok = transaction.begun();
    if (ok) {
        query.prepare(QStringLiteral("SELECT parent_id FROM jobs WHERE id = ?"));
        query.addBindValue(id);
        ok = query.exec();
    }
    if (ok && !query.next()) {
        error_ = QStringLiteral("There is no job %1 in the history").arg(id);
        return false;
    }
    const QVariant parent = ok ? query.value(0) : QVariant();
    if (ok) {
        query.prepare(QStringLiteral("UPDATE jobs SET parent_id = ? WHERE parent_id = ?"));
        query.addBindValue(parent);
        query.addBindValue(id);
        ok = query.exec();
    }
    if (ok) {
        query.prepare(QStringLiteral("DELETE FROM jobs WHERE id = ?"));
        query.addBindValue(id);
        ok = query.exec();
    }
    if (!ok || !transaction.commit()) {
        error_ = QStringLiteral("Cannot remove job %1 from the history %2: %3")
                     .arg(QString::number(id), path_, query.lastError().text());
        return false;
    }
    error_.clear();
    return true;
}

bool JobHistory::removeWithFiles(qint64 id) {
    const auto found = record(id);
    if (!found) {
        error_ = QStringLiteral("There is no job %1 in the history").arg(id);
        return false;
    }
    QStringList kept;
    for (const QString& file : existingJobFiles(*found)) {
        if (!QFile::remove(file))
            kept << file;
    }
    if (!kept.isEmpty()) {
        error_ = QStringLiteral(
                     "Cannot delete %1. Check that you may change these files; the job "
                     "stays in the history.")
                     .arg(kept.join(QStringLiteral(", ")));
        return false;
    }
    return remove(id);
}

std::optional<JobRecord> JobHistory::record(qint64 id) const {
    const QList<JobRecord> found = select(QStringLiteral("id = ?"), QStringLiteral("id"), {id});
    if (found.isEmpty())
        return std::nullopt;
    return found.front();
}

QList<JobRecord> JobHistory::records() const {
    return select(QStringLiteral("1"), QStringLiteral("created_ms DESC, id DESC"));
}

QList<JobRecord> JobHistory::queued() const {
    return select(QStringLiteral("status = 'queued'"), QStringLiteral("queue_position, id"));
}

QList<JobRecord> JobHistory::children(qint64 id) const {
    return select(QStringLiteral("parent_id = ?"), QStringLiteral("created_ms, id"), {id});
}

QList<JobRecord> JobHistory::select(const QString& where, const QString& order,
                                    const QVariantList& values) const {
    QList<JobRecord> found;
    if (!open_)
        return found;
    QSqlQuery query(QSqlDatabase::database(connection_, false));
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT %1 FROM jobs WHERE %2 ORDER BY %3").arg(kColumns, where, order));
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        error_ = QStringLiteral("Cannot read the job history %1: %2")
                     .arg(path_, query.lastError().text());
        return found;
    }
    while (query.next()) {
        JobRecord record;
        record.id = query.value(0).toLongLong();
        record.created = timeFrom(query.value(1));
        record.started = timeFrom(query.value(2));
        record.finished = timeFrom(query.value(3));
        record.status = statusFromKey(query.value(4).toString());
        record.request =
            requestFromJson(QJsonDocument::fromJson(query.value(5).toString().toUtf8()).object(),
                            GenerationRequest{}, nullptr);
        record.engine = query.value(6).toString();
        record.request.engine = engineFromName(record.engine).value_or(Engine::I2VGenXL);
        record.videoPath = query.value(7).toString();
        record.sidecarPath = query.value(8).toString();
        record.sourceImagePath = query.value(9).toString();
        record.latentsPath = query.value(10).toString();
        record.message = query.value(11).toString();
        record.remedy = query.value(12).toString();
        const QByteArray thumbnail = query.value(13).toByteArray();
        if (!thumbnail.isEmpty())
            record.thumbnail = QImage::fromData(thumbnail, "PNG");
        record.mark = markFromKey(query.value(14).toString());
        if (!query.value(15).isNull())
            record.parentId = query.value(15).toLongLong();
        record.origin = query.value(16).toString();
        found << record;
    }
    error_.clear();
    return found;
}

bool JobHistory::reorderQueue(const QList<qint64>& ids) {
    if (!open_)
        return false;
    const QList<JobRecord> waiting = queued();
    QList<qint64> current;
    for (const JobRecord& job : waiting)
        current << job.id;
    QList<qint64> order;
    for (qint64 id : ids) {
        if (current.contains(id) && !order.contains(id))
            order << id;
    }
    for (qint64 id : current) {
        if (!order.contains(id))
            order << id;
    }
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    Transaction transaction(db);
    QSqlQuery query(db);
    bool ok = transaction.begun() &&
              query.prepare(QStringLiteral("UPDATE jobs SET queue_position = ? WHERE id = ?"));
    for (int position = 0; ok && position < order.size(); ++position) {
        query.addBindValue(position);
        query.addBindValue(order[position]);
        ok = query.exec();
    }
    if (!ok || !transaction.commit()) {
        error_ = QStringLiteral("Cannot reorder the queue in the history %1: %2")
                     .arg(path_, query.lastError().text());
        return false;
    }
    error_.clear();
    return true;
}

int JobHistory::recoverAfterCrash() {
    if (!open_)
        return 0;
    const QList<JobRecord> running =
        select(QStringLiteral("status = 'running'"), QStringLiteral("id"));
    if (running.isEmpty())
        return 0;
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    Transaction transaction(db);
    QSqlQuery query(db);
    bool ok = transaction.begun() &&
              query.prepare(
                  QStringLiteral("UPDATE jobs SET status = 'interrupted', message = ?, remedy = ?, "
                                 "latents_path = ? WHERE id = ?"));
    for (const JobRecord& job : running) {
        if (!ok)
            break;
        // The final latents are written before decoding starts: when they are on disk, the
        // denoising finished and only the decode is left.
        const QString latents =
            job.request.outputPath.isEmpty() ? QString() : latentsPathFor(job.request.outputPath);
        const bool saved = !latents.isEmpty() && QFileInfo(latents).isFile();
        query.addBindValue(QStringLiteral("Kinora stopped while this job ran"));
        query.addBindValue(saved ? QStringLiteral("Decode the saved latents to finish the video")
                                 : QStringLiteral("Run the job again"));
        query.addBindValue(saved ? latents : QString());
        query.addBindValue(job.id);
        ok = query.exec();
    }
    if (!ok || !transaction.commit()) {
        error_ = QStringLiteral("Cannot mark interrupted jobs in the history %1: %2")
                     .arg(path_, query.lastError().text());
        return 0;
    }
    error_.clear();
    return int(running.size());
}

}  // namespace kinora
