// Mirrors diffusers.schedulers.scheduling_euler_discrete.EulerDiscreteScheduler (diffusers 0.27.2):
// Euler steps of the probability-flow ODE in sigma (Karras et al. 2022, algorithm 2 without churn),
// optionally on Karras sigmas.
#pragma once

#include <optional>

#include "model/schedulers/NoiseSchedule.h"
#include "model/schedulers/Scheduler.h"

namespace kinora::model {

// scheduler_config.json, keys of EulerDiscreteScheduler.__init__ with its defaults. The reference's
// log_linear interpolation and continuous timesteps are not implemented (InvalidConfig errors).
struct EulerDiscreteSchedulerConfig {
    NoiseScheduleConfig schedule;    // timestep_spacing default: linspace
    bool useKarrasSigmas = false;    // use_karras_sigmas
    std::optional<double> sigmaMin;  // sigma_min (Karras only; null = the schedule's)
    std::optional<double> sigmaMax;  // sigma_max

    static Expected<EulerDiscreteSchedulerConfig> fromJson(const nlohmann::json& json,
                                                           const std::string& source);
};

class EulerDiscreteScheduler final : public Scheduler {
public:
    explicit EulerDiscreteScheduler(EulerDiscreteSchedulerConfig config);

    const char* referenceClass() const override { return "EulerDiscreteScheduler"; }
    Expected<void> setTimesteps(int numInferenceSteps) override;
    double initNoiseSigma() const override { return initNoiseSigma_; }
    at::Tensor scaleModelInput(const at::Tensor& sample) const override;
    // Deterministic: the reference draws a noise tensor every step but, without churn, never
    // uses it.
    SchedulerStep step(const at::Tensor& modelOutput, const at::Tensor& sample,
                       at::Generator* generator) override;

    const EulerDiscreteSchedulerConfig& config() const { return config_; }
    // float32 [steps + 1], the last one 0.
    const at::Tensor& sigmas() const { return sigmas_; }

private:
    EulerDiscreteSchedulerConfig config_;
    at::Tensor alphasCumprod_;
    at::Tensor sigmas_;
    double initNoiseSigma_ = 1.0;
};

}  // namespace kinora::model
