// The result pane: while a job denoises it shows the latent previews moving (small frames scaled up
// and cycled at the clip's frame rate); once the video is written it plays it, looping, with
// play/pause, frame steps, a scrub slider and a frame counter. A file that cannot be played gives
// a message naming it, never a crash.
//
// Keys while it has focus: Space plays or pauses, "," and "." step one frame back and forward.
#pragma once

#include <QImage>
#include <QList>
#include <QMediaPlayer>
#include <QWidget>

class QLabel;
class QStackedWidget;
class QTimer;
class QVideoWidget;

namespace kinora::ui {

class TransportBar;

class VideoPreview : public QWidget {
    Q_OBJECT
public:
    enum class Page { Empty, LatentPreview, Player, Message };
    Q_ENUM(Page)

    explicit VideoPreview(QWidget* parent = nullptr);
    // Stops the player before the video widget it draws into goes.
    ~VideoPreview() override;

    // The clip's frames per second, for frame steps, the frame counter and the preview's pace. A
    // video whose container states its rate uses that rate instead.
    void setFrameRate(double framesPerSecond);
    double frameRate() const;

    // Plays `path` from the start, looping while the loop button is on. Replaces the latent
    // preview. Errors end up on the message page and in playbackError().
    void openVideo(const QString& path);
    QString videoPath() const { return videoPath_; }

    // Latent frames of the video at denoising step `step` of `totalSteps`: shown scaled up, one
    // after another at the frame rate, captioned "Preview at step 12 / 50". Stops any playback.
    void showLatentPreview(int step, int totalSteps, const QList<QImage>& frames);
    // The latent frame on screen now (index into the last frames given).
    int latentFrameIndex() const { return latentIndex_; }

    // Back to nothing shown: no video, no preview.
    void clear();

    Page page() const { return page_; }
    QString message() const;  // the message page's text

    // The frame on screen (0-based) and how many the video has, at the frame rate.
    int currentFrame() const;
    int frameCount() const;

    bool isLooping() const;
    QMediaPlayer* player() const { return player_; }

public Q_SLOTS:
    void togglePlayback();
    void setLooping(bool looping);
    // Pause, then one frame back or forward (stopping at the first and last).
    void stepBackward();
    void stepForward();
    void seekToFrame(int frame);

Q_SIGNALS:
    // The player could not open or decode the file; `message` names it.
    void playbackError(const QString& message);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    class LatentView;

    QWidget* createPlayerPage();
    QWidget* createPreviewPage();
    void showPage(Page page);
    void showMessage(const QString& text);
    void reportError(const QString& detail);
    void stopPlayer();
    void refreshTransport();
    void advanceLatentFrame();
    qint64 positionOfFrame(int frame) const;

    QStackedWidget* pages_ = nullptr;
    QLabel* messageLabel_ = nullptr;
    LatentView* latentView_ = nullptr;
    QLabel* previewCaption_ = nullptr;
    QTimer* previewTimer_ = nullptr;
    QVideoWidget* videoWidget_ = nullptr;
    TransportBar* transport_ = nullptr;
    QMediaPlayer* player_ = nullptr;

    Page page_ = Page::Empty;
    QString videoPath_;
    double frameRate_ = 8.0;      // as set by the caller
    double clipFrameRate_ = 0.0;  // as the opened file states it; 0 if it does not
    bool errorReported_ = false;  // for the current file: one message, one signal
    QList<QImage> latentFrames_;
    int latentIndex_ = 0;
};

}  // namespace kinora::ui
