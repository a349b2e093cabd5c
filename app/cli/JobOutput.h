// How kinora-cli shows its jobs: progress on stderr (JSON lines on stdout with --json), each
// job's result, and the one job loop of every command that generates. Ctrl+C cancels the running
// job cleanly.
#pragma once

#include <QList>
#include <QString>

#include "facade/GenerationOutcome.h"
#include "facade/JobRunner.h"

namespace kinora::cli {

// Ctrl+C cancels the running job cleanly (nothing half-written); a second one kills.
struct InterruptGuard {
    InterruptGuard();
    ~InterruptGuard();
};

// Whether Ctrl+C (or SIGTERM) came since the last InterruptGuard was made.
bool interrupted();

QString formatSeconds(double seconds);

// Progress on stderr: a bar on a terminal, plain lines otherwise, JSON lines on stdout with --json.
class ProgressPrinter {
public:
    ProgressPrinter(bool json, QString label);

    void operator()(const GenerationProgress& progress);

private:
    bool json_;
    QString label_;
    bool terminal_;
};

// Prints a job's result; returns its exit code.
int report(const GenerationOutcome& outcome, bool json, const QString& label);

// The one job loop of every command that generates: each job's progress and result printed as
// it goes; returns kExitFailure when a job failed or the run was interrupted.
int runJobs(JobRunner& runner, const QList<JobRunner::Job>& jobs, bool json, bool skipExisting,
            JobRunner::Summary* summary = nullptr);

}  // namespace kinora::cli
