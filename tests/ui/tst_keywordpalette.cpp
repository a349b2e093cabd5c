// The motion keyword palette: every group and keyword of the library present with both labels,
// a click on a chip gives its English phrase, and the search finds keywords by English, Chinese
// label or Chinese alias.
#include <QAbstractButton>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include "facade/MotionKeywords.h"
#include "ui/KeywordPalette.h"

using kinora::MotionKeyword;
using kinora::MotionKeywords;
using kinora::ui::KeywordPalette;

namespace {

const MotionKeywords& library() {
    return MotionKeywords::builtIn();
}

// Types `text` as a user would: Latin text key by key, Chinese as an input method commits it.
void type(QWidget* widget, const QString& text) {
    bool latin = true;
    for (const QChar c : text)
        latin = latin && c.unicode() < 0x80;
    if (latin) {
        QTest::keyClicks(widget, text);
        return;
    }
    QInputMethodEvent commit;
    commit.setCommitString(text);
    QCoreApplication::sendEvent(widget, &commit);
}

QTabWidget* groupTabs(KeywordPalette& palette) {
    return palette.findChild<QTabWidget*>(QStringLiteral("keywordGroups"));
}

}  // namespace

class TestKeywordPalette : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(!library().groups().isEmpty()); }

    void everyGroupAndKeywordIsShown() {
        KeywordPalette palette;
        palette.setChineseFirst(false);
        QTabWidget* tabs = groupTabs(palette);
        QVERIFY(tabs);
        QCOMPARE(tabs->count(), int(library().groups().size()));
        for (int i = 0; i < tabs->count(); ++i) {
            const auto& group = library().groups()[i];
            QCOMPARE(tabs->widget(i)->objectName(), QStringLiteral("group:") + group.id);
            QVERIFY(tabs->tabText(i).contains(group.english));
            QVERIFY(tabs->tabText(i).contains(group.chinese));
            for (const auto& keyword : group.keywords) {
                auto* chip = tabs->widget(i)->findChild<QAbstractButton*>(
                    QStringLiteral("keyword:") + keyword.english);
                QVERIFY2(chip, qPrintable(keyword.english));
                QCOMPARE(chip, palette.chip(keyword.english));
                QCOMPARE(chip->property("english").toString(), keyword.english);
                QVERIFY(chip->text().startsWith(keyword.english));
                QVERIFY(chip->text().endsWith(keyword.chinese));
            }
        }
        QCOMPARE(palette.shownKeywords().size(), int(library().all().size()));
        QVERIFY(palette.findChild<QLabel*>(QStringLiteral("keywordFormulaHint"))
                    ->text()
                    .contains(QStringLiteral("[direction/speed]")));
    }

    void chineseFirstPutsTheChineseLabelFirst() {
        KeywordPalette palette;
        palette.setChineseFirst(true);
        QVERIFY(palette.isChineseFirst());
        for (const auto& keyword : library().all()) {
            QVERIFY(palette.chip(keyword.english)->text().startsWith(keyword.chinese));
            QVERIFY(palette.chip(keyword.english)->text().endsWith(keyword.english));
        }
        QVERIFY(groupTabs(palette)->tabText(0).startsWith(library().groups()[0].chinese));
    }

    void clickingAChipGivesItsEnglishPhrase_data() {
        QTest::addColumn<QString>("english");
        for (const auto& keyword : library().all())
            QTest::newRow(qPrintable(keyword.english)) << keyword.english;
    }

    void clickingAChipGivesItsEnglishPhrase() {
        QFETCH(QString, english);
        KeywordPalette palette;
        palette.resize(640, 480);
        palette.show();
        QVERIFY(QTest::qWaitForWindowExposed(&palette));
        QAbstractButton* chip = palette.chip(english);
        QVERIFY(chip);
        QTabWidget* tabs = groupTabs(palette);
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->widget(i)->isAncestorOf(chip))
                tabs->setCurrentIndex(i);
        auto* scroll = qobject_cast<QScrollArea*>(tabs->currentWidget());
        QVERIFY(scroll);
        scroll->ensureWidgetVisible(chip);
        QVERIFY(chip->isVisible());
        QCOMPARE(chip->focusPolicy() & Qt::ClickFocus, 0);

        QSignalSpy chosen(&palette, &KeywordPalette::keywordChosen);
        QTest::mouseClick(chip, Qt::LeftButton);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.first().at(0).toString(), english);
    }

    void searchFindsByAlias_data() {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QString>("english");
        int rows = 0;
        for (const auto& keyword : library().all()) {
            for (const auto& alias : keyword.chineseAliases) {
                QTest::addRow("%s", qPrintable(alias)) << alias << keyword.english;
                ++rows;
            }
        }
        QVERIFY2(rows > 0, "the library has no Chinese aliases to search for");
        const MotionKeyword first = library().all().front();
        QTest::newRow("chinese label") << first.chinese << first.english;
        QTest::newRow("english, other case") << first.english.toUpper() << first.english;
    }

    void searchFindsByAlias() {
        QFETCH(QString, search);
        QFETCH(QString, english);
        KeywordPalette palette;
        palette.show();
        QVERIFY(QTest::qWaitForWindowExposed(&palette));
        auto* field = palette.findChild<QLineEdit*>(QStringLiteral("keywordSearch"));
        QVERIFY(field);
        type(field, search);
        QCOMPARE(palette.filter(), search);

        const QStringList shown = palette.shownKeywords();
        QVERIFY2(shown.contains(english), qPrintable(shown.join(", ")));
        for (const auto& keyword : library().all()) {
            QCOMPARE(shown.contains(keyword.english), KeywordPalette::matches(keyword, search));
            QCOMPARE(palette.chip(keyword.english)->isHidden(), !shown.contains(keyword.english));
        }
        QVERIFY(shown.size() < library().all().size());
        // The tab showing is one with a match.
        bool currentTabHasAMatch = false;
        for (const QString& match : shown)
            currentTabHasAMatch =
                currentTabHasAMatch ||
                groupTabs(palette)->currentWidget()->isAncestorOf(palette.chip(match));
        QVERIFY(currentTabHasAMatch);

        field->clear();
        QCOMPARE(palette.shownKeywords().size(), int(library().all().size()));
    }

    void noMatchSaysSo() {
        KeywordPalette palette;
        palette.show();
        QVERIFY(QTest::qWaitForWindowExposed(&palette));
        auto* noMatch = palette.findChild<QLabel*>(QStringLiteral("noKeywordMatch"));
        QVERIFY(noMatch);
        QVERIFY(!noMatch->isVisible());
        palette.setFilter(QStringLiteral("\u2603\u2603\u2603"));
        QVERIFY(palette.shownKeywords().isEmpty());
        QVERIFY(noMatch->isVisible());
        QVERIFY(!groupTabs(palette)->isVisible());
    }
};

QTEST_MAIN(TestKeywordPalette)
#include "tst_keywordpalette.moc"
