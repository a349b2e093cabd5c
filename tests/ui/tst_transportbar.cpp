// The transport row the result pane and the candidate grid share: it shows where playback stands
// without asking for a seek, turns a drag of the slider into a seek, a click into the matching
// request, a transport key into the same request, and keeps its controls out of the keyboard focus.
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>
#include <QToolButton>

#include "ui/TransportBar.h"

using kinora::ui::TransportBar;

class TestTransportBar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsPositionWithoutSeeking_data() {
        QTest::addColumn<int>("frame");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("counter");
        QTest::newRow("first of 16") << 0 << 16 << QStringLiteral("frame 1 / 16");
        QTest::newRow("middle of 16") << 7 << 16 << QStringLiteral("frame 8 / 16");
        QTest::newRow("last of 24") << 23 << 24 << QStringLiteral("frame 24 / 24");
        QTest::newRow("one frame") << 0 << 1 << QStringLiteral("frame 1 / 1");
    }
    void showsPositionWithoutSeeking() {
        QFETCH(int, frame);
        QFETCH(int, count);
        QFETCH(QString, counter);
        TransportBar bar(TransportBar::Target::OneVideo);
        QSignalSpy seeks(&bar, &TransportBar::seekRequested);
        bar.showPosition(frame, count, false);
        auto* slider = bar.findChild<QSlider*>(QStringLiteral("scrubSlider"));
        QVERIFY(slider);
        QCOMPARE(slider->maximum(), count - 1);
        QCOMPARE(slider->value(), frame);
        QCOMPARE(bar.findChild<QLabel*>(QStringLiteral("frameLabel"))->text(), counter);
        QVERIFY(slider->isEnabled());
        QCOMPARE(seeks.size(), 0);
    }

    void noVideoDisablesTheControls() {
        TransportBar bar(TransportBar::Target::OneVideo);
        bar.showPosition(5, 16, true);
        bar.showPosition(0, 0, false);
        for (const char* name : {"playButton", "stepBackButton", "stepForwardButton"})
            QVERIFY2(!bar.findChild<QToolButton*>(QLatin1String(name))->isEnabled(), name);
        QVERIFY(!bar.findChild<QSlider*>(QStringLiteral("scrubSlider"))->isEnabled());
        QVERIFY(bar.findChild<QLabel*>(QStringLiteral("frameLabel"))->text().isEmpty());
        // Looping is a setting, not a control of the current video.
        QVERIFY(bar.findChild<QToolButton*>(QStringLiteral("loopButton"))->isEnabled());
    }

    void movingTheSliderAsksForThatFrame() {
        TransportBar bar(TransportBar::Target::AllCandidates);
        bar.showPosition(0, 16, false);
        QSignalSpy seeks(&bar, &TransportBar::seekRequested);
        auto* slider = bar.findChild<QSlider*>(QStringLiteral("scrubSlider"));
        slider->setValue(9);
        QCOMPARE(seeks.size(), 1);
        QCOMPARE(seeks.first().first().toInt(), 9);
        QTest::keyClick(slider, Qt::Key_End);
        QCOMPARE(seeks.size(), 2);
        QCOMPARE(seeks.last().first().toInt(), 15);
    }

    void buttonsAskForTheirAction_data() {
        QTest::addColumn<QString>("button");
        QTest::addColumn<int>("play");
        QTest::addColumn<int>("back");
        QTest::addColumn<int>("forward");
        QTest::newRow("play") << QStringLiteral("playButton") << 1 << 0 << 0;
        QTest::newRow("back") << QStringLiteral("stepBackButton") << 0 << 1 << 0;
        QTest::newRow("forward") << QStringLiteral("stepForwardButton") << 0 << 0 << 1;
    }
    void buttonsAskForTheirAction() {
        QFETCH(QString, button);
        QFETCH(int, play);
        QFETCH(int, back);
        QFETCH(int, forward);
        TransportBar bar(TransportBar::Target::OneVideo);
        bar.showPosition(3, 16, false);
        QSignalSpy plays(&bar, &TransportBar::playToggled);
        QSignalSpy backs(&bar, &TransportBar::stepBackwardRequested);
        QSignalSpy forwards(&bar, &TransportBar::stepForwardRequested);
        QTest::mouseClick(bar.findChild<QToolButton*>(button), Qt::LeftButton);
        QCOMPARE(plays.size(), play);
        QCOMPARE(backs.size(), back);
        QCOMPARE(forwards.size(), forward);
    }

    void keysAskForTheirAction_data() {
        QTest::addColumn<int>("key");
        QTest::addColumn<bool>("handled");
        QTest::addColumn<int>("play");
        QTest::addColumn<int>("back");
        QTest::addColumn<int>("forward");
        QTest::newRow("space") << int(Qt::Key_Space) << true << 1 << 0 << 0;
        QTest::newRow("comma") << int(Qt::Key_Comma) << true << 0 << 1 << 0;
        QTest::newRow("period") << int(Qt::Key_Period) << true << 0 << 0 << 1;
        QTest::newRow("other key") << int(Qt::Key_Z) << false << 0 << 0 << 0;
    }
    void keysAskForTheirAction() {
        QFETCH(int, key);
        QFETCH(bool, handled);
        QFETCH(int, play);
        QFETCH(int, back);
        QFETCH(int, forward);
        TransportBar bar(TransportBar::Target::OneVideo);
        QSignalSpy plays(&bar, &TransportBar::playToggled);
        QSignalSpy backs(&bar, &TransportBar::stepBackwardRequested);
        QSignalSpy forwards(&bar, &TransportBar::stepForwardRequested);
        QCOMPARE(bar.handleKey(key), handled);
        QCOMPARE(plays.size(), play);
        QCOMPARE(backs.size(), back);
        QCOMPARE(forwards.size(), forward);
    }

    void loopStartsOnAndReportsOnlyChanges() {
        TransportBar bar(TransportBar::Target::OneVideo);
        QVERIFY(bar.isLooping());
        QSignalSpy toggles(&bar, &TransportBar::loopToggled);
        bar.setLooping(true);
        QCOMPARE(toggles.size(), 0);
        QTest::mouseClick(bar.findChild<QToolButton*>(QStringLiteral("loopButton")),
                          Qt::LeftButton);
        QVERIFY(!bar.isLooping());
        QCOMPARE(toggles.size(), 1);
        QCOMPARE(toggles.first().first().toBool(), false);
        bar.setLooping(true);
        QCOMPARE(toggles.size(), 2);
        QCOMPARE(toggles.last().first().toBool(), true);
    }

    void toolTipsNameWhatTheyActOn() {
        TransportBar one(TransportBar::Target::OneVideo);
        TransportBar all(TransportBar::Target::AllCandidates);
        for (const char* name : {"playButton", "loopButton", "scrubSlider"}) {
            const QString single = one.findChild<QWidget*>(QLatin1String(name))->toolTip();
            const QString every = all.findChild<QWidget*>(QLatin1String(name))->toolTip();
            QVERIFY2(!single.isEmpty() && !every.isEmpty(), name);
            QVERIFY2(single != every, name);
        }
    }

    void addedButtonsJoinTheRowWithoutFocus() {
        TransportBar bar(TransportBar::Target::AllCandidates);
        QToolButton* zoom = bar.addTextButton(QStringLiteral("zoomButton"), QStringLiteral("Zoom"),
                                              QStringLiteral("Zoom the selection"));
        QCOMPARE(zoom->parentWidget(), &bar);
        QCOMPARE(bar.findChild<QToolButton*>(QStringLiteral("zoomButton")), zoom);
        QCOMPARE(zoom->text(), QStringLiteral("Zoom"));
        QCOMPARE(zoom->toolButtonStyle(), Qt::ToolButtonTextOnly);
        // The view's keys (Space, ",", ".") must reach the view, never a focused control.
        for (QWidget* control : bar.findChildren<QWidget*>())
            QVERIFY2(control->focusPolicy() == Qt::NoFocus, qPrintable(control->objectName()));
    }
};

QTEST_MAIN(TestTransportBar)
#include "tst_transportbar.moc"
