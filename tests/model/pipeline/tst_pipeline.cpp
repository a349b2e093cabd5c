// The I2VGen-XL pipeline against the reference's own per-step tensors, plus determinism, the
// embedding cache and cancellation.
#include <ATen/ATen.h>

#include <QJsonArray>
#include <QTest>

#include <memory>

#include "common/Golden.h"
#include "common/PipelineCase.h"
#include "model/pipeline/I2VGenXLPipeline.h"
#include "model/vae/AutoencoderKL.h"

using namespace kinora::model;

using kinora::test::goldenInputImage;
using kinora::test::requestForCase;

class TestPipeline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        auto loaded = I2VGenXLPipeline::load(kinora::test::fixtureDir().toStdString(), {});
        QVERIFY2(loaded, loaded ? "" : loaded.error().describe().c_str());
        pipeline_ = std::move(*loaded);
    }

    void matchesReference_data() {
        QTest::addColumn<QString>("goldenCase");
        QTest::newRow("with guidance") << "pipeline";
        QTest::newRow("without guidance") << "pipeline_nocfg";
    }

    void matchesReference() {
        QFETCH(QString, goldenCase);
        const auto args = kinora::test::goldenCases().value(goldenCase).toObject();
        QVERIFY(!args.isEmpty());
        const auto golden = kinora::test::goldenTensors(goldenCase + ".safetensors");
        std::map<std::string, at::Tensor> traced;
        PipelineCallbacks callbacks;
        callbacks.trace = [&](const std::string& name, const at::Tensor& tensor) {
            traced[name] = tensor.to(at::kCPU).clone();
        };
        const auto latents = pipeline_->denoise(requestForCase(args), callbacks);
        ExecutionPlan decode;
        decode.decodeChunkFrames = args.value("decode_chunk_size").toInt();
        pipeline_->decode(latents, decode, callbacks);

        int compared = 0;
        for (const auto& [name, expected] : golden) {
            const auto it = traced.find(name);
            QVERIFY2(it != traced.end(), ("the pipeline never produced " + name).c_str());
            const auto actual =
                expected.is_floating_point() ? it->second.to(at::kFloat) : it->second;
            KINORA_COMPARE_TENSORS(actual, expected, goldenCase.toStdString() + "." + name,
                                   pipelineTraceTolerance(name, expected));
            ++compared;
        }
        QVERIFY(compared > 0);
        QCOMPARE(std::size_t(compared), golden.size());
    }

    void sameSeedSameVideo() {
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        request.steps = 2;
        const auto first = pipeline_->denoise(request);
        const auto second = pipeline_->denoise(request);
        QVERIFY(at::equal(first, second));
        request.seed += 1;
        QVERIFY(!at::equal(first, pipeline_->denoise(request)));
    }

    void newSeedReusesEmbeddings() {
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        request.steps = 1;
        request.prompt += " (cache check)";
        const int textRuns = pipeline_->textEncoderRuns();
        const int imageRuns = pipeline_->imageEncoderRuns();
        pipeline_->denoise(request);
        request.seed += 7;
        pipeline_->denoise(request);
        QCOMPARE(pipeline_->textEncoderRuns(), textRuns + 1);
        QCOMPARE(pipeline_->imageEncoderRuns(), imageRuns);  // same image and size as before
    }

    void releasedEncodersReloadWithSameResult() {
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        request.steps = 1;
        const auto before = pipeline_->denoise(request);
        pipeline_->releaseEncoders();
        request.prompt += " (after release)";
        pipeline_->denoise(request);  // loads the encoders again
        request.prompt =
            requestForCase(kinora::test::goldenCases().value("pipeline").toObject()).prompt;
        QVERIFY(at::equal(before, pipeline_->denoise(request)));
    }

    void cancelStopsBetweenStepsAndNextJobRuns() {
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        QVERIFY2(request.steps >= 2, "the pipeline case needs two steps to cancel between");
        const int cancelAfter = request.steps / 2;
        int stepsSeen = 0;
        PipelineCallbacks callbacks;
        callbacks.stepFinished = [&](const StepProgress& progress) { stepsSeen = progress.step; };
        callbacks.cancelled = [&] { return stepsSeen >= cancelAfter; };
        QVERIFY_THROWS_EXCEPTION(CancelledError, pipeline_->denoise(request, callbacks));
        QCOMPARE(stepsSeen, cancelAfter);
        request.steps = 1;
        QCOMPARE(pipeline_->denoise(request).dim(), 5);
    }

    void progressAndPreviews() {
        const auto request =
            requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        const auto vaeConfig = readAutoencoderKLConfig(
            (kinora::test::fixtureDir() + "/vae/config.json").toStdString());
        QVERIFY(vaeConfig);
        const auto vaeScale = int(vaeConfig->spatialScale());  // image pixels per latent pixel
        QList<int> steps;
        int previews = 0;
        PipelineCallbacks callbacks;
        callbacks.stepFinished = [&](const StepProgress& progress) {
            steps << progress.step;
            QCOMPARE(progress.total, request.steps);
            QVERIFY(progress.remainingSeconds >= 0);
        };
        callbacks.preview = [&](int, const std::vector<RgbImage>& frames) {
            ++previews;
            QCOMPARE(int(frames.size()), request.frames);
            QCOMPARE(frames.front().width, request.width / vaeScale);
        };
        pipeline_->setPreviewInterval(1);
        pipeline_->denoise(request, callbacks);
        pipeline_->setPreviewInterval(0);
        QList<int> everyStep;
        for (int step = 1; step <= request.steps; ++step)
            everyStep << step;
        QCOMPARE(steps, everyStep);
        QCOMPARE(previews, request.steps);
    }

    void rejectsRequestsThatCannotRun_data() {
        QTest::addColumn<QString>("change");
        QTest::newRow("size not a multiple of the VAE scale") << "width";
        QTest::newRow("one frame") << "frames";
        QTest::newRow("no steps") << "steps";
        QTest::newRow("empty image") << "image";
    }

    void rejectsRequestsThatCannotRun() {
        QFETCH(QString, change);
        auto request = requestForCase(kinora::test::goldenCases().value("pipeline").toObject());
        if (change == "width")
            request.width += 3;
        if (change == "frames")
            request.frames = 1;
        if (change == "steps")
            request.steps = 0;
        if (change == "image")
            request.image = {};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pipeline_->denoise(request));
    }

private:
    std::unique_ptr<I2VGenXLPipeline> pipeline_;
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
