#include "facade/Diagnostics.h"

#include <QFileInfo>
#include <QHash>
#include <QMutex>

#include <memory>

#include "facade/ParameterAdvisor.h"
#include "media/ImageChecks.h"
#include "media/ImageLoader.h"
#include "model/clip/CLIPTokenizer.h"

namespace kinora {

// The media library's severities mirror the facade's, value for value.
static_assert(int(media::Severity::Info) == int(Severity::Info) &&
              int(media::Severity::Warning) == int(Severity::Warning) &&
              int(media::Severity::Error) == int(Severity::Error));

bool DiagnosticsReport::hasErrors() const {
    for (const auto& finding : prompt + parameters)
        if (finding.severity == Severity::Error)
            return true;
    for (const auto& finding : image)
        if (finding.severity == Severity::Error)
            return true;
    return false;
}

namespace {

// Loading a tokenizer reads and parses about 1.5 MB of vocabulary: once per model folder, not on
// every check (the GUI re-checks the prompt as the user types).
std::shared_ptr<const model::CLIPTokenizer> tokenizerFor(const QString& modelFolder) {
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<const model::CLIPTokenizer>> loaded;
    const QString key = QFileInfo(modelFolder).absoluteFilePath();
    QMutexLocker lock(&mutex);
    const auto it = loaded.constFind(key);
    if (it != loaded.constEnd())
        return it.value();
    auto tokenizer = model::CLIPTokenizer::load(key.toStdString());
    if (!tokenizer)
        return nullptr;
    return loaded.insert(key, std::make_shared<const model::CLIPTokenizer>(std::move(*tokenizer)))
        .value();
}

}  // namespace

PromptLintOptions promptLintOptionsFor(const QString& modelFolder) {
    PromptLintOptions options;
    if (modelFolder.isEmpty())
        return options;
    const auto tokenizer = tokenizerFor(modelFolder);
    if (!tokenizer)
        return options;
    options.tokenCount = [tokenizer](const QString& text) {
        return int(tokenizer->bpeTokens(text.toStdString()).size());
    };
    // The longest prefix, cut at a space, whose tokens fit the encoder's window.
    options.truncatedText = [tokenizer](const QString& text) {
        const int window = tokenizer->modelMaxLength() - 2;
        const auto fits = [&](int length) {
            return int(tokenizer->bpeTokens(text.left(length).toStdString()).size()) <= window;
        };
        if (fits(int(text.size())))
            return text;
        QList<int> cuts;
        for (int i = 1; i < text.size(); ++i)
            if (text[i].isSpace() && !text[i - 1].isSpace())
                cuts << i;
        int low = 0, high = int(cuts.size()) - 1, best = 0;
        while (low <= high) {
            const int middle = (low + high) / 2;
            if (fits(cuts[middle])) {
                best = cuts[middle];
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return text.left(best);
    };
    return options;
}

CropPreview cropPreview(QSize source, QSize target) {
    const media::CropGeometry geometry = media::centerCropWideGeometry(source, target);
    return {geometry.keptInSource, geometry.keptFraction, geometry.upscaleFactor()};
}

DiagnosticsReport diagnose(const GenerationRequest& request, bool finalRender,
                           const QString& language) {
    DiagnosticsReport report;
    PromptLintOptions lintOptions = promptLintOptionsFor(request.modelFolder);
    lintOptions.language = language;
    report.prompt = lintPrompt(request.prompt, lintOptions);
    ParameterAdviceOptions advice;
    advice.finalRender = finalRender;
    report.parameters = adviseParameters(request, advice);
    if (!request.imagePath.isEmpty()) {
        const auto loaded = media::loadInputImage(request.imagePath);
        if (!loaded.ok()) {
            report.image.append(
                {QStringLiteral("unreadable"), Severity::Error, loaded.error, loaded.remedy});
        } else {
            for (const auto& finding :
                 media::checkImage(loaded.image, QSize(request.width, request.height))) {
                report.image.append(
                    {finding.rule, Severity(int(finding.severity)), finding.message, finding.fix});
            }
        }
    }
    return report;
}

QString formatDiagnostics(const DiagnosticsReport& report) {
    QString text;
    const auto line = [&](Severity severity, const QString& area, const QString& rule,
                          const QString& message, const QString& fix) {
        text +=
            QStringLiteral("%1  %2  %3: %4\n")
                .arg(severityName(severity).leftJustified(7), area.leftJustified(9), rule, message);
        if (!fix.isEmpty())
            text += QStringLiteral("         fix: %1\n").arg(fix);
    };
    for (const auto& finding : report.prompt)
        line(finding.severity, QStringLiteral("prompt"), finding.rule, finding.message,
             finding.suggestion);
    for (const auto& finding : report.parameters)
        line(finding.severity, QStringLiteral("settings"), finding.rule, finding.message,
             finding.suggestion);
    for (const auto& finding : report.image)
        line(finding.severity, QStringLiteral("image"), finding.rule, finding.message, finding.fix);
    return text;
}

}  // namespace kinora
