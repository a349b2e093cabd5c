#include "JobOutput.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <atomic>
#include <csignal>
#include <optional>
#include <utility>

#include <unistd.h>

#include "CliCommands.h"

namespace kinora::cli {
namespace {

std::atomic<bool> interruptFlag{false};

void onInterrupt(int) {
    interruptFlag = true;
}

}  // namespace

InterruptGuard::InterruptGuard() {
    interruptFlag = false;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

InterruptGuard::~InterruptGuard() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

bool interrupted() {
    return interruptFlag.load();
}

QString formatSeconds(double seconds) {
    const int total = int(seconds + 0.5);
    return total >= 60
               ? QStringLiteral("%1m%2s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'))
               : QStringLiteral("%1s").arg(total);
}

ProgressPrinter::ProgressPrinter(bool json, QString label)
    : json_(json), label_(std::move(label)), terminal_(isatty(2)) {}

void ProgressPrinter::operator()(const GenerationProgress& progress) {
    if (json_) {
        out() << QJsonDocument(QJsonObject{{"event", "progress"},
                                           {"job", label_},
                                           {"stage", stageName(progress.stage)},
                                           {"done", progress.done},
                                           {"total", progress.total},
                                           {"elapsed_s", progress.elapsedSeconds},
                                           {"remaining_s", progress.remainingSeconds}})
                     .toJson(QJsonDocument::Compact)
              << "\n";
        out().flush();
        return;
    }
    QString line = QStringLiteral("%1%2").arg(
        label_.isEmpty() ? QString() : label_ + QStringLiteral(": "), stageName(progress.stage));
    if (progress.total > 0) {
        const int width = 30;
        const int filled = progress.done * width / progress.total;
        line +=
            QStringLiteral(" [%1%2] %3/%4")
                .arg(QString(filled, QLatin1Char('#')), QString(width - filled, QLatin1Char('.')))
                .arg(progress.done)
                .arg(progress.total);
        if (progress.done > 0) {
            line += QStringLiteral(" %1 elapsed, ETA %2")
                        .arg(formatSeconds(progress.elapsedSeconds),
                             formatSeconds(progress.remainingSeconds));
        }
    }
    if (terminal_) {
        err() << "\r\033[K" << line;
        if (progress.total > 0 && progress.done == progress.total)
            err() << "\n";
    } else if (progress.total == 0 || progress.done == progress.total || progress.done == 0 ||
               progress.stage == GenerationStage::Denoising) {
        err() << line << "\n";
    }
    err().flush();
}

int report(const GenerationOutcome& outcome, bool json, const QString& label) {
    if (json) {
        out() << QJsonDocument(
                     QJsonObject{{"event", "result"},
                                 {"job", label},
                                 {"status", outcome.succeeded() ? "succeeded"
                                            : outcome.status == GenerationOutcome::Status::Cancelled
                                                ? "cancelled"
                                                : "failed"},
                                 {"video", outcome.videoPath},
                                 {"sidecar", outcome.sidecarPath},
                                 {"latents", outcome.latentsPath},
                                 {"message", outcome.message},
                                 {"remedy", outcome.remedy},
                                 {"seconds", outcome.seconds}})
                     .toJson(QJsonDocument::Compact)
              << "\n";
        out().flush();
    }
    if (outcome.succeeded()) {
        if (!json) {
            out() << outcome.videoPath << "\n";
            out().flush();
            err() << "kinora-cli: wrote " << outcome.videoPath << " and " << outcome.sidecarPath
                  << " in " << formatSeconds(outcome.seconds) << "\n";
        }
        if (!outcome.note.isEmpty())
            err() << "kinora-cli: note: " << outcome.note << "\n";
        return kExitOk;
    }
    err() << "kinora-cli: " << (label.isEmpty() ? QString() : label + QStringLiteral(": "))
          << outcome.message << "\n";
    if (!outcome.remedy.isEmpty())
        err() << "  remedy: " << outcome.remedy << "\n";
    if (!outcome.detail.isEmpty())
        err() << "  detail: " << outcome.detail.section(QLatin1Char('\n'), 0, 2) << "\n";
    err().flush();
    return kExitFailure;
}

int runJobs(JobRunner& runner, const QList<JobRunner::Job>& jobs, bool json, bool skipExisting,
            JobRunner::Summary* summary) {
    InterruptGuard interruptGuard;
    std::optional<ProgressPrinter> printer;
    JobRunner::Events events;
    events.skipExisting = skipExisting;
    events.cancelled = interrupted;
    events.starting = [&](const JobRunner::Job& job) { printer.emplace(json, job.label); };
    events.progress = [&](const JobRunner::Job&, const GenerationProgress& progress) {
        (*printer)(progress);
    };
    events.finished = [&](const JobRunner::Job& job, const GenerationOutcome& outcome) {
        report(outcome, json, job.label);
    };
    events.skipped = [](const JobRunner::Job& job) {
        err() << "kinora-cli: " << job.label << ": " << job.request.outputPath
              << " exists, skipped\n";
    };
    events.unreadable = [](const JobRunner::Job& job) {
        err() << "kinora-cli: " << job.label << ": " << job.error << "\n  remedy: " << job.remedy
              << "\n";
    };
    const JobRunner::Summary result = runner.runAll(jobs, events);
    if (summary)
        *summary = result;
    return result.failed > 0 || result.interrupted ? kExitFailure : kExitOk;
}

}  // namespace kinora::cli
