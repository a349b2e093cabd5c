#include "facade/ParameterAdvisor.h"

#include <QCoreApplication>

#include "facade/RequestParameters.h"
#include "model/schedulers/SamplerCatalog.h"

#include <algorithm>
#include <cmath>

namespace kinora {

namespace {

// The findings' texts are translated where the application installs a translator (the desktop
// app); the CLI installs none, so it prints and records them in English.
class ParameterAdvisor {
    Q_DECLARE_TR_FUNCTIONS(kinora::ParameterAdvisor)
};

// Memory grows with pixels x frames; time at least with pixels x frames x steps (attention grows
// faster than linearly with the pixels). Both are measured against the native run: 1280x704,
// 16 frames, 50 steps. The users' trap 1 (1024p 16:9, 32 frames, 100 steps) is 4.1x the memory
// and 8.1x the work; their 768p/24-frame/80-step row, which fits a 24 GB card, is 1.7x and 2.7x.
constexpr double kHeavyMemoryFactor = 2.0;
constexpr double kHeavyWorkFactor = 4.0;

constexpr const RequestParameterSpec& kWidth = parameterSpec(RequestParameter::Width);
constexpr const RequestParameterSpec& kHeight = parameterSpec(RequestParameter::Height);
constexpr const RequestParameterSpec& kFrames = parameterSpec(RequestParameter::Frames);
constexpr const RequestParameterSpec& kSteps = parameterSpec(RequestParameter::Steps);
constexpr const RequestParameterSpec& kGuidance = parameterSpec(RequestParameter::Guidance);
constexpr const RequestParameterSpec& kGuidanceUntil =
    parameterSpec(RequestParameter::GuidanceUntil);

// What I2VGen-XL was trained on and its authors' steps: the table's defaults.
constexpr int kTrainedWidth = kWidth.intDefault();
constexpr int kTrainedHeight = kHeight.intDefault();
constexpr int kTrainedFrames = kFrames.intDefault();
constexpr int kRecommendedSteps = kSteps.intDefault();

// Trap 2: 20 steps with guidance 12 leaves the latents under-denoised and pulled hard: below the
// useful steps with guidance above this.
constexpr double kHighGuidance = 10.0;

// Guidance more than this far outside its useful range is a warning; nearer, information.
constexpr double kFarOutsideGuidance = 2.0;

// Sizes whose aspect ratio differs from 1280:704 by more than this factor, or whose area is
// outside this factor of it, are far from the training distribution.
constexpr double kAspectTolerance = 1.25;
constexpr double kAreaTolerance = 4.0;

QString number(double value, int decimals = 1) {
    return QString::number(value, 'f', decimals);
}

int roundTo64(int value) {
    return std::max(64, int(std::lround(value / 64.0)) * 64);
}

bool isFinal(const GenerationRequest& request, const ParameterAdviceOptions& options) {
    return options.finalRender || request.preset == QLatin1String("quality") ||
           request.preset == QLatin1String("native");
}

}  // namespace

QList<Finding> adviseParameters(const GenerationRequest& request,
                                const ParameterAdviceOptions& options) {
    QList<Finding> findings;
    const auto add = [&](const char* rule, Severity severity, const char* field,
                         const QString& message, const QString& fix, QJsonObject changes = {}) {
        Finding finding;
        finding.rule = QLatin1String(rule);
        finding.severity = severity;
        finding.field = QLatin1String(field);
        finding.message = message;
        finding.suggestion = fix;
        finding.changes = std::move(changes);
        findings.append(finding);
    };
    if (request.width <= 0 || request.height <= 0 || request.frames <= 0 || request.steps <= 0)
        return findings;  // validateRequest reports these

    const double pixels = double(request.width) * request.height;
    const double nativePixels = double(kTrainedWidth) * kTrainedHeight;
    const double memoryFactor = pixels * request.frames / (nativePixels * kTrainedFrames);
    // Steps after the guidance schedule's end run one UNet pass instead of two.
    const int guidedSteps = request.guidance > 1.0
                                ? model::guidedStepCount(request.steps, request.guidanceUntil)
                                : request.steps;
    const double stepWork = guidedSteps + 0.5 * (request.steps - guidedSteps);
    const double workFactor = memoryFactor * stepWork / kRecommendedSteps;
    if (memoryFactor > kHeavyMemoryFactor || workFactor > kHeavyWorkFactor) {
        QJsonObject changes{{"frames", kTrainedFrames},
                            {"steps", std::min(request.steps, kRecommendedSteps)}};
        if (pixels > nativePixels) {
            changes.insert("width", kTrainedWidth);
            changes.insert("height", kTrainedHeight);
        }
        add("heavy-run", Severity::Warning, "frames",
            ParameterAdvisor::tr(
                "%1x%2, %3 frames, %4 steps needs about %5x the memory and at least "
                "%6x the time of a native run (%7x%8, %9 frames, %10 steps): memory "
                "can run out, or one clip takes many minutes.")
                .arg(request.width)
                .arg(request.height)
                .arg(request.frames)
                .arg(request.steps)
                .arg(number(memoryFactor), number(workFactor))
                .arg(kTrainedWidth)
                .arg(kTrainedHeight)
                .arg(kTrainedFrames)
                .arg(kRecommendedSteps),
            ParameterAdvisor::tr(
                "Tune at 512p with %1 frames and %2 steps, then render the final clip "
                "at %3x%4 with %1 frames.")
                .arg(kTrainedFrames)
                .arg(kRecommendedSteps)
                .arg(kTrainedWidth)
                .arg(kTrainedHeight),
            changes);
    }

    const bool final = isFinal(request, options);
    // Each sampler's own step range (an unknown name is validateRequest's to report).
    const auto sampler = model::samplerFromName(request.sampler.toStdString());
    const model::SamplerInfo& samplerFacts =
        model::samplerInfo(sampler.value_or(model::Sampler::DDIM));
    const bool ddim = samplerFacts.sampler == model::Sampler::DDIM;
    const QString samplerLabel = QLatin1String(samplerFacts.label);
    const int fewestGoodSteps = samplerFacts.usefulStepsLow;
    const int recommendedSteps = ddim ? kRecommendedSteps : samplerFacts.usefulStepsHigh;
    const bool lowStepsHighGuidance =
        request.steps < fewestGoodSteps && request.guidance > kHighGuidance;
    if (lowStepsHighGuidance) {
        add("low-steps-high-guidance", Severity::Warning, "steps",
            ParameterAdvisor::tr(
                "%1 steps with guidance %2: the latents are not denoised enough while "
                "guidance pulls them hard, which gives distortions and artifacts.")
                .arg(request.steps)
                .arg(number(request.guidance)),
            ParameterAdvisor::tr("Use %1 steps, or lower the guidance to %2.")
                .arg(recommendedSteps)
                .arg(formatParameterValue(kGuidance.id, kGuidance.defaultValue)),
            QJsonObject{{"steps", recommendedSteps}});
    }
    if (ddim && request.steps < kRecommendedSteps && final) {
        add("final-steps", Severity::Warning, "steps",
            ParameterAdvisor::tr(
                "%1 DDIM steps for a final render: fewer than %2 gives visibly worse "
                "results (the model authors' default is %2).")
                .arg(request.steps)
                .arg(kRecommendedSteps),
            ParameterAdvisor::tr("Use at least %1 steps for the final render.")
                .arg(kRecommendedSteps),
            QJsonObject{{"steps", kRecommendedSteps}});
    } else if (ddim && request.steps < kRecommendedSteps && !lowStepsHighGuidance) {
        add("draft-steps", Severity::Info, "steps",
            ParameterAdvisor::tr("%1 DDIM steps is a draft: fine for judging whether the prompt "
                                 "triggers the intended motion, softer and less stable than the %2 "
                                 "the model authors recommend.")
                .arg(request.steps)
                .arg(kRecommendedSteps),
            ParameterAdvisor::tr("Render the final clip with %1 steps.").arg(kRecommendedSteps),
            QJsonObject{{"steps", kRecommendedSteps}});
    } else if (!ddim && request.steps < fewestGoodSteps && !lowStepsHighGuidance) {
        add("sampler-steps", final ? Severity::Warning : Severity::Info, "steps",
            ParameterAdvisor::tr("%1 steps of %2 is a draft: it does well with %3 to %4 steps.")
                .arg(request.steps)
                .arg(samplerLabel)
                .arg(fewestGoodSteps)
                .arg(samplerFacts.usefulStepsHigh),
            ParameterAdvisor::tr("Use %1 steps for the final render.").arg(recommendedSteps),
            QJsonObject{{"steps", recommendedSteps}});
    } else if (!ddim && request.steps > samplerFacts.usefulStepsHigh) {
        add("sampler-steps", Severity::Info, "steps",
            ParameterAdvisor::tr("%1 steps of %2: more than %3 rarely changes the video and "
                                 "costs time in proportion.")
                .arg(request.steps)
                .arg(samplerLabel)
                .arg(samplerFacts.usefulStepsHigh),
            ParameterAdvisor::tr("Use %1 steps.").arg(samplerFacts.usefulStepsHigh),
            QJsonObject{{"steps", samplerFacts.usefulStepsHigh}});
    }

    if (isDraft(request)) {
        add("draft-cache", final ? Severity::Warning : Severity::Info, "cache",
            ParameterAdvisor::tr("Draft mode (%1) reuses the model's deeper features between "
                                 "steps: faster, with less detail and steadiness than a full "
                                 "render.")
                .arg(request.cache),
            ParameterAdvisor::tr("Render the final clip with the cache off."),
            QJsonObject{{"cache", QStringLiteral("off")}});
    }

    if (request.guidance > 1.0 && request.guidanceUntil < kGuidanceUntil.useful.low) {
        add("guidance-until-low", Severity::Warning, "guidance_until",
            ParameterAdvisor::tr("Guidance for only the first %1% of the steps: the prompt "
                                 "loses its hold on the motion below %2%.")
                .arg(int(std::lround(request.guidanceUntil * 100)))
                .arg(int(std::lround(kGuidanceUntil.useful.low * 100))),
            ParameterAdvisor::tr("Use %1 or more.")
                .arg(formatParameterValue(kGuidanceUntil.id, kGuidanceUntil.useful.low)),
            QJsonObject{{"guidance_until", kGuidanceUntil.useful.low}});
    }

    const double guidanceOutside = request.guidance < kGuidance.useful.low
                                       ? kGuidance.useful.low - request.guidance
                                       : request.guidance - kGuidance.useful.high;
    if (guidanceOutside > 0) {
        const bool far = guidanceOutside > kFarOutsideGuidance;
        const QString why =
            request.guidance <= 1.0
                ? ParameterAdvisor::tr(
                      "at 1 or below, classifier-free guidance is off and the prompt "
                      "barely steers the motion")
            : request.guidance < kGuidance.useful.low
                ? ParameterAdvisor::tr(
                      "low guidance follows the prompt weakly: little or unrelated "
                      "motion")
                : ParameterAdvisor::tr(
                      "high guidance over-steers: exaggerated motion, saturated "
                      "colours and artifacts");
        add("guidance-range", far ? Severity::Warning : Severity::Info, "guidance",
            ParameterAdvisor::tr("Guidance %1 is %2 the useful range %3 to %4: %5.")
                .arg(number(request.guidance),
                     far ? ParameterAdvisor::tr("far outside") : ParameterAdvisor::tr("outside"),
                     formatParameterValue(kGuidance.id, kGuidance.useful.low),
                     formatParameterValue(kGuidance.id, kGuidance.useful.high), why),
            ParameterAdvisor::tr("Use %1 (the default) and tune in steps of 1.")
                .arg(formatParameterValue(kGuidance.id, kGuidance.defaultValue)),
            QJsonObject{{"guidance", kGuidance.defaultValue}});
    }

    if (request.width != kTrainedWidth || request.height != kTrainedHeight) {
        const double aspect = double(request.width) / request.height;
        const double trainedAspect = double(kTrainedWidth) / kTrainedHeight;
        const double aspectFactor = std::max(aspect / trainedAspect, trainedAspect / aspect);
        const double areaFactor = std::max(pixels / nativePixels, nativePixels / pixels);
        const bool far = aspectFactor > kAspectTolerance || areaFactor > kAreaTolerance;
        add("off-distribution", far ? Severity::Warning : Severity::Info, "width",
            ParameterAdvisor::tr(
                "%1x%2 is off the %4x%5 landscape size I2VGen-XL was trained on%3: "
                "expect less stable motion and detail (its authors support only the "
                "trained size).")
                .arg(request.width)
                .arg(request.height)
                .arg(far ? (aspectFactor > kAspectTolerance
                                ? ParameterAdvisor::tr(", with a different shape")
                                : ParameterAdvisor::tr(", far from its area"))
                         : QString())
                .arg(kTrainedWidth)
                .arg(kTrainedHeight),
            ParameterAdvisor::tr("Use the native %1x%2 for the final render.")
                .arg(kTrainedWidth)
                .arg(kTrainedHeight),
            QJsonObject{{"width", kTrainedWidth}, {"height", kTrainedHeight}});
    }
    if (request.width % 64 != 0 || request.height % 64 != 0) {
        add("size-multiple-64", Severity::Warning, "width",
            ParameterAdvisor::tr("%1x%2 is not a multiple of 64 on both sides: the UNet halves the "
                                 "latent (1/8 of the image) three times, and only multiples of 64 "
                                 "divide evenly at every level, as in training; other sizes risk "
                                 "artifacts at the edges.")
                .arg(request.width)
                .arg(request.height),
            ParameterAdvisor::tr("Use %1x%2.")
                .arg(roundTo64(request.width))
                .arg(roundTo64(request.height)),
            QJsonObject{{"width", roundTo64(request.width)},
                        {"height", roundTo64(request.height)}});
    }

    if (!kFrames.useful.contains(request.frames)) {
        add("frames-off-16", Severity::Warning, "frames",
            ParameterAdvisor::tr("%1 frames is far from the %3 I2VGen-XL was trained on: %2.")
                .arg(request.frames)
                .arg(request.frames < kFrames.useful.low
                         ? ParameterAdvisor::tr("too few frames leave the motion barely started")
                         : ParameterAdvisor::tr(
                               "longer clips drift, repeat or lose the subject, and "
                               "memory grows with every frame"))
                .arg(kTrainedFrames),
            ParameterAdvisor::tr("Use %1 frames (%2 for a quick check).")
                .arg(kTrainedFrames)
                .arg(int(kFrames.useful.low)),
            QJsonObject{{"frames", kTrainedFrames}});
    }

    if (request.outputFps > 0) {
        const double seconds = double(request.frames) / request.outputFps;
        QString message = ParameterAdvisor::tr("%1 frames at %2 fps play for %3 s.")
                              .arg(request.frames)
                              .arg(request.outputFps)
                              .arg(number(seconds, 2));
        if (request.targetFps > 0 && request.targetFps != request.outputFps) {
            message += ParameterAdvisor::tr(
                           " The motion is generated for %1 fps (target fps), so "
                           "played at %2 fps it runs %3x as fast.")
                           .arg(request.targetFps)
                           .arg(request.outputFps)
                           .arg(number(double(request.outputFps) / request.targetFps, 2));
        }
        add("clip-length", Severity::Info, "output_fps", message,
            ParameterAdvisor::tr(
                "More frames make a longer clip; a lower output fps plays it slower."));
    }
    return findings;
}

}  // namespace kinora
