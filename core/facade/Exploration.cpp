#include "facade/Exploration.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>

#include <algorithm>

#include "facade/Presets.h"

namespace kinora {
namespace {

// A PNG sequence is a folder: no extension.
QString outputName(const QString& base, const QString& format) {
    return format == QLatin1String("png") ? base : base + QLatin1Char('.') + format;
}

// `<folder>/<base>.<format>`, or with _2, _3 ... when that exists already.
QString freeOutputPath(const QString& folder, const QString& base, const QString& format) {
    const QDir dir(folder);
    QString path = dir.filePath(outputName(base, format));
    for (int number = 2; QFileInfo::exists(path); ++number)
        path = dir.filePath(outputName(base + QStringLiteral("_%1").arg(number), format));
    return path;
}

QString formatGuidance(double guidance) {
    return QString::number(guidance, 'g', 4);
}

constexpr const RequestParameterSpec& kSteps = parameterSpec(RequestParameter::Steps);
// Guidance below its useful range lets the video drift from the prompt; above it over-saturates
// and stiffens the motion: refining moves guidance within the range.
constexpr const RequestParameterSpec& kGuidance = parameterSpec(RequestParameter::Guidance);

}  // namespace

QList<ExplorationCandidate> explorationMatrix(const GenerationRequest& base,
                                              const QStringList& prompts,
                                              const QList<quint64>& seeds,
                                              const ExplorationOptions& options) {
    GenerationRequest settings = base;
    if (!options.preset.isEmpty()) {
        const auto preset = findPreset(options.preset);
        if (!preset)
            return {};
        settings = applyPreset(*preset, base, QImageReader(base.imagePath).size());
    }
    const QString stem =
        options.stem.isEmpty() ? QFileInfo(base.imagePath).completeBaseName() : options.stem;
    const QDir folder(options.outputFolder);
    QList<ExplorationCandidate> candidates;
    for (int p = 0; p < prompts.size(); ++p) {
        for (int s = 0; s < seeds.size(); ++s) {
            GenerationRequest request = settings;
            request.prompt = prompts[p];
            request.seed = seeds[s];
            request.parent.clear();
            request.origin = QStringLiteral("explore p%1 s%2").arg(p + 1).arg(seeds[s]);
            request.outputPath = folder.filePath(outputName(
                QStringLiteral("%1_p%2_s%3").arg(stem).arg(p + 1).arg(seeds[s]), request.format));
            candidates.append({request, p, s});
        }
    }
    return candidates;
}

Expected<QStringList> readPromptList(const QString& text) {
    QStringList prompts;
    if (QFileInfo(text).isFile()) {
        QFile file(text);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            return failWith(QStringLiteral("%1: cannot read: %2").arg(text, file.errorString()));
        }
        for (const QString& line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
            const QString prompt = line.trimmed();
            if (!prompt.isEmpty() && !prompt.startsWith(QLatin1Char('#')))
                prompts << prompt;
        }
    } else {
        for (const QString& part : text.split(QLatin1Char('|'))) {
            if (!part.trimmed().isEmpty())
                prompts << part.trimmed();
        }
    }
    if (prompts.isEmpty()) {
        return failWith(QStringLiteral(
            "no prompts: give a file with one prompt per line, or prompts separated by |"));
    }
    return prompts;
}

Expected<QList<quint64>> readSeedList(const QString& text) {
    QList<quint64> seeds;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const quint64 seed = part.trimmed().toULongLong(&ok);
        if (!ok) {
            return failWith(
                QStringLiteral("\"%1\" is not a seed (a non-negative integer)").arg(part));
        }
        if (!seeds.contains(seed))
            seeds << seed;
    }
    if (seeds.isEmpty()) {
        return failWith(QStringLiteral("no seeds: give comma-separated integers, e.g. 1,2,3"));
    }
    return seeds;
}

Expected<Refinement> refinedRequest(const GenerationRequest& parent, const QString& parentRecord,
                                    const RefineStep& step, QSize imageSize) {
    Refinement refinement;
    GenerationRequest& request = refinement.request;
    request = parent;
    request.parent =
        parentRecord.isEmpty() ? QString() : QFileInfo(parentRecord).absoluteFilePath();
    QString tag;
    switch (step.kind) {
        case RefineKind::MoreSteps:
            if (step.steps <= parent.steps || step.steps > kSteps.intMaximum()) {
                return failWith(
                    QStringLiteral("%1 steps is not more than the parent's %2 (at most %3)")
                        .arg(step.steps)
                        .arg(parent.steps)
                        .arg(kSteps.intMaximum()));
            }
            request.steps = step.steps;
            request.origin = QStringLiteral("refine: steps %1").arg(step.steps);
            tag = QStringLiteral("steps%1").arg(step.steps);
            refinement.note = QStringLiteral(
                                  "Same seed and prompt with %1 DDIM steps instead of %2: the "
                                  "same composition with finer detail and steadier motion.")
                                  .arg(step.steps)
                                  .arg(parent.steps);
            break;
        case RefineKind::GuidanceUp:
        case RefineKind::GuidanceDown: {
            const bool up = step.kind == RefineKind::GuidanceUp;
            const double wanted = parent.guidance + (up ? 1.0 : -1.0);
            const double guidance = std::clamp(wanted, kGuidance.useful.low, kGuidance.useful.high);
            if (guidance == parent.guidance || (up != (guidance > parent.guidance))) {
                return failWith(
                    QStringLiteral("guidance %1 is already at the %2 of the useful range %3 "
                                   "to %4")
                        .arg(formatGuidance(parent.guidance), up ? "top" : "bottom",
                             formatGuidance(kGuidance.useful.low),
                             formatGuidance(kGuidance.useful.high)));
            }
            request.guidance = guidance;
            request.origin = QStringLiteral("refine: guidance %1").arg(formatGuidance(guidance));
            tag = QStringLiteral("cfg%1").arg(formatGuidance(guidance));
            refinement.note =
                QStringLiteral("Same seed and prompt with guidance %1 instead of %2: %3")
                    .arg(formatGuidance(guidance), formatGuidance(parent.guidance),
                         up ? QStringLiteral("follows the prompt more closely; above %1 colours "
                                             "burn and the motion stiffens.")
                                  .arg(formatGuidance(kGuidance.useful.high))
                            : QStringLiteral("looser and more natural; below %1 the video drifts "
                                             "from the prompt.")
                                  .arg(formatGuidance(kGuidance.useful.low)));
            if (guidance != wanted) {
                refinement.note +=
                    QStringLiteral(" (%1 is outside the useful range %2 to %3.)")
                        .arg(formatGuidance(wanted), formatGuidance(kGuidance.useful.low),
                             formatGuidance(kGuidance.useful.high));
            }
            break;
        }
        case RefineKind::SharpenedPrompt:
            if (step.prompt.trimmed().isEmpty() ||
                step.prompt.trimmed() == parent.prompt.trimmed()) {
                return failWith(
                    QStringLiteral("the sharpened prompt is empty or the parent's own"));
            }
            request.prompt = step.prompt.trimmed();
            request.origin = QStringLiteral("refine: prompt");
            tag = QStringLiteral("prompt");
            refinement.note = QStringLiteral(
                "Same seed and settings with the sharpened prompt: the composition stays close, "
                "the motion follows the new wording.");
            break;
        case RefineKind::Finalise: {
            const auto preset = findPreset(step.preset);
            if (!preset || (step.preset != QLatin1String("quality") &&
                            step.preset != QLatin1String("native"))) {
                return failWith(
                    QStringLiteral("finalise with \"%1\"? Use quality or native").arg(step.preset));
            }
            // The preset's size, frames, sampler, step count and rates, and never the draft
            // cache; the tuned guidance stays, and more steps than the preset's are kept where
            // the sampler is the same.
            const GenerationRequest sized = applyPreset(
                *preset, parent,
                imageSize.isValid() ? imageSize : QImageReader(parent.imagePath).size());
            request.width = sized.width;
            request.height = sized.height;
            request.frames = sized.frames;
            request.steps =
                sized.sampler == parent.sampler ? std::max(parent.steps, sized.steps) : sized.steps;
            request.sampler = sized.sampler;
            request.guidanceUntil = sized.guidanceUntil;
            request.cache = sized.cache;
            request.targetFps = sized.targetFps;
            request.outputFps = sized.outputFps;
            request.preset = sized.preset;
            request.origin = QStringLiteral("finalise: %1").arg(step.preset);
            tag = step.preset;
            refinement.sizeChanged =
                request.width != parent.width || request.height != parent.height;
            refinement.framesChanged = request.frames != parent.frames;
            refinement.note = QStringLiteral(
                                  "Final render with the %1 preset: %2x%3, %4 frames, "
                                  "%5 steps, guidance %6, same seed and prompt.")
                                  .arg(preset->name)
                                  .arg(request.width)
                                  .arg(request.height)
                                  .arg(request.frames)
                                  .arg(request.steps)
                                  .arg(formatGuidance(request.guidance));
            if (refinement.sizeChanged || refinement.framesChanged) {
                QStringList changes;
                if (refinement.sizeChanged) {
                    changes << QStringLiteral("the size (%1x%2 to %3x%4)")
                                   .arg(parent.width)
                                   .arg(parent.height)
                                   .arg(request.width)
                                   .arg(request.height);
                }
                if (refinement.framesChanged) {
                    changes << QStringLiteral("the frame count (%1 to %2)")
                                   .arg(parent.frames)
                                   .arg(request.frames);
                }
                refinement.note += QStringLiteral(
                                       " The composition will differ from the candidate: the noise "
                                       "shape changes with %1, so the same seed draws other noise.")
                                       .arg(changes.join(QStringLiteral(" and ")));
            }
            break;
        }
    }
    // Beside the parent's record (where the parent's video is, even when it was moved).
    const QFileInfo parentFile(parentRecord.isEmpty() ? parent.outputPath : parentRecord);
    const QString folder = parentFile.absolutePath();
    const QString parentStem = parentRecord.isEmpty() && parent.format == QLatin1String("png")
                                   ? parentFile.fileName()
                                   : parentFile.completeBaseName();
    request.outputPath =
        freeOutputPath(folder, parentStem + QLatin1Char('_') + tag, request.format);
    return refinement;
}

}  // namespace kinora
