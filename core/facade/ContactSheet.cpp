#include "facade/ContactSheet.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFont>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QPainter>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

#include "media/VideoExporter.h"
#include "media/VideoReader.h"

namespace kinora {
namespace {

constexpr int kMinCellWidth = 192;
constexpr int kMaxCellWidth = 384;
constexpr int kExcerptCharacters = 48;

const QColor kBackground(0x1e, 0x1e, 0x1e);
const QColor kText(0xe8, 0xe8, 0xe8);
const QColor kDimText(0xa0, 0xa0, 0xa0);
const QColor kMissing(0x40, 0x40, 0x40);

QString excerpt(const QString& prompt) {
    const QString simplified = prompt.simplified();
    return simplified.size() <= kExcerptCharacters
               ? simplified
               : simplified.left(kExcerptCharacters - 1).trimmed() + QChar(0x2026);
}

// The frames of a video file, or of a PNG sequence folder.
QList<QImage> readFrames(const QString& path) {
    if (QFileInfo(path).isDir()) {
        QList<QImage> frames;
        const QDir folder(path);
        for (const QString& name :
             folder.entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name))
            frames << QImage(folder.filePath(name));
        return frames;
    }
    auto reader = media::VideoReader::open(path);
    if (!reader)
        return {};
    auto frames = reader->readFrames();
    return frames ? *frames : QList<QImage>{};
}

QFont sheetFont(bool bold) {
    QFont font;
    font.setPixelSize(12);
    font.setBold(bold);
    return font;
}

}  // namespace

QSize ContactSheetLayout::imageSize() const {
    return {margin + rowHeaderWidth + columns * (cellSize.width() + margin),
            margin + columnHeaderHeight + rows * (cellSize.height() + labelHeight + margin)};
}

QRect ContactSheetLayout::frameRect(int row, int column) const {
    return {margin + rowHeaderWidth + column * (cellSize.width() + margin),
            margin + columnHeaderHeight + row * (cellSize.height() + labelHeight + margin),
            cellSize.width(), cellSize.height()};
}

QRect ContactSheetLayout::labelRect(int row, int column) const {
    const QRect frame = frameRect(row, column);
    return {frame.left(), frame.bottom() + 1, frame.width(), labelHeight};
}

QRect ContactSheetLayout::rowHeaderRect(int row) const {
    const QRect frame = frameRect(row, 0);
    return {margin, frame.top(), rowHeaderWidth - margin, cellSize.height() + labelHeight};
}

QRect ContactSheetLayout::columnHeaderRect(int column) const {
    const QRect frame = frameRect(0, column);
    return {frame.left(), margin, frame.width(), columnHeaderHeight};
}

ContactSheetLayout contactSheetLayout(int rows, int columns, QSize frameSize) {
    ContactSheetLayout layout;
    layout.rows = rows;
    layout.columns = columns;
    const QSize frame = frameSize.isValid() ? frameSize : QSize(kMinCellWidth, kMinCellWidth);
    const int width = std::clamp(frame.width(), kMinCellWidth, kMaxCellWidth);
    layout.cellSize =
        QSize(width, std::max(1, int(std::lround(double(frame.height()) * width / frame.width()))));
    return layout;
}

int ContactSheetGrid::frameCount() const {
    int count = 0;
    for (const auto& row : frames) {
        for (const auto& candidate : row)
            count = std::max(count, int(candidate.size()));
    }
    return count;
}

QSize ContactSheetGrid::frameSize() const {
    for (const auto& row : frames) {
        for (const auto& candidate : row) {
            if (!candidate.isEmpty())
                return candidate.front().size();
        }
    }
    return {};
}

ContactSheetGrid contactSheetGrid(const QList<ExplorationCandidate>& candidates,
                                  QStringList* missing) {
    ContactSheetGrid grid;
    int rows = 0;
    int columns = 0;
    for (const auto& candidate : candidates) {
        rows = std::max(rows, candidate.promptIndex + 1);
        columns = std::max(columns, candidate.seedIndex + 1);
    }
    for (int row = 0; row < rows; ++row) {
        grid.rowHeaders << QString();
        grid.labels << QStringList(columns);
        grid.frames << QList<QList<QImage>>(columns);
    }
    for (int column = 0; column < columns; ++column)
        grid.columnHeaders << QString();
    for (const auto& candidate : candidates) {
        const int row = candidate.promptIndex;
        const int column = candidate.seedIndex;
        const auto& request = candidate.request;
        grid.rowHeaders[row] =
            QStringLiteral("p%1 %2").arg(row + 1).arg(request.prompt.simplified());
        grid.columnHeaders[column] = QStringLiteral("seed %1").arg(request.seed);
        grid.labels[row][column] = QStringLiteral("p%1 s%2 %3")
                                       .arg(row + 1)
                                       .arg(request.seed)
                                       .arg(excerpt(request.prompt));
        grid.frames[row][column] = readFrames(request.outputPath);
        if (grid.frames[row][column].isEmpty() && missing)
            *missing << request.outputPath;
    }
    return grid;
}

QImage renderContactSheet(const ContactSheetGrid& grid, int frameIndex) {
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()) || grid.rows() == 0 ||
        grid.columns() == 0)
        return {};
    const ContactSheetLayout layout =
        contactSheetLayout(grid.rows(), grid.columns(), grid.frameSize());
    QImage sheet(layout.imageSize(), QImage::Format_RGB888);
    sheet.fill(kBackground);
    QPainter painter(&sheet);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setFont(sheetFont(true));
    painter.setPen(kText);
    for (int column = 0; column < grid.columns(); ++column) {
        painter.drawText(layout.columnHeaderRect(column), Qt::AlignCenter,
                         grid.columnHeaders[column]);
    }
    for (int row = 0; row < grid.rows(); ++row) {
        painter.setFont(sheetFont(false));
        painter.setPen(kText);
        painter.drawText(layout.rowHeaderRect(row),
                         Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, grid.rowHeaders[row]);
        for (int column = 0; column < grid.columns(); ++column) {
            const QRect frameRect = layout.frameRect(row, column);
            const auto& frames = grid.frames[row][column];
            if (frames.isEmpty()) {
                painter.fillRect(frameRect, kMissing);
                painter.setPen(kDimText);
                painter.drawText(frameRect, Qt::AlignCenter, QStringLiteral("no video"));
            } else {
                const int index = frameIndex < 0 ? int(frames.size()) / 2
                                                 : std::min(frameIndex, int(frames.size()) - 1);
                painter.drawImage(frameRect, frames[index]);
            }
            const QRect labelRect = layout.labelRect(row, column);
            painter.setPen(kDimText);
            painter.drawText(
                labelRect, Qt::AlignLeft | Qt::AlignVCenter,
                QFontMetrics(painter.font())
                    .elidedText(grid.labels[row][column], Qt::ElideRight, labelRect.width()));
        }
    }
    return sheet;
}

Expected<void> writeContactSheet(const ContactSheetGrid& grid, const QString& path,
                                 int frameIndex) {
    const QImage sheet = renderContactSheet(grid, frameIndex);
    if (sheet.isNull()) {
        return failWith(
            QStringLiteral("no contact sheet: no candidates, or no QGuiApplication to draw "
                           "the labels with"));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !sheet.save(&file, "PNG") || !file.commit()) {
        return failWith(
            QStringLiteral("%1: cannot write the contact sheet: %2").arg(path, file.errorString()));
    }
    return {};
}

Expected<void> writeAnimatedContactSheet(const ContactSheetGrid& grid, const QString& path,
                                         int fps) {
    const auto format = media::exportFormatFromName(QFileInfo(path).suffix());
    if (!format || *format == media::ExportFormat::PngSequence) {
        return failWith(
            QStringLiteral("%1: an animated contact sheet is a .gif, .mp4 or .webm").arg(path));
    }
    const int count = grid.frameCount();
    if (count == 0 || renderContactSheet(grid, 0).isNull()) {
        return failWith(
            QStringLiteral("no contact sheet: no candidate has frames, or there is no "
                           "QGuiApplication to draw the labels with"));
    }
    media::ExportOptions options;
    options.format = *format;
    options.fps = media::FrameRate{std::max(1, fps), 1};
    options.metadata.insert(
        QStringLiteral("comment"),
        QStringLiteral("Kinora contact sheet: rows are prompts, columns seeds"));
    const auto exported = media::exportVideo(
        path, count, [&](int index) { return renderContactSheet(grid, index); }, options);
    if (!exported)
        return failWith(exported.error().message, exported.error().remedy);
    return {};
}

}  // namespace kinora
