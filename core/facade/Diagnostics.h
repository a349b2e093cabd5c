// Everything Kinora checks before a run, in one report: the prompt (with the real CLIP token
// count when a model folder is known), the parameters and the input image. `kinora-cli doctor`
// prints it, `generate` runs it first, and the GUI's diagnostics panel shows it.
#pragma once

#include <QList>
#include <QString>

#include "facade/Finding.h"
#include "facade/GenerationRequest.h"
#include "facade/PromptLinter.h"

namespace kinora {

struct ImageDiagnostic {
    QString rule;
    Severity severity = Severity::Warning;
    QString message;
    QString fix;
};

struct DiagnosticsReport {
    QList<Finding> prompt;
    QList<Finding> parameters;
    QList<ImageDiagnostic> image;

    bool hasErrors() const;
    bool empty() const { return prompt.isEmpty() && parameters.isEmpty() && image.isEmpty(); }
};

// Token count and cut of the model's own CLIP tokenizer (from modelFolder/tokenizer); options
// without a token check when the folder has no usable tokenizer.
PromptLintOptions promptLintOptionsFor(const QString& modelFolder);

DiagnosticsReport diagnose(const GenerationRequest& request, bool finalRender = false);

// One finding per line: "severity  area  rule: message (fix)".
QString formatDiagnostics(const DiagnosticsReport& report);

}  // namespace kinora
