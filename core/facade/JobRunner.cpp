#include "facade/JobRunner.h"

#include <QFileInfo>

#include "facade/CameraEngine.h"

namespace kinora {

JobRunner::JobRunner(const JobRunnerSettings& settings) {
    service_.setThreads(settings.threads);
    service_.setKeepLatents(settings.keepLatents);
    service_.setAllowDowngrade(settings.allowDowngrade);
    service_.setMemoryLimit(settings.memoryLimit);
}

JobRunner::~JobRunner() = default;

void JobRunner::setThreads(int threads) {
    service_.setThreads(threads);
}

GenerationOutcome JobRunner::run(const GenerationRequest& request,
                                 const GenerationCallbacks& callbacks) {
    if (request.engine == Engine::Camera)
        return generateWithCamera(request, callbacks);
    return service_.generate(request, callbacks);
}

GenerationOutcome JobRunner::decodeSavedLatents(const QString& latentsPath,
                                                const DecodeSettings& settings,
                                                const GenerationCallbacks& callbacks) {
    return service_.decodeSavedLatents(latentsPath, settings, callbacks);
}

JobRunner::Summary JobRunner::runAll(const QList<Job>& jobs, const Events& events) {
    Summary summary;
    for (const Job& job : jobs) {
        if (events.cancelled && events.cancelled()) {
            summary.interrupted = true;
            break;
        }
        if (!job.error.isEmpty()) {
            if (events.unreadable)
                events.unreadable(job);
            ++summary.failed;
            continue;
        }
        if (events.skipExisting && QFileInfo::exists(job.request.outputPath)) {
            if (events.skipped)
                events.skipped(job);
            ++summary.skipped;
            continue;
        }
        if (events.starting)
            events.starting(job);
        GenerationCallbacks callbacks;
        if (events.progress) {
            callbacks.progress = [&](const GenerationProgress& progress) {
                events.progress(job, progress);
            };
        }
        callbacks.cancelled = events.cancelled;
        const GenerationOutcome outcome = run(job.request, callbacks);
        if (events.finished)
            events.finished(job, outcome);
        if (outcome.succeeded())
            ++summary.succeeded;
        else
            ++summary.failed;
        if (outcome.status == GenerationOutcome::Status::Cancelled) {
            summary.interrupted = true;
            break;
        }
    }
    return summary;
}

}  // namespace kinora
