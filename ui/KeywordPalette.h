// The motion keyword palette: the phrases I2VGen-XL can map to motion, in groups (camera, nature,
// living things, time), each labelled in Chinese and English. Clicking one hands its English
// phrase (what the model reads) to whoever inserts it, usually the prompt editor.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "facade/MotionKeywords.h"

class QAbstractButton;
class QLabel;
class QLineEdit;
class QScrollArea;
class QTabWidget;

namespace kinora::ui {

class KeywordPalette : public QWidget {
    Q_OBJECT
public:
    // The compiled-in library.
    explicit KeywordPalette(QWidget* parent = nullptr);
    explicit KeywordPalette(const MotionKeywords& library, QWidget* parent = nullptr);

    // Chinese before English in the labels. Follows the UI language (QLocale's default) until
    // set.
    bool isChineseFirst() const { return chineseFirst_; }
    void setChineseFirst(bool chineseFirst);

    QString filter() const;
    // The English phrases whose chips the current filter shows, in palette order.
    QStringList shownKeywords() const;
    // The chip of the keyword `english` (its objectName is "keyword:" + english).
    QAbstractButton* chip(const QString& english) const;
    // A search matches the English phrase, the Chinese label or a Chinese alias, ignoring case.
    static bool matches(const MotionKeyword& keyword, const QString& search);

public Q_SLOTS:
    void setFilter(const QString& search);

Q_SIGNALS:
    void keywordChosen(const QString& english);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Chip {
        MotionKeyword keyword;
        QAbstractButton* button = nullptr;
    };
    struct Group {
        MotionKeywordGroup group;
        QScrollArea* page = nullptr;
        QList<Chip> chips;
    };

    void build(const MotionKeywords& library);
    void retranslate();
    void applyFilter();
    QString bilingual(const QString& chinese, const QString& english) const;

    QLineEdit* search_ = nullptr;
    QLabel* formulaHint_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QLabel* noMatch_ = nullptr;
    QList<Group> groups_;
    bool chineseFirst_ = false;
    bool followsLocale_ = true;
};

}  // namespace kinora::ui
