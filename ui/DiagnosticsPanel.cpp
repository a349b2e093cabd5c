#include "ui/DiagnosticsPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace kinora::ui {

namespace {

constexpr int kDebounceMs = 400;
constexpr int kChangesRole = Qt::UserRole;
constexpr int kRewriteRole = Qt::UserRole + 1;

QIcon severityIcon(const QStyle* style, Severity severity) {
    switch (severity) {
        case Severity::Error:
            return style->standardIcon(QStyle::SP_MessageBoxCritical);
        case Severity::Warning:
            return style->standardIcon(QStyle::SP_MessageBoxWarning);
        case Severity::Info:
            break;
    }
    return style->standardIcon(QStyle::SP_MessageBoxInformation);
}

}  // namespace

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("diagnosticsPanel"));
    summary_ = new QLabel(tr("Nothing to check yet."), this);
    summary_->setObjectName(QStringLiteral("diagnosticsSummary"));
    summary_->setWordWrap(true);
    findings_ = new QTreeWidget(this);
    findings_->setObjectName(QStringLiteral("diagnosticsList"));
    findings_->setHeaderLabels({tr("Finding"), tr("Fix")});
    findings_->setRootIsDecorated(false);
    findings_->setWordWrap(true);
    findings_->setUniformRowHeights(false);
    findings_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    findings_->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    findings_->setToolTip(tr("Double-click a finding with a fix to apply it."));
    connect(findings_, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem* item) { applyFix(item); });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(summary_);
    layout->addWidget(findings_, 1);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);
    connect(debounce_, &QTimer::timeout, this, &DiagnosticsPanel::startCheck);
    connect(&checker_, &QFutureWatcher<DiagnosticsReport>::finished, this,
            &DiagnosticsPanel::showReport);
}

void DiagnosticsPanel::setRequest(const GenerationRequest& request) {
    request_ = request;
    ++requested_;
    debounce_->start();
}

void DiagnosticsPanel::setLanguage(const QString& language) {
    language_ = language;
    ++requested_;
    debounce_->start();
}

bool DiagnosticsPanel::isCurrent() const {
    return checked_ == requested_;
}

void DiagnosticsPanel::startCheck() {
    if (checker_.isRunning())
        return;  // showReport starts the next one
    running_ = requested_;
    const GenerationRequest request = request_;
    const QString language = language_;
    checker_.setFuture(
        QtConcurrent::run([request, language] { return diagnose(request, false, language); }));
}

void DiagnosticsPanel::showReport() {
    report_ = checker_.result();
    checked_ = running_;
    findings_->clear();
    for (const Finding& finding : report_.prompt)
        addFinding(tr("Prompt"), finding.severity, finding.message, finding.suggestion, {},
                   finding.suggestion);
    for (const Finding& finding : report_.parameters)
        addFinding(tr("Settings"), finding.severity, finding.message, finding.suggestion,
                   finding.changes, QString());
    for (const ImageDiagnostic& finding : report_.image)
        addFinding(tr("Picture"), finding.severity, finding.message, finding.fix, {}, QString());

    int errors = 0;
    int warnings = 0;
    const auto count = [&](Severity severity) {
        errors += severity == Severity::Error;
        warnings += severity == Severity::Warning;
    };
    for (const Finding& finding : report_.prompt)
        count(finding.severity);
    for (const Finding& finding : report_.parameters)
        count(finding.severity);
    for (const ImageDiagnostic& finding : report_.image)
        count(finding.severity);
    if (errors > 0)
        summary_->setText(tr("%n problem(s) would waste this run.", nullptr, errors));
    else if (warnings > 0)
        summary_->setText(
            tr("%n warning(s): the video will likely disappoint.", nullptr, warnings));
    else
        summary_->setText(tr("No problems found."));
    Q_EMIT reportChanged();
    if (!isCurrent())
        debounce_->start();
}

void DiagnosticsPanel::addFinding(const QString& area, Severity severity, const QString& message,
                                  const QString& fix, const QJsonObject& changes,
                                  const QString& rewrite) {
    auto* item = new QTreeWidgetItem(findings_);
    item->setIcon(0, severityIcon(style(), severity));
    item->setText(0, tr("%1: %2").arg(area, message));
    item->setToolTip(0, message);
    const bool fixable = !changes.isEmpty() || !rewrite.isEmpty();
    item->setText(1, fixable ? tr("%1 (double-click to apply)").arg(fix) : fix);
    item->setToolTip(1, fix);
    item->setData(0, kChangesRole, changes);
    item->setData(0, kRewriteRole, rewrite);
}

void DiagnosticsPanel::applyFix(QTreeWidgetItem* item) {
    const QJsonObject changes = item->data(0, kChangesRole).toJsonObject();
    const QString rewrite = item->data(0, kRewriteRole).toString();
    if (!rewrite.isEmpty())
        Q_EMIT promptRewriteChosen(rewrite);
    else if (!changes.isEmpty())
        Q_EMIT changesChosen(changes);
}

}  // namespace kinora::ui
