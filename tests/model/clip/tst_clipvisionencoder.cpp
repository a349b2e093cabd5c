// CLIPVisionEncoder against the fixture's golden image-encoder tensors (transformers'
// CLIPVisionModelWithProjection on the pipeline's CLIP pixel values).

// Torch headers come before Qt's: Qt's `slots` keyword macro breaks torch/csrc/jit headers.
#include <ATen/ATen.h>

#include "model/clip/CLIPVisionEncoder.h"
#include "model/runtime/Runtime.h"

#include <QTest>

#include "common/Fixture.h"
#include "common/Golden.h"

using namespace kinora::model;
using kinora::test::tensorNamed;

class TestCLIPVisionEncoder : public QObject {
    Q_OBJECT

    CLIPVisionEncoder encoder{nullptr};
    std::map<std::string, at::Tensor> golden;

private Q_SLOTS:
    void initTestCase() {
        if (const int threads = qEnvironmentVariableIntValue("KINORA_TEST_THREADS"); threads > 0)
            setComputeThreads(threads);
        const auto dir = (kinora::test::fixtureDir() + "/image_encoder").toStdString();
        auto loaded =
            CLIPVisionEncoder::load(dir, at::kFloat, at::kCPU, WeightVariant::PreferFullPrecision);
        QVERIFY2(loaded, loaded ? "" : loaded.error().describe().c_str());
        encoder = *loaded;
        golden = kinora::test::goldenTensors("image.safetensors");
    }

    void matchesGolden() {
        at::NoGradGuard noGrad;
        const auto output = encoder->forward(tensorNamed(golden, "clip.pixel_values"));
        KINORA_COMPARE_TENSORS(output.lastHiddenState,
                               tensorNamed(golden, "clip.last_hidden_state"),
                               "clip.last_hidden_state", tolerance::kComponent);
        KINORA_COMPARE_TENSORS(output.imageEmbeds, tensorNamed(golden, "clip.image_embeds"),
                               "clip.image_embeds", tolerance::kComponent);
    }

    // Rows of a batch are independent: a flipped copy next to the original leaves it unchanged.
    void batchRowsAreIndependent() {
        const auto& pixels = tensorNamed(golden, "clip.pixel_values");  // [1, 3, H, W]
        at::NoGradGuard noGrad;
        const auto output = encoder->forward(at::cat({pixels.flip(3), pixels}));
        KINORA_COMPARE_TENSORS(output.imageEmbeds.narrow(0, 1, 1),
                               tensorNamed(golden, "clip.image_embeds"), "batch row 1",
                               tolerance::kComponent);
        QVERIFY(!compareTensors("flipped vs original", output.imageEmbeds[0], output.imageEmbeds[1],
                                tolerance::kComponent)
                     .pass);
    }

    void rejectsWrongImageSize() {
        const auto size = encoder->config().imageSize;
        at::NoGradGuard noGrad;
        QVERIFY_THROWS_EXCEPTION(std::exception,
                                 encoder->forward(at::zeros({1, 3, size, size + 1})));
        QVERIFY_THROWS_EXCEPTION(std::exception, encoder->forward(at::zeros({3, size, size})));
    }
};

QTEST_GUILESS_MAIN(TestCLIPVisionEncoder)
#include "tst_clipvisionencoder.moc"
