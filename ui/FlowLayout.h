// A layout that places its items left to right and wraps them onto new rows as the width runs out,
// like words in a paragraph: the keyword palette's chips. Hidden widgets take no space.
#pragma once

#include <QLayout>
#include <QList>
#include <QStyle>

namespace kinora::ui {

class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget* parent = nullptr);
    ~FlowLayout() override;

    void addItem(QLayoutItem* item) override;
    int count() const override { return int(items_.size()); }
    QLayoutItem* itemAt(int index) const override { return items_.value(index); }
    QLayoutItem* takeAt(int index) override;

    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override { return minimumSize(); }
    QSize minimumSize() const override;
    void setGeometry(const QRect& rect) override;

private:
    // Lays the items out in `rect` (moving them when `apply`) and returns the height used.
    int arrange(const QRect& rect, bool apply) const;
    int gap(QStyle::PixelMetric metric) const;

    QList<QLayoutItem*> items_;
};

}  // namespace kinora::ui
