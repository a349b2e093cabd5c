// The memory verdict under the parameter panel: the current settings planned against the device's
// memory off the UI thread, a moment after the last change; the gauge shows the predicted peak, and
// settings that cannot fit are flagged with the planner's downgrade one click away.
#pragma once

#include <QFutureWatcher>
#include <QJsonObject>
#include <QWidget>

#include <functional>

#include "facade/GenerationRequest.h"
#include "facade/MemoryPlanning.h"

class QLabel;
class QPushButton;
class QTimer;

namespace kinora::ui {

class MemoryGauge;

class MemoryPlanStrip : public QWidget {
    Q_OBJECT
public:
    // `currentRequest` gives the settings as they are when the plan starts; `gauge` outlives the
    // strip and shows each plan's peak.
    MemoryPlanStrip(MemoryGauge* gauge, std::function<GenerationRequest()> currentRequest,
                    QWidget* parent = nullptr);

    // Plans the settings a moment after the last call (the diffusion model runs them).
    void planSoon();
    // Nothing to plan (the camera engine runs the settings): no verdict, no predicted peak.
    void clear();

Q_SIGNALS:
    // The downgrade was chosen: the request fields to change, as JSON.
    void downgradeChosen(const QJsonObject& changes);

private:
    void planNow();
    void showPlan();
    void hideVerdict();

    MemoryGauge* gauge_ = nullptr;
    std::function<GenerationRequest()> currentRequest_;
    QLabel* verdict_ = nullptr;
    QPushButton* downgrade_ = nullptr;
    QTimer* planTimer_ = nullptr;
    QFutureWatcher<MemoryPlan> planner_;
    MemoryPlan plan_;
    bool planning_ = false;  // a plan finishing after clear() is not shown
};

}  // namespace kinora::ui
