#include "ui/MemoryPlanStrip.h"

#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/FacadeText.h"
#include "ui/MemoryGauge.h"

namespace kinora::ui {

MemoryPlanStrip::MemoryPlanStrip(MemoryGauge* gauge,
                                 std::function<GenerationRequest()> currentRequest, QWidget* parent)
    : QWidget(parent), gauge_(gauge), currentRequest_(std::move(currentRequest)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("memoryVerdictLabel"));
    verdict_->setWordWrap(true);
    downgrade_ = new QPushButton(this);
    downgrade_->setObjectName(QStringLiteral("applyDowngradeButton"));
    downgrade_->hide();
    connect(downgrade_, &QPushButton::clicked, this,
            [this] { Q_EMIT downgradeChosen(plan_.downgradeChanges()); });
    layout->addWidget(verdict_);
    layout->addWidget(downgrade_);
    // Hidden with its verdict, so the panel keeps no gap for it.
    hide();
    planTimer_ = new QTimer(this);
    planTimer_->setSingleShot(true);
    planTimer_->setInterval(400);
    connect(planTimer_, &QTimer::timeout, this, &MemoryPlanStrip::planNow);
    connect(&planner_, &QFutureWatcher<MemoryPlan>::finished, this, &MemoryPlanStrip::showPlan);
}

void MemoryPlanStrip::planSoon() {
    planning_ = true;
    planTimer_->start();
}

void MemoryPlanStrip::clear() {
    planning_ = false;
    hideVerdict();
}

void MemoryPlanStrip::hideVerdict() {
    gauge_->clearPrediction();
    hide();
    downgrade_->hide();
}

void MemoryPlanStrip::planNow() {
    if (planner_.isRunning()) {
        planTimer_->start();  // plan the newest settings once this one is done
        return;
    }
    const GenerationRequest request = currentRequest_();
    planner_.setFuture(QtConcurrent::run([request] { return planMemory(request); }));
}

void MemoryPlanStrip::showPlan() {
    plan_ = planner_.result();
    if (!planning_ || !plan_.known()) {
        hideVerdict();
        return;
    }
    gauge_->setPredictedPeak(qint64(plan_.peakBytes));
    const bool fits = plan_.runnable() && plan_.verdict != MemoryVerdict::NeedsDowngrade &&
                      plan_.verdict != MemoryVerdict::DoesNotFit;
    const double gib = 1024.0 * 1024.0 * 1024.0;
    if (fits) {
        verdict_->setText(tr("Memory: about %1 GB of %2 GB usable (%3).")
                              .arg(plan_.peakBytes / gib, 0, 'f', 1)
                              .arg(plan_.budgetBytes / gib, 0, 'f', 1)
                              .arg(memorySettingsText(plan_.settings)));
        verdict_->setStyleSheet(QString());
        downgrade_->hide();
    } else {
        verdict_->setText(
            tr("These settings need about %1 GB; %2 GB can be used. They would run out of "
               "memory.")
                .arg(plan_.peakBytes / gib, 0, 'f', 1)
                .arg(plan_.budgetBytes / gib, 0, 'f', 1));
        verdict_->setStyleSheet(QStringLiteral("color: #c0392b;"));
        const bool hasDowngrade = plan_.downgradeFrames || plan_.downgradeWidth;
        downgrade_->setVisible(hasDowngrade);
        if (hasDowngrade) {
            downgrade_->setText(tr("Use %1 × %2, %3 frames instead")
                                    .arg(plan_.downgradeWidth.value_or(plan_.requestedWidth))
                                    .arg(plan_.downgradeHeight.value_or(plan_.requestedHeight))
                                    .arg(plan_.downgradeFrames.value_or(plan_.requestedFrames)));
        }
    }
    show();
}

}  // namespace kinora::ui
