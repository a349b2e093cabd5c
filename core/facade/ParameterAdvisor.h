// The parameter advisor: the combinations of size, frames, steps, guidance and fps that ruin
// results or waste a run (PRODUCT_NOTES part 3 and the model authors' defaults), each finding with
// the reason and a fix the request can take as it is (Finding::changes).
#pragma once

#include <QList>

#include "facade/Finding.h"
#include "facade/GenerationRequest.h"

namespace kinora {

struct ParameterAdviceOptions {
    // The user calls this run the final render. Requests from the "quality" and "native" presets
    // count as final without it.
    bool finalRender = false;
};

// What I2VGen-XL was trained on and its authors' defaults, which the advice measures against.
inline constexpr int kTrainedWidth = 1280;
inline constexpr int kTrainedHeight = 704;
inline constexpr int kTrainedFrames = 16;
inline constexpr int kRecommendedSteps = 50;
inline constexpr double kDefaultGuidance = 9.0;
inline constexpr double kUsefulGuidanceLow = 7.0;
inline constexpr double kUsefulGuidanceHigh = 12.0;

// Findings in a fixed order: load, steps and guidance, size, frames, clip length (always given,
// as information).
QList<Finding> adviseParameters(const GenerationRequest& request,
                                const ParameterAdviceOptions& options = {});

}  // namespace kinora
