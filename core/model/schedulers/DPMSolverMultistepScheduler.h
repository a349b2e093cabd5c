// Mirrors diffusers.schedulers.scheduling_dpmsolver_multistep.DPMSolverMultistepScheduler
// (diffusers 0.27.2) with algorithm_type "dpmsolver++": DPM-Solver++ in data prediction, first
// order on the first step (and the last, final_sigmas_type "zero"), second order in between (2M).
#pragma once

#include <limits>

#include "model/schedulers/NoiseSchedule.h"
#include "model/schedulers/Scheduler.h"

namespace kinora::model {

// scheduler_config.json, keys of DPMSolverMultistepScheduler.__init__ with its defaults. Values the
// reference accepts but Kinora does not implement (solver_order 3, the SDE and non-"++"
// algorithms, thresholding, Lu lambdas) are InvalidConfig errors that say so.
struct DPMSolverMultistepSchedulerConfig {
    enum class SolverType { Midpoint, Heun };
    enum class FinalSigmas { Zero, SigmaMin };

    NoiseScheduleConfig schedule;                     // timestep_spacing default: linspace
    int solverOrder = 2;                              // solver_order (1 or 2 here)
    SolverType solverType = SolverType::Midpoint;     // solver_type
    bool lowerOrderFinal = true;                      // lower_order_final
    bool eulerAtFinal = false;                        // euler_at_final
    bool useKarrasSigmas = false;                     // use_karras_sigmas
    FinalSigmas finalSigmasType = FinalSigmas::Zero;  // final_sigmas_type
    double lambdaMinClipped = -std::numeric_limits<double>::infinity();  // lambda_min_clipped

    static Expected<DPMSolverMultistepSchedulerConfig> fromJson(const nlohmann::json& json,
                                                                const std::string& source);
};

class DPMSolverMultistepScheduler final : public Scheduler {
public:
    explicit DPMSolverMultistepScheduler(DPMSolverMultistepSchedulerConfig config);

    const char* referenceClass() const override { return "DPMSolverMultistepScheduler"; }
    Expected<void> setTimesteps(int numInferenceSteps) override;
    SchedulerStep step(const at::Tensor& modelOutput, const at::Tensor& sample,
                       at::Generator* generator) override;

    const DPMSolverMultistepSchedulerConfig& config() const { return config_; }
    // float32 [steps + 1]: the run's sigmas, the last one the final sigma.
    const at::Tensor& sigmas() const { return sigmas_; }

private:
    DPMSolverMultistepSchedulerConfig config_;
    at::Tensor alphasCumprod_;  // float32 [T]
    at::Tensor sigmas_;
    at::Tensor previousModelOutput_;  // the data prediction of the step before (2M)
    int lowerOrderNums_ = 0;
};

}  // namespace kinora::model
