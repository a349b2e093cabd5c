// The one loop that runs jobs, synchronously: the CLI's generate, batch, explore and refine run
// their jobs through runAll(), and the GUI's inference thread runs each job of the queue through
// run(). It owns the GenerationService, so the model stays loaded and the prompt and image
// embeddings cached from one job to the next; the request's engine says what renders it.
#pragma once

#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

#include "facade/GenerationOutcome.h"
#include "facade/GenerationRequest.h"
#include "facade/GenerationService.h"

namespace kinora {

struct JobRunnerSettings {
    int threads = 0;  // compute threads on the CPU; 0: LibTorch's default
    bool keepLatents = false;
    bool allowDowngrade = false;
    std::optional<quint64> memoryLimit;  // plan for this much usable memory instead of asking
};

class JobRunner {
public:
    struct Job {
        GenerationRequest request;
        QString label;  // names the job in progress and messages ("seed 7", "jobs.jsonl:3")
        // A job that could not be read (a bad batch line): reported, counted as failed, not run.
        QString error;
        QString remedy;
    };

    struct Events {
        std::function<void(const Job&)> starting;
        std::function<void(const Job&, const GenerationProgress&)> progress;
        std::function<void(const Job&, const GenerationOutcome&)> finished;
        std::function<void(const Job&)> skipped;     // its output exists (with skipExisting)
        std::function<void(const Job&)> unreadable;  // job.error says why
        std::function<bool()> cancelled;
        bool skipExisting = false;
    };

    struct Summary {
        int succeeded = 0;
        int failed = 0;
        int skipped = 0;
        bool interrupted = false;  // cancelled: the jobs after the cancelled one did not run
    };

    explicit JobRunner(const JobRunnerSettings& settings = {});
    ~JobRunner();
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    // One job with the request's engine. Never throws: every failure becomes an outcome.
    GenerationOutcome run(const GenerationRequest& request,
                          const GenerationCallbacks& callbacks = {});
    // Finishes the video of a job from its saved final latents (GenerationService).
    GenerationOutcome decodeSavedLatents(const QString& latentsPath, const DecodeSettings& settings,
                                         const GenerationCallbacks& callbacks = {});

    // The jobs in order. A failed job does not stop the rest; a cancel does (before a job starts,
    // or the running one's outcome is Cancelled).
    Summary runAll(const QList<Job>& jobs, const Events& events);

    void setThreads(int threads);
    // How often the encoders really ran (the rest came from the cache).
    int textEncoderRuns() const { return service_.textEncoderRuns(); }
    int imageEncoderRuns() const { return service_.imageEncoderRuns(); }

private:
    GenerationService service_;
};

}  // namespace kinora
