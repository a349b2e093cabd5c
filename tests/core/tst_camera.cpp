// The camera engine: prompts read into camera paths (English and Chinese), and the motion in the
// rendered frames MEASURED with OpenCV (phase correlation for pans and tilts, a similarity fit to
// tracked features for zoom, rotation and dolly) on real photographs; no frame ever samples
// outside the photograph; bad input fails clearly and leaves no file behind.
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include <cmath>
#include <cstring>
#include <vector>

#include "common/BadImages.h"
#include "common/Fixture.h"
#include "facade/CameraEngine.h"
#include "facade/CameraPrompt.h"
#include "media/CameraMotionRenderer.h"
#include "media/ImageLoader.h"
#include "media/VideoReader.h"

using namespace kinora;

namespace {

// Short clips: enough frames to see easing and monotonic motion, small enough to be quick.
const QSize kClipSize(320, 180);
constexpr int kClipFrames = 12;

QString photographPath(const QString& name) {
    if (name == QLatin1String("coffee"))
        return QStringLiteral(KINORA_SOURCE_DIR "/resources/samples/sample.jpg");
    return test::goldenDir() + QStringLiteral("/input.png");
}

// Loaded once: the fixture's PNG carries an sRGB profile libpng chats about on every load.
QImage photograph(const QString& name) {
    static QHash<QString, QImage> loaded;
    if (!loaded.contains(name))
        loaded.insert(name, media::loadInputImage(photographPath(name)).image);
    return loaded.value(name);
}

const QStringList kPhotographs = {QStringLiteral("coffee"), QStringLiteral("cat")};

QList<QImage> render(const QImage& image, const QString& prompt, QSize size = kClipSize,
                     int frames = kClipFrames) {
    const CameraFrames rendered =
        renderCameraFrames(image, parseCameraPrompt(prompt), size, frames);
    if (!rendered.ok())
        qWarning() << rendered.error;
    return rendered.frames;
}

// ---- Measuring motion between frames ----

cv::Mat grayFloat(const QImage& frame) {
    const QImage gray = frame.convertToFormat(QImage::Format_Grayscale8);
    cv::Mat wrapped(gray.height(), gray.width(), CV_8UC1, const_cast<uchar*>(gray.constBits()),
                    gray.bytesPerLine());
    cv::Mat result;
    wrapped.convertTo(result, CV_32F);
    return result;
}

cv::Mat gray8(const QImage& frame) {
    cv::Mat result;
    grayFloat(frame).convertTo(result, CV_8U);
    return result;
}

// How far the content of `b` lies from where it was in `a` (positive: right, down).
cv::Point2d phaseShift(const QImage& a, const QImage& b) {
    const cv::Mat fa = grayFloat(a), fb = grayFloat(b);
    cv::Mat window;
    cv::createHanningWindow(window, fa.size(), CV_32F);
    return cv::phaseCorrelate(fa, fb, window);
}

struct Similarity {
    double scale = 1;    // content size in b over a
    double angle = 0;    // degrees the content turned, positive clockwise on screen
    cv::Point2d centre;  // where the frame's centre content moved
    bool ok = false;
};

// A similarity fit (RANSAC) to corners tracked from `a` to `b` by pyramidal Lucas-Kanade flow,
// optionally only those in `region` of `a`.
Similarity similarity(const QImage& a, const QImage& b, cv::Rect region = {}) {
    const cv::Mat ga = gray8(a), gb = gray8(b);
    cv::Mat mask;
    if (!region.empty()) {
        mask = cv::Mat::zeros(ga.size(), CV_8U);
        mask(region).setTo(255);
    }
    std::vector<cv::Point2f> from, to, keptFrom, keptTo;
    cv::goodFeaturesToTrack(ga, from, 400, 0.005, 4, mask);
    Similarity result;
    if (from.size() < 12)
        return result;
    std::vector<uchar> status;
    std::vector<float> error;
    cv::calcOpticalFlowPyrLK(ga, gb, from, to, status, error, cv::Size(21, 21), 3);
    for (size_t i = 0; i < from.size(); ++i)
        if (status[i]) {
            keptFrom.push_back(from[i]);
            keptTo.push_back(to[i]);
        }
    if (keptFrom.size() < 12)
        return result;
    const cv::Mat m = cv::estimateAffinePartial2D(keptFrom, keptTo, cv::noArray(), cv::RANSAC, 1.0);
    if (m.empty())
        return result;
    const double a00 = m.at<double>(0, 0), a10 = m.at<double>(1, 0);
    result.scale = std::hypot(a00, a10);
    result.angle = std::atan2(a10, a00) * 180 / CV_PI;
    const cv::Point2d c(a.width() / 2.0, a.height() / 2.0);
    result.centre =
        cv::Point2d(m.at<double>(0, 0) * c.x + m.at<double>(0, 1) * c.y + m.at<double>(0, 2) - c.x,
                    m.at<double>(1, 0) * c.x + m.at<double>(1, 1) * c.y + m.at<double>(1, 2) - c.y);
    result.ok = true;
    return result;
}

// A clip's motion, frame to frame and accumulated.
struct Measured {
    std::vector<cv::Point2d> shifts;  // phase correlation per step
    std::vector<double> scales;       // similarity scale per step
    std::vector<double> angles;
    cv::Point2d shift;  // sums and products over the clip
    cv::Point2d centre;
    double scale = 1;
    double angle = 0;
    bool ok = true;
};

Measured measure(const QList<QImage>& frames) {
    Measured measured;
    for (int i = 1; i < frames.size(); ++i) {
        const cv::Point2d shift = phaseShift(frames[i - 1], frames[i]);
        const Similarity step = similarity(frames[i - 1], frames[i]);
        measured.ok = measured.ok && step.ok;
        measured.shifts.push_back(shift);
        measured.scales.push_back(step.scale);
        measured.angles.push_back(step.angle);
        measured.shift += shift;
        measured.centre += step.centre;
        measured.scale *= step.scale;
        measured.angle += step.angle;
    }
    return measured;
}

// The part of the clip's motion a speed test compares.
double magnitude(const Measured& measured, const QString& quantity) {
    if (quantity == QLatin1String("shift"))
        return std::hypot(measured.shift.x, measured.shift.y);
    if (quantity == QLatin1String("scale"))
        return std::abs(std::log(measured.scale));
    return std::abs(measured.angle);
}

QImage constantImage(QSize size, QColor colour) {
    QImage image(size, QImage::Format_RGB888);
    image.fill(colour);
    return image;
}

// The first pixel of `frame` that differs from `colour`, as text; empty when there is none.
QString firstDifferentPixel(const QImage& frame, QColor colour) {
    const QImage rgb = frame.convertToFormat(QImage::Format_RGB888);
    const QImage reference = constantImage(QSize(rgb.width(), 1), colour);
    const int rowBytes = 3 * rgb.width();
    for (int y = 0; y < rgb.height(); ++y) {
        const uchar* row = rgb.constScanLine(y);
        if (std::memcmp(row, reference.constScanLine(0), rowBytes) == 0)
            continue;
        for (int x = 0; x < rgb.width(); ++x) {
            const uchar* pixel = row + 3 * x;
            if (pixel[0] != colour.red() || pixel[1] != colour.green() || pixel[2] != colour.blue())
                return QStringLiteral("(%1, %2) is %3 %4 %5")
                    .arg(x)
                    .arg(y)
                    .arg(pixel[0])
                    .arg(pixel[1])
                    .arg(pixel[2]);
        }
    }
    return {};
}

QString describeMoves(const CameraPath& path) {
    QStringList parts;
    for (const auto& move : path.moves)
        parts << cameraMoveKindName(move.kind) + QLatin1Char(' ') +
                     cameraDirectionName(move.direction) + QLatin1Char(' ') +
                     cameraSpeedName(move.speed);
    return parts.join(QStringLiteral("; "));
}

QStringList leftovers(const QString& folder) {
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

}  // namespace

class TestCamera : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        for (const auto& name : kPhotographs)
            QVERIFY2(!photograph(name).isNull(), qPrintable(photographPath(name)));
    }

    // ---- Reading prompts ----

    void phraseTableIsSound() {
        const QStringList problems = cameraPhraseTableProblems();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void readsMoves_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("understood");
        const QList<std::pair<const char*, const char*>> rows = {
            {"Camera slowly panning left, clouds drifting", "pan left, slow"},
            {"the camera pans to the right", "pan right, medium"},
            {"pan from right to left across the table", "pan left, medium"},
            {"camera pans up", "tilt up, medium"},
            {"tilt up", "tilt up, medium"},
            {"the camera tilts down quickly", "tilt down, fast"},
            {"zooming in", "zoom in, medium"},
            {"fast zoom out", "zoom out, fast"},
            {"rotating clockwise", "rotate clockwise, medium"},
            {"gently rotating counter-clockwise", "rotate counter-clockwise, slow"},
            {"a counter clockwise rotation", "rotate counter-clockwise, medium"},
            {"dolly shot", "dolly in, medium"},
            {"the camera pulls back slowly", "dolly out, slow"},
            {"slowly zooming in while panning right", "zoom in, slow; pan right, medium"},
            {"zoom in slowly, pan left quickly", "zoom in, slow; pan left, fast"},
            {"no zoom, the camera tilts up", "tilt up, medium"},
            {"camera pans left to right", "pan right, medium"},
            {"the camera's view pans right", "pan right, medium"},
            {"zoom in and zoom out", "zoom in, medium"},
            {"镜头缓慢向左平移", "pan left, slow"},
            {"镜头向左缓慢平移", "pan left, slow"},
            {"推近", "dolly in, medium"},
            {"镜头向前推进", "dolly in, medium"},
            {"拉远", "zoom out, medium"},
            {"向右摇", "pan right, medium"},
            {"从右向左平移", "pan left, medium"},
            {"镜头从左到右缓慢平移", "pan right, slow"},
            {"镜头快速向上摇", "tilt up, fast"},
            {"逆时针旋转", "rotate counter-clockwise, medium"},
            {"缓缓推近，同时向右平移", "dolly in, slow; pan right, medium"},
        };
        for (const auto& [prompt, understood] : rows)
            QTest::newRow(prompt) << QString::fromUtf8(prompt) << QString::fromUtf8(understood);
    }

    void readsMoves() {
        QFETCH(QString, prompt);
        QFETCH(QString, understood);
        const CameraPath path = parseCameraPrompt(prompt);
        QCOMPARE(path.understood, understood);
        QVERIFY(!path.isDefault);
        for (const auto& move : path.moves)
            QVERIFY2(!move.words.isEmpty(), qPrintable(path.understood));
    }

    void reportsIgnoredWords_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QStringList>("ignored");
        QTest::newRow("subject words")
            << "Camera slowly panning left, clouds drifting" << QStringList{"clouds drifting"};
        QTest::newRow("scene around a move")
            << "A cat on a sofa, zooming in" << QStringList{"cat", "sofa"};
        QTest::newRow("second zoom") << "zoom in and zoom out" << QStringList{"zoom out"};
        QTest::newRow("negated") << "don't pan left, tilt up" << QStringList{"don't pan left"};
        QTest::newRow("Chinese scene") << QString::fromUtf8("一只猫在草地上，镜头缓慢推近")
                                       << QStringList{QString::fromUtf8("一只猫在草地上")};
        QTest::newRow("fillers only") << "the camera is zooming in" << QStringList{};
        QTest::newRow("route") << "pan from right to left across the table" << QStringList{"table"};
    }

    void reportsIgnoredWords() {
        QFETCH(QString, prompt);
        QFETCH(QStringList, ignored);
        QCOMPARE(parseCameraPrompt(prompt).ignoredWords, ignored);
    }

    void unknownPromptGetsGentleDefault_data() {
        QTest::addColumn<QString>("prompt");
        QTest::newRow("abstract") << "Make it dynamic";
        QTest::newRow("adjectives") << "beautiful scene, amazing motion";
        QTest::newRow("empty") << "";
        QTest::newRow("Chinese subject") << QString::fromUtf8("一只猫坐在窗边");
        QTest::newRow("cooking pan") << "a frying pan on the stove";
        QTest::newRow("subject motion") << "Person turning head to the right, gentle breeze";
    }

    void unknownPromptGetsGentleDefault() {
        QFETCH(QString, prompt);
        const CameraPath path = parseCameraPrompt(prompt);
        QVERIFY(path.isDefault);
        QCOMPARE(describeMoves(path), QStringLiteral("zoom in slow"));
        QVERIFY2(path.understood.contains(QLatin1String("default")), qPrintable(path.understood));
        // The default still moves the picture, gently.
        const Measured measured = measure(render(photograph("coffee"), prompt));
        QVERIFY(measured.ok);
        QVERIFY2(measured.scale > 1.03 && measured.scale < 1.25,
                 qPrintable(QString::number(measured.scale)));
    }

    void staticCameraHoldsStill() {
        const CameraPath path = parseCameraPrompt("static camera, a cat sleeping");
        QVERIFY(path.isStatic);
        QVERIFY(path.moves.isEmpty());
        const QList<QImage> frames = render(photograph("cat"), "static camera, a cat sleeping");
        QCOMPARE(frames.size(), kClipFrames);
        for (const auto& frame : frames)
            QCOMPARE(frame, frames.first());
    }

    void chineseMatchesEnglish_data() {
        QTest::addColumn<QString>("chinese");
        QTest::addColumn<QString>("english");
        const QList<std::pair<const char*, const char*>> rows = {
            {"镜头缓慢向左平移", "camera slowly panning left"},
            {"向右摇", "pan right"},
            {"镜头快速向上摇", "camera quickly tilting up"},
            {"镜头向下摇", "the camera tilts down"},
            {"推近", "push in"},
            {"镜头后拉", "the camera pulls back"},
            {"拉近", "zoom in"},
            {"拉远", "zoom out"},
            {"画面缓慢放大", "slowly zooming in"},
            {"顺时针旋转", "rotating clockwise"},
            {"逆时针缓慢旋转", "slowly rotating counter-clockwise"},
            {"缓缓推近，同时向右平移", "slowly pushing in while panning right"},
            {"镜头固定", "static camera"},
        };
        for (const auto& [chinese, english] : rows)
            QTest::newRow(english) << QString::fromUtf8(chinese) << QString::fromUtf8(english);
    }

    void chineseMatchesEnglish() {
        QFETCH(QString, chinese);
        QFETCH(QString, english);
        const CameraPath fromChinese = parseCameraPrompt(chinese);
        const CameraPath fromEnglish = parseCameraPrompt(english);
        QCOMPARE(describeMoves(fromChinese), describeMoves(fromEnglish));
        QCOMPARE(fromChinese.isStatic, fromEnglish.isStatic);
        QVERIFY(!fromChinese.isDefault);
        QVERIFY2(fromChinese.ignoredWords.isEmpty(),
                 qPrintable(fromChinese.ignoredWords.join('|')));
        // The same path renders the same frames.
        const QImage image = photograph("coffee");
        QCOMPARE(render(image, chinese, kClipSize, 4), render(image, english, kClipSize, 4));
    }

    // ---- Measured motion ----

    // The measuring tools themselves, on known warps: the signs the other tests rely on.
    void measuringToolsReadKnownMotion() {
        const QImage base =
            photograph("coffee").scaled(kClipSize, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        cv::Mat source(base.height(), base.width(), CV_8UC3, const_cast<uchar*>(base.constBits()),
                       base.bytesPerLine());
        const auto warped = [&](const cv::Mat& m) {
            QImage out(base.size(), QImage::Format_RGB888);
            cv::Mat target(out.height(), out.width(), CV_8UC3, out.bits(), out.bytesPerLine());
            cv::warpAffine(source, target, m, source.size(), cv::INTER_CUBIC, cv::BORDER_REFLECT);
            return out;
        };
        const cv::Mat shifted = (cv::Mat_<double>(2, 3) << 1, 0, 5, 0, 1, -3);
        const cv::Point2d shift = phaseShift(base, warped(shifted));
        QVERIFY2(std::abs(shift.x - 5) < 0.3 && std::abs(shift.y + 3) < 0.3,
                 qPrintable(QStringLiteral("%1 %2").arg(shift.x).arg(shift.y)));
        // OpenCV's positive angle turns counter-clockwise on screen: -2 is 2 degrees clockwise.
        const cv::Mat turned = cv::getRotationMatrix2D(
            cv::Point2f(base.width() / 2.0f, base.height() / 2.0f), -2.0, 1.05);
        const Similarity fit = similarity(base, warped(turned));
        QVERIFY(fit.ok);
        QVERIFY2(std::abs(fit.scale - 1.05) < 0.005 && std::abs(fit.angle - 2) < 0.2,
                 qPrintable(QStringLiteral("%1 %2").arg(fit.scale).arg(fit.angle)));
    }

    void panAndTiltMoveThePictureAgainstTheCamera_data() {
        QTest::addColumn<QString>("photo");
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<int>("signX");  // expected direction of the picture's motion
        QTest::addColumn<int>("signY");
        for (const auto& photo : kPhotographs) {
            const auto row = [&](const char* prompt, int x, int y) {
                QTest::addRow("%s: %s", qPrintable(photo), prompt) << photo << prompt << x << y;
            };
            row("camera panning left", +1, 0);
            row("camera panning right", -1, 0);
            row("camera tilting up", 0, +1);
            row("camera tilting down", 0, -1);
        }
    }

    void panAndTiltMoveThePictureAgainstTheCamera() {
        QFETCH(QString, photo);
        QFETCH(QString, prompt);
        QFETCH(int, signX);
        QFETCH(int, signY);
        const Measured measured = measure(render(photograph(photo), prompt));
        const double along = signX != 0 ? measured.shift.x * signX : measured.shift.y * signY;
        const double across = signX != 0 ? measured.shift.y : measured.shift.x;
        const int side = signX != 0 ? kClipSize.width() : kClipSize.height();
        const QString report =
            QStringLiteral("shift %1, %2").arg(measured.shift.x).arg(measured.shift.y);
        QVERIFY2(along > 0.1 * side, qPrintable(report));
        QVERIFY2(std::abs(across) < 0.1 * along, qPrintable(report));
        // Every step goes the same way (eased: slow at both ends, never backwards).
        for (const auto& step : measured.shifts) {
            const double stepAlong = signX != 0 ? step.x * signX : step.y * signY;
            QVERIFY2(stepAlong > -0.05, qPrintable(report));
        }
        QVERIFY(std::abs(measured.scale - 1) < 0.01);
    }

    void speedWordsOrderTheMotion_data() {
        QTest::addColumn<QString>("photo");
        QTest::addColumn<QString>("slow");
        QTest::addColumn<QString>("medium");
        QTest::addColumn<QString>("fast");
        QTest::addColumn<QString>("quantity");
        for (const auto& photo : kPhotographs) {
            const auto row = [&](const char* name, const char* slow, const char* medium,
                                 const char* fast, const char* quantity) {
                QTest::addRow("%s: %s", qPrintable(photo), name)
                    << photo << slow << medium << fast << quantity;
            };
            row("pan", "camera slowly panning left", "camera panning left",
                "camera quickly panning left", "shift");
            row("tilt", "gently tilting down", "tilting down", "tilting down fast", "shift");
            row("zoom", "slowly zooming in", "zooming in", "quickly zooming in", "scale");
            row("zoom out", "slow zoom out", "zoom out", "rapid zoom out", "scale");
            row("rotate", "slowly rotating clockwise", "rotating clockwise",
                "rotating clockwise quickly", "angle");
            row("dolly", "slow dolly in", "dolly in", "fast dolly in", "scale");
        }
    }

    void speedWordsOrderTheMotion() {
        QFETCH(QString, photo);
        QFETCH(QString, slow);
        QFETCH(QString, medium);
        QFETCH(QString, fast);
        QFETCH(QString, quantity);
        const QImage image = photograph(photo);
        const double slowAmount = magnitude(measure(render(image, slow)), quantity);
        const double mediumAmount = magnitude(measure(render(image, medium)), quantity);
        const double fastAmount = magnitude(measure(render(image, fast)), quantity);
        const QString report =
            QStringLiteral("%1 < %2 < %3").arg(slowAmount).arg(mediumAmount).arg(fastAmount);
        QVERIFY2(slowAmount > 0, qPrintable(report));
        QVERIFY2(slowAmount * 1.3 < mediumAmount, qPrintable(report));
        QVERIFY2(mediumAmount * 1.3 < fastAmount, qPrintable(report));
    }

    void zoomAndDollyScaleMonotonically_data() {
        QTest::addColumn<QString>("photo");
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<bool>("grows");
        for (const auto& photo : kPhotographs) {
            QTest::addRow("%s: zoom in", qPrintable(photo)) << photo << "zooming in" << true;
            QTest::addRow("%s: zoom out", qPrintable(photo)) << photo << "zooming out" << false;
            QTest::addRow("%s: dolly in", qPrintable(photo)) << photo << "dolly in" << true;
            QTest::addRow("%s: dolly out", qPrintable(photo)) << photo << "pull back" << false;
            QTest::addRow("%s: push in", qPrintable(photo))
                << photo << QString::fromUtf8("推近") << true;
        }
    }

    void zoomAndDollyScaleMonotonically() {
        QFETCH(QString, photo);
        QFETCH(QString, prompt);
        QFETCH(bool, grows);
        const Measured measured = measure(render(photograph(photo), prompt));
        QVERIFY(measured.ok);
        const QString report = QStringLiteral("total scale %1").arg(measured.scale);
        QVERIFY2(grows ? measured.scale > 1.15 : measured.scale < 1 / 1.15, qPrintable(report));
        for (double step : measured.scales)
            QVERIFY2(grows ? step > 0.999 : step < 1.001,
                     qPrintable(report + QStringLiteral(", a step of %1").arg(step)));
        // Zooming about the centre: the centre stays put, nothing turns.
        QVERIFY2(std::hypot(measured.centre.x, measured.centre.y) < 0.03 * kClipSize.width(),
                 qPrintable(QStringLiteral("centre moved %1, %2")
                                .arg(measured.centre.x)
                                .arg(measured.centre.y)));
        QVERIFY(std::abs(measured.angle) < 0.5);
    }

    // A dolly is not a zoom: the lower part of the frame (nearer ground) grows faster.
    void dollyHasPerspective() {
        const QList<QImage> frames = render(photograph("coffee"), "dolly in");
        const cv::Rect top(0, 0, kClipSize.width(), kClipSize.height() / 3);
        const cv::Rect bottom(0, kClipSize.height() * 2 / 3, kClipSize.width(),
                              kClipSize.height() / 3);
        double topScale = 1, bottomScale = 1;
        for (int i = 1; i < frames.size(); ++i) {
            const Similarity upper = similarity(frames[i - 1], frames[i], top);
            const Similarity lower = similarity(frames[i - 1], frames[i], bottom);
            QVERIFY(upper.ok && lower.ok);
            topScale *= upper.scale;
            bottomScale *= lower.scale;
        }
        QVERIFY2(bottomScale > topScale * 1.02,
                 qPrintable(QStringLiteral("top %1, bottom %2").arg(topScale).arg(bottomScale)));
        // And a zoom has none.
        const QList<QImage> zoomed = render(photograph("coffee"), "zoom in");
        const Similarity upper = similarity(zoomed.first(), zoomed.last(), top);
        const Similarity lower = similarity(zoomed.first(), zoomed.last(), bottom);
        QVERIFY(upper.ok && lower.ok);
        QVERIFY2(std::abs(lower.scale / upper.scale - 1) < 0.01,
                 qPrintable(QStringLiteral("top %1, bottom %2").arg(upper.scale).arg(lower.scale)));
    }

    void rotationTurnsTheNamedWay_data() {
        QTest::addColumn<QString>("photo");
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<int>("sign");  // +1: clockwise on screen
        for (const auto& photo : kPhotographs) {
            QTest::addRow("%s: clockwise", qPrintable(photo)) << photo << "rotating clockwise" << 1;
            QTest::addRow("%s: counter-clockwise", qPrintable(photo))
                << photo << "rotating counter-clockwise" << -1;
            QTest::addRow("%s: 顺时针", qPrintable(photo))
                << photo << QString::fromUtf8("顺时针旋转") << 1;
            QTest::addRow("%s: 逆时针", qPrintable(photo))
                << photo << QString::fromUtf8("逆时针旋转") << -1;
        }
    }

    void rotationTurnsTheNamedWay() {
        QFETCH(QString, photo);
        QFETCH(QString, prompt);
        QFETCH(int, sign);
        const Measured measured = measure(render(photograph(photo), prompt));
        QVERIFY(measured.ok);
        const QString report = QStringLiteral("angle %1").arg(measured.angle);
        QVERIFY2(measured.angle * sign > 3, qPrintable(report));
        for (double step : measured.angles)
            QVERIFY2(step * sign > -0.05, qPrintable(report));
    }

    void combinedPhrasesProduceBothMotions() {
        const Measured measured =
            measure(render(photograph("coffee"), "slowly zooming in while panning right"));
        QVERIFY(measured.ok);
        const QString report = QStringLiteral("scale %1, centre moved %2, %3")
                                   .arg(measured.scale)
                                   .arg(measured.centre.x)
                                   .arg(measured.centre.y);
        QVERIFY2(measured.scale > 1.05, qPrintable(report));                         // zoom in
        QVERIFY2(measured.centre.x < -0.1 * kClipSize.width(), qPrintable(report));  // pan right
        QVERIFY2(std::abs(measured.centre.y) < 0.3 * std::abs(measured.centre.x),
                 qPrintable(report));
        for (double step : measured.scales)
            QVERIFY2(step > 0.999, qPrintable(report));
    }

    // ---- Never outside the photograph ----

    // A photograph-sized image of one colour goes through exactly the transforms the photograph
    // would (they depend on sizes only). The warps read outside it as black, so one pixel that is
    // not the colour means some filter tap reached past the photograph's edge.
    void noFrameSamplesOutsideThePhotograph_data() {
        QTest::addColumn<QString>("photo");
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QSize>("size");
        const QStringList prompts = {
            "camera quickly panning left",
            "tilting down fast",
            "quickly zooming in",
            "rapid zoom out",
            "rotating clockwise quickly",
            "fast dolly in",
            "pull back quickly",
            "quickly zooming out while rotating counter-clockwise fast and panning right fast",
            "fast dolly in, tilt up quickly, fast clockwise rotation",
            "static camera",
            "a quiet morning"};
        const QList<QSize> sizes = {kClipSize, QSize(180, 320), QSize(400, 100), QSize(1280, 704)};
        for (const auto& photo : kPhotographs)
            for (const auto& size : sizes)
                for (const auto& prompt : prompts)
                    QTest::addRow("%s %dx%d: %s", qPrintable(photo), size.width(), size.height(),
                                  qPrintable(prompt))
                        << photo << prompt << size;
    }

    void noFrameSamplesOutsideThePhotograph() {
        QFETCH(QString, photo);
        QFETCH(QString, prompt);
        QFETCH(QSize, size);
        const QColor colour(201, 37, 155);
        const QImage flat = constantImage(photograph(photo).size(), colour);
        const QList<QImage> frames = render(flat, prompt, size, 9);
        QCOMPARE(frames.size(), 9);
        for (int i = 0; i < frames.size(); ++i) {
            const QString different = firstDifferentPixel(frames[i], colour);
            QVERIFY2(different.isEmpty(),
                     qPrintable(QStringLiteral("frame %1: %2").arg(i).arg(different)));
        }
    }

    // The same with parallax and with the Lanczos filter, through the renderer itself.
    void noFrameSamplesOutsideWithParallaxOrLanczos_data() {
        QTest::addColumn<bool>("parallax");
        QTest::addColumn<bool>("lanczos");
        QTest::newRow("parallax") << true << false;
        QTest::newRow("lanczos") << false << true;
        QTest::newRow("both") << true << true;
    }

    void noFrameSamplesOutsideWithParallaxOrLanczos() {
        QFETCH(bool, parallax);
        QFETCH(bool, lanczos);
        const QColor colour(12, 230, 77);
        const QImage flat = constantImage(photograph("coffee").size(), colour);
        // Near at the left edge, far at the right: the strongest lag where the edges are.
        QImage nearness(64, 64, QImage::Format_Grayscale8);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x)
                nearness.scanLine(y)[x] = uchar(255 - 4 * x);
        const QList<media::CameraMotion> motions = {{0.36, 0, 1, 0, 0},
                                                    {0, -0.36, 1, 0, 0},
                                                    {0, 0, 1.6, 0, 0},
                                                    {0, 0, 1 / 1.6, 0, 0},
                                                    {0, 0, 1, 14.4, 0},
                                                    {0, 0, 1, 0, 0.36},
                                                    {-0.36, 0.36, 1.3, -14.4, -0.36}};
        for (const auto& motion : motions) {
            media::CameraRenderOptions options;
            options.size = kClipSize;
            options.frames = 9;
            options.parallax = parallax;
            options.parallaxStrength = 1;
            options.nearness = nearness;
            options.resampling = lanczos ? media::Resampling::Lanczos : media::Resampling::Cubic;
            auto renderer = media::CameraMotionRenderer::create(flat, motion, options);
            QVERIFY(renderer);
            for (int i = 0; i < renderer->frameCount(); ++i) {
                const QString different = firstDifferentPixel(renderer->frame(i), colour);
                QVERIFY2(different.isEmpty(),
                         qPrintable(QStringLiteral("pan %1 zoom %2 frame %3: %4")
                                        .arg(motion.pan)
                                        .arg(motion.zoom)
                                        .arg(i)
                                        .arg(different)));
            }
        }
    }

    // A move the photograph has no room for is shortened, and says so.
    void shortensMovesThatDoNotFit() {
        media::CameraRenderOptions options;
        options.size = QSize(600, 100);  // a strip as wide as the photograph
        options.frames = 8;
        auto renderer =
            media::CameraMotionRenderer::create(photograph("coffee"), {0.9, 0, 1, 0, 0}, options);
        QVERIFY(renderer);
        const media::CameraPlan& plan = renderer->plan();
        QVERIFY2(plan.shortenedTo < 0.9, qPrintable(QString::number(plan.shortenedTo)));
        QVERIFY(plan.shortenedTo > 0);
        QCOMPARE(plan.motion.pan, 0.9 * plan.shortenedTo);
        QCOMPARE(plan.cropZoom, media::kMaxCropZoom);
        QVERIFY(plan.notes.join(' ').contains(QLatin1String("shortened")));
        // A move that fits is not shortened.
        options.size = kClipSize;
        auto fits =
            media::CameraMotionRenderer::create(photograph("coffee"), {0.2, 0, 1, 0, 0}, options);
        QVERIFY(fits);
        QCOMPARE(fits->plan().shortenedTo, 1.0);
        QVERIFY(fits->plan().notes.isEmpty());
    }

    // Parallax: near parts follow the camera, far ones lag.
    void parallaxMovesNearPartsMore() {
        QImage nearness(64, 64, QImage::Format_Grayscale8);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x)
                nearness.scanLine(y)[x] = x < 32 ? 255 : 0;  // left half near
        media::CameraRenderOptions options;
        options.size = kClipSize;
        options.frames = kClipFrames;
        options.parallax = true;
        options.nearness = nearness;
        auto renderer =
            media::CameraMotionRenderer::create(photograph("coffee"), {-0.3, 0, 1, 0, 0}, options);
        QVERIFY(renderer);
        auto frames = renderer->renderAll();
        QVERIFY(frames);
        const int w = kClipSize.width(), h = kClipSize.height();
        const auto part = [&](const QImage& frame, int x) { return frame.copy(x, 0, w / 4, h); };
        double nearShift = 0, farShift = 0;
        for (int i = 1; i < frames->size(); ++i) {
            nearShift += phaseShift(part(frames->at(i - 1), w / 8), part(frames->at(i), w / 8)).x;
            farShift +=
                phaseShift(part(frames->at(i - 1), w * 5 / 8), part(frames->at(i), w * 5 / 8)).x;
        }
        const QString report = QStringLiteral("near %1, far %2").arg(nearShift).arg(farShift);
        QVERIFY2(farShift > 0.1 * w * 0.3, qPrintable(report));
        QVERIFY2(nearShift > 1.25 * farShift, qPrintable(report));
        // With the nearness estimated from sharpness, rendering works on a real photograph.
        options.nearness = QImage();
        auto estimated =
            media::CameraMotionRenderer::create(photograph("cat"), {0, 0, 1, 0, 0.3}, options);
        QVERIFY(estimated);
        QVERIFY(!estimated->frame(0).isNull());
        QVERIFY(estimated->frame(0) != estimated->frame(kClipFrames - 1));
    }

    // ---- The whole engine: video, metadata, sidecar ----

    void writesVideoWithMetadataAndSidecar_data() {
        QTest::addColumn<QString>("format");
        QTest::newRow("mp4") << "mp4";
        QTest::newRow("webm") << "webm";
        QTest::newRow("gif") << "gif";
        QTest::newRow("png") << "png";
    }

    void writesVideoWithMetadataAndSidecar() {
        QFETCH(QString, format);
        const QString folder = dir_.filePath("ok-" + format);
        QVERIFY(QDir().mkpath(folder));
        CameraRequest request;
        request.imagePath = photographPath("coffee");
        request.prompt = "Camera slowly panning left, clouds drifting";
        request.width = kClipSize.width();
        request.height = kClipSize.height();
        request.frames = kClipFrames;
        request.fps = 12;
        request.format = format;
        request.outputPath = folder + (format == "png" ? "/clip" : "/clip." + format);
        int lastProgress = 0;
        CameraCallbacks callbacks;
        callbacks.progress = [&](int done, int total) {
            QCOMPARE(total, kClipFrames);
            lastProgress = done;
        };
        const CameraOutcome outcome = renderCameraVideo(request, callbacks);
        QVERIFY2(outcome.ok(), qPrintable(outcome.error));
        QCOMPARE(lastProgress, kClipFrames);
        QCOMPARE(outcome.outputPath, request.outputPath);
        QCOMPARE(outcome.sidecarPath, folder + "/clip.json");
        QCOMPARE(outcome.frameCount, kClipFrames);
        QCOMPARE(outcome.path.understood, QStringLiteral("pan left, slow"));
        QStringList expected{"clip" + (format == "png" ? QString() : "." + format), "clip.json"};
        expected.sort();
        QCOMPARE(leftovers(folder), expected);

        QFile sidecarFile(outcome.sidecarPath);
        QVERIFY(sidecarFile.open(QIODevice::ReadOnly));
        const QJsonObject sidecar = QJsonDocument::fromJson(sidecarFile.readAll()).object();
        QCOMPARE(sidecar.value("engine").toString(), QStringLiteral("camera"));
        QCOMPARE(sidecar.value("request").toObject(), request.toJson());
        const QJsonObject path = sidecar.value("camera_path").toObject();
        QCOMPARE(path.value("understood").toString(), QStringLiteral("pan left, slow"));
        QCOMPARE(path.value("ignored_words").toArray(), QJsonArray{"clouds drifting"});
        QCOMPARE(sidecar.value("output").toObject().value("frames").toInt(), kClipFrames);

        if (format == "png") {
            QCOMPARE(QDir(outcome.outputPath).entryList(QDir::Files).size(), kClipFrames);
            return;
        }
        auto reader = media::VideoReader::open(outcome.outputPath);
        QVERIFY2(reader, qPrintable(reader ? QString() : reader.error().message));
        QCOMPARE(reader->info().size, kClipSize);
        QCOMPARE(reader->info().frameCount, kClipFrames);
        const auto metadata = reader->metadata();
        QCOMPARE(metadata.value("kinora_engine"), QStringLiteral("camera"));
        QCOMPARE(QJsonDocument::fromJson(metadata.value("kinora_request").toUtf8()).object(),
                 request.toJson());
        // The decoded video still pans the named way.
        auto decoded = reader->readFrames();
        QVERIFY(decoded);
        QVERIFY2(measure(*decoded).shift.x > 0.05 * kClipSize.width(),
                 qPrintable(QString::number(measure(*decoded).shift.x)));
    }

    void badInputFailsClearlyAndWritesNothing_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not an image") << "text"
                                      << "not an image";
        QTest::newRow("header claims 30000x30000") << "huge"
                                                   << "too large";
        QTest::newRow("missing image") << "missing"
                                       << "not found";
        QTest::newRow("1 frame") << "one-frame"
                                 << "at least 2 frames";
        QTest::newRow("0 x 0") << "zero-size"
                               << "out of range";
        QTest::newRow("100000 x 100000") << "absurd-size"
                                         << "out of range";
        QTest::newRow("unknown format") << "format"
                                        << "Unknown video format";
        QTest::newRow("missing output folder") << "no-folder"
                                               << "folder";
        QTest::newRow("sidecar blocked by a folder") << "sidecar"
                                                     << "sidecar";
    }

    void badInputFailsClearlyAndWritesNothing() {
        QFETCH(QString, kind);
        QFETCH(QString, mentions);
        const QString folder = dir_.filePath("bad-" + kind);
        QVERIFY(QDir().mkpath(folder));
        CameraRequest request;
        request.imagePath = photographPath("cat");
        request.prompt = "zoom in";
        request.width = kClipSize.width();
        request.height = kClipSize.height();
        request.frames = 4;
        request.outputPath = folder + "/clip.mp4";
        if (kind == "text" || kind == "huge") {
            request.imagePath = folder + (kind == "text" ? "/notes.png" : "/huge.png");
            QFile file(request.imagePath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(kind == "text" ? QByteArray("just some words, not pixels\n")
                                      : kinora::test::pngHeaderClaiming(30000, 30000));
        } else if (kind == "missing") {
            request.imagePath = folder + "/nowhere.jpg";
        } else if (kind == "one-frame") {
            request.frames = 1;
        } else if (kind == "zero-size") {
            request.width = request.height = 0;
        } else if (kind == "absurd-size") {
            request.width = request.height = 100000;
        } else if (kind == "format") {
            request.format = "avi";
        } else if (kind == "no-folder") {
            request.outputPath = folder + "/not/there/clip.mp4";
        } else if (kind == "sidecar") {
            QVERIFY(QDir().mkpath(folder + "/clip.json"));
        }
        const QStringList before = leftovers(folder);
        const CameraOutcome outcome = renderCameraVideo(request);
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.error.contains(mentions, Qt::CaseInsensitive), qPrintable(outcome.error));
        QVERIFY(!outcome.remedy.isEmpty());
        QVERIFY(!QFileInfo::exists(request.outputPath));
        QCOMPARE(leftovers(folder), before);
    }

    // The renderer's own checks, for callers that bypass the engine.
    void rendererRefusesBadOptions_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("frames");
        QTest::addColumn<double>("zoom");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("1 frame") << kClipSize << 1 << 1.3 << "at least 2 frames";
        QTest::newRow("0 x 0") << QSize(0, 0) << 8 << 1.3 << "not a usable frame size";
        QTest::newRow("negative") << QSize(-5, 100) << 8 << 1.3 << "not a usable frame size";
        QTest::newRow("9000 x 9000") << QSize(9000, 9000) << 8 << 1.3 << "too large";
        QTest::newRow("8000 x 8000") << QSize(8000, 8000) << 8 << 1.3 << "too large";
        QTest::newRow("zoom 0") << kClipSize << 8 << 0.0 << "out of range";
        QTest::newRow("zoom NaN") << kClipSize << 8 << std::nan("") << "out of range";
    }

    void rendererRefusesBadOptions() {
        QFETCH(QSize, size);
        QFETCH(int, frames);
        QFETCH(double, zoom);
        QFETCH(QString, mentions);
        media::CameraRenderOptions options;
        options.size = size;
        options.frames = frames;
        media::CameraMotion motion;
        motion.zoom = zoom;
        const auto renderer =
            media::CameraMotionRenderer::create(photograph("cat"), motion, options);
        QVERIFY(!renderer);
        QVERIFY2(renderer.error().message.contains(mentions), qPrintable(renderer.error().message));
        QVERIFY(!renderer.error().remedy.isEmpty());
        options.size = kClipSize;
        options.frames = 8;
        QVERIFY(!media::CameraMotionRenderer::create(QImage(), {}, options));
    }

    void cancelLeavesNothing() {
        const QString folder = dir_.filePath("cancel");
        QVERIFY(QDir().mkpath(folder));
        CameraRequest request;
        request.imagePath = photographPath("coffee");
        request.prompt = "zoom in";
        request.width = kClipSize.width();
        request.height = kClipSize.height();
        request.frames = kClipFrames;
        request.outputPath = folder + "/clip.mp4";
        int frames = 0;
        CameraCallbacks callbacks;
        callbacks.progress = [&](int done, int) { frames = done; };
        callbacks.cancelRequested = [&] { return frames >= 3; };
        const CameraOutcome outcome = renderCameraVideo(request, callbacks);
        QVERIFY(!outcome.ok());
        QVERIFY(outcome.cancelled);
        QVERIFY(leftovers(folder).isEmpty());

        // renderCameraFrames stops too.
        const CameraFrames stopped =
            renderCameraFrames(photograph("coffee"), parseCameraPrompt("zoom in"), kClipSize,
                               kClipFrames, false, callbacks);
        QVERIFY(stopped.cancelled);
        QVERIFY(stopped.frames.isEmpty());
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestCamera)
#include "tst_camera.moc"
