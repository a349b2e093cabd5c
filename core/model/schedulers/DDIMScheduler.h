// Mirrors diffusers.schedulers.scheduling_ddim.DDIMScheduler (diffusers 0.27.2): the noise schedule
// (betas, alphas_cumprod), the inference timesteps and the deterministic or stochastic DDIM step.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <nlohmann/json_fwd.hpp>

#include "model/runtime/Error.h"
#include "model/schedulers/NoiseSchedule.h"

namespace kinora::model {

// scheduler_config.json; every default is the reference's (DDIMScheduler.__init__).
struct DDIMSchedulerConfig {
    std::int64_t numTrainTimesteps = 1000;                    // num_train_timesteps
    double betaStart = 0.0001;                                // beta_start
    double betaEnd = 0.02;                                    // beta_end
    BetaSchedule betaSchedule = BetaSchedule::Linear;         // beta_schedule
    std::vector<double> trainedBetas;                         // trained_betas; empty = none (null)
    bool clipSample = true;                                   // clip_sample
    double clipSampleRange = 1.0;                             // clip_sample_range
    bool setAlphaToOne = true;                                // set_alpha_to_one
    std::int64_t stepsOffset = 0;                             // steps_offset
    PredictionType predictionType = PredictionType::Epsilon;  // prediction_type
    bool thresholding = false;                                // thresholding
    double dynamicThresholdingRatio = 0.995;                  // dynamic_thresholding_ratio
    double sampleMaxValue = 1.0;                              // sample_max_value
    TimestepSpacing timestepSpacing = TimestepSpacing::Leading;  // timestep_spacing
    bool rescaleBetasZeroSnr = false;                            // rescale_betas_zero_snr

    static Expected<DDIMSchedulerConfig> fromFile(const std::filesystem::path& path);
    // `source` names the JSON's origin in error messages (the file path for fromFile).
    static Expected<DDIMSchedulerConfig> fromJson(const nlohmann::json& json,
                                                  const std::string& source);
    // Values the schedule cannot be built from (fromFile and fromJson check this already).
    Expected<void> validate(const std::string& source) const;
    // The shared schedule keys, for the betas.
    NoiseScheduleConfig noiseSchedule() const;
};

class DDIMScheduler {
public:
    struct StepOutput {
        at::Tensor prevSample;          // x_{t-1}, the next loop input
        at::Tensor predOriginalSample;  // predicted x_0 (after clipping or thresholding)
    };

    // Throws std::invalid_argument when config.validate() fails (a config built in code).
    explicit DDIMScheduler(DDIMSchedulerConfig config);

    // Chooses the inference timesteps (descending). Steps come from the user, so a bad count is an
    // InvalidInput error rather than an exception: it must be in [1, num_train_timesteps], and
    // every resulting timestep must index the schedule (leading spacing with steps_offset 1 and
    // numInferenceSteps == num_train_timesteps would give timestep 1000, which the reference
    // accepts here and fails on at the first step). Trailing spacing: numpy's float arange in the
    // reference yields one extra timestep (-1) for some counts (61, 103, 121, ... with 1000 train
    // steps); that spurious entry is dropped, every other entry is the reference's.
    Expected<void> setTimesteps(int numInferenceSteps);

    // One DDIM update (formulas 12 and 16 of the DDIM paper, as the reference computes them, with
    // the scalar coefficients in float32 like the reference's 0-dim tensors). Works on any device
    // and floating dtype; the result has the sample's dtype and device.
    // eta > 0 adds eta * sigma_t * noise, the noise being `*varianceNoise` or else
    // randn(model_output's shape and dtype) drawn from `generator` (on the generator's device when
    // it is a CPU generator, then moved, as diffusers' randn_tensor does). The global generator is
    // never used: eta > 0 with neither is an error, as is giving both.
    // Throws std::logic_error before setTimesteps and std::invalid_argument for a timestep outside
    // [0, num_train_timesteps) or the noise arguments above.
    StepOutput step(const at::Tensor& modelOutput, std::int64_t timestep, const at::Tensor& sample,
                    double eta = 0.0, at::Generator* generator = nullptr,
                    const at::Tensor* varianceNoise = nullptr,
                    bool useClippedModelOutput = false) const;

    // sqrt(alphas_cumprod[t]) * original + sqrt(1 - alphas_cumprod[t]) * noise, one timestep per
    // batch entry (timesteps: int64 [B]), in the samples' dtype and device.
    at::Tensor addNoise(const at::Tensor& originalSamples, const at::Tensor& noise,
                        const at::Tensor& timesteps) const;

    double initNoiseSigma() const { return 1.0; }

    const DDIMSchedulerConfig& config() const { return config_; }
    const std::vector<std::int64_t>& timesteps() const { return timesteps_; }
    int numInferenceSteps() const { return numInferenceSteps_; }
    // float32 [num_train_timesteps] on the CPU.
    const at::Tensor& betas() const { return betas_; }
    const at::Tensor& alphasCumprod() const { return alphasCumprod_; }
    // float32 0-dim: 1 with set_alpha_to_one, else alphas_cumprod[0].
    const at::Tensor& finalAlphaCumprod() const { return finalAlphaCumprod_; }

private:
    at::Tensor thresholdSample(const at::Tensor& sample) const;

    DDIMSchedulerConfig config_;
    at::Tensor betas_;
    at::Tensor alphasCumprod_;
    at::Tensor finalAlphaCumprod_;
    std::vector<std::int64_t> timesteps_;
    int numInferenceSteps_ = 0;
};

}  // namespace kinora::model
