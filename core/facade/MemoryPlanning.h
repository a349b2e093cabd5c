// Memory planning before a job starts: the predicted peak of a request on its device, the fastest
// way to run it that fits the memory there is, and when nothing fits, the smallest downgrade
// (fewer frames, then a smaller size), each decision explained. The GenerationService plans every
// job with it; `kinora-cli plan` prints it; the GUI's memory gauge marks its predicted peak.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "facade/GenerationRequest.h"
#include "model/memory/ExecutionPlan.h"

namespace kinora {

// How a job uses memory: the model library's plan (a plain value), described for people and
// records.
// "attention 512 queries at a time, encoders released, decode 1 frame at a time"
QString describeExecutionPlan(const model::ExecutionPlan& plan);
// The sidecar's "settings" object.
QJsonObject executionPlanJson(const model::ExecutionPlan& plan);

struct MemoryStagePeak {
    QString stage;            // load, text encode, image encode, denoise step, decode, video encode
    quint64 deviceBytes = 0;  // CUDA memory; 0 on the CPU
    quint64 hostBytes = 0;
    QString peakAt;  // the layer or step where the peak falls
};

enum class MemoryVerdict {
    Unknown,          // the model's configs could not be read (see MemoryPlan::error)
    Fits,             // the fastest plan fits
    FitsWithSavings,  // fits with encoders released, chunking or a smaller decode
    FitsWithOffload,  // fits with components waiting on the host (CUDA)
    Downgraded,       // fits after fewer frames or a smaller size, applied
    NeedsDowngrade,   // fits only after a downgrade that was not allowed
    DoesNotFit,       // nothing smaller fits either
};

struct MemoryPlan {
    MemoryVerdict verdict = MemoryVerdict::Unknown;
    QString error;
    QString device;           // cpu, cuda:0
    QString precision;        // fp32, fp16, bf16
    quint64 budgetBytes = 0;  // what the run may use on its compute device (host RAM on the CPU)
    QString budgetSource;     // where that figure comes from, margins included
    int requestedWidth = 0, requestedHeight = 0, requestedFrames = 0;
    int width = 0, height = 0, frames = 0;  // what runs (the request, or its applied downgrade)
    // The downgrade, proposed (NeedsDowngrade) or applied (Downgraded).
    std::optional<int> downgradeWidth, downgradeHeight, downgradeFrames;
    model::ExecutionPlan settings;
    // Tighter settings to retry with when a denoising step or the decode runs out of memory.
    QList<model::ExecutionPlan> denoiseFallbacks;
    QList<model::ExecutionPlan> decodeFallbacks;
    QList<MemoryStagePeak> stages;
    quint64 peakBytes = 0;      // on the compute device
    quint64 peakHostBytes = 0;  // on the host (the same figure on the CPU)
    QStringList explanation;

    bool known() const { return verdict != MemoryVerdict::Unknown; }
    bool runnable() const;
    // The changes of the downgrade as GenerationRequest JSON fields (empty without one).
    QJsonObject downgradeChanges() const;
    QJsonObject toJson() const;
};

QString memoryVerdictName(MemoryVerdict verdict);

struct MemoryPlanOptions {
    // Plan for a compute device with this much usable memory instead of asking the system.
    std::optional<quint64> memoryBytes;
    bool allowDowngrade = false;
    // Weights of this job's model the process holds already on its compute device (they are
    // not free memory to the system, but the job reuses them).
    quint64 residentDeviceBytes = 0;
};

// Plans `request` on its model folder (configs suffice; weights need not be there) and device.
MemoryPlan planMemory(const GenerationRequest& request, const MemoryPlanOptions& options = {});

// The plan in words: budget, verdict, settings, predicted peak per stage, the reasons.
QString formatMemoryPlan(const MemoryPlan& plan);

// The table users were given, predicted: each resolution x frame count at the request's steps,
// its peak, and whether and how it fits.
struct MemoryTableRow {
    QString resolution;  // 512p, 768p, 1024p, native
    int width = 0, height = 0, frames = 0, steps = 0;
    MemoryPlan plan;  // planned without downgrades
};

QList<MemoryTableRow> memoryPlanTable(const GenerationRequest& base,
                                      const MemoryPlanOptions& options = {});
QString formatMemoryTable(const QList<MemoryTableRow>& rows);

// "13.2 GiB", "512 MiB".
QString formatMemoryBytes(quint64 bytes);
// "12GB", "12 GiB", "12g", "512MB", "1073741824" -> bytes (decimal and binary suffixes are both
// read as binary, as GPU memory is marketed); empty when unreadable.
std::optional<quint64> parseMemorySize(const QString& text);

}  // namespace kinora
