// Every sampler against the reference's goldens (tests/fixtures/make_sampler_goldens.py): the
// timesteps, sigmas and each step of a fixed model-output sequence, then whole pipeline runs on the
// fixture model; plus guidance_until (counted UNet evaluations), reruns, cancellation and the
// errors for requests and configs no sampler can run.
// ATen's full headers come before Qt's: they use `slots` as a name, which Qt defines as a macro.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/Golden.h"
#include "common/PipelineCase.h"
#include "model/pipeline/I2VGenXLPipeline.h"
#include "model/runtime/Cancellation.h"
#include "model/runtime/Json.h"
#include "model/schedulers/SamplerCatalog.h"
#include "model/schedulers/Scheduler.h"

using namespace kinora::model;
using kinora::model::tolerance::kComponent;
using kinora::model::tolerance::kEndToEnd;
using kinora::model::tolerance::kExact;
using kinora::test::fixtureDir;
using kinora::test::requestForCase;
using kinora::test::tensorNamed;

namespace {

// KINORA_SAMPLER_GOLDEN_DIR, else the goldens made for the fixture's folder name in the source
// tree.
QString samplerGoldenDir() {
    const QString fromEnvironment = qEnvironmentVariable("KINORA_SAMPLER_GOLDEN_DIR");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStringLiteral(KINORA_SOURCE_DIR "/tests/fixtures/sampler-golden/") +
           QFileInfo(fixtureDir()).fileName();
}

QString sha256Of(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

nlohmann::json fixtureSchedulerConfig() {
    const auto path = (fixtureDir() + "/scheduler/scheduler_config.json").toStdString();
    auto json = readJsonFile(path);
    if (!json)
        throw std::runtime_error(json.error().describe());
    return *json;
}

Sampler samplerNamed(const QString& name) {
    const auto sampler = samplerFromName(name.toStdString());
    if (!sampler)
        throw std::runtime_error("unknown sampler in the goldens: " + name.toStdString());
    return *sampler;
}

std::unique_ptr<Scheduler> schedulerFor(Sampler sampler, const nlohmann::json& config) {
    auto scheduler = makeScheduler(sampler, config, "scheduler_config.json");
    if (!scheduler)
        throw std::runtime_error(scheduler.error().describe());
    return std::move(*scheduler);
}

nlohmann::json withOverrides(nlohmann::json config, const QJsonObject& overrides) {
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        config[it.key().toStdString()] =
            nlohmann::json::parse(QJsonDocument(QJsonArray{it.value()}).toJson().toStdString())[0];
    return config;
}

at::Tensor timestepTensor(const std::vector<double>& timesteps) {
    return at::tensor(timesteps, at::kDouble);
}

bool integral(const at::Tensor& values) {
    return values.eq(values.floor()).all().item<bool>();
}

}  // namespace

class TestSamplers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        const QString dir = samplerGoldenDir();
        QFile file(dir + "/samplers.json");
        if (!file.open(QIODevice::ReadOnly)) {
            QSKIP(qPrintable("no sampler goldens for the fixture " + fixtureDir() + " in " + dir +
                             ": make them with tests/fixtures/make_sampler_goldens.py"));
        }
        doc_ = QJsonDocument::fromJson(file.readAll()).object();
        // Goldens of another model would fail for the wrong reason: say so instead.
        const auto fixture = doc_.value("fixture").toObject();
        QCOMPARE(sha256Of(fixtureDir() + "/scheduler/scheduler_config.json"),
                 fixture.value("scheduler_config_sha256").toString());
        QCOMPARE(sha256Of(fixtureDir() + "/golden/pipeline.safetensors"),
                 fixture.value("pipeline_golden_sha256").toString());
        auto tensors = readTensorFile((dir + "/samplers.safetensors").toStdString());
        QVERIFY2(tensors, tensors ? "" : tensors.error().describe().c_str());
        golden_ = std::move(*tensors);
        config_ = fixtureSchedulerConfig();
    }

    void catalogNamesRoundTrip() {
        for (const auto& info : samplerCatalog()) {
            QCOMPARE(samplerFromName(info.name), std::optional<Sampler>(info.sampler));
            QVERIFY(info.minimumSteps >= 1);
            QVERIFY(info.usefulStepsLow >= info.minimumSteps);
            QVERIFY(info.usefulStepsHigh >= info.usefulStepsLow);
            QVERIFY(samplerNames().find(info.name) != std::string::npos);
        }
        QCOMPARE(samplerFromName("dpm++"), std::nullopt);
        QCOMPARE(samplerFromName(""), std::nullopt);
    }

    void stepsMatchReference_data() {
        QTest::addColumn<QString>("name");
        const auto cases = doc_.value("step_cases").toObject();
        QVERIFY(!cases.isEmpty());
        for (auto it = cases.begin(); it != cases.end(); ++it)
            QTest::newRow(qPrintable(it.key())) << it.key();
    }

    // Teacher-forced: each step starts from the reference's sample, so an error shows at the step
    // that makes it. The multistep samplers' memory of earlier outputs is their own.
    void stepsMatchReference() {
        QFETCH(QString, name);
        const auto args = doc_.value("step_cases").toObject().value(name).toObject();
        const std::string key = name.toStdString();
        auto scheduler =
            schedulerFor(samplerNamed(args.value("sampler").toString()),
                         withOverrides(config_, args.value("config_overrides").toObject()));
        QCOMPARE(QString::fromLatin1(scheduler->referenceClass()),
                 args.value("reference_class").toString());
        const auto ok = scheduler->setTimesteps(args.value("steps").toInt());
        QVERIFY2(ok, ok ? "" : ok.error().describe().c_str());

        const auto& expectedTimesteps = tensorNamed(golden_, key + ".timesteps");
        KINORA_COMPARE_TENSORS(timestepTensor(scheduler->timesteps()), expectedTimesteps,
                               key + ".timesteps",
                               integral(expectedTimesteps) ? kExact : kComponent);
        KINORA_COMPARE_TENSORS(at::scalar_tensor(scheduler->initNoiseSigma(), at::kDouble),
                               tensorNamed(golden_, key + ".init_noise_sigma"),
                               key + ".init_noise_sigma", kComponent);

        auto generator = at::make_generator<at::CPUGeneratorImpl>(
            std::uint64_t(doc_.value("noise_seed").toInt()));
        at::Tensor sample = tensorNamed(golden_, key + ".sample0");
        const auto count = std::int64_t(scheduler->timesteps().size());
        for (std::int64_t i = 0; i < count; ++i) {
            const std::string step = key + ".step" + std::to_string(i);
            KINORA_COMPARE_TENSORS(scheduler->scaleModelInput(sample),
                                   tensorNamed(golden_, step + ".model_input"),
                                   step + ".model_input", kComponent);
            const auto out =
                scheduler->step(tensorNamed(golden_, step + ".model_output"), sample, &generator);
            const auto& expected = tensorNamed(golden_, step + ".prev_sample");
            KINORA_COMPARE_TENSORS(out.prevSample, expected, step + ".prev_sample", kComponent);
            QVERIFY(out.predOriginalSample.defined());
            sample = expected;
        }
        QVERIFY(scheduler->finished());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, scheduler->step(sample, sample, &generator));
    }

    void pipelineMatchesReference_data() {
        QTest::addColumn<QString>("name");
        const auto cases = doc_.value("pipeline_cases").toObject();
        QVERIFY(!cases.isEmpty());
        for (auto it = cases.begin(); it != cases.end(); ++it)
            QTest::newRow(qPrintable(it.key())) << it.key();
    }

    void pipelineMatchesReference() {
        QFETCH(QString, name);
        const auto args = doc_.value("pipeline_cases").toObject().value(name).toObject();
        const auto caseArgs =
            kinora::test::goldenCases().value(args.value("case").toString()).toObject();
        QVERIFY(!caseArgs.isEmpty());
        auto request = requestForCase(caseArgs);
        request.sampler = samplerNamed(args.value("sampler").toString());
        request.steps = args.value("steps").toInt();
        std::vector<double> timesteps;
        PipelineCallbacks callbacks;
        callbacks.trace = [&](const std::string& traced, const at::Tensor& tensor) {
            if (traced == "timesteps") {
                const auto values = tensor.to(at::kDouble).contiguous();
                timesteps.assign(values.data_ptr<double>(),
                                 values.data_ptr<double>() + values.numel());
            }
        };
        const auto latents = pipeline().denoise(request, callbacks);
        const std::string key = name.toStdString();
        const auto& expectedTimesteps = tensorNamed(golden_, key + ".timesteps");
        KINORA_COMPARE_TENSORS(timestepTensor(timesteps), expectedTimesteps, key + ".timesteps",
                               integral(expectedTimesteps) ? kExact : kComponent);
        KINORA_COMPARE_TENSORS(latents, tensorNamed(golden_, key + ".final_latents"),
                               key + ".final_latents", kEndToEnd);
    }

    // --guidance-until 0.5: the second half of the steps runs one UNet evaluation instead of two.
    void guidanceUntilHalvesTheSecondHalf_data() {
        QTest::addColumn<double>("guidanceUntil");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("guidedSteps");
        QTest::newRow("1.0 of 4: every step guided") << 1.0 << 4 << 4;
        QTest::newRow("0.5 of 4") << 0.5 << 4 << 2;
        QTest::newRow("0.5 of 5: rounds to 3") << 0.5 << 5 << 3;
        QTest::newRow("0.25 of 4") << 0.25 << 4 << 1;
        QTest::newRow("0 of 3: none") << 0.0 << 3 << 0;
    }

    void guidanceUntilHalvesTheSecondHalf() {
        QFETCH(double, guidanceUntil);
        QFETCH(int, steps);
        QFETCH(int, guidedSteps);
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        QVERIFY(request.guidance > 1);
        request.steps = steps;
        request.sampler = Sampler::DPMSolverMultistep;
        request.guidanceUntil = guidanceUntil;
        int tracedGuidedInputs = 0;
        PipelineCallbacks callbacks;
        callbacks.trace = [&](const std::string& traced, const at::Tensor&) {
            if (traced.size() > 19 &&
                traced.compare(traced.size() - 19, 19, ".latent_model_input") == 0)
                ++tracedGuidedInputs;
        };
        const auto before = pipeline().unetEvaluations();
        pipeline().denoise(request, callbacks);
        QCOMPARE(pipeline().unetEvaluations() - before,
                 std::int64_t(2 * guidedSteps + (steps - guidedSteps)));
        QCOMPARE(tracedGuidedInputs, guidedSteps);
    }

    // With guidance_until 0 every step is the conditional branch alone: the run without guidance.
    void guidanceUntilZeroIsTheUnguidedRun() {
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        request.sampler = Sampler::UniPCMultistep;
        request.steps = 3;
        request.guidanceUntil = 0.0;
        const auto unguidedLate = pipeline().denoise(request);
        request.guidance = 1.0;
        request.negativePrompt.reset();
        const auto unguided = pipeline().denoise(request);
        KINORA_COMPARE_TENSORS(unguidedLate, unguided, "guidance_until 0 vs guidance 1", kEndToEnd);
    }

    // Draft mode: the deeper UNet levels run on every N-th step; a step after the switch from two
    // branches to one cannot reuse the two-branch features and runs in full.
    void draftModeReusesDeepFeatures_data() {
        QTest::addColumn<int>("interval");
        QTest::addColumn<int>("steps");
        QTest::addColumn<double>("guidanceUntil");
        QTest::addColumn<int>("reuses");
        QTest::newRow("deep:3 of 6") << 3 << 6 << 1.0 << 4;
        QTest::newRow("deep:2 of 5, guidance until 0.5") << 2 << 5 << 0.5 << 1;
        QTest::newRow("deep:10 of 4") << 10 << 4 << 1.0 << 3;
        QTest::newRow("off") << 0 << 4 << 1.0 << 0;
    }

    void draftModeReusesDeepFeatures() {
        QFETCH(int, interval);
        QFETCH(int, steps);
        QFETCH(double, guidanceUntil);
        QFETCH(int, reuses);
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        request.sampler = Sampler::DPMSolverMultistep;
        request.steps = steps;
        request.guidanceUntil = guidanceUntil;
        const auto full = pipeline().denoise(request);
        request.deepCacheInterval = interval;
        const auto before = pipeline().deepFeatureReuses();
        const auto draft = pipeline().denoise(request);
        QCOMPARE(pipeline().deepFeatureReuses() - before, std::int64_t(reuses));
        QVERIFY(at::isfinite(draft).all().item<bool>());
        QCOMPARE(at::equal(draft, full), reuses == 0);
        KINORA_COMPARE_TENSORS(pipeline().denoise(request), draft, "draft rerun", kExact);
    }

    void draftModeIntervalOneIsRefused() {
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        request.deepCacheInterval = 1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pipeline().denoise(request));
    }

    void sameSeedSameLatents_data() {
        QTest::addColumn<QString>("sampler");
        for (const auto& info : samplerCatalog())
            QTest::newRow(info.name) << QString::fromLatin1(info.name);
    }

    void sameSeedSameLatents() {
        QFETCH(QString, sampler);
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        request.sampler = samplerNamed(sampler);
        request.steps = 3;
        const auto first = pipeline().denoise(request);
        const auto second = pipeline().denoise(request);
        KINORA_COMPARE_TENSORS(second, first, "rerun", kExact);
    }

    void cancelsMidRunWithEverySampler_data() { sameSeedSameLatents_data(); }

    void cancelsMidRunWithEverySampler() {
        QFETCH(QString, sampler);
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        request.sampler = samplerNamed(sampler);
        request.steps = 4;
        int finished = 0;
        PipelineCallbacks callbacks;
        callbacks.stepFinished = [&](const StepProgress& progress) { finished = progress.step; };
        callbacks.cancelled = [&] { return finished >= 2; };
        QVERIFY_THROWS_EXCEPTION(CancelledError, pipeline().denoise(request, callbacks));
        QCOMPARE(finished, 2);
    }

    void rejectsRequestsBeforeAnyModelWork_data() {
        QTest::addColumn<QString>("sampler");
        QTest::addColumn<int>("steps");
        QTest::addColumn<double>("guidanceUntil");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unipc with 1 step") << "unipc" << 1 << 1.0 << "unipc needs at least 2 steps";
        QTest::newRow("dpmpp-2m with 1 step")
            << "dpmpp-2m" << 1 << 1.0 << "dpmpp-2m needs at least 2 steps";
        QTest::newRow("guidance_until above 1") << "ddim" << 4 << 1.5 << "guidance_until";
        QTest::newRow("guidance_until below 0") << "euler" << 4 << -0.1 << "guidance_until";
    }

    void rejectsRequestsBeforeAnyModelWork() {
        QFETCH(QString, sampler);
        QFETCH(int, steps);
        QFETCH(double, guidanceUntil);
        QFETCH(QString, expected);
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        request.sampler = samplerNamed(sampler);
        request.steps = steps;
        request.guidanceUntil = guidanceUntil;
        const auto before = pipeline().unetEvaluations();
        try {
            pipeline().denoise(request);
            QFAIL("the request ran");
        } catch (const std::invalid_argument& error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(expected), error.what());
        }
        QCOMPARE(pipeline().unetEvaluations(), before);
    }

    void rejectsConfigsItCannotRun_data() {
        QTest::addColumn<QString>("sampler");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("dpm sde") << "dpmpp-2m"
                                 << "algorithm_type"
                                 << "\"sde-dpmsolver++\"";
        QTest::newRow("dpm order 3") << "dpmpp-2m"
                                     << "solver_order"
                                     << "3";
        QTest::newRow("dpm final sigmas") << "dpmpp-2m-karras"
                                          << "final_sigmas_type"
                                          << "\"none\"";
        QTest::newRow("euler log-linear") << "euler"
                                          << "interpolation_type"
                                          << "\"log_linear\"";
        QTest::newRow("unipc solver") << "unipc"
                                      << "solver_type"
                                      << "\"bh3\"";
        QTest::newRow("bad spacing") << "euler-a"
                                     << "timestep_spacing"
                                     << "\"sometimes\"";
        QTest::newRow("wrong type") << "unipc"
                                    << "lower_order_final"
                                    << "\"yes\"";
    }

    void rejectsConfigsItCannotRun() {
        QFETCH(QString, sampler);
        QFETCH(QString, key);
        QFETCH(QString, value);
        auto config = config_;
        config[key.toStdString()] = nlohmann::json::parse(value.toStdString());
        const auto scheduler =
            makeScheduler(samplerNamed(sampler), config, "scheduler_config.json");
        QVERIFY(!scheduler);
        QCOMPARE(scheduler.error().code, ErrorCode::InvalidConfig);
        QVERIFY2(QString::fromStdString(scheduler.error().message).contains(key),
                 scheduler.error().message.c_str());
    }

    // UniPC 0.27.2 has no rescale_betas_zero_snr: the key is ignored as from_config ignores it,
    // while the Euler and DPM families honour it.
    void zeroSnrRescaleWhereTheReferenceHasIt() {
        auto plain = config_;
        plain["rescale_betas_zero_snr"] = false;
        auto rescaled = config_;
        rescaled["rescale_betas_zero_snr"] = true;
        const auto firstSigma = [](Sampler sampler, const nlohmann::json& config) {
            auto scheduler = schedulerFor(sampler, config);
            scheduler->setTimesteps(10);
            return scheduler->initNoiseSigma();
        };
        QCOMPARE(firstSigma(Sampler::UniPCMultistep, plain),
                 firstSigma(Sampler::UniPCMultistep, rescaled));
        QVERIFY(firstSigma(Sampler::EulerDiscrete, plain) !=
                firstSigma(Sampler::EulerDiscrete, rescaled));
    }

private:
    I2VGenXLPipeline& pipeline() {
        if (!pipeline_) {
            auto loaded = I2VGenXLPipeline::load(fixtureDir().toStdString(), {});
            if (!loaded)
                throw std::runtime_error(loaded.error().describe());
            pipeline_ = std::move(*loaded);
        }
        return *pipeline_;
    }

    QJsonObject doc_;
    std::map<std::string, at::Tensor> golden_;
    nlohmann::json config_;
    std::unique_ptr<I2VGenXLPipeline> pipeline_;
};

QTEST_GUILESS_MAIN(TestSamplers)
#include "tst_samplers.moc"
