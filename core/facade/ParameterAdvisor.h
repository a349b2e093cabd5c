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

// The advice measures against the request parameters' table (RequestParameters.h): its defaults
// are what I2VGen-XL was trained on and its authors' settings, its useful ranges where results
// stay good. Findings in a fixed order: load, steps and guidance, size, frames, clip length (always
// given, as information).
QList<Finding> adviseParameters(const GenerationRequest& request,
                                const ParameterAdviceOptions& options = {});

}  // namespace kinora
