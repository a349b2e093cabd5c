// The inference thread: one long-lived, named thread owns the JobRunner (and so the loaded
// model), runs submitted jobs in order, and reports through queued signals carrying plain values.
// The caller's thread never blocks on a model load, a denoising step or a video encode.
#pragma once

#include <QImage>
#include <QList>
#include <QMetaType>
#include <QObject>

#include <atomic>
#include <memory>

#include "facade/GenerationRequest.h"
#include "facade/GenerationService.h"

namespace kinora {

class GenerationWorker : public QObject {
    Q_OBJECT
public:
    explicit GenerationWorker(QObject* parent = nullptr);
    // Cancels what runs, drops what waits, and joins the thread.
    ~GenerationWorker() override;

    // Queues a job; returns its id (ids increase from 1). previewInterval: steps between previews
    // (the camera engine has none). The request's engine renders it.
    quint64 submit(const GenerationRequest& request, int previewInterval = 0);
    // Queues the decode of a job's saved final latents (a job interrupted or failed in its decode);
    // reported like any job.
    quint64 submitDecode(const QString& latentsPath, const DecodeSettings& settings);
    // Compute threads on the CPU for the jobs that start after this (0: LibTorch's default).
    void setThreads(int threads);
    // Stops a job: a running one within one denoising step (nothing half-written), a queued one
    // before it starts (it finishes as Cancelled).
    void cancel(quint64 jobId);
    void cancelAll();
    // Jobs submitted and not finished yet.
    int pendingJobs() const { return pending_.load(); }

Q_SIGNALS:
    void jobStarted(quint64 jobId);
    void progressed(quint64 jobId, const kinora::GenerationProgress& progress);
    void previewReady(quint64 jobId, int step, const QList<QImage>& frames);
    void jobFinished(quint64 jobId, const kinora::GenerationOutcome& outcome);

private:
    class Runner;
    struct Cancellations;
    QThread* thread_ = nullptr;
    Runner* runner_ = nullptr;
    std::atomic<quint64> nextId_{1};
    std::atomic<int> pending_{0};
    std::shared_ptr<Cancellations> cancellations_;
};

}  // namespace kinora

Q_DECLARE_METATYPE(kinora::DecodeSettings)
