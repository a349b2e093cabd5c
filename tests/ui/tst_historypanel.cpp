// The history panel: finished jobs with thumbnail, prompt, seed, time and status; failures
// explained in the tooltip; every action (buttons and context menu) emits the job's id; deleting
// asks first and says which files go; the filter narrows by prompt.
#include <QAction>
#include <QContextMenuEvent>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "ui/HistoryPanel.h"

using kinora::JobMark;
using kinora::JobRecord;
using kinora::JobStatus;
using kinora::ui::HistoryPanel;

namespace {

template <typename T>
T* child(const QWidget& parent, const QString& name) {
    auto* found = parent.findChild<T*>(name);
    if (!found)
        qFatal("no child named %s", qPrintable(name));
    return found;
}

void touch(const QString& path) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    file.write("data");
}

class Fixture {
public:
    Fixture() {
        const QString base = dir_.filePath("fox");
        succeeded.id = 21;
        succeeded.status = JobStatus::Succeeded;
        succeeded.request.prompt = "A red fox running through snow";
        succeeded.request.seed = 4242;
        succeeded.request.outputPath = base + ".mp4";
        succeeded.created = QDateTime(QDate(2024, 5, 1), QTime(14, 3));
        succeeded.finished = QDateTime(QDate(2024, 5, 1), QTime(14, 9));
        succeeded.videoPath = base + ".mp4";
        succeeded.sidecarPath = base + ".json";
        succeeded.sourceImagePath = base + ".source.png";
        succeeded.thumbnail = QImage(160, 90, QImage::Format_RGB32);
        succeeded.thumbnail.fill(Qt::darkGreen);
        succeeded.mark = JobMark::Starred;
        for (const QString& file :
             {succeeded.videoPath, succeeded.sidecarPath, succeeded.sourceImagePath})
            touch(file);

        failed.id = 22;
        failed.status = JobStatus::Failed;
        failed.request.prompt = "Waves at dusk";
        failed.request.seed = 7;
        failed.request.outputPath = dir_.filePath("waves.mp4");
        failed.created = QDateTime(QDate(2024, 5, 2), QTime(9, 0));
        failed.message = "Not enough memory to decode 16 frames at once";
        failed.remedy = "Decode in chunks of 2 frames";
        failed.parentId = 21;
        failed.origin = "new seed";

        interrupted.id = 23;
        interrupted.status = JobStatus::Interrupted;
        interrupted.request.prompt = "City lights at night";
        interrupted.request.seed = 99;
        interrupted.request.outputPath = dir_.filePath("city.mp4");
        interrupted.created = QDateTime(QDate(2024, 5, 3), QTime(8, 30));
        interrupted.message = "Kinora stopped while this job ran";
        interrupted.remedy = "Decode the saved latents to finish the video";
        interrupted.latentsPath = dir_.filePath("city.latents.safetensors");
        touch(interrupted.latentsPath);

        queued.id = 24;
        queued.status = JobStatus::Queued;
        queued.request.prompt = "Still waiting";
        running.id = 25;
        running.status = JobStatus::Running;
        running.request.prompt = "Running now";
    }

    QList<JobRecord> records() const { return {running, queued, interrupted, failed, succeeded}; }

    QTemporaryDir dir_;
    JobRecord succeeded, failed, interrupted, queued, running;
};

}  // namespace

class TestHistoryPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lineageShowsTheFamilyAsATree() {
        Fixture fixture;
        HistoryPanel panel;
        panel.setRecords(fixture.records());
        panel.selectJob(22);  // made from 21
        panel.setLineageView(true);
        QCOMPARE(panel.shownIds(), (QList<qint64>{21, 22}));  // the parent first, then its child
        auto* list = child<QListWidget>(panel, "historyList");
        QVERIFY2(list->item(1)->text().contains("from #21 new seed"),
                 qPrintable(list->item(1)->text()));
        QVERIFY(list->item(1)->text().startsWith("   "));  // indented under its parent
        panel.setLineageView(false);
        QCOMPARE(panel.shownIds().size(), 3);
    }

    void marksAndRefinementsCarryTheId() {
        Fixture fixture;
        HistoryPanel panel;
        panel.setRecords(fixture.records());
        panel.selectJob(21);
        QSignalSpy marks(&panel, &HistoryPanel::markRequested);
        QSignalSpy refinements(&panel, &HistoryPanel::refineRequested);
        auto* reject = panel.findChild<QAction*>("rejectAction");
        QVERIFY(reject->isEnabled());
        reject->trigger();
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks.front().at(0).toLongLong(), 21);
        QCOMPARE(marks.front().at(1).toInt(), -1);
        QVERIFY(panel.findChild<QAction*>("starAction")->isChecked());  // 21 is starred
        panel.findChild<QAction*>("refine_more-steps")->trigger();
        QCOMPARE(refinements.size(), 1);
        QCOMPARE(refinements.front().at(1).toString(), QStringLiteral("more-steps"));
    }

    void showsFinishedJobs() {
        Fixture fixture;
        HistoryPanel panel;
        panel.setRecords(fixture.records());
        QCOMPARE(panel.shownIds(), (QList<qint64>{23, 22, 21}));
        auto* list = child<QListWidget>(panel, "historyList");
        const QString text = list->item(2)->text();
        QVERIFY2(text.startsWith("★ A red fox running through snow\n#21 · seed 4242 · "),
                 qPrintable(text));
        QVERIFY2(
            text.contains(QLocale().toString(fixture.succeeded.finished, QLocale::ShortFormat)),
            qPrintable(text));
        QVERIFY2(text.endsWith("Finished"), qPrintable(text));
        QVERIFY(list->item(1)->text().endsWith("Failed"));
        QVERIFY(list->item(0)->text().endsWith("Interrupted"));
        const QPixmap icon = list->item(2)->icon().pixmap(QSize(160, 90));
        QCOMPARE(icon.toImage().pixelColor(80, 45), QColor(Qt::darkGreen));
    }

    void failuresExplainThemselves() {
        Fixture fixture;
        HistoryPanel panel;
        panel.setRecords(fixture.records());
        const QString tip = child<QListWidget>(panel, "historyList")->item(1)->toolTip();
        QVERIFY2(tip.contains(fixture.failed.message), qPrintable(tip));
        QVERIFY2(tip.contains(fixture.failed.remedy), qPrintable(tip));
        QVERIFY2(tip.contains("new seed") && tip.contains("21"), qPrintable(tip));
    }

    void decodeLatentsOnlyWhereSaved_data() {
        QTest::addColumn<qint64>("id");
        QTest::addColumn<bool>("offered");
        QTest::newRow("interrupted with latents") << qint64(23) << true;
        QTest::newRow("failed without latents") << qint64(22) << false;
        QTest::newRow("finished") << qint64(21) << false;
    }

    void decodeLatentsOnlyWhereSaved() {
        QFETCH(qint64, id);
        QFETCH(bool, offered);
        Fixture fixture;
        HistoryPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRecords(fixture.records());
        panel.selectJob(id);
        auto* button = child<QToolButton>(panel, "decodeLatentsButton");
        QCOMPARE(button->isVisible(), offered);
        if (!offered)
            return;
        QSignalSpy decode(&panel, &HistoryPanel::decodeLatentsRequested);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(decode.count(), 1);
        QCOMPARE(decode.front().front().toLongLong(), id);
    }

    void buttonsEmitTheSelectedId_data() {
        QTest::addColumn<QString>("button");
        QTest::addColumn<QByteArray>("signal");
        QTest::newRow("play") << "playButton" << QByteArray(SIGNAL(playRequested(qint64)));
        QTest::newRow("open folder")
            << "openFolderButton" << QByteArray(SIGNAL(openFolderRequested(qint64)));
        QTest::newRow("re-run") << "rerunButton" << QByteArray(SIGNAL(rerunRequested(qint64)));
        QTest::newRow("new seed") << "rerunNewSeedButton"
                                  << QByteArray(SIGNAL(rerunNewSeedRequested(qint64)));
        QTest::newRow("use as preset")
            << "useAsPresetButton" << QByteArray(SIGNAL(useAsPresetRequested(qint64)));
    }

    void buttonsEmitTheSelectedId() {
        QFETCH(QString, button);
        QFETCH(QByteArray, signal);
        Fixture fixture;
        HistoryPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRecords(fixture.records());
        auto* toolButton = child<QToolButton>(panel, button);
        QVERIFY(!toolButton->isEnabled());  // nothing selected yet
        panel.selectJob(21);
        QVERIFY(toolButton->isEnabled());
        QSignalSpy spy(&panel, signal.constData());
        QTest::mouseClick(toolButton, Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.front().front().toLongLong(), 21);
    }

    void playNeedsAFinishedVideo() {
        Fixture fixture;
        HistoryPanel panel;
        panel.setRecords(fixture.records());
        auto* play = child<QToolButton>(panel, "playButton");
        panel.selectJob(22);
        QVERIFY(!play->isEnabled());
        QFile::remove(fixture.succeeded.videoPath);
        panel.setRecords(fixture.records());
        panel.selectJob(21);
        QVERIFY(!play->isEnabled());
        QVERIFY(child<QToolButton>(panel, "rerunButton")->isEnabled());
    }

    void doubleClickPlays() {
        Fixture fixture;
        HistoryPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRecords(fixture.records());
        auto* list = child<QListWidget>(panel, "historyList");
        QSignalSpy play(&panel, &HistoryPanel::playRequested);
        const QRect rect = list->visualItemRect(list->item(2));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(play.count(), 1);
        QCOMPARE(play.front().front().toLongLong(), 21);
    }

    void contextMenuOffersTheActions() {
        Fixture fixture;
        HistoryPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRecords(fixture.records());
        auto* list = child<QListWidget>(panel, "historyList");
        const QPoint position = list->visualItemRect(list->item(0)).center();
        QContextMenuEvent event(QContextMenuEvent::Mouse, position,
                                list->viewport()->mapToGlobal(position));
        QCoreApplication::sendEvent(list->viewport(), &event);
        auto* menu = panel.findChild<QMenu*>("historyContextMenu");
        QVERIFY(menu);
        QTRY_VERIFY(menu->isVisible());
        QCOMPARE(panel.selectedId(), 23);
        QStringList shown;
        for (QAction* action : menu->actions()) {
            if (!action->isSeparator() && action->isVisible())
                shown << action->objectName();
        }
        QCOMPARE(shown, (QStringList{"playAction", "openFolderAction", "rerunAction",
                                     "rerunNewSeedAction", "useAsPresetAction",
                                     "decodeLatentsAction", "starAction", "rejectAction",
                                     "refineMenuAction", "lineageAction", "deleteAction"}));
        QSignalSpy newSeed(&panel, &HistoryPanel::rerunNewSeedRequested);
        for (QAction* action : menu->actions()) {
            if (action->objectName() == "rerunNewSeedAction")
                action->trigger();
        }
        QCOMPARE(newSeed.count(), 1);
        QCOMPARE(newSeed.front().front().toLongLong(), 23);
        menu->close();
    }

    void deleteAsksAndNamesTheFiles() {
        Fixture fixture;
        HistoryPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRecords(fixture.records());
        QString asked;
        bool answer = false;
        panel.setConfirmation([&](QWidget*, const QString&, const QString& text) {
            asked = text;
            return answer;
        });
        QSignalSpy deleted(&panel, &HistoryPanel::deleteRequested);
        panel.selectJob(21);
        auto* button = child<QToolButton>(panel, "deleteButton");
        QTest::mouseClick(button, Qt::LeftButton);
        for (const QString& file : {fixture.succeeded.videoPath, fixture.succeeded.sidecarPath,
                                    fixture.succeeded.sourceImagePath})
            QVERIFY2(asked.contains(QFileInfo(file).canonicalFilePath()), qPrintable(asked));
        QVERIFY(asked.contains("A red fox running through snow"));
        QCOMPARE(deleted.count(), 0);

        answer = true;
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(deleted.count(), 1);
        QCOMPARE(deleted.front().front().toLongLong(), 21);

        // The Delete key asks too.
        panel.selectJob(22);
        asked.clear();
        QTest::keyClick(child<QListWidget>(panel, "historyList"), Qt::Key_Delete);
        QVERIFY(!asked.isEmpty());
        QVERIFY2(!asked.contains(fixture.dir_.path()), qPrintable(asked));  // no files left
        QCOMPARE(deleted.count(), 2);
        QCOMPARE(deleted.back().front().toLongLong(), 22);
    }

    void filterNarrowsByPrompt_data() {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QList<qint64>>("shown");
        QTest::newRow("none") << "" << QList<qint64>{23, 22, 21};
        QTest::newRow("case-insensitive") << "FOX" << QList<qint64>{21};
        QTest::newRow("substring") << " at " << QList<qint64>{23, 22};
        QTest::newRow("nothing") << "volcano" << QList<qint64>{};
    }

    void filterNarrowsByPrompt() {
        QFETCH(QString, filter);
        QFETCH(QList<qint64>, shown);
        Fixture fixture;
        HistoryPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRecords(fixture.records());
        panel.selectJob(22);
        QTest::keyClicks(child<QLineEdit>(panel, "historyFilter"), filter);
        QCOMPARE(panel.shownIds(), shown);
        // A hidden job is not a target for the buttons.
        QCOMPARE(panel.selectedId(), shown.contains(22) ? 22 : 0);
        QCOMPARE(child<QToolButton>(panel, "rerunButton")->isEnabled(), shown.contains(22));
    }
};

QTEST_MAIN(TestHistoryPanel)
#include "tst_historypanel.moc"
