#include "model/schedulers/SamplerCatalog.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kinora::model {

const std::vector<SamplerInfo>& samplerCatalog() {
    static const std::vector<SamplerInfo> catalog = {
        {Sampler::DDIM, "ddim", "DDIM", "DDIMScheduler", 1, 30, 100, false,
         "the model's own scheduler: deterministic, needs the most steps"},
        {Sampler::DPMSolverMultistep, "dpmpp-2m", "DPM++ 2M", "DPMSolverMultistepScheduler", 2, 15,
         30, false,
         "second-order multistep solver: below about 20 steps closer to the 50-step DDIM "
         "result than DDIM itself"},
        {Sampler::DPMSolverMultistepKarras, "dpmpp-2m-karras", "DPM++ 2M Karras",
         "DPMSolverMultistepScheduler", 2, 15, 30, false,
         "DPM++ 2M on Karras sigmas, which on I2VGen-XL's zero-SNR schedule crowd the "
         "noisiest steps (measured the furthest from DDIM-50)"},
        {Sampler::EulerDiscrete, "euler", "Euler", "EulerDiscreteScheduler", 1, 20, 40, false,
         "first-order ODE steps: simple and robust"},
        {Sampler::EulerAncestralDiscrete, "euler-a", "Euler ancestral",
         "EulerAncestralDiscreteScheduler", 1, 20, 40, true,
         "Euler with fresh noise every step: livelier, changes with the step count"},
        {Sampler::UniPCMultistep, "unipc", "UniPC", "UniPCMultistepScheduler", 2, 10, 25, false,
         "predictor-corrector multistep solver (bh2, order 2): usable from 10 steps"},
    };
    return catalog;
}

const SamplerInfo& samplerInfo(Sampler sampler) {
    for (const auto& info : samplerCatalog())
        if (info.sampler == sampler)
            return info;
    throw std::invalid_argument("samplerInfo: unknown sampler");
}

std::optional<Sampler> samplerFromName(std::string_view name) {
    for (const auto& info : samplerCatalog())
        if (name == info.name)
            return info.sampler;
    return std::nullopt;
}

std::string samplerNames() {
    std::string names;
    for (const auto& info : samplerCatalog())
        names += (names.empty() ? "" : ", ") + std::string(info.name);
    return names;
}

int guidedStepCount(int steps, double guidanceUntil) {
    if (!(guidanceUntil > 0) || steps <= 0)
        return 0;
    return std::clamp(static_cast<int>(std::floor(guidanceUntil * steps + 0.5)), 0, steps);
}

}  // namespace kinora::model
