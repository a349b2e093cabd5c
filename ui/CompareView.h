// The candidate grid: up to nine videos of one exploration round, played in lockstep so that every
// cell shows the same frame index, for a person to compare them and pick the best.
//
// One master clock (a timer at the frame rate) owns the frame index. The players never play on
// their own: they stay paused and the clock seeks each of them to the frame's start on every tick,
// and moves on only when every cell has shown the frame (or after a short stall, so one slow or
// broken file cannot stop the others). Free-running players drift apart by a frame or more within
// a loop; stepped ones cannot.
//
// Views: the grid; one candidate zoomed to the full area; an A/B pair (the selection and the one
// selected before it) side by side; and a wipe, A left and B right of a draggable divider.
//
// Keys while it has focus: 1-9 select a cell, arrows move the selection, Space plays or pauses,
// "," and "." step a frame, S stars and X rejects (each toggles), Enter picks, Z zooms the
// selection, A shows the A/B pair, W the wipe, Escape goes back to the grid.
#pragma once

#include <QImage>
#include <QList>
#include <QString>
#include <QWidget>

class QLabel;
class QMediaPlayer;
class QStackedWidget;
class QTimer;
class QToolButton;
class QVideoFrame;

namespace kinora::ui {

class TransportBar;

class CompareView : public QWidget {
    Q_OBJECT
public:
    // Marks a person gives a candidate.
    static constexpr int kRejected = -1;
    static constexpr int kUnmarked = 0;
    static constexpr int kStarred = 1;
    // Cells the grid holds; keys 1-9 reach each of them.
    static constexpr int kMaxCandidates = 9;

    struct Candidate {
        qint64 id = 0;
        QString videoPath;
        QString label;  // e.g. "prompt 2 · seed 7"
        double frameRate = 8.0;
        int mark = kUnmarked;
    };

    enum class View { Grid, Zoomed, SideBySide, Wipe };
    Q_ENUM(View)

    explicit CompareView(QWidget* parent = nullptr);
    // Stops every player before the video widget it draws into goes.
    ~CompareView() override;

    // Replaces the grid with `candidates` (the first kMaxCandidates of them), selects the first,
    // shows the grid and its first frames, paused.
    void setCandidates(const QList<Candidate>& candidates);
    // No candidates, nothing playing.
    void clear();

    int candidateCount() const { return int(cells_.size()); }
    Candidate candidate(int index) const;

    // The master clock's frame (0-based), and the longest candidate's frame count.
    int currentFrame() const { return frame_; }
    int frameCount() const;
    bool isPlaying() const;
    bool isLooping() const;

    // The selected candidate's id, or -1 with no candidates.
    qint64 selectedId() const;
    int selectedIndex() const { return selected_; }
    void selectIndex(int index);
    // The mark of the candidate `id` (kUnmarked for an unknown id).
    int markOf(qint64 id) const;
    void setMark(qint64 id, int mark);

    View view() const { return view_; }
    bool isABMode() const { return view_ == View::SideBySide || view_ == View::Wipe; }
    // The A/B pair: A is the selection, B the candidate selected before it (or, before any second
    // selection, the first other one). -1 with fewer than two candidates.
    qint64 idA() const;
    qint64 idB() const;
    // Where the wipe's divider stands, as a fraction of its width from the left.
    double wipePosition() const;
    void setWipePosition(double fraction);

    // Per cell, for checks: its player, the frame it shows as decoded (its index from the frame's
    // timestamp, -1 before the first) and that frame as an image.
    QMediaPlayer* player(int index) const;
    int shownFrame(int index) const;
    QImage shownImage(int index) const;

public Q_SLOTS:
    void play();
    void pause();
    void togglePlayback();
    void setLooping(bool looping);
    // Pause, then one frame back or forward (stopping at the first and last).
    void stepBackward();
    void stepForward();
    // Every player to `frame`; playback, if on, goes on from there.
    void seekToFrame(int frame);
    void setView(View view);
    // Z: the selection alone at full size, or back to the grid.
    void toggleZoom();
    // A: the A/B pair side by side, or back to the grid. Needs two candidates.
    void setABMode(bool on);
    // W: the wipe, or back to side by side.
    void setWipeMode(bool on);
    // Enter: emits picked() for the selection.
    void pickSelected();

Q_SIGNALS:
    void picked(qint64 id);
    void markChanged(qint64 id, int mark);
    void selectionChanged(qint64 id);
    void viewChanged(kinora::ui::CompareView::View view);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    class Cell;
    class WipeView;

    QWidget* createTransport();
    void removeCells();
    void arrangeCells();
    int columns() const;
    int indexB() const;
    void moveSelection(int key);
    void toggleMark(int mark);
    void refreshCaption(int index);
    void refreshTransport();
    void refreshWipe();
    void seekCells();
    void advanceClock();
    bool isInView(int index) const;
    void seekCell(Cell* cell);
    void resendLaggingSeeks();
    void onFrame(Cell* cell, const QVideoFrame& frame);

    QStackedWidget* pages_ = nullptr;
    QLabel* emptyLabel_ = nullptr;
    QWidget* gridPage_ = nullptr;
    WipeView* wipeView_ = nullptr;
    TransportBar* transport_ = nullptr;
    QToolButton* zoomButton_ = nullptr;
    QToolButton* abButton_ = nullptr;
    QToolButton* wipeButton_ = nullptr;
    QToolButton* pickButton_ = nullptr;
    QTimer* clock_ = nullptr;
    QTimer* settleTimer_ = nullptr;  // checks, while paused, that every cell reached its seek

    QList<Cell*> cells_;
    View view_ = View::Grid;
    int selected_ = -1;
    int previous_ = -1;  // the selection before the current one: B of the A/B pair
    int frame_ = 0;
    int stalledTicks_ = 0;   // clock ticks spent waiting for a cell to show the frame
    int settleRetries_ = 0;  // seeks re-sent since the last move while paused
};

}  // namespace kinora::ui
