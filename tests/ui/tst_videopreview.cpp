// The result pane with a real MP4 (written here by Kinora's own exporter): it plays and loops under
// the offscreen platform, steps one frame at a time, scrubs, names a file it cannot play, and shows
// latent previews moving until the video replaces them.
#include <QLabel>
#include <QMediaPlayer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>

#include "media/VideoExporter.h"
#include "ui/VideoPreview.h"

using kinora::ui::VideoPreview;

namespace {

constexpr int kFrames = 16;
constexpr int kFps = 16;  // one second of video
// Generous for a busy 2-core machine; the backend needs a few hundred milliseconds.
constexpr int kTimeoutMs = 8000;

// A disc crossing a gradient: every frame different.
QImage frame(int index) {
    QImage image(128, 96, QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const bool disc = std::hypot(x - (10 + 6 * index), y - 48) < 12;
            image.setPixelColor(x, y, disc ? QColor(230, 60, 40) : QColor(40 + x, 30 + y, 120));
        }
    return image;
}

QColor centreColour(QWidget* widget) {
    const QImage image = widget->grab().toImage();
    return image.pixelColor(image.width() / 2, image.height() / 2);
}

}  // namespace

class TestVideoPreview : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString videoPath_;

    // A shown preview, playing the test video.
    std::unique_ptr<VideoPreview> playing() {
        auto preview = std::make_unique<VideoPreview>();
        preview->resize(480, 360);
        preview->show();
        if (!QTest::qWaitForWindowExposed(preview.get()))
            return {};
        preview->setFrameRate(kFps);
        preview->openVideo(videoPath_);
        if (!QTest::qWaitFor(
                [&] {
                    return preview->player()->playbackState() == QMediaPlayer::PlayingState &&
                           preview->frameCount() > 0;
                },
                kTimeoutMs))
            return {};
        return preview;
    }

    // Pauses, then waits for the player to settle on `frame`.
    static bool pausedAt(VideoPreview& preview, int frame) {
        return QTest::qWaitFor(
            [&] {
                return preview.player()->playbackState() == QMediaPlayer::PausedState &&
                       preview.currentFrame() == frame;
            },
            kTimeoutMs);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QList<QImage> frames;
        for (int i = 0; i < kFrames; ++i)
            frames << frame(i);
        kinora::media::ExportOptions options;
        options.fps = {kFps, 1};
        videoPath_ = dir_.filePath(QStringLiteral("clip.mp4"));
        const auto written = kinora::media::exportVideo(videoPath_, frames, options);
        QVERIFY2(written.has_value(), qPrintable(written ? QString() : written.error().message));
        QCOMPARE(written->frameCount, kFrames);
    }

    void startsEmptyWithLoopOn() {
        VideoPreview preview;
        QCOMPARE(preview.page(), VideoPreview::Page::Empty);
        auto* loop = preview.findChild<QToolButton*>(QStringLiteral("loopButton"));
        QVERIFY(loop);
        QVERIFY(loop->isCheckable() && loop->isChecked());
        QVERIFY(preview.isLooping());
        QCOMPARE(preview.player()->loops(), int(QMediaPlayer::Infinite));
        for (const char* name : {"videoWidget", "playButton", "stepBackButton", "stepForwardButton",
                                 "scrubSlider", "frameLabel"})
            QVERIFY2(preview.findChild<QWidget*>(QLatin1String(name)), name);
    }

    // This machine's Qt 6.4 backend (GStreamer) reaches PlayingState offscreen and reports the
    // clip's duration, so frame counts and the label work as in the app.
    void playsARealMp4() {
        auto preview = playing();
        QVERIFY(preview);
        // Decoded frames of the clip's size reach the video widget.
        QList<QSize> frameSizes;
        const auto connection =
            connect(preview->findChild<QVideoWidget*>(QStringLiteral("videoWidget"))->videoSink(),
                    &QVideoSink::videoFrameChanged, this,
                    [&](const QVideoFrame& frame) { frameSizes << frame.size(); });
        QTRY_VERIFY_WITH_TIMEOUT(frameSizes.size() >= 3, kTimeoutMs);
        disconnect(connection);
        QCOMPARE(frameSizes.last(), frame(0).size());
        QCOMPARE(preview->page(), VideoPreview::Page::Player);
        QCOMPARE(preview->videoPath(), videoPath_);
        QCOMPARE(preview->frameCount(), kFrames);
        QTRY_VERIFY_WITH_TIMEOUT(preview->player()->position() > 0, kTimeoutMs);
        auto* label = preview->findChild<QLabel*>(QStringLiteral("frameLabel"));
        QVERIFY(label->text().endsWith(QStringLiteral(" / %1").arg(kFrames)));
        QVERIFY(label->text().startsWith(QStringLiteral("frame ")));
        auto* slider = preview->findChild<QSlider*>(QStringLiteral("scrubSlider"));
        QCOMPARE(slider->maximum(), kFrames - 1);
    }

    // The rate the container states (GStreamer reports it) counts over the caller's, for the
    // opened video only.
    void theContainersFrameRateWins() {
        auto preview = playing();
        QVERIFY(preview);
        preview->setFrameRate(10);
        QCOMPARE(preview->frameRate(), double(kFps));
        QCOMPARE(preview->frameCount(), kFrames);
        preview->clear();
        QCOMPARE(preview->frameRate(), 10.0);
    }

    void spaceAndThePlayButtonPauseAndResume() {
        auto preview = playing();
        QVERIFY(preview);
        preview->setFocus();
        QTest::keyClick(preview.get(), Qt::Key_Space);
        QTRY_COMPARE_WITH_TIMEOUT(preview->player()->playbackState(), QMediaPlayer::PausedState,
                                  kTimeoutMs);
        QTest::mouseClick(preview->findChild<QToolButton*>(QStringLiteral("playButton")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(preview->player()->playbackState(), QMediaPlayer::PlayingState,
                                  kTimeoutMs);
    }

    // A one-second clip still plays, and has started over, after two seconds; with the loop off
    // it ends.
    void loopsUntilLoopIsTurnedOff() {
        auto preview = playing();
        QVERIFY(preview);
        bool wrapped = false;
        qint64 last = 0;
        const auto connection =
            connect(preview->player(), &QMediaPlayer::positionChanged, this, [&](qint64 position) {
                wrapped = wrapped || position + 200 < last;
                last = position;
            });
        QTRY_VERIFY_WITH_TIMEOUT(wrapped, kTimeoutMs);
        disconnect(connection);
        QTest::qWait(1200);
        QCOMPARE(preview->player()->playbackState(), QMediaPlayer::PlayingState);

        QTest::mouseClick(preview->findChild<QToolButton*>(QStringLiteral("loopButton")),
                          Qt::LeftButton);
        QVERIFY(!preview->isLooping());
        QCOMPARE(preview->player()->loops(), int(QMediaPlayer::Once));
        QTRY_COMPARE_WITH_TIMEOUT(preview->player()->mediaStatus(), QMediaPlayer::EndOfMedia,
                                  kTimeoutMs);
        QCOMPARE(preview->player()->playbackState(), QMediaPlayer::StoppedState);
    }

    // "." and the forward button move exactly one frame (1/16 s here), "," and the back button
    // one back; the ends hold.
    void stepsOneFrame() {
        auto preview = playing();
        QVERIFY(preview);
        preview->setFocus();
        auto* label = preview->findChild<QLabel*>(QStringLiteral("frameLabel"));
        preview->seekToFrame(0);
        QTest::keyClick(preview.get(), Qt::Key_Comma);  // pauses; already at the first frame
        QVERIFY(pausedAt(*preview, 0));

        QTest::keyClick(preview.get(), Qt::Key_Period);
        QVERIFY(pausedAt(*preview, 1));
        QCOMPARE(preview->player()->position(), qint64(std::ceil(1000.0 / kFps)));
        QCOMPARE(label->text(), QStringLiteral("frame 2 / %1").arg(kFrames));

        QTest::mouseClick(preview->findChild<QToolButton*>(QStringLiteral("stepForwardButton")),
                          Qt::LeftButton);
        QVERIFY(pausedAt(*preview, 2));
        QCOMPARE(preview->player()->position(), qint64(std::ceil(2000.0 / kFps)));

        QTest::mouseClick(preview->findChild<QToolButton*>(QStringLiteral("stepBackButton")),
                          Qt::LeftButton);
        QVERIFY(pausedAt(*preview, 1));
        QTest::keyClick(preview.get(), Qt::Key_Comma);
        QVERIFY(pausedAt(*preview, 0));
        QCOMPARE(label->text(), QStringLiteral("frame 1 / %1").arg(kFrames));

        preview->seekToFrame(kFrames - 1);
        QVERIFY(pausedAt(*preview, kFrames - 1));
        QTest::keyClick(preview.get(), Qt::Key_Period);
        QTest::qWait(200);
        QCOMPARE(preview->currentFrame(), kFrames - 1);
    }

    void scrubSliderSeeks() {
        auto preview = playing();
        QVERIFY(preview);
        QTest::keyClick(preview.get(), Qt::Key_Space);
        auto* slider = preview->findChild<QSlider*>(QStringLiteral("scrubSlider"));
        slider->setValue(10);
        QVERIFY(pausedAt(*preview, 10));
        QCOMPARE(preview->findChild<QLabel*>(QStringLiteral("frameLabel"))->text(),
                 QStringLiteral("frame 11 / %1").arg(kFrames));
        QCOMPARE(slider->value(), 10);
    }

    void unplayableFilesGiveAMessage_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("content");
        QByteArray noise(64 * 1024, Qt::Uninitialized);
        QRandomGenerator generator(7);
        generator.fillRange(reinterpret_cast<quint32*>(noise.data()), noise.size() / 4);
        QTest::newRow("noise") << "broken.mp4" << noise;
        QTest::newRow("empty") << "empty.mp4" << QByteArray();
        QTest::newRow("text") << "notes.mp4" << QByteArray("not a video\n");
        QTest::newRow("missing") << "missing.mp4" << QByteArray();
    }

    void unplayableFilesGiveAMessage() {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, content);
        const QString path = dir_.filePath(fileName);
        if (QTest::currentDataTag() != QLatin1String("missing")) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        VideoPreview preview;
        preview.resize(480, 360);
        preview.show();
        QVERIFY(QTest::qWaitForWindowExposed(&preview));
        QSignalSpy errors(&preview, &VideoPreview::playbackError);
        preview.openVideo(path);
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, kTimeoutMs);
        const QString message = errors.first().first().toString();
        qInfo().noquote() << message;
        QVERIFY2(message.contains(fileName), qPrintable(message));
        QCOMPARE(preview.page(), VideoPreview::Page::Message);
        QCOMPARE(preview.message(), message);
        QVERIFY(preview.findChild<QLabel*>(QStringLiteral("messageLabel"))->isVisible());
        QTest::qWait(300);
        QCOMPARE(errors.size(), 1);  // one message per file

        // A good video plays afterwards.
        preview.openVideo(videoPath_);
        QTRY_COMPARE_WITH_TIMEOUT(preview.player()->playbackState(), QMediaPlayer::PlayingState,
                                  kTimeoutMs);
        QCOMPARE(preview.page(), VideoPreview::Page::Player);
        QCOMPARE(errors.size(), 1);
    }

    // Latent frames (a few pixels) fill the view, cycle at the frame rate, and give way to the
    // video when it is opened.
    void latentPreviewMovesUntilTheVideoReplacesIt() {
        VideoPreview preview;
        preview.resize(480, 360);
        preview.show();
        QVERIFY(QTest::qWaitForWindowExposed(&preview));
        preview.setFrameRate(kFps);
        const QList<QColor> colours{Qt::red, Qt::green, Qt::blue};
        QList<QImage> frames;
        for (const QColor& colour : colours) {
            QImage latent(16, 9, QImage::Format_RGB888);
            latent.fill(colour);
            frames << latent;
        }
        preview.showLatentPreview(12, 50, frames);
        QCOMPARE(preview.page(), VideoPreview::Page::LatentPreview);
        QCOMPARE(preview.findChild<QLabel*>(QStringLiteral("previewCaption"))->text(),
                 QStringLiteral("Preview at step 12 / 50"));
        auto* view = preview.findChild<QWidget*>(QStringLiteral("latentView"));
        QVERIFY(view && view->isVisible());

        // Scaled up: the 16x9 frame covers most of the view's width.
        preview.findChild<QTimer*>(QStringLiteral("previewTimer"))->stop();
        const QImage shown = view->grab().toImage();
        const int y = shown.height() / 2;
        QCOMPARE(shown.pixelColor(shown.width() / 2, y), colours[preview.latentFrameIndex()]);
        QCOMPARE(shown.pixelColor(shown.width() / 10, y), colours[preview.latentFrameIndex()]);
        QCOMPARE(shown.pixelColor(shown.width() * 9 / 10, y), colours[preview.latentFrameIndex()]);

        // Cycling: every frame comes round, in order, and is what the view shows.
        preview.findChild<QTimer*>(QStringLiteral("previewTimer"))->start();
        QList<int> seen{preview.latentFrameIndex()};
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                if (preview.latentFrameIndex() != seen.last())
                    seen << preview.latentFrameIndex();
                return seen.size() >= 4;
            }(),
            kTimeoutMs);
        for (int i = 1; i < seen.size(); ++i)
            QCOMPARE(seen[i], (seen[i - 1] + 1) % int(colours.size()));
        preview.findChild<QTimer*>(QStringLiteral("previewTimer"))->stop();
        QCOMPARE(centreColour(view), colours[preview.latentFrameIndex()]);

        // A later step's frames replace the earlier ones.
        preview.showLatentPreview(20, 50, {frames[2]});
        QCOMPARE(preview.latentFrameIndex(), 0);
        QCOMPARE(centreColour(view), colours[2]);
        QCOMPARE(preview.findChild<QLabel*>(QStringLiteral("previewCaption"))->text(),
                 QStringLiteral("Preview at step 20 / 50"));

        preview.openVideo(videoPath_);
        QCOMPARE(preview.page(), VideoPreview::Page::Player);
        QVERIFY(!preview.findChild<QTimer*>(QStringLiteral("previewTimer"))->isActive());
        QVERIFY(preview.findChild<QVideoWidget*>(QStringLiteral("videoWidget"))->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(preview.player()->playbackState(), QMediaPlayer::PlayingState,
                                  kTimeoutMs);

        // The next job's preview stops the video; clear() empties the pane.
        preview.showLatentPreview(1, 50, frames);
        QCOMPARE(preview.page(), VideoPreview::Page::LatentPreview);
        QCOMPARE(preview.player()->playbackState(), QMediaPlayer::StoppedState);
        preview.clear();
        QCOMPARE(preview.page(), VideoPreview::Page::Empty);
        QVERIFY(!preview.findChild<QTimer*>(QStringLiteral("previewTimer"))->isActive());
    }
};

QTEST_MAIN(TestVideoPreview)
#include "tst_videopreview.moc"
