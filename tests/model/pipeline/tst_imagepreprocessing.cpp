// Reference-image preprocessing against the PIL goldens: BOX/BILINEAR resizes and padded crops
// bit-exact, CLIP and VAE pixel values within the component bound.
// ATen's full headers come before Qt's: they use `slots` as a name, which Qt defines as a macro.
#include <ATen/ATen.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>

#include "common/Fixture.h"
#include "model/pipeline/ImagePreprocessing.h"
#include "model/runtime/Json.h"
#include "model/runtime/TensorComparison.h"
#include "model/weights/SafetensorsFile.h"

using namespace kinora::model;

Q_DECLARE_METATYPE(kinora::model::ErrorCode)

namespace {

std::string goldenPath(const char* name) {
    return (kinora::test::goldenDir() + QLatin1Char('/') + QLatin1String(name)).toStdString();
}

nlohmann::json goldenCases() {
    auto cases = readJsonFile(goldenPath("cases.json"));
    if (!cases)
        qFatal("%s", cases.error().describe().c_str());
    return *cases;
}

SafetensorsFile openGolden(const char* name) {
    auto file = SafetensorsFile::open(goldenPath(name));
    if (!file)
        qFatal("%s", file.error().describe().c_str());
    return std::move(*file);
}

// A golden U8 [H, W, 3] tensor as an image; width 0 when it is missing or shaped otherwise.
RgbImage goldenImage(const SafetensorsFile& file, const std::string& name) {
    const TensorInfo* tensor = file.find(name);
    if (!tensor || tensor->dtype != DType::U8 || tensor->shape.size() != 3 ||
        tensor->shape[2] != 3) {
        qWarning("%s: no U8 [H, W, 3] tensor %s", file.path().c_str(), name.c_str());
        return {};
    }
    RgbImage image{int(tensor->shape[1]), int(tensor->shape[0]),
                   std::vector<std::uint8_t>(tensor->byteSize())};
    std::memcpy(image.pixels.data(), file.data(*tensor), tensor->byteSize());
    return image;
}

std::vector<float> goldenFloats(const SafetensorsFile& file, const std::string& name,
                                std::vector<std::int64_t>& shape) {
    const TensorInfo* tensor = file.find(name);
    if (!tensor || tensor->dtype != DType::F32)
        return {};
    shape = tensor->shape;
    std::vector<float> values(tensor->numel());
    std::memcpy(values.data(), file.data(*tensor), tensor->byteSize());
    return values;
}

// Pixel-exact comparison; names the first differing pixel.
QString imageDifference(const RgbImage& actual, const RgbImage& expected) {
    if (actual.width != expected.width || actual.height != expected.height) {
        return QStringLiteral("size %1x%2, expected %3x%4")
            .arg(actual.width)
            .arg(actual.height)
            .arg(expected.width)
            .arg(expected.height);
    }
    const auto mismatch =
        std::mismatch(actual.pixels.begin(), actual.pixels.end(), expected.pixels.begin());
    if (mismatch.first == actual.pixels.end())
        return {};
    const auto index = std::size_t(mismatch.first - actual.pixels.begin());
    const auto differing = std::size_t(std::inner_product(
        actual.pixels.begin(), actual.pixels.end(), expected.pixels.begin(), std::size_t(0),
        std::plus<>(), [](std::uint8_t a, std::uint8_t b) { return a != b ? 1 : 0; }));
    return QStringLiteral("%1 differing bytes; first at x=%2 y=%3 channel %4: %5, expected %6")
        .arg(differing)
        .arg(index / 3 % actual.width)
        .arg(index / 3 / actual.width)
        .arg(index % 3)
        .arg(*mismatch.first)
        .arg(*mismatch.second);
}

// Compares under the component bound (tolerance::kComponent) and reports the errors.
void compareFloats(const std::vector<float>& actual, const std::vector<float>& expected,
                   const char* what) {
    QCOMPARE(actual.size(), expected.size());
    const auto asTensor = [](const std::vector<float>& values) {
        return at::from_blob(const_cast<float*>(values.data()),
                             {static_cast<std::int64_t>(values.size())}, at::kFloat);  // [N]
    };
    const auto comparison =
        compareTensors(what, asTensor(actual), asTensor(expected), tolerance::kComponent);
    qInfo("%s", comparison.describe().c_str());
    QVERIFY2(comparison.pass, comparison.describe().c_str());
}

RgbImage patternImage(int width, int height) {
    RgbImage image{width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 3)};
    for (std::size_t i = 0; i < image.pixels.size(); ++i)
        image.pixels[i] = std::uint8_t(1 + i % 250);
    return image;
}

}  // namespace

class TestImagePreprocessing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        image_ = openGolden("image.safetensors");
        input_ = goldenImage(*image_, "input_image_u8");
        QVERIFY(input_.width > 0);
        cases_ = goldenCases();
    }

    // Python's float `//`, checked against values Python 3 prints; `naiveDiffers` marks the rows
    // where floor(a / b) gives another answer, so a naive port fails them.
    void pythonFloorDivMatchesPython_data() {
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("b");
        QTest::addColumn<double>("expected");
        QTest::addColumn<bool>("naiveDiffers");
        QTest::newRow("320 // (320/96)") << 320.0 << 320.0 / 96 << 95.0 << true;
        QTest::newRow("240 // (320/96)") << 240.0 << 320.0 / 96 << 71.0 << true;
        QTest::newRow("316 // (316/80)") << 316.0 << 316.0 / 80 << 79.0 << true;
        QTest::newRow("1 // 0.1") << 1.0 << 0.1 << 9.0 << true;
        QTest::newRow("240 // 2.5") << 240.0 << 2.5 << 96.0 << false;
        QTest::newRow("-7 // 2") << -7.0 << 2.0 << -4.0 << false;
        QTest::newRow("7 // -2") << 7.0 << -2.0 << -4.0 << false;
        QTest::newRow("-7.5 // -2") << -7.5 << -2.0 << 3.0 << false;
        QTest::newRow("-1 // 0.1") << -1.0 << 0.1 << -10.0 << false;
        QTest::newRow("240 // 3.95") << 240.0 << 3.95 << 60.0 << false;
    }

    void pythonFloorDivMatchesPython() {
        QFETCH(double, a);
        QFETCH(double, b);
        QFETCH(double, expected);
        QFETCH(bool, naiveDiffers);
        QCOMPARE(pythonFloorDiv(a, b), expected);
        QCOMPARE(std::floor(a / b) != expected, naiveDiffers);
    }

    void pythonFloorDivKeepsTheSignOfZero() {
        QVERIFY(std::signbit(pythonFloorDiv(0.0, -3.0)));
        QVERIFY(!std::signbit(pythonFloorDiv(0.0, 3.0)));
        QVERIFY(!std::signbit(pythonFloorDiv(2.0, 3.0)));
        QCOMPARE(pythonFloorDiv(-2.0, 3.0), -1.0);
    }

    void goldenCropCasesAreAllListed() {
        const auto file = openGolden("preprocess_cases.safetensors");
        std::set<std::string> goldenCases;
        for (const auto& tensor : file.tensors())
            goldenCases.insert(tensor.name.substr(0, tensor.name.find('.')));
        QVERIFY(!goldenCases.empty());
        QCOMPARE(goldenCases.size(), cases_.at("crop_cases").size());
    }

    void cropCasesMatchPil_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<QList<int>>("sourceBox");
        QTest::addColumn<int>("targetWidth");
        QTest::addColumn<int>("targetHeight");
        const auto& cropCases = cases_.at("crop_cases");
        QVERIFY(!cropCases.empty());
        for (std::size_t i = 0; i < cropCases.size(); ++i) {
            const auto box = cropCases[i].at("source_box").get<std::vector<int>>();
            const auto target = cropCases[i].at("target_wh").get<std::vector<int>>();
            QVERIFY(box.size() == 4 && target.size() == 2);
            QTest::addRow("case%zu (%d,%d,%d,%d) to %dx%d", i, box[0], box[1], box[2], box[3],
                          target[0], target[1])
                << int(i) << QList<int>(box.begin(), box.end()) << target[0] << target[1];
        }
    }

    void cropCasesMatchPil() {
        QFETCH(int, index);
        QFETCH(QList<int>, sourceBox);
        QFETCH(int, targetWidth);
        QFETCH(int, targetHeight);
        const auto golden = openGolden("preprocess_cases.safetensors");
        const std::string prefix = "case" + std::to_string(index) + ".";
        const RgbImage expectedResized = goldenImage(golden, prefix + "box_resized_u8");
        const RgbImage expectedOut = goldenImage(golden, prefix + "out_u8");
        QVERIFY(expectedResized.width > 0 && expectedOut.width > 0);

        const RgbImage source =
            cropWithPadding(input_, sourceBox[0], sourceBox[1], sourceBox[2], sourceBox[3]);
        QCOMPARE(source.width, sourceBox[2] - sourceBox[0]);
        QCOMPARE(source.height, sourceBox[3] - sourceBox[1]);

        const RgbImage resized = resizeBox(source, expectedResized.width, expectedResized.height);
        QVERIFY2(imageDifference(resized, expectedResized).isEmpty(),
                 qPrintable("BOX resize: " + imageDifference(resized, expectedResized)));

        const CenterCropWide result = centerCropWide(source, targetWidth, targetHeight);
        QCOMPARE(result.geometry.resizedWidth, expectedResized.width);
        QCOMPARE(result.geometry.resizedHeight, expectedResized.height);
        QCOMPARE(result.geometry.cropBox.width(), targetWidth);
        QCOMPARE(result.geometry.cropBox.height(), targetHeight);
        QVERIFY2(imageDifference(result.image, expectedOut).isEmpty(),
                 qPrintable("centre crop: " + imageDifference(result.image, expectedOut)));
    }

    void clipPreprocessingMatchesGolden() {
        const int width = cases_.at("pipeline").at("width").get<int>();
        auto config = readClipImageConfig(
            (kinora::test::fixtureDir() + "/feature_extractor/preprocessor_config.json")
                .toStdString());
        QVERIFY2(config, config ? "" : config.error().describe().c_str());

        const RgbImage expectedCrop = goldenImage(*image_, "clip.center_crop_u8");
        const RgbImage crop = centerCropWide(input_, width, width).image;
        QVERIFY2(imageDifference(crop, expectedCrop).isEmpty(),
                 qPrintable("centre crop: " + imageDifference(crop, expectedCrop)));

        const RgbImage expectedResized = goldenImage(*image_, "clip.resized_u8");
        const RgbImage resized = resizeBilinear(crop, config->cropWidth, config->cropHeight);
        QVERIFY2(imageDifference(resized, expectedResized).isEmpty(),
                 qPrintable("BILINEAR resize: " + imageDifference(resized, expectedResized)));

        std::vector<std::int64_t> shape;
        const auto expected = goldenFloats(*image_, "clip.pixel_values", shape);
        QCOMPARE(shape, (std::vector<std::int64_t>{1, 3, config->cropHeight, config->cropWidth}));
        compareFloats(clipPixelValues(input_, width, *config), expected, "clip.pixel_values");
    }

    void vaePreprocessingMatchesGolden() {
        const int width = cases_.at("pipeline").at("width").get<int>();
        const int height = cases_.at("pipeline").at("height").get<int>();
        const RgbImage expectedCrop = goldenImage(*image_, "vae.center_crop_u8");
        const RgbImage crop = centerCropWide(input_, width, height).image;
        QVERIFY2(imageDifference(crop, expectedCrop).isEmpty(),
                 qPrintable("centre crop: " + imageDifference(crop, expectedCrop)));

        std::vector<std::int64_t> shape;
        const auto expected = goldenFloats(*image_, "vae.pixel_values", shape);
        QCOMPARE(shape, (std::vector<std::int64_t>{1, 3, height, width}));
        compareFloats(vaePixelValues(input_, width, height), expected, "vae.pixel_values");
    }

    void cropPadsOutsideWithBlack_data() {
        QTest::addColumn<QList<int>>("box");
        QTest::newRow("inside") << QList<int>{1, 1, 4, 3};
        QTest::newRow("one column left") << QList<int>{-1, 0, 4, 3};
        QTest::newRow("around") << QList<int>{-2, -3, 7, 6};
        QTest::newRow("right and below") << QList<int>{3, 2, 8, 9};
        QTest::newRow("outside") << QList<int>{10, 10, 12, 13};
        QTest::newRow("empty") << QList<int>{2, 2, 2, 2};
    }

    void cropPadsOutsideWithBlack() {
        QFETCH(QList<int>, box);
        const RgbImage source = patternImage(5, 4);
        const RgbImage crop = cropWithPadding(source, box[0], box[1], box[2], box[3]);
        QCOMPARE(crop.width, box[2] - box[0]);
        QCOMPARE(crop.height, box[3] - box[1]);
        QCOMPARE(crop.pixels.size(), std::size_t(crop.width) * crop.height * 3);
        for (int y = 0; y < crop.height; ++y) {
            for (int x = 0; x < crop.width; ++x) {
                const int sx = x + box[0];
                const int sy = y + box[1];
                const bool inside = sx >= 0 && sy >= 0 && sx < source.width && sy < source.height;
                for (int c = 0; c < 3; ++c) {
                    const int expected =
                        inside ? source.pixels[(std::size_t(sy) * source.width + sx) * 3 + c] : 0;
                    QCOMPARE(int(crop.pixels[(std::size_t(y) * crop.width + x) * 3 + c]), expected);
                }
            }
        }
    }

    void invalidArgumentsThrow() {
        const RgbImage source = patternImage(5, 4);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, cropWithPadding(source, 3, 0, 2, 4));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resizeBox(source, 0, 4));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resizeBilinear(source, 5, -1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, centerCropWide(source, 0, 4));
        RgbImage broken = source;
        broken.pixels.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resizeBox(broken, 2, 2));
    }

    // PIL normalises each output sample's weights, so a flat colour survives any resize; this also
    // covers antialiased BILINEAR downscaling, which the goldens do not exercise.
    void resizeKeepsFlatColour_data() {
        QTest::addColumn<bool>("bilinear");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        for (bool bilinear : {false, true}) {
            const char* name = bilinear ? "bilinear" : "box";
            QTest::addRow("%s down 3x", name) << bilinear << 11 << 8;
            QTest::addRow("%s down odd", name) << bilinear << 7 << 19;
            QTest::addRow("%s up", name) << bilinear << 97 << 71;
            QTest::addRow("%s width only", name) << bilinear << 13 << 24;
        }
    }

    void resizeKeepsFlatColour() {
        QFETCH(bool, bilinear);
        QFETCH(int, width);
        QFETCH(int, height);
        RgbImage flat{33, 24, {}};
        for (int i = 0; i < flat.width * flat.height; ++i)
            flat.pixels.insert(flat.pixels.end(), {255, 1, 128});
        const RgbImage resized =
            bilinear ? resizeBilinear(flat, width, height) : resizeBox(flat, width, height);
        QCOMPARE(resized.width, width);
        QCOMPARE(resized.height, height);
        for (std::size_t i = 0; i < resized.pixels.size(); ++i)
            QCOMPARE(resized.pixels[i], flat.pixels[i % 3]);
    }

    void clipConfigReadsTheFixture() {
        const std::string path =
            (kinora::test::fixtureDir() + "/feature_extractor/preprocessor_config.json")
                .toStdString();
        auto config = readClipImageConfig(path);
        QVERIFY2(config, config ? "" : config.error().describe().c_str());
        const auto json = readJsonFile(path);
        QVERIFY(json);
        QCOMPARE(config->cropWidth, json->at("crop_size").at("width").get<int>());
        QCOMPARE(config->cropHeight, json->at("crop_size").at("height").get<int>());
        for (int c = 0; c < 3; ++c) {
            QCOMPARE(config->imageMean[c], json->at("image_mean")[c].get<double>());
            QCOMPARE(config->imageStd[c], json->at("image_std")[c].get<double>());
        }
        QCOMPARE(config->doNormalize, json->at("do_normalize").get<bool>());
        QCOMPARE(config->resample, json->at("resample").get<int>());
    }

    void clipConfigForms_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("cropWidth");
        QTest::addColumn<int>("cropHeight");
        QTest::addColumn<int>("shortestEdge");
        // Reference defaults (transformers' CLIPImageProcessor) when the keys are absent.
        QTest::newRow("empty object") << QByteArray("{}") << 224 << 224 << 224;
        QTest::newRow("int sizes")
            << QByteArray(R"({"crop_size": 256, "size": 300})") << 256 << 256 << 300;
        QTest::newRow("dict sizes")
            << QByteArray(
                   R"({"crop_size": {"width": 320, "height": 192}, "size": {"shortest_edge": 192}})")
            << 320 << 192 << 192;
    }

    void clipConfigForms() {
        QFETCH(QByteArray, content);
        QFETCH(int, cropWidth);
        QFETCH(int, cropHeight);
        QFETCH(int, shortestEdge);
        auto config = readClipImageConfig(writeConfig(content));
        QVERIFY2(config, config ? "" : config.error().describe().c_str());
        QCOMPARE(config->cropWidth, cropWidth);
        QCOMPARE(config->cropHeight, cropHeight);
        QCOMPARE(config->shortestEdge, shortestEdge);
        QCOMPARE(config->doNormalize, true);
    }

    void clipConfigErrorsNameTheFile_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("key");
        QTest::newRow("crop size text") << QByteArray(R"({"crop_size": "big"})") << "crop_size";
        QTest::newRow("crop size zero")
            << QByteArray(R"({"crop_size": {"width": 0, "height": 224}})") << "crop_size";
        QTest::newRow("crop size without height")
            << QByteArray(R"({"crop_size": {"width": 224}})") << "crop_size";
        QTest::newRow("two means") << QByteArray(R"({"image_mean": [0.5, 0.5]})") << "image_mean";
        QTest::newRow("zero std") << QByteArray(R"({"image_std": [0.2, 0, 0.3]})") << "image_std";
        QTest::newRow("flag as text") << QByteArray(R"({"do_normalize": "yes"})") << "do_normalize";
        QTest::newRow("not an object") << QByteArray("[1, 2]") << "";
    }

    void clipConfigErrorsNameTheFile() {
        QFETCH(QByteArray, content);
        QFETCH(QString, key);
        const std::string path = writeConfig(content);
        auto config = readClipImageConfig(path);
        QVERIFY(!config);
        QCOMPARE(config.error().code, ErrorCode::InvalidConfig);
        QVERIFY2(config.error().message.find(path) != std::string::npos,
                 config.error().message.c_str());
        QVERIFY2(config.error().message.find(key.toStdString()) != std::string::npos,
                 config.error().message.c_str());
        QVERIFY(!config.error().remedy.empty());
    }

    void clipConfigMissingFile() {
        auto config = readClipImageConfig(dir_.filePath("absent.json").toStdString());
        QVERIFY(!config);
        QCOMPARE(config.error().code, ErrorCode::FileNotFound);
    }

private:
    std::string writeConfig(const QByteArray& content) {
        const QString path = dir_.filePath(QStringLiteral("preprocessor_config.json"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) < 0)
            qFatal("cannot write %s", qPrintable(path));
        return path.toStdString();
    }

    QTemporaryDir dir_;
    std::optional<SafetensorsFile> image_;
    RgbImage input_;
    nlohmann::json cases_;
};

QTEST_GUILESS_MAIN(TestImagePreprocessing)
#include "tst_imagepreprocessing.moc"
