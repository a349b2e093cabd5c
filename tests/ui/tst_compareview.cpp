// The candidate grid with real MP4s (written here by Kinora's own exporter). Every frame of every
// video is one flat colour: red counts the frame, green names the video, so a decoded frame tells
// which video and which frame it is. The grid plays all of them in lockstep, scrubs and steps them
// together, and is driven by keys: selection, marks, picking, zoom, A/B side by side and a wipe.
#include <QElapsedTimer>
#include <QLabel>
#include <QMediaPlayer>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "media/VideoExporter.h"
#include "ui/CompareView.h"

using kinora::ui::CompareView;

namespace {

constexpr int kVideos = 4;
constexpr int kFrames = 16;
constexpr int kFps = 8;  // the model's own rate: two seconds a loop
// Generous for a busy 2-core machine; the backend needs a few hundred milliseconds per file.
constexpr int kTimeoutMs = 10000;

constexpr int kWidth = 128;
constexpr int kHeight = 96;
// Each frame is six horizontal stripes, black or white: four bits of the frame index, then two of
// the video's. Black and white survive H.264 and any colour-matrix or range mismatch on the way
// back, and every column holds the whole code, so half a frame (in the wipe) still tells it.
constexpr int kFrameBits = 4;
constexpr int kStripes = 6;

QImage codedFrame(int video, int frame) {
    QImage image(kWidth, kHeight, QImage::Format_RGB888);
    const int code = frame | video << kFrameBits;
    const int stripeHeight = kHeight / kStripes;
    for (int stripe = 0; stripe < kStripes; ++stripe) {
        const int grey = (code >> stripe) & 1 ? 235 : 20;
        for (int y = stripe * stripeHeight; y < (stripe + 1) * stripeHeight; ++y)
            for (int x = 0; x < kWidth; ++x)
                image.setPixelColor(x, y, QColor(grey, grey, grey));
    }
    return image;
}

struct Code {
    int video = -1;
    int frame = -1;
};

// The code in column `x` of `image`, into whose `area` a frame was drawn.
Code readCode(const QImage& image, const QRectF& area, int x) {
    if (image.isNull())
        return {};
    int code = 0;
    for (int stripe = 0; stripe < kStripes; ++stripe) {
        const int y = int(area.top() + (stripe + 0.5) * area.height() / kStripes);
        if (qGray(image.pixel(x, y)) > 128)
            code |= 1 << stripe;
    }
    return {code >> kFrameBits, code & ((1 << kFrameBits) - 1)};
}

Code readCode(const QImage& image) {
    return readCode(image, image.rect(), image.width() / 2);
}

QWidget* cell(CompareView& view, int index) {
    return view.findChild<QWidget*>(QStringLiteral("compareCell%1").arg(index + 1));
}

QString caption(CompareView& view, int index) {
    return cell(view, index)->findChild<QLabel*>(QStringLiteral("cellCaption"))->text();
}

}  // namespace

class TestCompareView : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QList<CompareView::Candidate> candidates_;

    // A shown view holding the test videos, each on its first frame.
    std::unique_ptr<CompareView> loaded(const QList<CompareView::Candidate>& candidates) {
        auto view = std::make_unique<CompareView>();
        view->resize(800, 600);
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get()))
            return {};
        view->setCandidates(candidates);
        view->setFocus();
        if (!QTest::qWaitFor([&] { return view->frameCount() == kFrames && allShow(*view, 0); },
                             kTimeoutMs)) {
            for (int i = 0; i < view->candidateCount(); ++i)  // what did not come
                qWarning() << "cell" << i << "frames" << view->frameCount() << "shows"
                           << view->frameCount() << view->shownFrame(i)
                           << view->player(i)->mediaStatus() << view->player(i)->position()
                           << readCode(view->shownImage(i)).video
                           << readCode(view->shownImage(i)).frame;
            return {};
        }
        return view;
    }
    std::unique_ptr<CompareView> loaded() { return loaded(candidates_); }

    // Every cell shows `frame` of its own video, read from the decoded pixels.
    static bool allShow(const CompareView& view, int frame) {
        for (int i = 0; i < view.candidateCount(); ++i) {
            const Code code = readCode(view.shownImage(i));
            if (view.shownFrame(i) != frame || code.frame != frame || code.video != i)
                return false;
        }
        return true;
    }

    static bool settlesOn(const CompareView& view, int frame) {
        return QTest::qWaitFor([&] { return view.currentFrame() == frame && allShow(view, frame); },
                               kTimeoutMs);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        kinora::media::ExportOptions options;
        options.fps = {kFps, 1};
        for (int video = 0; video < kVideos; ++video) {
            QList<QImage> frames;
            for (int frame = 0; frame < kFrames; ++frame) {
                frames << codedFrame(video, frame);
            }
            const QString path = dir_.filePath(QStringLiteral("candidate%1.mp4").arg(video));
            const auto written = kinora::media::exportVideo(path, frames, options);
            QVERIFY2(written.has_value(),
                     qPrintable(written ? QString() : written.error().message));
            candidates_ << CompareView::Candidate{
                100 + video, path,
                QStringLiteral("prompt %1 · seed %2").arg(video / 2 + 1).arg(video % 2 + 7),
                double(kFps), CompareView::kUnmarked};
        }
    }

    void startsEmpty() {
        CompareView view;
        QCOMPARE(view.candidateCount(), 0);
        QCOMPARE(view.selectedId(), qint64(-1));
        QCOMPARE(view.idB(), qint64(-1));
        for (const char* name : {"emptyLabel", "playButton", "stepBackButton", "stepForwardButton",
                                 "loopButton", "scrubSlider", "frameLabel", "zoomButton",
                                 "abButton", "wipeButton", "pickButton", "wipeView"})
            QVERIFY2(view.findChild<QWidget*>(QLatin1String(name)), name);
        QVERIFY(!view.findChild<QToolButton*>(QStringLiteral("playButton"))->isEnabled());
        QVERIFY(view.isLooping());
    }

    // Numbers for the keys, the labels, and the marks they came with.
    void captionsShowNumbersLabelsAndMarks() {
        auto candidates = candidates_;
        candidates[1].mark = CompareView::kStarred;
        candidates[2].mark = CompareView::kRejected;
        CompareView view;
        QSignalSpy selections(&view, &CompareView::selectionChanged);
        view.setCandidates(candidates);
        QCOMPARE(view.candidateCount(), kVideos);
        QCOMPARE(view.selectedId(), candidates[0].id);
        QCOMPARE(selections.size(), 1);
        QCOMPARE(selections.first().first().toLongLong(), candidates[0].id);
        QCOMPARE(caption(view, 0), QStringLiteral("1 ") + candidates[0].label);
        QCOMPARE(caption(view, 1), QStringLiteral("2 ★ ") + candidates[1].label);
        QCOMPARE(caption(view, 2), QStringLiteral("3 ✗ ") + candidates[2].label);
        QCOMPARE(view.markOf(candidates[1].id), CompareView::kStarred);
        view.clear();
        QCOMPARE(view.candidateCount(), 0);
        QCOMPARE(selections.last().first().toLongLong(), qint64(-1));
    }

    // Paused players seeked to one position show one frame: the first, as loaded.
    void opensOnTheFirstFrameOfEach() {
        auto view = loaded();
        QVERIFY(view);
        QCOMPARE(view->currentFrame(), 0);
        QVERIFY(!view->isPlaying());
        QCOMPARE(view->findChild<QLabel*>(QStringLiteral("frameLabel"))->text(),
                 QStringLiteral("frame 1 / %1").arg(kFrames));
    }

    // While the clock runs, no cell is ever more than one frame from another (the clock waits
    // for all of them); after a pause all show the same frame, read from their pixels, and their
    // players stand within one frame duration of each other.
    void playsAllInLockstep() {
        auto view = loaded();
        QVERIFY(view);
        int worstSpread = 0;
        int samples = 0;
        QElapsedTimer elapsed;
        elapsed.start();
        QTest::keyClick(view.get(), Qt::Key_Space);
        QVERIFY(view->isPlaying());
        int advanced = 0;
        int last = view->currentFrame();
        while (elapsed.elapsed() < 1500) {
            QTest::qWait(15);
            int low = kFrames, high = -1;
            for (int i = 0; i < kVideos; ++i) {
                low = std::min(low, view->shownFrame(i));
                high = std::max(high, view->shownFrame(i));
            }
            worstSpread = std::max(worstSpread, high - low);
            ++samples;
            if (view->currentFrame() != last) {
                advanced += (view->currentFrame() - last + kFrames) % kFrames;
                last = view->currentFrame();
            }
        }
        const double achievedFps = advanced * 1000.0 / double(elapsed.elapsed());
        QTest::keyClick(view.get(), Qt::Key_Space);
        QVERIFY(!view->isPlaying());
        const int frame = view->currentFrame();
        QVERIFY(settlesOn(*view, frame));
        qint64 lowest = std::numeric_limits<qint64>::max(), highest = 0;
        for (int i = 0; i < kVideos; ++i) {
            lowest = std::min(lowest, view->player(i)->position());
            highest = std::max(highest, view->player(i)->position());
        }
        qInfo(
            "%d frames in 1.5 s (%.1f fps of %d), worst spread while playing %d frame(s) over "
            "%d samples, paused on frame %d with positions %lld-%lld ms",
            advanced, achievedFps, kFps, worstSpread, samples, frame, lowest, highest);
        QVERIFY2(advanced >= 4, "the clock moved the frames on");
        QVERIFY(worstSpread <= 1);
        QVERIFY(highest - lowest < 1000 / kFps);
        QTest::qWait(300);
        QCOMPARE(view->currentFrame(), frame);  // paused means paused
    }

    // Looping wraps to the first frame; without it playback stops on the last.
    void loopsUntilLoopIsTurnedOff() {
        auto view = loaded();
        QVERIFY(view);
        view->seekToFrame(kFrames - 3);
        view->play();
        QTRY_VERIFY_WITH_TIMEOUT(view->currentFrame() < kFrames - 3, kTimeoutMs);
        QVERIFY(view->isPlaying());
        QTest::mouseClick(view->findChild<QToolButton*>(QStringLiteral("loopButton")),
                          Qt::LeftButton);
        QVERIFY(!view->isLooping());
        QTRY_VERIFY_WITH_TIMEOUT(!view->isPlaying(), 4 * kTimeoutMs);
        QCOMPARE(view->currentFrame(), kFrames - 1);
        QVERIFY(settlesOn(*view, kFrames - 1));
        view->play();  // from the end, play starts over
        QVERIFY(view->currentFrame() == 0 || view->currentFrame() == 1);
        view->pause();
    }

    void scrubbingMovesAll_data() {
        QTest::addColumn<int>("frame");
        QTest::newRow("middle") << 10;
        QTest::newRow("last") << kFrames - 1;
        QTest::newRow("first") << 0;
    }

    void scrubbingMovesAll() {
        QFETCH(int, frame);
        auto view = loaded();
        QVERIFY(view);
        auto* slider = view->findChild<QSlider*>(QStringLiteral("scrubSlider"));
        QCOMPARE(slider->maximum(), kFrames - 1);
        slider->setValue(frame == 0 ? 5 : 0);
        slider->setValue(frame);
        QVERIFY(settlesOn(*view, frame));
        for (int i = 1; i < kVideos; ++i)
            QCOMPARE(view->player(i)->position(), view->player(0)->position());
        QCOMPARE(view->findChild<QLabel*>(QStringLiteral("frameLabel"))->text(),
                 QStringLiteral("frame %1 / %2").arg(frame + 1).arg(kFrames));
    }

    // "." and "," step all one frame, pausing first; the ends hold.
    void stepsOneFrame() {
        auto view = loaded();
        QVERIFY(view);
        view->play();
        QTest::keyClick(view.get(), Qt::Key_Comma);
        QVERIFY(!view->isPlaying());
        view->seekToFrame(3);
        QVERIFY(settlesOn(*view, 3));
        QTest::keyClick(view.get(), Qt::Key_Period);
        QVERIFY(settlesOn(*view, 4));
        QTest::mouseClick(view->findChild<QToolButton*>(QStringLiteral("stepBackButton")),
                          Qt::LeftButton);
        QTest::keyClick(view.get(), Qt::Key_Comma);
        QVERIFY(settlesOn(*view, 2));
        view->seekToFrame(0);
        QTest::keyClick(view.get(), Qt::Key_Comma);
        QVERIFY(settlesOn(*view, 0));
    }

    // Keys 1-9 pick a cell directly, arrows move through the 2 x 2 grid; the selected cell is
    // framed in the highlight colour.
    void keysMoveTheSelection() {
        CompareView view;
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setCandidates(candidates_);
        view.setFocus();
        QSignalSpy selections(&view, &CompareView::selectionChanged);
        const QList<std::pair<Qt::Key, int>> presses{{Qt::Key_3, 2},
                                                     {Qt::Key_9, 2} /* no ninth */,
                                                     {Qt::Key_Up, 0},
                                                     {Qt::Key_Left, 0} /* first */,
                                                     {Qt::Key_Right, 1},
                                                     {Qt::Key_Down, 3},
                                                     {Qt::Key_Down, 3} /* last row */,
                                                     {Qt::Key_Left, 2},
                                                     {Qt::Key_Right, 3},
                                                     {Qt::Key_1, 0}};
        QList<qint64> expected;
        for (const auto& [key, index] : presses) {
            const qint64 before = view.selectedId();
            QTest::keyClick(&view, key);
            QCOMPARE(view.selectedIndex(), index);
            QCOMPARE(view.selectedId(), candidates_[index].id);
            if (view.selectedId() != before)
                expected << view.selectedId();
        }
        QCOMPARE(selections.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(selections[i].first().toLongLong(), expected[i]);

        const QColor highlight = view.palette().color(QPalette::Highlight);
        QCOMPARE(cell(view, 0)->grab().toImage().pixelColor(1, 20), highlight);
        QVERIFY(cell(view, 1)->grab().toImage().pixelColor(1, 20) != highlight);

        QTest::mouseClick(cell(view, 3), Qt::LeftButton);
        QCOMPARE(view.selectedIndex(), 3);
    }

    void marksToggle_data() {
        QTest::addColumn<Qt::Key>("key");
        QTest::addColumn<int>("mark");
        QTest::addColumn<QString>("symbol");
        QTest::newRow("star") << Qt::Key_S << int(CompareView::kStarred) << QStringLiteral("★");
        QTest::newRow("reject") << Qt::Key_X << int(CompareView::kRejected) << QStringLiteral("✗");
    }

    void marksToggle() {
        QFETCH(Qt::Key, key);
        QFETCH(int, mark);
        QFETCH(QString, symbol);
        CompareView view;
        view.setCandidates(candidates_);
        QSignalSpy marks(&view, &CompareView::markChanged);
        QTest::keyClick(&view, Qt::Key_2);
        QTest::keyClick(&view, key);
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks[0][0].toLongLong(), candidates_[1].id);
        QCOMPARE(marks[0][1].toInt(), mark);
        QCOMPARE(view.markOf(candidates_[1].id), mark);
        QVERIFY(caption(view, 1).contains(symbol));
        QVERIFY(!caption(view, 0).contains(symbol));
        QTest::keyClick(&view, key);  // again: off
        QCOMPARE(marks.size(), 2);
        QCOMPARE(marks[1][1].toInt(), int(CompareView::kUnmarked));
        QVERIFY(!caption(view, 1).contains(symbol));
        // One mark at a time: the other key replaces it.
        QTest::keyClick(&view, key);
        QTest::keyClick(&view, key == Qt::Key_S ? Qt::Key_X : Qt::Key_S);
        QCOMPARE(marks.last()[1].toInt(), -mark);
        QVERIFY(!caption(view, 1).contains(symbol));
    }

    void enterPicksTheSelection() {
        CompareView view;
        view.setCandidates(candidates_);
        QSignalSpy picks(&view, &CompareView::picked);
        QTest::keyClick(&view, Qt::Key_4);
        QTest::keyClick(&view, Qt::Key_Return);
        QTest::keyClick(&view, Qt::Key_2);
        QTest::keyClick(&view, Qt::Key_Enter, Qt::KeypadModifier);
        QTest::mouseClick(view.findChild<QToolButton*>(QStringLiteral("pickButton")),
                          Qt::LeftButton);
        QCOMPARE(picks.size(), 3);
        QCOMPARE(picks[0].first().toLongLong(), candidates_[3].id);
        QCOMPARE(picks[1].first().toLongLong(), candidates_[1].id);
        QCOMPARE(picks[2].first().toLongLong(), candidates_[1].id);
    }

    // Z and a double-click show the selection alone, as large as the grid was; again, the grid.
    void zoomShowsOneCandidate() {
        auto view = loaded();
        QVERIFY(view);
        const QSize gridCell = cell(*view, 0)->size();
        QTest::keyClick(view.get(), Qt::Key_2);
        QTest::keyClick(view.get(), Qt::Key_Z);
        QCOMPARE(view->view(), CompareView::View::Zoomed);
        QVERIFY(cell(*view, 1)->isVisible());
        for (int i : {0, 2, 3})
            QVERIFY(!cell(*view, i)->isVisible());
        QTRY_VERIFY(cell(*view, 1)->width() > gridCell.width() * 3 / 2);
        QVERIFY(cell(*view, 1)->height() > gridCell.height() * 3 / 2);
        // Arrows go through the candidates one at a time, still zoomed.
        QTest::keyClick(view.get(), Qt::Key_Right);
        QCOMPARE(view->selectedIndex(), 2);
        QVERIFY(cell(*view, 2)->isVisible() && !cell(*view, 1)->isVisible());
        QTest::keyClick(view.get(), Qt::Key_Z);
        QCOMPARE(view->view(), CompareView::View::Grid);
        for (int i = 0; i < kVideos; ++i)
            QVERIFY(cell(*view, i)->isVisible());

        QTest::mouseDClick(cell(*view, 3), Qt::LeftButton);
        QCOMPARE(view->selectedIndex(), 3);
        QCOMPARE(view->view(), CompareView::View::Zoomed);
        QVERIFY(view->findChild<QToolButton*>(QStringLiteral("zoomButton"))->isChecked());
        QTest::keyClick(view.get(), Qt::Key_Escape);
        QCOMPARE(view->view(), CompareView::View::Grid);
    }

    // A is the selection, B the one before it: side by side, then a wipe whose left half is A's
    // frame and right half B's, at the same frame index; dragging the divider moves the border.
    void abSideBySideAndWipe() {
        auto view = loaded();
        QVERIFY(view);
        QTest::keyClick(view.get(), Qt::Key_2);
        QTest::keyClick(view.get(), Qt::Key_4);
        QCOMPARE(view->idA(), candidates_[3].id);
        QCOMPARE(view->idB(), candidates_[1].id);
        QTest::keyClick(view.get(), Qt::Key_A);
        QCOMPARE(view->view(), CompareView::View::SideBySide);
        QVERIFY(view->isABMode());
        QVERIFY(cell(*view, 3)->isVisible() && cell(*view, 1)->isVisible());
        QVERIFY(!cell(*view, 0)->isVisible() && !cell(*view, 2)->isVisible());
        QTRY_VERIFY(cell(*view, 3)->x() < cell(*view, 1)->x());  // A on the left

        view->seekToFrame(5);
        QVERIFY(settlesOn(*view, 5));
        QTest::keyClick(view.get(), Qt::Key_W);
        QCOMPARE(view->view(), CompareView::View::Wipe);
        auto* wipe = view->findChild<QWidget*>(QStringLiteral("wipeView"));
        QVERIFY(wipe->isVisible());
        QCOMPARE(view->wipePosition(), 0.5);
        const int y = wipe->height() / 2;
        // Where the wipe draws the frames: as large as they fit, centred.
        QRect area(QPoint(), QSize(kWidth, kHeight).scaled(wipe->size(), Qt::KeepAspectRatio));
        area.moveCenter(wipe->rect().center());
        const auto sample = [&](double fraction) {
            return readCode(wipe->grab().toImage(), area, int(fraction * wipe->width()));
        };
        QTRY_COMPARE_WITH_TIMEOUT(sample(0.45).video, 3, kTimeoutMs);
        QCOMPARE(sample(0.45).frame, 5);
        QCOMPARE(sample(0.55).video, 1);
        QCOMPARE(sample(0.55).frame, 5);

        // The wipe follows playback: a step shows the next frame on both sides.
        QTest::keyClick(view.get(), Qt::Key_Period);
        QTRY_COMPARE_WITH_TIMEOUT(sample(0.45).frame, 6, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(sample(0.55).frame, 6, kTimeoutMs);

        QTest::mousePress(wipe, Qt::LeftButton, {}, QPoint(wipe->width() / 2, y));
        QTest::mouseMove(wipe, QPoint(wipe->width() / 4, y));
        QTest::mouseRelease(wipe, Qt::LeftButton, {}, QPoint(wipe->width() / 4, y));
        QVERIFY(std::abs(view->wipePosition() - 0.25) < 0.01);
        QCOMPARE(sample(0.2).video, 3);
        QCOMPARE(sample(0.3).video, 1);

        // Selecting another candidate makes it A, and the old A becomes B.
        QTest::keyClick(view.get(), Qt::Key_1);
        QCOMPARE(view->idA(), candidates_[0].id);
        QCOMPARE(view->idB(), candidates_[3].id);
        QTRY_COMPARE_WITH_TIMEOUT(sample(0.2).video, 0, kTimeoutMs);
        QCOMPARE(sample(0.3).video, 3);

        QTest::keyClick(view.get(), Qt::Key_W);
        QCOMPARE(view->view(), CompareView::View::SideBySide);
        QTest::keyClick(view.get(), Qt::Key_A);
        QCOMPARE(view->view(), CompareView::View::Grid);
    }

    // With one candidate there is no pair.
    void abNeedsTwoCandidates() {
        CompareView view;
        view.setCandidates({candidates_.first()});
        QTest::keyClick(&view, Qt::Key_A);
        QCOMPARE(view.view(), CompareView::View::Grid);
        view.setABMode(true);
        QVERIFY(!view.isABMode());
        QVERIFY(!view.findChild<QToolButton*>(QStringLiteral("abButton"))->isEnabled());
    }

    // A file that cannot be played is named in its cell and does not hold the others up.
    void aMissingFileDoesNotStopTheOthers() {
        auto candidates = candidates_.mid(0, 2);
        candidates << CompareView::Candidate{7, dir_.filePath(QStringLiteral("gone.mp4")),
                                             QStringLiteral("gone"), double(kFps),
                                             CompareView::kUnmarked};
        CompareView view;
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setCandidates(candidates);
        QVERIFY(caption(view, 2).contains(QStringLiteral("gone.mp4")));
        QTRY_COMPARE_WITH_TIMEOUT(view.frameCount(), kFrames, kTimeoutMs);
        view.play();
        QTRY_VERIFY_WITH_TIMEOUT(view.currentFrame() >= 4, kTimeoutMs);
        view.pause();
        QTRY_VERIFY_WITH_TIMEOUT(
            view.shownFrame(0) == view.currentFrame() && view.shownFrame(1) == view.currentFrame(),
            kTimeoutMs);
    }

    // Replacing and destroying a playing grid tears its players down cleanly.
    void replacingAPlayingGridIsClean() {
        auto view = loaded();
        QVERIFY(view);
        view->play();
        QTest::qWait(300);
        view->setCandidates(candidates_.mid(1, 2));
        QCOMPARE(view->candidateCount(), 2);
        QVERIFY(!view->isPlaying());
        QCOMPARE(view->currentFrame(), 0);
        view->play();
        QTest::qWait(300);
        view.reset();
    }
};

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
