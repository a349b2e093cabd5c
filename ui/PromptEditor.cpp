#include "ui/PromptEditor.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextCursor>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "facade/Diagnostics.h"
#include "facade/GenerationRequest.h"

namespace kinora::ui {

namespace {

// The part of the prompt CLIP never reads: a light red that keeps the text legible.
const QColor kCutBackground(255, 205, 210);
const QString kOverLimitStyle = QStringLiteral("color: #c62828; font-weight: bold;");

// Scripts written without spaces: the tokenizer sees no word boundaries, so each character
// costs at least a token.
bool isUnspacedScript(QChar c) {
    const QChar::Script script = c.script();
    return script == QChar::Script_Han || script == QChar::Script_Hiragana ||
           script == QChar::Script_Katakana || script == QChar::Script_Thai;
}

bool endsLikeASeparator(QChar c) {
    return c == QLatin1Char(',') || c == QLatin1Char(';') || c == QLatin1Char('.') ||
           c == QLatin1Char(':') || c == QLatin1Char('!') || c == QLatin1Char('?');
}

bool opensAGroup(QChar c) {
    return c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{') ||
           c == QLatin1Char('"');
}

}  // namespace

PromptEditor::PromptEditor(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("promptEditor"));

    promptEdit_ = new QPlainTextEdit(this);
    promptEdit_->setObjectName(QStringLiteral("promptEdit"));
    promptEdit_->setTabChangesFocus(true);
    promptEdit_->setMinimumHeight(promptEdit_->fontMetrics().lineSpacing() * 4);

    tokenCountLabel_ = new QLabel(this);
    tokenCountLabel_->setObjectName(QStringLiteral("tokenCountLabel"));
    tokenCountLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    formulaHint_ = new QLabel(this);
    formulaHint_->setObjectName(QStringLiteral("formulaHint"));
    formulaHint_->setWordWrap(true);
    formulaHint_->setForegroundRole(QPalette::PlaceholderText);

    negativeToggle_ = new QToolButton(this);
    negativeToggle_->setObjectName(QStringLiteral("negativeToggle"));
    negativeToggle_->setCheckable(true);
    negativeToggle_->setAutoRaise(true);
    negativeToggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    negativeToggle_->setArrowType(Qt::RightArrow);

    negativeArea_ = new QWidget(this);
    negativeArea_->setObjectName(QStringLiteral("negativeArea"));
    negativeEdit_ = new QPlainTextEdit(negativeArea_);
    negativeEdit_->setObjectName(QStringLiteral("negativePromptEdit"));
    negativeEdit_->setTabChangesFocus(true);
    negativeEdit_->setMinimumHeight(negativeEdit_->fontMetrics().lineSpacing() * 3);
    // A line or two of text: the prompt above gets the room.
    negativeEdit_->setMaximumHeight(negativeEdit_->fontMetrics().lineSpacing() * 5);
    negativeEdit_->setPlainText(defaultNegativePrompt());
    auto* resetAction = new QAction(this);
    resetAction->setObjectName(QStringLiteral("resetNegativeAction"));
    negativeReset_ = new QToolButton(negativeArea_);
    negativeReset_->setObjectName(QStringLiteral("negativeReset"));
    negativeReset_->setDefaultAction(resetAction);
    resetAction->setEnabled(false);

    auto* header = new QHBoxLayout;
    header->addWidget(formulaHint_, 1);
    header->addWidget(tokenCountLabel_);
    auto* negativeLayout = new QVBoxLayout(negativeArea_);
    negativeLayout->setContentsMargins(0, 0, 0, 0);
    negativeLayout->addWidget(negativeEdit_);
    negativeLayout->addWidget(negativeReset_, 0, Qt::AlignRight);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(promptEdit_, 1);
    layout->addLayout(header);
    layout->addWidget(negativeToggle_, 0, Qt::AlignLeft);
    layout->addWidget(negativeArea_);
    negativeArea_->setVisible(false);

    countTimer_ = new QTimer(this);
    countTimer_->setSingleShot(true);
    countTimer_->setInterval(kCountDelayMs);

    connect(countTimer_, &QTimer::timeout, this, &PromptEditor::updateTokenCount);
    connect(promptEdit_, &QPlainTextEdit::textChanged, this, [this] {
        countTimer_->start();
        Q_EMIT promptChanged();
    });
    connect(negativeEdit_, &QPlainTextEdit::textChanged, this, [this, resetAction] {
        resetAction->setEnabled(negativeEdit_->toPlainText() != defaultNegativePrompt());
        Q_EMIT negativePromptChanged();
    });
    connect(negativeToggle_, &QToolButton::toggled, this, &PromptEditor::setNegativePromptVisible);
    connect(resetAction, &QAction::triggered, this, &PromptEditor::resetNegativePrompt);

    retranslate();
    updateTokenCount();
}

QString PromptEditor::prompt() const {
    return promptEdit_->toPlainText();
}

void PromptEditor::setPrompt(const QString& prompt) {
    promptEdit_->setPlainText(prompt);
    updateTokenCount();
}

QString PromptEditor::negativePrompt() const {
    return negativeEdit_->toPlainText();
}

void PromptEditor::setNegativePrompt(const QString& negativePrompt) {
    negativeEdit_->setPlainText(negativePrompt);
}

void PromptEditor::setModelFolder(const QString& modelFolder) {
    if (modelFolder == modelFolder_)
        return;
    modelFolder_ = modelFolder;
    // Loaded once per folder by the facade, so switching back and forth is cheap.
    tokenizer_ = promptLintOptionsFor(modelFolder);
    updateTokenCount();
}

bool PromptEditor::isNegativePromptVisible() const {
    return !negativeArea_->isHidden();
}

void PromptEditor::setNegativePromptVisible(bool visible) {
    negativeArea_->setVisible(visible);
    negativeToggle_->setArrowType(visible ? Qt::DownArrow : Qt::RightArrow);
    if (negativeToggle_->isChecked() != visible)
        negativeToggle_->setChecked(visible);
}

void PromptEditor::resetNegativePrompt() {
    negativeEdit_->setPlainText(defaultNegativePrompt());
}

int PromptEditor::estimateTokens(const QString& text) {
    int tokens = 0;
    int wordLength = 0;
    const auto endWord = [&] {
        if (wordLength > 0)
            tokens += 1 + (wordLength - 1) / 10;
        wordLength = 0;
    };
    for (const QChar c : text) {
        if (isUnspacedScript(c)) {
            endWord();
            ++tokens;
        } else if (c.isLetterOrNumber() || c.isMark()) {
            ++wordLength;
        } else {
            endWord();
            if (c.isPunct() || c.isSymbol())
                ++tokens;
        }
    }
    endWord();
    return tokens;
}

void PromptEditor::updateTokenCount() {
    countTimer_->stop();
    const QString text = prompt();
    exact_ = bool(tokenizer_.tokenCount) && bool(tokenizer_.truncatedText);
    tokenCount_ = exact_ ? tokenizer_.tokenCount(text) : estimateTokens(text);
    cutPosition_ = exact_ && isOverLimit() ? int(tokenizer_.truncatedText(text).size()) : -1;

    QList<QTextEdit::ExtraSelection> selections;
    if (cutPosition_ >= 0) {
        QTextEdit::ExtraSelection cut;
        cut.cursor = QTextCursor(promptEdit_->document());
        cut.cursor.setPosition(cutPosition_);
        cut.cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
        cut.format.setBackground(kCutBackground);
        selections << cut;
    }
    promptEdit_->setExtraSelections(selections);
    showCount();
    Q_EMIT tokenCountChanged(tokenCount_, exact_);
}

void PromptEditor::showCount() {
    if (exact_) {
        tokenCountLabel_->setText(tr("%1 / %2 tokens").arg(tokenCount_).arg(kTokenWindow));
        tokenCountLabel_->setToolTip(
            isOverLimit()
                ? tr("CLIP reads only the first %1 tokens: the highlighted words never reach the "
                     "model. Shorten the prompt or move the motion words to the front.")
                      .arg(kTokenWindow)
                : tr("Tokens counted with the model's own CLIP tokenizer; it reads %1.")
                      .arg(kTokenWindow));
    } else {
        tokenCountLabel_->setText(
            tr("~%1 / %2 tokens (estimate)").arg(tokenCount_).arg(kTokenWindow));
        tokenCountLabel_->setToolTip(
            tr("No model tokenizer yet: estimated from words and punctuation. Choose a model "
               "folder for the exact count."));
    }
    tokenCountLabel_->setProperty("overLimit", isOverLimit());
    tokenCountLabel_->setStyleSheet(isOverLimit() ? kOverLimitStyle : QString());
}

void PromptEditor::insertAtCursor(const QString& phrase) {
    QTextCursor cursor = promptEdit_->textCursor();
    cursor.beginEditBlock();
    cursor.removeSelectedText();
    const QString text = prompt();
    const int position = cursor.position();
    // Whitespace before the cursor gives way to the separator, unless only whitespace precedes.
    int start = position;
    while (start > 0 && text[start - 1].isSpace())
        --start;
    QString leading;
    if (start == 0)
        start = position;
    else if (endsLikeASeparator(text[start - 1]))
        leading = QStringLiteral(" ");
    else if (!opensAGroup(text[start - 1]))
        leading = QStringLiteral(", ");
    int next = position;
    while (next < text.size() && text[next].isSpace())
        ++next;
    QString trailing;
    if (next < text.size() && text[next].isLetterOrNumber())
        trailing = next == position ? QStringLiteral(", ") : QStringLiteral(",");
    cursor.setPosition(start);
    cursor.setPosition(position, QTextCursor::KeepAnchor);
    cursor.insertText(leading + phrase + trailing);
    cursor.setPosition(start + int(leading.size() + phrase.size()));
    cursor.endEditBlock();
    promptEdit_->setTextCursor(cursor);
    promptEdit_->setFocus(Qt::OtherFocusReason);
}

void PromptEditor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PromptEditor::retranslate() {
    const QString formula = tr("[subject] + [action] + [direction/speed] + [environment]");
    promptEdit_->setPlaceholderText(
        tr("Describe the motion: %1\ne.g. a cat on a windowsill turning head to the right, camera "
           "slowly zooming in, soft morning light")
            .arg(formula));
    promptEdit_->setToolTip(
        tr("The model reads English; the keyword palette inserts English "
           "phrases for Chinese labels."));
    formulaHint_->setText(formula);
    negativeToggle_->setText(tr("Negative prompt"));
    negativeToggle_->setToolTip(tr("What the video should not look like"));
    negativeReset_->defaultAction()->setText(tr("Reset to default"));
    negativeReset_->defaultAction()->setToolTip(
        tr("Use the negative prompt the I2VGen-XL authors use"));
    showCount();
}

}  // namespace kinora::ui
