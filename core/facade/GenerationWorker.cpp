#include "facade/GenerationWorker.h"

#include <QMutex>
#include <QSet>
#include <QThread>

#include "facade/JobRunner.h"

namespace kinora {

// Shared by the caller's thread (which cancels) and the inference thread (which asks).
struct GenerationWorker::Cancellations {
    QMutex mutex;
    quint64 upTo = 0;  // every job with an id at or below this
    QSet<quint64> jobs;

    bool contains(quint64 jobId) {
        QMutexLocker lock(&mutex);
        return jobId <= upTo || jobs.contains(jobId);
    }
};

// Lives in the inference thread; its slot runs one job at a time, in submission order.
class GenerationWorker::Runner : public QObject {
    Q_OBJECT
public:
    Runner(GenerationWorker* owner, std::shared_ptr<Cancellations> cancellations)
        : owner_(owner), cancellations_(std::move(cancellations)) {}

public Q_SLOTS:
    void run(quint64 jobId, const kinora::GenerationRequest& request, int previewInterval) {
        if (finishIfCancelled(jobId))
            return;
        Q_EMIT owner_->jobStarted(jobId);
        Q_EMIT owner_->jobFinished(jobId,
                                   runner().run(request, callbacksFor(jobId, previewInterval)));
    }

    void decode(quint64 jobId, const QString& latentsPath, const kinora::DecodeSettings& settings) {
        if (finishIfCancelled(jobId))
            return;
        Q_EMIT owner_->jobStarted(jobId);
        Q_EMIT owner_->jobFinished(
            jobId, runner().decodeSavedLatents(latentsPath, settings, callbacksFor(jobId, 0)));
    }

    void setThreads(int threads) {
        threads_ = threads;
        if (runner_)
            runner_->setThreads(threads);
    }

private:
    JobRunner& runner() {
        if (!runner_) {
            JobRunnerSettings settings;
            settings.threads = threads_;
            runner_ = std::make_unique<JobRunner>(settings);
        }
        return *runner_;
    }

    bool finishIfCancelled(quint64 jobId) {
        if (!cancellations_->contains(jobId))
            return false;
        GenerationOutcome outcome;
        outcome.status = GenerationOutcome::Status::Cancelled;
        outcome.message = QStringLiteral("Cancelled before it started");
        Q_EMIT owner_->jobFinished(jobId, outcome);
        return true;
    }

    GenerationCallbacks callbacksFor(quint64 jobId, int previewInterval) {
        GenerationCallbacks callbacks;
        callbacks.cancelled = [this, jobId] { return cancellations_->contains(jobId); };
        callbacks.progress = [this, jobId](const GenerationProgress& progress) {
            Q_EMIT owner_->progressed(jobId, progress);
        };
        if (previewInterval > 0) {
            callbacks.previewInterval = previewInterval;
            callbacks.preview = [this, jobId](int step, const QList<QImage>& frames) {
                Q_EMIT owner_->previewReady(jobId, step, frames);
            };
        }
        return callbacks;
    }

    int threads_ = 0;
    GenerationWorker* owner_;
    std::shared_ptr<Cancellations> cancellations_;
    std::unique_ptr<JobRunner> runner_;  // created, used and destroyed in this thread
};

GenerationWorker::GenerationWorker(QObject* parent)
    : QObject(parent), cancellations_(std::make_shared<Cancellations>()) {
    qRegisterMetaType<GenerationRequest>();
    qRegisterMetaType<GenerationProgress>();
    qRegisterMetaType<GenerationOutcome>();
    qRegisterMetaType<DecodeSettings>();
    thread_ = new QThread(this);
    thread_->setObjectName(QStringLiteral("kinora-inference"));
    runner_ = new Runner(this, cancellations_);
    runner_->moveToThread(thread_);
    connect(thread_, &QThread::finished, runner_, &QObject::deleteLater);
    connect(this, &GenerationWorker::jobFinished, this, [this] { --pending_; });
    thread_->start();
}

GenerationWorker::~GenerationWorker() {
    cancelAll();
    thread_->quit();
    thread_->wait();
}

quint64 GenerationWorker::submit(const GenerationRequest& request, int previewInterval) {
    const quint64 id = nextId_++;
    ++pending_;
    QMetaObject::invokeMethod(runner_, "run", Qt::QueuedConnection, Q_ARG(quint64, id),
                              Q_ARG(kinora::GenerationRequest, request),
                              Q_ARG(int, previewInterval));
    return id;
}

quint64 GenerationWorker::submitDecode(const QString& latentsPath, const DecodeSettings& settings) {
    const quint64 id = nextId_++;
    ++pending_;
    QMetaObject::invokeMethod(runner_, "decode", Qt::QueuedConnection, Q_ARG(quint64, id),
                              Q_ARG(QString, latentsPath), Q_ARG(kinora::DecodeSettings, settings));
    return id;
}

void GenerationWorker::setThreads(int threads) {
    QMetaObject::invokeMethod(runner_, "setThreads", Qt::QueuedConnection, Q_ARG(int, threads));
}

void GenerationWorker::cancel(quint64 jobId) {
    QMutexLocker lock(&cancellations_->mutex);
    cancellations_->jobs.insert(jobId);
}

void GenerationWorker::cancelAll() {
    QMutexLocker lock(&cancellations_->mutex);
    cancellations_->upTo = nextId_.load() - 1;
}

}  // namespace kinora

#include "GenerationWorker.moc"
