// Mirrors diffusers.schedulers.scheduling_euler_ancestral_discrete.EulerAncestralDiscreteScheduler
// (diffusers 0.27.2): an Euler step down to sigma_down, then fresh noise of sigma_up from the run's
// generator, so that each step lands on the marginal of the next sigma.
#pragma once

#include "model/schedulers/NoiseSchedule.h"
#include "model/schedulers/Scheduler.h"

namespace kinora::model {

// scheduler_config.json: only the shared schedule keys (timestep_spacing default: linspace).
// prediction_type "sample" is an error, as in the reference.
struct EulerAncestralDiscreteSchedulerConfig {
    NoiseScheduleConfig schedule;

    static Expected<EulerAncestralDiscreteSchedulerConfig> fromJson(const nlohmann::json& json,
                                                                    const std::string& source);
};

class EulerAncestralDiscreteScheduler final : public Scheduler {
public:
    explicit EulerAncestralDiscreteScheduler(EulerAncestralDiscreteSchedulerConfig config);

    const char* referenceClass() const override { return "EulerAncestralDiscreteScheduler"; }
    Expected<void> setTimesteps(int numInferenceSteps) override;
    double initNoiseSigma() const override { return initNoiseSigma_; }
    at::Tensor scaleModelInput(const at::Tensor& sample) const override;
    // Needs a generator (std::invalid_argument without one).
    SchedulerStep step(const at::Tensor& modelOutput, const at::Tensor& sample,
                       at::Generator* generator) override;

    const at::Tensor& sigmas() const { return sigmas_; }

private:
    EulerAncestralDiscreteSchedulerConfig config_;
    at::Tensor alphasCumprod_;
    at::Tensor sigmas_;
    double initNoiseSigma_ = 1.0;
};

}  // namespace kinora::model
