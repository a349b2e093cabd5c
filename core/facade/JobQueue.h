// The job queue: owns the job list and the history (JobHistory, on disk), and the inference thread
// (GenerationWorker); decides what runs next, records every start and end, and says what happens
// through typed signals. The window shows the queue and sends it commands; nothing else schedules.
// Jobs run one at a time in queue order. A job left running by a crash becomes Interrupted when
// the queue opens the history again; waiting jobs stay queued across restarts.
//
// Use it from the thread that created it (the history's connection is per thread).
#pragma once

#include <QImage>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

#include "facade/GenerationOutcome.h"
#include "facade/GenerationRequest.h"
#include "facade/GenerationService.h"
#include "facade/JobHistory.h"

namespace kinora {

class GenerationWorker;

class JobQueue : public QObject {
    Q_OBJECT
public:
    // Opens the history at `historyPath` (JobHistory explains what happens to a damaged one) and
    // marks the jobs a crash left running as Interrupted. Jobs waiting from the last session wait
    // for start() or the next enqueue().
    explicit JobQueue(const QString& historyPath, QObject* parent = nullptr);
    ~JobQueue() override;

    // Reads of the history (records, lineage, the queue's order); changes go through the queue.
    const JobHistory& history() const { return *history_; }
    // How many jobs the crash before this start left running (now Interrupted).
    int interruptedAtOpen() const { return interruptedAtOpen_; }

    // Runs the queued jobs (the ones waiting from last time first), also after a stop().
    void start();
    // Cancels the running job (within one step; nothing half-written) and runs nothing more until
    // start(): queued jobs stay queued, for the next session too.
    void stop();

    // Appends a job; it runs when its turn comes. Returns its id, or nothing with error() set.
    std::optional<qint64> enqueue(const GenerationRequest& request,
                                  std::optional<qint64> parentId = {}, const QString& origin = {});
    // Finishes the video of a job interrupted or failed in its decode, from its saved latents,
    // now: only while no job runs (false otherwise, or when the job has no latents).
    bool decodeSavedLatents(qint64 id, const DecodeSettings& settings);
    // Stops the running job; the queue goes on with the next one.
    void cancelRunning();

    bool reorder(const QList<qint64>& ids);
    // Forgets a waiting or finished job (its files stay); the running one cannot be removed.
    bool remove(qint64 id);
    // Deletes a finished job's files, then forgets it.
    bool removeWithFiles(qint64 id);
    bool setMark(qint64 id, JobMark mark);

    std::optional<qint64> runningJob() const;
    bool isBusy() const { return running_.has_value(); }
    // Why the last command failed, with what to do; empty after success.
    QString error() const { return error_; }

    // Steps between latent previews for the jobs that start after this (0: none).
    void setPreviewInterval(int steps) { previewInterval_ = steps; }
    void setThreads(int threads);

Q_SIGNALS:
    // The waiting list changed (a job added, started, removed or reordered).
    void queueChanged();
    // A record changed (finished, marked, removed).
    void historyChanged();
    void jobStarted(qint64 id);
    void jobProgressed(qint64 id, const kinora::GenerationProgress& progress);
    void jobPreview(qint64 id, int step, int totalSteps, const QList<QImage>& frames);
    // After the history recorded how it ended; the next job starts after this signal.
    void jobFinished(qint64 id, const kinora::GenerationOutcome& outcome);
    void busyChanged(bool busy);
    // A job could not be started (its record could not be written): the queue pauses.
    void startFailed(const QString& message);

private:
    struct RunningJob {
        quint64 workerId = 0;
        qint64 id = 0;
        int totalSteps = 0;
        QImage lastPreview;  // the thumbnail when the job ends
    };

    void runNext();
    void onStarted(quint64 workerId);
    void onProgress(quint64 workerId, const GenerationProgress& progress);
    void onPreview(quint64 workerId, int step, const QList<QImage>& frames);
    void onFinished(quint64 workerId, const GenerationOutcome& outcome);
    bool succeed();
    bool fail();

    std::unique_ptr<JobHistory> history_;
    GenerationWorker* worker_ = nullptr;
    std::optional<RunningJob> running_;
    bool active_ = true;
    int previewInterval_ = 0;
    int interruptedAtOpen_ = 0;
    QString error_;
};

}  // namespace kinora
