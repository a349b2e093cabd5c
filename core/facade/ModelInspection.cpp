#include "facade/ModelInspection.h"

#include <QStringBuilder>

#include "model/weights/ModelFolder.h"

namespace kinora {

ModelInspection inspectModel(const QString& folder, WeightPreference preference) {
    const auto report = model::inspectModelFolder(folder.toStdString(),
                                                  preference == WeightPreference::Fp16
                                                      ? model::WeightVariant::PreferFp16
                                                      : model::WeightVariant::PreferFullPrecision);
    ModelInspection inspection;
    inspection.folder = folder;
    inspection.pipelineClass = QString::fromStdString(report.pipelineClass);
    inspection.licence = QString::fromStdString(report.licence);
    for (const auto& component : report.components) {
        ComponentInfo info;
        info.name = QString::fromStdString(component.name);
        info.className = QString::fromStdString(component.className);
        for (const auto& dtype : component.dtypes)
            info.dtypes << QString::fromStdString(dtype);
        info.parameters = component.parameters;
        info.bytesOnDisk = component.bytesOnDisk;
        info.hasWeights = component.hasWeights;
        info.ok = component.status == model::ComponentStatus::Ok;
        info.status = QString::fromUtf8(model::componentStatusName(component.status).data());
        inspection.components << info;
    }
    for (const auto& problem : report.problems) {
        inspection.problems << InspectionProblem{QString::fromStdString(problem.component),
                                                 QString::fromStdString(problem.file.string()),
                                                 QString::fromStdString(problem.message),
                                                 QString::fromStdString(problem.remedy)};
    }
    return inspection;
}

QString formatCount(quint64 count) {
    if (count >= 1000000000ull)
        return QString::number(count / 1e9, 'f', 2) + QStringLiteral(" G");
    if (count >= 1000000ull)
        return QString::number(count / 1e6, 'f', 1) + QStringLiteral(" M");
    if (count >= 1000ull)
        return QString::number(count / 1e3, 'f', 1) + QStringLiteral(" K");
    return QString::number(count);
}

QString formatByteSize(quint64 bytes) {
    const double value = static_cast<double>(bytes);
    if (bytes >= (1ull << 30))
        return QString::number(value / (1ull << 30), 'f', 2) + " GiB";
    if (bytes >= (1ull << 20))
        return QString::number(value / (1ull << 20), 'f', 1) + " MiB";
    if (bytes >= (1ull << 10))
        return QString::number(value / (1ull << 10), 'f', 1) + " KiB";
    return QString::number(bytes) + " B";
}

QString formatInspectionReport(const ModelInspection& inspection) {
    const QStringList headers = {QStringLiteral("component"), QStringLiteral("class"),
                                 QStringLiteral("dtype"),     QStringLiteral("parameters"),
                                 QStringLiteral("on disk"),   QStringLiteral("status")};
    QList<QStringList> rows;
    for (const auto& component : inspection.components) {
        const bool weighed = component.hasWeights && component.parameters > 0;
        rows << QStringList{
            component.name,
            component.className,
            component.dtypes.isEmpty() ? QStringLiteral("-")
                                       : component.dtypes.join(QLatin1Char('+')),
            weighed ? formatCount(component.parameters) : QStringLiteral("-"),
            component.bytesOnDisk ? formatByteSize(component.bytesOnDisk) : QStringLiteral("-"),
            component.status};
    }
    QList<int> widths;
    for (int column = 0; column < headers.size(); ++column) {
        int width = headers[column].size();
        for (const auto& row : rows)
            width = qMax(width, int(row[column].size()));
        widths << width;
    }
    const auto line = [&](const QStringList& cells) {
        QStringList padded;
        for (int column = 0; column < cells.size(); ++column)
            padded << cells[column].leftJustified(widths[column]);
        return padded.join(QStringLiteral("  ")).trimmed() + QLatin1Char('\n');
    };
    QString text = QStringLiteral("Model folder: ") % inspection.folder % QLatin1Char('\n');
    if (!inspection.pipelineClass.isEmpty())
        text += QStringLiteral("Pipeline:     ") % inspection.pipelineClass % QLatin1Char('\n');
    if (!inspection.licence.isEmpty())
        text += QStringLiteral("Licence:      ") % inspection.licence % QLatin1Char('\n');
    text += QLatin1Char('\n') + line(headers);
    for (const auto& row : rows)
        text += line(row);
    quint64 parameters = 0;
    quint64 bytes = 0;
    for (const auto& component : inspection.components) {
        parameters += component.parameters;
        bytes += component.bytesOnDisk;
    }
    text += QStringLiteral("\nTotal: %1 parameters, %2 on disk\n")
                .arg(formatCount(parameters), formatByteSize(bytes));
    if (inspection.usable()) {
        text += QStringLiteral("Status: usable\n");
    } else {
        text += QStringLiteral("\nProblems (%1):\n").arg(inspection.problems.size());
        for (const auto& problem : inspection.problems) {
            text += QStringLiteral("  - ") %
                    (problem.component.isEmpty() ? QString()
                                                 : problem.component % QStringLiteral(": ")) %
                    problem.message % QLatin1Char('\n');
            if (!problem.remedy.isEmpty())
                text += QStringLiteral("    remedy: ") % problem.remedy % QLatin1Char('\n');
        }
        text += QStringLiteral("Status: not usable\n");
    }
    return text;
}

}  // namespace kinora
