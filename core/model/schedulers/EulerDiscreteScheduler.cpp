#include "model/schedulers/EulerDiscreteScheduler.h"

#include <cmath>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/runtime/Json.h"
#include "model/schedulers/SchedulerMath.h"

namespace kinora::model {

Expected<EulerDiscreteSchedulerConfig> EulerDiscreteSchedulerConfig::fromJson(
    const nlohmann::json& json, const std::string& source) {
    EulerDiscreteSchedulerConfig config;
    if (auto ok = config.schedule.read(json, source); !ok)
        return tl::unexpected(ok.error());
    std::string interpolation = "linear";
    std::string timestepType = "discrete";
    double sigmaMin = std::nan("");
    double sigmaMax = std::nan("");
    ConfigReader reader(json, source);
    reader.read("use_karras_sigmas", config.useKarrasSigmas);
    reader.read("interpolation_type", interpolation);
    reader.read("timestep_type", timestepType);
    reader.read("sigma_min", sigmaMin);
    reader.read("sigma_max", sigmaMax);
    if (auto ok = reader.finish(); !ok)
        return tl::unexpected(ok.error());
    if (!std::isnan(sigmaMin))
        config.sigmaMin = sigmaMin;
    if (!std::isnan(sigmaMax))
        config.sigmaMax = sigmaMax;
    const std::string remedy = "Remove the key from scheduler_config.json or pick another sampler";
    if (interpolation != "linear") {
        return fail(ErrorCode::InvalidConfig,
                    source + ": interpolation_type \"" + interpolation +
                        "\" is not implemented by Kinora's EulerDiscreteScheduler (linear is)",
                    remedy);
    }
    if (timestepType != "discrete") {
        return fail(ErrorCode::InvalidConfig,
                    source + ": timestep_type \"" + timestepType +
                        "\" is not implemented by Kinora's EulerDiscreteScheduler (discrete is)",
                    remedy);
    }
    return config;
}

EulerDiscreteScheduler::EulerDiscreteScheduler(EulerDiscreteSchedulerConfig config)
    : config_(std::move(config)) {
    if (auto ok = config_.schedule.validate("EulerDiscreteScheduler config"); !ok)
        throw std::invalid_argument(ok.error().describe());
    alphasCumprod_ = zeroSnrSafeAlphasCumprod(config_.schedule);
}

Expected<void> EulerDiscreteScheduler::setTimesteps(int numInferenceSteps) {
    const std::int64_t trainSteps = config_.schedule.numTrainTimesteps;
    if (auto ok = checkStepCount("Euler", numInferenceSteps, trainSteps); !ok)
        return ok;
    const auto trainSigmas = trainingSigmas(alphasCumprod_);
    auto timesteps = eulerTimesteps(config_.schedule, numInferenceSteps);
    auto sigmas = sigmasAt(timesteps, trainSigmas);
    if (config_.useKarrasSigmas && !sigmas.empty()) {
        std::tie(sigmas, timesteps) =
            karrasSchedule(trainSigmas, config_.sigmaMin.value_or(sigmas.back()),
                           config_.sigmaMax.value_or(sigmas.front()), numInferenceSteps, false);
    }
    if (auto ok = checkTimesteps("Euler", numInferenceSteps, timesteps, trainSteps); !ok)
        return ok;
    sigmas.push_back(0.0);
    timesteps_ = std::move(timesteps);
    sigmas_ = toFloatTensor(sigmas);
    initNoiseSigma_ = eulerInitNoiseSigma(config_.schedule, sigmas_);
    stepIndex_ = 0;
    return {};
}

at::Tensor EulerDiscreteScheduler::scaleModelInput(const at::Tensor& sample) const {
    requireStep("EulerDiscreteScheduler::scaleModelInput");
    return eulerScaledInput(sample, sigmas_[stepIndex_]);
}

SchedulerStep EulerDiscreteScheduler::step(const at::Tensor& modelOutput,
                                           const at::Tensor& sampleIn, at::Generator*) {
    requireStep("EulerDiscreteScheduler::step");
    const auto sample = sampleIn.to(at::kFloat);
    const auto sigma = sigmas_[stepIndex_];
    const auto predOriginal =
        eulerPredOriginalSample(config_.schedule.predictionType, modelOutput, sample, sigma);
    const auto derivative = (sample - predOriginal) / sigma;
    const auto dt = sigmas_[stepIndex_ + 1] - sigma;
    const auto prevSample = (sample + derivative * dt).to(modelOutput.scalar_type());
    ++stepIndex_;
    return {prevSample, predOriginal};
}

}  // namespace kinora::model
