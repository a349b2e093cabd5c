// Config values a component's config.json may hold that its field cannot: found by fuzz_config
// (1e300 for an integer field is undefined behaviour in a plain conversion). Each is refused with
// the key named; integral floats (2.0) are still read as the integer they are.
#include <QTest>

#include <nlohmann/json.hpp>

#include "model/clip/CLIPTextEncoder.h"
#include "model/runtime/Json.h"
#include "model/unet/I2VGenXLUNet.h"

using namespace kinora::model;

class TestConfigReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusesValuesTheFieldCannotHold_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("key");
        QTest::newRow("1e300 for an integer")
            << QByteArray(R"({"in_channels": 1e300})") << "in_channels";
        QTest::newRow("-1e300 for an integer")
            << QByteArray(R"({"layers_per_block": -1e300})") << "layers_per_block";
        QTest::newRow("a fraction for an integer")
            << QByteArray(R"({"norm_num_groups": 2.5})") << "norm_num_groups";
        QTest::newRow("2^64-1 for an int64")
            << QByteArray(R"({"in_channels": 18446744073709551615})") << "in_channels";
        QTest::newRow("1e300 inside a list")
            << QByteArray(R"({"block_out_channels": [32, 1e300]})") << "block_out_channels";
        QTest::newRow("a number for a string list")
            << QByteArray(R"({"down_block_types": [1, 2]})") << "down_block_types";
    }

    void refusesValuesTheFieldCannotHold() {
        QFETCH(QByteArray, json);
        QFETCH(QString, key);
        const auto config =
            I2VGenXLUNetConfig::fromJson(nlohmann::json::parse(json.toStdString()), "config.json");
        QVERIFY(!config);
        const QString message = QString::fromStdString(config.error().message);
        QVERIFY2(message.contains(key) && message.contains("config.json"), qPrintable(message));
        QVERIFY(!config.error().remedy.empty());
    }

    void readsIntegralFloatsAsIntegers() {
        const auto config = CLIPTextConfig::fromJson(
            nlohmann::json::parse(R"({"hidden_size": 64.0, "num_attention_heads": 4,
                                      "intermediate_size": 37.0, "layer_norm_eps": 1})"),
            "config.json");
        QVERIFY2(config, config ? "" : config.error().message.c_str());
        QCOMPARE(config->hiddenSize, std::int64_t(64));
        QCOMPARE(config->intermediateSize, std::int64_t(37));
        QCOMPARE(config->layerNormEps, 1.0);
    }

    void readsTheLimitsOfEachType() {
        const auto json = nlohmann::json::parse(
            R"({"small": 2147483647, "too_big": 2147483648, "negative": -2147483648})");
        int small = 0, tooBig = 0, negative = 0;
        ConfigReader reader(json, "limits.json");
        reader.read("small", small);
        reader.read("negative", negative);
        QVERIFY(reader.finish());
        QCOMPARE(small, 2147483647);
        QCOMPARE(negative, -2147483647 - 1);
        reader.read("too_big", tooBig);
        QVERIFY(!reader.finish());
        QCOMPARE(tooBig, 0);
    }
};

QTEST_GUILESS_MAIN(TestConfigReader)
#include "tst_configreader.moc"
