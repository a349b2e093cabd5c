// Video export and read-back: every format round-trips frame count, size, rate, codec, metadata and
// pixels within its measured error; failures (cancel, unwritable folder, bad frames, full disk,
// missing encoder) leave neither the output nor a temporary behind.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <sys/resource.h>
#include <cmath>
#include <csignal>

#include "media/VideoExporter.h"
#include "media/VideoReader.h"

using kinora::media::Dither;
using kinora::media::ExportFormat;
using kinora::media::ExportOptions;
using kinora::media::MediaError;
using kinora::media::VideoReader;

Q_DECLARE_METATYPE(kinora::media::ExportFormat)
Q_DECLARE_METATYPE(kinora::media::Dither)

namespace {

const QSize kSize(96, 64);
constexpr int kFrameCount = 8;
constexpr int kFps = 12;

// Smooth gradients that drift, and a hard-edged disc that moves 5 pixels per frame: both what
// codecs find easy and what they find hard, different in every frame.
QImage syntheticFrame(const QSize& size, int index) {
    QImage image(size, QImage::Format_RGB888);
    const double cx = 14 + 5.0 * index, cy = size.height() / 2.0 + 3 * std::sin(index);
    for (int y = 0; y < size.height(); ++y) {
        uchar* pixel = image.scanLine(y);
        for (int x = 0; x < size.width(); ++x, pixel += 3) {
            const double inDisc = std::hypot(x - cx, y - cy) < 10 ? 1.0 : 0.0;
            pixel[0] =
                uchar(std::lround(inDisc * 230 + (1 - inDisc) * (40 + 150.0 * x / size.width())));
            pixel[1] =
                uchar(std::lround(inDisc * 60 + (1 - inDisc) * (30 + 120.0 * y / size.height())));
            pixel[2] = uchar(std::lround(
                inDisc * 40 + (1 - inDisc) * (90 + 80 * std::sin((x + y + 4 * index) / 20.0))));
        }
    }
    return image;
}

QList<QImage> syntheticFrames(const QSize& size = kSize, int count = kFrameCount) {
    QList<QImage> frames;
    for (int i = 0; i < count; ++i)
        frames << syntheticFrame(size, i);
    return frames;
}

// Mean absolute difference per channel value, over the area both images cover.
double meanAbsoluteError(const QImage& a, const QImage& b) {
    const QImage x = a.convertToFormat(QImage::Format_RGB888);
    const QImage y = b.convertToFormat(QImage::Format_RGB888);
    const int width = std::min(x.width(), y.width()), height = std::min(x.height(), y.height());
    double sum = 0;
    for (int row = 0; row < height; ++row)
        for (int i = 0; i < width * 3; ++i)
            sum += std::abs(int(x.constScanLine(row)[i]) - int(y.constScanLine(row)[i]));
    return sum / (double(width) * height * 3);
}

// The same after a 3x3 box blur of both: what dithering aims to keep (the colour the eye sees
// once it averages neighbouring pixels).
double blurredMeanAbsoluteError(const QImage& a, const QImage& b) {
    const auto blur = [](const QImage& image) {
        const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
        QImage blurred = rgb;
        for (int y = 1; y + 1 < rgb.height(); ++y)
            for (int x = 1; x + 1 < rgb.width(); ++x)
                for (int c = 0; c < 3; ++c) {
                    int sum = 0;
                    for (int dy = -1; dy <= 1; ++dy)
                        for (int dx = -1; dx <= 1; ++dx)
                            sum += rgb.constScanLine(y + dy)[(x + dx) * 3 + c];
                    blurred.scanLine(y)[x * 3 + c] = uchar((sum + 4) / 9);
                }
        return blurred;
    };
    return meanAbsoluteError(blur(a), blur(b));
}

// Incompressible frames, for filling a disk quickly.
QList<QImage> noiseFrames(const QSize& size, int count) {
    QRandomGenerator random(7);
    QList<QImage> frames;
    for (int i = 0; i < count; ++i) {
        QImage image(size, QImage::Format_RGB888);
        for (int y = 0; y < size.height(); ++y)
            for (int x = 0; x < size.width() * 3; ++x)
                image.scanLine(y)[x] = uchar(random.bounded(256));
        frames << image;
    }
    return frames;
}

QMap<QString, QString> testMetadata() {
    const QJsonObject request{
        {"prompt", QString::fromUtf8("Camera slowly panning left, \"clouds\" — 云")},
        {"seed", 42},
        {"steps", 50}};
    return {{"comment", "Kinora test clip"},
            {"kinora_request",
             QString::fromUtf8(QJsonDocument(request).toJson(QJsonDocument::Compact))}};
}

ExportOptions optionsFor(ExportFormat format) {
    ExportOptions options;
    options.format = format;
    options.fps = {kFps, 1};
    options.metadata = testMetadata();
    return options;
}

QString outputName(ExportFormat format) {
    const QString extension = kinora::media::fileExtension(format);
    return extension.isEmpty() ? QStringLiteral("clip") : QStringLiteral("clip.") + extension;
}

// Everything in a folder, hidden temporaries included.
QStringList entries(const QString& folder) {
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System |
                                  QDir::NoDotAndDotDot);
}

// The top-level box types of an ISO media file, in order.
QStringList topLevelAtoms(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList atoms;
    qint64 at = 0;
    while (at + 8 <= file.size()) {
        file.seek(at);
        const QByteArray header = file.read(16);
        quint64 size = qFromBigEndian<quint32>(header.constData());
        if (size == 1 && header.size() == 16)
            size = qFromBigEndian<quint64>(header.constData() + 8);
        if (size == 0)
            size = quint64(file.size() - at);
        if (size < 8)
            break;
        atoms << QString::fromLatin1(header.mid(4, 4));
        at += qint64(size);
    }
    return atoms;
}

// What a GIF file says about looping and palettes, from its block structure.
struct GifStructure {
    int loopCount = -1;  // NETSCAPE2.0 extension; 0 is forever, -1 is absent (play once)
    int images = 0;
    int imagesWithOwnPalette = 0;  // a local colour table different from the global one
};

GifStructure gifStructure(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray d = file.readAll();
    const auto byte = [&](qsizetype at) { return at < d.size() ? uchar(d[at]) : 0; };
    const auto tableSize = [](uchar flags) { return (flags & 0x80) ? 3 * (2 << (flags & 7)) : 0; };
    const auto skipSubBlocks = [&](qsizetype at) {
        while (at < d.size() && byte(at))
            at += 1 + byte(at);
        return at + 1;
    };
    GifStructure gif;
    const QByteArray globalTable = d.mid(13, tableSize(byte(10)));
    qsizetype at = 13 + globalTable.size();
    while (at < d.size() && byte(at) != 0x3b) {
        if (byte(at) == 0x21) {
            if (byte(at + 1) == 0xff && d.mid(at + 3, 11) == "NETSCAPE2.0")
                gif.loopCount = byte(at + 16) | (byte(at + 17) << 8);
            at = skipSubBlocks(at + 2);
        } else if (byte(at) == 0x2c) {
            ++gif.images;
            const int localSize = tableSize(byte(at + 9));
            if (localSize && d.mid(at + 10, localSize) != globalTable.left(localSize))
                ++gif.imagesWithOwnPalette;
            at = skipSubBlocks(at + 10 + localSize + 1);
        } else {
            return {};
        }
    }
    return gif;
}

void addFormatRows() {
    QTest::addColumn<ExportFormat>("format");
    QTest::newRow("mp4") << ExportFormat::Mp4;
    QTest::newRow("webm") << ExportFormat::WebM;
    QTest::newRow("gif") << ExportFormat::Gif;
    QTest::newRow("png") << ExportFormat::PngSequence;
}

}  // namespace

class TestVideoExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data() {
        QTest::addColumn<ExportFormat>("format");
        QTest::addColumn<Dither>("dither");
        QTest::addColumn<QString>("codec");
        QTest::addColumn<double>("maxMeanError");
        QTest::addColumn<double>("maxBlurredError");
        // Bounds: the worst frame's errors measured on this clip (in the comments) plus ~25%. The
        // test also checks that each frame is nearer its own source than its neighbours'. WebM's
        // default CRF 32 spends 1.7 kB on the clip, MP4's CRF 18 3.9 kB. gif-none is the palette's
        // own error: 256 colours for the ~3400 colour cells of a deliberately colourful clip.
        QTest::newRow("mp4") << ExportFormat::Mp4 << Dither::None << "h264" << 2.3
                             << 1.5;  // 1.83, 1.19
        QTest::newRow("webm") << ExportFormat::WebM << Dither::None << "vp9" << 4.0
                              << 3.2;  // 3.15, 2.55
        QTest::newRow("gif-floyd-steinberg")
            << ExportFormat::Gif << Dither::FloydSteinberg << "gif" << 8.6 << 3.4;  // 6.86, 2.74
        QTest::newRow("gif-bayer")
            << ExportFormat::Gif << Dither::Bayer << "gif" << 5.7 << 4.0;  // 4.54, 3.24
        QTest::newRow("gif-none") << ExportFormat::Gif << Dither::None << "gif" << 5.4
                                  << 4.2;  // 4.34, 3.40
    }

    void roundTrip() {
        QFETCH(ExportFormat, format);
        QFETCH(Dither, dither);
        QFETCH(QString, codec);
        QFETCH(double, maxMeanError);
        QFETCH(double, maxBlurredError);
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString path = folder.filePath(outputName(format));
        const QList<QImage> source = syntheticFrames();

        ExportOptions options = optionsFor(format);
        options.gifDither = dither;
        QList<int> progress;
        options.progress = [&](int done, int total) {
            QCOMPARE(total, kFrameCount);
            progress << done;
        };
        const auto exported = kinora::media::exportVideo(path, source, options);
        QVERIFY2(exported, qPrintable(exported ? QString() : exported.error().message));
        QCOMPARE(progress, QList<int>({1, 2, 3, 4, 5, 6, 7, 8}));
        QCOMPARE(exported->frameSize, kSize);
        QCOMPARE(exported->bytes, QFileInfo(path).size());
        QCOMPARE(entries(folder.path()), QStringList{outputName(format)});
        // Permissions as for any new file (the umask's), not a temporary file's owner-only ones.
        QFile ordinary(folder.filePath("ordinary"));
        QVERIFY(ordinary.open(QIODevice::WriteOnly));
        QCOMPARE(QFileInfo(path).permissions(), ordinary.permissions());
        ordinary.remove();

        auto reader = VideoReader::open(path);
        QVERIFY2(reader, qPrintable(reader ? QString() : reader.error().message));
        const auto& info = reader->info();
        QCOMPARE(info.codec, codec);
        QCOMPARE(info.size, kSize);
        QCOMPARE(info.frameCount, kFrameCount);
        if (format == ExportFormat::Gif) {
            // Delays are whole hundredths of a second: 12 fps alternates 8 and 9.
            QVERIFY2(std::abs(info.fps.value() - kFps) < 0.6,
                     qPrintable(QString::number(info.fps.value())));
            QVERIFY(std::abs(info.durationSeconds - double(kFrameCount) / kFps) < 0.03);
        } else {
            QCOMPARE(info.fps.value(), double(kFps));
        }
        const QMap<QString, QString> written = testMetadata(), read = reader->metadata();
        for (auto it = written.cbegin(); it != written.cend(); ++it)
            QVERIFY2(read.value(it.key()) == it.value(),
                     qPrintable(it.key() + " in " + QStringList(read.keys()).join(", ")));

        const auto decoded = reader->readFrames();
        QVERIFY(decoded);
        QCOMPARE(decoded->size(), kFrameCount);
        double worst = 0, worstBlurred = 0;
        for (int i = 0; i < kFrameCount; ++i) {
            QCOMPARE(decoded->at(i).size(), kSize);
            const double error = meanAbsoluteError(decoded->at(i), source[i]);
            worst = std::max(worst, error);
            worstBlurred =
                std::max(worstBlurred, blurredMeanAbsoluteError(decoded->at(i), source[i]));
            // The frames are in order: each is nearer its own source than its neighbours'.
            if (i + 1 < kFrameCount)
                QVERIFY(error < meanAbsoluteError(decoded->at(i), source[i + 1]));
            if (i > 0)
                QVERIFY(error < meanAbsoluteError(decoded->at(i), source[i - 1]));
        }
        qInfo(
            "%s: worst frame mean abs error %.3f (bound %.1f), blurred %.3f (bound %.1f), %lld "
            "bytes",
            QTest::currentDataTag(), worst, maxMeanError, worstBlurred, maxBlurredError,
            exported->bytes);
        QVERIFY(worst <= maxMeanError);
        QVERIFY(worstBlurred <= maxBlurredError);
    }

    void pngSequenceIsLossless() {
        QTemporaryDir folder;
        const QString path = folder.filePath("frames");
        const QList<QImage> source = syntheticFrames();
        const auto exported =
            kinora::media::exportVideo(path, source, optionsFor(ExportFormat::PngSequence));
        QVERIFY2(exported, qPrintable(exported ? QString() : exported.error().message));
        QCOMPARE(entries(folder.path()), QStringList{"frames"});
        QVERIFY(QDir(folder.path()).mkdir("ordinary"));
        QCOMPARE(QFileInfo(path).permissions(),
                 QFileInfo(folder.filePath("ordinary")).permissions());
        QVERIFY(QDir(folder.path()).rmdir("ordinary"));
        QStringList expected;
        for (int i = 1; i <= kFrameCount; ++i)
            expected << QStringLiteral("frame_%1.png").arg(i, 4, 10, QLatin1Char('0'));
        QCOMPARE(entries(path), expected);
        for (int i = 0; i < kFrameCount; ++i) {
            const QImage image(path + "/" + expected[i]);
            QCOMPARE(image.convertToFormat(QImage::Format_RGB888), source[i]);
        }
    }

    void mp4IsFastStart() {
        QTemporaryDir folder;
        const QString path = folder.filePath("clip.mp4");
        QVERIFY(kinora::media::exportVideo(path, syntheticFrames(), optionsFor(ExportFormat::Mp4)));
        const QStringList atoms = topLevelAtoms(path);
        QVERIFY2(atoms.contains("moov") && atoms.contains("mdat"), qPrintable(atoms.join(' ')));
        QCOMPARE(atoms.front(), QStringLiteral("ftyp"));
        QVERIFY2(atoms.indexOf("moov") < atoms.indexOf("mdat"), qPrintable(atoms.join(' ')));
    }

    void gifLoopsForeverWithOnePalette() {
        QTemporaryDir folder;
        const QString path = folder.filePath("clip.gif");
        QVERIFY(kinora::media::exportVideo(path, syntheticFrames(), optionsFor(ExportFormat::Gif)));
        const GifStructure gif = gifStructure(path);
        QCOMPARE(gif.images, kFrameCount);
        QCOMPARE(gif.loopCount, 0);
        QCOMPARE(gif.imagesWithOwnPalette, 0);
    }

    void cancelLeavesNothing_data() { addFormatRows(); }

    void cancelLeavesNothing() {
        QFETCH(ExportFormat, format);
        QTemporaryDir folder;
        constexpr int kCancelAfter = 3;
        int framesDone = 0;
        ExportOptions options = optionsFor(format);
        options.progress = [&](int done, int) { framesDone = done; };
        options.cancelRequested = [&] { return framesDone >= kCancelAfter; };
        const auto exported = kinora::media::exportVideo(folder.filePath(outputName(format)),
                                                         syntheticFrames(), options);
        QVERIFY(!exported);
        QCOMPARE(exported.error().code, MediaError::Code::Cancelled);
        QCOMPARE(framesDone, kCancelAfter);
        QCOMPARE(entries(folder.path()), QStringList());
    }

    void cancelKeepsAnExistingFile() {
        QTemporaryDir folder;
        const QString path = folder.filePath("clip.mp4");
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("an earlier export");
        old.close();
        ExportOptions options = optionsFor(ExportFormat::Mp4);
        options.cancelRequested = [] { return true; };
        QVERIFY(!kinora::media::exportVideo(path, syntheticFrames(), options));
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("an earlier export"));
        old.close();
        // A complete export replaces it.
        QVERIFY(kinora::media::exportVideo(path, syntheticFrames(), optionsFor(ExportFormat::Mp4)));
        QVERIFY(VideoReader::open(path));
        QCOMPARE(entries(folder.path()), QStringList{"clip.mp4"});
    }

    void unwritableFolder_data() {
        QTest::addColumn<ExportFormat>("format");
        QTest::addColumn<QString>("folderKind");
        for (const auto& [name, format] : {std::pair{"mp4", ExportFormat::Mp4},
                                           {"gif", ExportFormat::Gif},
                                           {"png", ExportFormat::PngSequence}}) {
            QTest::newRow(qPrintable(QString(name) + "-read-only")) << format << "read-only";
            QTest::newRow(qPrintable(QString(name) + "-missing")) << format << "missing";
            QTest::newRow(qPrintable(QString(name) + "-proc")) << format << "proc";
        }
    }

    void unwritableFolder() {
        QFETCH(ExportFormat, format);
        QFETCH(QString, folderKind);
        QTemporaryDir parent;
        QString folder = parent.filePath("out");
        if (folderKind == "proc") {
            folder = "/proc";  // refuses new files even to root
        } else if (folderKind == "read-only") {
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
            QFile probe(folder + "/probe");
            if (probe.open(QIODevice::WriteOnly)) {
                probe.remove();
                QSKIP(
                    "This process can write to read-only folders (root); the /proc row covers it");
            }
        }
        const QString path = folder + "/" + outputName(format);
        const auto exported =
            kinora::media::exportVideo(path, syntheticFrames(), optionsFor(format));
        QVERIFY(!exported);
        QCOMPARE(exported.error().code, MediaError::Code::OutputNotWritable);
        QVERIFY2(exported.error().message.contains(folder), qPrintable(exported.error().message));
        QVERIFY(!exported.error().remedy.isEmpty());
        QVERIFY(!QFileInfo::exists(path));
        if (folderKind == "read-only") {
            QCOMPARE(entries(folder), QStringList());
            QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
    }

    void mismatchedFrameSizes_data() { addFormatRows(); }

    void mismatchedFrameSizes() {
        QFETCH(ExportFormat, format);
        QTemporaryDir folder;
        const QString path = folder.filePath(outputName(format));
        QList<QImage> frames = syntheticFrames();
        frames[5] = syntheticFrame(QSize(64, 64), 5);
        // A list is checked before anything is written ...
        auto exported = kinora::media::exportVideo(path, frames, optionsFor(format));
        QVERIFY(!exported);
        QCOMPARE(exported.error().code, MediaError::Code::InvalidInput);
        QVERIFY2(exported.error().message.contains("Frame 6 is 64x64 but frame 1 is 96x64"),
                 qPrintable(exported.error().message));
        QCOMPARE(entries(folder.path()), QStringList());
        // ... a frame source only when it gets there, and then the partial output goes.
        int framesDone = 0;
        ExportOptions options = optionsFor(format);
        options.progress = [&](int done, int) { framesDone = done; };
        exported = kinora::media::exportVideo(
            path, kFrameCount, [&](int i) { return frames[i]; }, options);
        QVERIFY(!exported);
        QCOMPARE(exported.error().code, MediaError::Code::InvalidInput);
        QCOMPARE(framesDone, format == ExportFormat::Gif ? 0 : 5);  // GIF fails in its palette pass
        QCOMPARE(entries(folder.path()), QStringList());
    }

    void badInput_data() {
        QTest::addColumn<int>("frameCount");
        QTest::addColumn<bool>("nullFrame");
        QTest::addColumn<int>("fps");
        QTest::addColumn<int>("crf");
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no frames") << 0 << false << kFps << -1 << "medium"
                                   << "No frames to export";
        QTest::newRow("null frame") << kFrameCount << true << kFps << -1 << "medium"
                                    << "Frame 3 of 8 is empty";
        QTest::newRow("zero fps") << kFrameCount << false << 0 << -1 << "medium"
                                  << "frame rate 0/1 is not valid";
        QTest::newRow("crf too high") << kFrameCount << false << kFps << 52 << "medium"
                                      << "CRF) 52 is out of range";
        QTest::newRow("unknown preset") << kFrameCount << false << kFps << -1 << "fastest"
                                        << "Unknown x264 preset 'fastest'";
    }

    void badInput() {
        QFETCH(int, frameCount);
        QFETCH(bool, nullFrame);
        QFETCH(int, fps);
        QFETCH(int, crf);
        QFETCH(QString, preset);
        QFETCH(QString, expected);
        QTemporaryDir folder;
        QList<QImage> frames = syntheticFrames(kSize, frameCount);
        if (nullFrame)
            frames[2] = QImage();
        ExportOptions options = optionsFor(ExportFormat::Mp4);
        options.fps = {fps, 1};
        options.crf = crf;
        options.preset = preset;
        const auto exported =
            kinora::media::exportVideo(folder.filePath("clip.mp4"), frames, options);
        QVERIFY(!exported);
        QCOMPARE(exported.error().code, MediaError::Code::InvalidInput);
        QVERIFY2(exported.error().message.contains(expected), qPrintable(exported.error().message));
        QVERIFY(!exported.error().remedy.isEmpty());
        QCOMPARE(entries(folder.path()), QStringList());
    }

    void oddSizes_data() {
        QTest::addColumn<ExportFormat>("format");
        QTest::addColumn<QSize>("encoded");
        QTest::newRow("mp4 pads") << ExportFormat::Mp4 << QSize(98, 66);
        QTest::newRow("webm pads") << ExportFormat::WebM << QSize(98, 66);
        QTest::newRow("gif keeps") << ExportFormat::Gif << QSize(97, 65);
        QTest::newRow("png keeps") << ExportFormat::PngSequence << QSize(97, 65);
    }

    void oddSizes() {
        QFETCH(ExportFormat, format);
        QFETCH(QSize, encoded);
        QTemporaryDir folder;
        const QString path = folder.filePath(outputName(format));
        const QList<QImage> source = syntheticFrames(QSize(97, 65));
        const auto exported = kinora::media::exportVideo(path, source, optionsFor(format));
        QVERIFY2(exported, qPrintable(exported ? QString() : exported.error().message));
        QCOMPARE(exported->frameSize, encoded);
        QImage first;
        if (format == ExportFormat::PngSequence) {
            first = QImage(path + "/frame_0001.png");
        } else {
            auto reader = VideoReader::open(path);
            QVERIFY(reader);
            QCOMPARE(reader->info().size, encoded);
            auto frame = reader->nextFrame();
            QVERIFY(frame && *frame);
            first = **frame;
        }
        QCOMPARE(first.size(), encoded);
        QVERIFY(blurredMeanAbsoluteError(first, source[0]) < 3.0);
        if (encoded != source[0].size()) {
            // The added column and row repeat the edge.
            const QImage edge = source[0].copy(96, 0, 1, 65), added = first.copy(97, 0, 1, 65);
            QVERIFY(meanAbsoluteError(added, edge) < 8.0);
        }
    }

    void unknownFormat() {
        QCOMPARE(*kinora::media::exportFormatFromName(".MP4"), ExportFormat::Mp4);
        QCOMPARE(*kinora::media::exportFormatFromName("webm"), ExportFormat::WebM);
        QCOMPARE(*kinora::media::exportFormatFromName("gif"), ExportFormat::Gif);
        QCOMPARE(*kinora::media::exportFormatFromName("png"), ExportFormat::PngSequence);
        const auto unknown = kinora::media::exportFormatFromName("avi");
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, MediaError::Code::UnknownFormat);
        QVERIFY(unknown.error().message.contains("'avi'"));
        QVERIFY(unknown.error().remedy.contains("mp4, webm, gif, png"));
    }

    void missingEncoder() {
        QTemporaryDir folder;
        ExportOptions options = optionsFor(ExportFormat::Mp4);
        options.encoder = "kinora_no_such_encoder";
        const auto exported =
            kinora::media::exportVideo(folder.filePath("clip.mp4"), syntheticFrames(), options);
        QVERIFY(!exported);
        QCOMPARE(exported.error().code, MediaError::Code::CodecUnavailable);
        QVERIFY2(exported.error().message.contains("'kinora_no_such_encoder'") &&
                     exported.error().message.contains("not available in this FFmpeg build"),
                 qPrintable(exported.error().message));
        QCOMPARE(entries(folder.path()), QStringList());
    }

    void fullDiskLeavesNothing_data() { addFormatRows(); }

    void fullDiskLeavesNothing() {
        // A file size limit makes write(2) fail part-way, as a full disk does.
        QFETCH(ExportFormat, format);
        QTemporaryDir folder;
        rlimit original{};
        QVERIFY(getrlimit(RLIMIT_FSIZE, &original) == 0);
        const auto restoreSignal = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = original;
        limited.rlim_cur = 12 * 1024;
        QVERIFY(setrlimit(RLIMIT_FSIZE, &limited) == 0);
        ExportOptions options = optionsFor(format);
        options.crf = 0;
        const auto exported = kinora::media::exportVideo(folder.filePath(outputName(format)),
                                                         noiseFrames(QSize(128, 128), 4), options);
        setrlimit(RLIMIT_FSIZE, &original);
        std::signal(SIGXFSZ, restoreSignal);
        QVERIFY(!exported);
        QCOMPARE(exported.error().code, MediaError::Code::WriteFailed);
        QVERIFY(!exported.error().remedy.isEmpty());
        qInfo("%s", qPrintable(exported.error().message));
        QCOMPARE(entries(folder.path()), QStringList());
    }

    void readerErrors() {
        QTemporaryDir folder;
        auto missing = VideoReader::open(folder.filePath("absent.mp4"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, MediaError::Code::ReadFailed);
        QVERIFY(missing.error().message.contains("absent.mp4"));

        QFile text(folder.filePath("notes.mp4"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not a video at all");
        text.close();
        auto garbage = VideoReader::open(text.fileName());
        QVERIFY(!garbage);
        QCOMPARE(garbage.error().code, MediaError::Code::ReadFailed);
    }

    void ffmpegMessagesGoToTheMediaCategory() {
        // An MP4 without its index makes the demuxer log an error; it must arrive as kinora.media.
        QTemporaryDir folder;
        const QString path = folder.filePath("clip.mp4");
        QVERIFY(kinora::media::exportVideo(path, syntheticFrames(), optionsFor(ExportFormat::Mp4)));
        QFile complete(path);
        QVERIFY(complete.open(QIODevice::ReadOnly));
        const QByteArray bytes = complete.readAll();
        const qsizetype mdat = bytes.indexOf("mdat") - 4;
        QVERIFY(mdat > 0);
        QFile broken(folder.filePath("no-index.mp4"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(bytes.left(qFromBigEndian<quint32>(bytes.constData())) + bytes.mid(mdat));
        broken.close();

        static QStringList captured;
        captured.clear();
        const auto previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext& context, const QString& message) {
                captured << QString::fromLatin1(context.category) + ": " + message;
            });
        const auto opened = VideoReader::open(broken.fileName());
        qInstallMessageHandler(previous);
        QVERIFY(!opened);
        QVERIFY2(
            captured.filter(QRegularExpression("^kinora\\.media: FFmpeg: .*moov atom not found"))
                    .size() == 1,
            qPrintable(captured.join('\n')));
    }
};

QTEST_GUILESS_MAIN(TestVideoExport)
#include "tst_videoexport.moc"
