// The transport row under a video: play/pause, one frame back and forward, loop, a scrub slider and
// "frame N / M". It only shows and asks: the view that owns it plays, seeks and loops, and tells it
// where playback stands through showPosition(). The result pane and the candidate grid share it,
// so both read and behave the same.
//
// Its buttons and slider never take focus: the keys (Space, ",", ".") go to the view, which hands
// them to handleKey().
#pragma once

#include <QWidget>

class QHBoxLayout;
class QLabel;
class QSlider;
class QToolButton;

namespace kinora::ui {

class TransportBar : public QWidget {
    Q_OBJECT
public:
    // What the controls act on, for their tool tips.
    enum class Target { OneVideo, AllCandidates };

    explicit TransportBar(Target target, QWidget* parent = nullptr);

    // Frame `frame` (0-based) of `count`, and the pause icon while `playing`. With no frames the
    // controls are disabled and the counter is empty. Never emits seekRequested().
    void showPosition(int frame, int count, bool playing);

    // The loop button starts checked.
    bool isLooping() const;
    // Checks or unchecks the loop button; loopToggled() follows only on a change.
    void setLooping(bool looping);

    // The transport keys, for the owning view's keyPressEvent: Space asks to play or pause, ","
    // and "." to step one frame back or forward, as the buttons do. Returns whether `key` was one.
    bool handleKey(int key);

    // A text button after the frame counter, in the row's style and likewise without focus.
    QToolButton* addTextButton(const QString& objectName, const QString& text,
                               const QString& toolTip);

Q_SIGNALS:
    void playToggled();
    void stepBackwardRequested();
    void stepForwardRequested();
    void loopToggled(bool looping);
    void seekRequested(int frame);

private:
    QToolButton* addButton(const QString& objectName, const QString& toolTip);

    QHBoxLayout* layout_ = nullptr;
    QToolButton* playButton_ = nullptr;
    QToolButton* stepBackButton_ = nullptr;
    QToolButton* stepForwardButton_ = nullptr;
    QToolButton* loopButton_ = nullptr;
    QSlider* scrubSlider_ = nullptr;
    QLabel* frameLabel_ = nullptr;
    bool showingPosition_ = false;  // the slider follows playback without asking for a seek
};

}  // namespace kinora::ui
