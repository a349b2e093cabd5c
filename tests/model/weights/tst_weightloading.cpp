// Strict weight loading and the shared attention kernel.
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include <ATen/ATen.h>
#include <torch/nn/modules/container/modulelist.h>

#include "model/layers/Attention.h"
#include "model/layers/AttentionKernel.h"
#include "model/layers/Layers.h"
#include "model/runtime/TensorComparison.h"
#include "model/weights/Checkpoint.h"
#include "model/weights/TensorIO.h"
#include "model/weights/WeightLoading.h"

using namespace kinora::model;

Q_DECLARE_METATYPE(kinora::model::ErrorCode)

namespace {

// A small module with the naming patterns of the real checkpoints (nested, indexed, a gap).
struct SampleBlockImpl : torch::nn::Module {
    explicit SampleBlockImpl(const torch::TensorOptions& options) {
        norm = register_module("norm", GroupNorm(2, 4, 1e-5, options));
        layers->push_back(Linear(4, 6, true, options));
        layers->push_back(PassThrough());
        layers->push_back(Linear(6, 4, false, options));
        register_module("layers", layers);
    }
    GroupNorm norm{nullptr};
    torch::nn::ModuleList layers;
};
TORCH_MODULE(SampleBlock);

std::vector<std::pair<std::string, at::Tensor>> sampleWeights() {
    at::manual_seed(3);
    return {{"norm.weight", at::randn({4})},
            {"norm.bias", at::randn({4})},
            {"layers.0.weight", at::randn({6, 4})},
            {"layers.0.bias", at::randn({6})},
            {"layers.2.weight", at::randn({4, 6})}};
}

}  // namespace

class TestWeightLoading : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadsAndConvertsStoredHalfPrecision() {
        QTemporaryDir dir;
        auto weights = sampleWeights();
        std::vector<std::pair<std::string, at::Tensor>> half;
        for (const auto& [name, tensor] : weights)
            half.emplace_back(name, tensor.to(at::kHalf));
        QVERIFY(writeTensorFile((dir.path() + "/model.safetensors").toStdString(), half));
        auto checkpoint =
            Checkpoint::open(dir.path().toStdString(), "model", WeightVariant::PreferFullPrecision);
        QVERIFY(checkpoint);
        SampleBlock block(torch::TensorOptions().dtype(at::kFloat));
        auto loaded = loadStrict(*block, *checkpoint, "sample");
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        const at::Tensor weight = block->named_parameters()["layers.0.weight"];
        QCOMPARE(weight.scalar_type(), at::kFloat);
        // Equal to the stored fp16 values, exactly, after conversion.
        QVERIFY(at::equal(weight, weights[2].second.to(at::kHalf).to(at::kFloat)));
    }

    void rejectsMismatchedCheckpoints_data() {
        QTest::addColumn<QString>("change");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("removed") << "remove" << ErrorCode::MissingTensor << "\"layers.0.bias\"";
        QTest::newRow("renamed") << "rename" << ErrorCode::MissingTensor << "\"layers.0.bias\"";
        QTest::newRow("extra") << "extra" << ErrorCode::UnexpectedTensor << "\"layers.3.weight\"";
        QTest::newRow("reshaped") << "reshape" << ErrorCode::ShapeMismatch << "[3, 2]";
        QTest::newRow("integer dtype") << "integer" << ErrorCode::ShapeMismatch << "I64";
    }

    void rejectsMismatchedCheckpoints() {
        QFETCH(QString, change);
        QFETCH(ErrorCode, code);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        auto weights = sampleWeights();
        if (change == "remove")
            weights.erase(weights.begin() + 3);
        if (change == "rename")
            weights[3].first = "layers.0.offset";
        if (change == "extra")
            weights.emplace_back("layers.3.weight", at::zeros({2}));
        if (change == "reshape")
            weights[3].second = at::zeros({3, 2});
        if (change == "integer")
            weights[3].second = at::zeros({6}, at::kLong);
        QVERIFY(writeTensorFile((dir.path() + "/model.safetensors").toStdString(), weights));
        auto checkpoint =
            Checkpoint::open(dir.path().toStdString(), "model", WeightVariant::PreferFullPrecision);
        QVERIFY(checkpoint);
        SampleBlock block(torch::TensorOptions().dtype(at::kFloat));
        auto loaded = loadStrict(*block, *checkpoint, "sample");
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, code);
        const QString message = QString::fromStdString(loaded.error().message);
        QVERIFY2(message.contains(mentions), qPrintable(message));
        QVERIFY2(message.contains("model.safetensors"), qPrintable(message));
    }

    void metaDeviceBuildsWithoutMemory() {
        // 4 x 10^12 parameters would not fit anywhere: on the meta device only the layout exists.
        Linear huge(2000000, 2000000, true, torch::TensorOptions().device(at::kMeta));
        const auto layout = stateDictLayout(*huge);
        QCOMPARE(layout.size(), std::size_t(2));
        QCOMPARE(layout[1].first, std::string("weight"));
        QCOMPARE(layout[1].second, (std::vector<std::int64_t>{2000000, 2000000}));
    }

    void chunkedAttentionEqualsUnchunked_data() {
        QTest::addColumn<bool>("causal");
        QTest::addColumn<int>("chunk");
        for (bool causal : {false, true})
            for (int chunk : {1, 7, 64})
                QTest::addRow("%s chunk %d", causal ? "causal" : "full", chunk) << causal << chunk;
    }

    void chunkedAttentionEqualsUnchunked() {
        QFETCH(bool, causal);
        QFETCH(int, chunk);
        // 100 queries and keys: past the small-attention path, so both runs take the BLAS form.
        at::manual_seed(11);
        const auto q = at::randn({2, 3, 100, 8});
        const auto k = at::randn({2, 3, 100, 8});
        const auto v = at::randn({2, 3, 100, 8});
        AttentionOptions options;
        options.scale = 0.35;
        options.causal = causal;
        const auto whole = scaledDotProductAttention(q, k, v, options);
        options.queryChunk = chunk;
        const auto chunked = scaledDotProductAttention(q, k, v, options);
        const auto comparison = compareTensors("chunked", chunked, whole, tolerance::kReordered);
        QVERIFY2(comparison.pass, comparison.describe().c_str());

        // Against the definition, in double precision.
        const auto qd = q.to(at::kDouble), kd = k.to(at::kDouble), vd = v.to(at::kDouble);
        auto scores = at::matmul(qd, kd.transpose(-1, -2)) * 0.35;
        if (causal)
            scores = scores.masked_fill(at::ones({100, 100}, at::kBool).triu(1), -INFINITY);
        const auto reference = at::matmul(scores.softmax(-1), vd);
        const auto exact = compareTensors("definition", whole, reference, tolerance::kComponent);
        QVERIFY2(exact.pass, exact.describe().c_str());
    }

    void smallAttentionMatchesDefinition_data() {
        QTest::addColumn<int>("queries");
        QTest::addColumn<int>("keys");
        QTest::addColumn<int>("depth");
        // Frames-long sequences (the temporal layers), depths that are and are not a multiple of
        // the 16 summing lanes, the largest sizes the row loop takes and one past them.
        QTest::newRow("one frame") << 1 << 1 << 64;
        QTest::newRow("16 frames, depth 64") << 16 << 16 << 64;
        QTest::newRow("5 frames, depth 40") << 5 << 5 << 40;
        QTest::newRow("queries != keys, depth 7") << 3 << 9 << 7;
        QTest::newRow("64 x 64") << 64 << 64 << 32;
        QTest::newRow("65 keys: BLAS form") << 8 << 65 << 16;
    }

    void smallAttentionMatchesDefinition() {
        QFETCH(int, queries);
        QFETCH(int, keys);
        QFETCH(int, depth);
        at::manual_seed(queries * 1000 + keys * 10 + depth);
        // A transposed view, as the attention layers pass their per-head tensors.
        const auto q = at::randn({2, queries, 3, depth}).transpose(1, 2);  // [2, 3, Lq, D]
        const auto k = at::randn({2, 3, keys, depth});
        const auto v = at::randn({2, 3, keys, depth}) * 4;
        AttentionOptions options;
        options.scale = 1.0 / std::sqrt(double(depth));
        const auto out = scaledDotProductAttention(q, k, v, options);
        QCOMPARE(out.sizes(), (at::IntArrayRef{2, 3, queries, depth}));
        const auto qd = q.to(at::kDouble), kd = k.to(at::kDouble), vd = v.to(at::kDouble);
        const auto scores = at::matmul(qd, kd.transpose(-1, -2)) * options.scale;
        const auto reference = at::matmul(scores.softmax(-1), vd);
        const auto comparison = compareTensors("small", out, reference, tolerance::kComponent);
        QVERIFY2(comparison.pass, comparison.describe().c_str());
    }

    void linearMatchesDefinition_data() {
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("outputs");
        QTest::addColumn<bool>("withBias");
        QTest::addColumn<bool>("transposedInput");
        // Below 64 tokens and for a non-contiguous input Linear runs as at::linear; from 64 tokens
        // as a 1x1 convolution, outputs wider than 2048 in slices (the last one narrower).
        QTest::newRow("8 tokens: BLAS form") << 8 << 96 << true << false;
        QTest::newRow("transposed input: BLAS form") << 80 << 96 << true << true;
        QTest::newRow("64 tokens as a convolution") << 64 << 96 << true << false;
        QTest::newRow("2048 outputs, one slice") << 70 << 2048 << true << false;
        QTest::newRow("4100 outputs, three slices") << 70 << 4100 << true << false;
        QTest::newRow("slices without bias") << 65 << 2049 << false << false;
    }

    void linearMatchesDefinition() {
        QFETCH(int, tokens);
        QFETCH(int, outputs);
        QFETCH(bool, withBias);
        QFETCH(bool, transposedInput);
        const std::int64_t inputs = 24;
        Linear linear(inputs, outputs, withBias, torch::TensorOptions());
        at::manual_seed(tokens * 10000 + outputs);
        for (auto& parameter : linear->parameters())
            parameter.data().copy_(at::randn(parameter.sizes()));
        // [2, tokens / 2 rounded up, 24]: the leading dimensions are kept
        const auto x = transposedInput ? at::randn({2, inputs, (tokens + 1) / 2}).transpose(1, 2)
                                       : at::randn({2, (tokens + 1) / 2, inputs});
        QCOMPARE(x.is_contiguous(), !transposedInput);
        const auto out = linear(x);
        QCOMPARE(out.sizes(), (at::IntArrayRef{2, (tokens + 1) / 2, outputs}));
        const auto bias = withBias ? linear->bias.to(at::kDouble) : at::Tensor();
        const auto reference = at::linear(x.to(at::kDouble), linear->weight.to(at::kDouble), bias);
        const auto comparison = compareTensors("linear", out, reference, tolerance::kComponent);
        QVERIFY2(comparison.pass, comparison.describe().c_str());
    }

    // Chunking changes only the order of the sums, so the bound is kReordered's: on values of
    // this size (around 36) another CPU's kernels differ by a few 1e-5 (an AMD EPYC: 3.4e-5).
    void attentionModuleChunkingMatchesWhole() {
        AttentionConfig config;
        config.queryDim = 16;
        config.heads = 2;
        config.dimHead = 8;
        config.normGroups = 4;
        config.qkvBias = true;
        config.residualConnection = true;
        Attention attention(config, torch::TensorOptions());
        at::manual_seed(5);
        for (auto& parameter : attention->parameters())
            parameter.data().copy_(at::randn(parameter.sizes()));
        const auto x = at::randn({1, 16, 6, 5});  // [B, C, H, W]
        const auto whole = attention(x);
        attention->setQueryChunk(4);
        const auto chunked = attention(x);
        QCOMPARE(whole.sizes(), x.sizes());
        const auto comparison = compareTensors("module", chunked, whole, tolerance::kReordered);
        QVERIFY2(comparison.pass, comparison.describe().c_str());
    }
};

QTEST_GUILESS_MAIN(TestWeightLoading)
#include "tst_weightloading.moc"
