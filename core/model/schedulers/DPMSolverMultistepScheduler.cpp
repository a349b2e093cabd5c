#include "model/schedulers/DPMSolverMultistepScheduler.h"

#include <cmath>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/runtime/Json.h"
#include "model/schedulers/SchedulerMath.h"

namespace kinora::model {
namespace {

using Config = DPMSolverMultistepSchedulerConfig;

Expected<void> unsupported(const std::string& source, const std::string& what) {
    return fail(
        ErrorCode::InvalidConfig,
        source + ": " + what + " is not implemented by Kinora's DPMSolverMultistepScheduler",
        "Remove the key from scheduler_config.json or pick another sampler");
}

}  // namespace

Expected<Config> Config::fromJson(const nlohmann::json& json, const std::string& source) {
    Config config;
    if (auto ok = config.schedule.read(json, source); !ok)
        return tl::unexpected(ok.error());
    std::string algorithmType = "dpmsolver++";
    std::string solverType = "midpoint";
    std::string finalSigmas = "zero";
    bool thresholding = false;
    bool useLuLambdas = false;
    ConfigReader reader(json, source);
    reader.read("solver_order", config.solverOrder);
    reader.read("algorithm_type", algorithmType);
    reader.read("solver_type", solverType);
    reader.read("lower_order_final", config.lowerOrderFinal);
    reader.read("euler_at_final", config.eulerAtFinal);
    reader.read("use_karras_sigmas", config.useKarrasSigmas);
    reader.read("use_lu_lambdas", useLuLambdas);
    reader.read("final_sigmas_type", finalSigmas);
    reader.read("lambda_min_clipped", config.lambdaMinClipped);
    reader.read("thresholding", thresholding);
    if (auto ok = reader.finish(); !ok)
        return tl::unexpected(ok.error());

    // The reference maps "deis" to "dpmsolver++", and the UniPC and log-rho solver types to
    // "midpoint"; the rest of what it offers is not implemented here.
    if (algorithmType != "dpmsolver++" && algorithmType != "deis") {
        return tl::unexpected(
            unsupported(source, "algorithm_type \"" + algorithmType + "\"").error());
    }
    if (solverType == "logrho" || solverType == "bh1" || solverType == "bh2")
        solverType = "midpoint";
    auto solver = parseConfigChoice<Config::SolverType>(
        source, "solver_type", solverType,
        {{"midpoint", Config::SolverType::Midpoint}, {"heun", Config::SolverType::Heun}});
    if (!solver)
        return tl::unexpected(solver.error());
    config.solverType = *solver;
    auto sigmas = parseConfigChoice<Config::FinalSigmas>(
        source, "final_sigmas_type", finalSigmas,
        {{"zero", Config::FinalSigmas::Zero}, {"sigma_min", Config::FinalSigmas::SigmaMin}});
    if (!sigmas)
        return tl::unexpected(sigmas.error());
    config.finalSigmasType = *sigmas;
    if (config.solverOrder != 1 && config.solverOrder != 2) {
        return tl::unexpected(
            unsupported(source,
                        "solver_order " + std::to_string(config.solverOrder) + " (1 and 2 are)")
                .error());
    }
    if (thresholding)
        return tl::unexpected(unsupported(source, "thresholding").error());
    if (useLuLambdas)
        return tl::unexpected(unsupported(source, "use_lu_lambdas").error());
    return config;
}

DPMSolverMultistepScheduler::DPMSolverMultistepScheduler(Config config)
    : config_(std::move(config)) {
    if (auto ok = config_.schedule.validate("DPMSolverMultistepScheduler config"); !ok)
        throw std::invalid_argument(ok.error().describe());
    alphasCumprod_ = zeroSnrSafeAlphasCumprod(config_.schedule);
}

Expected<void> DPMSolverMultistepScheduler::setTimesteps(int numInferenceSteps) {
    const std::int64_t trainSteps = config_.schedule.numTrainTimesteps;
    if (auto ok = checkStepCount("DPM-Solver++", numInferenceSteps, trainSteps); !ok)
        return ok;
    const auto trainSigmas = trainingSigmas(alphasCumprod_);

    // lambda_min_clipped: the schedule ends where log(alpha_t / sigma_t) drops below it.
    const auto lambdas = (at::log(alphasCumprod_.sqrt()) - at::log((1 - alphasCumprod_).sqrt()))
                             .contiguous();  // [T], decreasing
    std::int64_t clipped = 0;
    for (std::int64_t i = 0; i < trainSteps; ++i)
        if (lambdas[trainSteps - 1 - i].item<float>() <
            static_cast<float>(config_.lambdaMinClipped))
            ++clipped;
    const std::int64_t lastTimestep = trainSteps - clipped;

    auto timesteps = multistepTimesteps(config_.schedule, numInferenceSteps, lastTimestep);
    std::vector<double> sigmas;
    if (config_.useKarrasSigmas) {
        std::tie(sigmas, timesteps) = karrasSchedule(trainSigmas, trainSigmas.front(),
                                                     trainSigmas.back(), numInferenceSteps, true);
    } else {
        sigmas = sigmasAt(timesteps, trainSigmas);
    }
    sigmas.push_back(config_.finalSigmasType == Config::FinalSigmas::Zero
                         ? 0.0
                         : static_cast<double>(trainSigmas.front()));
    if (auto ok = checkTimesteps("DPM-Solver++", numInferenceSteps, timesteps, trainSteps); !ok)
        return ok;

    timesteps_ = std::move(timesteps);
    sigmas_ = toFloatTensor(sigmas);
    previousModelOutput_ = at::Tensor();
    lowerOrderNums_ = 0;
    stepIndex_ = 0;
    return {};
}

SchedulerStep DPMSolverMultistepScheduler::step(const at::Tensor& modelOutput,
                                                const at::Tensor& sampleIn, at::Generator*) {
    requireStep("DPMSolverMultistepScheduler::step");
    const int i = stepIndex_;
    const int count = static_cast<int>(timesteps_.size());
    const bool lowerOrderFinal =
        i == count - 1 && (config_.eulerAtFinal || (config_.lowerOrderFinal && count < 15) ||
                           config_.finalSigmasType == Config::FinalSigmas::Zero);

    // convert_model_output: the data prediction x0 (v-prediction: alpha_t x - sigma_t v).
    const auto [alphaS0, sigmaS0] = alphaSigmaFromSigma(sigmas_[i]);
    at::Tensor x0;
    switch (config_.schedule.predictionType) {
        case PredictionType::Epsilon:
            x0 = (sampleIn - sigmaS0 * modelOutput) / alphaS0;
            break;
        case PredictionType::Sample:
            x0 = modelOutput;
            break;
        case PredictionType::VPrediction:
            x0 = alphaS0 * sampleIn - sigmaS0 * modelOutput;
            break;
    }

    // The update runs in float32 whatever the model's dtype, as the reference's upcast.
    const auto sample = sampleIn.to(at::kFloat);
    const auto [alphaT, sigmaT] = alphaSigmaFromSigma(sigmas_[i + 1]);
    const auto lambdaT = at::log(alphaT) - at::log(sigmaT);
    const auto lambdaS0 = at::log(alphaS0) - at::log(sigmaS0);
    const auto h = lambdaT - lambdaS0;
    const auto expMinusHMinus1 = alphaT * (at::exp(-h) - 1.0);
    at::Tensor prevSample;
    if (config_.solverOrder == 1 || lowerOrderNums_ < 1 || lowerOrderFinal) {
        prevSample = (sigmaT / sigmaS0) * sample - expMinusHMinus1 * x0;
    } else {
        // 2M: D1 from the previous data prediction, at lambda_s1.
        const auto [alphaS1, sigmaS1] = alphaSigmaFromSigma(sigmas_[i - 1]);
        const auto lambdaS1 = at::log(alphaS1) - at::log(sigmaS1);
        const auto r0 = (lambdaS0 - lambdaS1) / h;
        const auto d1 = (1.0 / r0) * (x0 - previousModelOutput_);
        if (config_.solverType == Config::SolverType::Midpoint) {
            prevSample =
                (sigmaT / sigmaS0) * sample - expMinusHMinus1 * x0 - (0.5 * expMinusHMinus1) * d1;
        } else {
            prevSample = (sigmaT / sigmaS0) * sample - expMinusHMinus1 * x0 +
                         (alphaT * ((at::exp(-h) - 1.0) / h + 1.0)) * d1;
        }
    }
    prevSample = prevSample.to(x0.scalar_type());

    previousModelOutput_ = x0;
    if (lowerOrderNums_ < config_.solverOrder)
        ++lowerOrderNums_;
    ++stepIndex_;
    return {prevSample, x0};
}

}  // namespace kinora::model
