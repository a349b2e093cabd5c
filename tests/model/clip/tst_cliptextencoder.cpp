// CLIPTextEncoder against the fixture's golden text-encoder tensors (transformers' CLIPTextModel
// and I2VGen-XL's encode_prompt).

// Torch headers come before Qt's: Qt's `slots` keyword macro breaks torch/csrc/jit headers.
#include <ATen/ATen.h>

#include "model/clip/CLIPTextEncoder.h"
#include "model/runtime/Runtime.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "common/Fixture.h"
#include "common/Golden.h"

using namespace kinora::model;
using kinora::test::goldenCases;
using kinora::test::tensorNamed;

class TestCLIPTextEncoder : public QObject {
    Q_OBJECT

    CLIPTextEncoder encoder{nullptr};
    std::map<std::string, at::Tensor> golden;

    // The ids of `text` from tokenizer_cases.json (undefined when no case has that prompt).
    static at::Tensor tokenizerCaseIds(const QString& text) {
        QFile file(kinora::test::goldenDir() + QStringLiteral("/tokenizer_cases.json"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const auto cases = QJsonDocument::fromJson(file.readAll()).object().value("cases");
        for (const auto& item : cases.toArray()) {
            const auto object = item.toObject();
            if (object.value("prompt").toString() != text)
                continue;
            std::vector<std::int64_t> ids;
            for (const auto& id : object.value("input_ids").toArray())
                ids.push_back(id.toInteger());
            return at::tensor(ids, at::kLong).unsqueeze(0);  // [1, L]
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() {
        if (const int threads = qEnvironmentVariableIntValue("KINORA_TEST_THREADS"); threads > 0)
            setComputeThreads(threads);
        const auto dir = (kinora::test::fixtureDir() + "/text_encoder").toStdString();
        auto loaded =
            CLIPTextEncoder::load(dir, at::kFloat, at::kCPU, WeightVariant::PreferFullPrecision);
        QVERIFY2(loaded, loaded ? "" : loaded.error().describe().c_str());
        encoder = *loaded;
        golden = kinora::test::goldenTensors("text_encoder.safetensors");
    }

    void matchesGolden_data() {
        QTest::addColumn<QString>("text");           // golden prefix of the ids and activations
        QTest::addColumn<QString>("embeddingsKey");  // encode_prompt's output name
        QTest::newRow("prompt") << "prompt"
                                << "prompt_embeds";
        QTest::newRow("negative prompt") << "negative"
                                         << "negative_prompt_embeds";
    }

    void matchesGolden() {
        QFETCH(QString, text);
        QFETCH(QString, embeddingsKey);
        const auto prefix = text.toStdString() + ".";
        const auto embeddings = embeddingsKey.toStdString();
        const auto& ids = tensorNamed(golden, prefix + "input_ids");
        at::NoGradGuard noGrad;

        const auto output = encoder->forward(ids, /*withHiddenStates=*/true);
        KINORA_COMPARE_TENSORS(output.lastHiddenState,
                               tensorNamed(golden, prefix + "last_hidden_state"),
                               prefix + "last_hidden_state", tolerance::kComponent);
        const auto layers = encoder->config().numHiddenLayers;
        QCOMPARE(static_cast<std::int64_t>(output.hiddenStates.size()), layers + 1);
        for (std::int64_t i = 0; i <= layers; ++i) {
            const auto name = prefix + "hidden_states." + std::to_string(i);
            KINORA_COMPARE_TENSORS(output.hiddenStates[static_cast<std::size_t>(i)],
                                   tensorNamed(golden, name), name, tolerance::kComponent);
        }

        const auto clipSkip =
            goldenCases().value("text_encoder").toObject().value("clip_skip").toInteger(-1);
        QVERIFY2(clipSkip >= 0, "cases.json has no text_encoder.clip_skip");
        KINORA_COMPARE_TENSORS(encoder->encodePrompt(ids, clipSkip),
                               tensorNamed(golden, "pipeline." + embeddings),
                               "pipeline." + embeddings, tolerance::kComponent);
        KINORA_COMPARE_TENSORS(encoder->encodePrompt(ids, 0),
                               tensorNamed(golden, "clip_skip_none." + embeddings),
                               "clip_skip_none." + embeddings, tolerance::kComponent);
    }

    // Without a negative prompt the pipeline encodes the empty string.
    void emptyNegativePrompt() {
        const auto ids = tokenizerCaseIds(QString());
        if (!ids.defined())
            QSKIP("tokenizer_cases.json has no case for the empty prompt");
        const auto clipSkip =
            goldenCases().value("text_encoder").toObject().value("clip_skip").toInteger(-1);
        QVERIFY(clipSkip >= 0);
        at::NoGradGuard noGrad;
        KINORA_COMPARE_TENSORS(encoder->encodePrompt(ids, clipSkip),
                               tensorNamed(golden, "pipeline.empty_negative_prompt_embeds"),
                               "pipeline.empty_negative_prompt_embeds", tolerance::kComponent);
    }

    // Rows of a batch are independent (the pipeline may encode both prompts at once).
    void batchRowsMatchSingles() {
        const auto ids = at::cat({tensorNamed(golden, "negative.input_ids"),
                                  tensorNamed(golden, "prompt.input_ids")});  // [2, L]
        at::NoGradGuard noGrad;
        const auto output = encoder->forward(ids).lastHiddenState;  // [2, L, C]
        KINORA_COMPARE_TENSORS(output.narrow(0, 0, 1),
                               tensorNamed(golden, "negative.last_hidden_state"),
                               "batch row 0 (negative)", tolerance::kComponent);
        KINORA_COMPARE_TENSORS(output.narrow(0, 1, 1),
                               tensorNamed(golden, "prompt.last_hidden_state"),
                               "batch row 1 (prompt)", tolerance::kComponent);
    }

    void rejectsBadArguments() {
        const auto& ids = tensorNamed(golden, "prompt.input_ids");
        const auto layers = encoder->config().numHiddenLayers;
        at::NoGradGuard noGrad;
        QVERIFY_THROWS_EXCEPTION(std::exception, encoder->encodePrompt(ids, layers + 1));
        QVERIFY_THROWS_EXCEPTION(std::exception, encoder->encodePrompt(ids, -1));
        const auto& config = encoder->config();
        const auto tooLong =
            at::full({1, config.maxPositionEmbeddings + 1}, config.eosTokenId, at::kLong);
        QVERIFY_THROWS_EXCEPTION(std::exception, encoder->forward(tooLong));
    }
};

QTEST_GUILESS_MAIN(TestCLIPTextEncoder)
#include "tst_cliptextencoder.moc"
