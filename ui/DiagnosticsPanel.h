// The diagnostics panel: what Kinora finds wrong with the prompt, the settings and the picture
// before a run, kept up to date as they change, each finding with its fix one click away (a
// rewritten prompt, or the settings that fix a parameter trap).
#pragma once

#include <QFutureWatcher>
#include <QJsonObject>
#include <QWidget>

#include "facade/Diagnostics.h"
#include "facade/GenerationRequest.h"

class QLabel;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace kinora::ui {

class DiagnosticsPanel : public QWidget {
    Q_OBJECT
public:
    explicit DiagnosticsPanel(QWidget* parent = nullptr);

    // Checks `request` a moment after the last change (typing does not start a check per key);
    // the picture is analysed off the UI thread.
    void setRequest(const GenerationRequest& request);
    void setLanguage(const QString& language);
    const DiagnosticsReport& report() const { return report_; }
    // Whether the report shown belongs to the last request set (no check pending).
    bool isCurrent() const;

Q_SIGNALS:
    void reportChanged();
    // The user chose a finding's rewrite of the whole prompt.
    void promptRewriteChosen(const QString& prompt);
    // The user chose a parameter finding's fix: request fields in GenerationRequest's JSON form.
    void changesChosen(const QJsonObject& changes);

private:
    void startCheck();
    void showReport();
    void applyFix(QTreeWidgetItem* item);
    void addFinding(const QString& area, Severity severity, const QString& message,
                    const QString& fix, const QJsonObject& changes, const QString& rewrite);

    QLabel* summary_ = nullptr;
    QTreeWidget* findings_ = nullptr;
    QTimer* debounce_ = nullptr;
    QFutureWatcher<DiagnosticsReport> checker_;
    GenerationRequest request_;
    QString language_ = QStringLiteral("en");
    DiagnosticsReport report_;
    quint64 requested_ = 0;  // changes since start
    quint64 checked_ = 0;    // the change the report shown belongs to
    quint64 running_ = 0;    // the change the check in flight belongs to
};

}  // namespace kinora::ui
