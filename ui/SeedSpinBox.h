// A spin box for a 64-bit seed: QSpinBox holds an int, and seeds from a replayed video's sidecar
// use all 64 bits.
#pragma once

#include <QAbstractSpinBox>

namespace kinora::ui {

class SeedSpinBox : public QAbstractSpinBox {
    Q_OBJECT
public:
    explicit SeedSpinBox(QWidget* parent = nullptr);

    quint64 value() const { return value_; }
    void setValue(quint64 value);

    void stepBy(int steps) override;
    QValidator::State validate(QString& input, int& position) const override;
    void fixup(QString& input) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

Q_SIGNALS:
    void valueChanged(quint64 value);

protected:
    StepEnabled stepEnabled() const override;

private:
    quint64 value_ = 0;
};

}  // namespace kinora::ui
