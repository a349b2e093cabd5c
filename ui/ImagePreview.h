// Shows one picture as large as the widget allows, keeping its aspect ratio.
#pragma once

#include <QImage>
#include <QWidget>

namespace kinora::ui {

class ImagePreview : public QWidget {
    Q_OBJECT
public:
    explicit ImagePreview(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return image_; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage image_;
};

}  // namespace kinora::ui
