// Input image checks on real photographs (the sample image and the fixture's input) and on
// degraded copies made here: the photographs draw no warning, each degradation is flagged by its
// own rule, and the crop and upscale numbers follow the reference's centre-crop geometry.
#include <QPainter>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <vector>

#include "common/Fixture.h"
#include "media/ImageChecks.h"
#include "model/pipeline/ImagePreprocessing.h"

using namespace kinora::media;

namespace {

QImage samplePhoto() {
    return QImage(QStringLiteral(KINORA_SOURCE_DIR "/resources/samples/sample.jpg"))
        .convertToFormat(QImage::Format_RGB888);
}

QImage fixturePhoto() {
    return QImage(kinora::test::goldenDir() + QStringLiteral("/input.png"))
        .convertToFormat(QImage::Format_RGB888);
}

QImage photo(const QString& name) {
    return name == QLatin1String("sample") ? samplePhoto() : fixturePhoto();
}

// A size of the photo's own shape no larger than it: nothing to enlarge, nothing to crop.
QSize ownShapeTarget(const QImage& image) {
    return QSize(image.width() / 16 * 16, image.height() / 16 * 16);
}

QImage mapPixels(QImage image, const std::function<int(int)>& f) {
    image = image.convertToFormat(QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y) {
        uchar* row = image.scanLine(y);
        for (int i = 0; i < image.width() * 3; ++i)
            row[i] = uchar(std::clamp(f(row[i]), 0, 255));
    }
    return image;
}

// A separable Gaussian blur with clamped borders.
QImage gaussianBlur(const QImage& source, double sigma) {
    const QImage in = source.convertToFormat(QImage::Format_RGB888);
    const int radius = int(std::ceil(3 * sigma));
    std::vector<double> kernel(2 * radius + 1);
    double total = 0;
    for (int i = -radius; i <= radius; ++i)
        total += kernel[i + radius] = std::exp(-i * i / (2 * sigma * sigma));
    for (auto& k : kernel)
        k /= total;
    const int w = in.width(), h = in.height();
    const auto pass = [&](const QImage& from, bool horizontal) {
        QImage out(w, h, QImage::Format_RGB888);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < 3; ++c) {
                    double sum = 0;
                    for (int i = -radius; i <= radius; ++i) {
                        const int xx = horizontal ? std::clamp(x + i, 0, w - 1) : x;
                        const int yy = horizontal ? y : std::clamp(y + i, 0, h - 1);
                        sum += kernel[i + radius] * from.constScanLine(yy)[xx * 3 + c];
                    }
                    out.scanLine(y)[x * 3 + c] = uchar(std::lround(sum));
                }
        return out;
    };
    return pass(pass(in, true), false);
}

QImage textPage() {
    QImage page(800, 600, QImage::Format_RGB888);
    page.fill(Qt::white);
    QPainter painter(&page);
    painter.setFont(QFont(QStringLiteral("Sans"), 14));
    painter.setPen(Qt::black);
    for (int line = 0; line < 22; ++line) {
        painter.drawText(40, 40 + line * 25,
                         QStringLiteral("Line %1: the quick brown fox jumps over the lazy dog "
                                        "0123456789")
                             .arg(line));
    }
    return page;
}

QImage barChart() {
    QImage chart(800, 600, QImage::Format_RGB888);
    chart.fill(Qt::white);
    QPainter painter(&chart);
    painter.setPen(QPen(Qt::black, 2));
    painter.drawLine(80, 520, 760, 520);
    painter.drawLine(80, 520, 80, 40);
    const QColor colours[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44)};
    for (int bar = 0; bar < 8; ++bar) {
        const int height = 60 + (bar * 97) % 400;
        painter.fillRect(110 + bar * 80, 520 - height, 50, height, colours[bar % 3]);
        painter.drawText(110 + bar * 80, 545, QStringLiteral("Q%1").arg(bar + 1));
    }
    for (int tick = 0; tick < 5; ++tick)
        painter.drawText(30, 520 - tick * 100, QString::number(tick * 25));
    return chart;
}

// `count` copies of the sample's cup, spread over a plain cloth: several competing subjects.
QImage cupsOnCloth(int count) {
    const QImage cup = samplePhoto()
                           .copy(150, 60, 300, 280)
                           .scaled(150, 140, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    QImage scene(900, 500, QImage::Format_RGB888);
    scene.fill(QColor(40, 90, 40));
    QPainter painter(&scene);
    for (int i = 0; i < count; ++i)
        painter.drawImage(40 + i * (820 / count), 180, cup);
    return scene;
}

QImage degraded(const QImage& image, const QString& how) {
    if (how == QLatin1String("blurred"))
        return gaussianBlur(image, 2.0);
    if (how == QLatin1String("dark"))
        return mapPixels(image, [](int v) { return int(v * 0.3); });
    if (how == QLatin1String("bright"))
        return mapPixels(image, [](int v) { return int(v * 1.6 + 80); });
    if (how == QLatin1String("low contrast"))
        return mapPixels(image, [](int v) { return int(128 + 0.3 * (v - 128)); });
    return image;
}

QString describe(const QList<ImageFinding>& findings) {
    QStringList lines;
    for (const auto& f : findings)
        lines << QStringLiteral("%1 (%2): %3").arg(f.rule).arg(f.value).arg(f.message);
    return lines.join('\n');
}

// A copy: the findings are often a temporary (findRule(checkImage(...), ...)).
std::optional<ImageFinding> findRule(const QList<ImageFinding>& findings, const QString& rule) {
    for (const auto& finding : findings)
        if (finding.rule == rule)
            return finding;
    return std::nullopt;
}

}  // namespace

class TestImageChecks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(!samplePhoto().isNull());
        QVERIFY2(!fixturePhoto().isNull(), qPrintable(kinora::test::goldenDir()));
    }

    void photographsDrawNoWarning_data() {
        QTest::addColumn<QString>("photo");
        QTest::newRow("sample") << "sample";
        QTest::newRow("fixture input") << "fixture";
    }

    void photographsDrawNoWarning() {
        QFETCH(QString, photo);
        const QImage image = ::photo(photo);
        const auto findings = checkImage(image, ownShapeTarget(image));
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    void degradedCopiesAreFlagged_data() {
        QTest::addColumn<QString>("photo");
        QTest::addColumn<QString>("degradation");
        QTest::addColumn<QString>("rule");
        for (const char* photo : {"sample", "fixture"}) {
            for (const auto& [how, rule] :
                 {std::pair{"blurred", "blur"}, std::pair{"dark", "underexposed"},
                  std::pair{"bright", "overexposed"}, std::pair{"low contrast", "low-contrast"}}) {
                QTest::addRow("%s %s", photo, how) << photo << how << rule;
            }
        }
    }

    void degradedCopiesAreFlagged() {
        QFETCH(QString, photo);
        QFETCH(QString, degradation);
        QFETCH(QString, rule);
        const QImage image = degraded(::photo(photo), degradation);
        const auto findings = checkImage(image, ownShapeTarget(image));
        const auto finding = findRule(findings, rule);
        QVERIFY2(finding, qPrintable(describe(findings)));
        QCOMPARE(finding->severity, Severity::Warning);
        QVERIFY(!finding->fix.isEmpty());
        // Blur is a property of detail, not of brightness: the exposure and contrast copies
        // keep their sharpness.
        if (rule != QLatin1String("blur"))
            QVERIFY2(!findRule(findings, "blur"), qPrintable(describe(findings)));
    }

    // Blur is judged at the working size, whatever size the file has: the sample stored three
    // times larger stays sharp, and blurred three times as much it measures like the sample
    // blurred once.
    void blurIsJudgedAtTheWorkingSize() {
        const QImage sample = samplePhoto();
        const QImage large =
            sample.scaled(sample.size() * 3, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        const auto sharp = measureImage(large);
        QVERIFY(sharp.workingSize.width() * sharp.workingSize.height() <= kWorkingArea);
        QVERIFY2(!findRule(checkMeasurements(sharp, ownShapeTarget(large)), "blur"),
                 qPrintable(QString::number(sharp.sharpness)));
        const auto blurredLarge = measureImage(gaussianBlur(large, 6.0));
        QVERIFY2(findRule(checkMeasurements(blurredLarge, ownShapeTarget(large)), "blur"),
                 qPrintable(QString::number(blurredLarge.sharpness)));
        const double blurredSmall = measureImage(gaussianBlur(sample, 2.0)).sharpness;
        QVERIFY2(
            std::abs(blurredLarge.sharpness - blurredSmall) < 0.25 * blurredSmall,
            qPrintable(QStringLiteral("%1 vs %2").arg(blurredLarge.sharpness).arg(blurredSmall)));
    }

    void textAndDiagramsAreFlagged_data() {
        QTest::addColumn<QImage>("image");
        QTest::newRow("text page") << textPage();
        QTest::newRow("bar chart") << barChart();
    }

    void textAndDiagramsAreFlagged() {
        QFETCH(QImage, image);
        const auto findings = checkImage(image, QSize(768, 576));
        QVERIFY2(findRule(findings, "text-or-diagram"), qPrintable(describe(findings)));
    }

    void competingSubjectsMakeABusyScene_data() {
        QTest::addColumn<int>("cups");
        QTest::addColumn<bool>("busy");
        QTest::newRow("one cup") << 1 << false;
        QTest::newRow("two cups") << 2 << false;
        QTest::newRow("three cups") << 3 << true;
        QTest::newRow("four cups") << 4 << true;
    }

    void competingSubjectsMakeABusyScene() {
        QFETCH(int, cups);
        QFETCH(bool, busy);
        const auto findings = checkImage(cupsOnCloth(cups), QSize(896, 512));
        const auto finding = findRule(findings, "busy-scene");
        QVERIFY2(bool(finding) == busy, qPrintable(describe(findings)));
        if (finding) {
            QCOMPARE(finding->regions.size(), cups);
            // Each region lies on a cup (the cups start at y = 180 and are 140 high).
            for (const QRectF& region : finding->regions)
                QVERIFY(region.center().y() > 180 && region.center().y() < 320);
        }
    }

    // A 4.5:1 panorama fitted into 1280x704 keeps its centre, 400 * 1280 / 704 = 727 wide.
    void panoramaCropShowsTheKeptRectangle() {
        const QImage sample = samplePhoto();
        QImage panorama(sample.width() * 3, sample.height(), QImage::Format_RGB888);
        QPainter painter(&panorama);
        for (int i = 0; i < 3; ++i)
            painter.drawImage(i * sample.width(), 0, sample);
        painter.end();
        const QSize target(1280, 704);
        const auto findings = checkImage(panorama, target);
        const auto crop = findRule(findings, "crop");
        QVERIFY2(crop, qPrintable(describe(findings)));
        QCOMPARE(crop->severity, Severity::Warning);
        const double keptWidth = double(panorama.height()) * target.width() / target.height();
        const double lost = 1.0 - keptWidth / panorama.width();
        QVERIFY2(std::abs(crop->value - lost) < 0.005,
                 qPrintable(QStringLiteral("%1 vs %2").arg(crop->value).arg(lost)));
        QCOMPARE(crop->regions.size(), 1);
        const QRectF kept = crop->regions.front();
        QVERIFY(std::abs(kept.width() - keptWidth) < 2.0);
        QVERIFY(std::abs(kept.center().x() - panorama.width() / 2.0) < 2.0);
        QVERIFY(std::abs(kept.height() - panorama.height()) < 1.0);
        // A native-shaped target of the sample (3:2 into 16:9) loses a smaller strip: information.
        const auto mild = findRule(checkImage(sample, QSize(704, 384)), "crop");
        QVERIFY(mild);
        QCOMPARE(mild->severity, Severity::Info);
    }

    void smallInputIsFlaggedWithItsUpscale() {
        const QImage input = fixturePhoto();
        const QSize target(1280, 704);
        const auto finding = findRule(checkImage(input, target), "too-small");
        QVERIFY(finding);
        QCOMPARE(finding->severity, Severity::Warning);
        const double expected = std::max(double(target.width()) / input.width(),
                                         double(target.height()) / input.height());
        QCOMPARE(finding->value, expected);
    }

    // The geometry repeats the model library's (which mirrors diffusers' _center_crop_wide).
    void cropGeometryMatchesTheModelLibrary_data() {
        QTest::addColumn<QSize>("source");
        QTest::addColumn<QSize>("target");
        QTest::newRow("fixture into 96x64") << QSize(320, 240) << QSize(96, 64);
        QTest::newRow("floor-division edge") << QSize(320, 240) << QSize(96, 72);
        QTest::newRow("sample native") << QSize(600, 400) << QSize(1280, 704);
        QTest::newRow("portrait") << QSize(427, 640) << QSize(1280, 704);
        QTest::newRow("panorama") << QSize(1800, 400) << QSize(1024, 576);
        QTest::newRow("odd") << QSize(1001, 777) << QSize(512, 320);
    }

    void cropGeometryMatchesTheModelLibrary() {
        QFETCH(QSize, source);
        QFETCH(QSize, target);
        const auto mine = centerCropWideGeometry(source, target);
        const auto model = kinora::model::centerCropWideGeometry(source.width(), source.height(),
                                                                 target.width(), target.height());
        QCOMPARE(mine.scale, model.scale);
        QCOMPARE(mine.resized, QSize(model.resizedWidth, model.resizedHeight));
        QCOMPARE(mine.cropInResized, QRect(model.cropBox.x0, model.cropBox.y0,
                                           model.cropBox.width(), model.cropBox.height()));
    }

    void nullImageHasNoFindings() { QVERIFY(checkImage(QImage(), QSize(1280, 704)).isEmpty()); }
};

QTEST_MAIN(TestImageChecks)
#include "tst_imagechecks.moc"
