#include "model/schedulers/NoiseSchedule.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

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

// Glide's cosine schedule, in Python floats (double) and then rounded to float32 as the reference
// does. The reference squares with `** 2` (libm pow), which can differ from c * c by one double
// ulp; for every num_train_timesteps up to 2000 that never changes a float32 beta.
double cosineAlphaBar(double t) {
    constexpr double kPi = 3.141592653589793;
    const double c = std::cos((t + 0.008) / 1.008 * kPi / 2);
    return c * c;
}

at::Tensor squaredCosCapV2Betas(std::int64_t numTrainTimesteps) {
    constexpr double kMaxBeta = 0.999;
    std::vector<float> betas(static_cast<std::size_t>(numTrainTimesteps));
    for (std::int64_t i = 0; i < numTrainTimesteps; ++i) {
        const double t1 = static_cast<double>(i) / static_cast<double>(numTrainTimesteps);
        const double t2 = static_cast<double>(i + 1) / static_cast<double>(numTrainTimesteps);
        betas[static_cast<std::size_t>(i)] =
            static_cast<float>(std::min(1 - cosineAlphaBar(t2) / cosineAlphaBar(t1), kMaxBeta));
    }
    return at::tensor(betas);
}

}  // namespace

Expected<void> NoiseScheduleConfig::read(const nlohmann::json& json, const std::string& source,
                                         bool withRescale) {
    std::string schedule = nameOf(betaSchedule, kBetaSchedules);
    std::string prediction = nameOf(predictionType, kPredictionTypes);
    std::string spacing = nameOf(timestepSpacing, kTimestepSpacings);
    ConfigReader reader(json, source);
    reader.read("num_train_timesteps", numTrainTimesteps);
    reader.read("beta_start", betaStart);
    reader.read("beta_end", betaEnd);
    reader.read("beta_schedule", schedule);
    reader.read("trained_betas", trainedBetas);
    reader.read("prediction_type", prediction);
    reader.read("timestep_spacing", spacing);
    reader.read("steps_offset", stepsOffset);
    if (withRescale)
        reader.read("rescale_betas_zero_snr", rescaleBetasZeroSnr);
    if (auto ok = reader.finish(); !ok)
        return ok;
    auto parsedSchedule = parseConfigChoice(source, "beta_schedule", schedule, kBetaSchedules);
    if (!parsedSchedule)
        return tl::unexpected(parsedSchedule.error());
    betaSchedule = *parsedSchedule;
    auto parsedPrediction =
        parseConfigChoice(source, "prediction_type", prediction, kPredictionTypes);
    if (!parsedPrediction)
        return tl::unexpected(parsedPrediction.error());
    predictionType = *parsedPrediction;
    auto parsedSpacing = parseConfigChoice(source, "timestep_spacing", spacing, kTimestepSpacings);
    if (!parsedSpacing)
        return tl::unexpected(parsedSpacing.error());
    timestepSpacing = *parsedSpacing;
    return validate(source);
}

Expected<void> NoiseScheduleConfig::validate(const std::string& source) const {
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
    return {};
}

at::Tensor trainingBetas(const NoiseScheduleConfig& config) {
    at::Tensor betas;
    if (!config.trainedBetas.empty()) {
        betas = at::tensor(config.trainedBetas).to(at::kFloat);
    } else {
        switch (config.betaSchedule) {
            case BetaSchedule::Linear:
                betas = at::linspace(config.betaStart, config.betaEnd, config.numTrainTimesteps,
                                     at::kFloat);
                break;
            case BetaSchedule::ScaledLinear:
                // The reference takes the square roots in Python floats (libm pow).
                betas = at::linspace(std::pow(config.betaStart, 0.5), std::pow(config.betaEnd, 0.5),
                                     config.numTrainTimesteps, at::kFloat)
                            .pow(2);
                break;
            case BetaSchedule::SquaredCosCapV2:
                betas = squaredCosCapV2Betas(config.numTrainTimesteps);
                break;
        }
    }
    return config.rescaleBetasZeroSnr ? rescaleZeroTerminalSnr(betas) : betas;
}

at::Tensor rescaleZeroTerminalSnr(const at::Tensor& betas) {
    auto alphasBarSqrt = at::cumprod(1.0 - betas, 0).sqrt();
    const auto first = alphasBarSqrt[0].clone();
    const auto last = alphasBarSqrt[-1].clone();
    alphasBarSqrt -= last;
    alphasBarSqrt *= first / (first - last);
    const auto alphasBar = alphasBarSqrt.pow(2);
    const auto count = alphasBar.size(0);
    const auto alphas = at::cat({alphasBar.slice(0, 0, 1),
                                 alphasBar.slice(0, 1, count) / alphasBar.slice(0, 0, count - 1)});
    return 1 - alphas;
}

std::vector<double> numpyLinspace(double start, double stop, int count) {
    std::vector<double> values(static_cast<std::size_t>(std::max(count, 0)), start);
    if (count < 2)
        return values;
    const double step = (stop - start) / (count - 1);
    for (int i = 0; i < count; ++i)
        values[static_cast<std::size_t>(i)] = i * step + start;
    values.back() = stop;
    return values;
}

std::vector<double> numpyDescendingArange(double start, double stop, double ratio) {
    const double length = std::ceil((stop - start) / -ratio);
    const auto count = length > 0 ? static_cast<std::size_t>(length) : std::size_t{0};
    std::vector<double> values(count);
    const double second = start + -ratio;
    const double delta = second - start;
    for (std::size_t i = 0; i < count; ++i)
        values[i] = i == 0 ? start : i == 1 ? second : start + static_cast<double>(i) * delta;
    return values;
}

double numpyInterpAtIndex(double x, const std::vector<float>& values) {
    if (values.empty())
        throw std::invalid_argument("numpyInterpAtIndex: no values");
    const double last = static_cast<double>(values.size() - 1);
    if (x <= 0)
        return values.front();
    if (x >= last)
        return values.back();
    const auto j = static_cast<std::size_t>(std::floor(x));
    if (static_cast<double>(j) == x)
        return values[j];
    const double slope = static_cast<double>(values[j + 1]) - static_cast<double>(values[j]);
    return slope * (x - static_cast<double>(j)) + static_cast<double>(values[j]);
}

std::vector<float> trainingSigmas(const at::Tensor& alphasCumprod) {
    const auto sigmas = ((1 - alphasCumprod) / alphasCumprod).pow(0.5).contiguous();  // [T]
    const auto* data = sigmas.data_ptr<float>();
    return {data, data + sigmas.numel()};
}

std::vector<double> karrasSigmas(double sigmaMin, double sigmaMax, int count) {
    constexpr double kRho = 7.0;
    const auto ramp = numpyLinspace(0.0, 1.0, count);
    const double minInvRho = std::pow(sigmaMin, 1 / kRho);
    const double maxInvRho = std::pow(sigmaMax, 1 / kRho);
    std::vector<double> sigmas(ramp.size());
    for (std::size_t i = 0; i < ramp.size(); ++i)
        sigmas[i] = std::pow(maxInvRho + ramp[i] * (minInvRho - maxInvRho), kRho);
    return sigmas;
}

double sigmaToTimestep(double sigma, const std::vector<float>& logSigmas) {
    if (logSigmas.size() < 2)
        throw std::invalid_argument("sigmaToTimestep: needs at least two training sigmas");
    // numpy's value-based casting keeps the reference's differences in float32.
    const auto logSigma = static_cast<float>(std::log(std::max(sigma, 1e-10)));
    std::size_t low = 0;
    for (std::size_t j = 0; j < logSigmas.size(); ++j)
        if (logSigma - logSigmas[j] >= 0)
            low = j;
    low = std::min(low, logSigmas.size() - 2);
    const float lowLog = logSigmas[low];
    const float highLog = logSigmas[low + 1];
    const float w = std::clamp((lowLog - logSigma) / (lowLog - highLog), 0.0f, 1.0f);
    return static_cast<double>(1 - w) * static_cast<double>(low) +
           static_cast<double>(w) * static_cast<double>(low + 1);
}

}  // namespace kinora::model
