// Optional preprocessing: off by default; contrast, sharpness and the Lanczos resize follow
// Pillow (the expected pixels below were computed with Pillow 9.4's ImageEnhance and
// Image.resize(..., LANCZOS) on the same tiny images); exposure correction fixes what the image
// checks flag and leaves good photographs alone; crop and resize give the working size.
#include <QTest>

#include <algorithm>
#include <array>
#include <vector>

#include "common/Fixture.h"
#include "media/ImageChecks.h"
#include "media/ImagePreprocess.h"

using namespace kinora::media;

Q_DECLARE_METATYPE(kinora::media::PreprocessOptions)

namespace {

// An RGB888 image from rows of {r, g, b} pixels.
QImage imageFrom(const std::vector<std::vector<std::array<int, 3>>>& rows) {
    QImage image(int(rows.front().size()), int(rows.size()), QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            for (int c = 0; c < 3; ++c)
                image.scanLine(y)[x * 3 + c] = uchar(rows[y][x][c]);
    return image;
}

std::array<int, 3> pixel(const QImage& image, int x, int y) {
    const uchar* p = image.constScanLine(y) + x * 3;
    return {p[0], p[1], p[2]};
}

QImage samplePhoto() {
    return QImage(QStringLiteral(KINORA_SOURCE_DIR "/resources/samples/sample.jpg"))
        .convertToFormat(QImage::Format_RGB888);
}

QImage darkened(const QImage& source) {
    QImage image = source.convertToFormat(QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int i = 0; i < image.width() * 3; ++i)
            image.scanLine(y)[i] = uchar(image.scanLine(y)[i] * 0.3);
    return image;
}

bool hasRule(const QList<ImageFinding>& findings, const char* rule) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const ImageFinding& f) { return f.rule == QLatin1String(rule); });
}

}  // namespace

class TestImagePreprocess : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void offByDefault() {
        const PreprocessOptions options;
        QVERIFY(!options.any());
        QVERIFY(options.toJson().isEmpty());
        const QImage sample = samplePhoto();
        const auto result = preprocessImage(sample, options);
        QVERIFY(result.ok());
        QVERIFY(result.applied.isEmpty());
        QCOMPARE(result.image, sample);
    }

    // Pillow blends with the mean grey (rounded L mean) and truncates: 100 + 1.2f * -50 is
    // 39.99999 and becomes 39.
    void contrastFollowsPillow() {
        const QImage grey = imageFrom({{{50, 50, 50}, {150, 150, 150}}});
        const QImage out = enhanceContrast(grey, 1.2);
        QCOMPARE(pixel(out, 0, 0), (std::array<int, 3>{39, 39, 39}));
        QCOMPARE(pixel(out, 1, 0), (std::array<int, 3>{160, 160, 160}));
        const QImage colour =
            imageFrom({{{10, 77, 90}, {200, 77, 100}, {30, 77, 110}, {40, 77, 0}},
                       {{50, 77, 50}, {60, 77, 60}, {250, 77, 250}, {80, 77, 80}},
                       {{90, 77, 10}, {100, 77, 200}, {110, 77, 30}, {0, 77, 40}}});
        const QImage expected =
            imageFrom({{{0, 76, 92}, {224, 76, 104}, {19, 76, 116}, {32, 76, 0}},
                       {{44, 76, 44}, {56, 76, 56}, {255, 76, 255}, {80, 76, 80}},
                       {{92, 76, 0}, {104, 76, 224}, {116, 76, 19}, {0, 76, 32}}});
        QCOMPARE(enhanceContrast(colour, 1.2), expected);
        QCOMPARE(enhanceContrast(colour, 1.0), colour);
    }

    // ImageFilter.SMOOTH keeps the border, so only inner pixels sharpen.
    void sharpnessFollowsPillow() {
        const QImage dot = imageFrom({{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
                                      {{0, 0, 0}, {130, 130, 130}, {0, 0, 0}},
                                      {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}});
        const QImage out = enhanceSharpness(dot, 1.1);
        QCOMPARE(pixel(out, 1, 1), (std::array<int, 3>{138, 138, 138}));
        QCOMPARE(pixel(out, 0, 0), (std::array<int, 3>{0, 0, 0}));
        const QImage colour =
            imageFrom({{{10, 77, 90}, {200, 77, 100}, {30, 77, 110}, {40, 77, 0}},
                       {{50, 77, 50}, {60, 77, 60}, {250, 77, 250}, {80, 77, 80}},
                       {{90, 77, 10}, {100, 77, 200}, {110, 77, 30}, {0, 77, 40}}});
        const QImage expected =
            imageFrom({{{10, 77, 90}, {200, 77, 100}, {30, 77, 110}, {40, 77, 0}},
                       {{50, 77, 50}, {57, 77, 57}, {255, 77, 255}, {80, 77, 80}},
                       {{90, 77, 10}, {100, 77, 200}, {110, 77, 30}, {0, 77, 40}}});
        QCOMPARE(enhanceSharpness(colour, 1.1), expected);
    }

    void lanczosFollowsPillow() {
        const QImage stripes = imageFrom({{{0, 0, 0},
                                           {255, 255, 255},
                                           {0, 0, 0},
                                           {255, 255, 255},
                                           {0, 0, 0},
                                           {255, 255, 255},
                                           {0, 0, 0},
                                           {255, 255, 255}}});
        const QImage out = resizeLanczos(stripes, QSize(3, 1));
        QCOMPARE(out.size(), QSize(3, 1));
        QCOMPARE(pixel(out, 0, 0), (std::array<int, 3>{112, 112, 112}));
        QCOMPARE(pixel(out, 1, 0), (std::array<int, 3>{127, 127, 127}));
        QCOMPARE(pixel(out, 2, 0), (std::array<int, 3>{143, 143, 143}));
        // A uniform image stays uniform at any size: the weights are normalised.
        QImage flat(37, 23, QImage::Format_RGB888);
        flat.fill(QColor(90, 140, 200));
        const QImage resized = resizeLanczos(flat, QSize(64, 11));
        for (int y = 0; y < resized.height(); ++y)
            for (int x = 0; x < resized.width(); ++x)
                QCOMPARE(pixel(resized, x, y), (std::array<int, 3>{90, 140, 200}));
    }

    void advisedStepsGiveTheWorkingSize() {
        const QSize working(896, 512);
        const auto options = PreprocessOptions::advised(working);
        QVERIFY(options.resize && options.enhanceContrast && options.enhanceSharpness);
        QVERIFY(!options.correctExposure && !options.crop);
        QCOMPARE(options.contrastFactor, 1.2);
        QCOMPARE(options.sharpnessFactor, 1.1);
        const auto result = preprocessImage(samplePhoto(), options);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.image.size(), working);
        QCOMPARE(result.applied.size(), 3);
        QVERIFY(result.applied.front().startsWith(QStringLiteral("Lanczos")));
        // The pipeline's centre crop then has nothing left to do.
        const auto geometry = centerCropWideGeometry(result.image.size(), working);
        QCOMPARE(geometry.keptFraction, 1.0);
        QCOMPARE(options.toJson().value("contrast").toDouble(), 1.2);
    }

    // The cover resize keeps the centre: a panorama's middle column survives the crop.
    void coverAndCropKeepsTheCentre() {
        QImage panorama(1800, 400, QImage::Format_RGB888);
        panorama.fill(Qt::black);
        for (int y = 0; y < 400; ++y)
            for (int x = 880; x < 920; ++x)
                std::fill_n(panorama.scanLine(y) + x * 3, 3, uchar(255));
        const QImage out = coverAndCrop(panorama, QSize(1280, 704));
        QCOMPARE(out.size(), QSize(1280, 704));
        QCOMPARE(pixel(out, 640, 352), (std::array<int, 3>{255, 255, 255}));
        QCOMPARE(pixel(out, 100, 352), (std::array<int, 3>{0, 0, 0}));
    }

    void exposureCorrectionFixesWhatTheCheckFlags() {
        const QImage dark = darkened(samplePhoto());
        const QSize target(576, 384);
        QVERIFY(hasRule(checkImage(dark, target), "underexposed"));
        double gamma = 1.0;
        const QImage corrected = correctExposure(dark, &gamma);
        QVERIFY2(gamma < 1.0, qPrintable(QString::number(gamma)));
        QVERIFY(!hasRule(checkImage(corrected, target), "underexposed"));
        const auto measured = measureImage(corrected);
        QVERIFY2(measured.lumaP50 > 90 && measured.lumaP50 < 140,
                 qPrintable(QString::number(measured.lumaP50)));
    }

    void goodExposureIsLeftAlone_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("sample") << QStringLiteral(KINORA_SOURCE_DIR
                                                  "/resources/samples/sample.jpg");
        QTest::newRow("fixture input") << kinora::test::goldenDir() + QStringLiteral("/input.png");
    }

    void goodExposureIsLeftAlone() {
        QFETCH(QString, path);
        const QImage photo = QImage(path).convertToFormat(QImage::Format_RGB888);
        QVERIFY(!photo.isNull());
        double gamma = 0.0;
        QCOMPARE(correctExposure(photo, &gamma), photo);
        QCOMPARE(gamma, 1.0);
        PreprocessOptions options;
        options.correctExposure = true;
        QVERIFY(preprocessImage(photo, options).applied.isEmpty());
    }

    void cropToARectangle() {
        PreprocessOptions options;
        options.crop = true;
        options.cropRect = QRect(100, 50, 300, 200);
        const QImage sample = samplePhoto();
        const auto result = preprocessImage(sample, options);
        QVERIFY(result.ok());
        QCOMPARE(result.image, sample.copy(100, 50, 300, 200));
        QCOMPARE(result.applied, QStringList{QStringLiteral("crop 100,50 300x200")});
        // Clipped to the image where it reaches past it.
        options.cropRect = QRect(500, 300, 400, 400);
        QCOMPARE(preprocessImage(sample, options).image.size(), QSize(100, 100));
    }

    void impossibleOptionsAreErrors_data() {
        QTest::addColumn<PreprocessOptions>("options");
        PreprocessOptions outside;
        outside.crop = true;
        outside.cropRect = QRect(2000, 2000, 10, 10);
        QTest::newRow("crop outside") << outside;
        PreprocessOptions noSize;
        noSize.resize = true;
        QTest::newRow("resize to nothing") << noSize;
    }

    void impossibleOptionsAreErrors() {
        QFETCH(PreprocessOptions, options);
        const auto result = preprocessImage(samplePhoto(), options);
        QVERIFY(!result.ok());
        QVERIFY(!result.error.isEmpty());
        QVERIFY(!preprocessImage(QImage(), PreprocessOptions{}).ok());
    }
};

QTEST_GUILESS_MAIN(TestImagePreprocess)
#include "tst_imagepreprocess.moc"
