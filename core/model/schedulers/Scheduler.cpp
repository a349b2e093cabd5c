#include "model/schedulers/Scheduler.h"

#include <stdexcept>
#include <string>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/schedulers/DDIMScheduler.h"
#include "model/schedulers/DPMSolverMultistepScheduler.h"
#include "model/schedulers/EulerAncestralDiscreteScheduler.h"
#include "model/schedulers/EulerDiscreteScheduler.h"
#include "model/schedulers/UniPCMultistepScheduler.h"

namespace kinora::model {
namespace {

// DDIMScheduler keeps the reference's stateless step(model_output, timestep, sample, eta, ...)
// that its own tests drive; a run walks its timesteps in order.
class DDIMRun final : public Scheduler {
public:
    DDIMRun(DDIMSchedulerConfig config, double eta) : ddim_(std::move(config)), eta_(eta) {}

    const char* referenceClass() const override { return "DDIMScheduler"; }

    Expected<void> setTimesteps(int numInferenceSteps) override {
        if (auto ok = ddim_.setTimesteps(numInferenceSteps); !ok)
            return ok;
        timesteps_.assign(ddim_.timesteps().begin(), ddim_.timesteps().end());
        stepIndex_ = 0;
        return {};
    }

    SchedulerStep step(const at::Tensor& modelOutput, const at::Tensor& sample,
                       at::Generator* generator) override {
        requireStep("DDIMScheduler::step");
        const auto t = ddim_.timesteps()[static_cast<std::size_t>(stepIndex_)];
        // With eta > 0 the reference draws the variance noise from the run's generator.
        auto out = ddim_.step(modelOutput, t, sample, eta_, eta_ > 0 ? generator : nullptr);
        ++stepIndex_;
        return {out.prevSample, out.predOriginalSample};
    }

private:
    DDIMScheduler ddim_;
    double eta_;
};

template <typename SchedulerType, typename ConfigType>
Expected<std::unique_ptr<Scheduler>> build(Expected<ConfigType> config) {
    if (!config)
        return tl::unexpected(config.error());
    return std::unique_ptr<Scheduler>(std::make_unique<SchedulerType>(std::move(*config)));
}

}  // namespace

void Scheduler::requireStep(const char* who) const {
    if (timesteps_.empty())
        throw std::logic_error(std::string(who) + " called before setTimesteps");
    if (finished())
        throw std::logic_error(std::string(who) + " called after the run's last step");
}

Expected<std::unique_ptr<Scheduler>> makeScheduler(Sampler sampler, const nlohmann::json& config,
                                                   const std::string& source, double ddimEta) {
    switch (sampler) {
        case Sampler::DDIM: {
            auto ddim = DDIMSchedulerConfig::fromJson(config, source);
            if (!ddim)
                return tl::unexpected(ddim.error());
            return std::unique_ptr<Scheduler>(std::make_unique<DDIMRun>(*ddim, ddimEta));
        }
        case Sampler::DPMSolverMultistep:
        case Sampler::DPMSolverMultistepKarras: {
            auto dpm = DPMSolverMultistepSchedulerConfig::fromJson(config, source);
            if (dpm && sampler == Sampler::DPMSolverMultistepKarras)
                dpm->useKarrasSigmas = true;
            return build<DPMSolverMultistepScheduler>(std::move(dpm));
        }
        case Sampler::EulerDiscrete:
            return build<EulerDiscreteScheduler>(
                EulerDiscreteSchedulerConfig::fromJson(config, source));
        case Sampler::EulerAncestralDiscrete:
            return build<EulerAncestralDiscreteScheduler>(
                EulerAncestralDiscreteSchedulerConfig::fromJson(config, source));
        case Sampler::UniPCMultistep:
            return build<UniPCMultistepScheduler>(
                UniPCMultistepSchedulerConfig::fromJson(config, source));
    }
    return fail(ErrorCode::InvalidInput, "unknown sampler", "Use one of: " + samplerNames());
}

at::Tensor randnLike(const at::Tensor& like, at::Generator& generator, const char* who) {
    const auto device = like.device();
    const auto generatorDevice = generator.device();
    if (!generatorDevice.is_cpu() && generatorDevice.type() != device.type()) {
        throw std::invalid_argument(std::string(who) + ": cannot draw noise for a " + device.str() +
                                    " tensor from a " + generatorDevice.str() + " generator");
    }
    const auto drawOn = generatorDevice.is_cpu() ? generatorDevice : device;
    return at::randn(like.sizes(), generator, like.options().device(drawOn)).to(device);
}

}  // namespace kinora::model
