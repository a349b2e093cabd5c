// Model folder inspection for the GUI and the CLI: what is in the folder, and what stops it
// loading.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace kinora {

struct ComponentInfo {
    QString name;
    QString className;
    QStringList dtypes;
    quint64 parameters = 0;
    quint64 bytesOnDisk = 0;
    bool hasWeights = false;
    bool ok = false;
    QString status;  // ok, missing, weights missing, broken
};

struct InspectionProblem {
    QString component;
    QString file;
    QString message;
    QString remedy;
};

struct ModelInspection {
    QString folder;
    QString pipelineClass;
    QString licence;
    QList<ComponentInfo> components;
    QList<InspectionProblem> problems;

    bool usable() const { return problems.isEmpty(); }
};

enum class WeightPreference { FullPrecision, Fp16 };

ModelInspection inspectModel(const QString& folder,
                             WeightPreference preference = WeightPreference::FullPrecision);

// "1.42 G", "34.5 M", "980 K", "12"
QString formatCount(quint64 count);
// "2.65 GiB", "7.1 MiB", "512 B"
QString formatByteSize(quint64 bytes);
// The inspection as a plain-text table followed by each problem and its remedy.
QString formatInspectionReport(const ModelInspection& inspection);

}  // namespace kinora
