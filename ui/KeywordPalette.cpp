#include "ui/KeywordPalette.h"

#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/FlowLayout.h"

namespace kinora::ui {

namespace {

const QString kSeparator = QStringLiteral(" · ");

bool localeIsChinese() {
    return QLocale().language() == QLocale::Chinese;
}

}  // namespace

KeywordPalette::KeywordPalette(QWidget* parent)
    : KeywordPalette(MotionKeywords::builtIn(), parent) {}

KeywordPalette::KeywordPalette(const MotionKeywords& library, QWidget* parent)
    : QWidget(parent), chineseFirst_(localeIsChinese()) {
    setObjectName(QStringLiteral("keywordPalette"));
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("keywordSearch"));
    search_->setClearButtonEnabled(true);
    formulaHint_ = new QLabel(this);
    formulaHint_->setObjectName(QStringLiteral("keywordFormulaHint"));
    formulaHint_->setWordWrap(true);
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("keywordGroups"));
    tabs_->setDocumentMode(true);
    noMatch_ = new QLabel(this);
    noMatch_->setObjectName(QStringLiteral("noKeywordMatch"));
    noMatch_->setAlignment(Qt::AlignCenter);
    noMatch_->setWordWrap(true);
    noMatch_->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(search_);
    layout->addWidget(formulaHint_);
    layout->addWidget(tabs_, 1);
    layout->addWidget(noMatch_);

    build(library);
    connect(search_, &QLineEdit::textChanged, this, [this] { applyFilter(); });
    retranslate();
}

void KeywordPalette::build(const MotionKeywords& library) {
    for (const auto& group : library.groups()) {
        Group entry{group, nullptr, {}};
        auto* scroll = new QScrollArea(tabs_);
        scroll->setObjectName(QStringLiteral("group:") + group.id);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        auto* content = new QWidget(scroll);
        auto* flow = new FlowLayout(content);
        for (const auto& keyword : group.keywords) {
            auto* button = new QToolButton(content);
            button->setObjectName(QStringLiteral("keyword:") + keyword.english);
            button->setProperty("english", keyword.english);
            // A click leaves the focus (and the cursor) in the prompt the phrase goes into.
            button->setFocusPolicy(Qt::TabFocus);
            connect(button, &QToolButton::clicked, this,
                    [this, english = keyword.english] { Q_EMIT keywordChosen(english); });
            flow->addWidget(button);
            entry.chips.append({keyword, button});
        }
        scroll->setWidget(content);
        entry.page = scroll;
        tabs_->addTab(scroll, QString());
        groups_.append(entry);
    }
}

void KeywordPalette::setChineseFirst(bool chineseFirst) {
    followsLocale_ = false;
    if (chineseFirst == chineseFirst_)
        return;
    chineseFirst_ = chineseFirst;
    retranslate();
}

QString KeywordPalette::filter() const {
    return search_->text();
}

void KeywordPalette::setFilter(const QString& search) {
    search_->setText(search);
}

QStringList KeywordPalette::shownKeywords() const {
    QStringList shown;
    for (const auto& group : groups_)
        for (const auto& chip : group.chips)
            if (!chip.button->isHidden())
                shown << chip.keyword.english;
    return shown;
}

QAbstractButton* KeywordPalette::chip(const QString& english) const {
    for (const auto& group : groups_)
        for (const auto& chip : group.chips)
            if (chip.keyword.english == english)
                return chip.button;
    return nullptr;
}

bool KeywordPalette::matches(const MotionKeyword& keyword, const QString& search) {
    const QString needle = search.simplified();
    if (needle.isEmpty())
        return true;
    if (keyword.english.contains(needle, Qt::CaseInsensitive) ||
        keyword.chinese.contains(needle, Qt::CaseInsensitive))
        return true;
    for (const auto& alias : keyword.chineseAliases)
        if (alias.contains(needle, Qt::CaseInsensitive))
            return true;
    return false;
}

void KeywordPalette::applyFilter() {
    const QString search = filter();
    int firstWithMatches = -1;
    int total = 0;
    for (int i = 0; i < groups_.size(); ++i) {
        int shown = 0;
        for (const auto& chip : groups_[i].chips) {
            const bool match = matches(chip.keyword, search);
            chip.button->setHidden(!match);
            shown += match;
        }
        total += shown;
        const auto& group = groups_[i].group;
        const QString title = bilingual(group.chinese, group.english);
        tabs_->setTabText(i,
                          search.trimmed().isEmpty() ? title : tr("%1 (%2)").arg(title).arg(shown));
        tabs_->setTabEnabled(i, shown > 0);
        if (shown > 0 && firstWithMatches < 0)
            firstWithMatches = i;
        groups_[i].page->widget()->layout()->invalidate();
    }
    if (firstWithMatches >= 0 && !tabs_->isTabEnabled(tabs_->currentIndex()))
        tabs_->setCurrentIndex(firstWithMatches);
    tabs_->setVisible(total > 0);
    noMatch_->setVisible(total == 0);
}

QString KeywordPalette::bilingual(const QString& chinese, const QString& english) const {
    return chineseFirst_ ? chinese + kSeparator + english : english + kSeparator + chinese;
}

void KeywordPalette::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        if (followsLocale_)
            chineseFirst_ = localeIsChinese();
        retranslate();
    }
    QWidget::changeEvent(event);
}

void KeywordPalette::retranslate() {
    search_->setPlaceholderText(tr("Search motion keywords (English or Chinese)"));
    formulaHint_->setText(
        tr("[subject] + [action] + [direction/speed] + [environment]: click a keyword to insert "
           "its English phrase, which is what the model reads."));
    noMatch_->setText(
        tr("No keyword matches. Describe a concrete motion in English: a verb and "
           "a direction work best."));
    for (const auto& group : groups_) {
        for (const auto& chip : group.chips) {
            chip.button->setText(bilingual(chip.keyword.chinese, chip.keyword.english));
            QString tip = tr("Inserts \"%1\"").arg(chip.keyword.english);
            if (!chip.keyword.chineseAliases.isEmpty())
                tip += QLatin1Char('\n') +
                       tr("Also: %1").arg(chip.keyword.chineseAliases.join(QStringLiteral(", ")));
            chip.button->setToolTip(tip);
        }
    }
    applyFilter();
}

}  // namespace kinora::ui
