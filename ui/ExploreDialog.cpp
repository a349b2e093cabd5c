#include "ui/ExploreDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QVBoxLayout>

#include "facade/MotionKeywords.h"
#include "facade/PromptLinter.h"

namespace kinora::ui {

namespace {

constexpr int kDefaultSeeds = 3;
constexpr int kMaxCandidates = 36;

QList<quint64> randomSeeds(int count) {
    QList<quint64> seeds;
    for (int index = 0; index < count; ++index)
        seeds << QRandomGenerator::global()->bounded(quint64(1) << 32);
    return seeds;
}

}  // namespace

ExploreDialog::ExploreDialog(const QString& prompt, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("exploreDialog"));
    setWindowTitle(tr("Explore prompts and seeds"));
    auto* intro = new QLabel(
        tr("Each prompt variant runs with each seed, with the Fast preset: judge the motion, "
           "then refine the best candidate. The model stays loaded and every prompt is read "
           "once, so the matrix costs little more than its denoising steps."),
        this);
    intro->setWordWrap(true);

    prompts_ = new QPlainTextEdit(this);
    prompts_->setObjectName(QStringLiteral("explorePrompts"));
    prompts_->setPlaceholderText(tr("One prompt variant per line"));
    prompts_->setPlainText(prompt.trimmed());
    auto* suggest = new QPushButton(tr("Add suggested variants"), this);
    suggest->setObjectName(QStringLiteral("suggestVariantsButton"));
    suggest->setToolTip(
        tr("The prompt checker's rewrites of the first prompt, and the first "
           "prompt with a camera move added"));
    connect(suggest, &QPushButton::clicked, this, &ExploreDialog::addSuggestions);

    seeds_ = new QLineEdit(this);
    seeds_->setObjectName(QStringLiteral("exploreSeeds"));
    setSeeds(randomSeeds(kDefaultSeeds));
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("exploreSummary"));
    connect(prompts_, &QPlainTextEdit::textChanged, this, &ExploreDialog::updateSummary);
    connect(seeds_, &QLineEdit::textChanged, this, &ExploreDialog::updateSummary);

    auto* form = new QFormLayout;
    form->addRow(tr("Prompts:"), prompts_);
    form->addRow(QString(), suggest);
    form->addRow(tr("Seeds:"), seeds_);
    auto* buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, Qt::Horizontal, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Explore"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ExploreDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExploreDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(summary_);
    layout->addWidget(buttons);
    updateSummary();
    resize(640, 420);
}

QStringList ExploreDialog::prompts() const {
    QStringList prompts;
    for (const QString& line : prompts_->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty() && !prompts.contains(line.trimmed()))
            prompts << line.trimmed();
    }
    return prompts;
}

QList<quint64> ExploreDialog::seeds() const {
    QList<quint64> seeds;
    for (const QString& part : seeds_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const quint64 seed = part.trimmed().toULongLong(&ok);
        if (!ok)
            return {};
        if (!seeds.contains(seed))
            seeds << seed;
    }
    return seeds;
}

void ExploreDialog::setPrompts(const QStringList& prompts) {
    prompts_->setPlainText(prompts.join(QLatin1Char('\n')));
}

void ExploreDialog::setSeeds(const QList<quint64>& seeds) {
    QStringList parts;
    for (const quint64 seed : seeds)
        parts << QString::number(seed);
    seeds_->setText(parts.join(QStringLiteral(", ")));
}

void ExploreDialog::addSuggestions() {
    QStringList prompts = this->prompts();
    if (prompts.isEmpty())
        return;
    const QString first = prompts.front();
    for (const Finding& finding : lintPrompt(first)) {
        if (!finding.suggestion.isEmpty() && !prompts.contains(finding.suggestion))
            prompts << finding.suggestion;
    }
    // A camera move is the most reliable motion: offer the first prompt with one, when it has none.
    const QList<MotionKeyword> moves = MotionKeywords::builtIn().ofKind(MotionKind::CameraMove);
    const bool hasMove = std::any_of(moves.begin(), moves.end(), [&](const MotionKeyword& move) {
        return first.contains(move.english, Qt::CaseInsensitive);
    });
    if (!hasMove && !moves.isEmpty()) {
        const QString withMove = first + QStringLiteral(", ") + moves.front().english;
        if (!prompts.contains(withMove))
            prompts << withMove;
    }
    setPrompts(prompts);
}

void ExploreDialog::updateSummary() {
    const qsizetype count = prompts().size() * seeds().size();
    if (seeds().isEmpty())
        summary_->setText(tr("Seeds: whole numbers separated by commas, e.g. 1, 2, 3."));
    else if (count > kMaxCandidates)
        summary_->setText(
            tr("%1 candidates: at most %2 at a time.").arg(count).arg(kMaxCandidates));
    else
        summary_->setText(tr("%1 prompts × %2 seeds = %3 candidates.")
                              .arg(prompts().size())
                              .arg(seeds().size())
                              .arg(count));
}

void ExploreDialog::accept() {
    const qsizetype count = prompts().size() * seeds().size();
    if (count == 0 || count > kMaxCandidates)
        return;  // the summary says why
    QDialog::accept();
}

}  // namespace kinora::ui
