#include "ui/HistoryPanel.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMultiHash>
#include <QScrollBar>
#include <QSet>
#include <QToolButton>
#include <QVBoxLayout>
#include <functional>

#include "ui/QueuePanel.h"

namespace kinora::ui {

namespace {

constexpr int kIdRole = Qt::UserRole;
// The stored thumbnails are at most 160 pixels wide; the list shows them at 16:9, smaller.
const QSize kIconSize(112, 63);

bool isFinished(const JobRecord& record) {
    return record.status != JobStatus::Queued && record.status != JobStatus::Running;
}

bool hasSavedLatents(const JobRecord& record) {
    return !record.latentsPath.isEmpty() && QFileInfo(record.latentsPath).isFile();
}

QIcon thumbnailIcon(const JobRecord& record, const QColor& placeholder) {
    if (!record.thumbnail.isNull())
        return QIcon(QPixmap::fromImage(record.thumbnail));
    // A plain tile keeps the rows aligned where a job left no picture.
    QPixmap tile(kIconSize);
    tile.fill(placeholder);
    return QIcon(tile);
}

}  // namespace

HistoryPanel::HistoryPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("historyPanel"));
    confirm_ = [](QWidget* parent, const QString& title, const QString& text) {
        return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };

    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("historyFilter"));
    filter_->setPlaceholderText(tr("Filter by prompt"));
    filter_->setClearButtonEnabled(true);

    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("historyList"));
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setIconSize(kIconSize);
    list_->setWordWrap(true);
    list_->setContextMenuPolicy(Qt::CustomContextMenu);

    play_ = makeAction(QStringLiteral("play"), tr("Play"), tr("Play the video"),
                       &HistoryPanel::playRequested);
    openFolder_ =
        makeAction(QStringLiteral("openFolder"), tr("Open folder"),
                   tr("Show the folder that holds the video"), &HistoryPanel::openFolderRequested);
    rerun_ = makeAction(QStringLiteral("rerun"), tr("Run again"),
                        tr("Queue the job again with the same settings and seed"),
                        &HistoryPanel::rerunRequested);
    rerunNewSeed_ =
        makeAction(QStringLiteral("rerunNewSeed"), tr("New seed"),
                   tr("Queue the job again with a new seed"), &HistoryPanel::rerunNewSeedRequested);
    useAsPreset_ = makeAction(QStringLiteral("useAsPreset"), tr("Use settings"),
                              tr("Load this job's settings into the panel"),
                              &HistoryPanel::useAsPresetRequested);
    decodeLatents_ = makeAction(QStringLiteral("decodeLatents"), tr("Decode saved latents"),
                                tr("Finish the video from the latents this job saved"),
                                &HistoryPanel::decodeLatentsRequested);
    star_ = makeAction(QStringLiteral("star"), tr("Star"), tr("Mark as a keeper (S)"), nullptr);
    star_->setCheckable(true);
    connect(star_, &QAction::triggered, this, [this](bool on) {
        if (const qint64 id = selectedId())
            Q_EMIT markRequested(id, on ? 1 : 0);
    });
    reject_ =
        makeAction(QStringLiteral("reject"), tr("Reject"), tr("Mark as rejected (X)"), nullptr);
    reject_->setCheckable(true);
    connect(reject_, &QAction::triggered, this, [this](bool on) {
        if (const qint64 id = selectedId())
            Q_EMIT markRequested(id, on ? -1 : 0);
    });
    star_->setShortcut(Qt::Key_S);
    reject_->setShortcut(Qt::Key_X);
    for (QAction* action : {star_, reject_}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }

    refineMenu_ = new QMenu(tr("Refine"), this);
    refineMenu_->setObjectName(QStringLiteral("refineMenu"));
    refineMenu_->menuAction()->setObjectName(QStringLiteral("refineMenuAction"));
    const QList<std::pair<QString, QString>> refinements{
        {QStringLiteral("more-steps"), tr("More steps (same seed)")},
        {QStringLiteral("guidance-up"), tr("Guidance +1")},
        {QStringLiteral("guidance-down"), tr("Guidance −1")},
        {QStringLiteral("sharpen-prompt"), tr("Sharpened prompt")},
        {QStringLiteral("finalise-quality"), tr("Finalise with the Quality preset")},
        {QStringLiteral("finalise-native"), tr("Finalise at the native 1280×704")},
    };
    for (const auto& [kind, text] : refinements) {
        QAction* action = refineMenu_->addAction(text, this, [this, kind = kind] {
            if (const qint64 id = selectedId())
                Q_EMIT refineRequested(id, kind);
        });
        action->setObjectName(QStringLiteral("refine_") + kind);
    }
    lineage_ = new QAction(tr("Lineage"), this);
    lineage_->setObjectName(QStringLiteral("lineageAction"));
    lineage_->setCheckable(true);
    lineage_->setToolTip(
        tr("Show only this job's family: what it was made from and what was "
           "made from it"));
    connect(lineage_, &QAction::toggled, this, [this] { applyFilter(); });

    delete_ = makeAction(QStringLiteral("delete"), tr("Delete…"),
                         tr("Delete the job and the files it wrote"), nullptr);
    delete_->setShortcut(QKeySequence::Delete);
    delete_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(delete_);
    connect(delete_, &QAction::triggered, this, &HistoryPanel::confirmDelete);

    auto* buttons = new QGridLayout;
    const int perRow = 11;  // one row: the panel usually docks along the bottom
    for (int index = 0; index < actions_.size(); ++index) {
        auto* button = new QToolButton(this);
        button->setObjectName(actions_[index]->objectName().replace(QStringLiteral("Action"),
                                                                    QStringLiteral("Button")));
        button->setDefaultAction(actions_[index]);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        buttons->addWidget(button, index / perRow, index % perRow);
        if (actions_[index] == decodeLatents_)
            decodeLatentsButton_ = button;
    }

    auto* refine = new QToolButton(this);
    refine->setObjectName(QStringLiteral("refineButton"));
    refine->setText(tr("Refine"));
    refine->setMenu(refineMenu_);
    refine->setPopupMode(QToolButton::InstantPopup);
    refine->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    buttons->addWidget(refine, int(actions_.size()) / perRow, int(actions_.size()) % perRow);
    auto* lineage = new QToolButton(this);
    lineage->setObjectName(QStringLiteral("lineageButton"));
    lineage->setDefaultAction(lineage_);
    lineage->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    buttons->addWidget(lineage, int(actions_.size() + 1) / perRow,
                       int(actions_.size() + 1) % perRow);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(filter_);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);

    connect(filter_, &QLineEdit::textChanged, this, &HistoryPanel::applyFilter);
    connect(list_, &QListWidget::currentItemChanged, this, &HistoryPanel::updateActions);
    connect(list_, &QListWidget::itemActivated, this, [this] {
        if (play_->isEnabled())
            play_->trigger();
    });
    connect(list_, &QWidget::customContextMenuRequested, this, &HistoryPanel::showContextMenu);
    updateActions();
}

QAction* HistoryPanel::makeAction(const QString& name, const QString& text, const QString& toolTip,
                                  void (HistoryPanel::*signal)(qint64)) {
    auto* action = new QAction(text, this);
    action->setObjectName(name + QStringLiteral("Action"));
    action->setToolTip(toolTip);
    if (signal) {
        connect(action, &QAction::triggered, this, [this, signal] {
            if (const qint64 id = selectedId())
                Q_EMIT(this->*signal)(id);
        });
    }
    actions_ << action;
    return action;
}

void HistoryPanel::setRecords(const QList<JobRecord>& records) {
    const qint64 selected = selectedId();
    const int scrolled = list_->verticalScrollBar()->value();
    records_.clear();
    list_->clear();
    const QColor placeholder = palette().color(QPalette::Mid);
    for (const JobRecord& record : records) {
        if (!isFinished(record))
            continue;
        records_.insert(record.id, record);
        auto* item =
            new QListWidgetItem(thumbnailIcon(record, placeholder), itemText(record), list_);
        item->setData(kIdRole, record.id);
        item->setToolTip(itemToolTip(record));
    }
    applyFilter();
    selectJob(selected);
    list_->verticalScrollBar()->setValue(scrolled);
    updateActions();
}

QList<qint64> HistoryPanel::shownIds() const {
    QList<qint64> ids;
    for (int row = 0; row < list_->count(); ++row) {
        if (!list_->item(row)->isHidden())
            ids << list_->item(row)->data(kIdRole).toLongLong();
    }
    return ids;
}

qint64 HistoryPanel::selectedId() const {
    const QListWidgetItem* item = list_->currentItem();
    return item && !item->isHidden() ? item->data(kIdRole).toLongLong() : 0;
}

void HistoryPanel::selectJob(qint64 id) {
    for (int row = 0; row < list_->count(); ++row) {
        if (list_->item(row)->data(kIdRole).toLongLong() == id) {
            list_->setCurrentRow(row);
            return;
        }
    }
}

QString HistoryPanel::deleteQuestion(const JobRecord& record) {
    const QStringList files = existingJobFiles(record);
    const QString job = tr("Delete the job “%1” from the history?")
                            .arg(QueuePanel::promptExcerpt(record.request.prompt, 60));
    if (files.isEmpty())
        return job + QStringLiteral("\n\n") + tr("None of its files are left on disk.");
    return job + QStringLiteral("\n\n") + tr("These files will be deleted:") +
           QStringLiteral("\n") + files.join(QLatin1Char('\n'));
}

QString HistoryPanel::itemText(const JobRecord& record, int depth) const {
    QString status;
    switch (record.status) {
        case JobStatus::Succeeded:
            status = tr("Finished");
            break;
        case JobStatus::Failed:
            status = tr("Failed");
            break;
        case JobStatus::Cancelled:
            status = tr("Cancelled");
            break;
        case JobStatus::Interrupted:
            status = tr("Interrupted");
            break;
        case JobStatus::Queued:
        case JobStatus::Running:
            break;
    }
    QString prompt = record.request.prompt.trimmed().isEmpty()
                         ? tr("(no prompt)")
                         : QueuePanel::promptExcerpt(record.request.prompt, 60);
    if (isDraft(record.request))
        prompt.prepend(tr("[draft] "));
    if (record.mark == JobMark::Starred)
        prompt.prepend(QStringLiteral("★ "));
    else if (record.mark == JobMark::Rejected)
        prompt.prepend(QStringLiteral("✗ "));
    const QDateTime when = record.finished.isValid() ? record.finished : record.created;
    QString text = prompt;
    if (record.parentId)
        text += QLatin1Char('\n') + tr("↳ from #%1 %2").arg(*record.parentId).arg(record.origin);
    text += QLatin1Char('\n') + tr("#%1 · seed %2 · %3 · %4")
                                    .arg(record.id)
                                    .arg(record.request.seed)
                                    .arg(QLocale().toString(when, QLocale::ShortFormat), status);
    if (depth > 0) {
        const QString indent(depth * 3, QLatin1Char(' '));
        text = indent + text.replace(QLatin1Char('\n'), QLatin1Char('\n') + indent);
    }
    return text;
}

QString HistoryPanel::itemToolTip(const JobRecord& record) const {
    QStringList lines = {record.request.prompt, QueuePanel::settingsSummary(record.request)};
    if (record.parentId && !record.origin.isEmpty())
        lines << tr("Made from job %1: %2").arg(*record.parentId).arg(record.origin);
    else if (record.parentId)
        lines << tr("Made from job %1").arg(*record.parentId);
    if (record.status == JobStatus::Succeeded && !record.videoPath.isEmpty())
        lines << record.videoPath;
    if (!record.message.isEmpty())
        lines << record.message;
    if (!record.remedy.isEmpty())
        lines << record.remedy;
    if (hasSavedLatents(record))
        lines << tr("Its final latents are saved: “Decode saved latents” finishes the video.");
    return lines.join(QLatin1Char('\n'));
}

const JobRecord* HistoryPanel::selectedRecord() const {
    const auto found = records_.constFind(selectedId());
    return found == records_.constEnd() ? nullptr : &found.value();
}

void HistoryPanel::applyFilter() {
    const QString text = filter_->text().trimmed();
    QHash<qint64, int> depths;
    if (lineage_->isChecked()) {
        for (const auto& [id, depth] : family(selectedId()))
            depths.insert(id, depth);
    }
    for (int row = 0; row < list_->count(); ++row) {
        QListWidgetItem* item = list_->item(row);
        const JobRecord& record = records_[item->data(kIdRole).toLongLong()];
        const bool inFamily = !lineage_->isChecked() || depths.contains(record.id);
        item->setHidden(!inFamily || (!text.isEmpty() &&
                                      !record.request.prompt.contains(text, Qt::CaseInsensitive)));
        item->setText(itemText(record, depths.value(record.id)));
    }
    if (lineage_->isChecked()) {
        // Tree order: each job under the one it was made from.
        QList<std::pair<qint64, int>> order = family(selectedId());
        for (int position = 0; position < order.size(); ++position) {
            for (int row = 0; row < list_->count(); ++row) {
                if (list_->item(row)->data(kIdRole).toLongLong() == order[position].first) {
                    const bool current = list_->currentRow() == row;
                    QListWidgetItem* item = list_->takeItem(row);
                    list_->insertItem(position, item);
                    if (current)
                        list_->setCurrentItem(item);
                    break;
                }
            }
        }
    }
    updateActions();
}

QList<std::pair<qint64, int>> HistoryPanel::family(qint64 id) const {
    if (!records_.contains(id))
        return {};
    qint64 root = id;
    QSet<qint64> seen{root};
    while (records_[root].parentId && records_.contains(*records_[root].parentId) &&
           !seen.contains(*records_[root].parentId)) {
        root = *records_[root].parentId;
        seen.insert(root);
    }
    QMultiHash<qint64, qint64> children;
    for (const JobRecord& record : records_) {
        if (record.parentId)
            children.insert(*record.parentId, record.id);
    }
    QList<std::pair<qint64, int>> order;
    QSet<qint64> visited;
    std::function<void(qint64, int)> visit = [&](qint64 node, int depth) {
        if (visited.contains(node))
            return;
        visited.insert(node);
        order.append({node, depth});
        QList<qint64> kids = children.values(node);
        std::sort(kids.begin(), kids.end());
        for (const qint64 kid : kids)
            visit(kid, depth + 1);
    };
    visit(root, 0);
    return order;
}

void HistoryPanel::setLineageView(bool on) {
    lineage_->setChecked(on);
}

bool HistoryPanel::isLineageView() const {
    return lineage_->isChecked();
}

void HistoryPanel::updateActions() {
    const JobRecord* record = selectedRecord();
    for (QAction* action : std::as_const(actions_))
        action->setEnabled(record != nullptr);
    const bool decodable = record && hasSavedLatents(*record);
    decodeLatents_->setVisible(decodable);
    decodeLatentsButton_->setVisible(decodable);
    refineMenu_->setEnabled(record && record->status == JobStatus::Succeeded);
    if (!record)
        return;
    star_->setChecked(record->mark == JobMark::Starred);
    reject_->setChecked(record->mark == JobMark::Rejected);
    play_->setEnabled(record->status == JobStatus::Succeeded &&
                      QFileInfo(record->videoPath).isFile());
    const QString output =
        record->videoPath.isEmpty() ? record->request.outputPath : record->videoPath;
    openFolder_->setEnabled(!output.isEmpty() && QFileInfo(output).absoluteDir().exists());
}

void HistoryPanel::showContextMenu(const QPoint& position) {
    QListWidgetItem* item = list_->itemAt(position);
    if (!item)
        return;
    list_->setCurrentItem(item);
    // popup(), not exec(): the menu does not block, and it deletes itself once closed.
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("historyContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (QAction* action : std::as_const(actions_)) {
        if (action == delete_) {
            menu->addMenu(refineMenu_);
            menu->addAction(lineage_);
            menu->addSeparator();
        }
        menu->addAction(action);
    }
    menu->popup(list_->viewport()->mapToGlobal(position));
}

void HistoryPanel::confirmDelete() {
    const JobRecord* record = selectedRecord();
    if (!record)
        return;
    const qint64 id = record->id;
    if (confirm_(this, tr("Delete job"), deleteQuestion(*record)))
        Q_EMIT deleteRequested(id);
}

}  // namespace kinora::ui
