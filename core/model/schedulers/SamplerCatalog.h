// The samplers Kinora offers, by the names users type, with what a user needs to pick one: the
// reference class, the fewest steps it accepts and the step range it does well in. std only, so
// the facade, the CLI and the parameter advisor share the one list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinora::model {

enum class Sampler {
    DDIM,
    DPMSolverMultistep,
    DPMSolverMultistepKarras,
    EulerDiscrete,
    EulerAncestralDiscrete,
    UniPCMultistep,
};

struct SamplerInfo {
    Sampler sampler;
    const char* name;            // CLI, JSON and sidecar value, e.g. "dpmpp-2m"
    const char* label;           // what the parameter panel shows
    const char* referenceClass;  // the diffusers 0.27.2 class it mirrors
    int minimumSteps;            // a multistep solver of order k needs k steps
    int usefulStepsLow;          // the step range it does well in, from docs/performance.md
    int usefulStepsHigh;
    bool addsNoise;  // draws fresh noise every step (the seed then fixes more than the start)
    const char* summary;
};

// In the order the UI lists them; DDIM first (the model's own scheduler, the default).
const std::vector<SamplerInfo>& samplerCatalog();
const SamplerInfo& samplerInfo(Sampler sampler);
std::optional<Sampler> samplerFromName(std::string_view name);
// "ddim, dpmpp-2m, ..." for messages and --help.
std::string samplerNames();

// The guidance schedule: of `steps` guided steps, the first round(guidanceUntil * steps) run both
// branches (two UNet evaluations), the rest the conditional one. The pipeline, the memory planner
// and the time estimates count the same way.
int guidedStepCount(int steps, double guidanceUntil);

}  // namespace kinora::model
