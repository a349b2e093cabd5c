// The job history and queue, kept on disk so that neither survives only in memory: every job the
// user starts, waiting, running or finished, with its full request, what it wrote, how it ended,
// a thumbnail, the user's star/reject mark and where it came from (lineage).
//
// Stored in one SQLite file through Qt SQL, because
// - every write is a transaction: a crash or a kill in the middle of one leaves the file as it was
//   at the last commit (SQLite's write-ahead log is rolled back on the next open), so nothing that
//   was committed is lost and nothing half-written appears;
// - it is one file the user can back up, move or delete, with no server;
// - in write-ahead-log mode readers never block the writer, so a second window or a tool can read
//   the history while jobs run.
// The schema is versioned (PRAGMA user_version); opening an older file migrates it step by step,
// a newer one is refused untouched, and an unreadable one is moved aside (never deleted) before a
// fresh history starts.
//
// Use an instance from the thread that created it (Qt SQL connections are per thread).
#pragma once

#include <QDateTime>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

#include "facade/GenerationOutcome.h"
#include "facade/GenerationRequest.h"

namespace kinora {

enum class JobStatus { Queued, Running, Succeeded, Failed, Cancelled, Interrupted };

// The user's verdict on a result (issue 11's lineage view uses it to pick what to refine).
enum class JobMark { None, Starred, Rejected };

struct JobRecord {
    qint64 id = 0;
    QDateTime created;
    QDateTime started;   // invalid until it ran
    QDateTime finished;  // invalid until it ended
    JobStatus status = JobStatus::Queued;
    GenerationRequest request;
    QString engine;  // "i2vgen-xl" or "camera"
    QString videoPath;
    QString sidecarPath;
    QString sourceImagePath;  // the input image copied beside the video
    QString latentsPath;      // saved final latents, when they are on disk
    QString message;          // how it ended, for the user (failures, interruptions)
    QString remedy;           // what to do about it
    QImage thumbnail;         // at most kThumbnailSide pixels on its longer side; null when none
    JobMark mark = JobMark::None;
    std::optional<qint64> parentId;  // the job this one was made from
    QString origin;                  // how it was made from its parent: "re-run", "new seed", ...
};

// Files a finished job wrote that are still on disk: video, sidecar, source image copy, latents.
QStringList existingJobFiles(const JobRecord& record);

class JobHistory {
public:
    static constexpr int kSchemaVersion = 1;
    static constexpr int kThumbnailSide = 160;

    // <AppDataLocation>/history.sqlite
    static QString defaultPath();

    // Opens (creating or migrating) the history at `path`. When the file is not a readable
    // database it is moved aside and a fresh one is started: warning() then says where it went.
    // When no history can be opened at all, isOpen() is false and error() says why.
    explicit JobHistory(const QString& path = defaultPath());
    ~JobHistory();
    JobHistory(const JobHistory&) = delete;
    JobHistory& operator=(const JobHistory&) = delete;

    QString path() const { return path_; }
    bool isOpen() const { return open_; }
    // Why the last operation (or opening) failed, with what to do about it; empty after success.
    QString error() const { return error_; }
    // Something the user should know from opening, though it worked (a corrupt file moved aside).
    QString warning() const { return warning_; }

    // Appends a job to the end of the queue; returns its id (ids are never reused), or nothing on
    // failure (see error()).
    std::optional<qint64> addQueued(const GenerationRequest& request, const QString& engine,
                                    std::optional<qint64> parentId = {},
                                    const QString& origin = {});
    // Takes the job out of the queue and records when it started.
    bool markRunning(qint64 id);
    // Records how the job ended, what it wrote, and a thumbnail (scaled down to kThumbnailSide).
    bool markFinished(qint64 id, const GenerationOutcome& outcome, const QImage& thumbnail = {});
    bool setMark(qint64 id, JobMark mark);
    // Forgets a job (its files stay). Its children take its parent, so lineage skips it.
    bool remove(qint64 id);
    // Deletes the job's files (existingJobFiles()) and then forgets it. Files that cannot be
    // deleted are named in error() and the record stays.
    bool removeWithFiles(qint64 id);

    std::optional<JobRecord> record(qint64 id) const;
    // Every job, newest first.
    QList<JobRecord> records() const;
    // Waiting jobs in the order they will run.
    QList<JobRecord> queued() const;
    // Jobs made from `id`, oldest first.
    QList<JobRecord> children(qint64 id) const;

    // Puts the queue in the order of `ids`. Ids that are no longer queued (a job started meanwhile)
    // are skipped; queued jobs missing from `ids` keep their order after the listed ones.
    bool reorderQueue(const QList<qint64>& ids);

    // Called once at start: jobs left Running by a crash or a kill become Interrupted. A job
    // whose final latents reached the disk keeps their path, so its video can still be decoded.
    // Queued jobs stay queued. Returns how many jobs were interrupted.
    int recoverAfterCrash();

private:
    enum class Opened { Yes, Unreadable, No };
    Opened openDatabase();
    bool migrate();
    bool moveAside(const QString& reason);
    void closeDatabase();
    // One UPDATE of the job `id` in a transaction; `values` bind the placeholders of `assignments`.
    bool update(qint64 id, const QString& assignments, QVariantList values);
    QList<JobRecord> select(const QString& where, const QString& order,
                            const QVariantList& values = {}) const;

    QString path_;
    QString connection_;
    bool open_ = false;
    mutable QString error_;
    QString warning_;
};

}  // namespace kinora
