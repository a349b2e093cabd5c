#include "ui/QueuePanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace kinora::ui {

namespace {

constexpr int kIdRole = Qt::UserRole;

}  // namespace

QueuePanel::QueuePanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("queuePanel"));

    runningTitle_ = new QLabel(tr("Running"), this);
    runningTitle_->setObjectName(QStringLiteral("runningTitle"));
    QFont bold = runningTitle_->font();
    bold.setBold(true);
    runningTitle_->setFont(bold);
    runningJob_ = new QLabel(this);
    runningJob_->setObjectName(QStringLiteral("runningJob"));
    runningJob_->setWordWrap(true);
    runningProgress_ = new QLabel(this);
    runningProgress_->setObjectName(QStringLiteral("runningProgress"));

    auto* waitingTitle = new QLabel(tr("Waiting"), this);
    waitingTitle->setFont(bold);
    emptyLabel_ = new QLabel(tr("No jobs are waiting."), this);
    emptyLabel_->setObjectName(QStringLiteral("queueEmptyLabel"));

    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("queueList"));
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setDragDropMode(QAbstractItemView::InternalMove);
    list_->setDefaultDropAction(Qt::MoveAction);
    list_->setAlternatingRowColors(true);

    moveUp_ = new QPushButton(tr("Move up"), this);
    moveUp_->setObjectName(QStringLiteral("moveUpButton"));
    moveDown_ = new QPushButton(tr("Move down"), this);
    moveDown_->setObjectName(QStringLiteral("moveDownButton"));
    remove_ = new QPushButton(tr("Remove"), this);
    remove_->setObjectName(QStringLiteral("removeQueuedButton"));
    remove_->setToolTip(tr("Take the selected job out of the queue"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(moveUp_);
    buttons->addWidget(moveDown_);
    buttons->addStretch();
    buttons->addWidget(remove_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(runningTitle_);
    layout->addWidget(runningJob_);
    layout->addWidget(runningProgress_);
    layout->addSpacing(8);
    layout->addWidget(waitingTitle);
    layout->addWidget(emptyLabel_);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);

    // A drag (and the move buttons) move rows inside the list's model; the new order goes out
    // from here, once per move.
    connect(list_->model(), &QAbstractItemModel::rowsMoved, this,
            [this] { Q_EMIT reorderRequested(shownOrder()); });
    connect(list_, &QListWidget::currentRowChanged, this, [this] { updateButtons(); });
    connect(moveUp_, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(moveDown_, &QPushButton::clicked, this, [this] { moveSelected(+1); });
    connect(remove_, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedId())
            Q_EMIT removeRequested(id);
    });

    clearRunning();
    setQueue({});
}

QString QueuePanel::settingsSummary(const GenerationRequest& request) {
    QString summary = tr("%1×%2 · %3 frames · %4 steps %5 · seed %6")
                          .arg(request.width)
                          .arg(request.height)
                          .arg(request.frames)
                          .arg(request.steps)
                          .arg(request.sampler)
                          .arg(request.seed);
    if (isDraft(request))
        summary += QStringLiteral(" · ") +
                   tr("draft (%1): render the final clip without").arg(request.cache);
    return summary;
}

QString QueuePanel::promptExcerpt(const QString& prompt, int length) {
    const QString line = prompt.simplified();
    if (line.size() <= length)
        return line;
    return line.left(length - 1).trimmed() + QChar(0x2026);
}

void QueuePanel::setQueue(const QList<JobRecord>& queued) {
    const qint64 selected = selectedId();
    // Filling the list moves no rows, so no reorder is requested.
    list_->clear();
    for (const JobRecord& job : queued) {
        const QString prompt = job.request.prompt.trimmed().isEmpty()
                                   ? tr("(no prompt)")
                                   : promptExcerpt(job.request.prompt);
        auto* item = new QListWidgetItem(
            QStringLiteral("%1\n%2").arg(prompt, settingsSummary(job.request)), list_);
        item->setData(kIdRole, job.id);
        item->setToolTip(job.request.prompt);
        if (job.id == selected)
            list_->setCurrentItem(item);
    }
    emptyLabel_->setVisible(queued.isEmpty());
    updateButtons();
}

void QueuePanel::setRunning(const JobRecord& job, const QString& progress) {
    runningId_ = job.id;
    runningJob_->setText(QStringLiteral("%1\n%2").arg(promptExcerpt(job.request.prompt),
                                                      settingsSummary(job.request)));
    runningJob_->setToolTip(job.request.prompt);
    runningProgress_->setText(progress);
    runningProgress_->setVisible(true);
}

void QueuePanel::setRunningProgress(qint64 id, const QString& progress) {
    if (id != 0 && id == runningId_)
        runningProgress_->setText(progress);
}

void QueuePanel::clearRunning() {
    runningId_ = 0;
    runningJob_->setText(tr("Nothing is running."));
    runningJob_->setToolTip({});
    runningProgress_->clear();
    runningProgress_->setVisible(false);
}

QList<qint64> QueuePanel::shownOrder() const {
    QList<qint64> ids;
    for (int row = 0; row < list_->count(); ++row)
        ids << list_->item(row)->data(kIdRole).toLongLong();
    return ids;
}

void QueuePanel::moveSelected(int offset) {
    const int row = list_->currentRow();
    const int target = row + offset;
    if (row < 0 || target < 0 || target >= list_->count())
        return;
    // moveRows' destination is the row the moved one goes before, counted before the move.
    list_->model()->moveRows({}, row, 1, {}, offset > 0 ? target + 1 : target);
    list_->setCurrentRow(target);
    updateButtons();
}

void QueuePanel::updateButtons() {
    const int row = list_->currentRow();
    moveUp_->setEnabled(row > 0);
    moveDown_->setEnabled(row >= 0 && row + 1 < list_->count());
    remove_->setEnabled(row >= 0);
}

qint64 QueuePanel::selectedId() const {
    const QListWidgetItem* item = list_->currentItem();
    return item ? item->data(kIdRole).toLongLong() : 0;
}

}  // namespace kinora::ui
