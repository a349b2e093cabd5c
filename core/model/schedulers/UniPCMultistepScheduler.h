// Mirrors diffusers.schedulers.scheduling_unipc_multistep.UniPCMultistepScheduler (diffusers
// 0.27.2) with its defaults: predict_x0, solver_type "bh2", order 2. Each step first corrects the
// previous prediction with the new model output (UniC), then predicts the next sample (UniP).
// The 0.27.2 class has no rescale_betas_zero_snr: like the reference's from_config, this one
// ignores that key and samples on the schedule's plain betas.
#pragma once

#include "model/schedulers/NoiseSchedule.h"
#include "model/schedulers/Scheduler.h"

namespace kinora::model {

// scheduler_config.json, keys of UniPCMultistepScheduler.__init__ with its defaults. solver_p,
// thresholding, predict_x0 false and orders above 2 are not implemented (InvalidConfig errors).
struct UniPCMultistepSchedulerConfig {
    enum class SolverType { Bh1, Bh2 };

    NoiseScheduleConfig schedule;             // timestep_spacing default: linspace
    int solverOrder = 2;                      // solver_order (1 or 2 here)
    SolverType solverType = SolverType::Bh2;  // solver_type
    bool lowerOrderFinal = true;              // lower_order_final
    std::vector<int> disableCorrector;        // disable_corrector: steps without UniC
    bool useKarrasSigmas = false;             // use_karras_sigmas

    static Expected<UniPCMultistepSchedulerConfig> fromJson(const nlohmann::json& json,
                                                            const std::string& source);
};

class UniPCMultistepScheduler final : public Scheduler {
public:
    explicit UniPCMultistepScheduler(UniPCMultistepSchedulerConfig config);

    const char* referenceClass() const override { return "UniPCMultistepScheduler"; }
    Expected<void> setTimesteps(int numInferenceSteps) override;
    SchedulerStep step(const at::Tensor& modelOutput, const at::Tensor& sample,
                       at::Generator* generator) override;

    const at::Tensor& sigmas() const { return sigmas_; }

private:
    // The B(h) terms of the update from (the step's) h: h_phi_1 = expm1(-h), B_h and the b vector.
    struct Coefficients;

    UniPCMultistepSchedulerConfig config_;
    at::Tensor alphasCumprod_;
    at::Tensor sigmas_;
    // Run state: the last two data predictions (newest last), the sample before the last
    // prediction, the order the last prediction used, how many steps ran.
    std::vector<at::Tensor> modelOutputs_;
    at::Tensor lastSample_;
    int lastOrder_ = 0;
    int lowerOrderNums_ = 0;
};

}  // namespace kinora::model
