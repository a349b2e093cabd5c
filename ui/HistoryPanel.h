// Finished jobs, newest first: thumbnail, prompt, seed, time and how each ended, with what can be
// done with one (play, open its folder, run it again, use its settings, delete it, decode its
// saved latents) from buttons and a context menu. A view only: it shows the records it is given
// and asks for every action through a signal carrying the job's id.
#pragma once

#include <QHash>
#include <QList>
#include <QWidget>

#include <functional>

#include "facade/JobHistory.h"

class QAction;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QMenu;
class QToolButton;

namespace kinora::ui {

class HistoryPanel : public QWidget {
    Q_OBJECT
public:
    // Asks the user to confirm (true: go ahead). The default is a modal question box.
    using Confirmation =
        std::function<bool(QWidget* parent, const QString& title, const QString& text)>;

    explicit HistoryPanel(QWidget* parent = nullptr);

    // Every record of the history (queued and running jobs are left out: the queue shows them).
    // The selected job stays selected when it is still there.
    void setRecords(const QList<kinora::JobRecord>& records);
    void setConfirmation(Confirmation confirmation) { confirm_ = std::move(confirmation); }

    // The ids shown, top first (after the filter).
    QList<qint64> shownIds() const;
    // The selected job's id, 0 when none.
    qint64 selectedId() const;
    void selectJob(qint64 id);
    // Shows only the selected job's family (its ancestors and every job made from them), as a
    // tree; off shows every job again.
    void setLineageView(bool on);
    bool isLineageView() const;

    // What the delete confirmation says about `record`: the files that will go.
    static QString deleteQuestion(const kinora::JobRecord& record);

Q_SIGNALS:
    void playRequested(qint64 id);
    void openFolderRequested(qint64 id);
    void rerunRequested(qint64 id);
    void rerunNewSeedRequested(qint64 id);
    void useAsPresetRequested(qint64 id);
    // After the user confirmed: the main window removes the job and its files.
    void deleteRequested(qint64 id);
    void decodeLatentsRequested(qint64 id);
    // The user's verdict: 1 starred, -1 rejected, 0 none.
    void markRequested(qint64 id, int mark);
    // A refinement of the job: "more-steps", "guidance-up", "guidance-down", "sharpen-prompt",
    // "finalise-quality", "finalise-native".
    void refineRequested(qint64 id, const QString& kind);

private:
    QAction* makeAction(const QString& name, const QString& text, const QString& toolTip,
                        void (HistoryPanel::*signal)(qint64));
    void applyFilter();
    void updateActions();
    void showContextMenu(const QPoint& position);
    void confirmDelete();
    const kinora::JobRecord* selectedRecord() const;
    QString itemText(const kinora::JobRecord& record, int depth = 0) const;
    // Depth of every job of the selected one's family, in tree order (empty: no selection).
    QList<std::pair<qint64, int>> family(qint64 id) const;
    QString itemToolTip(const kinora::JobRecord& record) const;

    QLineEdit* filter_ = nullptr;
    QListWidget* list_ = nullptr;
    QAction* play_ = nullptr;
    QAction* openFolder_ = nullptr;
    QAction* rerun_ = nullptr;
    QAction* rerunNewSeed_ = nullptr;
    QAction* useAsPreset_ = nullptr;
    QAction* delete_ = nullptr;
    QAction* decodeLatents_ = nullptr;
    QAction* star_ = nullptr;
    QAction* reject_ = nullptr;
    QAction* lineage_ = nullptr;
    QMenu* refineMenu_ = nullptr;
    QList<QAction*> actions_;
    // A tool button does not follow its action's visibility (a menu does).
    QToolButton* decodeLatentsButton_ = nullptr;
    QHash<qint64, kinora::JobRecord> records_;
    Confirmation confirm_;
};

}  // namespace kinora::ui
