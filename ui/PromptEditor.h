// The prompt editor: the prompt with a live count of its CLIP tokens against the text encoder's
// window (and the part past it highlighted, since the model never reads it), and the negative
// prompt, folded away by default and filled with the model authors' one.
#pragma once

#include <QString>
#include <QWidget>

#include "facade/PromptLinter.h"

class QLabel;
class QPlainTextEdit;
class QTimer;
class QToolButton;

namespace kinora::ui {

class PromptEditor : public QWidget {
    Q_OBJECT
public:
    // Tokens CLIP reads between its start and end markers (a 77-token window).
    static constexpr int kTokenWindow = 75;
    // The count waits this long after the last keystroke: tokenizing on every key would lag.
    static constexpr int kCountDelayMs = 150;

    explicit PromptEditor(QWidget* parent = nullptr);

    QString prompt() const;
    void setPrompt(const QString& prompt);
    QString negativePrompt() const;
    void setNegativePrompt(const QString& negativePrompt);

    // The model whose CLIP tokenizer counts the tokens; without a usable one (empty folder, no
    // tokenizer in it) the count is an estimate and says so.
    void setModelFolder(const QString& modelFolder);
    QString modelFolder() const { return modelFolder_; }

    // The latest count (see tokenCountChanged), whether it came from the tokenizer, and whether
    // the prompt is longer than the window.
    int tokenCount() const { return tokenCount_; }
    bool isTokenCountExact() const { return exact_; }
    bool isOverLimit() const { return tokenCount_ > kTokenWindow; }
    // Where the part the encoder never reads starts, or -1 when all of it is read (or the count
    // is an estimate, which cannot tell).
    int cutPosition() const { return cutPosition_; }

    // The estimate used without a tokenizer: one token per word, one more for every further 10
    // letters of a long word (the BPE splits rare long words), one per punctuation mark, and one
    // per character of scripts without spaces (CJK). English prompts usually land within a few
    // tokens of the real count; it is a guide, not a limit.
    static int estimateTokens(const QString& text);

    bool isNegativePromptVisible() const;

public Q_SLOTS:
    // Inserts `phrase` at the cursor (replacing a selection), adding a comma and space where the
    // neighbouring text needs one, and leaves the cursor after the phrase, with the focus.
    void insertAtCursor(const QString& phrase);
    void setNegativePromptVisible(bool visible);
    void resetNegativePrompt();
    // Counts now instead of after the typing pause.
    void updateTokenCount();

Q_SIGNALS:
    // On every edit of the prompt.
    void promptChanged();
    void negativePromptChanged();
    // After the typing pause, with the new count: the place for checks too slow for every key.
    void tokenCountChanged(int count, bool exact);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showCount();

    QPlainTextEdit* promptEdit_ = nullptr;
    QLabel* tokenCountLabel_ = nullptr;
    QLabel* formulaHint_ = nullptr;
    QToolButton* negativeToggle_ = nullptr;
    QWidget* negativeArea_ = nullptr;
    QPlainTextEdit* negativeEdit_ = nullptr;
    QToolButton* negativeReset_ = nullptr;
    QTimer* countTimer_ = nullptr;

    QString modelFolder_;
    PromptLintOptions tokenizer_;
    int tokenCount_ = 0;
    bool exact_ = false;
    int cutPosition_ = -1;
};

}  // namespace kinora::ui
