// The memory planner: predictions grow with frames and size and shrink with chunking; decisions
// on device sizes derived from the model's own predictions (fits as is, needs chunking, needs
// offload, needs a downgrade, applied or not, impossible) are stable and explained; the plan
// table of the real configs runs without their weights; and on the tiny fixture an injected
// out-of-memory error in a denoising step or in the decode is recovered with a tighter plan,
// giving the output of an unconstrained run.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <ATen/ATen.h>

#include "common/Fixture.h"
#include "common/FixtureRequest.h"
#include "common/Golden.h"
#include "common/Outcome.h"
#include "facade/GenerationService.h"
#include "facade/MemoryPlanning.h"
#include "model/memory/MemoryPlanner.h"

using namespace kinora;
using model::ComputeKind;

Q_DECLARE_METATYPE(kinora::model::ComputeKind)

namespace {

using kinora::test::pipelineCase;

constexpr quint64 kMiB = quint64(1) << 20;

// The trained request of the real model (PRODUCT_NOTES: 1280x704, 16 frames, CFG).
model::RunShape nativeShape() {
    return {1280, 704, 16, true};
}

model::PlanRequest planRequest(ComputeKind device, const model::RunShape& shape) {
    model::PlanRequest request;
    request.shape = shape;
    request.device = device;
    request.dtypeBytes = device == ComputeKind::Cuda ? 2 : 4;
    request.decodeChunkFrames = 1;
    return request;
}

model::MemoryBudget budgetOf(ComputeKind device, std::uint64_t bytes) {
    model::MemoryBudget budget;
    // The other side is ample: only the compute device's memory is under test.
    budget.deviceBytes = device == ComputeKind::Cuda ? bytes : 0;
    budget.hostBytes = device == ComputeKind::Cuda ? std::uint64_t(1) << 50 : bytes;
    return budget;
}

std::uint64_t peakOf(const model::ModelArchitecture& architecture,
                     const model::PlanRequest& request, const model::ExecutionPlan& plan) {
    return model::predictMemory(architecture, request.shape, plan).peakComputeBytes(request.device);
}

model::ExecutionPlan fastestPlan(const model::PlanRequest& request) {
    model::ExecutionPlan plan;
    plan.device = request.device;
    plan.dtypeBytes = request.dtypeBytes;
    plan.decodeChunkFrames = request.decodeChunkFrames;
    return plan;
}

GenerationRequest fixtureRequest(const QString& outputPath) {
    GenerationRequest request = test::fixtureRequest(outputPath);
    request.decodeChunkSize = request.frames;  // so a decode failure has smaller chunks to try
    request.format = QStringLiteral("png");
    return request;
}

at::Tensor savedLatents(const QString& path) {
    auto tensors = model::readTensorFile(path.toStdString());
    if (!tensors || !tensors->count("latents"))
        return {};
    return tensors->at("latents");
}

QList<QImage> pngFrames(const QString& folder) {
    QList<QImage> frames;
    const QDir dir(folder);
    for (const auto& name : dir.entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name))
        frames << QImage(dir.filePath(name)).convertToFormat(QImage::Format_RGB888);
    return frames;
}

enum class Case { FitsAsIs, NeedsChunking, NeedsOffload, NeedsDowngrade, Downgraded, Impossible };

}  // namespace

Q_DECLARE_METATYPE(Case)

class TestMemoryPlanner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY2(!pipelineCase().isEmpty(), "golden/cases.json has no pipeline case");
        auto configs = model::readModelArchitecture(KINORA_CONFIGS_DIR);
        QVERIFY2(configs, configs ? "" : configs.error().describe().c_str());
        real_ = *configs;
        auto fixture = model::readModelArchitecture(test::fixtureDir().toStdString());
        QVERIFY2(fixture, fixture ? "" : fixture.error().describe().c_str());
        fixture_ = *fixture;
        if (const int threads = qEnvironmentVariableIntValue("KINORA_TEST_THREADS"); threads > 0)
            service_.setThreads(threads);
    }

    // The configs-only folder has no weights: its counts come from the configs' shapes; the
    // fixture's from its safetensors headers, which agree with its configs (it loads).
    void parametersWithAndWithoutWeights() {
        for (const auto* component :
             {&real_.unet, &real_.vae, &real_.textEncoder, &real_.imageEncoder}) {
            QVERIFY(!component->countedFromWeights);
            QVERIFY(component->parameters > component->largestTensor);
            QCOMPARE(component->fileBytes, std::uint64_t(0));
        }
        for (const auto* component :
             {&fixture_.unet, &fixture_.vae, &fixture_.textEncoder, &fixture_.imageEncoder}) {
            QVERIFY(component->countedFromWeights);
            QVERIFY(component->fileBytes > 0);
        }
        // The UNet dominates the real model.
        QVERIFY(real_.unet.parameters > real_.textEncoder.parameters +
                                            real_.imageEncoder.parameters + real_.vae.parameters);
    }

    void predictionIsMonotonic_data() {
        QTest::addColumn<ComputeKind>("device");
        QTest::newRow("cpu") << ComputeKind::Cpu;
        QTest::newRow("cuda") << ComputeKind::Cuda;
    }

    // More frames, a larger size or CFG cost more; chunked attention less; steps are not an
    // input at all.
    void predictionIsMonotonic() {
        QFETCH(ComputeKind, device);
        const auto request = planRequest(device, nativeShape());
        const auto plan = fastestPlan(request);
        const auto denoise = [&](const model::RunShape& shape, const model::ExecutionPlan& p) {
            const auto prediction = model::predictMemory(real_, shape, p);
            const auto stage = prediction.stage(model::MemoryStage::Denoise);
            return device == ComputeKind::Cuda ? stage.deviceBytes : stage.hostBytes;
        };
        auto moreFrames = request.shape;
        moreFrames.frames *= 2;
        auto larger = request.shape;
        larger.width *= 2;
        auto unguided = request.shape;
        unguided.guided = false;
        QVERIFY(denoise(moreFrames, plan) > denoise(request.shape, plan));
        QVERIFY(denoise(larger, plan) > denoise(request.shape, plan));
        QVERIFY(denoise(unguided, plan) < denoise(request.shape, plan));
        auto chunked = plan;
        chunked.attentionQueryChunk = 256;
        QVERIFY(denoise(request.shape, chunked) < denoise(request.shape, plan));
        auto released = plan;
        released.releaseEncoders = true;
        QVERIFY(denoise(request.shape, released) < denoise(request.shape, plan));
        auto decodeAll = plan;
        decodeAll.decodeChunkFrames = request.shape.frames;
        const auto decode = [&](const model::ExecutionPlan& p) {
            const auto stage =
                model::predictMemory(real_, request.shape, p).stage(model::MemoryStage::Decode);
            return device == ComputeKind::Cuda ? stage.deviceBytes : stage.hostBytes;
        };
        QVERIFY(decode(decodeAll) > decode(plan));
    }

    void decisions_data() {
        QTest::addColumn<ComputeKind>("device");
        QTest::addColumn<Case>("situation");
        QTest::newRow("cpu: fits as is") << ComputeKind::Cpu << Case::FitsAsIs;
        QTest::newRow("cpu: needs chunking") << ComputeKind::Cpu << Case::NeedsChunking;
        QTest::newRow("cpu: needs a downgrade") << ComputeKind::Cpu << Case::NeedsDowngrade;
        QTest::newRow("cpu: downgrade applied") << ComputeKind::Cpu << Case::Downgraded;
        QTest::newRow("cpu: impossible") << ComputeKind::Cpu << Case::Impossible;
        QTest::newRow("cuda: fits as is") << ComputeKind::Cuda << Case::FitsAsIs;
        QTest::newRow("cuda: needs chunking") << ComputeKind::Cuda << Case::NeedsChunking;
        QTest::newRow("cuda: needs offload") << ComputeKind::Cuda << Case::NeedsOffload;
        QTest::newRow("cuda: downgrade applied") << ComputeKind::Cuda << Case::Downgraded;
        QTest::newRow("cuda: impossible") << ComputeKind::Cuda << Case::Impossible;
    }

    // Each device size is derived from the model's own prediction of the native request, at a
    // threshold that separates one decision from the next.
    void decisions() {
        QFETCH(ComputeKind, device);
        QFETCH(Case, situation);
        auto request = planRequest(device, nativeShape());
        const auto fastest = peakOf(real_, request, fastestPlan(request));
        auto released = fastestPlan(request);
        released.releaseEncoders = true;
        const auto withoutChunking = peakOf(real_, request, released);
        const auto tightestOnDevice =
            peakOf(real_, request, model::tightestPlan(real_, request, false));
        const auto tightest = peakOf(real_, request, model::tightestPlan(real_, request, true));
        QVERIFY(tightest <= tightestOnDevice && tightestOnDevice < withoutChunking &&
                withoutChunking < fastest);
        std::uint64_t bytes = 0;
        switch (situation) {
            case Case::FitsAsIs:
                bytes = fastest;
                break;
            case Case::NeedsChunking:
                bytes = withoutChunking - 1;
                break;
            case Case::NeedsOffload:
                QVERIFY(tightest < tightestOnDevice);
                bytes = tightestOnDevice - 1;
                break;
            case Case::NeedsDowngrade:
            case Case::Downgraded:
                bytes = tightest - 1;
                request.allowDowngrade = situation == Case::Downgraded;
                break;
            case Case::Impossible:
                bytes = 64 * kMiB;
                break;
        }
        const auto budget = budgetOf(device, bytes);
        const auto decision = model::planExecution(real_, request, budget);
        const auto again = model::planExecution(real_, request, budget);
        QVERIFY(decision.plan == again.plan);
        QCOMPARE(decision.explanation, again.explanation);
        QVERIFY(!decision.explanation.empty());
        const auto expected =
            situation == Case::FitsAsIs         ? model::PlanVerdict::FitsAsIs
            : situation == Case::NeedsChunking  ? model::PlanVerdict::FitsWithSavings
            : situation == Case::NeedsOffload   ? model::PlanVerdict::FitsWithOffload
            : situation == Case::NeedsDowngrade ? model::PlanVerdict::NeedsDowngrade
            : situation == Case::Downgraded     ? model::PlanVerdict::Downgraded
                                                : model::PlanVerdict::Impossible;
        QCOMPARE(int(decision.verdict), int(expected));
        if (decision.runnable()) {
            QVERIFY(decision.prediction.peakComputeBytes(device) <= bytes);
            QCOMPARE(decision.prediction.peakComputeBytes(device),
                     peakOf(real_, {decision.shape, device, request.dtypeBytes, 1, false},
                            decision.plan));
        }
        switch (situation) {
            case Case::FitsAsIs:
                QVERIFY(decision.plan == fastestPlan(request));
                break;
            case Case::NeedsChunking:
                QVERIFY(decision.plan.attentionQueryChunk > 0 ||
                        decision.plan.feedForwardChunk > 0);
                QVERIFY(!decision.plan.offload);
                break;
            case Case::NeedsOffload:
                QVERIFY(decision.plan.offload);
                break;
            case Case::NeedsDowngrade:
            case Case::Downgraded: {
                QVERIFY(decision.downgrade.has_value());
                const auto& shape = *decision.downgrade;
                // Fewer frames first; a smaller size only at the fewest frames tried.
                QVERIFY(shape.frames < request.shape.frames ||
                        shape.width * shape.height < request.shape.width * request.shape.height);
                auto smaller = request;
                smaller.shape = shape;
                QVERIFY(peakOf(real_, smaller, model::tightestPlan(real_, smaller)) <= bytes);
                if (situation == Case::NeedsDowngrade) {
                    QVERIFY(decision.shape.frames == request.shape.frames);
                } else {
                    QCOMPARE(decision.shape.frames, shape.frames);
                    QCOMPARE(decision.shape.width, shape.width);
                }
                break;
            }
            case Case::Impossible:
                QVERIFY(!decision.downgrade);
                break;
        }
    }

    // Recovery goes only tighter: each denoise fallback predicts no more for a step than the
    // plan before it, each decode fallback no more for the decode.
    void fallbacksAreTighter() {
        auto request = planRequest(ComputeKind::Cpu, nativeShape());
        request.decodeChunkFrames = request.shape.frames;
        const auto fastest = peakOf(real_, request, fastestPlan(request));
        const auto decision =
            model::planExecution(real_, request, budgetOf(ComputeKind::Cpu, fastest));
        QVERIFY(!decision.denoiseFallbacks.empty() && decision.denoiseFallbacks.size() <= 2);
        QVERIFY(!decision.decodeFallbacks.empty());
        const auto stageBytes = [&](const model::ExecutionPlan& plan, model::MemoryStage stage) {
            return model::predictMemory(real_, request.shape, plan).stage(stage).hostBytes;
        };
        auto previous = decision.plan;
        for (const auto& fallback : decision.denoiseFallbacks) {
            QVERIFY(stageBytes(fallback, model::MemoryStage::Denoise) <
                    stageBytes(previous, model::MemoryStage::Denoise));
            previous = fallback;
        }
        previous = decision.plan;
        for (const auto& fallback : decision.decodeFallbacks) {
            QVERIFY(stageBytes(fallback, model::MemoryStage::Decode) <
                    stageBytes(previous, model::MemoryStage::Decode));
            previous = fallback;
        }
    }

    // The users' table, predicted from the real configs alone: rows that fit stay within the
    // memory, rows that do not exceed it even with every saving, and those propose a downgrade
    // that fits.
    void tableRunsWithoutWeights() {
        GenerationRequest base;
        base.modelFolder = QStringLiteral(KINORA_CONFIGS_DIR);
        base.device = QStringLiteral("cpu");
        // Between the smallest and the largest row's tightest peak, so both kinds appear.
        auto smallest = planRequest(ComputeKind::Cpu, {512, 512, 8, true});
        const auto limit = peakOf(real_, smallest, model::tightestPlan(real_, smallest)) * 2;
        MemoryPlanOptions options;
        options.memoryBytes = limit;
        const auto rows = memoryPlanTable(base, options);
        QVERIFY(!rows.isEmpty());
        int fitting = 0, notFitting = 0;
        for (const auto& row : rows) {
            QVERIFY2(row.plan.known(), qPrintable(row.plan.error));
            QCOMPARE(row.plan.budgetBytes, limit);
            if (row.plan.runnable()) {
                ++fitting;
                QVERIFY(row.plan.peakBytes <= limit);
            } else {
                ++notFitting;
                QVERIFY(row.plan.peakBytes > limit);
            }
        }
        QVERIFY(fitting > 0 && notFitting > 0);
        const QString text = formatMemoryTable(rows);
        QVERIFY(text.contains(formatMemoryBytes(limit)));
        QCOMPARE(text.count(QStringLiteral("\n| ")), rows.size() + 1);
    }

    void memorySizes_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("GB") << "12GB" << qint64(12) * 1024 * 1024 * 1024;
        QTest::newRow("GiB with space") << "1.5 GiB" << qint64(3) * 512 * 1024 * 1024;
        QTest::newRow("MB") << "512mb" << qint64(512) * 1024 * 1024;
        QTest::newRow("bytes") << "1048576" << qint64(1048576);
        QTest::newRow("nonsense") << "lots" << qint64(-1);
        QTest::newRow("zero") << "0" << qint64(-1);
    }

    void memorySizes() {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        const auto parsed = parseMemorySize(text);
        QCOMPARE(parsed ? qint64(*parsed) : qint64(-1), bytes);
    }

    // The reference every recovery test compares with: the same request without faults.
    void unconstrainedRun() {
        GenerationRequest request = fixtureRequest(dir_.filePath("reference"));
        service_.setKeepLatents(true);
        const auto outcome = service_.generate(request);
        QVERIFY2(outcome.succeeded(), qPrintable(test::describe(outcome)));
        QVERIFY(outcome.memoryNotes.isEmpty());
        QCOMPARE(outcome.memoryPlan.value("verdict").toString(), QStringLiteral("fits"));
        referenceLatents_ = savedLatents(outcome.latentsPath);
        referenceFrames_ = pngFrames(outcome.videoPath);
        QVERIFY(referenceLatents_.defined());
        QCOMPARE(referenceFrames_.size(), request.frames);
        QFile sidecar(outcome.sidecarPath);
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const auto record = QJsonDocument::fromJson(sidecar.readAll()).object();
        QCOMPARE(record.value("memory_plan").toObject().value("verdict").toString(),
                 QStringLiteral("fits"));
    }

    void recoversFromOutOfMemory_data() {
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("decodeFailures");
        QTest::addColumn<QString>("noteSays");
        const int steps = pipelineCase().value("num_inference_steps").toInt();
        QTest::newRow("first step") << 0 << 0 << "Denoising step 1 ran out of memory";
        QTest::newRow("last step")
            << steps - 1 << 0 << QStringLiteral("Denoising step %1 ran out of memory").arg(steps);
        QTest::newRow("decode") << -1 << 1 << "decoded again from the saved latents";
    }

    // The job completes with the tighter plan (the note and the sidecar say which) and gives the
    // unconstrained run's latents and frames.
    void recoversFromOutOfMemory() {
        QFETCH(int, step);
        QFETCH(int, decodeFailures);
        QFETCH(QString, noteSays);
        QVERIFY2(referenceLatents_.defined(), "unconstrainedRun must run first");
        InjectedFaults faults;
        faults.outOfMemoryAtStep = step;
        faults.stepFailures = step >= 0 ? 1 : 0;
        faults.decodeFailures = decodeFailures;
        service_.injectFaults(faults);
        const QString output =
            dir_.filePath(QStringLiteral("recovered-%1-%2").arg(step).arg(decodeFailures));
        const auto outcome = service_.generate(fixtureRequest(output));
        service_.injectFaults({});
        QVERIFY2(outcome.succeeded(), qPrintable(test::describe(outcome)));
        QCOMPARE(outcome.memoryNotes.size(), 1);
        QVERIFY2(outcome.memoryNotes.front().contains(noteSays),
                 qPrintable(outcome.memoryNotes.front()));
        const auto plan = outcome.memoryPlan;
        const auto fallbacks = step >= 0 ? plan.value("denoise_fallbacks").toArray()
                                         : plan.value("decode_fallbacks").toArray();
        QVERIFY(!fallbacks.isEmpty());
        QFile sidecar(outcome.sidecarPath);
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const auto record = QJsonDocument::fromJson(sidecar.readAll()).object();
        QCOMPARE(record.value("memory_recovery").toArray().size(), 1);

        const auto latents = savedLatents(outcome.latentsPath);
        QVERIFY(latents.defined());
        KINORA_COMPARE_TENSORS(latents, referenceLatents_, "latents after the recovery",
                               model::tolerance::kEndToEnd);
        // 8-bit frames of latents this close differ by a rounding step at most.
        QVERIFY(test::maxFrameDifference(pngFrames(outcome.videoPath), referenceFrames_) <= 1);
    }

    // More failures than tighter plans: a clear failure naming the step and the memory the plan
    // predicted; nothing half-written.
    void repeatedOutOfMemoryFailsClearly() {
        InjectedFaults faults;
        faults.outOfMemoryAtStep = 0;
        faults.stepFailures = 100;
        service_.injectFaults(faults);
        const QString output = dir_.filePath(QStringLiteral("exhausted"));
        const auto outcome = service_.generate(fixtureRequest(output));
        service_.injectFaults({});
        QCOMPARE(outcome.status, GenerationOutcome::Status::Failed);
        QVERIFY2(outcome.message.contains(QStringLiteral("denoising step 1")),
                 qPrintable(outcome.message));
        QVERIFY2(outcome.message.contains(QStringLiteral("predicted")),
                 qPrintable(outcome.message));
        const int tried = outcome.memoryPlan.value("denoise_fallbacks").toArray().size();
        QCOMPARE(outcome.memoryNotes.size(), tried);
        QVERIFY(!QFileInfo::exists(output));
    }

    // A device too small for the request: the job stops before loading anything, with the plan;
    // allowed to downgrade, it runs fewer frames and says so.
    void tooLittleMemory() {
        GenerationRequest request = fixtureRequest(dir_.filePath("small-device"));
        request.frames = model::kFewestDowngradeFrames + 2;
        request.decodeChunkSize = 1;
        const auto generous = planMemory(request);
        QVERIFY(generous.runnable());
        // Just below the tightest plan of the request itself.
        MemoryPlanOptions options;
        options.memoryBytes = 1;
        const auto hopeless = planMemory(request, options);
        QCOMPARE(int(hopeless.verdict), int(MemoryVerdict::DoesNotFit));
        const quint64 limit = hopeless.peakBytes - 1;

        service_.setMemoryLimit(limit);
        const auto refused = service_.generate(request);
        QCOMPARE(refused.status, GenerationOutcome::Status::Failed);
        QVERIFY2(refused.message.contains(QStringLiteral("Not enough memory")),
                 qPrintable(refused.message));
        QCOMPARE(refused.memoryPlan.value("verdict").toString(),
                 memoryVerdictName(MemoryVerdict::NeedsDowngrade));
        const int proposedFrames =
            refused.memoryPlan.value("downgrade").toObject().value("frames").toInt();
        QVERIFY(proposedFrames >= model::kFewestDowngradeFrames && proposedFrames < request.frames);
        QVERIFY2(refused.remedy.contains(QString::number(proposedFrames)),
                 qPrintable(refused.remedy));
        QVERIFY(!QFileInfo::exists(request.outputPath));

        service_.setAllowDowngrade(true);
        const auto downgraded = service_.generate(request);
        service_.setAllowDowngrade(false);
        service_.setMemoryLimit(std::nullopt);
        QVERIFY2(downgraded.succeeded(), qPrintable(test::describe(downgraded)));
        QCOMPARE(pngFrames(downgraded.videoPath).size(), proposedFrames);
        QVERIFY(downgraded.note.contains(QStringLiteral("Downgraded")));
        QFile sidecar(downgraded.sidecarPath);
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const auto record = QJsonDocument::fromJson(sidecar.readAll()).object();
        QCOMPARE(record.value("request").toObject().value("frames").toInt(), proposedFrames);
        QCOMPARE(record.value("memory_plan")
                     .toObject()
                     .value("requested")
                     .toObject()
                     .value("frames")
                     .toInt(),
                 request.frames);
    }

private:
    QTemporaryDir dir_;
    model::ModelArchitecture real_;
    model::ModelArchitecture fixture_;
    GenerationService service_;
    at::Tensor referenceLatents_;
    QList<QImage> referenceFrames_;
};

QTEST_GUILESS_MAIN(TestMemoryPlanner)
#include "tst_memoryplanner.moc"
