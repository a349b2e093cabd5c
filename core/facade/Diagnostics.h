// Everything Kinora checks before a run, in one report: the prompt (with the real CLIP token
// count when a model folder is known), the parameters and the input image. `kinora-cli doctor`
// prints it, `generate` runs it first, and the GUI's diagnostics panel shows it.
#pragma once

#include <QList>
#include <QRectF>
#include <QSize>
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

// What a video of `target` size keeps of a `source`-sized picture (the reference pipeline's wide
// centre crop), for the app's crop preview: the kept rectangle in source pixels, its share of the
// picture's area, and how much the picture is enlarged (1 when it is not).
struct CropPreview {
    QRectF kept;
    double keptFraction = 1.0;
    double upscale = 1.0;
};
CropPreview cropPreview(QSize source, QSize target);

// `language`: of the prompt findings' messages ("zh..." for Simplified Chinese, else English).
DiagnosticsReport diagnose(const GenerationRequest& request, bool finalRender = false,
                           const QString& language = QStringLiteral("en"));

// One finding per line: "severity  area  rule: message (fix)".
QString formatDiagnostics(const DiagnosticsReport& report);

}  // namespace kinora
