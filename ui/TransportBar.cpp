#include "ui/TransportBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <algorithm>

namespace kinora::ui {

TransportBar::TransportBar(Target target, QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("transportBar"));
    const bool all = target == Target::AllCandidates;
    layout_ = new QHBoxLayout(this);
    layout_->setContentsMargins(4, 2, 4, 2);

    playButton_ =
        addButton(QStringLiteral("playButton"),
                  all ? tr("Play or pause all candidates (Space)") : tr("Play or pause (Space)"));
    playButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    stepBackButton_ = addButton(QStringLiteral("stepBackButton"), tr("One frame back (,)"));
    stepBackButton_->setIcon(style()->standardIcon(QStyle::SP_MediaSeekBackward));
    stepForwardButton_ =
        addButton(QStringLiteral("stepForwardButton"), tr("One frame forward (.)"));
    stepForwardButton_->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
    loopButton_ =
        addButton(QStringLiteral("loopButton"), all ? tr("Loop the videos") : tr("Loop the video"));
    loopButton_->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    loopButton_->setCheckable(true);
    loopButton_->setChecked(true);

    scrubSlider_ = new QSlider(Qt::Horizontal, this);
    scrubSlider_->setObjectName(QStringLiteral("scrubSlider"));
    scrubSlider_->setToolTip(all ? tr("Go to a frame in every candidate") : tr("Go to a frame"));
    scrubSlider_->setFocusPolicy(Qt::NoFocus);
    layout_->addWidget(scrubSlider_, 1);
    frameLabel_ = new QLabel(this);
    frameLabel_->setObjectName(QStringLiteral("frameLabel"));
    // Wide enough for "frame 888 / 888", so the slider does not jump as the numbers change.
    frameLabel_->setMinimumWidth(
        frameLabel_->fontMetrics().horizontalAdvance(tr("frame %1 / %2").arg(888).arg(888)));
    layout_->addWidget(frameLabel_);

    connect(playButton_, &QToolButton::clicked, this, &TransportBar::playToggled);
    connect(stepBackButton_, &QToolButton::clicked, this, &TransportBar::stepBackwardRequested);
    connect(stepForwardButton_, &QToolButton::clicked, this, &TransportBar::stepForwardRequested);
    connect(loopButton_, &QToolButton::toggled, this, &TransportBar::loopToggled);
    connect(scrubSlider_, &QSlider::valueChanged, this, [this](int frame) {
        if (!showingPosition_)
            Q_EMIT seekRequested(frame);
    });
    showPosition(0, 0, false);
}

void TransportBar::showPosition(int frame, int count, bool playing) {
    playButton_->setIcon(
        style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    const bool haveVideo = count > 0;
    for (QWidget* control :
         {static_cast<QWidget*>(playButton_), static_cast<QWidget*>(scrubSlider_),
          static_cast<QWidget*>(stepBackButton_), static_cast<QWidget*>(stepForwardButton_)})
        control->setEnabled(haveVideo);
    showingPosition_ = true;
    scrubSlider_->setRange(0, std::max(0, count - 1));
    scrubSlider_->setValue(frame);
    showingPosition_ = false;
    frameLabel_->setText(haveVideo ? tr("frame %1 / %2").arg(frame + 1).arg(count) : QString());
}

bool TransportBar::isLooping() const {
    return loopButton_->isChecked();
}

void TransportBar::setLooping(bool looping) {
    loopButton_->setChecked(looping);
}

bool TransportBar::handleKey(int key) {
    switch (key) {
        case Qt::Key_Space:
            Q_EMIT playToggled();
            return true;
        case Qt::Key_Comma:
            Q_EMIT stepBackwardRequested();
            return true;
        case Qt::Key_Period:
            Q_EMIT stepForwardRequested();
            return true;
        default:
            return false;
    }
}

QToolButton* TransportBar::addTextButton(const QString& objectName, const QString& text,
                                         const QString& toolTip) {
    QToolButton* button = addButton(objectName, toolTip);
    button->setText(text);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

QToolButton* TransportBar::addButton(const QString& objectName, const QString& toolTip) {
    auto* button = new QToolButton(this);
    button->setObjectName(objectName);
    button->setToolTip(toolTip);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::NoFocus);
    layout_->addWidget(button);
    return button;
}

}  // namespace kinora::ui
