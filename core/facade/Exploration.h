// The iterate-to-a-good-video loop as requests: explore a matrix of prompt variants x seeds with a
// quick preset, then refine a picked candidate (more steps, guidance +-1, a sharpened prompt) and
// finalise it with the quality or native preset. Every request made here records where it came
// from (GenerationRequest::parent and ::origin), so history can show the lineage.
#pragma once

#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

#include "facade/Expected.h"
#include "facade/GenerationRequest.h"

namespace kinora {

struct ExplorationOptions {
    QString outputFolder;  // where the candidates go
    QString stem;          // file name start; empty: the image's base name
    // The preset each candidate runs with (its size following the image's aspect ratio); empty:
    // the base request's own settings as they are.
    QString preset = QStringLiteral("fast");
};

// One candidate of the matrix: its request and its place (0-based row = prompt, column = seed).
struct ExplorationCandidate {
    GenerationRequest request;
    int promptIndex = 0;
    int seedIndex = 0;
};

// The candidates in prompt-major order (all seeds of the first prompt, then the second ...), each
// written to <outputFolder>/<stem>_p<i>_s<seed>.<format> (i counts from 1) with origin
// "explore p<i> s<seed>". Empty when the preset is unknown.
QList<ExplorationCandidate> explorationMatrix(const GenerationRequest& base,
                                              const QStringList& prompts,
                                              const QList<quint64>& seeds,
                                              const ExplorationOptions& options = {});

// Prompts from a file (one per line; blank lines and lines starting with # skipped) when `text`
// names an existing file, else a "|"-separated list.
Expected<QStringList> readPromptList(const QString& text);
// "1,2,3" as seeds.
Expected<QList<quint64>> readSeedList(const QString& text);

enum class RefineKind { MoreSteps, GuidanceUp, GuidanceDown, SharpenedPrompt, Finalise };

struct RefineStep {
    RefineKind kind = RefineKind::MoreSteps;
    int steps = 0;   // MoreSteps: the new step count
    QString prompt;  // SharpenedPrompt: the new prompt
    QString preset;  // Finalise: "quality" or "native"

    static RefineStep moreSteps(int steps) { return {RefineKind::MoreSteps, steps, {}, {}}; }
    static RefineStep guidanceUp() { return {RefineKind::GuidanceUp, 0, {}, {}}; }
    static RefineStep guidanceDown() { return {RefineKind::GuidanceDown, 0, {}, {}}; }
    static RefineStep sharpenedPrompt(const QString& prompt) {
        return {RefineKind::SharpenedPrompt, 0, prompt, {}};
    }
    static RefineStep finalise(const QString& preset) {
        return {RefineKind::Finalise, 0, {}, preset};
    }
};

struct Refinement {
    GenerationRequest request;
    QString note;  // what changed and what to expect, for the user
    // Finalise only: the size or frame count changed, so the initial noise has another shape and
    // the composition will differ from the parent's.
    bool sizeChanged = false;
    bool framesChanged = false;
};

// The parent's request with one thing changed; seed, prompt and everything else stay unless the
// kind changes them. `parentRecord` is the parent's sidecar (recorded as the new request's
// parent); the output goes beside the parent as <stem>_<what>.<format>, numbered when taken.
// `imageSize` sizes "NNNp" presets for Finalise (the parent's image when empty). Problems (a step
// count that is not more, guidance already at the end of the useful range, an unchanged prompt,
// an unknown preset) are the failure.
Expected<Refinement> refinedRequest(const GenerationRequest& parent, const QString& parentRecord,
                                    const RefineStep& step, QSize imageSize = {});

}  // namespace kinora
