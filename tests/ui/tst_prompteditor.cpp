// The prompt editor: exact CLIP token counts from the fixture's tokenizer (the facade's own count),
// the over-long part highlighted where the facade cuts, the typing pause, insertion at the cursor,
// the negative prompt, and the labelled estimate without a model.
#include <QAction>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

#include "common/Fixture.h"
#include "facade/Diagnostics.h"
#include "facade/GenerationRequest.h"
#include "ui/PromptEditor.h"

using kinora::ui::PromptEditor;

namespace {

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Every prompt of the fixture's tokenizer cases.
QStringList fixturePrompts() {
    QStringList prompts;
    const auto cases = readJson(kinora::test::goldenDir() + QStringLiteral("/tokenizer_cases.json"))
                           .value(QStringLiteral("cases"))
                           .toArray();
    for (const auto& value : cases)
        prompts << value.toObject().value(QStringLiteral("prompt")).toString();
    return prompts;
}

// The pipeline case's prompt, repeated until the fixture's tokenizer needs more than the window.
QString overlongPrompt() {
    const auto tokens = kinora::promptLintOptionsFor(kinora::test::fixtureDir()).tokenCount;
    const QString sentence = readJson(kinora::test::goldenDir() + QStringLiteral("/cases.json"))
                                 .value(QStringLiteral("text_encoder"))
                                 .toObject()
                                 .value(QStringLiteral("prompt"))
                                 .toString();
    QString prompt = sentence;
    while (tokens(prompt) <= PromptEditor::kTokenWindow)
        prompt += QStringLiteral(", ") + sentence;
    return prompt;
}

template <typename T>
T* child(QObject* parent, const char* name) {
    auto* found = parent->findChild<T*>(QLatin1String(name));
    if (!found)
        qFatal("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

}  // namespace

class TestPromptEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exactCountIsTheTokenizers_data() {
        QTest::addColumn<QString>("prompt");
        const QStringList prompts = fixturePrompts();
        QVERIFY(!prompts.isEmpty());
        for (int i = 0; i < prompts.size(); ++i)
            QTest::addRow("case %d", i) << prompts[i];
        QTest::newRow("overlong") << overlongPrompt();
    }

    void exactCountIsTheTokenizers() {
        QFETCH(QString, prompt);
        const auto tokenizer = kinora::promptLintOptionsFor(kinora::test::fixtureDir());
        QVERIFY(tokenizer.tokenCount);
        const int expected = tokenizer.tokenCount(prompt);

        PromptEditor editor;
        editor.setModelFolder(kinora::test::fixtureDir());
        editor.setPrompt(prompt);
        QVERIFY(editor.isTokenCountExact());
        QCOMPARE(editor.tokenCount(), expected);
        const QString label = child<QLabel>(&editor, "tokenCountLabel")->text();
        QVERIFY2(label.startsWith(
                     QStringLiteral("%1 / %2").arg(expected).arg(PromptEditor::kTokenWindow)),
                 qPrintable(label));
        QVERIFY(!label.contains(QStringLiteral("estimate")));
        QCOMPARE(editor.isOverLimit(), expected > PromptEditor::kTokenWindow);
    }

    void overlongPartIsHighlightedFromTheCut_data() {
        QTest::addColumn<QString>("prompt");
        const auto tokens = kinora::promptLintOptionsFor(kinora::test::fixtureDir()).tokenCount;
        const QStringList prompts = fixturePrompts();
        for (int i = 0; i < prompts.size(); ++i)
            if (tokens(prompts[i]) > PromptEditor::kTokenWindow)
                QTest::addRow("case %d", i) << prompts[i];
        QTest::newRow("repeated sentence") << overlongPrompt();
    }

    void overlongPartIsHighlightedFromTheCut() {
        QFETCH(QString, prompt);
        const auto tokenizer = kinora::promptLintOptionsFor(kinora::test::fixtureDir());
        const int cut = int(tokenizer.truncatedText(prompt).size());
        QVERIFY(cut < prompt.size());

        PromptEditor editor;
        editor.setModelFolder(kinora::test::fixtureDir());
        editor.setPrompt(prompt);
        QVERIFY(editor.isOverLimit());
        QCOMPARE(editor.cutPosition(), cut);
        auto* label = child<QLabel>(&editor, "tokenCountLabel");
        QVERIFY(label->property("overLimit").toBool());
        QVERIFY(!label->styleSheet().isEmpty());

        const auto selections = child<QPlainTextEdit>(&editor, "promptEdit")->extraSelections();
        QCOMPARE(selections.size(), 1);
        QCOMPARE(selections[0].cursor.selectionStart(), cut);
        QCOMPARE(selections[0].cursor.selectionEnd(), int(prompt.size()));
        const QColor background = selections[0].format.background().color();
        QVERIFY(background.red() > background.green() && background.red() > background.blue());

        // Back under the window: no highlight, no warning.
        editor.setPrompt(tokenizer.truncatedText(prompt));
        QVERIFY(!editor.isOverLimit());
        QCOMPARE(editor.cutPosition(), -1);
        QVERIFY(child<QPlainTextEdit>(&editor, "promptEdit")->extraSelections().isEmpty());
        QVERIFY(!label->property("overLimit").toBool());
        QVERIFY(label->styleSheet().isEmpty());
    }

    void typingIsCountedAfterThePause() {
        const QString sentence = fixturePrompts().value(1);
        QVERIFY(!sentence.isEmpty());
        PromptEditor editor;
        editor.setModelFolder(kinora::test::fixtureDir());
        QSignalSpy counted(&editor, &PromptEditor::tokenCountChanged);
        QSignalSpy changed(&editor, &PromptEditor::promptChanged);
        QTest::keyClicks(child<QPlainTextEdit>(&editor, "promptEdit"), sentence);
        QCOMPARE(editor.prompt(), sentence);
        QCOMPARE(changed.count(), sentence.size());
        // No count per keystroke: one, once typing pauses.
        QCOMPARE(counted.count(), 0);
        QTRY_COMPARE(counted.count(), 1);
        QCOMPARE(editor.tokenCount(),
                 kinora::promptLintOptionsFor(kinora::test::fixtureDir()).tokenCount(sentence));
        QCOMPARE(counted.first().at(0).toInt(), editor.tokenCount());
    }

    void insertAtCursor_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("selectionStart");
        QTest::addColumn<int>("selectionEnd");
        QTest::addColumn<QString>("expected");
        const QString phrase = QStringLiteral("waves crashing");
        QTest::newRow("empty") << QString() << 0 << 0 << phrase;
        QTest::newRow("start") << "a cat" << 0 << 0 << phrase + ", a cat";
        QTest::newRow("end") << "a cat" << 5 << 5 << "a cat, " + phrase;
        QTest::newRow("between words")
            << "a cat sitting" << 5 << 5 << "a cat, " + phrase + ", sitting";
        QTest::newRow("after comma and space") << "a cat, " << 7 << 7 << "a cat, " + phrase;
        QTest::newRow("before comma")
            << "a cat, sitting" << 5 << 5 << "a cat, " + phrase + ", sitting";
        QTest::newRow("after parenthesis") << "a cat (" << 7 << 7 << "a cat (" + phrase;
        QTest::newRow("replaces selection") << "a cat sitting" << 6 << 13 << "a cat, " + phrase;
    }

    void insertAtCursor() {
        QFETCH(QString, text);
        QFETCH(int, selectionStart);
        QFETCH(int, selectionEnd);
        QFETCH(QString, expected);
        const QString phrase = QStringLiteral("waves crashing");
        QWidget window;
        auto* elsewhere = new QLineEdit(&window);
        auto* editor = new PromptEditor(&window);
        auto* layout = new QVBoxLayout(&window);
        layout->addWidget(elsewhere);
        layout->addWidget(editor);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        editor->setPrompt(text);
        auto* edit = child<QPlainTextEdit>(editor, "promptEdit");
        QTextCursor cursor = edit->textCursor();
        cursor.setPosition(selectionStart);
        cursor.setPosition(selectionEnd, QTextCursor::KeepAnchor);
        edit->setTextCursor(cursor);
        elsewhere->setFocus();
        QVERIFY(elsewhere->hasFocus());

        editor->insertAtCursor(phrase);
        QCOMPARE(editor->prompt(), expected);
        QCOMPARE(edit->textCursor().position(),
                 int(expected.indexOf(phrase, qMax(0, selectionStart - 2)) + phrase.size()));
        QVERIFY(!edit->textCursor().hasSelection());
        QVERIFY(edit->hasFocus());
        // One edit: one undo restores the text as it was.
        QTest::keyClick(edit, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor->prompt(), text);
    }

    void negativePromptFoldsAndResets() {
        PromptEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto* toggle = child<QToolButton>(&editor, "negativeToggle");
        auto* negative = child<QPlainTextEdit>(&editor, "negativePromptEdit");
        auto* reset = child<QToolButton>(&editor, "negativeReset");
        QCOMPARE(editor.negativePrompt(), kinora::defaultNegativePrompt());
        QVERIFY(!negative->isVisible());

        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(negative->isVisible());
        QVERIFY(editor.isNegativePromptVisible());
        QVERIFY(!reset->isEnabled());

        QSignalSpy changed(&editor, &PromptEditor::negativePromptChanged);
        QTest::keyClick(negative, Qt::Key_End, Qt::ControlModifier);
        QTest::keyClicks(negative, QStringLiteral(", watermark"));
        QVERIFY(changed.count() > 0);
        QCOMPARE(editor.negativePrompt(),
                 kinora::defaultNegativePrompt() + QStringLiteral(", watermark"));
        QVERIFY(reset->isEnabled());
        QTest::mouseClick(reset, Qt::LeftButton);
        QCOMPARE(editor.negativePrompt(), kinora::defaultNegativePrompt());
        QVERIFY(!reset->isEnabled());

        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(!negative->isVisible());
        QVERIFY(!editor.isNegativePromptVisible());
    }

    void estimateWithoutTokenizer_data() {
        QTest::addColumn<bool>("emptyFolder");
        QTest::newRow("no model set") << false;
        QTest::newRow("folder without tokenizer") << true;
    }

    void estimateWithoutTokenizer() {
        QFETCH(bool, emptyFolder);
        QTemporaryDir dir;
        const QString prompt = fixturePrompts().value(1);
        PromptEditor editor;
        if (emptyFolder)
            editor.setModelFolder(dir.path());
        editor.setPrompt(prompt);
        QVERIFY(!editor.isTokenCountExact());
        QCOMPARE(editor.tokenCount(), PromptEditor::estimateTokens(prompt));
        const QString label = child<QLabel>(&editor, "tokenCountLabel")->text();
        QVERIFY2(label.startsWith(QLatin1Char('~')) && label.contains(QStringLiteral("estimate")),
                 qPrintable(label));

        // Over the window by the estimate: a warning, but no claim of where the cut falls.
        editor.setPrompt(overlongPrompt() + QLatin1Char(' ') + overlongPrompt());
        QVERIFY(editor.isOverLimit());
        QCOMPARE(editor.cutPosition(), -1);
        QVERIFY(child<QPlainTextEdit>(&editor, "promptEdit")->extraSelections().isEmpty());

        // A model with a tokenizer makes the count exact.
        editor.setModelFolder(kinora::test::fixtureDir());
        QVERIFY(editor.isTokenCountExact());
        QVERIFY(!child<QLabel>(&editor, "tokenCountLabel")->text().contains("estimate"));
    }

    // The estimate is a guide: for ordinary English prompts it lands near the real count.
    void estimateIsNearTheRealCount_data() {
        QTest::addColumn<QString>("prompt");
        const QJsonObject encoder = readJson(kinora::test::goldenDir() + "/cases.json")
                                        .value(QStringLiteral("text_encoder"))
                                        .toObject();
        QTest::newRow("prompt") << encoder.value(QStringLiteral("prompt")).toString();
        QTest::newRow("negative") << encoder.value(QStringLiteral("negative_prompt")).toString();
    }

    void estimateIsNearTheRealCount() {
        QFETCH(QString, prompt);
        const int exact =
            kinora::promptLintOptionsFor(kinora::test::fixtureDir()).tokenCount(prompt);
        const int estimate = PromptEditor::estimateTokens(prompt);
        QVERIFY2(qAbs(estimate - exact) <= qMax(2, exact / 5),
                 qPrintable(QStringLiteral("estimate %1, exact %2").arg(estimate).arg(exact)));
    }

    void placeholderShowsTheFormula() {
        PromptEditor editor;
        const QString placeholder = child<QPlainTextEdit>(&editor, "promptEdit")->placeholderText();
        QVERIFY(placeholder.contains(QStringLiteral("[subject]")));
        QVERIFY(child<QLabel>(&editor, "formulaHint")->text().contains(QStringLiteral("[action]")));
    }
};

QTEST_MAIN(TestPromptEditor)
#include "tst_prompteditor.moc"
