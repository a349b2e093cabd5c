// Input images: every unusable file gets its own message; odd but valid ones load as RGB.
#include <QBuffer>
#include <QFile>
#include <QImageWriter>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include "common/BadImages.h"
#include "common/Fixture.h"
#include "media/ImageLoader.h"

using kinora::media::loadInputImage;

class TestImageLoader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void rejectsUnusableFiles_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("missing") << "missing"
                                 << "not found";
        QTest::newRow("zero bytes") << "empty"
                                    << "empty";
        QTest::newRow("text named .png") << "text"
                                         << "not an image";
        QTest::newRow("truncated PNG") << "truncated"
                                       << "could not be decoded";
        QTest::newRow("header claims 30000x30000") << "huge"
                                                   << "too large";
        QTest::newRow("1x1 pixel") << "tiny"
                                   << "too small";
        QTest::newRow("a folder") << "folder"
                                  << "not a readable file";
    }

    void rejectsUnusableFiles() {
        QFETCH(QString, kind);
        QFETCH(QString, mentions);
        const QString path = dir_.path() + "/" + kind + ".png";
        QFile file(path);
        if (kind == "empty") {
            QVERIFY(file.open(QIODevice::WriteOnly));
        } else if (kind == "text") {
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("this is not a picture\n");
        } else if (kind == "truncated") {
            QFile source(kinora::test::goldenDir() + "/input.png");
            QVERIFY(source.open(QIODevice::ReadOnly));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(source.readAll().left(int(source.size() / 3)));
        } else if (kind == "huge") {
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(kinora::test::pngHeaderClaiming(30000, 30000));
        } else if (kind == "tiny") {
            QImage pixel(1, 1, QImage::Format_RGB888);
            pixel.fill(Qt::red);
            QVERIFY(pixel.save(path));
        } else if (kind == "folder") {
            QVERIFY(QDir().mkpath(path));
        }
        file.close();
        const auto loaded = loadInputImage(path);
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error.contains(mentions), qPrintable(loaded.error));
        QVERIFY(loaded.error.contains(path));
        QVERIFY(!loaded.remedy.isEmpty());
    }

    // Inputs the fuzzer (fuzz/fuzz_image) found, each a few bytes whose decoding would allocate
    // far beyond the pixel limit: refused, without the process's peak memory growing by more
    // than a normal input needs.
    void refusesTinyFilesThatDecodeHuge_data() {
        QTest::addColumn<QByteArray>("base64");
        QTest::addColumn<QString>("mentions");
        // A 16x16 frame on a 12304x16387 logical screen: Qt's reader reports the frame's size,
        // its decoder allocates the screen.
        QTest::newRow("GIF screen 12304x16387")
            << QByteArray("R0lGODlhEDADQAAAASwAAAAAEAAQAAACDoSPqcvtD0Y4OQEAsz4FACEAOw==")
            << "too large";
        QTest::newRow("PNG header 30000x30000")
            << kinora::test::pngHeaderClaiming(30000, 30000).toBase64() << "too large";
    }

    void refusesTinyFilesThatDecodeHuge() {
        QFETCH(QByteArray, base64);
        QFETCH(QString, mentions);
        const QByteArray bytes = QByteArray::fromBase64(base64);
        const long peakBefore = peakResidentKiB();
        const auto loaded = kinora::media::loadInputImageData(bytes, QStringLiteral("input"));
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error.contains(mentions), qPrintable(loaded.error));
        QVERIFY(!loaded.remedy.isEmpty());
        QVERIFY2(peakResidentKiB() - peakBefore < 100 * 1024,
                 qPrintable(QStringLiteral("peak memory grew by %1 MiB")
                                .arg((peakResidentKiB() - peakBefore) / 1024)));
    }

    void loadsOddButValidImages_data() {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("suffix");
        QTest::newRow("grayscale PNG") << int(QImage::Format_Grayscale8) << "png";
        QTest::newRow("16-bit PNG") << int(QImage::Format_RGBA64) << "png";
        QTest::newRow("alpha PNG") << int(QImage::Format_ARGB32) << "png";
        QTest::newRow("JPEG") << int(QImage::Format_RGB32) << "jpg";
    }

    void loadsOddButValidImages() {
        QFETCH(int, format);
        QFETCH(QString, suffix);
        QImage image(64, 48, QImage::Format(format));
        image.fill(QColor(200, 120, 40, 255));
        const QString path = dir_.path() + "/odd." + suffix;
        QVERIFY(image.save(path));
        const auto loaded = loadInputImage(path);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        QCOMPARE(loaded.image.format(), QImage::Format_RGB888);
        QCOMPARE(loaded.image.size(), QSize(64, 48));
    }

    void loadsTheFixtureInput() {
        const auto loaded = loadInputImage(kinora::test::goldenDir() + "/input.png");
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        QCOMPARE(loaded.image.format(), QImage::Format_RGB888);
    }

private:
    static long peakResidentKiB() {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        return usage.ru_maxrss;
    }

    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestImageLoader)
#include "tst_imageloader.moc"
