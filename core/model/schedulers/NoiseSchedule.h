// What every diffusers scheduler of the I2VGen-XL family shares (diffusers 0.27.2): the training
// noise schedule (betas, alphas_cumprod, with the zero-terminal-SNR rescale), the config keys that
// describe it, and the numpy steps the reference builds its inference timesteps and sigmas from,
// reproduced here value for value.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include <nlohmann/json_fwd.hpp>

#include "model/runtime/Error.h"

namespace kinora::model {

enum class BetaSchedule { Linear, ScaledLinear, SquaredCosCapV2 };
enum class PredictionType { Epsilon, VPrediction, Sample };
enum class TimestepSpacing { Leading, Trailing, Linspace };

// The keys every scheduler reads from scheduler_config.json. The defaults are those the schedulers'
// __init__ share; timestep_spacing's differs by class (DDIM: leading, the others: linspace), so
// each config sets its own before reading.
struct NoiseScheduleConfig {
    std::int64_t numTrainTimesteps = 1000;                        // num_train_timesteps
    double betaStart = 0.0001;                                    // beta_start
    double betaEnd = 0.02;                                        // beta_end
    BetaSchedule betaSchedule = BetaSchedule::Linear;             // beta_schedule
    std::vector<double> trainedBetas;                             // trained_betas; empty = null
    PredictionType predictionType = PredictionType::Epsilon;      // prediction_type
    TimestepSpacing timestepSpacing = TimestepSpacing::Linspace;  // timestep_spacing
    std::int64_t stepsOffset = 0;                                 // steps_offset
    bool rescaleBetasZeroSnr = false;                             // rescale_betas_zero_snr

    // Reads the keys above that `json` has; `withRescale` = false for a class whose __init__ has
    // no rescale_betas_zero_snr (the reference's from_config then ignores the key).
    Expected<void> read(const nlohmann::json& json, const std::string& source,
                        bool withRescale = true);
    Expected<void> validate(const std::string& source) const;
};

template <typename Enum>
using ConfigChoices = std::initializer_list<std::pair<const char*, Enum>>;

// A string-valued config key: its value must be one of `choices`, else an InvalidConfig error
// naming the file, the key and the accepted values.
template <typename Enum>
Expected<Enum> parseConfigChoice(const std::string& source, const char* key,
                                 const std::string& value, ConfigChoices<Enum> choices) {
    std::string known;
    for (const auto& [name, choice] : choices) {
        if (value == name)
            return choice;
        known += known.empty() ? name : std::string(", ") + name;
    }
    return fail(ErrorCode::InvalidConfig,
                source + ": " + key + " \"" + value +
                    "\" is not supported (expected one of: " + known + ")",
                "Use the scheduler_config.json written for the model");
}

// float32 [num_train_timesteps]: the schedule's betas, rescaled to zero terminal SNR when asked.
at::Tensor trainingBetas(const NoiseScheduleConfig& config);
// Algorithm 1 of "Common Diffusion Noise Schedules and Sample Steps are Flawed", in float32 tensor
// ops in the reference's order.
at::Tensor rescaleZeroTerminalSnr(const at::Tensor& betas);

// numpy.linspace(start, stop, count) in float64.
std::vector<double> numpyLinspace(double start, double stop, int count);
// numpy.arange(start, stop, -ratio) in float64 (start > stop, ratio > 0): the length numpy gives,
// and its values (start + i * delta, delta recomputed from the first two values).
std::vector<double> numpyDescendingArange(double start, double stop, double ratio);
// numpy.interp(x, arange(len(values)), values).
double numpyInterpAtIndex(double x, const std::vector<float>& values);

// float32 [T] as the reference computes it: ((1 - alphas_cumprod) / alphas_cumprod) ** 0.5.
std::vector<float> trainingSigmas(const at::Tensor& alphasCumprod);
// Karras et al. (2022), rho = 7: `count` sigmas from sigmaMax down to sigmaMin, in float64.
std::vector<double> karrasSigmas(double sigmaMin, double sigmaMax, int count);
// The fractional training timestep whose log-sigma `sigma` falls on (linear in log sigma between
// the two neighbours), as the reference's _sigma_to_t.
double sigmaToTimestep(double sigma, const std::vector<float>& logSigmas);

}  // namespace kinora::model
