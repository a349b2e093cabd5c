// Pieces the sigma-based schedulers (DPM-Solver++, Euler, UniPC) share, each as the reference
// computes it.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "model/runtime/Error.h"
#include "model/schedulers/NoiseSchedule.h"

namespace kinora::model {

// float32 [T]: cumprod(1 - betas); with rescale_betas_zero_snr the last one is 2^-24 instead of 0
// (the reference's way to keep the first sigma finite).
at::Tensor zeroSnrSafeAlphasCumprod(const NoiseScheduleConfig& schedule);

// alpha_t = 1 / sqrt(sigma^2 + 1), sigma_t = sigma * alpha_t, as 0-dim float32 tensors.
std::pair<at::Tensor, at::Tensor> alphaSigmaFromSigma(const at::Tensor& sigma);

// float32 [N] from float64 values (the reference's astype(np.float32)).
at::Tensor toFloatTensor(const std::vector<double>& values);

// The step count is in [1, num_train_timesteps]; `who` names the sampler in the message.
Expected<void> checkStepCount(const char* who, int numInferenceSteps, std::int64_t trainSteps);
// There is a timestep, and every one lies in [0, num_train_timesteps).
Expected<void> checkTimesteps(const char* who, int numInferenceSteps,
                              const std::vector<double>& timesteps, std::int64_t trainSteps);

}  // namespace kinora::model

namespace kinora::model {

// The multistep solvers' inference timesteps (DPM-Solver++, UniPC), their schedule ending at
// `lastTimestep`: "leading" spaces them by lastTimestep // (N + 1), unlike DDIM and Euler.
std::vector<double> multistepTimesteps(const NoiseScheduleConfig& schedule, int numInferenceSteps,
                                       std::int64_t lastTimestep);
// `count` Karras sigmas from the largest training sigma down to the smallest, and the training
// timestep each falls on (rounded where the class rounds).
std::pair<std::vector<double>, std::vector<double>> karrasSchedule(
    const std::vector<float>& trainSigmas, double sigmaMin, double sigmaMax, int count,
    bool roundTimesteps);
// numpy.interp of the training sigmas at each timestep.
std::vector<double> sigmasAt(const std::vector<double>& timesteps,
                             const std::vector<float>& trainSigmas);
// The Euler family's model input: sample / sqrt(sigma^2 + 1).
at::Tensor eulerScaledInput(const at::Tensor& sample, const at::Tensor& sigma);

// The Euler family's inference timesteps (float32 values, as its set_timesteps builds them).
std::vector<double> eulerTimesteps(const NoiseScheduleConfig& schedule, int numInferenceSteps);
// The Euler family's initial noise scale: the largest sigma, or sqrt(sigma^2 + 1) of it for leading
// spacing (float32 arithmetic).
double eulerInitNoiseSigma(const NoiseScheduleConfig& schedule, const at::Tensor& sigmas);
// Euler's x0 estimate from the model output at `sigma` (0-dim float32).
at::Tensor eulerPredOriginalSample(PredictionType prediction, const at::Tensor& modelOutput,
                                   const at::Tensor& sample, const at::Tensor& sigma);

}  // namespace kinora::model
