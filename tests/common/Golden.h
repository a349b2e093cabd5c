// Golden tensors and case arguments of the fixture (golden/*.safetensors, golden/cases.json).
#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <map>
#include <string>

#include <ATen/core/Tensor.h>

#include "common/Fixture.h"
#include "model/TensorComparison.h"
#include "model/TensorIO.h"

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

}  // namespace kinora::test

// Compares under one of kinora::model::tolerance's bounds and reports the errors in the test log,
// whether it passes or not.
#define KINORA_COMPARE_TENSORS(actual, expected, name, bound)                                  \
    do {                                                                                       \
        const auto comparison_ = kinora::model::compareTensors(name, actual, expected, bound); \
        qInfo("%s", comparison_.describe().c_str());                                           \
        QVERIFY2(comparison_.pass, comparison_.describe().c_str());                            \
    } while (false)
