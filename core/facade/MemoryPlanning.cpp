#include "facade/MemoryPlanning.h"

#include <QDir>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTextStream>

#include <algorithm>
#include <limits>

#include "model/memory/MemoryPlanner.h"
#include "model/runtime/Runtime.h"
#include "model/schedulers/SamplerCatalog.h"

namespace kinora {
namespace {

constexpr quint64 kMiB = quint64(1) << 20;
constexpr quint64 kGiB = quint64(1) << 30;

// What stays free for the rest of the system: on the host max(512 MiB, 5% of RAM), so the
// kernel's out-of-memory killer never has to pick a process; on a GPU 256 MiB for the
// allocator's fragmentation and other processes' small allocations.
constexpr quint64 kHostMarginMinimum = 512 * kMiB;
constexpr double kHostMarginShare = 0.05;
constexpr quint64 kDeviceMargin = 256 * kMiB;

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

struct Target {
    model::ComputeKind kind = model::ComputeKind::Cpu;
    int cudaIndex = 0;
    QString device;
    QString precision;
    int dtypeBytes = 4;
};

Target targetFor(const GenerationRequest& request) {
    Target target;
    const bool cuda = request.device == QLatin1String("auto")
                          ? model::cudaAvailable()
                          : request.device.startsWith(QLatin1String("cuda"));
    if (cuda) {
        target.kind = model::ComputeKind::Cuda;
        target.cudaIndex = request.device.contains(QLatin1Char(':'))
                               ? request.device.section(QLatin1Char(':'), 1).toInt()
                               : 0;
        target.device = QStringLiteral("cuda:%1").arg(target.cudaIndex);
    } else {
        target.device = QStringLiteral("cpu");
    }
    target.precision = request.dtype == QLatin1String("auto")
                           ? (cuda ? QStringLiteral("fp16") : QStringLiteral("fp32"))
                           : request.dtype;
    target.dtypeBytes = target.precision == QLatin1String("fp32") ? 4 : 2;
    return target;
}

struct Budget {
    model::MemoryBudget bytes;
    QString source;
    QString error;
};

// Host memory the process may grow to: what the system has available plus what this process
// holds already (the prediction counts the whole process), less the margin.
std::optional<std::pair<quint64, QString>> hostBudget() {
    const auto host = model::hostMemory();
    if (!host)
        return std::nullopt;
    const quint64 margin =
        std::max(kHostMarginMinimum, quint64(double(host->totalBytes) * kHostMarginShare));
    const quint64 own = model::processResidentBytes();
    const quint64 usable =
        host->availableBytes + own > margin ? host->availableBytes + own - margin : 0;
    return std::make_pair(
        usable, QStringLiteral("%1 available (MemAvailable) + %2 this process holds - %3 margin")
                    .arg(formatMemoryBytes(host->availableBytes), formatMemoryBytes(own),
                         formatMemoryBytes(margin)));
}

Budget budgetFor(const Target& target, const MemoryPlanOptions& options) {
    Budget budget;
    const auto host = hostBudget();
    budget.bytes.hostBytes = host ? host->first : std::numeric_limits<quint64>::max() / 2;
    if (target.kind == model::ComputeKind::Cpu) {
        if (options.memoryBytes) {
            budget.bytes.hostBytes = *options.memoryBytes;
            budget.source = QStringLiteral("given (--memory)");
        } else if (host) {
            budget.source = host->second;
        } else {
            budget.error = QStringLiteral(
                "the free memory of this system is unknown (no "
                "/proc/meminfo): pass --memory to plan for a size");
        }
        return budget;
    }
    if (options.memoryBytes) {
        budget.bytes.deviceBytes = *options.memoryBytes;
        budget.source = QStringLiteral("given (--memory)");
        return budget;
    }
    const auto device = model::cudaMemory(target.cudaIndex);
    if (!device) {
        budget.error = QStringLiteral(
                           "%1 is not available to this build: pass --memory to plan "
                           "for a GPU of that size")
                           .arg(target.device);
        return budget;
    }
    // The context the CUDA runtime just created is in the prediction; so are the weights this
    // process holds for the job already.
    const quint64 context = model::memoryCalibration().cudaContextBytes;
    const quint64 usable = device->availableBytes + options.residentDeviceBytes + context;
    budget.bytes.deviceBytes = usable > kDeviceMargin ? usable - kDeviceMargin : 0;
    budget.source =
        QStringLiteral("%1 free of %2 on %3 + %4 held by this job's model - %5 margin")
            .arg(formatMemoryBytes(device->availableBytes), formatMemoryBytes(device->totalBytes),
                 target.device, formatMemoryBytes(options.residentDeviceBytes + context),
                 formatMemoryBytes(kDeviceMargin));
    return budget;
}

MemoryVerdict verdictOf(model::PlanVerdict verdict) {
    switch (verdict) {
        case model::PlanVerdict::FitsAsIs:
            return MemoryVerdict::Fits;
        case model::PlanVerdict::FitsWithSavings:
            return MemoryVerdict::FitsWithSavings;
        case model::PlanVerdict::FitsWithOffload:
            return MemoryVerdict::FitsWithOffload;
        case model::PlanVerdict::Downgraded:
            return MemoryVerdict::Downgraded;
        case model::PlanVerdict::NeedsDowngrade:
            return MemoryVerdict::NeedsDowngrade;
        case model::PlanVerdict::Impossible:
            return MemoryVerdict::DoesNotFit;
    }
    return MemoryVerdict::Unknown;
}

MemoryPlan planWith(const model::ModelArchitecture& architecture, const GenerationRequest& request,
                    const Target& target, const Budget& budget, bool allowDowngrade) {
    MemoryPlan plan;
    plan.device = target.device;
    plan.precision = target.precision;
    plan.requestedWidth = request.width;
    plan.requestedHeight = request.height;
    plan.requestedFrames = request.frames;
    plan.width = request.width;
    plan.height = request.height;
    plan.frames = request.frames;
    if (!budget.error.isEmpty()) {
        plan.error = budget.error;
        return plan;
    }
    plan.budgetSource = budget.source;
    plan.budgetBytes =
        target.kind == model::ComputeKind::Cuda ? budget.bytes.deviceBytes : budget.bytes.hostBytes;
    model::PlanRequest planRequest;
    // A guided step holds both branches: its peak is the run's while any step is guided.
    const bool anyGuidedStep =
        request.guidance > 1.0 && model::guidedStepCount(request.steps, request.guidanceUntil) > 0;
    planRequest.shape = {request.width, request.height, request.frames, anyGuidedStep};
    planRequest.device = target.kind;
    planRequest.dtypeBytes = target.dtypeBytes;
    planRequest.decodeChunkFrames = request.decodeChunkSize;
    planRequest.allowDowngrade = allowDowngrade;
    const auto decision = model::planExecution(architecture, planRequest, budget.bytes);
    plan.verdict = verdictOf(decision.verdict);
    plan.width = decision.shape.width;
    plan.height = decision.shape.height;
    plan.frames = decision.shape.frames;
    if (decision.downgrade) {
        plan.downgradeWidth = decision.downgrade->width;
        plan.downgradeHeight = decision.downgrade->height;
        plan.downgradeFrames = decision.downgrade->frames;
    }
    plan.settings = decision.plan;
    for (const auto& fallback : decision.denoiseFallbacks)
        plan.denoiseFallbacks << fallback;
    for (const auto& fallback : decision.decodeFallbacks)
        plan.decodeFallbacks << fallback;
    for (const auto& stage : decision.prediction.stages) {
        plan.stages << MemoryStagePeak{fromStd(std::string(model::memoryStageName(stage.stage))),
                                       stage.deviceBytes, stage.hostBytes, fromStd(stage.peakAt)};
    }
    plan.peakBytes = decision.prediction.peakComputeBytes(target.kind);
    plan.peakHostBytes = decision.prediction.peakHostBytes();
    for (const auto& line : decision.explanation)
        plan.explanation << fromStd(line);
    return plan;
}

}  // namespace

QString describeExecutionPlan(const model::ExecutionPlan& plan) {
    QStringList parts;
    parts << (plan.attentionQueryChunk > 0
                  ? QStringLiteral("attention %1 queries at a time").arg(plan.attentionQueryChunk)
                  : QStringLiteral("attention whole"));
    if (plan.feedForwardChunk > 0)
        parts << QStringLiteral("feed-forward %1 tokens at a time").arg(plan.feedForwardChunk);
    parts << (plan.releaseEncoders ? QStringLiteral("encoders released after use")
                                   : QStringLiteral("encoders kept"));
    if (plan.offload)
        parts << QStringLiteral("model offload");
    parts << QStringLiteral("decode %1 frame%2 at a time")
                 .arg(plan.decodeChunkFrames)
                 .arg(plan.decodeChunkFrames == 1 ? QString() : QStringLiteral("s"));
    if (plan.decodeTiled)
        parts << QStringLiteral("tiled decode (%1 latent pixels, overlap %2)")
                     .arg(plan.tileLatentSize)
                     .arg(plan.tileOverlap);
    return parts.join(QStringLiteral(", "));
}

QJsonObject executionPlanJson(const model::ExecutionPlan& plan) {
    return QJsonObject{{"attention_query_chunk", double(plan.attentionQueryChunk)},
                       {"feed_forward_chunk", double(plan.feedForwardChunk)},
                       {"release_encoders", plan.releaseEncoders},
                       {"offload", plan.offload},
                       {"decode_chunk_frames", plan.decodeChunkFrames},
                       {"decode_tiled", plan.decodeTiled},
                       {"tile_latent_size", plan.tileLatentSize},
                       {"tile_overlap", plan.tileOverlap}};
}

QString memoryVerdictName(MemoryVerdict verdict) {
    switch (verdict) {
        case MemoryVerdict::Unknown:
            return QStringLiteral("unknown");
        case MemoryVerdict::Fits:
            return QStringLiteral("fits");
        case MemoryVerdict::FitsWithSavings:
            return QStringLiteral("fits with savings");
        case MemoryVerdict::FitsWithOffload:
            return QStringLiteral("fits with offload");
        case MemoryVerdict::Downgraded:
            return QStringLiteral("downgraded");
        case MemoryVerdict::NeedsDowngrade:
            return QStringLiteral("needs a downgrade");
        case MemoryVerdict::DoesNotFit:
            return QStringLiteral("does not fit");
    }
    return {};
}

bool MemoryPlan::runnable() const {
    return verdict == MemoryVerdict::Fits || verdict == MemoryVerdict::FitsWithSavings ||
           verdict == MemoryVerdict::FitsWithOffload || verdict == MemoryVerdict::Downgraded;
}

QJsonObject MemoryPlan::downgradeChanges() const {
    if (!downgradeFrames)
        return {};
    QJsonObject changes{{"frames", *downgradeFrames}};
    if (*downgradeWidth != requestedWidth || *downgradeHeight != requestedHeight) {
        changes.insert("width", *downgradeWidth);
        changes.insert("height", *downgradeHeight);
    }
    return changes;
}

QJsonObject MemoryPlan::toJson() const {
    QJsonArray stageArray;
    for (const auto& stage : stages) {
        stageArray.append(QJsonObject{{"stage", stage.stage},
                                      {"device_bytes", double(stage.deviceBytes)},
                                      {"host_bytes", double(stage.hostBytes)},
                                      {"peak_at", stage.peakAt}});
    }
    QJsonObject json{
        {"verdict", memoryVerdictName(verdict)},
        {"device", device},
        {"precision", precision},
        {"budget_bytes", double(budgetBytes)},
        {"budget_source", budgetSource},
        {"requested",
         QJsonObject{
             {"width", requestedWidth}, {"height", requestedHeight}, {"frames", requestedFrames}}},
        {"runs", QJsonObject{{"width", width}, {"height", height}, {"frames", frames}}},
        {"settings", executionPlanJson(settings)},
        {"peak_bytes", double(peakBytes)},
        {"peak_host_bytes", double(peakHostBytes)},
        {"stages", stageArray},
        {"explanation", QJsonArray::fromStringList(explanation)}};
    QJsonArray denoise, decode;
    for (const auto& fallback : denoiseFallbacks)
        denoise.append(executionPlanJson(fallback));
    for (const auto& fallback : decodeFallbacks)
        decode.append(executionPlanJson(fallback));
    json.insert("denoise_fallbacks", denoise);
    json.insert("decode_fallbacks", decode);
    if (!error.isEmpty())
        json.insert("error", error);
    if (downgradeFrames)
        json.insert("downgrade", downgradeChanges());
    return json;
}

MemoryPlan planMemory(const GenerationRequest& request, const MemoryPlanOptions& options) {
    const Target target = targetFor(request);
    const auto architecture = model::readModelArchitecture(request.modelFolder.toStdString());
    if (!architecture) {
        MemoryPlan plan;
        plan.device = target.device;
        plan.precision = target.precision;
        plan.error = fromStd(architecture.error().describe());
        return plan;
    }
    return planWith(*architecture, request, target, budgetFor(target, options),
                    options.allowDowngrade);
}

QString formatMemoryPlan(const MemoryPlan& plan) {
    QString text;
    QTextStream out(&text);
    if (!plan.known()) {
        out << "Memory plan unavailable: " << plan.error << "\n";
        return text;
    }
    out << "Request:  " << plan.requestedWidth << "x" << plan.requestedHeight << ", "
        << plan.requestedFrames << " frames on " << plan.device << " (" << plan.precision << ")\n";
    out << "Memory:   " << formatMemoryBytes(plan.budgetBytes) << " usable (" << plan.budgetSource
        << ")\n";
    out << "Verdict:  " << memoryVerdictName(plan.verdict) << "\n";
    if (plan.downgradeFrames) {
        out << (plan.verdict == MemoryVerdict::Downgraded ? "Runs:     " : "Proposed: ")
            << *plan.downgradeWidth << "x" << *plan.downgradeHeight << ", " << *plan.downgradeFrames
            << " frames\n";
    }
    out << "Plan:     " << describeExecutionPlan(plan.settings) << "\n";
    out << "Peak:     " << formatMemoryBytes(plan.peakBytes)
        << (plan.device == QLatin1String("cpu") ? QString()
                                                : QStringLiteral(" on the device, %1 on the host")
                                                      .arg(formatMemoryBytes(plan.peakHostBytes)))
        << "\n\n";
    const bool cuda = plan.device != QLatin1String("cpu");
    out << QStringLiteral("%1 %2 %3\n")
               .arg(QStringLiteral("Stage"), -14)
               .arg(cuda ? QStringLiteral("device / host") : QStringLiteral("memory"), -22)
               .arg(QStringLiteral("peak at"));
    for (const auto& stage : plan.stages) {
        const QString bytes = cuda ? formatMemoryBytes(stage.deviceBytes) + QStringLiteral(" / ") +
                                         formatMemoryBytes(stage.hostBytes)
                                   : formatMemoryBytes(stage.hostBytes);
        out << QStringLiteral("%1 %2 %3\n").arg(stage.stage, -14).arg(bytes, -22).arg(stage.peakAt);
    }
    out << "\n";
    for (const auto& line : plan.explanation)
        out << "- " << line << "\n";
    return text;
}

QList<MemoryTableRow> memoryPlanTable(const GenerationRequest& base,
                                      const MemoryPlanOptions& options) {
    QList<MemoryTableRow> rows;
    const Target target = targetFor(base);
    const auto architecture = model::readModelArchitecture(base.modelFolder.toStdString());
    const Budget budget = budgetFor(target, options);
    for (const char* resolution : {"512p", "768p", "1024p", "native"}) {
        const auto size = sizeForResolution(QLatin1String(resolution));
        for (const int frames : {8, 16, 24, 32}) {
            MemoryTableRow row;
            row.resolution = QLatin1String(resolution);
            row.width = size->width();
            row.height = size->height();
            row.frames = frames;
            row.steps = base.steps;
            GenerationRequest request = base;
            request.width = row.width;
            request.height = row.height;
            request.frames = frames;
            if (architecture) {
                row.plan = planWith(*architecture, request, target, budget, false);
            } else {
                row.plan.error = fromStd(architecture.error().describe());
            }
            rows << row;
        }
    }
    return rows;
}

QString formatMemoryTable(const QList<MemoryTableRow>& rows) {
    QString text;
    QTextStream out(&text);
    if (rows.isEmpty())
        return text;
    const auto& first = rows.front().plan;
    if (!first.known()) {
        out << "Memory plan unavailable: " << first.error << "\n";
        return text;
    }
    out << "Predicted peak memory on " << first.device << " (" << first.precision << "), "
        << formatMemoryBytes(first.budgetBytes) << " usable (" << first.budgetSource << ")\n\n";
    out << "| resolution | size | frames | steps | predicted peak | fits | plan |\n";
    out << "|---|---|---|---|---|---|---|\n";
    for (const auto& row : rows) {
        const auto& plan = row.plan;
        QString fits;
        if (plan.verdict == MemoryVerdict::Fits)
            fits = QStringLiteral("yes");
        else if (plan.runnable())
            fits = QStringLiteral("yes, with savings");
        else if (plan.downgradeFrames)
            fits = QStringLiteral("no: %1x%2, %3 frames fit")
                       .arg(*plan.downgradeWidth)
                       .arg(*plan.downgradeHeight)
                       .arg(*plan.downgradeFrames);
        else
            fits = QStringLiteral("no");
        out << "| " << row.resolution << " | " << row.width << "x" << row.height << " | "
            << row.frames << " | " << row.steps << " | " << formatMemoryBytes(plan.peakBytes)
            << " | " << fits << " | "
            << (plan.runnable() ? describeExecutionPlan(plan.settings) : QString()) << " |\n";
    }
    out << "\nSteps change the time of a run, never its peak memory. Peaks without a fit are "
           "those of the tightest plan.\n";
    return text;
}

QString formatMemoryBytes(quint64 bytes) {
    if (bytes >= kGiB)
        return QStringLiteral("%1 GiB").arg(double(bytes) / double(kGiB), 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(double(bytes) / double(kMiB), 0, 'f', 0);
}

std::optional<quint64> parseMemorySize(const QString& text) {
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*([0-9]+(?:\.[0-9]+)?)\s*(([kmgt])(i?b)?|b)?\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const double value = match.captured(1).toDouble();
    const QString unit = match.captured(3).toLower();
    const double scale = unit == QLatin1String("k")   ? double(1 << 10)
                         : unit == QLatin1String("m") ? double(kMiB)
                         : unit == QLatin1String("g") ? double(kGiB)
                         : unit == QLatin1String("t") ? double(kGiB) * 1024.0
                                                      : 1.0;
    const double bytes = value * scale;
    if (bytes < 1.0 || bytes > 1e18)
        return std::nullopt;
    return quint64(bytes);
}

}  // namespace kinora
