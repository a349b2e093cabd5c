// The column where the next job is set up: the prompt editor, what the camera engine reads from
// the prompt, the parameter panel, the memory verdict and the per-job picture fixes, scrolled as
// one, with Generate and Cancel under them in sight however far the column is scrolled.
#pragma once

#include <QWidget>

#include <functional>

#include "facade/GenerationRequest.h"

class QCheckBox;
class QLabel;
class QPushButton;

namespace kinora::ui {

class MemoryGauge;
class MemoryPlanStrip;
class ParameterPanel;
class PromptEditor;

class JobSetupPanel : public QWidget {
    Q_OBJECT
public:
    // `gauge` and `currentRequest` go to the memory-plan strip (see MemoryPlanStrip).
    JobSetupPanel(MemoryGauge* gauge, std::function<GenerationRequest()> currentRequest,
                  QWidget* parent = nullptr);

    PromptEditor* promptEditor() const { return promptEditor_; }
    ParameterPanel* parameters() const { return parameters_; }
    MemoryPlanStrip* memoryPlan() const { return memoryPlan_; }

    // Sets `request`'s preprocessing to the picture fixes the check boxes ask for.
    void applyPreprocessTo(GenerationRequest& request) const;
    // Shows, while the camera engine runs the settings, what it reads from the prompt, so the user
    // sees why a prompt gives a move.
    void setCameraEngine(bool camera);
    // Cancel can be pressed while a job runs.
    void setBusy(bool busy);

Q_SIGNALS:
    void generateClicked();
    void cancelClicked();
    // The prompt, the negative prompt, a parameter or a picture fix changed.
    void requestChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateCameraPath();

    PromptEditor* promptEditor_ = nullptr;
    QLabel* cameraPath_ = nullptr;
    ParameterPanel* parameters_ = nullptr;
    MemoryPlanStrip* memoryPlan_ = nullptr;
    QCheckBox* improvePicture_ = nullptr;
    QCheckBox* correctExposure_ = nullptr;
    QPushButton* generateButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    bool cameraEngine_ = false;
};

}  // namespace kinora::ui
