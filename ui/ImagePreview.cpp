#include "ui/ImagePreview.h"

#include <QPainter>

namespace kinora::ui {

namespace {

constexpr int kMargin = 16;
// A neutral dark backdrop, as photo viewers use, so the picture's own colours stand out.
constexpr QRgb kBackdrop = 0x2b2b30;

}  // namespace

ImagePreview::ImagePreview(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("imagePreview"));
    setMinimumSize(160, 120);
    QPalette backdrop = palette();
    backdrop.setColor(QPalette::Window, QColor(kBackdrop));
    setPalette(backdrop);
    setAutoFillBackground(true);
}

void ImagePreview::setImage(const QImage& image) {
    image_ = image;
    update();
}

void ImagePreview::paintEvent(QPaintEvent*) {
    if (image_.isNull())
        return;
    const QRect area = rect().adjusted(kMargin, kMargin, -kMargin, -kMargin);
    // Never enlarges: a small picture is shown at its own size rather than blurred.
    QSize size = image_.size();
    if (size.width() > area.width() || size.height() > area.height())
        size.scale(area.size(), Qt::KeepAspectRatio);
    QRect target(QPoint(), size);
    target.moveCenter(area.center());
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, image_);
}

}  // namespace kinora::ui
