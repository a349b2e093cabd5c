// Batch files (JSONL): one generation request per line, missing fields from the line's preset.
// A line is untrusted input; parsing it never touches the files it names.
#pragma once

#include <QByteArray>
#include <QSize>
#include <QString>

#include <functional>

#include "facade/GenerationRequest.h"

namespace kinora {

// Blank lines and lines starting with '#' are not jobs.
bool isBatchJobLine(const QByteArray& line);

struct BatchJob {
    GenerationRequest request;
    QString error;  // empty when the line is a runnable request
    QString remedy;

    bool ok() const { return error.isEmpty(); }
};

// The size of the image at a path (invalid when unknown): "NNNp" presets follow its aspect ratio.
using ImageSizeLookup = std::function<QSize(const QString& imagePath)>;

// One job line: a JSON object whose fields override its "preset" (balanced when absent); the model
// folder is `defaultModel` unless the line names one. The request is validated and needs an output.
BatchJob parseBatchLine(const QByteArray& line, const QString& defaultModel,
                        const ImageSizeLookup& imageSize);

}  // namespace kinora
