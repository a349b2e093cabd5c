// The explore dialog: prompt variants x seeds from one picture, run with the Fast preset so the
// whole matrix costs little more than its denoising steps (the model stays loaded and each
// prompt is encoded once). Variants can be typed, or taken from the prompt linter's rewrites and
// the motion keyword palette.
#pragma once

#include <QDialog>
#include <QList>
#include <QStringList>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace kinora::ui {

class ExploreDialog : public QDialog {
    Q_OBJECT
public:
    // `prompt`: the current prompt, the first variant.
    explicit ExploreDialog(const QString& prompt, QWidget* parent = nullptr);

    // One per non-empty line.
    QStringList prompts() const;
    // The seeds typed ("1, 2, 3"); empty when they do not read.
    QList<quint64> seeds() const;
    void setPrompts(const QStringList& prompts);
    void setSeeds(const QList<quint64>& seeds);

public Q_SLOTS:
    void accept() override;

private:
    void addSuggestions();
    void updateSummary();

    QPlainTextEdit* prompts_ = nullptr;
    QLineEdit* seeds_ = nullptr;
    QLabel* summary_ = nullptr;
};

}  // namespace kinora::ui
