// The one interface the denoising loop drives every sampler through: the timesteps of a run, the
// UNet input scaling, and one update per step. A scheduler object holds one run's state (the
// multistep solvers remember earlier model outputs): setTimesteps starts a new run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <nlohmann/json_fwd.hpp>

#include "model/runtime/Error.h"
#include "model/schedulers/SamplerCatalog.h"

namespace kinora::model {

struct SchedulerStep {
    at::Tensor prevSample;          // the next loop input, in the model output's dtype
    at::Tensor predOriginalSample;  // the step's estimate of the clean latents (for previews)
};

class Scheduler {
public:
    virtual ~Scheduler() = default;

    // The diffusers class this one mirrors, for messages and logs.
    virtual const char* referenceClass() const = 0;

    // Chooses the run's timesteps and resets the run state. The count comes from the user: a bad
    // one is an InvalidInput error that says which counts work.
    virtual Expected<void> setTimesteps(int numInferenceSteps) = 0;

    // Descending, and walked in order from the first (the reference's set_begin_index(0): without
    // it the 0.27.2 classes look the first timestep up, and Karras sigmas on the zero-SNR schedule
    // repeat timestep 999, so the run would start one sigma late and fail at its end).
    // Fractional where the reference's are (Euler with Karras sigmas); the UNet embeds them as
    // floats either way.
    const std::vector<double>& timesteps() const { return timesteps_; }
    int stepIndex() const { return stepIndex_; }
    bool finished() const { return stepIndex_ >= static_cast<int>(timesteps_.size()); }

    // Multiplies the initial unit-variance noise.
    virtual double initNoiseSigma() const { return 1.0; }
    // The UNet's input for the current step (identity for all but the Euler family).
    virtual at::Tensor scaleModelInput(const at::Tensor& sample) const { return sample; }

    // One update for the current timestep; advances to the next. `generator` feeds the samplers
    // that add noise (CPU generators draw on the CPU and the noise moves to the sample's device).
    // Strong guarantee: a step that throws (out of memory) leaves the run state as it was, so the
    // caller may retry it.
    virtual SchedulerStep step(const at::Tensor& modelOutput, const at::Tensor& sample,
                               at::Generator* generator) = 0;

protected:
    // Throws std::logic_error when no step is left.
    void requireStep(const char* who) const;
    std::vector<double> timesteps_;
    int stepIndex_ = 0;
};

// The scheduler for `sampler`, configured as the reference's `<Class>.from_config(config)` would
// be from the model folder's scheduler_config.json: the keys that class knows are read, its own
// defaults fill the rest, the others are ignored. `source` names the config in errors. `ddimEta`:
// DDIM's eta (the reference passes eta to DDIM only).
Expected<std::unique_ptr<Scheduler>> makeScheduler(Sampler sampler, const nlohmann::json& config,
                                                   const std::string& source, double ddimEta = 0.0);

// randn of `like`'s shape and dtype from `generator`, drawn on the generator's device when it is a
// CPU one and then moved (diffusers' randn_tensor); the global generator is never used.
at::Tensor randnLike(const at::Tensor& like, at::Generator& generator, const char* who);

}  // namespace kinora::model
