// The job queue: the running job with its progress on top, the waiting jobs below in the order
// they will run. A view only: it shows what it is given and asks for changes through signals (the
// main window applies them to the JobHistory and gives the new queue back).
#pragma once

#include <QList>
#include <QWidget>

#include "facade/JobHistory.h"

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace kinora::ui {

class QueuePanel : public QWidget {
    Q_OBJECT
public:
    explicit QueuePanel(QWidget* parent = nullptr);

    // The waiting jobs, in queue order. The selected job stays selected when it is still there.
    void setQueue(const QList<kinora::JobRecord>& queued);
    // The job that runs now, with its progress ("Denoising 12/50, 40 s left").
    void setRunning(const kinora::JobRecord& job, const QString& progress);
    // Updates the progress of the running job; ignored when `id` is not the running job.
    void setRunningProgress(qint64 id, const QString& progress);
    void clearRunning();

    // The waiting jobs' ids as shown, top first.
    QList<qint64> shownOrder() const;
    qint64 runningId() const { return runningId_; }

    // One line about a job's settings: "512×320 · 16 frames · 50 steps · seed 42" (the history
    // panel uses it too).
    static QString settingsSummary(const kinora::GenerationRequest& request);
    // The prompt on one line, shortened to `length` characters at most.
    static QString promptExcerpt(const QString& prompt, int length = 80);

Q_SIGNALS:
    // The whole queue in its new order, after a drag or a move button.
    void reorderRequested(const QList<qint64>& ids);
    void removeRequested(qint64 id);

private:
    void moveSelected(int offset);
    void updateButtons();
    qint64 selectedId() const;

    QLabel* runningTitle_ = nullptr;
    QLabel* runningJob_ = nullptr;
    QLabel* runningProgress_ = nullptr;
    QLabel* emptyLabel_ = nullptr;
    QListWidget* list_ = nullptr;
    QPushButton* moveUp_ = nullptr;
    QPushButton* moveDown_ = nullptr;
    QPushButton* remove_ = nullptr;
    qint64 runningId_ = 0;
};

}  // namespace kinora::ui
