#include "ui/MemoryGauge.h"

#include <QEvent>
#include <QPainter>

#include <algorithm>

namespace kinora::ui {

namespace {

constexpr int kWarningPercent = 80;
constexpr int kCriticalPercent = 95;
constexpr int kBarMinimumWidth = 60;
constexpr int kSpacing = 6;
// Binary gigabytes, as system monitors count them and label them "GB".
constexpr double kGigabyte = 1024.0 * 1024.0 * 1024.0;

QString gigabytes(qint64 bytes) {
    return QString::number(double(bytes) / kGigabyte, 'f', 1);
}

bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

}  // namespace

MemoryGauge::MemoryGauge(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("memoryGauge"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    refreshToolTip();
}

void MemoryGauge::setSample(const kinora::MemorySample& sample) {
    sample_ = sample;
    refreshToolTip();
    update();
}

MemoryGauge::Level MemoryGauge::level() const {
    if (!sample_.isValid())
        return Level::Normal;
    // Integer comparison: exact at the thresholds, where a ratio in floating point may round.
    if (sample_.usedBytes * 100 >= sample_.totalBytes * kCriticalPercent)
        return Level::Critical;
    if (sample_.usedBytes * 100 >= sample_.totalBytes * kWarningPercent)
        return Level::Warning;
    return Level::Normal;
}

QString MemoryGauge::text() const {
    const QString device = sample_.isGpu ? tr("VRAM") : tr("RAM");
    if (!sample_.isValid())
        return tr("%1 unknown").arg(device);
    return tr("%1 %2 / %3 GB")
        .arg(device, gigabytes(sample_.usedBytes), gigabytes(sample_.totalBytes));
}

void MemoryGauge::setPredictedPeak(qint64 bytes) {
    predictedPeak_ = std::max<qint64>(0, bytes);
    refreshToolTip();
    update();
}

void MemoryGauge::clearPrediction() {
    setPredictedPeak(0);
}

bool MemoryGauge::predictionExceedsTotal() const {
    return predictedPeak_ > 0 && sample_.isValid() && predictedPeak_ > sample_.totalBytes;
}

int MemoryGauge::predictionMarkerX() const {
    if (predictedPeak_ <= 0 || !sample_.isValid())
        return -1;
    const QRect bar = barRect();
    const double fraction = std::min(1.0, double(predictedPeak_) / double(sample_.totalBytes));
    return bar.left() + int(fraction * (bar.width() - 1) + 0.5);
}

QSize MemoryGauge::sizeHint() const {
    const QFontMetrics metrics = fontMetrics();
    // Room for the widest usual text: a workstation GPU's "VRAM 88.8 / 188.8 GB".
    const int textWidth = metrics.horizontalAdvance(
        tr("%1 %2 / %3 GB").arg(tr("VRAM"), QStringLiteral("88.8"), QStringLiteral("188.8")));
    return {textWidth + kSpacing + 2 * kBarMinimumWidth, metrics.height() + 6};
}

QSize MemoryGauge::minimumSizeHint() const {
    return {kBarMinimumWidth * 2, fontMetrics().height() + 6};
}

QRect MemoryGauge::barRect() const {
    const int textWidth = fontMetrics().horizontalAdvance(text());
    const int left = std::min(textWidth + kSpacing, std::max(0, width() - kBarMinimumWidth));
    const int barHeight = std::max(6, fontMetrics().height() - 4);
    return {left, (height() - barHeight) / 2, std::max(1, width() - left - 1), barHeight};
}

QColor MemoryGauge::levelColor(Level level) const {
    const bool dark = isDark(palette());
    switch (level) {
        case Level::Critical:
            return dark ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28);
        case Level::Warning:
            return dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xe0, 0x8a, 0x00);
        case Level::Normal:
            break;
    }
    return palette().color(QPalette::Highlight);
}

void MemoryGauge::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRect bar = barRect();

    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRect(0, 0, bar.left() - kSpacing, height()), Qt::AlignLeft | Qt::AlignVCenter,
                     text());

    // The track: the palette's base a step towards the text colour, visible on light and dark.
    const QColor base = palette().color(QPalette::Base);
    const QColor ink = palette().color(QPalette::WindowText);
    QColor track = base;
    track.setRgbF(0.85f * base.redF() + 0.15f * ink.redF(),
                  0.85f * base.greenF() + 0.15f * ink.greenF(),
                  0.85f * base.blueF() + 0.15f * ink.blueF());
    painter.setPen(palette().color(QPalette::Mid));
    painter.setBrush(track);
    painter.drawRoundedRect(QRectF(bar).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2);

    if (sample_.isValid()) {
        const double fraction =
            std::clamp(double(sample_.usedBytes) / double(sample_.totalBytes), 0.0, 1.0);
        QRectF used = QRectF(bar).adjusted(1, 1, -1, -1);
        used.setWidth(used.width() * fraction);
        painter.setPen(Qt::NoPen);
        painter.setBrush(levelColor(level()));
        painter.drawRoundedRect(used, 1.5, 1.5);
    }

    if (const int x = predictionMarkerX(); x >= 0) {
        const QColor marker = predictionExceedsTotal() ? levelColor(Level::Critical)
                                                       : palette().color(QPalette::Text);
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setPen(QPen(marker, 2));
        painter.drawLine(x, bar.top() - 2, x, bar.bottom() + 2);
    }
}

void MemoryGauge::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        update();
    else if (event->type() == QEvent::LanguageChange)
        refreshToolTip();
    QWidget::changeEvent(event);
}

void MemoryGauge::refreshToolTip() {
    QStringList lines;
    if (sample_.isValid()) {
        lines << tr("%1 (%2)").arg(text(), sample_.device);
        if (sample_.processBytes >= 0)
            lines << tr("Kinora uses %1 GB").arg(gigabytes(sample_.processBytes));
        lines << tr("Read from %1").arg(sample_.source);
    } else {
        lines << tr("Memory use is not known yet");
    }
    if (predictedPeak_ > 0) {
        lines << tr("this job needs about %1 GB").arg(gigabytes(predictedPeak_));
        if (predictionExceedsTotal())
            lines << tr("more than this device has: lower the resolution or the frame count");
    }
    setToolTip(lines.join(QLatin1Char('\n')));
}

}  // namespace kinora::ui
