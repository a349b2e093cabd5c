// Shows the input picture as large as the widget allows, keeping its aspect ratio, with the crop
// the chosen video size will apply drawn over it: the part outside the video is dimmed and the
// kept rectangle outlined, so no picture is ever cropped silently.
#pragma once

#include <QImage>
#include <QRectF>
#include <QWidget>

namespace kinora::ui {

class ImagePreview : public QWidget {
    Q_OBJECT
public:
    explicit ImagePreview(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return image_; }

    // The video size the picture will be fitted to; an empty size shows no crop.
    void setTargetSize(QSize size);
    // In source pixels: what the video keeps of the picture (all of it when no size is set).
    QRectF keptRect() const { return kept_; }
    double keptFraction() const { return keptFraction_; }
    // Where the picture is drawn in widget coordinates (for tests and drop feedback).
    QRect imageRect() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void updateCrop();

    QImage image_;
    QSize target_;
    QRectF kept_;
    double keptFraction_ = 1.0;
    double upscale_ = 1.0;
};

}  // namespace kinora::ui
