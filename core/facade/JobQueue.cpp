#include "facade/JobQueue.h"

#include <QDir>
#include <QFileInfo>

#include "facade/GenerationWorker.h"

namespace kinora {

JobQueue::JobQueue(const QString& historyPath, QObject* parent) : QObject(parent) {
    QDir().mkpath(QFileInfo(historyPath).absolutePath());
    history_ = std::make_unique<JobHistory>(historyPath);
    interruptedAtOpen_ = history_->recoverAfterCrash();
    worker_ = new GenerationWorker(this);
    connect(worker_, &GenerationWorker::jobStarted, this, &JobQueue::onStarted);
    connect(worker_, &GenerationWorker::progressed, this, &JobQueue::onProgress);
    connect(worker_, &GenerationWorker::previewReady, this, &JobQueue::onPreview);
    connect(worker_, &GenerationWorker::jobFinished, this, &JobQueue::onFinished);
}

JobQueue::~JobQueue() = default;

bool JobQueue::succeed() {
    error_.clear();
    return true;
}

bool JobQueue::fail() {
    error_ = history_->error();
    return false;
}

void JobQueue::start() {
    active_ = true;
    runNext();
}

void JobQueue::stop() {
    active_ = false;
    cancelRunning();
}

void JobQueue::setThreads(int threads) {
    worker_->setThreads(threads);
}

std::optional<qint64> JobQueue::enqueue(const GenerationRequest& request,
                                        std::optional<qint64> parentId, const QString& origin) {
    const auto id = history_->addQueued(request, engineName(request.engine), parentId, origin);
    if (!id) {
        fail();
        return std::nullopt;
    }
    succeed();
    Q_EMIT queueChanged();
    runNext();
    return id;
}

bool JobQueue::decodeSavedLatents(qint64 id, const DecodeSettings& settings) {
    const auto record = history_->record(id);
    if (running_ || !record || record->latentsPath.isEmpty()) {
        error_ = running_
                     ? QStringLiteral("A job is running: decode the saved latents when it ends.")
                     : QStringLiteral("This job has no saved latents to decode.");
        return false;
    }
    if (!history_->markRunning(id))
        return fail();
    RunningJob job;
    job.id = id;
    job.workerId = worker_->submitDecode(record->latentsPath, settings);
    running_ = job;
    Q_EMIT busyChanged(true);
    Q_EMIT historyChanged();
    return succeed();
}

void JobQueue::cancelRunning() {
    if (running_)
        worker_->cancel(running_->workerId);
}

bool JobQueue::reorder(const QList<qint64>& ids) {
    if (!history_->reorderQueue(ids))
        return fail();
    Q_EMIT queueChanged();
    return succeed();
}

bool JobQueue::remove(qint64 id) {
    if (running_ && running_->id == id) {
        error_ = QStringLiteral("The running job cannot be removed: cancel it first.");
        return false;
    }
    if (!history_->remove(id))
        return fail();
    Q_EMIT queueChanged();
    Q_EMIT historyChanged();
    return succeed();
}

bool JobQueue::removeWithFiles(qint64 id) {
    if (running_ && running_->id == id) {
        error_ = QStringLiteral("The running job cannot be deleted: cancel it first.");
        return false;
    }
    const bool removed = history_->removeWithFiles(id);
    Q_EMIT historyChanged();
    return removed ? succeed() : fail();
}

bool JobQueue::setMark(qint64 id, JobMark mark) {
    if (!history_->setMark(id, mark))
        return fail();
    Q_EMIT historyChanged();
    return succeed();
}

std::optional<qint64> JobQueue::runningJob() const {
    return running_ ? std::optional<qint64>(running_->id) : std::nullopt;
}

void JobQueue::runNext() {
    if (!active_ || running_)
        return;
    const QList<JobRecord> queued = history_->queued();
    if (queued.isEmpty())
        return;
    const JobRecord& next = queued.front();
    if (!history_->markRunning(next.id)) {
        active_ = false;
        fail();
        Q_EMIT startFailed(error_);
        return;
    }
    RunningJob job;
    job.id = next.id;
    job.totalSteps = next.request.steps;
    job.workerId =
        worker_->submit(next.request, next.request.engine == Engine::Camera ? 0 : previewInterval_);
    running_ = job;
    Q_EMIT busyChanged(true);
    Q_EMIT queueChanged();
}

void JobQueue::onStarted(quint64 workerId) {
    if (running_ && running_->workerId == workerId)
        Q_EMIT jobStarted(running_->id);
}

void JobQueue::onProgress(quint64 workerId, const GenerationProgress& progress) {
    if (running_ && running_->workerId == workerId)
        Q_EMIT jobProgressed(running_->id, progress);
}

void JobQueue::onPreview(quint64 workerId, int step, const QList<QImage>& frames) {
    if (!running_ || running_->workerId != workerId || frames.isEmpty())
        return;
    running_->lastPreview = frames.front();
    Q_EMIT jobPreview(running_->id, step, running_->totalSteps, frames);
}

void JobQueue::onFinished(quint64 workerId, const GenerationOutcome& outcome) {
    if (!running_ || running_->workerId != workerId)
        return;
    const RunningJob job = *running_;
    running_.reset();
    QImage thumbnail = job.lastPreview;
    if (thumbnail.isNull() && outcome.succeeded()) {
        if (const auto record = history_->record(job.id))
            thumbnail = QImage(record->request.imagePath);
    }
    history_->markFinished(job.id, outcome, thumbnail);
    Q_EMIT historyChanged();
    Q_EMIT jobFinished(job.id, outcome);
    runNext();
    if (!running_)
        Q_EMIT busyChanged(false);
}

}  // namespace kinora
