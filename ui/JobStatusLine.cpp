#include "ui/JobStatusLine.h"

#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>

namespace kinora::ui {

JobStatusLine::JobStatusLine(QStatusBar* bar) : QObject(bar) {
    line_ = new QLabel(bar);
    line_->setObjectName(QStringLiteral("jobStatusLabel"));
    progress_ = new QProgressBar(bar);
    progress_->setObjectName(QStringLiteral("jobProgress"));
    progress_->setMaximumWidth(220);
    progress_->setTextVisible(true);
    bar->addWidget(line_, 1);
    bar->addPermanentWidget(progress_);
}

void JobStatusLine::setBusy(bool busy) {
    busy_ = busy;
    progress_->setVisible(busy);
    if (!busy) {
        line_->setText(tr("Ready"));
        progress_->reset();
    }
}

void JobStatusLine::showStarting() {
    line_->setText(tr("Starting…"));
}

void JobStatusLine::showProgress(const GenerationProgress& progress) {
    QString text;
    switch (progress.stage) {
        case GenerationStage::LoadingModel:
            text = tr("Loading the model");
            break;
        case GenerationStage::EncodingPrompt:
            text = tr("Reading the prompt");
            break;
        case GenerationStage::EncodingImage:
            text = tr("Reading the picture");
            break;
        case GenerationStage::Denoising:
            text = tr("Step %1 / %2").arg(progress.done).arg(progress.total);
            break;
        case GenerationStage::SavingLatents:
            text = tr("Saving the denoised video");
            break;
        case GenerationStage::Decoding:
            text = tr("Decoding frames %1 / %2").arg(progress.done).arg(progress.total);
            break;
        case GenerationStage::Encoding:
            text = tr("Writing frames %1 / %2").arg(progress.done).arg(progress.total);
            break;
    }
    text += tr(" · %1 elapsed").arg(formatDuration(progress.elapsedSeconds));
    if (progress.remainingSeconds > 0)
        text += tr(" · about %1 left").arg(formatDuration(progress.remainingSeconds));
    line_->setText(text);
    progress_->setMaximum(qMax(1, progress.total));
    progress_->setValue(progress.total > 0 ? progress.done : 0);
}

void JobStatusLine::showCancelling() {
    line_->setText(tr("Stopping after the current step…"));
}

void JobStatusLine::showClosing() {
    line_->setText(tr("Stopping the job…"));
}

void JobStatusLine::retranslate() {
    if (!busy_)
        line_->setText(tr("Ready"));
}

QString JobStatusLine::text() const {
    return line_->text();
}

QString JobStatusLine::formatDuration(double seconds) {
    const int total = qMax(0, qRound(seconds));
    return total >= 3600
               ? QStringLiteral("%1:%2:%3")
                     .arg(total / 3600)
                     .arg(total / 60 % 60, 2, 10, QLatin1Char('0'))
                     .arg(total % 60, 2, 10, QLatin1Char('0'))
               : QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace kinora::ui
