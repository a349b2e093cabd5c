#include "CliCommands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include "facade/ModelInspection.h"

namespace kinora::cli {
namespace {

QJsonObject toJson(const ModelInspection& inspection) {
    QJsonArray components;
    for (const auto& component : inspection.components) {
        components.append(QJsonObject{{"name", component.name},
                                      {"class", component.className},
                                      {"dtypes", QJsonArray::fromStringList(component.dtypes)},
                                      {"parameters", double(component.parameters)},
                                      {"bytes_on_disk", double(component.bytesOnDisk)},
                                      {"status", component.status}});
    }
    QJsonArray problems;
    for (const auto& problem : inspection.problems) {
        problems.append(QJsonObject{{"component", problem.component},
                                    {"file", problem.file},
                                    {"message", problem.message},
                                    {"remedy", problem.remedy}});
    }
    return QJsonObject{{"folder", inspection.folder},   {"pipeline", inspection.pipelineClass},
                       {"licence", inspection.licence}, {"usable", inspection.usable()},
                       {"components", components},      {"problems", problems}};
}

}  // namespace

QTextStream& out() {
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err() {
    static QTextStream stream(stderr);
    return stream;
}

std::optional<int> parseCommandLine(QCommandLineParser& parser, const QString& command,
                                    const QStringList& arguments) {
    if (!parser.parse(QStringList{QStringLiteral("kinora-cli ") + command} + arguments)) {
        err() << "kinora-cli " << command << ": " << parser.errorText() << "\n";
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        // Qt names the program as it was started; the usage line names the command instead.
        out() << parser.helpText().replace(QCoreApplication::arguments().constFirst(),
                                           QStringLiteral("kinora-cli ") + command);
        return kExitOk;
    }
    // Every command that runs the model takes --threads; checked here, before anything runs.
    if (parser.optionNames().contains(QStringLiteral("threads"))) {
        bool ok = false;
        const QString value = parser.value(QStringLiteral("threads"));
        if (value.toInt(&ok) < 1 || !ok) {
            err() << "kinora-cli " << command << ": --threads needs a positive integer, not \""
                  << value << "\"\n";
            return kExitUsage;
        }
    }
    return std::nullopt;
}

int runInspect(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Check a diffusers-layout I2VGen-XL model folder: every component's class, stored dtypes, "
        "parameter count, size on disk and status, then each problem with a remedy. Weight files "
        "are validated (safetensors headers) but not loaded. Exits 0 only when the folder is "
        "usable."));
    parser.addHelpOption();
    const QCommandLineOption fp16(
        QStringLiteral("fp16"), QStringLiteral("Inspect the fp16 weight variant where a component "
                                               "has both (default: full precision)."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the report as JSON."));
    parser.addOptions({fp16, json});
    parser.addPositionalArgument(QStringLiteral("MODEL_DIR"),
                                 QStringLiteral("The model folder (holds model_index.json)."));
    if (const auto exit = parseCommandLine(parser, QStringLiteral("inspect"), arguments))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err() << "kinora-cli inspect: give exactly one MODEL_DIR (see kinora-cli inspect --help)\n";
        return kExitUsage;
    }
    const auto inspection =
        inspectModel(positional.front(),
                     parser.isSet(fp16) ? WeightPreference::Fp16 : WeightPreference::FullPrecision);
    if (parser.isSet(json)) {
        out() << QJsonDocument(toJson(inspection)).toJson(QJsonDocument::Indented);
    } else {
        out() << formatInspectionReport(inspection);
    }
    out().flush();
    return inspection.usable() ? kExitOk : kExitFailure;
}

}  // namespace kinora::cli
