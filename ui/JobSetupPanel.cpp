#include "ui/JobSetupPanel.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "facade/CameraPrompt.h"
#include "ui/FacadeText.h"
#include "ui/MemoryPlanStrip.h"
#include "ui/ParameterPanel.h"
#include "ui/PromptEditor.h"

namespace kinora::ui {

JobSetupPanel::JobSetupPanel(MemoryGauge* gauge, std::function<GenerationRequest()> currentRequest,
                             QWidget* parent)
    : QWidget(parent) {
    setMinimumWidth(400);
    promptEditor_ = new PromptEditor(this);
    parameters_ = new ParameterPanel(this);
    generateButton_ = new QPushButton(this);
    generateButton_->setObjectName(QStringLiteral("generateButton"));
    generateButton_->setDefault(true);
    generateButton_->setMinimumHeight(36);
    connect(generateButton_, &QPushButton::clicked, this, &JobSetupPanel::generateClicked);
    cancelButton_ = new QPushButton(this);
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    cancelButton_->setMinimumHeight(36);
    connect(cancelButton_, &QPushButton::clicked, this, &JobSetupPanel::cancelClicked);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(generateButton_, 2);
    buttons->addWidget(cancelButton_, 1);

    auto* controls = new QWidget(this);
    auto* controlsLayout = new QVBoxLayout(controls);
    controlsLayout->addWidget(promptEditor_);
    cameraPath_ = new QLabel(this);
    cameraPath_->setObjectName(QStringLiteral("cameraPathLabel"));
    cameraPath_->setWordWrap(true);
    cameraPath_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    controlsLayout->addWidget(cameraPath_);
    controlsLayout->addWidget(parameters_);
    memoryPlan_ = new MemoryPlanStrip(gauge, std::move(currentRequest), this);
    controlsLayout->addWidget(memoryPlan_);
    // Per job and off by default: they change the picture the model sees.
    improvePicture_ = new QCheckBox(this);
    improvePicture_->setObjectName(QStringLiteral("improvePictureCheck"));
    correctExposure_ = new QCheckBox(this);
    correctExposure_->setObjectName(QStringLiteral("correctExposureCheck"));
    for (QCheckBox* box : {improvePicture_, correctExposure_}) {
        controlsLayout->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &JobSetupPanel::requestChanged);
    }
    controlsLayout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(controls);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);

    connect(promptEditor_, &PromptEditor::promptChanged, this, &JobSetupPanel::requestChanged);
    connect(promptEditor_, &PromptEditor::negativePromptChanged, this,
            &JobSetupPanel::requestChanged);
    connect(parameters_, &ParameterPanel::parametersChanged, this, &JobSetupPanel::requestChanged);
    retranslate();
}

void JobSetupPanel::applyPreprocessTo(GenerationRequest& request) const {
    if (improvePicture_->isChecked())
        request.preprocess = PreprocessSettings::advised();
    request.preprocess.exposure = correctExposure_->isChecked();
}

void JobSetupPanel::setCameraEngine(bool camera) {
    cameraEngine_ = camera;
    updateCameraPath();
}

void JobSetupPanel::setBusy(bool busy) {
    cancelButton_->setEnabled(busy);
}

void JobSetupPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void JobSetupPanel::retranslate() {
    improvePicture_->setText(tr("Improve the picture first"));
    improvePicture_->setToolTip(
        tr("Resize to the video size with Lanczos, contrast ×1.2, "
           "sharpness ×1.1 (the usual advice). The improved picture is "
           "what the job records as its source."));
    correctExposure_->setText(tr("Correct exposure"));
    correctExposure_->setToolTip(
        tr("Brighten a dark picture or tone down a bright one; a "
           "well-exposed picture is left alone."));
    generateButton_->setText(tr("Generate"));
    generateButton_->setToolTip(tr("Start the video (Ctrl+Return)"));
    cancelButton_->setText(tr("Cancel"));
    cancelButton_->setToolTip(
        tr("Stop the running job within one step; nothing half-written "
           "is kept (Esc)"));
    updateCameraPath();
}

void JobSetupPanel::updateCameraPath() {
    cameraPath_->setVisible(cameraEngine_);
    if (!cameraEngine_)
        return;
    const CameraPath path = parseCameraPrompt(promptEditor_->prompt());
    QString text = tr("Camera engine: %1").arg(cameraPathText(path));
    if (!path.ignoredWords.isEmpty())
        text += QLatin1Char('\n') +
                tr("Not camera words: %1").arg(path.ignoredWords.join(QStringLiteral(", ")));
    cameraPath_->setText(text);
}

}  // namespace kinora::ui
