#include "model/schedulers/DDIMScheduler.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/runtime/Json.h"

namespace kinora::model {
namespace {

const ConfigChoices<BetaSchedule> kBetaSchedules = {
    {"linear", BetaSchedule::Linear},
    {"scaled_linear", BetaSchedule::ScaledLinear},
    {"squaredcos_cap_v2", BetaSchedule::SquaredCosCapV2}};
const ConfigChoices<PredictionType> kPredictionTypes = {
    {"epsilon", PredictionType::Epsilon},
    {"v_prediction", PredictionType::VPrediction},
    {"sample", PredictionType::Sample}};
const ConfigChoices<TimestepSpacing> kTimestepSpacings = {{"leading", TimestepSpacing::Leading},
                                                          {"trailing", TimestepSpacing::Trailing},
                                                          {"linspace", TimestepSpacing::Linspace}};

template <typename Enum>
std::string nameOf(Enum value, ConfigChoices<Enum> choices) {
    for (const auto& [name, choice] : choices)
        if (choice == value)
            return name;
    return {};
}

// numpy's linspace(0, stop, N): i * step with step = stop / (N - 1), the last value exactly stop;
// a single value is 0.
std::vector<double> linspaceFromZero(double stop, int count) {
    std::vector<double> values(static_cast<std::size_t>(count), 0.0);
    if (count < 2)
        return values;
    const double step = stop / (count - 1);
    for (int i = 0; i < count; ++i)
        values[static_cast<std::size_t>(i)] = i * step;
    values.back() = stop;
    return values;
}

// numpy's float arange(T, 0, -ratio): the first value is T, the second T - ratio, and value i >= 2
// is T + i * delta with delta = (T - ratio) - T recomputed from the first two.
std::vector<double> descendingArange(double start, double ratio, int count) {
    std::vector<double> values(static_cast<std::size_t>(count));
    const double second = start + -ratio;
    const double delta = second - start;
    for (int i = 0; i < count; ++i)
        values[static_cast<std::size_t>(i)] = i == 0 ? start : i == 1 ? second : start + i * delta;
    return values;
}

}  // namespace

Expected<DDIMSchedulerConfig> DDIMSchedulerConfig::fromFile(const std::filesystem::path& path) {
    auto json = readJsonFile(path);
    if (!json)
        return tl::unexpected(json.error());
    return fromJson(*json, path.string());
}

Expected<DDIMSchedulerConfig> DDIMSchedulerConfig::fromJson(const nlohmann::json& json,
                                                            const std::string& source) {
    DDIMSchedulerConfig config;
    std::string betaSchedule = nameOf(config.betaSchedule, kBetaSchedules);
    std::string predictionType = nameOf(config.predictionType, kPredictionTypes);
    std::string timestepSpacing = nameOf(config.timestepSpacing, kTimestepSpacings);

    ConfigReader reader(json, source);
    reader.read("num_train_timesteps", config.numTrainTimesteps);
    reader.read("beta_start", config.betaStart);
    reader.read("beta_end", config.betaEnd);
    reader.read("beta_schedule", betaSchedule);
    reader.read("trained_betas", config.trainedBetas);
    reader.read("clip_sample", config.clipSample);
    reader.read("clip_sample_range", config.clipSampleRange);
    reader.read("set_alpha_to_one", config.setAlphaToOne);
    reader.read("steps_offset", config.stepsOffset);
    reader.read("prediction_type", predictionType);
    reader.read("thresholding", config.thresholding);
    reader.read("dynamic_thresholding_ratio", config.dynamicThresholdingRatio);
    reader.read("sample_max_value", config.sampleMaxValue);
    reader.read("timestep_spacing", timestepSpacing);
    reader.read("rescale_betas_zero_snr", config.rescaleBetasZeroSnr);
    if (auto ok = reader.finish(); !ok)
        return tl::unexpected(ok.error());

    auto schedule = parseConfigChoice(source, "beta_schedule", betaSchedule, kBetaSchedules);
    if (!schedule)
        return tl::unexpected(schedule.error());
    config.betaSchedule = *schedule;
    auto prediction =
        parseConfigChoice(source, "prediction_type", predictionType, kPredictionTypes);
    if (!prediction)
        return tl::unexpected(prediction.error());
    config.predictionType = *prediction;
    auto spacing =
        parseConfigChoice(source, "timestep_spacing", timestepSpacing, kTimestepSpacings);
    if (!spacing)
        return tl::unexpected(spacing.error());
    config.timestepSpacing = *spacing;

    if (auto ok = config.validate(source); !ok)
        return tl::unexpected(ok.error());
    return config;
}

Expected<void> DDIMSchedulerConfig::validate(const std::string& source) const {
    const std::string remedy = "Use the scheduler_config.json written for the model";
    if (numTrainTimesteps < 1) {
        return fail(ErrorCode::InvalidConfig,
                    source + ": num_train_timesteps must be at least 1, not " +
                        std::to_string(numTrainTimesteps),
                    remedy);
    }
    if (!trainedBetas.empty() &&
        static_cast<std::int64_t>(trainedBetas.size()) != numTrainTimesteps) {
        return fail(ErrorCode::InvalidConfig,
                    source + ": trained_betas has " + std::to_string(trainedBetas.size()) +
                        " values for num_train_timesteps " + std::to_string(numTrainTimesteps),
                    remedy);
    }
    if (thresholding && !(dynamicThresholdingRatio >= 0.0 && dynamicThresholdingRatio <= 1.0)) {
        return fail(ErrorCode::InvalidConfig,
                    source + ": dynamic_thresholding_ratio must be within [0, 1], not " +
                        std::to_string(dynamicThresholdingRatio),
                    remedy);
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
                linspaceFromZero(static_cast<double>(trainSteps - 1), numInferenceSteps);
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
                descendingArange(static_cast<double>(trainSteps), stepRatio, numInferenceSteps);
            for (int i = 0; i < numInferenceSteps; ++i) {
                timesteps[static_cast<std::size_t>(i)] =
                    static_cast<std::int64_t>(std::nearbyint(values[static_cast<std::size_t>(i)])) -
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
