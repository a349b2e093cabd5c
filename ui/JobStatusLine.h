// The running job in the status bar: a line saying what it does now ("Step 12 / 50 · 0:40
// elapsed · about 1:10 left") and a progress bar that shows only while a job runs.
#pragma once

#include <QObject>
#include <QString>

#include "facade/GenerationOutcome.h"

class QLabel;
class QProgressBar;
class QStatusBar;

namespace kinora::ui {

class JobStatusLine : public QObject {
    Q_OBJECT
public:
    // Adds the line to `bar`'s normal area and the progress bar to its permanent one, so a
    // status message hides the line but never the progress.
    explicit JobStatusLine(QStatusBar* bar);

    // Idle: "Ready" and no progress bar.
    void setBusy(bool busy);
    void showStarting();
    void showProgress(const GenerationProgress& progress);
    // Cancel asked: the job stops at its next step.
    void showCancelling();
    // Quit asked while a job runs: the window waits for it.
    void showClosing();
    void retranslate();

    // What the line says now (the queue panel shows the same beside the running job).
    QString text() const;

    // "1:05", or "1:02:03" from an hour on.
    static QString formatDuration(double seconds);

private:
    QLabel* line_ = nullptr;
    QProgressBar* progress_ = nullptr;
    bool busy_ = false;
};

}  // namespace kinora::ui
