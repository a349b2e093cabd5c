#include "model/schedulers/EulerAncestralDiscreteScheduler.h"

#include <stdexcept>
#include <utility>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/schedulers/SchedulerMath.h"

namespace kinora::model {

Expected<EulerAncestralDiscreteSchedulerConfig> EulerAncestralDiscreteSchedulerConfig::fromJson(
    const nlohmann::json& json, const std::string& source) {
    EulerAncestralDiscreteSchedulerConfig config;
    if (auto ok = config.schedule.read(json, source); !ok)
        return tl::unexpected(ok.error());
    if (config.schedule.predictionType == PredictionType::Sample) {
        return fail(ErrorCode::InvalidConfig,
                    source +
                        ": prediction_type \"sample\" is not supported by "
                        "EulerAncestralDiscreteScheduler (epsilon and v_prediction are)",
                    "Pick another sampler for this model");
    }
    return config;
}

EulerAncestralDiscreteScheduler::EulerAncestralDiscreteScheduler(
    EulerAncestralDiscreteSchedulerConfig config)
    : config_(std::move(config)) {
    if (auto ok = config_.schedule.validate("EulerAncestralDiscreteScheduler config"); !ok)
        throw std::invalid_argument(ok.error().describe());
    alphasCumprod_ = zeroSnrSafeAlphasCumprod(config_.schedule);
}

Expected<void> EulerAncestralDiscreteScheduler::setTimesteps(int numInferenceSteps) {
    const std::int64_t trainSteps = config_.schedule.numTrainTimesteps;
    if (auto ok = checkStepCount("Euler ancestral", numInferenceSteps, trainSteps); !ok)
        return ok;
    const auto trainSigmas = trainingSigmas(alphasCumprod_);
    auto timesteps = eulerTimesteps(config_.schedule, numInferenceSteps);
    if (auto ok = checkTimesteps("Euler ancestral", numInferenceSteps, timesteps, trainSteps); !ok)
        return ok;
    auto sigmas = sigmasAt(timesteps, trainSigmas);
    sigmas.push_back(0.0);
    timesteps_ = std::move(timesteps);
    sigmas_ = toFloatTensor(sigmas);
    initNoiseSigma_ = eulerInitNoiseSigma(config_.schedule, sigmas_);
    stepIndex_ = 0;
    return {};
}

at::Tensor EulerAncestralDiscreteScheduler::scaleModelInput(const at::Tensor& sample) const {
    requireStep("EulerAncestralDiscreteScheduler::scaleModelInput");
    return eulerScaledInput(sample, sigmas_[stepIndex_]);
}

SchedulerStep EulerAncestralDiscreteScheduler::step(const at::Tensor& modelOutput,
                                                    const at::Tensor& sampleIn,
                                                    at::Generator* generator) {
    requireStep("EulerAncestralDiscreteScheduler::step");
    if (!generator) {
        throw std::invalid_argument(
            "EulerAncestralDiscreteScheduler::step needs the run's generator for its noise");
    }
    const auto sample = sampleIn.to(at::kFloat);
    const auto sigma = sigmas_[stepIndex_];
    const auto predOriginal =
        eulerPredOriginalSample(config_.schedule.predictionType, modelOutput, sample, sigma);
    const auto sigmaTo = sigmas_[stepIndex_ + 1];
    const auto sigmaUp = (sigmaTo.pow(2) * (sigma.pow(2) - sigmaTo.pow(2)) / sigma.pow(2)).pow(0.5);
    const auto sigmaDown = (sigmaTo.pow(2) - sigmaUp.pow(2)).pow(0.5);
    const auto derivative = (sample - predOriginal) / sigma;
    const auto dt = sigmaDown - sigma;
    auto prevSample = sample + derivative * dt;
    const auto noise = randnLike(modelOutput, *generator, "EulerAncestralDiscreteScheduler::step");
    prevSample = (prevSample + noise * sigmaUp).to(modelOutput.scalar_type());
    ++stepIndex_;
    return {prevSample, predOriginal};
}

}  // namespace kinora::model
