// Golden tensors and case arguments of the fixture (golden/*.safetensors, golden/cases.json).
#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "common/Fixture.h"
#include "model/runtime/TensorComparison.h"
#include "model/weights/TensorIO.h"

namespace kinora::test {

// golden/cases.json as a JSON object (empty when missing: the calling test then fails on lookups).
inline QJsonObject goldenCases() {
    QFile file(goldenDir() + QStringLiteral("/cases.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Every tensor of golden/<name>; throws when the file cannot be read, so the test fails loudly.
inline std::map<std::string, at::Tensor> goldenTensors(const QString& name) {
    const QString path = goldenDir() + QLatin1Char('/') + name;
    auto tensors = model::readTensorFile(path.toStdString());
    if (!tensors)
        throw std::runtime_error(tensors.error().describe());
    return std::move(*tensors);
}

inline const at::Tensor& tensorNamed(const std::map<std::string, at::Tensor>& tensors,
                                     const std::string& name) {
    const auto it = tensors.find(name);
    if (it == tensors.end())
        throw std::runtime_error("golden tensor missing: " + name);
    return it->second;
}

// The step cases of a golden file, (N, "stepN") for each key `stepN.<suffix>`, ordered by N: the
// step numbers belong to the fixture, never to a test.
inline std::vector<std::pair<int, std::string>> goldenSteps(
    const std::map<std::string, at::Tensor>& tensors, const QString& suffix) {
    const QRegularExpression stepKey(QStringLiteral("^(step(\\d+))\\.") +
                                     QRegularExpression::escape(suffix) + QLatin1Char('$'));
    std::vector<std::pair<int, std::string>> steps;
    for (const auto& item : tensors) {
        const auto match = stepKey.match(QString::fromStdString(item.first));
        if (match.hasMatch())
            steps.emplace_back(match.captured(2).toInt(), match.captured(1).toStdString());
    }
    std::sort(steps.begin(), steps.end());
    return steps;
}

}  // namespace kinora::test

// Compares under one of kinora::model::tolerance's bounds and reports the errors in the test log,
// whether it passes or not.
#define KINORA_COMPARE_TENSORS(actual, expected, name, bound)                                  \
    do {                                                                                       \
        const auto comparison_ = kinora::model::compareTensors(name, actual, expected, bound); \
        qInfo("%s", comparison_.describe().c_str());                                           \
        QVERIFY2(comparison_.pass, comparison_.describe().c_str());                            \
    } while (false)
