#include "ui/SeedSpinBox.h"

#include <QLineEdit>
#include <QStyle>
#include <QStyleOptionSpinBox>

#include <limits>

namespace kinora::ui {

namespace {

constexpr quint64 kMaxSeed = std::numeric_limits<quint64>::max();

}  // namespace

SeedSpinBox::SeedSpinBox(QWidget* parent) : QAbstractSpinBox(parent) {
    lineEdit()->setText(QStringLiteral("0"));
    connect(lineEdit(), &QLineEdit::textEdited, this, [this](const QString& text) {
        bool ok = false;
        const quint64 typed = text.toULongLong(&ok);
        if (ok && typed != value_) {
            value_ = typed;
            Q_EMIT valueChanged(value_);
        }
    });
    // Whatever was left half-typed shows the value in force.
    connect(this, &QAbstractSpinBox::editingFinished, this,
            [this] { lineEdit()->setText(QString::number(value_)); });
}

void SeedSpinBox::setValue(quint64 value) {
    lineEdit()->setText(QString::number(value));
    if (value == value_)
        return;
    value_ = value;
    Q_EMIT valueChanged(value_);
}

void SeedSpinBox::stepBy(int steps) {
    if (steps < 0)
        setValue(value_ < quint64(-qint64(steps)) ? 0 : value_ - quint64(-qint64(steps)));
    else
        setValue(kMaxSeed - value_ < quint64(steps) ? kMaxSeed : value_ + quint64(steps));
    selectAll();
}

QValidator::State SeedSpinBox::validate(QString& input, int&) const {
    if (input.isEmpty())
        return QValidator::Intermediate;
    for (const QChar c : input)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return QValidator::Invalid;
    bool ok = false;
    input.toULongLong(&ok);
    return ok ? QValidator::Acceptable : QValidator::Invalid;
}

void SeedSpinBox::fixup(QString& input) const {
    input = QString::number(value_);
}

QSize SeedSpinBox::sizeHint() const {
    ensurePolished();
    const QFontMetrics metrics = fontMetrics();
    const QSize text(metrics.horizontalAdvance(QString::number(kMaxSeed)) + 4,
                     lineEdit()->sizeHint().height());
    QStyleOptionSpinBox option;
    initStyleOption(&option);
    return style()->sizeFromContents(QStyle::CT_SpinBox, &option, text, this);
}

QAbstractSpinBox::StepEnabled SeedSpinBox::stepEnabled() const {
    StepEnabled enabled = StepNone;
    if (value_ > 0)
        enabled |= StepDownEnabled;
    if (value_ < kMaxSeed)
        enabled |= StepUpEnabled;
    return enabled;
}

}  // namespace kinora::ui
