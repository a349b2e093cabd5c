#include "ui/VideoPreview.h"

#include <QFileInfo>
#include <QKeyEvent>
#include <QLabel>
#include <QMediaMetaData>
#include <QPainter>
#include <QStackedWidget>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>
#include <QVideoWidget>

#include <algorithm>
#include <cmath>

#include "ui/TransportBar.h"

namespace kinora::ui {

namespace {

// A neutral dark backdrop behind video and previews, as players use.
constexpr QRgb kBackdrop = 0x1e1e22;
// Positions are milliseconds; a frame "is on screen" from its start time, so a position a hair
// below a frame boundary (rounding in the backend) still counts as the next frame.
constexpr double kFrameTolerance = 1e-3;

}  // namespace

// Paints one image as large as it fits, keeping its aspect ratio and scaling smoothly: latent
// previews are a few dozen pixels wide.
class VideoPreview::LatentView : public QWidget {
public:
    explicit LatentView(QWidget* parent) : QWidget(parent) {
        setObjectName(QStringLiteral("latentView"));
        setAttribute(Qt::WA_OpaquePaintEvent);
    }

    void setImage(const QImage& image) {
        image_ = image;
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        painter.fillRect(rect(), QColor(kBackdrop));
        if (image_.isNull())
            return;
        QSize size = image_.size();
        size.scale(this->size(), Qt::KeepAspectRatio);
        QRect target(QPoint(), size);
        target.moveCenter(rect().center());
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(target, image_);
    }

private:
    QImage image_;
};

VideoPreview::VideoPreview(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("videoPreview"));
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(240, 180);

    pages_ = new QStackedWidget(this);
    pages_->setObjectName(QStringLiteral("videoPages"));

    messageLabel_ = new QLabel(pages_);
    messageLabel_->setObjectName(QStringLiteral("messageLabel"));
    messageLabel_->setAlignment(Qt::AlignCenter);
    messageLabel_->setWordWrap(true);
    messageLabel_->setTextFormat(Qt::PlainText);
    messageLabel_->setMargin(16);
    pages_->addWidget(messageLabel_);
    pages_->addWidget(createPreviewPage());
    pages_->addWidget(createPlayerPage());

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pages_);

    clear();
}

VideoPreview::~VideoPreview() {
    // Child widgets are destroyed in creation order, the pages (and the video widget) before the
    // player, whose pipeline would otherwise still deliver frames to a sink being destroyed.
    player_->stop();
    player_->setVideoOutput(nullptr);
    delete player_;
    player_ = nullptr;
}

QWidget* VideoPreview::createPreviewPage() {
    auto* page = new QWidget(pages_);
    page->setObjectName(QStringLiteral("previewPage"));
    latentView_ = new LatentView(page);
    previewCaption_ = new QLabel(page);
    previewCaption_->setObjectName(QStringLiteral("previewCaption"));
    previewCaption_->setAlignment(Qt::AlignCenter);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(latentView_, 1);
    layout->addWidget(previewCaption_);

    previewTimer_ = new QTimer(this);
    previewTimer_->setObjectName(QStringLiteral("previewTimer"));
    connect(previewTimer_, &QTimer::timeout, this, &VideoPreview::advanceLatentFrame);
    return page;
}

QWidget* VideoPreview::createPlayerPage() {
    auto* page = new QWidget(pages_);
    page->setObjectName(QStringLiteral("playerPage"));
    videoWidget_ = new QVideoWidget(page);
    videoWidget_->setObjectName(QStringLiteral("videoWidget"));
    QPalette backdrop = videoWidget_->palette();
    backdrop.setColor(QPalette::Window, QColor(kBackdrop));
    videoWidget_->setPalette(backdrop);
    videoWidget_->setAutoFillBackground(true);

    transport_ = new TransportBar(TransportBar::Target::OneVideo, page);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(videoWidget_, 1);
    layout->addWidget(transport_);

    player_ = new QMediaPlayer(this);
    player_->setVideoOutput(videoWidget_);
    connect(transport_, &TransportBar::playToggled, this, &VideoPreview::togglePlayback);
    connect(transport_, &TransportBar::loopToggled, this, &VideoPreview::setLooping);
    connect(transport_, &TransportBar::stepBackwardRequested, this, &VideoPreview::stepBackward);
    connect(transport_, &TransportBar::stepForwardRequested, this, &VideoPreview::stepForward);
    connect(transport_, &TransportBar::seekRequested, this, &VideoPreview::seekToFrame);
    connect(player_, &QMediaPlayer::positionChanged, this, &VideoPreview::refreshTransport);
    connect(player_, &QMediaPlayer::durationChanged, this, &VideoPreview::refreshTransport);
    connect(player_, &QMediaPlayer::playbackStateChanged, this, &VideoPreview::refreshTransport);
    connect(player_, &QMediaPlayer::metaDataChanged, this, [this] {
        const double rate = player_->metaData().value(QMediaMetaData::VideoFrameRate).toDouble();
        clipFrameRate_ = rate > 0 ? rate : 0.0;
        refreshTransport();
    });
    connect(player_, &QMediaPlayer::errorOccurred, this,
            [this](QMediaPlayer::Error, const QString& detail) { reportError(detail); });
    connect(player_, &QMediaPlayer::mediaStatusChanged, this,
            [this](QMediaPlayer::MediaStatus status) {
                if (status == QMediaPlayer::InvalidMedia)
                    reportError(player_->errorString());
            });

    setLooping(transport_->isLooping());
    return page;
}

void VideoPreview::setFrameRate(double framesPerSecond) {
    if (framesPerSecond > 0)
        frameRate_ = framesPerSecond;
    previewTimer_->setInterval(int(std::lround(1000.0 / frameRate())));
    refreshTransport();
}

double VideoPreview::frameRate() const {
    return clipFrameRate_ > 0 ? clipFrameRate_ : frameRate_;
}

void VideoPreview::openVideo(const QString& path) {
    previewTimer_->stop();
    latentFrames_.clear();
    stopPlayer();
    videoPath_ = path;
    errorReported_ = false;
    if (!QFileInfo(path).isFile()) {
        reportError(tr("the file does not exist"));
        return;
    }
    showPage(Page::Player);
    player_->setSource(QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()));
    if (!errorReported_)
        player_->play();
}

void VideoPreview::showLatentPreview(int step, int totalSteps, const QList<QImage>& frames) {
    if (page_ == Page::Player)
        stopPlayer();
    if (!frames.isEmpty()) {
        latentFrames_ = frames;
        latentIndex_ = 0;
        latentView_->setImage(latentFrames_.first());
    }
    previewCaption_->setText(tr("Preview at step %1 / %2").arg(step).arg(totalSteps));
    showPage(Page::LatentPreview);
    previewTimer_->setInterval(int(std::lround(1000.0 / frameRate())));
    if (latentFrames_.size() > 1)
        previewTimer_->start();
    else
        previewTimer_->stop();
}

void VideoPreview::clear() {
    previewTimer_->stop();
    latentFrames_.clear();
    latentIndex_ = 0;
    latentView_->setImage({});
    stopPlayer();
    videoPath_.clear();
    messageLabel_->setText(tr("The video appears here as it is made."));
    showPage(Page::Empty);
}

QString VideoPreview::message() const {
    return messageLabel_->text();
}

int VideoPreview::frameCount() const {
    const qint64 duration = player_->duration();
    if (duration <= 0)
        return 0;
    return std::max(1, int(std::lround(double(duration) * frameRate() / 1000.0)));
}

int VideoPreview::currentFrame() const {
    const int count = frameCount();
    if (count == 0)
        return 0;
    const double frame = double(player_->position()) * frameRate() / 1000.0;
    return std::clamp(int(std::floor(frame + kFrameTolerance)), 0, count - 1);
}

bool VideoPreview::isLooping() const {
    return transport_->isLooping();
}

void VideoPreview::togglePlayback() {
    if (page_ != Page::Player)
        return;
    if (player_->playbackState() == QMediaPlayer::PlayingState)
        player_->pause();
    else
        player_->play();
}

void VideoPreview::setLooping(bool looping) {
    transport_->setLooping(looping);
    player_->setLoops(looping ? QMediaPlayer::Infinite : QMediaPlayer::Once);
}

void VideoPreview::stepBackward() {
    if (page_ != Page::Player)
        return;
    player_->pause();
    seekToFrame(currentFrame() - 1);
}

void VideoPreview::stepForward() {
    if (page_ != Page::Player)
        return;
    player_->pause();
    seekToFrame(currentFrame() + 1);
}

void VideoPreview::seekToFrame(int frame) {
    const int count = frameCount();
    if (page_ != Page::Player || count == 0)
        return;
    player_->setPosition(positionOfFrame(std::clamp(frame, 0, count - 1)));
}

qint64 VideoPreview::positionOfFrame(int frame) const {
    // The first millisecond inside the frame: its start time, rounded up.
    return qint64(std::ceil(double(frame) * 1000.0 / frameRate() - kFrameTolerance));
}

void VideoPreview::keyPressEvent(QKeyEvent* event) {
    if (transport_->handleKey(event->key()))
        event->accept();
    else
        QWidget::keyPressEvent(event);
}

void VideoPreview::showPage(Page page) {
    page_ = page;
    switch (page) {
        case Page::Empty:
        case Page::Message:
            pages_->setCurrentWidget(messageLabel_);
            break;
        case Page::LatentPreview:
            pages_->setCurrentWidget(latentView_->parentWidget());
            break;
        case Page::Player:
            pages_->setCurrentWidget(videoWidget_->parentWidget());
            break;
    }
}

void VideoPreview::showMessage(const QString& text) {
    messageLabel_->setText(text);
    showPage(Page::Message);
}

void VideoPreview::reportError(const QString& detail) {
    if (errorReported_)
        return;
    errorReported_ = true;
    const QString name = QFileInfo(videoPath_).fileName();
    const QString message = detail.isEmpty() ? tr("Cannot play %1.").arg(name)
                                             : tr("Cannot play %1: %2").arg(name, detail);
    stopPlayer();
    showMessage(message);
    Q_EMIT playbackError(message);
}

void VideoPreview::stopPlayer() {
    player_->stop();
    player_->setSource(QUrl());
    clipFrameRate_ = 0.0;
    refreshTransport();
}

void VideoPreview::refreshTransport() {
    transport_->showPosition(currentFrame(), frameCount(),
                             player_->playbackState() == QMediaPlayer::PlayingState);
}

void VideoPreview::advanceLatentFrame() {
    if (latentFrames_.isEmpty())
        return;
    latentIndex_ = (latentIndex_ + 1) % int(latentFrames_.size());
    latentView_->setImage(latentFrames_.at(latentIndex_));
}

}  // namespace kinora::ui
