// Loading both CLIP encoders: damaged weights and configs fail with errors that name the problem,
// and the real model's configs build exactly the layout of its published checkpoints.

// Torch headers come before Qt's: Qt's `slots` keyword macro breaks torch/csrc/jit headers.
#include <ATen/ATen.h>

#include "model/clip/CLIPTextEncoder.h"
#include "model/clip/CLIPVisionEncoder.h"
#include "model/weights/TensorIO.h"
#include "model/weights/WeightLoading.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

#include "common/Fixture.h"

using namespace kinora::model;

Q_DECLARE_METATYPE(kinora::model::ErrorCode)

namespace {

// Loads the component folder `dir` as `component` ("text_encoder" or "image_encoder").
Expected<void> loadComponent(const QString& component, const std::filesystem::path& dir) {
    if (component == "text_encoder") {
        auto encoder =
            CLIPTextEncoder::load(dir, at::kFloat, at::kCPU, WeightVariant::PreferFullPrecision);
        if (!encoder)
            return tl::unexpected(encoder.error());
        return {};
    }
    auto encoder =
        CLIPVisionEncoder::load(dir, at::kFloat, at::kCPU, WeightVariant::PreferFullPrecision);
    if (!encoder)
        return tl::unexpected(encoder.error());
    return {};
}

// The component built from `configPath` with `options` (the meta device allocates nothing).
Expected<std::shared_ptr<torch::nn::Module>> buildComponent(const QString& component,
                                                            const std::filesystem::path& configPath,
                                                            const at::TensorOptions& options) {
    if (component == "text_encoder") {
        auto config = CLIPTextConfig::fromFile(configPath);
        if (!config)
            return tl::unexpected(config.error());
        return CLIPTextEncoder(*config, options).ptr();
    }
    auto config = CLIPVisionConfig::fromFile(configPath);
    if (!config)
        return tl::unexpected(config.error());
    return CLIPVisionEncoder(*config, options).ptr();
}

// A copy of the fixture's component folder, for damaging.
bool copyComponent(const QString& component, const QTemporaryDir& into) {
    return kinora::test::copyTree(kinora::test::fixtureDir() + "/" + component, into.path());
}

}  // namespace

class TestCLIPEncoderLoading : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void damagedWeights_data() {
        QTest::addColumn<QString>("component");
        QTest::addColumn<QString>("damage");  // removed | renamed | reshaped | added
        QTest::addColumn<QString>("key");     // the checkpoint key damaged
        QTest::addColumn<ErrorCode>("code");
        const struct {
            const char* component;
            const char* removed;
            const char* renamed;
            const char* reshaped;
        } components[] = {
            {"text_encoder", "text_model.final_layer_norm.weight",
             "text_model.encoder.layers.0.self_attn.q_proj.weight",
             "text_model.embeddings.position_embedding.weight"},
            {"image_encoder", "vision_model.embeddings.class_embedding",
             "vision_model.pre_layrnorm.weight", "vision_model.embeddings.patch_embedding.weight"},
        };
        for (const auto& c : components) {
            const QString name = c.component;
            QTest::addRow("%s: weight removed", c.component)
                << name << "removed" << c.removed << ErrorCode::MissingTensor;
            QTest::addRow("%s: weight renamed", c.component)
                << name << "renamed" << c.renamed << ErrorCode::MissingTensor;
            QTest::addRow("%s: weight reshaped", c.component)
                << name << "reshaped" << c.reshaped << ErrorCode::ShapeMismatch;
            QTest::addRow("%s: weight added", c.component)
                << name << "added" << QString(c.component) + ".extra.weight"
                << ErrorCode::UnexpectedTensor;
        }
    }

    void damagedWeights() {
        QFETCH(QString, component);
        QFETCH(QString, damage);
        QFETCH(QString, key);
        QFETCH(ErrorCode, code);
        QTemporaryDir dir;
        QVERIFY(copyComponent(component, dir));
        const std::filesystem::path folder = dir.path().toStdString();
        const auto weightsPath = folder / "model.safetensors";
        auto tensors = readTensorFile(weightsPath);
        QVERIFY2(tensors, tensors ? "" : tensors.error().describe().c_str());

        const auto name = key.toStdString();
        std::vector<std::string> expectedInMessage = {name};
        if (damage == "added") {
            (*tensors)[name] = tensors->begin()->second.clone();
        } else {
            const auto it = tensors->find(name);
            QVERIFY2(it != tensors->end(), qPrintable("the fixture has no weight " + key));
            const auto original = it->second;
            if (damage == "removed") {
                tensors->erase(it);
            } else if (damage == "renamed") {
                tensors->erase(it);
                (*tensors)[name + "_renamed"] = original;
            } else {
                const auto shrunk = original.narrow(0, 0, original.size(0) - 1).clone();
                it->second = shrunk;
                expectedInMessage.push_back(shapeToString(original.sizes().vec()));
                expectedInMessage.push_back(shapeToString(shrunk.sizes().vec()));
            }
        }
        std::vector<std::pair<std::string, at::Tensor>> list(tensors->begin(), tensors->end());
        auto written = writeTensorFile(weightsPath, list);
        QVERIFY2(written, written ? "" : written.error().describe().c_str());

        const auto loaded = loadComponent(component, folder);
        QVERIFY(!loaded);
        qInfo("%s", loaded.error().describe().c_str());
        QCOMPARE(loaded.error().code, code);
        for (const auto& text : expectedInMessage)
            QVERIFY2(loaded.error().message.find(text) != std::string::npos,
                     qPrintable(QString::fromStdString("\"" + text +
                                                       "\" not in: " + loaded.error().message)));
        QVERIFY(!loaded.error().remedy.empty());
    }

    void badConfigs_data() {
        QTest::addColumn<QString>("component");
        QTest::addColumn<QString>("patch");    // JSON object merged into the component's config
        QTest::addColumn<QString>("mention");  // what the message must name
        for (const char* component : {"text_encoder", "image_encoder"}) {
            QTest::addRow("%s: unknown activation", component)
                << component << R"({"hidden_act": "swiglu"})"
                << "swiglu";
            QTest::addRow("%s: size of the wrong type", component)
                << component << R"({"hidden_size": "wide"})"
                << "hidden_size";
            QTest::addRow("%s: heads do not divide the width", component)
                << component << R"({"hidden_size": 30, "num_attention_heads": 4})"
                << "num_attention_heads";
            QTest::addRow("%s: no layers", component) << component << R"({"num_hidden_layers": 0})"
                                                      << "num_hidden_layers";
        }
    }

    void badConfigs() {
        QFETCH(QString, component);
        QFETCH(QString, patch);
        QFETCH(QString, mention);
        QTemporaryDir dir;
        QVERIFY(copyComponent(component, dir));
        const QString configPath = dir.path() + "/config.json";
        QFile file(configPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto config = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        const auto replacements = QJsonDocument::fromJson(patch.toUtf8()).object();
        QVERIFY(!replacements.isEmpty());
        for (auto it = replacements.begin(); it != replacements.end(); ++it)
            config.insert(it.key(), it.value());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(config).toJson());
        file.close();

        const auto loaded = loadComponent(component, dir.path().toStdString());
        QVERIFY(!loaded);
        qInfo("%s", loaded.error().describe().c_str());
        QCOMPARE(loaded.error().code, ErrorCode::InvalidConfig);
        QVERIFY(loaded.error().message.find(mention.toStdString()) != std::string::npos);
        QVERIFY(loaded.error().message.find("config.json") != std::string::npos);
    }

    // A config without the optional keys takes transformers' defaults.
    void emptyConfigTakesReferenceDefaults() {
        QTemporaryDir dir;
        QFile file(dir.path() + "/config.json");
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{}");
        file.close();
        const std::filesystem::path path = (dir.path() + "/config.json").toStdString();
        const auto text = CLIPTextConfig::fromFile(path);
        QVERIFY(text);
        QCOMPARE(text->hiddenSize, std::int64_t(512));
        QCOMPARE(text->numHiddenLayers, std::int64_t(12));
        QCOMPARE(text->hiddenAct, std::string("quick_gelu"));
        QCOMPARE(text->eosTokenId, std::int64_t(49407));
        const auto vision = CLIPVisionConfig::fromFile(path);
        QVERIFY(vision);
        QCOMPARE(vision->hiddenSize, std::int64_t(768));
        QCOMPARE(vision->patchSize, std::int64_t(32));
        QCOMPARE(vision->hiddenAct, std::string("quick_gelu"));
    }

    void manifestLayout_data() {
        QTest::addColumn<QString>("component");
        QTest::newRow("text_encoder") << "text_encoder";
        QTest::newRow("image_encoder") << "image_encoder";
    }

    // The real model's configs, built on the meta device, have exactly the keys and shapes of
    // its published checkpoints (and so the same parameter count).
    void manifestLayout() {
        QFETCH(QString, component);
        QFile manifestFile(QStringLiteral(KINORA_MANIFEST));
        QVERIFY2(manifestFile.open(QIODevice::ReadOnly), KINORA_MANIFEST);
        const auto manifest = QJsonDocument::fromJson(manifestFile.readAll())
                                  .object()
                                  .value("components")
                                  .toObject()
                                  .value(component)
                                  .toObject();
        QVERIFY2(!manifest.isEmpty(), qPrintable("the manifest has no component " + component));

        const std::filesystem::path configPath =
            (QStringLiteral(KINORA_CONFIGS_DIR) + "/" + component + "/config.json").toStdString();
        auto module = buildComponent(component, configPath, at::TensorOptions().device(at::kMeta));
        QVERIFY2(module, module ? "" : module.error().describe().c_str());

        std::vector<std::pair<std::string, std::vector<std::int64_t>>> expected;
        for (const auto& item : manifest.value("state_dict").toArray()) {
            const auto entry = item.toObject();
            std::vector<std::int64_t> shape;
            for (const auto& size : entry.value("shape").toArray())
                shape.push_back(size.toInteger());
            expected.emplace_back(entry.value("key").toString().toStdString(), shape);
        }
        std::sort(expected.begin(), expected.end());
        QVERIFY(!expected.empty());

        const auto layout = stateDictLayout(**module);
        QCOMPARE(layout.size(), expected.size());
        for (std::size_t i = 0; i < layout.size(); ++i) {
            QCOMPARE(layout[i].first, expected[i].first);
            QVERIFY2(layout[i].second == expected[i].second,
                     qPrintable(QString::fromStdString(layout[i].first + ": " +
                                                       shapeToString(layout[i].second) + " vs " +
                                                       shapeToString(expected[i].second))));
        }

        std::int64_t parameters = 0;
        for (const auto& parameter : (*module)->parameters())
            parameters += parameter.numel();
        QCOMPARE(parameters, manifest.value("num_params").toInteger());
    }
};

QTEST_GUILESS_MAIN(TestCLIPEncoderLoading)
#include "tst_clipencoderloading.moc"
