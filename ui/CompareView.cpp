#include "ui/CompareView.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMediaPlayer>
#include <QMouseEvent>
#include <QPainter>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>

#include <algorithm>
#include <cmath>
#include <utility>

#include "ui/TransportBar.h"

namespace kinora::ui {

namespace {

// The same dark backdrop as the result pane's player.
constexpr QRgb kBackdrop = 0x1e1e22;
// Positions are milliseconds and timestamps microseconds; a time a hair below a frame boundary
// (rounding in the backend) still counts as the next frame.
constexpr double kFrameTolerance = 1e-3;
// How long the clock waits for a slow cell to show its frame before it moves on without it.
constexpr double kMaxStallSeconds = 0.5;
// The selected cell's frame.
constexpr int kSelectionWidth = 3;
// While paused, a cell that has not shown the frame it was sent to this long after the seek is
// sent again: the media backend can drop a seek that arrives while another is in flight (a fast
// scrub), which would leave that cell on a stale frame until the next move.
constexpr int kSettleCheckMs = 250;
constexpr int kMaxSettleRetries = 4;

// The first millisecond inside `frame`: its start time, rounded up.
qint64 positionOfFrame(int frame, double framesPerSecond) {
    return qint64(std::ceil(double(frame) * 1000.0 / framesPerSecond - kFrameTolerance));
}

}  // namespace

// One candidate: its video, a caption with its key number, mark and label, and a frame in the
// highlight colour while it is selected. Its player belongs to the view, which tears it down
// before the cell (and the video widget inside it) goes.
class CompareView::Cell : public QWidget {
public:
    Cell(const Candidate& candidate, int number, QWidget* parent)
        : QWidget(parent), candidate(candidate), number(number) {
        setObjectName(QStringLiteral("compareCell%1").arg(number));
        video = new QVideoWidget(this);
        video->setObjectName(QStringLiteral("cellVideo"));
        video->setFocusPolicy(Qt::NoFocus);
        QPalette backdrop = video->palette();
        backdrop.setColor(QPalette::Window, QColor(kBackdrop));
        video->setPalette(backdrop);
        video->setAutoFillBackground(true);
        caption = new QLabel(this);
        caption->setObjectName(QStringLiteral("cellCaption"));
        caption->setTextFormat(Qt::PlainText);
        caption->setAlignment(Qt::AlignCenter);
        caption->setToolTip(QDir::toNativeSeparators(candidate.videoPath));
        auto* layout = new QVBoxLayout(this);
        const int margin = kSelectionWidth + 1;
        layout->setContentsMargins(margin, margin, margin, margin);
        layout->setSpacing(2);
        layout->addWidget(video, 1);
        layout->addWidget(caption);
    }

    int frameCount() const {
        const qint64 duration = player ? player->duration() : 0;
        if (duration <= 0 || failed)
            return 0;
        return std::max(1, int(std::lround(double(duration) * candidate.frameRate / 1000.0)));
    }

    void setSelected(bool on) {
        selected = on;
        setProperty("selected", on);
        update();
    }

    Candidate candidate;
    int number = 0;
    QVideoWidget* video = nullptr;
    QLabel* caption = nullptr;
    QMediaPlayer* player = nullptr;
    QVideoFrame frame;           // the last one the sink received
    qint64 firstTimestamp = -1;  // of frame 0, in microseconds; -1 until the first frame comes
    int shownFrame = -1;         // the last frame's index, from its timestamp
    int targetFrame = 0;         // the frame the clock last sent it to
    bool failed = false;         // could not be opened or decoded: left out of the clock's wait
    bool selected = false;

protected:
    void paintEvent(QPaintEvent*) override {
        if (!selected)
            return;
        QPainter painter(this);
        QPen pen(palette().color(QPalette::Highlight), kSelectionWidth);
        pen.setJoinStyle(Qt::MiterJoin);
        painter.setPen(pen);
        const int inset = kSelectionWidth / 2;
        painter.drawRect(rect().adjusted(inset, inset, -inset - 1, -inset - 1));
    }
};

// Two frames, A left and B right of a divider the mouse drags; each frame keeps its aspect ratio
// in the same centred rectangle, so the halves line up.
class CompareView::WipeView : public QWidget {
public:
    explicit WipeView(QWidget* parent) : QWidget(parent) {
        setObjectName(QStringLiteral("wipeView"));
        setAttribute(Qt::WA_OpaquePaintEvent);
        setCursor(Qt::SplitHCursor);
    }

    void setFrames(const QImage& left, const QImage& right) {
        left_ = left;
        right_ = right;
        update();
    }

    void setLabels(const QString& left, const QString& right) {
        leftLabel_ = left;
        rightLabel_ = right;
        update();
    }

    double divider() const { return divider_; }
    void setDivider(double fraction) {
        divider_ = std::clamp(fraction, 0.0, 1.0);
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        painter.fillRect(rect(), QColor(kBackdrop));
        const QImage& reference = left_.isNull() ? right_ : left_;
        const int dividerX = int(std::lround(divider_ * width()));
        if (!reference.isNull()) {
            QSize size = reference.size();
            size.scale(this->size(), Qt::KeepAspectRatio);
            QRect target(QPoint(), size);
            target.moveCenter(rect().center());
            painter.setRenderHint(QPainter::SmoothPixmapTransform);
            painter.save();
            painter.setClipRect(QRect(0, 0, dividerX, height()));
            if (!left_.isNull())
                painter.drawImage(target, left_);
            painter.setClipRect(QRect(dividerX, 0, width() - dividerX, height()));
            if (!right_.isNull())
                painter.drawImage(target, right_);
            painter.restore();
        }
        painter.setPen(QPen(Qt::white, 2));
        painter.drawLine(dividerX, 0, dividerX, height());
        drawLabel(painter, leftLabel_, Qt::AlignLeft);
        drawLabel(painter, rightLabel_, Qt::AlignRight);
    }

    void mousePressEvent(QMouseEvent* event) override { dragTo(event); }
    void mouseMoveEvent(QMouseEvent* event) override {
        if (event->buttons() & Qt::LeftButton)
            dragTo(event);
    }

private:
    void dragTo(QMouseEvent* event) {
        if (width() > 0)
            setDivider(event->position().x() / width());
        event->accept();
    }

    void drawLabel(QPainter& painter, const QString& text, Qt::Alignment side) {
        if (text.isEmpty())
            return;
        const int pad = 6;
        QRect box = painter.fontMetrics().boundingRect(text).adjusted(-pad, -pad / 2, pad, pad / 2);
        box.moveTop(pad);
        if (side == Qt::AlignLeft)
            box.moveLeft(pad);
        else
            box.moveRight(width() - pad - 1);
        painter.fillRect(box, QColor(0, 0, 0, 160));
        painter.setPen(Qt::white);
        painter.drawText(box, Qt::AlignCenter, text);
    }

    QImage left_;
    QImage right_;
    QString leftLabel_;
    QString rightLabel_;
    double divider_ = 0.5;
};

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("compareView"));
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 240);

    pages_ = new QStackedWidget(this);
    pages_->setObjectName(QStringLiteral("comparePages"));
    emptyLabel_ = new QLabel(tr("Candidates to compare appear here."), pages_);
    emptyLabel_->setObjectName(QStringLiteral("emptyLabel"));
    emptyLabel_->setAlignment(Qt::AlignCenter);
    emptyLabel_->setWordWrap(true);
    gridPage_ = new QWidget(pages_);
    gridPage_->setObjectName(QStringLiteral("gridPage"));
    wipeView_ = new WipeView(pages_);
    pages_->addWidget(emptyLabel_);
    pages_->addWidget(gridPage_);
    pages_->addWidget(wipeView_);

    clock_ = new QTimer(this);
    clock_->setObjectName(QStringLiteral("masterClock"));
    clock_->setTimerType(Qt::PreciseTimer);
    connect(clock_, &QTimer::timeout, this, &CompareView::advanceClock);
    settleTimer_ = new QTimer(this);
    settleTimer_->setSingleShot(true);
    settleTimer_->setInterval(kSettleCheckMs);
    connect(settleTimer_, &QTimer::timeout, this, &CompareView::resendLaggingSeeks);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(pages_, 1);
    layout->addWidget(createTransport());

    clear();
}

CompareView::~CompareView() {
    removeCells();
}

QWidget* CompareView::createTransport() {
    transport_ = new TransportBar(TransportBar::Target::AllCandidates, this);
    transport_->setObjectName(QStringLiteral("compareTransport"));
    zoomButton_ =
        transport_->addTextButton(QStringLiteral("zoomButton"), tr("Zoom"),
                                  tr("Show the selected candidate alone at full size (Z)"));
    zoomButton_->setCheckable(true);
    abButton_ = transport_->addTextButton(
        QStringLiteral("abButton"), tr("A/B"),
        tr("Show the selected candidate (A) beside the one selected before it (B) (A)"));
    abButton_->setCheckable(true);
    wipeButton_ =
        transport_->addTextButton(QStringLiteral("wipeButton"), tr("Wipe"),
                                  tr("Show A left and B right of a divider you can drag (W)"));
    wipeButton_->setCheckable(true);
    pickButton_ = transport_->addTextButton(QStringLiteral("pickButton"), tr("Pick"),
                                            tr("Pick the selected candidate (Enter)"));

    connect(transport_, &TransportBar::playToggled, this, &CompareView::togglePlayback);
    connect(transport_, &TransportBar::stepBackwardRequested, this, &CompareView::stepBackward);
    connect(transport_, &TransportBar::stepForwardRequested, this, &CompareView::stepForward);
    connect(transport_, &TransportBar::loopToggled, this, &CompareView::setLooping);
    connect(transport_, &TransportBar::seekRequested, this, &CompareView::seekToFrame);
    connect(zoomButton_, &QToolButton::clicked, this, &CompareView::toggleZoom);
    connect(abButton_, &QToolButton::clicked, this, &CompareView::setABMode);
    connect(wipeButton_, &QToolButton::clicked, this, &CompareView::setWipeMode);
    connect(pickButton_, &QToolButton::clicked, this, &CompareView::pickSelected);
    return transport_;
}

void CompareView::setCandidates(const QList<Candidate>& candidates) {
    if (candidates.isEmpty()) {
        clear();
        return;
    }
    removeCells();
    frame_ = 0;
    stalledTicks_ = 0;
    previous_ = -1;
    selected_ = -1;
    view_ = View::Grid;
    for (const Candidate& candidate : candidates.mid(0, kMaxCandidates)) {
        auto* cell = new Cell(candidate, int(cells_.size()) + 1, gridPage_);
        cell->installEventFilter(this);
        cell->player = new QMediaPlayer(this);
        cell->player->setVideoOutput(cell->video);
        connect(cell->video->videoSink(), &QVideoSink::videoFrameChanged, this,
                [this, cell](const QVideoFrame& frame) { onFrame(cell, frame); });
        connect(cell->player, &QMediaPlayer::mediaStatusChanged, this,
                [this, cell](QMediaPlayer::MediaStatus status) {
                    if (status == QMediaPlayer::InvalidMedia && !cell->failed) {
                        cell->failed = true;
                        refreshCaption(int(cells_.indexOf(cell)));
                    }
                });
        connect(cell->player, &QMediaPlayer::errorOccurred, this, [this, cell] {
            cell->failed = true;
            refreshCaption(int(cells_.indexOf(cell)));
        });
        connect(cell->player, &QMediaPlayer::durationChanged, this, &CompareView::refreshTransport);
        cells_ << cell;
        refreshCaption(int(cells_.size()) - 1);
        if (candidate.frameRate <= 0 || !QFileInfo(candidate.videoPath).isFile()) {
            cell->failed = true;
            refreshCaption(int(cells_.size()) - 1);
            continue;
        }
        cell->player->setSource(
            QUrl::fromLocalFile(QFileInfo(candidate.videoPath).absoluteFilePath()));
        // Paused: the player prerolls and shows the first frame; from then on only the clock
        // moves it.
        cell->player->pause();
    }
    clock_->setInterval(
        int(std::lround(1000.0 / std::max(1.0, cells_.first()->candidate.frameRate))));
    pages_->setCurrentWidget(gridPage_);
    selectIndex(0);  // selected_ is -1 here: a new set always announces its selection
    arrangeCells();
    refreshTransport();
}

void CompareView::clear() {
    const bool hadSelection = selected_ >= 0;
    removeCells();
    selected_ = -1;
    previous_ = -1;
    frame_ = 0;
    view_ = View::Grid;
    wipeView_->setFrames({}, {});
    pages_->setCurrentWidget(emptyLabel_);
    refreshTransport();
    if (hadSelection)
        Q_EMIT selectionChanged(-1);
}

void CompareView::removeCells() {
    clock_->stop();
    // Out of the list first: stopping a player reports its new state synchronously.
    const QList<Cell*> cells = std::exchange(cells_, {});
    for (Cell* cell : cells) {
        cell->player->disconnect(this);
        cell->video->videoSink()->disconnect(this);
        // The player first: its pipeline would otherwise still deliver frames to a sink being
        // destroyed with the video widget.
        cell->player->stop();
        cell->player->setVideoOutput(nullptr);
        delete cell->player;
        cell->player = nullptr;
        delete cell;
    }
}

CompareView::Candidate CompareView::candidate(int index) const {
    return index >= 0 && index < cells_.size() ? cells_[index]->candidate : Candidate{};
}

int CompareView::frameCount() const {
    int count = 0;
    for (const Cell* cell : cells_)
        count = std::max(count, cell->frameCount());
    return count;
}

bool CompareView::isPlaying() const {
    return clock_->isActive();
}

bool CompareView::isLooping() const {
    return transport_->isLooping();
}

qint64 CompareView::selectedId() const {
    return selected_ >= 0 ? cells_[selected_]->candidate.id : -1;
}

void CompareView::selectIndex(int index) {
    if (index < 0 || index >= cells_.size() || index == selected_)
        return;
    previous_ = selected_;
    selected_ = index;
    for (int i = 0; i < cells_.size(); ++i)
        cells_[i]->setSelected(i == selected_);
    if (view_ == View::Zoomed || view_ == View::SideBySide)
        arrangeCells();
    refreshWipe();
    Q_EMIT selectionChanged(selectedId());
}

int CompareView::markOf(qint64 id) const {
    for (const Cell* cell : cells_)
        if (cell->candidate.id == id)
            return cell->candidate.mark;
    return kUnmarked;
}

void CompareView::setMark(qint64 id, int mark) {
    for (int i = 0; i < cells_.size(); ++i)
        if (cells_[i]->candidate.id == id) {
            cells_[i]->candidate.mark = std::clamp(mark, kRejected, kStarred);
            refreshCaption(i);
        }
}

int CompareView::indexB() const {
    if (cells_.size() < 2)
        return -1;
    if (previous_ >= 0 && previous_ != selected_)
        return previous_;
    return selected_ == 0 ? 1 : 0;
}

qint64 CompareView::idA() const {
    return indexB() >= 0 ? selectedId() : -1;
}

qint64 CompareView::idB() const {
    const int b = indexB();
    return b >= 0 ? cells_[b]->candidate.id : -1;
}

double CompareView::wipePosition() const {
    return wipeView_->divider();
}

void CompareView::setWipePosition(double fraction) {
    wipeView_->setDivider(fraction);
}

QMediaPlayer* CompareView::player(int index) const {
    return index >= 0 && index < cells_.size() ? cells_[index]->player : nullptr;
}

int CompareView::shownFrame(int index) const {
    return index >= 0 && index < cells_.size() ? cells_[index]->shownFrame : -1;
}

QImage CompareView::shownImage(int index) const {
    if (index < 0 || index >= cells_.size())
        return {};
    // The frame is converted here, on demand: doing it for every decoded frame of nine cells
    // would cost more than decoding them.
    return cells_[index]->frame.toImage();
}

void CompareView::play() {
    if (cells_.isEmpty())
        return;
    const int count = frameCount();
    if (!isLooping() && count > 0 && frame_ >= count - 1)
        seekToFrame(0);
    stalledTicks_ = 0;
    clock_->start();
    refreshTransport();
}

void CompareView::pause() {
    clock_->stop();
    refreshTransport();
}

void CompareView::togglePlayback() {
    if (isPlaying())
        pause();
    else
        play();
}

void CompareView::setLooping(bool looping) {
    transport_->setLooping(looping);
}

void CompareView::stepBackward() {
    pause();
    seekToFrame(frame_ - 1);
}

void CompareView::stepForward() {
    pause();
    seekToFrame(frame_ + 1);
}

void CompareView::seekToFrame(int frame) {
    const int count = frameCount();
    if (count == 0)
        return;
    frame_ = std::clamp(frame, 0, count - 1);
    stalledTicks_ = 0;
    seekCells();
    refreshTransport();
    settleRetries_ = 0;
    if (!isPlaying())
        settleTimer_->start();
}

void CompareView::resendLaggingSeeks() {
    if (isPlaying())
        return;  // the clock waits for lagging cells itself
    const bool lagging = std::any_of(cells_.cbegin(), cells_.cend(), [](const Cell* cell) {
        return cell->frameCount() > 0 && cell->firstTimestamp >= 0 &&
               cell->shownFrame != cell->targetFrame;
    });
    if (!lagging || ++settleRetries_ > kMaxSettleRetries)
        return;
    seekCells();  // re-sends only the seeks whose frame has not been shown
    settleTimer_->start();
}

void CompareView::seekCells() {
    for (Cell* cell : std::as_const(cells_))
        seekCell(cell);
}

void CompareView::seekCell(Cell* cell) {
    const int count = cell->frameCount();
    // Until its first frame has come the cell cannot tell frames apart (see onFrame).
    if (count == 0 || cell->firstTimestamp < 0)
        return;
    // A shorter candidate holds its last frame while the others go on.
    const int target = std::min(frame_, count - 1);
    if (target == cell->targetFrame && cell->shownFrame == target)
        return;
    cell->targetFrame = target;
    cell->player->setPosition(positionOfFrame(target, cell->candidate.frameRate));
}

void CompareView::onFrame(Cell* cell, const QVideoFrame& frame) {
    cell->frame = frame;
    // Timestamps count from where the stream starts, which is not 0 when the encoder delays
    // frames for reordering (x264 with B-frames: two frames). A fresh paused player shows the
    // first frame, so the first timestamp a cell receives is that of frame 0.
    const qint64 timestamp = std::max<qint64>(0, frame.startTime());
    if (cell->firstTimestamp < 0) {
        cell->firstTimestamp = timestamp;
        cell->shownFrame = 0;
        seekCell(cell);  // the clock may have moved on while the file opened
    } else {
        const double index =
            double(timestamp - cell->firstTimestamp) * cell->candidate.frameRate / 1e6;
        cell->shownFrame = int(std::floor(index + kFrameTolerance));
    }
    const int index = int(cells_.indexOf(cell));
    if (view_ == View::Wipe && (index == selected_ || index == indexB()))
        refreshWipe();
}

void CompareView::advanceClock() {
    const int count = frameCount();
    if (count == 0)
        return;
    // The cells on screen must all have shown the frame before the next one: in lockstep the
    // slowest decoder sets the pace. One that stalls for too long is left behind.
    const int maxStall =
        std::max(2, int(std::ceil(kMaxStallSeconds * 1000.0 / std::max(1, clock_->interval()))));
    bool waiting = false;
    for (int i = 0; i < cells_.size(); ++i) {
        const Cell* cell = cells_[i];
        waiting = waiting ||
                  (isInView(i) && cell->frameCount() > 0 && cell->shownFrame != cell->targetFrame);
    }
    if (waiting && ++stalledTicks_ < maxStall)
        return;
    stalledTicks_ = 0;
    int next = frame_ + 1;
    if (next >= count) {
        if (!isLooping()) {
            pause();
            return;
        }
        next = 0;
    }
    frame_ = next;
    seekCells();
    refreshTransport();
}

bool CompareView::isInView(int index) const {
    switch (view_) {
        case View::Grid:
            return true;
        case View::Zoomed:
            return index == selected_;
        case View::SideBySide:
        case View::Wipe:
            return index == selected_ || index == indexB();
    }
    return false;
}

void CompareView::refreshWipe() {
    if (view_ != View::Wipe || indexB() < 0)
        return;
    wipeView_->setFrames(shownImage(selected_), shownImage(indexB()));
    wipeView_->setLabels(tr("A: %1").arg(cells_[selected_]->candidate.label),
                         tr("B: %1").arg(cells_[indexB()]->candidate.label));
}

int CompareView::columns() const {
    const int count = int(cells_.size());
    if (count <= 3)
        return std::max(1, count);  // videos are wider than tall: one row
    return count == 4 ? 2 : 3;
}

void CompareView::arrangeCells() {
    // A fresh layout each time: QGridLayout keeps the rows and columns it once had.
    delete gridPage_->layout();
    auto* grid = new QGridLayout(gridPage_);
    grid->setContentsMargins(2, 2, 2, 2);
    grid->setSpacing(2);
    QList<int> shown;
    switch (view_) {
        case View::Grid:
        case View::Wipe:
            for (int i = 0; i < cells_.size(); ++i)
                shown << i;
            break;
        case View::Zoomed:
            shown << selected_;
            break;
        case View::SideBySide:
            shown << selected_ << indexB();
            break;
    }
    const int perRow = view_ == View::Grid || view_ == View::Wipe ? columns() : int(shown.size());
    for (int i = 0; i < cells_.size(); ++i)
        cells_[i]->setVisible(shown.contains(i));
    for (int slot = 0; slot < shown.size(); ++slot)
        grid->addWidget(cells_[shown[slot]], slot / perRow, slot % perRow);
    for (int column = 0; column < perRow; ++column)
        grid->setColumnStretch(column, 1);
    for (int row = 0; row < (int(shown.size()) + perRow - 1) / perRow; ++row)
        grid->setRowStretch(row, 1);
}

void CompareView::setView(View view) {
    if (cells_.isEmpty())
        view = View::Grid;
    if ((view == View::SideBySide || view == View::Wipe) && indexB() < 0)
        return;
    const bool changed = view != view_;
    view_ = view;
    if (cells_.isEmpty()) {
        pages_->setCurrentWidget(emptyLabel_);
    } else if (view_ == View::Wipe) {
        pages_->setCurrentWidget(wipeView_);
        refreshWipe();
    } else {
        arrangeCells();
        pages_->setCurrentWidget(gridPage_);
    }
    refreshTransport();
    if (changed)
        Q_EMIT viewChanged(view_);
}

void CompareView::toggleZoom() {
    setView(view_ == View::Zoomed ? View::Grid : View::Zoomed);
}

void CompareView::setABMode(bool on) {
    if (on != isABMode())
        setView(on ? View::SideBySide : View::Grid);
    else
        refreshTransport();  // a checkable button that was refused goes back
}

void CompareView::setWipeMode(bool on) {
    if (on != (view_ == View::Wipe))
        setView(on ? View::Wipe : View::SideBySide);
    else
        refreshTransport();
}

void CompareView::pickSelected() {
    if (selected_ >= 0)
        Q_EMIT picked(selectedId());
}

void CompareView::toggleMark(int mark) {
    if (selected_ < 0)
        return;
    Candidate& candidate = cells_[selected_]->candidate;
    candidate.mark = candidate.mark == mark ? kUnmarked : mark;
    refreshCaption(selected_);
    Q_EMIT markChanged(candidate.id, candidate.mark);
}

void CompareView::refreshCaption(int index) {
    if (index < 0 || index >= cells_.size())
        return;
    Cell* cell = cells_[index];
    QString text = QString::number(cell->number) + QLatin1Char(' ');
    if (cell->candidate.mark == kStarred)
        text += QStringLiteral("★ ");
    else if (cell->candidate.mark == kRejected)
        text += QStringLiteral("✗ ");
    text += cell->failed
                ? tr("%1 (cannot play %2)")
                      .arg(cell->candidate.label, QFileInfo(cell->candidate.videoPath).fileName())
                : cell->candidate.label;
    cell->caption->setText(text);
    // A rejected candidate steps back visually; it stays in the grid for comparison.
    cell->caption->setForegroundRole(cell->candidate.mark == kRejected ? QPalette::PlaceholderText
                                                                       : QPalette::WindowText);
}

void CompareView::refreshTransport() {
    transport_->showPosition(frame_, frameCount(), isPlaying());
    zoomButton_->setEnabled(!cells_.isEmpty());
    zoomButton_->setChecked(view_ == View::Zoomed);
    abButton_->setEnabled(indexB() >= 0);
    abButton_->setChecked(isABMode());
    wipeButton_->setEnabled(indexB() >= 0);
    wipeButton_->setChecked(view_ == View::Wipe);
    pickButton_->setEnabled(selected_ >= 0);
}

void CompareView::moveSelection(int key) {
    if (selected_ < 0)
        return;
    const int step = key == Qt::Key_Left || key == Qt::Key_Right ? 1 : columns();
    const int direction = key == Qt::Key_Left || key == Qt::Key_Up ? -1 : 1;
    const int target = selected_ + direction * step;
    if (target >= 0 && target < cells_.size())
        selectIndex(target);
}

bool CompareView::eventFilter(QObject* watched, QEvent* event) {
    const auto found = std::find_if(cells_.cbegin(), cells_.cend(),
                                    [watched](const Cell* cell) { return cell == watched; });
    if (found != cells_.cend()) {
        const int index = int(found - cells_.cbegin());
        if (event->type() == QEvent::MouseButtonPress) {
            selectIndex(index);
            setFocus(Qt::MouseFocusReason);
        } else if (event->type() == QEvent::MouseButtonDblClick) {
            selectIndex(index);
            toggleZoom();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void CompareView::keyPressEvent(QKeyEvent* event) {
    const int key = event->key();
    if (event->modifiers() & ~Qt::KeypadModifier) {
        QWidget::keyPressEvent(event);
        return;
    }
    if (key >= Qt::Key_1 && key <= Qt::Key_9) {
        selectIndex(key - Qt::Key_1);
        event->accept();
        return;
    }
    if (transport_->handleKey(key)) {
        event->accept();
        return;
    }
    switch (key) {
        case Qt::Key_Left:
        case Qt::Key_Right:
        case Qt::Key_Up:
        case Qt::Key_Down:
            moveSelection(key);
            break;
        case Qt::Key_S:
            toggleMark(kStarred);
            break;
        case Qt::Key_X:
            toggleMark(kRejected);
            break;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            pickSelected();
            break;
        case Qt::Key_Z:
            toggleZoom();
            break;
        case Qt::Key_A:
            setABMode(!isABMode());
            break;
        case Qt::Key_W:
            setWipeMode(view_ != View::Wipe);
            break;
        case Qt::Key_Escape:
            if (view_ == View::Grid) {
                QWidget::keyPressEvent(event);
                return;
            }
            setView(View::Grid);
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

}  // namespace kinora::ui
