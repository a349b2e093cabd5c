// A compact memory bar: "RAM 5.2 / 15.6 GB" beside a bar filled to used / total, coloured by how
// full the device is, with an optional marker at what the next job is predicted to need.
#pragma once

#include <QWidget>

#include "facade/ResourceMonitor.h"

namespace kinora::ui {

class MemoryGauge : public QWidget {
    Q_OBJECT
public:
    enum class Level { Normal, Warning, Critical };
    Q_ENUM(Level)

    explicit MemoryGauge(QWidget* parent = nullptr);

    const kinora::MemorySample& sample() const { return sample_; }
    // Normal below 80 % used, Warning from 80 %, Critical from 95 %; Normal without a sample.
    Level level() const;
    // What the gauge writes, e.g. "VRAM 3.1 / 24.0 GB".
    QString text() const;

    void setPredictedPeak(qint64 bytes);
    void clearPrediction();
    qint64 predictedPeak() const { return predictedPeak_; }  // 0: none
    // The prediction is more than the device has in all: the job cannot run here.
    bool predictionExceedsTotal() const;
    // Where the marker is drawn (x in widget coordinates); -1 without a prediction or a sample.
    int predictionMarkerX() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    void setSample(const kinora::MemorySample& sample);

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QRect barRect() const;
    QColor levelColor(Level level) const;
    void refreshToolTip();

    kinora::MemorySample sample_;
    qint64 predictedPeak_ = 0;
};

}  // namespace kinora::ui
