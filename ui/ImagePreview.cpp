#include "ui/ImagePreview.h"

#include <QPainter>
#include <QPainterPath>

#include "facade/Diagnostics.h"

namespace kinora::ui {

namespace {

constexpr int kMargin = 16;
// A neutral dark backdrop, as photo viewers use, so the picture's own colours stand out.
constexpr QRgb kBackdrop = 0x2b2b30;
// Below this share of the picture kept, the caption warns rather than informs.
constexpr double kLossWarning = 0.75;

}  // namespace

ImagePreview::ImagePreview(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("imagePreview"));
    setMinimumSize(160, 120);
    QPalette backdrop = palette();
    backdrop.setColor(QPalette::Window, QColor(kBackdrop));
    backdrop.setColor(QPalette::WindowText, Qt::white);
    setPalette(backdrop);
    setAutoFillBackground(true);
}

void ImagePreview::setImage(const QImage& image) {
    image_ = image;
    updateCrop();
}

void ImagePreview::setTargetSize(QSize size) {
    target_ = size;
    updateCrop();
}

void ImagePreview::updateCrop() {
    if (image_.isNull() || target_.isEmpty()) {
        kept_ = QRectF(QPointF(), QSizeF(image_.size()));
        keptFraction_ = 1.0;
        upscale_ = 1.0;
    } else {
        const CropPreview crop = cropPreview(image_.size(), target_);
        kept_ = crop.kept;
        keptFraction_ = crop.keptFraction;
        upscale_ = crop.upscale;
    }
    update();
}

QRect ImagePreview::imageRect() const {
    if (image_.isNull())
        return {};
    const QRect area =
        rect().adjusted(kMargin, kMargin, -kMargin, -kMargin - fontMetrics().height());
    // Never enlarges: a small picture is shown at its own size rather than blurred.
    QSize size = image_.size();
    if (size.width() > area.width() || size.height() > area.height())
        size.scale(area.size(), Qt::KeepAspectRatio);
    QRect target(QPoint(), size);
    target.moveCenter(area.center());
    return target;
}

void ImagePreview::paintEvent(QPaintEvent*) {
    if (image_.isNull())
        return;
    const QRect target = imageRect();
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, image_);
    if (target_.isEmpty())
        return;

    const double scale = double(target.width()) / image_.width();
    const QRectF kept(target.left() + kept_.left() * scale, target.top() + kept_.top() * scale,
                      kept_.width() * scale, kept_.height() * scale);
    QPainterPath outside;
    outside.addRect(QRectF(target));
    outside.addRect(kept.intersected(QRectF(target)));
    painter.fillPath(outside, QColor(0, 0, 0, 150));
    painter.setPen(QPen(QColor(255, 255, 255, 220), 1.5, Qt::DashLine));
    painter.drawRect(kept.adjusted(0.5, 0.5, -0.5, -0.5));

    QString caption = tr("The %1 × %2 video shows %3% of the picture")
                          .arg(target_.width())
                          .arg(target_.height())
                          .arg(qRound(keptFraction_ * 100));
    if (upscale_ > 1.01)
        caption += tr(", enlarged %1×").arg(upscale_, 0, 'f', 1);
    painter.setPen(keptFraction_ < kLossWarning ? QColor(0xffb347)
                                                : palette().color(QPalette::WindowText));
    painter.drawText(QRect(0, target.bottom() + 4, width(), fontMetrics().height()),
                     Qt::AlignHCenter | Qt::AlignTop, caption);
}

}  // namespace kinora::ui
