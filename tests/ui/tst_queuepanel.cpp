// The queue panel: waiting jobs shown with their settings, reordered with the buttons (or a drag),
// removed, and the running job with its progress on top.
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "ui/QueuePanel.h"

using kinora::JobRecord;
using kinora::ui::QueuePanel;

namespace {

JobRecord job(qint64 id, const QString& prompt) {
    JobRecord record;
    record.id = id;
    record.request.prompt = prompt;
    record.request.width = 512 + int(id) * 64;
    record.request.height = 320;
    record.request.frames = 8 + int(id);
    record.request.steps = 20 + int(id);
    record.request.seed = 100 + quint64(id);
    return record;
}

QList<JobRecord> fourJobs() {
    return {job(11, "a fox in snow"), job(12, "waves at dusk"), job(13, "city lights"),
            job(14, "a slow pan over hills")};
}

template <typename T>
T* child(const QWidget& parent, const char* name) {
    auto* found = parent.findChild<T*>(QLatin1String(name));
    if (!found)
        qFatal("no child named %s", name);
    return found;
}

}  // namespace

class TestQueuePanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsEachWaitingJob() {
        QueuePanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(child<QLabel>(panel, "queueEmptyLabel")->isVisible());

        const QString longPrompt = QString("a very long prompt about a meadow ").repeated(6);
        panel.setQueue({job(3, "a fox in snow"), job(4, longPrompt)});
        auto* list = child<QListWidget>(panel, "queueList");
        QCOMPARE(list->count(), 2);
        QVERIFY(!child<QLabel>(panel, "queueEmptyLabel")->isVisible());
        QCOMPARE(list->item(0)->text(),
                 QString("a fox in snow\n704×320 · 11 frames · 23 steps ddim · seed 103"));
        const QStringList lines = list->item(1)->text().split('\n');
        QVERIFY(lines[0].size() <= 80);
        QVERIFY(lines[0].endsWith(QChar(0x2026)));
        QVERIFY(longPrompt.startsWith(lines[0].chopped(1)));
        QCOMPARE(lines[1], QString("768×320 · 12 frames · 24 steps ddim · seed 104"));
        QCOMPARE(list->item(1)->toolTip(), longPrompt);
        QCOMPARE(panel.shownOrder(), (QList<qint64>{3, 4}));
    }

    void moveButtonsEmitTheNewOrder_data() {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("button");
        QTest::addColumn<QList<qint64>>("order");
        QTest::newRow("second up") << 1 << "moveUpButton" << QList<qint64>{12, 11, 13, 14};
        QTest::newRow("second down") << 1 << "moveDownButton" << QList<qint64>{11, 13, 12, 14};
        QTest::newRow("first down") << 0 << "moveDownButton" << QList<qint64>{12, 11, 13, 14};
        QTest::newRow("last up") << 3 << "moveUpButton" << QList<qint64>{11, 12, 14, 13};
    }

    void moveButtonsEmitTheNewOrder() {
        QFETCH(int, row);
        QFETCH(QString, button);
        QFETCH(QList<qint64>, order);
        QueuePanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy reordered(&panel, &QueuePanel::reorderRequested);
        panel.setQueue(fourJobs());
        QCOMPARE(reordered.count(), 0);
        auto* list = child<QListWidget>(panel, "queueList");
        list->setCurrentRow(row);
        const qint64 moved = fourJobs()[row].id;

        QTest::mouseClick(child<QPushButton>(panel, button.toLatin1()), Qt::LeftButton);
        QCOMPARE(reordered.count(), 1);
        QCOMPARE(reordered.front().front().value<QList<qint64>>(), order);
        QCOMPARE(panel.shownOrder(), order);
        // The moved job stays selected, so it can be moved again.
        QCOMPARE(list->currentItem()->data(Qt::UserRole).toLongLong(), moved);
    }

    void moveButtonsStopAtTheEnds() {
        QueuePanel panel;
        panel.setQueue(fourJobs());
        auto* list = child<QListWidget>(panel, "queueList");
        auto* up = child<QPushButton>(panel, "moveUpButton");
        auto* down = child<QPushButton>(panel, "moveDownButton");
        auto* remove = child<QPushButton>(panel, "removeQueuedButton");
        QVERIFY(!up->isEnabled() && !down->isEnabled() && !remove->isEnabled());
        list->setCurrentRow(0);
        QVERIFY(!up->isEnabled() && down->isEnabled() && remove->isEnabled());
        list->setCurrentRow(3);
        QVERIFY(up->isEnabled() && !down->isEnabled());
        // Moved to the top by the button, it can go no higher.
        list->setCurrentRow(1);
        QTest::mouseClick(up, Qt::LeftButton);
        QVERIFY(!up->isEnabled() && down->isEnabled());
    }

    void droppedRowsEmitTheNewOrder() {
        QueuePanel panel;
        QSignalSpy reordered(&panel, &QueuePanel::reorderRequested);
        panel.setQueue(fourJobs());
        // What an internal drop does to the list: move a row inside its model.
        auto* model = child<QListWidget>(panel, "queueList")->model();
        QVERIFY(model->moveRows({}, 3, 1, {}, 0));
        QCOMPARE(reordered.count(), 1);
        QCOMPARE(reordered.front().front().value<QList<qint64>>(), (QList<qint64>{14, 11, 12, 13}));
    }

    void removeEmitsTheSelectedId() {
        QueuePanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy removed(&panel, &QueuePanel::removeRequested);
        panel.setQueue(fourJobs());
        child<QListWidget>(panel, "queueList")->setCurrentRow(2);
        QTest::mouseClick(child<QPushButton>(panel, "removeQueuedButton"), Qt::LeftButton);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.front().front().toLongLong(), 13);
    }

    void newQueueKeepsTheSelection() {
        QueuePanel panel;
        panel.setQueue(fourJobs());
        auto* list = child<QListWidget>(panel, "queueList");
        list->setCurrentRow(2);
        QList<JobRecord> without = fourJobs();
        without.removeFirst();
        panel.setQueue(without);
        QCOMPARE(list->currentItem()->data(Qt::UserRole).toLongLong(), 13);
    }

    void runningJobOnTop() {
        QueuePanel panel;
        auto* running = child<QLabel>(panel, "runningJob");
        auto* progress = child<QLabel>(panel, "runningProgress");
        const QString idle = running->text();
        QVERIFY(!idle.isEmpty());
        QCOMPARE(panel.runningId(), 0);

        panel.setRunning(job(7, "a lighthouse in a storm"), "Loading the model");
        QCOMPARE(panel.runningId(), 7);
        QCOMPARE(
            running->text(),
            QString("a lighthouse in a storm\n960×320 · 15 frames · 27 steps ddim · seed 107"));
        QCOMPARE(progress->text(), QString("Loading the model"));
        panel.setRunningProgress(7, "Denoising 12/50");
        QCOMPARE(progress->text(), QString("Denoising 12/50"));
        panel.setRunningProgress(8, "Denoising 1/50");
        QCOMPARE(progress->text(), QString("Denoising 12/50"));

        panel.clearRunning();
        QCOMPARE(panel.runningId(), 0);
        QCOMPARE(running->text(), idle);
        QVERIFY(progress->text().isEmpty());
    }
};

QTEST_MAIN(TestQueuePanel)
#include "tst_queuepanel.moc"
