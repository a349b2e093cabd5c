// DDIMScheduler against the reference's goldens (schedule, timesteps, steps) and against formulas
// for what the goldens do not cover (other spacings, prediction types, clipping, eta noise,
// errors).
// ATen's full headers come before Qt's: they use `slots` as a name, which Qt defines as a macro.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "common/Golden.h"
#include "model/runtime/Json.h"
#include "model/schedulers/DDIMScheduler.h"

using namespace kinora::model;
using kinora::test::goldenCases;
using kinora::test::goldenTensors;
using kinora::test::tensorNamed;

Q_DECLARE_METATYPE(kinora::model::TimestepSpacing)
Q_DECLARE_METATYPE(kinora::model::PredictionType)
Q_DECLARE_METATYPE(kinora::model::BetaSchedule)

namespace {

std::filesystem::path fixtureSchedulerConfigPath() {
    return (kinora::test::fixtureDir() + "/scheduler/scheduler_config.json").toStdString();
}

DDIMSchedulerConfig fixtureConfig() {
    auto config = DDIMSchedulerConfig::fromFile(fixtureSchedulerConfigPath());
    if (!config)
        throw std::runtime_error(config.error().describe());
    return *config;
}

QJsonObject schedulerStepCase() {
    return goldenCases().value("scheduler_step").toObject();
}

double alphaAt(const DDIMScheduler& scheduler, std::int64_t t) {
    return t >= 0 ? scheduler.alphasCumprod()[t].item<double>()
                  : scheduler.finalAlphaCumprod().item<double>();
}

std::int64_t previousTimestep(const DDIMScheduler& scheduler, std::int64_t t) {
    return t - scheduler.config().numTrainTimesteps / scheduler.numInferenceSteps();
}

// A timestep of the schedule chosen by position: first, middle or last.
std::int64_t timestepAt(const DDIMScheduler& scheduler, const QString& where) {
    const auto& timesteps = scheduler.timesteps();
    if (where == "first")
        return timesteps.front();
    if (where == "middle")
        return timesteps[timesteps.size() / 2];
    return timesteps.back();
}

// The scheduler golden's step cases (`stepN.*`), ordered by N.
std::vector<std::pair<int, std::string>> goldenSteps() {
    return kinora::test::goldenSteps(goldenTensors("scheduler.safetensors"), "timestep");
}

// The prefix of the golden step case chosen by position: first, middle or last.
std::string goldenStepPrefix(const QString& where) {
    const auto steps = goldenSteps();
    if (steps.empty())
        throw std::runtime_error("scheduler.safetensors holds no stepN.* case");
    if (where == "first")
        return steps.front().second;
    if (where == "middle")
        return steps[steps.size() / 2].second;
    return steps.back().second;
}

at::Generator seededGenerator() {
    return at::detail::createCPUGenerator(
        static_cast<std::uint64_t>(schedulerStepCase().value("seed").toInt()));
}

std::string errorText(const Expected<void>& result) {
    return result ? std::string() : result.error().describe();
}

}  // namespace

class TestDDIMScheduler : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreTheReferences() {
        const auto config = DDIMSchedulerConfig::fromJson(nlohmann::json::object(), "empty");
        QVERIFY2(config, config ? "" : config.error().describe().c_str());
        QCOMPARE(config->numTrainTimesteps, std::int64_t(1000));
        QCOMPARE(config->betaStart, 0.0001);
        QCOMPARE(config->betaEnd, 0.02);
        QCOMPARE(config->betaSchedule, BetaSchedule::Linear);
        QVERIFY(config->trainedBetas.empty());
        QCOMPARE(config->clipSample, true);
        QCOMPARE(config->clipSampleRange, 1.0);
        QCOMPARE(config->setAlphaToOne, true);
        QCOMPARE(config->stepsOffset, std::int64_t(0));
        QCOMPARE(config->predictionType, PredictionType::Epsilon);
        QCOMPARE(config->thresholding, false);
        QCOMPARE(config->dynamicThresholdingRatio, 0.995);
        QCOMPARE(config->sampleMaxValue, 1.0);
        QCOMPARE(config->timestepSpacing, TimestepSpacing::Leading);
        QCOMPARE(config->rescaleBetasZeroSnr, false);
    }

    void everyKeyIsRead() {
        const auto json = nlohmann::json::parse(R"({
            "num_train_timesteps": 500, "beta_start": 0.001, "beta_end": 0.03,
            "beta_schedule": "scaled_linear", "trained_betas": null, "clip_sample": false,
            "clip_sample_range": 2.5, "set_alpha_to_one": false, "steps_offset": 2,
            "prediction_type": "sample", "thresholding": true, "dynamic_thresholding_ratio": 0.9,
            "sample_max_value": 3.0, "timestep_spacing": "trailing", "rescale_betas_zero_snr": true,
            "_class_name": "DDIMScheduler"})");
        const auto config = DDIMSchedulerConfig::fromJson(json, "all keys");
        QVERIFY2(config, config ? "" : config.error().describe().c_str());
        QCOMPARE(config->numTrainTimesteps, std::int64_t(500));
        QCOMPARE(config->betaStart, 0.001);
        QCOMPARE(config->betaEnd, 0.03);
        QCOMPARE(config->betaSchedule, BetaSchedule::ScaledLinear);
        QVERIFY(config->trainedBetas.empty());
        QCOMPARE(config->clipSample, false);
        QCOMPARE(config->clipSampleRange, 2.5);
        QCOMPARE(config->setAlphaToOne, false);
        QCOMPARE(config->stepsOffset, std::int64_t(2));
        QCOMPARE(config->predictionType, PredictionType::Sample);
        QCOMPARE(config->thresholding, true);
        QCOMPARE(config->dynamicThresholdingRatio, 0.9);
        QCOMPARE(config->sampleMaxValue, 3.0);
        QCOMPARE(config->timestepSpacing, TimestepSpacing::Trailing);
        QCOMPARE(config->rescaleBetasZeroSnr, true);

        // set_alpha_to_one false: the last step's previous alpha is alphas_cumprod[0].
        const DDIMScheduler scheduler(*config);
        QCOMPARE(scheduler.finalAlphaCumprod().item<float>(),
                 scheduler.alphasCumprod()[0].item<float>());
        QCOMPARE(scheduler.alphasCumprod().size(0), std::int64_t(500));
    }

    void fixtureConfigsLoad_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("fixture") << QString::fromStdString(fixtureSchedulerConfigPath().string());
        QTest::newRow("real model")
            << QStringLiteral(KINORA_CONFIGS_DIR "/scheduler/scheduler_config.json");
    }

    void fixtureConfigsLoad() {
        QFETCH(QString, path);
        const auto config = DDIMSchedulerConfig::fromFile(path.toStdString());
        QVERIFY2(config, config ? "" : config.error().describe().c_str());
        const auto json = readJsonFile(path.toStdString());
        QVERIFY(json);
        QCOMPARE(config->numTrainTimesteps, (*json)["num_train_timesteps"].get<std::int64_t>());
        QCOMPARE(config->stepsOffset, (*json)["steps_offset"].get<std::int64_t>());
        QCOMPARE(config->rescaleBetasZeroSnr, (*json)["rescale_betas_zero_snr"].get<bool>());
    }

    void scheduleMatchesGolden_data() {
        QTest::addColumn<QString>("key");
        for (const char* key : {"betas", "alphas_cumprod", "final_alpha_cumprod"})
            QTest::newRow(key) << key;
    }

    void scheduleMatchesGolden() {
        QFETCH(QString, key);
        const auto golden = goldenTensors("scheduler.safetensors");
        const DDIMScheduler scheduler(fixtureConfig());
        const auto& expected = tensorNamed(golden, key.toStdString());
        const at::Tensor actual = key == "betas"            ? scheduler.betas()
                                  : key == "alphas_cumprod" ? scheduler.alphasCumprod()
                                                            : scheduler.finalAlphaCumprod();
        QCOMPARE(actual.scalar_type(), at::kFloat);
        KINORA_COMPARE_TENSORS(actual.reshape(expected.sizes()), expected, key.toStdString(),
                               tolerance::kComponent);
    }

    void timestepsMatchGolden_data() {
        QTest::addColumn<int>("steps");
        const auto counts = goldenCases().value("scheduler_timesteps_for").toArray();
        QVERIFY(!counts.isEmpty());
        for (const auto& count : counts)
            QTest::newRow(qPrintable(QString("N%1").arg(count.toInt()))) << count.toInt();
    }

    void timestepsMatchGolden() {
        QFETCH(int, steps);
        const auto golden = goldenTensors("scheduler.safetensors");
        DDIMScheduler scheduler(fixtureConfig());
        const auto set = scheduler.setTimesteps(steps);
        QVERIFY2(set, errorText(set).c_str());
        QCOMPARE(scheduler.numInferenceSteps(), steps);
        const auto actual = at::tensor(scheduler.timesteps());
        KINORA_COMPARE_TENSORS(actual, tensorNamed(golden, "timesteps.N" + std::to_string(steps)),
                               "timesteps.N" + std::to_string(steps), tolerance::kExact);
    }

    void stepMatchesGolden_data() {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<int>("index");
        QTest::addColumn<bool>("inDouble");
        int rows = 0;
        for (const auto& [index, prefix] : goldenSteps()) {
            for (const bool inDouble : {false, true}) {
                QTest::newRow((prefix + (inDouble ? " float64" : " float32")).c_str())
                    << QString::fromStdString(prefix) << index << inDouble;
                ++rows;
            }
        }
        QVERIFY(rows > 0);
    }

    void stepMatchesGolden() {
        QFETCH(QString, prefix);
        QFETCH(int, index);
        QFETCH(bool, inDouble);
        const auto golden = goldenTensors("scheduler.safetensors");
        const auto name = [&](const char* what) { return prefix.toStdString() + "." + what; };
        DDIMScheduler scheduler(fixtureConfig());
        const auto set =
            scheduler.setTimesteps(schedulerStepCase().value("num_inference_steps").toInt());
        QVERIFY2(set, errorText(set).c_str());
        const auto timestep = tensorNamed(golden, name("timestep")).item<std::int64_t>();
        QCOMPARE(timestep, scheduler.timesteps().at(static_cast<std::size_t>(index)));

        const auto dtype = inDouble ? at::kDouble : at::kFloat;
        const auto out = scheduler.step(tensorNamed(golden, name("model_output")).to(dtype),
                                        timestep, tensorNamed(golden, name("sample")).to(dtype));
        QCOMPARE(out.prevSample.scalar_type(), dtype);
        KINORA_COMPARE_TENSORS(out.prevSample.to(at::kFloat),
                               tensorNamed(golden, name("prev_sample")), name("prev_sample"),
                               tolerance::kComponent);
        KINORA_COMPARE_TENSORS(out.predOriginalSample.to(at::kFloat),
                               tensorNamed(golden, name("pred_original_sample")),
                               name("pred_original_sample"), tolerance::kComponent);
    }

    void spacingFromFormulas_data() {
        QTest::addColumn<TimestepSpacing>("spacing");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<int>("steps");
        QTest::addColumn<QList<qint64>>("expected");
        // All with 1000 train steps.
        // leading: i * (1000 // N) + offset, descending.
        QTest::newRow("leading N10")
            << TimestepSpacing::Leading << qint64(0) << 10
            << QList<qint64>{900, 800, 700, 600, 500, 400, 300, 200, 100, 0};
        QTest::newRow("leading N3 offset 1")  // 1000 // 3 = 333
            << TimestepSpacing::Leading << qint64(1) << 3 << QList<qint64>{667, 334, 1};
        QTest::newRow("leading N1 offset 1")
            << TimestepSpacing::Leading << qint64(1) << 1 << QList<qint64>{1};
        // trailing: round(1000 - i * 1000 / N) - 1, rounding halves to even (np.round); the
        // offset does not apply.
        QTest::newRow("trailing N10")
            << TimestepSpacing::Trailing << qint64(1) << 10
            << QList<qint64>{999, 899, 799, 699, 599, 499, 399, 299, 199, 99};
        // 1000 / 16 = 62.5: 937.5 -> 938, 812.5 -> 812, 687.5 -> 688, ..., 62.5 -> 62.
        QTest::newRow("trailing N16 halves to even")
            << TimestepSpacing::Trailing << qint64(0) << 16
            << QList<qint64>{999, 937, 874, 811, 749, 687, 624, 561,
                             499, 437, 374, 311, 249, 187, 124, 61};
        // 1000, 666.67, 333.33 -> 1000, 667, 333.
        QTest::newRow("trailing N3")
            << TimestepSpacing::Trailing << qint64(0) << 3 << QList<qint64>{999, 666, 332};
        QTest::newRow("trailing N1")
            << TimestepSpacing::Trailing << qint64(0) << 1 << QList<qint64>{999};
        // linspace: round(i * 999 / (N - 1)), the last exactly 999, descending; the offset does
        // not apply.
        QTest::newRow("linspace N10")
            << TimestepSpacing::Linspace << qint64(1) << 10
            << QList<qint64>{999, 888, 777, 666, 555, 444, 333, 222, 111, 0};
        // 999 / 6 = 166.5: 166.5 -> 166, 499.5 -> 500, 832.5 -> 832.
        QTest::newRow("linspace N7 halves to even")
            << TimestepSpacing::Linspace << qint64(0) << 7
            << QList<qint64>{999, 832, 666, 500, 333, 166, 0};
        QTest::newRow("linspace N1")
            << TimestepSpacing::Linspace << qint64(0) << 1 << QList<qint64>{0};
    }

    void spacingFromFormulas() {
        QFETCH(TimestepSpacing, spacing);
        QFETCH(qint64, offset);
        QFETCH(int, steps);
        QFETCH(QList<qint64>, expected);
        DDIMSchedulerConfig config;
        config.timestepSpacing = spacing;
        config.stepsOffset = offset;
        DDIMScheduler scheduler(config);
        const auto set = scheduler.setTimesteps(steps);
        QVERIFY2(set, errorText(set).c_str());
        const QList<qint64> actual(scheduler.timesteps().begin(), scheduler.timesteps().end());
        QCOMPARE(actual, expected);
    }

    // The reference's float arange yields N + 1 values (the last -1) for some N; we give N.
    void trailingGivesOneTimestepPerStep() {
        auto config = fixtureConfig();
        config.timestepSpacing = TimestepSpacing::Trailing;
        DDIMScheduler scheduler(config);
        const auto trainSteps = config.numTrainTimesteps;
        for (int steps = 1; steps <= trainSteps; ++steps) {
            const auto set = scheduler.setTimesteps(steps);
            QVERIFY2(set, errorText(set).c_str());
            const auto& timesteps = scheduler.timesteps();
            QCOMPARE(timesteps.size(), std::size_t(steps));
            QCOMPARE(timesteps.front(), trainSteps - 1);
            QVERIFY(timesteps.back() >= 0);
            for (std::size_t i = 1; i < timesteps.size(); ++i)
                QVERIFY(timesteps[i] < timesteps[i - 1]);
        }
    }

    void badStepCountsAreRejected_data() {
        QTest::addColumn<int>("stepsBeyondTrain");  // steps = num_train_timesteps + this
        QTest::addColumn<bool>("absolute");         // or steps = this
        QTest::addColumn<QString>("fragment");
        QTest::newRow("zero") << 0 << true << "outside [1,";
        QTest::newRow("negative") << -1 << true << "outside [1,";
        QTest::newRow("more than trained") << 1 << false << "outside [1,";
        // Leading spacing with the fixture's steps_offset reaches timestep num_train_timesteps.
        QTest::newRow("offset beyond the schedule") << 0 << false << "outside the schedule";
    }

    void badStepCountsAreRejected() {
        QFETCH(int, stepsBeyondTrain);
        QFETCH(bool, absolute);
        QFETCH(QString, fragment);
        const auto config = fixtureConfig();
        if (!absolute && stepsBeyondTrain == 0 && config.stepsOffset < 1)
            QSKIP("the fixture's scheduler has no steps_offset");
        DDIMScheduler scheduler(config);
        QVERIFY(scheduler.setTimesteps(2));
        const auto before = scheduler.timesteps();
        const int steps = absolute ? stepsBeyondTrain
                                   : static_cast<int>(config.numTrainTimesteps) + stepsBeyondTrain;
        const auto set = scheduler.setTimesteps(steps);
        QVERIFY(!set);
        QCOMPARE(set.error().code, ErrorCode::InvalidInput);
        const auto message = QString::fromStdString(set.error().message);
        QVERIFY2(message.contains(fragment) && message.contains(QString::number(steps)),
                 qPrintable(message));
        QCOMPARE(scheduler.timesteps(), before);
        QCOMPARE(scheduler.numInferenceSteps(), 2);
    }

    void badConfigsNameFileAndValue_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");  // JSON text
        QTest::addColumn<QStringList>("fragments");
        QTest::newRow("unknown beta schedule")
            << "beta_schedule"
            << "\"cosine\"" << QStringList{"beta_schedule", "\"cosine\""};
        QTest::newRow("unknown prediction type")
            << "prediction_type"
            << "\"flow\"" << QStringList{"prediction_type", "\"flow\""};
        QTest::newRow("unknown spacing")
            << "timestep_spacing"
            << "\"karras\"" << QStringList{"timestep_spacing", "\"karras\""};
        QTest::newRow("count as string")
            << "num_train_timesteps"
            << "\"1000\"" << QStringList{"num_train_timesteps", "wrong type"};
        QTest::newRow("flag as string") << "clip_sample"
                                        << "\"yes\"" << QStringList{"clip_sample", "wrong type"};
        QTest::newRow("schedule as number") << "beta_schedule"
                                            << "2" << QStringList{"beta_schedule", "wrong type"};
        QTest::newRow("trained betas too few")
            << "trained_betas"
            << "[0.1, 0.2]" << QStringList{"trained_betas has 2 values"};
        QTest::newRow("no train steps") << "num_train_timesteps"
                                        << "0" << QStringList{"num_train_timesteps", "at least 1"};
    }

    void badConfigsNameFileAndValue() {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QStringList, fragments);
        auto json = readJsonFile(fixtureSchedulerConfigPath());
        QVERIFY(json);
        (*json)[key.toStdString()] = nlohmann::json::parse(value.toStdString());
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/scheduler_config.json").toStdString();
        std::ofstream(path) << json->dump();

        const auto config = DDIMSchedulerConfig::fromFile(path);
        QVERIFY(!config);
        QCOMPARE(config.error().code, ErrorCode::InvalidConfig);
        const auto message = QString::fromStdString(config.error().message);
        QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
        for (const auto& fragment : fragments)
            QVERIFY2(message.contains(fragment), qPrintable(message));
        QVERIFY(!config.error().remedy.empty());
    }

    void schedulesFollowFormulas_data() {
        QTest::addColumn<BetaSchedule>("schedule");
        QTest::addColumn<bool>("zeroSnr");
        QTest::newRow("linear") << BetaSchedule::Linear << false;
        QTest::newRow("scaled_linear") << BetaSchedule::ScaledLinear << false;
        QTest::newRow("squaredcos_cap_v2") << BetaSchedule::SquaredCosCapV2 << false;
        QTest::newRow("scaled_linear zero SNR") << BetaSchedule::ScaledLinear << true;
        QTest::newRow("squaredcos_cap_v2 zero SNR") << BetaSchedule::SquaredCosCapV2 << true;
    }

    void schedulesFollowFormulas() {
        QFETCH(BetaSchedule, schedule);
        QFETCH(bool, zeroSnr);
        DDIMSchedulerConfig config;
        config.betaSchedule = schedule;
        const DDIMScheduler plain(config);
        config.rescaleBetasZeroSnr = zeroSnr;
        const DDIMScheduler scheduler(config);
        const auto& betas = scheduler.betas();
        const auto& alphasCumprod = scheduler.alphasCumprod();
        const auto count = config.numTrainTimesteps;
        QCOMPARE(betas.size(0), count);
        QCOMPARE(betas.scalar_type(), at::kFloat);
        // alphas_cumprod is the running product of 1 - betas.
        KINORA_COMPARE_TENSORS(alphasCumprod, at::cumprod(1 - betas.to(at::kDouble), 0),
                               "alphas_cumprod vs the product in float64", tolerance::kReordered);
        if (zeroSnr) {
            // Zero terminal SNR; the first alphas_cumprod keeps its value.
            QCOMPARE(alphasCumprod[count - 1].item<float>(), 0.0f);
            KINORA_COMPARE_TENSORS(alphasCumprod[0], plain.alphasCumprod()[0],
                                   "first alphas_cumprod", tolerance::kReordered);
            return;
        }
        const double t1 = 1.0 / double(count);
        const auto cosine = [](double t) {
            return std::pow(std::cos((t + 0.008) / 1.008 * M_PI / 2), 2);
        };
        const double first = schedule == BetaSchedule::Linear ? config.betaStart
                             : schedule == BetaSchedule::ScaledLinear
                                 ? std::pow(std::sqrt(config.betaStart), 2)
                                 : 1 - cosine(t1) / cosine(0.0);
        const double last = schedule == BetaSchedule::SquaredCosCapV2 ? 0.999 : config.betaEnd;
        QCOMPARE(betas[0].item<float>(), static_cast<float>(first));
        KINORA_COMPARE_TENSORS(betas[count - 1], at::scalar_tensor(last, at::kDouble), "last beta",
                               tolerance::kReordered);
        QVERIFY(alphasCumprod[count - 1].item<float>() > 0.0f);
    }

    void predictionTypesRecoverTheOriginal_data() {
        QTest::addColumn<PredictionType>("prediction");
        QTest::addColumn<QString>("where");
        for (const auto& [name, type] : {std::pair{"epsilon", PredictionType::Epsilon},
                                         std::pair{"sample", PredictionType::Sample},
                                         std::pair{"v_prediction", PredictionType::VPrediction}}) {
            for (const char* where : {"first", "middle", "last"})
                QTest::newRow(qPrintable(QString("%1 %2").arg(name, where))) << type << where;
        }
    }

    // x_t = sqrt(a_t) x0 + sqrt(1 - a_t) eps. Each prediction type (eps; x0; v = sqrt(a_t) eps -
    // sqrt(1 - a_t) x0) must give back x0, and DDIM with eta 0 must land on
    // x_prev = sqrt(a_prev) x0 + sqrt(1 - a_prev) eps.
    void predictionTypesRecoverTheOriginal() {
        QFETCH(PredictionType, prediction);
        QFETCH(QString, where);
        auto config = fixtureConfig();
        config.predictionType = prediction;
        config.clipSample = false;
        config.thresholding = false;
        DDIMScheduler scheduler(config);
        QVERIFY(scheduler.setTimesteps(schedulerStepCase().value("num_inference_steps").toInt()));
        const auto t = timestepAt(scheduler, where);
        const double alpha = alphaAt(scheduler, t);
        const double alphaPrev = alphaAt(scheduler, previousTimestep(scheduler, t));

        auto generator = seededGenerator();
        const auto x0 = at::randn({2, 4, 3, 5}, generator, at::kDouble);
        const auto eps = at::randn({2, 4, 3, 5}, generator, at::kDouble);
        const auto sample = std::sqrt(alpha) * x0 + std::sqrt(1 - alpha) * eps;
        const auto modelOutput = prediction == PredictionType::Epsilon ? eps
                                 : prediction == PredictionType::Sample
                                     ? x0
                                     : std::sqrt(alpha) * eps - std::sqrt(1 - alpha) * x0;
        const auto out = scheduler.step(modelOutput.to(at::kFloat), t, sample.to(at::kFloat));
        const auto expectedPrev = std::sqrt(alphaPrev) * x0 + std::sqrt(1 - alphaPrev) * eps;
        // Epsilon prediction divides x_t's float32 rounding by sqrt(a_t), small near the end of a
        // zero-SNR schedule.
        const double amplification =
            prediction == PredictionType::Epsilon ? 1 / std::sqrt(alpha) : 1.0;
        KINORA_COMPARE_TENSORS(out.predOriginalSample, x0.to(at::kFloat), "x0",
                               tolerance::kComponent.scaledBy(amplification));
        KINORA_COMPARE_TENSORS(out.prevSample, expectedPrev.to(at::kFloat), "x_prev",
                               tolerance::kComponent);
        // addNoise is the forward process used above.
        const auto noised =
            scheduler.addNoise(x0.to(at::kFloat), eps.to(at::kFloat), at::full({1}, t, at::kLong));
        KINORA_COMPARE_TENSORS(noised, sample.to(at::kFloat), "add_noise", tolerance::kComponent);
    }

    void clipSampleLimitsThePrediction_data() {
        QTest::addColumn<double>("range");
        QTest::addColumn<bool>("useClipped");
        for (const double range : {1.0, 0.5})
            for (const bool useClipped : {false, true})
                QTest::newRow(qPrintable(QString("range %1%2")
                                             .arg(range)
                                             .arg(useClipped ? " clipped model output" : "")))
                    << range << useClipped;
    }

    // Epsilon prediction of an x0 beyond the range: the predicted x0 is clamped; the direction
    // uses eps as given, or eps re-derived from the clamped x0 with use_clipped_model_output.
    void clipSampleLimitsThePrediction() {
        QFETCH(double, range);
        QFETCH(bool, useClipped);
        auto config = fixtureConfig();
        config.predictionType = PredictionType::Epsilon;
        config.clipSample = true;
        config.clipSampleRange = range;
        config.thresholding = false;
        DDIMScheduler scheduler(config);
        QVERIFY(scheduler.setTimesteps(schedulerStepCase().value("num_inference_steps").toInt()));
        const auto t = timestepAt(scheduler, "middle");
        const double alpha = alphaAt(scheduler, t);
        const double alphaPrev = alphaAt(scheduler, previousTimestep(scheduler, t));

        auto generator = seededGenerator();
        const auto x0 = 3.0 * at::randn({2, 4, 3, 5}, generator, at::kDouble);
        const auto eps = at::randn({2, 4, 3, 5}, generator, at::kDouble);
        const auto sample = std::sqrt(alpha) * x0 + std::sqrt(1 - alpha) * eps;
        const auto out = scheduler.step(eps.to(at::kFloat), t, sample.to(at::kFloat), 0.0, nullptr,
                                        nullptr, useClipped);

        const auto clamped = x0.clamp(-range, range);
        const auto direction =
            useClipped ? (sample - std::sqrt(alpha) * clamped) / std::sqrt(1 - alpha) : eps;
        const auto expectedPrev =
            std::sqrt(alphaPrev) * clamped + std::sqrt(1 - alphaPrev) * direction;
        QVERIFY(x0.abs().max().item<double>() > range);
        QVERIFY(out.predOriginalSample.abs().max().item<double>() <= range);
        KINORA_COMPARE_TENSORS(out.predOriginalSample, clamped.to(at::kFloat), "x0",
                               tolerance::kComponent);
        KINORA_COMPARE_TENSORS(out.prevSample, expectedPrev.to(at::kFloat), "x_prev",
                               tolerance::kComponent);
    }

    void thresholdingScalesPerSample_data() {
        QTest::addColumn<double>("magnitude0");  // |x0| of batch entry 0 (all elements)
        QTest::addColumn<double>("magnitude1");
        QTest::addColumn<double>("sampleMaxValue");
        QTest::addColumn<double>("expected0");  // |x0| after thresholding
        QTest::addColumn<double>("expected1");
        // s = clamp(quantile(|x0|), 1, sample_max_value); x0 -> clamp(x0, -s, s) / s.
        QTest::newRow("above max") << 3.0 << 3.0 << 2.0 << 1.0 << 1.0;         // s = 2: 2 / 2
        QTest::newRow("within max") << 3.0 << 3.0 << 5.0 << 1.0 << 1.0;        // s = 3: 3 / 3
        QTest::newRow("below one") << 0.5 << 0.5 << 2.0 << 0.5 << 0.5;         // s = 1
        QTest::newRow("per sample") << 4.0 << 0.25 << 2.0 << 1.0 << 0.25;      // s = 2, s = 1
        QTest::newRow("max of one clips") << 1.5 << 0.5 << 1.0 << 1.0 << 0.5;  // s = 1
    }

    void thresholdingScalesPerSample() {
        QFETCH(double, magnitude0);
        QFETCH(double, magnitude1);
        QFETCH(double, sampleMaxValue);
        QFETCH(double, expected0);
        QFETCH(double, expected1);
        auto config = fixtureConfig();
        config.predictionType = PredictionType::Sample;  // the model output is x0 itself
        config.thresholding = true;
        config.sampleMaxValue = sampleMaxValue;
        DDIMScheduler scheduler(config);
        QVERIFY(scheduler.setTimesteps(schedulerStepCase().value("num_inference_steps").toInt()));
        auto generator = seededGenerator();
        const auto signs = at::randn({2, 4, 3, 5}, generator).sign();
        const auto magnitudes = at::tensor({magnitude0, magnitude1}, at::kFloat).view({2, 1, 1, 1});
        const auto expected = at::tensor({expected0, expected1}, at::kFloat).view({2, 1, 1, 1});
        const auto out = scheduler.step(signs * magnitudes, timestepAt(scheduler, "middle"),
                                        at::zeros({2, 4, 3, 5}));
        KINORA_COMPARE_TENSORS(out.predOriginalSample, signs * expected, "thresholded x0",
                               tolerance::kComponent);
    }

    void etaAddsSeededNoise_data() {
        QTest::addColumn<double>("eta");
        QTest::newRow("eta 0.5") << 0.5;
        QTest::newRow("eta 1") << 1.0;
    }

    // x_prev = sqrt(a_prev) x0 + sqrt(1 - a_prev - sigma^2) eps + sigma z, sigma = eta *
    // sqrt((1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev)), z = randn from the given generator.
    void etaAddsSeededNoise() {
        QFETCH(double, eta);
        const auto golden = goldenTensors("scheduler.safetensors");
        const auto step = goldenStepPrefix("middle");
        const auto sample = tensorNamed(golden, step + ".sample");
        const auto modelOutput = tensorNamed(golden, step + ".model_output");
        DDIMScheduler scheduler(fixtureConfig());
        QVERIFY(scheduler.setTimesteps(schedulerStepCase().value("num_inference_steps").toInt()));
        const auto t = tensorNamed(golden, step + ".timestep").item<std::int64_t>();

        auto first = seededGenerator();
        auto second = seededGenerator();
        const auto a = scheduler.step(modelOutput, t, sample, eta, &first);
        const auto b = scheduler.step(modelOutput, t, sample, eta, &second);
        const auto deterministic = scheduler.step(modelOutput, t, sample);
        KINORA_COMPARE_TENSORS(a.prevSample, b.prevSample, "same seed", tolerance::kExact);
        // The noise shows: beyond what the component bound would take for rounding.
        QVERIFY(!compareTensors("with noise", a.prevSample, deterministic.prevSample,
                                tolerance::kComponent)
                     .pass);
        KINORA_COMPARE_TENSORS(a.predOriginalSample, deterministic.predOriginalSample, "x0",
                               tolerance::kExact);

        auto noiseSource = seededGenerator();
        const auto noise = at::randn(modelOutput.sizes(), noiseSource, modelOutput.options());
        const auto given = scheduler.step(modelOutput, t, sample, eta, nullptr, &noise);
        KINORA_COMPARE_TENSORS(given.prevSample, a.prevSample, "variance noise", tolerance::kExact);

        const double alpha = alphaAt(scheduler, t);
        const double alphaPrev = alphaAt(scheduler, previousTimestep(scheduler, t));
        const double sigma =
            eta * std::sqrt((1 - alphaPrev) / (1 - alpha) * (1 - alpha / alphaPrev));
        const auto x = sample.to(at::kDouble);
        const auto v = modelOutput.to(at::kDouble);
        const auto x0 = std::sqrt(alpha) * x - std::sqrt(1 - alpha) * v;
        const auto eps = std::sqrt(alpha) * v + std::sqrt(1 - alpha) * x;
        const auto expected = std::sqrt(alphaPrev) * x0 +
                              std::sqrt(1 - alphaPrev - sigma * sigma) * eps +
                              sigma * noise.to(at::kDouble);
        KINORA_COMPARE_TENSORS(a.prevSample, expected.to(at::kFloat), "x_prev",
                               tolerance::kComponent);
    }

    void misuseThrows() {
        const auto golden = goldenTensors("scheduler.safetensors");
        const auto step = goldenStepPrefix("first");
        const auto sample = tensorNamed(golden, step + ".sample");
        const auto modelOutput = tensorNamed(golden, step + ".model_output");
        DDIMScheduler scheduler(fixtureConfig());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, scheduler.step(modelOutput, 1, sample));
        QVERIFY(scheduler.setTimesteps(schedulerStepCase().value("num_inference_steps").toInt()));
        const auto trainSteps = scheduler.config().numTrainTimesteps;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 scheduler.step(modelOutput, trainSteps, sample));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scheduler.step(modelOutput, -1, sample));
        const auto t = scheduler.timesteps().front();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 scheduler.step(modelOutput, t, sample, 1.0));
        auto generator = seededGenerator();
        const auto noise = at::zeros_like(sample);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 scheduler.step(modelOutput, t, sample, 1.0, &generator, &noise));
        auto bad = fixtureConfig();
        bad.numTrainTimesteps = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DDIMScheduler{bad});
    }

    void addNoisePerBatchEntry() {
        DDIMScheduler scheduler(fixtureConfig());
        QVERIFY(scheduler.setTimesteps(schedulerStepCase().value("num_inference_steps").toInt()));
        std::vector<std::int64_t> picked;
        for (const char* where : {"first", "middle", "last"})
            picked.push_back(timestepAt(scheduler, where));
        auto generator = seededGenerator();
        const auto x0 = at::randn({3, 4, 2, 3}, generator);
        const auto noise = at::randn({3, 4, 2, 3}, generator);
        const auto noised = scheduler.addNoise(x0, noise, at::tensor(picked));
        for (std::size_t i = 0; i < picked.size(); ++i) {
            const double alpha = alphaAt(scheduler, picked[i]);
            const auto expected = std::sqrt(alpha) * x0[i].to(at::kDouble) +
                                  std::sqrt(1 - alpha) * noise[i].to(at::kDouble);
            KINORA_COMPARE_TENSORS(noised[i], expected.to(at::kFloat), "add_noise",
                                   tolerance::kComponent);
        }
        QCOMPARE(scheduler.initNoiseSigma(), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestDDIMScheduler)
#include "tst_ddimscheduler.moc"
