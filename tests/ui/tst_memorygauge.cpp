// The memory gauge: its level at the thresholds, its text, where the predicted-need marker sits
// and when it turns critical, and what it paints in a light and a dark palette.
#include <QImage>
#include <QTest>

#include "facade/ResourceMonitor.h"
#include "ui/MemoryGauge.h"

using kinora::MemorySample;
using kinora::ui::MemoryGauge;
using Level = kinora::ui::MemoryGauge::Level;

namespace {

constexpr qint64 kGiB = 1024ll * 1024 * 1024;
const QSize kGaugeSize(320, 24);

MemorySample sample(qint64 used, qint64 total, bool gpu = false) {
    MemorySample s;
    s.device = gpu ? QStringLiteral("cuda:0") : QStringLiteral("cpu");
    s.isGpu = gpu;
    s.usedBytes = used;
    s.totalBytes = total;
    s.processBytes = used / 4;
    s.source = QStringLiteral("test");
    return s;
}

QPalette lightPalette() {
    QPalette palette(QColor(0xef, 0xef, 0xef), QColor(0xf5, 0xf5, 0xf5));
    palette.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    return palette;
}

QPalette darkPalette() {
    QPalette palette(QColor(0x35, 0x35, 0x35), QColor(0x2a, 0x2a, 0x2a));
    palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    return palette;
}

QImage render(MemoryGauge& gauge) {
    gauge.resize(kGaugeSize);
    QImage image(kGaugeSize, QImage::Format_RGB32);
    image.fill(gauge.palette().color(QPalette::Window));
    gauge.render(&image);
    return image;
}

int distance(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
           std::abs(a.blue() - b.blue());
}

// The bar's ends, found through the marker: a 1-byte need sits at its left, the whole device at
// its right.
std::pair<int, int> barEnds(MemoryGauge& gauge) {
    gauge.setPredictedPeak(1);
    const int left = gauge.predictionMarkerX();
    gauge.setPredictedPeak(gauge.sample().totalBytes);
    const int right = gauge.predictionMarkerX();
    gauge.clearPrediction();
    return {left, right};
}

}  // namespace

class TestMemoryGauge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void levels_data() {
        QTest::addColumn<qint64>("used");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<Level>("level");
        const qint64 total = 100 * kGiB;
        QTest::newRow("empty") << 0ll << total << Level::Normal;
        QTest::newRow("79%") << 79 * kGiB << total << Level::Normal;
        QTest::newRow("a byte under 80%") << 80 * kGiB - 1 << total << Level::Normal;
        QTest::newRow("80%") << 80 * kGiB << total << Level::Warning;
        QTest::newRow("94%") << 94 * kGiB << total << Level::Warning;
        QTest::newRow("a byte under 95%") << 95 * kGiB - 1 << total << Level::Warning;
        QTest::newRow("95%") << 95 * kGiB << total << Level::Critical;
        QTest::newRow("full") << total << total << Level::Critical;
        QTest::newRow("odd total 80%") << 80ll << 100ll << Level::Warning;
        QTest::newRow("no sample") << 0ll << 0ll << Level::Normal;
    }

    void levels() {
        QFETCH(qint64, used);
        QFETCH(qint64, total);
        QFETCH(Level, level);
        MemoryGauge gauge;
        gauge.setSample(sample(used, total));
        QCOMPARE(gauge.level(), level);
    }

    void text_data() {
        QTest::addColumn<qint64>("used");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<bool>("gpu");
        QTest::addColumn<QString>("text");
        QTest::newRow("ram") << qint64(5.2 * kGiB) << qint64(15.6 * kGiB) << false
                             << "RAM 5.2 / 15.6 GB";
        QTest::newRow("vram") << qint64(3.1 * kGiB) << 24 * kGiB << true << "VRAM 3.1 / 24.0 GB";
        QTest::newRow("unknown") << 0ll << 0ll << false << "RAM unknown";
    }

    void text() {
        QFETCH(qint64, used);
        QFETCH(qint64, total);
        QFETCH(bool, gpu);
        QFETCH(QString, text);
        MemoryGauge gauge;
        gauge.setSample(sample(used, total, gpu));
        QCOMPARE(gauge.text(), text);
        if (total > 0)
            QVERIFY(gauge.toolTip().startsWith(text));
    }

    void predictionMarker() {
        MemoryGauge gauge;
        gauge.resize(kGaugeSize);
        QCOMPARE(gauge.predictionMarkerX(), -1);  // nothing to show yet
        gauge.setSample(sample(4 * kGiB, 16 * kGiB));
        QCOMPARE(gauge.predictionMarkerX(), -1);  // no prediction

        const auto [left, right] = barEnds(gauge);
        QVERIFY(left > 0);  // the text comes first
        QVERIFY(right > left + 100);
        QVERIFY(right < kGaugeSize.width());

        gauge.setPredictedPeak(4 * kGiB);  // a quarter of the device
        const int quarter = gauge.predictionMarkerX();
        QVERIFY(std::abs(quarter - (left + (right - left) / 4)) <= 1);
        QVERIFY(!gauge.predictionExceedsTotal());
        QVERIFY(gauge.toolTip().contains("this job needs about 4.0 GB"));

        gauge.setPredictedPeak(12 * kGiB);
        QVERIFY(std::abs(gauge.predictionMarkerX() - (left + 3 * (right - left) / 4)) <= 1);

        // More than the device has: pinned to the end, and critical.
        gauge.setPredictedPeak(20 * kGiB);
        QCOMPARE(gauge.predictionMarkerX(), right);
        QVERIFY(gauge.predictionExceedsTotal());
        QVERIFY(gauge.toolTip().contains("this job needs about 20.0 GB"));
        QVERIFY(gauge.toolTip().contains("more than this device has"));

        gauge.clearPrediction();
        QCOMPARE(gauge.predictionMarkerX(), -1);
        QVERIFY(!gauge.predictionExceedsTotal());
        QVERIFY(!gauge.toolTip().contains("needs"));
    }

    void paints_data() {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("light") << lightPalette();
        QTest::newRow("dark") << darkPalette();
    }

    // In both palettes the used part stands out from the track, the three levels have three
    // different colours, the text is drawn, and a marker beyond the device is the critical colour.
    void paints() {
        QFETCH(QPalette, palette);
        MemoryGauge gauge;
        gauge.setPalette(palette);
        gauge.resize(kGaugeSize);
        const int y = kGaugeSize.height() / 2;

        QList<QColor> fills;
        QColor track;
        for (const int percent : {50, 85, 97}) {
            gauge.setSample(sample(percent * kGiB, 100 * kGiB));
            const auto [left, right] = barEnds(gauge);
            const QImage image = render(gauge);
            fills << image.pixelColor(left + (right - left) / 10, y);
            track = image.pixelColor(right - (right - left) / 50, y);
            QVERIFY2(distance(fills.last(), track) > 90,
                     qPrintable(fills.last().name() + " on " + track.name()));
        }
        QCOMPARE(fills[0], palette.color(QPalette::Highlight));
        QVERIFY(distance(fills[0], fills[1]) > 90);
        QVERIFY(distance(fills[1], fills[2]) > 90);
        QVERIFY(distance(fills[0], fills[2]) > 90);

        // The text: pixels close to the palette's text colour left of the bar.
        const auto [left, right] = barEnds(gauge);
        const QImage image = render(gauge);
        int inked = 0;
        for (int x = 0; x < left; ++x)
            for (int row = 0; row < kGaugeSize.height(); ++row)
                inked +=
                    distance(image.pixelColor(x, row), palette.color(QPalette::WindowText)) < 120;
        QVERIFY2(inked > 20, qPrintable(QString::number(inked)));

        gauge.setSample(sample(50 * kGiB, 100 * kGiB));
        gauge.setPredictedPeak(150 * kGiB);
        const QImage marked = render(gauge);
        QCOMPARE(gauge.predictionMarkerX(), right);
        const QColor marker = marked.pixelColor(right, y);
        QVERIFY2(marker.red() > 2 * marker.green() && marker.red() > 2 * marker.blue(),
                 qPrintable(marker.name()));
        QCOMPARE(marker, fills[2]);
    }
};

QTEST_MAIN(TestMemoryGauge)
#include "tst_memorygauge.moc"
