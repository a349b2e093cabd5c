#include "model/schedulers/DDIMScheduler.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/runtime/Json.h"

namespace kinora::model {

Expected<DDIMSchedulerConfig> DDIMSchedulerConfig::fromFile(const std::filesystem::path& path) {
    auto json = readJsonFile(path);
    if (!json)
        return tl::unexpected(json.error());
    return fromJson(*json, path.string());
}

Expected<DDIMSchedulerConfig> DDIMSchedulerConfig::fromJson(const nlohmann::json& json,
                                                            const std::string& source) {
    DDIMSchedulerConfig config;
    NoiseScheduleConfig schedule = config.noiseSchedule();
    if (auto ok = schedule.read(json, source); !ok)
        return tl::unexpected(ok.error());
    config.numTrainTimesteps = schedule.numTrainTimesteps;
    config.betaStart = schedule.betaStart;
    config.betaEnd = schedule.betaEnd;
    config.betaSchedule = schedule.betaSchedule;
    config.trainedBetas = schedule.trainedBetas;
    config.predictionType = schedule.predictionType;
    config.timestepSpacing = schedule.timestepSpacing;
    config.stepsOffset = schedule.stepsOffset;
    config.rescaleBetasZeroSnr = schedule.rescaleBetasZeroSnr;

    ConfigReader reader(json, source);
    reader.read("clip_sample", config.clipSample);
    reader.read("clip_sample_range", config.clipSampleRange);
    reader.read("set_alpha_to_one", config.setAlphaToOne);
    reader.read("thresholding", config.thresholding);
    reader.read("dynamic_thresholding_ratio", config.dynamicThresholdingRatio);
    reader.read("sample_max_value", config.sampleMaxValue);
    if (auto ok = reader.finish(); !ok)
        return tl::unexpected(ok.error());
    if (auto ok = config.validate(source); !ok)
        return tl::unexpected(ok.error());
    return config;
}

Expected<void> DDIMSchedulerConfig::validate(const std::string& source) const {
    if (auto ok = noiseSchedule().validate(source); !ok)
        return ok;
    if (thresholding && !(dynamicThresholdingRatio >= 0.0 && dynamicThresholdingRatio <= 1.0)) {
        return fail(ErrorCode::InvalidConfig,
                    source + ": dynamic_thresholding_ratio must be within [0, 1], not " +
                        std::to_string(dynamicThresholdingRatio),
                    "Use the scheduler_config.json written for the model");
    }
    return {};
}

NoiseScheduleConfig DDIMSchedulerConfig::noiseSchedule() const {
    NoiseScheduleConfig schedule;
    schedule.numTrainTimesteps = numTrainTimesteps;
    schedule.betaStart = betaStart;
    schedule.betaEnd = betaEnd;
    schedule.betaSchedule = betaSchedule;
    schedule.trainedBetas = trainedBetas;
    schedule.predictionType = predictionType;
    schedule.timestepSpacing = timestepSpacing;
    schedule.stepsOffset = stepsOffset;
    schedule.rescaleBetasZeroSnr = rescaleBetasZeroSnr;
    return schedule;
}

DDIMScheduler::DDIMScheduler(DDIMSchedulerConfig config) : config_(std::move(config)) {
    if (auto ok = config_.validate("DDIMScheduler config"); !ok)
        throw std::invalid_argument(ok.error().describe());
    betas_ = trainingBetas(config_.noiseSchedule());
    alphasCumprod_ = at::cumprod(1.0 - betas_, 0);
    finalAlphaCumprod_ =
        config_.setAlphaToOne ? at::scalar_tensor(1.0, at::kFloat) : alphasCumprod_[0];
}

Expected<void> DDIMScheduler::setTimesteps(int numInferenceSteps) {
    const std::int64_t trainSteps = config_.numTrainTimesteps;
    if (numInferenceSteps < 1 || numInferenceSteps > trainSteps) {
        return fail(ErrorCode::InvalidInput,
                    "DDIM scheduler: " + std::to_string(numInferenceSteps) +
                        " inference steps is outside [1, " + std::to_string(trainSteps) +
                        "] (num_train_timesteps)",
                    "Choose between 1 and " + std::to_string(trainSteps) + " steps");
    }
    std::vector<std::int64_t> timesteps(static_cast<std::size_t>(numInferenceSteps));
    switch (config_.timestepSpacing) {
        case TimestepSpacing::Leading: {
            const std::int64_t stepRatio = trainSteps / numInferenceSteps;
            for (int i = 0; i < numInferenceSteps; ++i) {
                timesteps[static_cast<std::size_t>(numInferenceSteps - 1 - i)] =
                    i * stepRatio + config_.stepsOffset;
            }
            break;
        }
        case TimestepSpacing::Linspace: {
            const auto values =
                numpyLinspace(0, static_cast<double>(trainSteps - 1), numInferenceSteps);
            for (int i = 0; i < numInferenceSteps; ++i) {
                timesteps[static_cast<std::size_t>(numInferenceSteps - 1 - i)] =
                    static_cast<std::int64_t>(std::nearbyint(values[static_cast<std::size_t>(i)]));
            }
            break;
        }
        case TimestepSpacing::Trailing: {
            // Only the first numInferenceSteps values: see setTimesteps' comment in the header.
            const double stepRatio = static_cast<double>(trainSteps) / numInferenceSteps;
            const auto values =
                numpyDescendingArange(static_cast<double>(trainSteps), 0, stepRatio);
            for (int i = 0; i < numInferenceSteps; ++i) {
                timesteps[static_cast<std::size_t>(i)] =
                    static_cast<std::int64_t>(
                        std::nearbyint(values.at(static_cast<std::size_t>(i)))) -
                    1;
            }
            break;
        }
    }
    for (const auto t : timesteps) {
        if (t < 0 || t >= trainSteps) {
            return fail(ErrorCode::InvalidInput,
                        "DDIM scheduler: " + std::to_string(numInferenceSteps) +
                            " inference steps with steps_offset " +
                            std::to_string(config_.stepsOffset) + " give timestep " +
                            std::to_string(t) + ", outside the schedule [0, " +
                            std::to_string(trainSteps) + ")",
                        "Choose fewer steps");
        }
    }
    timesteps_ = std::move(timesteps);
    numInferenceSteps_ = numInferenceSteps;
    return {};
}

at::Tensor DDIMScheduler::thresholdSample(const at::Tensor& sample) const {
    // Dynamic thresholding (Imagen): per batch entry, s = the ratio-quantile of |x0| clamped to
    // [1, sample_max_value]; x0 is clamped to [-s, s] and divided by s. Quantiles need float32/64.
    const auto dtype = sample.scalar_type();
    const bool upcast = dtype != at::kFloat && dtype != at::kDouble;
    const auto flat = (upcast ? sample.to(at::kFloat) : sample).reshape({sample.size(0), -1});
    auto s = at::quantile(flat.abs(), config_.dynamicThresholdingRatio, 1);
    s = at::clamp(s, 1, config_.sampleMaxValue).unsqueeze(1);  // [B, 1]
    return (at::clamp(flat, -s, s) / s).reshape(sample.sizes()).to(dtype);
}

DDIMScheduler::StepOutput DDIMScheduler::step(const at::Tensor& modelOutput, std::int64_t timestep,
                                              const at::Tensor& sample, double eta,
                                              at::Generator* generator,
                                              const at::Tensor* varianceNoise,
                                              bool useClippedModelOutput) const {
    if (numInferenceSteps_ == 0)
        throw std::logic_error("DDIMScheduler::step called before setTimesteps");
    const std::int64_t trainSteps = config_.numTrainTimesteps;
    if (timestep < 0 || timestep >= trainSteps) {
        throw std::invalid_argument("DDIMScheduler::step: timestep " + std::to_string(timestep) +
                                    " is outside [0, " + std::to_string(trainSteps) + ")");
    }
    if (eta > 0 && generator && varianceNoise) {
        throw std::invalid_argument(
            "DDIMScheduler::step: give either a generator or the variance noise, not both");
    }
    if (eta > 0 && !generator && !varianceNoise) {
        throw std::invalid_argument(
            "DDIMScheduler::step: eta > 0 needs a generator or the variance noise (the global "
            "generator is never used)");
    }

    // The coefficients are 0-dim float32 CPU tensors, as in the reference, so every rounding is the
    // reference's whatever the compiler does with scalar float code; they broadcast on any device.
    const std::int64_t prevTimestep = timestep - trainSteps / numInferenceSteps_;
    const auto alphaProdT = alphasCumprod_[timestep];
    const auto alphaProdTPrev =
        prevTimestep >= 0 ? alphasCumprod_[prevTimestep] : finalAlphaCumprod_;
    const auto betaProdT = 1 - alphaProdT;
    const auto sqrtAlphaProdT = alphaProdT.pow(0.5);
    const auto sqrtBetaProdT = betaProdT.pow(0.5);

    at::Tensor predOriginalSample;
    at::Tensor predEpsilon;
    switch (config_.predictionType) {
        case PredictionType::Epsilon:
            predOriginalSample = (sample - sqrtBetaProdT * modelOutput) / sqrtAlphaProdT;
            predEpsilon = modelOutput;
            break;
        case PredictionType::Sample:
            predOriginalSample = modelOutput;
            predEpsilon = (sample - sqrtAlphaProdT * predOriginalSample) / sqrtBetaProdT;
            break;
        case PredictionType::VPrediction:
            predOriginalSample = sqrtAlphaProdT * sample - sqrtBetaProdT * modelOutput;
            predEpsilon = sqrtAlphaProdT * modelOutput + sqrtBetaProdT * sample;
            break;
    }

    if (config_.thresholding) {
        predOriginalSample = thresholdSample(predOriginalSample);
    } else if (config_.clipSample) {
        predOriginalSample =
            predOriginalSample.clamp(-config_.clipSampleRange, config_.clipSampleRange);
    }

    // sigma_t = eta * sqrt((1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev)), formula 16.
    const auto betaProdTPrev = 1 - alphaProdTPrev;
    const auto variance = (betaProdTPrev / betaProdT) * (1 - alphaProdT / alphaProdTPrev);
    const auto stdDevT = eta * variance.pow(0.5);

    if (useClippedModelOutput)
        predEpsilon = (sample - sqrtAlphaProdT * predOriginalSample) / sqrtBetaProdT;

    const auto predSampleDirection = (1 - alphaProdTPrev - stdDevT.pow(2)).pow(0.5) * predEpsilon;
    auto prevSample = alphaProdTPrev.pow(0.5) * predOriginalSample + predSampleDirection;

    if (eta > 0) {
        at::Tensor noise;
        if (varianceNoise) {
            noise = *varianceNoise;
        } else {
            const auto device = modelOutput.device();
            const auto generatorDevice = generator->device();
            if (!generatorDevice.is_cpu() && generatorDevice.type() != device.type()) {
                throw std::invalid_argument("DDIMScheduler::step: cannot draw noise for a " +
                                            device.str() + " tensor from a " +
                                            generatorDevice.str() + " generator");
            }
            // A CPU generator draws on the CPU and the noise moves to the tensor's device.
            const auto drawOn = generatorDevice.is_cpu() ? generatorDevice : device;
            noise = at::randn(modelOutput.sizes(), *generator, modelOutput.options().device(drawOn))
                        .to(device);
        }
        prevSample = prevSample + stdDevT * noise;
    }
    return {prevSample, predOriginalSample};
}

at::Tensor DDIMScheduler::addNoise(const at::Tensor& originalSamples, const at::Tensor& noise,
                                   const at::Tensor& timesteps) const {
    const auto alphasCumprod =
        alphasCumprod_.to(originalSamples.device()).to(originalSamples.scalar_type());
    const auto alphaProd =
        alphasCumprod.index_select(0, timesteps.to(originalSamples.device()).reshape(-1));  // [B]
    auto sqrtAlphaProd = alphaProd.pow(0.5);
    auto sqrtOneMinusAlphaProd = (1 - alphaProd).pow(0.5);
    while (sqrtAlphaProd.dim() < originalSamples.dim()) {
        sqrtAlphaProd = sqrtAlphaProd.unsqueeze(-1);
        sqrtOneMinusAlphaProd = sqrtOneMinusAlphaProd.unsqueeze(-1);
    }
    return sqrtAlphaProd * originalSamples + sqrtOneMinusAlphaProd * noise;
}

}  // namespace kinora::model
