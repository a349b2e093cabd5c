#include "model/schedulers/UniPCMultistepScheduler.h"

#include <algorithm>
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

using Config = UniPCMultistepSchedulerConfig;

at::Tensor lambdaOf(const at::Tensor& sigma) {
    const auto [alpha, sigmaT] = alphaSigmaFromSigma(sigma);
    return at::log(alpha) - at::log(sigmaT);
}

}  // namespace

// hh = -h (data prediction); h_phi_1 = e^hh - 1; B(h) = hh (bh1) or e^hh - 1 (bh2); b_k the
// right-hand side of the order conditions, as the reference accumulates it in float32.
struct UniPCMultistepScheduler::Coefficients {
    at::Tensor hPhi1;
    at::Tensor bH;
    std::vector<at::Tensor> b;

    Coefficients(const at::Tensor& h, int order, Config::SolverType solverType) {
        const auto hh = -h;
        hPhi1 = at::expm1(hh);
        auto hPhiK = hPhi1 / hh - 1;
        bH = solverType == Config::SolverType::Bh1 ? hh : at::expm1(hh);
        double factorial = 1;
        for (int i = 1; i <= order; ++i) {
            b.push_back(hPhiK * factorial / bH);
            factorial *= i + 1;
            hPhiK = hPhiK / hh - 1 / factorial;
        }
    }
};

Expected<Config> Config::fromJson(const nlohmann::json& json, const std::string& source) {
    Config config;
    if (auto ok = config.schedule.read(json, source, /*withRescale=*/false); !ok)
        return tl::unexpected(ok.error());
    std::string solverType = "bh2";
    bool thresholding = false;
    bool predictX0 = true;
    ConfigReader reader(json, source);
    reader.read("solver_order", config.solverOrder);
    reader.read("solver_type", solverType);
    reader.read("lower_order_final", config.lowerOrderFinal);
    reader.read("disable_corrector", config.disableCorrector);
    reader.read("use_karras_sigmas", config.useKarrasSigmas);
    reader.read("thresholding", thresholding);
    reader.read("predict_x0", predictX0);
    if (auto ok = reader.finish(); !ok)
        return tl::unexpected(ok.error());
    // The reference maps the DPM-Solver solver types to bh2.
    if (solverType == "midpoint" || solverType == "heun" || solverType == "logrho")
        solverType = "bh2";
    auto solver = parseConfigChoice<Config::SolverType>(
        source, "solver_type", solverType,
        {{"bh1", Config::SolverType::Bh1}, {"bh2", Config::SolverType::Bh2}});
    if (!solver)
        return tl::unexpected(solver.error());
    config.solverType = *solver;
    const std::string remedy = "Remove the key from scheduler_config.json or pick another sampler";
    auto unsupported = [&](const std::string& what) {
        return fail(
            ErrorCode::InvalidConfig,
            source + ": " + what + " is not implemented by Kinora's UniPCMultistepScheduler",
            remedy);
    };
    if (config.solverOrder != 1 && config.solverOrder != 2)
        return unsupported("solver_order " + std::to_string(config.solverOrder) + " (1 and 2 are)");
    if (thresholding)
        return unsupported("thresholding");
    if (!predictX0)
        return unsupported("predict_x0 false");
    if (json.contains("solver_p") && !json.at("solver_p").is_null())
        return unsupported("solver_p");
    return config;
}

UniPCMultistepScheduler::UniPCMultistepScheduler(Config config) : config_(std::move(config)) {
    if (auto ok = config_.schedule.validate("UniPCMultistepScheduler config"); !ok)
        throw std::invalid_argument(ok.error().describe());
    config_.schedule.rescaleBetasZeroSnr = false;
    alphasCumprod_ = zeroSnrSafeAlphasCumprod(config_.schedule);
}

Expected<void> UniPCMultistepScheduler::setTimesteps(int numInferenceSteps) {
    const std::int64_t trainSteps = config_.schedule.numTrainTimesteps;
    if (auto ok = checkStepCount("UniPC", numInferenceSteps, trainSteps); !ok)
        return ok;
    const auto trainSigmas = trainingSigmas(alphasCumprod_);
    auto timesteps = multistepTimesteps(config_.schedule, numInferenceSteps, trainSteps);
    std::vector<double> sigmas;
    if (config_.useKarrasSigmas) {
        std::tie(sigmas, timesteps) = karrasSchedule(trainSigmas, trainSigmas.front(),
                                                     trainSigmas.back(), numInferenceSteps, true);
        sigmas.push_back(sigmas.back());
    } else {
        sigmas = sigmasAt(timesteps, trainSigmas);
        sigmas.push_back(trainSigmas.front());
    }
    if (auto ok = checkTimesteps("UniPC", numInferenceSteps, timesteps, trainSteps); !ok)
        return ok;
    timesteps_ = std::move(timesteps);
    sigmas_ = toFloatTensor(sigmas);
    modelOutputs_.clear();
    lastSample_ = at::Tensor();
    lastOrder_ = 0;
    lowerOrderNums_ = 0;
    stepIndex_ = 0;
    return {};
}

SchedulerStep UniPCMultistepScheduler::step(const at::Tensor& modelOutput,
                                            const at::Tensor& sampleIn, at::Generator*) {
    requireStep("UniPCMultistepScheduler::step");
    const int i = stepIndex_;
    const int count = static_cast<int>(timesteps_.size());

    // convert_model_output: the data prediction x0 at sigma_i.
    const auto [alphaI, sigmaI] = alphaSigmaFromSigma(sigmas_[i]);
    at::Tensor x0;
    switch (config_.schedule.predictionType) {
        case PredictionType::Epsilon:
            x0 = (sampleIn - sigmaI * modelOutput) / alphaI;
            break;
        case PredictionType::Sample:
            x0 = modelOutput;
            break;
        case PredictionType::VPrediction:
            x0 = alphaI * sampleIn - sigmaI * modelOutput;
            break;
    }

    at::Tensor sample = sampleIn;
    const bool disabled =
        std::find(config_.disableCorrector.begin(), config_.disableCorrector.end(), i - 1) !=
        config_.disableCorrector.end();
    if (i > 0 && !disabled && lastSample_.defined()) {
        // UniC: correct the sample the last prediction made, from sigma_{i-1} to sigma_i, with the
        // model output at it.
        const auto [alphaT, sigmaT] = alphaSigmaFromSigma(sigmas_[i]);
        const auto sigmaS0 = alphaSigmaFromSigma(sigmas_[i - 1]).second;
        const auto lambdaS0 = lambdaOf(sigmas_[i - 1]);
        const auto h = lambdaOf(sigmas_[i]) - lambdaS0;
        const int order = lastOrder_;
        const Coefficients c(h, order, config_.solverType);
        const auto& m0 = modelOutputs_.back();
        auto xT = (sigmaT / sigmaS0) * lastSample_ - (alphaT * c.hPhi1) * m0;
        const auto d1T = x0 - m0;
        if (order == 1) {
            xT = xT - (alphaT * c.bH) * (0.5 * d1T);
        } else {
            const auto& m1 = modelOutputs_[modelOutputs_.size() - 2];
            const auto rk = (lambdaOf(sigmas_[i - 2]) - lambdaS0) / h;
            const auto d1 = (m1 - m0) / rk;
            const auto r = at::stack({at::stack({at::ones_like(rk), at::ones_like(rk)}),
                                      at::stack({rk, at::ones_like(rk)})});      // [2, 2]
            const auto rhos = at::linalg_solve(r, at::stack({c.b[0], c.b[1]}));  // [2]
            xT = xT - (alphaT * c.bH) * (rhos[0] * d1 + rhos[1] * d1T);
        }
        sample = xT.to(lastSample_.scalar_type());
    }

    auto outputs = modelOutputs_;
    outputs.push_back(x0);
    if (static_cast<int>(outputs.size()) > config_.solverOrder)
        outputs.erase(outputs.begin());
    int order =
        config_.lowerOrderFinal ? std::min(config_.solverOrder, count - i) : config_.solverOrder;
    order = std::min(order, lowerOrderNums_ + 1);

    // UniP: predict the sample at sigma_{i+1}.
    const auto [alphaT, sigmaT] = alphaSigmaFromSigma(sigmas_[i + 1]);
    const auto sigmaS0 = alphaSigmaFromSigma(sigmas_[i]).second;
    const auto lambdaS0 = lambdaOf(sigmas_[i]);
    const auto h = lambdaOf(sigmas_[i + 1]) - lambdaS0;
    const Coefficients c(h, order, config_.solverType);
    auto prevSample = (sigmaT / sigmaS0) * sample - (alphaT * c.hPhi1) * x0;
    if (order == 2) {
        const auto rk = (lambdaOf(sigmas_[i - 1]) - lambdaS0) / h;
        const auto d1 = (outputs[outputs.size() - 2] - x0) / rk;
        prevSample = prevSample - (alphaT * c.bH) * (0.5 * d1);
    }
    prevSample = prevSample.to(sample.scalar_type());

    modelOutputs_ = std::move(outputs);
    lastSample_ = sample;
    lastOrder_ = order;
    if (lowerOrderNums_ < config_.solverOrder)
        ++lowerOrderNums_;
    ++stepIndex_;
    return {prevSample, x0};
}

}  // namespace kinora::model
