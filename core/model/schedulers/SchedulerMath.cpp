#include "model/schedulers/SchedulerMath.h"

#include <cmath>
#include <string>

#include <ATen/ATen.h>

namespace kinora::model {

at::Tensor zeroSnrSafeAlphasCumprod(const NoiseScheduleConfig& schedule) {
    auto alphasCumprod = at::cumprod(1.0 - trainingBetas(schedule), 0);
    if (schedule.rescaleBetasZeroSnr)
        alphasCumprod[-1] = std::ldexp(1.0, -24);
    return alphasCumprod;
}

std::pair<at::Tensor, at::Tensor> alphaSigmaFromSigma(const at::Tensor& sigma) {
    const auto alpha = 1 / (sigma.pow(2) + 1).pow(0.5);
    return {alpha, sigma * alpha};
}

at::Tensor toFloatTensor(const std::vector<double>& values) {
    return at::tensor(values, at::kDouble).to(at::kFloat);
}

Expected<void> checkStepCount(const char* who, int numInferenceSteps, std::int64_t trainSteps) {
    if (numInferenceSteps >= 1 && numInferenceSteps <= trainSteps)
        return {};
    return fail(ErrorCode::InvalidInput,
                std::string(who) + ": " + std::to_string(numInferenceSteps) +
                    " inference steps is outside [1, " + std::to_string(trainSteps) +
                    "] (num_train_timesteps)",
                "Choose between 1 and " + std::to_string(trainSteps) + " steps");
}

Expected<void> checkTimesteps(const char* who, int numInferenceSteps,
                              const std::vector<double>& timesteps, std::int64_t trainSteps) {
    for (const double t : timesteps) {
        if (t < 0 || t >= static_cast<double>(trainSteps)) {
            return fail(ErrorCode::InvalidInput,
                        std::string(who) + ": " + std::to_string(numInferenceSteps) +
                            " inference steps give timestep " + std::to_string(t) +
                            ", outside the schedule [0, " + std::to_string(trainSteps) + ")",
                        "Choose fewer steps");
        }
    }
    if (timesteps.empty()) {
        return fail(ErrorCode::InvalidInput,
                    std::string(who) + ": " + std::to_string(numInferenceSteps) +
                        " inference steps give no timesteps",
                    "Choose another step count");
    }
    return {};
}

}  // namespace kinora::model

namespace kinora::model {

std::vector<double> multistepTimesteps(const NoiseScheduleConfig& schedule, int n,
                                       std::int64_t lastTimestep) {
    std::vector<double> timesteps;
    switch (schedule.timestepSpacing) {
        case TimestepSpacing::Linspace: {
            const auto values = numpyLinspace(0, static_cast<double>(lastTimestep - 1), n + 1);
            for (int i = n; i >= 1; --i)
                timesteps.push_back(std::nearbyint(values[static_cast<std::size_t>(i)]));
            break;
        }
        case TimestepSpacing::Leading: {
            const std::int64_t ratio = lastTimestep / (n + 1);
            for (int i = n; i >= 1; --i)
                timesteps.push_back(static_cast<double>(i * ratio + schedule.stepsOffset));
            break;
        }
        case TimestepSpacing::Trailing: {
            const double ratio = static_cast<double>(schedule.numTrainTimesteps) / n;
            for (const double value :
                 numpyDescendingArange(static_cast<double>(lastTimestep), 0, ratio))
                timesteps.push_back(std::nearbyint(value) - 1);
            break;
        }
    }
    return timesteps;
}

std::pair<std::vector<double>, std::vector<double>> karrasSchedule(
    const std::vector<float>& trainSigmas, double sigmaMin, double sigmaMax, int count,
    bool roundTimesteps) {
    std::vector<float> logSigmas(trainSigmas.size());
    for (std::size_t i = 0; i < trainSigmas.size(); ++i)
        logSigmas[i] = std::log(trainSigmas[i]);
    auto sigmas = karrasSigmas(sigmaMin, sigmaMax, count);
    std::vector<double> timesteps;
    for (const double sigma : sigmas) {
        const double t = sigmaToTimestep(sigma, logSigmas);
        timesteps.push_back(roundTimesteps ? std::nearbyint(t) : static_cast<float>(t));
    }
    return {std::move(sigmas), std::move(timesteps)};
}

std::vector<double> sigmasAt(const std::vector<double>& timesteps,
                             const std::vector<float>& trainSigmas) {
    std::vector<double> sigmas;
    for (const double t : timesteps)
        sigmas.push_back(numpyInterpAtIndex(t, trainSigmas));
    return sigmas;
}

at::Tensor eulerScaledInput(const at::Tensor& sample, const at::Tensor& sigma) {
    return sample / (sigma.pow(2) + 1).pow(0.5);
}

std::vector<double> eulerTimesteps(const NoiseScheduleConfig& schedule, int n) {
    const std::int64_t trainSteps = schedule.numTrainTimesteps;
    std::vector<double> timesteps;
    switch (schedule.timestepSpacing) {
        case TimestepSpacing::Linspace: {
            const auto values = numpyLinspace(0, static_cast<double>(trainSteps - 1), n);
            for (auto it = values.rbegin(); it != values.rend(); ++it)
                timesteps.push_back(static_cast<float>(*it));
            break;
        }
        case TimestepSpacing::Leading: {
            const std::int64_t ratio = trainSteps / n;
            for (int i = n - 1; i >= 0; --i) {
                timesteps.push_back(static_cast<float>(static_cast<float>(i * ratio) +
                                                       static_cast<float>(schedule.stepsOffset)));
            }
            break;
        }
        case TimestepSpacing::Trailing: {
            const double ratio = static_cast<double>(trainSteps) / n;
            for (const double value :
                 numpyDescendingArange(static_cast<double>(trainSteps), 0, ratio))
                timesteps.push_back(static_cast<float>(std::nearbyint(value)) - 1.0f);
            break;
        }
    }
    return timesteps;
}

double eulerInitNoiseSigma(const NoiseScheduleConfig& schedule, const at::Tensor& sigmas) {
    const auto maxSigma = sigmas.max();
    if (schedule.timestepSpacing == TimestepSpacing::Leading)
        return (maxSigma.pow(2) + 1).pow(0.5).item<double>();
    return maxSigma.item<double>();
}

at::Tensor eulerPredOriginalSample(PredictionType prediction, const at::Tensor& modelOutput,
                                   const at::Tensor& sample, const at::Tensor& sigma) {
    switch (prediction) {
        case PredictionType::Epsilon:
            return sample - sigma * modelOutput;
        case PredictionType::VPrediction:
            // c_out * v + c_skip * x with c_out = -sigma / sqrt(sigma^2 + 1), c_skip = 1 / (sigma^2
            // + 1)
            return modelOutput * (-sigma / (sigma.pow(2) + 1).pow(0.5)) +
                   (sample / (sigma.pow(2) + 1));
        case PredictionType::Sample:
            return modelOutput;
    }
    return modelOutput;
}

}  // namespace kinora::model
