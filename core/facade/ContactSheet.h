// A contact sheet of an exploration: one picture of every candidate, rows = prompts, columns =
// seeds, each cell a frame with a label (prompt number, seed, prompt excerpt) under it, the
// prompts as row headers and the seeds as column headers. Static (one frame of each candidate,
// PNG) or animated (the grid over all frames, through the video exporter). Text is drawn with
// QPainter, which needs a QGuiApplication (kinora-cli makes an offscreen one for it).
#pragma once

#include <QImage>
#include <QList>
#include <QRect>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

#include "facade/Expected.h"
#include "facade/Exploration.h"

namespace kinora {

// Where everything sits on the sheet, in pixels: the same for every frame of an animated sheet.
struct ContactSheetLayout {
    int rows = 0;
    int columns = 0;
    QSize cellSize;  // the frame area of a cell (frames are scaled to it)
    int margin = 8;
    int rowHeaderWidth = 200;
    int columnHeaderHeight = 24;
    int labelHeight = 20;

    QSize imageSize() const;
    QRect frameRect(int row, int column) const;
    QRect labelRect(int row, int column) const;
    QRect rowHeaderRect(int row) const;
    QRect columnHeaderRect(int column) const;
};

// The layout for a grid of candidates whose frames have `frameSize`: cells keep the aspect ratio,
// 192 to 384 pixels wide so labels stay legible and large videos do not make huge sheets.
ContactSheetLayout contactSheetLayout(int rows, int columns, QSize frameSize);

struct ContactSheetGrid {
    QStringList rowHeaders;     // "p1 <prompt>"
    QStringList columnHeaders;  // "seed 7"
    QList<QStringList> labels;  // [row][column]: "p1 s7 <prompt excerpt>"
    // [row][column][frame]; an empty list is a candidate without a video (drawn as missing).
    QList<QList<QList<QImage>>> frames;

    int rows() const { return int(rowHeaders.size()); }
    int columns() const { return int(columnHeaders.size()); }
    int frameCount() const;   // the longest candidate's
    QSize frameSize() const;  // the first candidate's
};

// The grid of an exploration's candidates, their frames read from the finished videos (or PNG
// folders). A candidate whose video is missing or unreadable stays empty and is named in
// `missing`.
ContactSheetGrid contactSheetGrid(const QList<ExplorationCandidate>& candidates,
                                  QStringList* missing = nullptr);

// The sheet at frame `frameIndex` of every candidate (the last one for shorter videos); -1 takes
// each candidate's middle frame. A null image without a QGuiApplication or without candidates.
QImage renderContactSheet(const ContactSheetGrid& grid, int frameIndex = -1);

// Writes the static sheet as PNG.
Expected<void> writeContactSheet(const ContactSheetGrid& grid, const QString& path,
                                 int frameIndex = -1);
// Writes the sheet over all frames as a video, its format from the extension (gif, mp4, webm).
Expected<void> writeAnimatedContactSheet(const ContactSheetGrid& grid, const QString& path,
                                         int fps);

}  // namespace kinora
