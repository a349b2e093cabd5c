// kinora-cli doctor and plan: the checks and the memory plan of a request, before running it.
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTextStream>

#include "CliCommands.h"
#include "RequestOptions.h"
#include "facade/BuildInfo.h"
#include "facade/Diagnostics.h"
#include "facade/MemoryPlanning.h"

namespace kinora::cli {

int runDoctor(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Check a request before spending minutes on it: the prompt (abstract, vague "
                       "or contradictory "
                       "wording, missing direction or speed, non-English text, more than the "
                       "77-token window with the "
                       "model's own tokenizer), the settings (combinations known to ruin results "
                       "or blow memory) and "
                       "the image (too small, blurred, badly exposed, low contrast, text, busy "
                       "scene, the crop the "
                       "size forces). Exits 1 when any finding is an error."));
    parser.addHelpOption();
    const RequestOptions options;
    options.addTo(parser);
    const QCommandLineOption finalRender{"final", "Judge the settings as a final render."};
    parser.addOption(finalRender);
    if (const auto exit = parseCommandLine(parser, QStringLiteral("doctor"), arguments))
        return *exit;
    QString error;
    const auto request = buildRequest(false, parser, options, &error);
    if (!request) {
        err() << "kinora-cli doctor: " << error << "\n";
        return kExitUsage;
    }
    const auto report = diagnose(*request, parser.isSet(finalRender));
    if (parser.isSet(options.json)) {
        QJsonArray findings;
        const auto add = [&](const QString& area, const QString& rule, Severity severity,
                             const QString& message, const QString& fix) {
            findings.append(QJsonObject{{"area", area},
                                        {"rule", rule},
                                        {"severity", severityName(severity)},
                                        {"message", message},
                                        {"fix", fix}});
        };
        for (const auto& finding : report.prompt)
            add("prompt", finding.rule, finding.severity, finding.message, finding.suggestion);
        for (const auto& finding : report.parameters)
            add("settings", finding.rule, finding.severity, finding.message, finding.suggestion);
        for (const auto& finding : report.image)
            add("image", finding.rule, finding.severity, finding.message, finding.fix);
        const QJsonObject runtime{{"allocator", hostAllocatorName()},
                                  {"blas", blasLibraryName()},
                                  {"devices", availableDevices()}};
        out() << QJsonDocument(QJsonObject{{"findings", findings},
                                           {"errors", report.hasErrors()},
                                           {"runtime", runtime}})
                     .toJson(QJsonDocument::Indented);
    } else {
        out() << (report.empty() ? QStringLiteral("No problems found.\n")
                                 : formatDiagnostics(report));
        out() << "Runs on: " << availableDevices() << ", matrix products on " << blasLibraryName()
              << ", host memory from " << hostAllocatorName() << "\n";
    }
    return report.hasErrors() ? kExitFailure : kExitOk;
}

int runPlan(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Plan a request's memory before running it: the predicted peak per stage (load, text "
        "encode, image encode, denoise step, decode, video encode) on the device it would use, "
        "the fastest way to run it that fits the memory there is (attention and feed-forward "
        "chunking, releasing the encoders, model offload, decode chunk and tiles), and when "
        "nothing fits, the smallest downgrade that does. The model folder needs its configs "
        "only, not its weights. With --table: every resolution x frame count at the request's "
        "steps. Exits 1 when the request does not fit."));
    parser.addHelpOption();
    const RequestOptions options;
    options.addTo(parser);
    const QCommandLineOption size{"size", "Video size as WxH, e.g. 1280x704.", "WxH"};
    const QCommandLineOption memory{
        "memory",
        "Plan for a device with this much usable memory (e.g. 10GB, 6144MB) instead "
        "of this system's.",
        "SIZE"};
    const QCommandLineOption table{"table",
                                   "Print resolution x frames -> predicted peak, whether it fits "
                                   "and with which plan."};
    const QCommandLineOption autoDowngrade{"auto-downgrade",
                                           "Plan as generate --auto-downgrade would run it."};
    parser.addOptions({size, memory, table, autoDowngrade});
    if (const auto exit = parseCommandLine(parser, QStringLiteral("plan"), arguments))
        return *exit;
    QString error;
    auto request = buildRequest(false, parser, options, &error);
    if (!request) {
        err() << "kinora-cli plan: " << error << "\n";
        return kExitUsage;
    }
    if (parser.isSet(size)) {
        static const QRegularExpression pattern(QStringLiteral(R"(^\s*(\d+)\s*[xX]\s*(\d+)\s*$)"));
        const auto match = pattern.match(parser.value(size));
        if (!match.hasMatch()) {
            err() << "kinora-cli plan: --size needs WxH, e.g. 1280x704\n";
            return kExitUsage;
        }
        request->width = match.captured(1).toInt();
        request->height = match.captured(2).toInt();
    }
    if (request->modelFolder.isEmpty()) {
        err() << "kinora-cli plan: no model folder: pass --model DIR (its configs are enough) or "
                 "set KINORA_MODEL\n";
        return kExitUsage;
    }
    MemoryPlanOptions planOptions;
    planOptions.allowDowngrade = parser.isSet(autoDowngrade);
    if (parser.isSet(memory)) {
        planOptions.memoryBytes = parseMemorySize(parser.value(memory));
        if (!planOptions.memoryBytes) {
            err() << "kinora-cli plan: --memory needs a size such as 12GB or 8192MB\n";
            return kExitUsage;
        }
    }
    const bool json = parser.isSet(options.json);
    if (parser.isSet(table)) {
        const auto rows = memoryPlanTable(*request, planOptions);
        if (!rows.isEmpty() && !rows.front().plan.known()) {
            err() << "kinora-cli plan: " << rows.front().plan.error << "\n";
            return kExitFailure;
        }
        if (json) {
            QJsonArray array;
            for (const auto& row : rows) {
                QJsonObject entry = row.plan.toJson();
                entry.insert("resolution", row.resolution);
                entry.insert("steps", row.steps);
                array.append(entry);
            }
            out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
        } else {
            out() << formatMemoryTable(rows);
        }
        return kExitOk;
    }
    // Only the settings that shape memory matter here; prompt, image and output do not.
    static const QStringList memoryFields{
        "width", "height", "frames", "steps", "guidance", "decode_chunk_size", "device", "dtype"};
    bool usable = true;
    for (const auto& problem : validateRequest(*request)) {
        if (!memoryFields.contains(problem.field))
            continue;
        err() << "kinora-cli plan: " << problem.message << "\n  remedy: " << problem.remedy << "\n";
        usable = false;
    }
    if (!usable)
        return kExitUsage;
    const auto plan = planMemory(*request, planOptions);
    if (!plan.known()) {
        err() << "kinora-cli plan: " << plan.error << "\n";
        return kExitFailure;
    }
    if (json)
        out() << QJsonDocument(plan.toJson()).toJson(QJsonDocument::Indented);
    else
        out() << formatMemoryPlan(plan);
    return plan.runnable() ? kExitOk : kExitFailure;
}

}  // namespace kinora::cli
