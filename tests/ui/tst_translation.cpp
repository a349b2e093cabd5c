// Translations: every .ts file is compiled in, complete and current with the sources' tr() strings,
// and switching the language changes what the window shows.
#include <QDir>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "ui/MainWindow.h"
#include "ui/Settings.h"
#include "ui/Translation.h"

namespace {

const QString kTranslationsDir = QStringLiteral(KINORA_SOURCE_DIR "/translations");

QStringList tsFiles() {
    return QDir(kTranslationsDir)
        .entryList({QStringLiteral("kinora_*.ts")}, QDir::Files, QDir::Name);
}

QString languageOf(const QString& tsFile) {
    return tsFile.mid(int(qstrlen("kinora_")), tsFile.size() - int(qstrlen("kinora_.ts")));
}

// Source strings of `tsFile` that have no finished translation.
QStringList untranslated(const QString& tsFile) {
    QFile file(tsFile);
    if (!file.open(QIODevice::ReadOnly))
        return {QStringLiteral("cannot read ") + tsFile};
    QXmlStreamReader xml(&file);
    QStringList missing;
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("source"))
            source = xml.readElementText();
        if (xml.name() == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            // Plural messages hold their forms in <numerusform> children.
            if (!type.isEmpty() ||
                xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed().isEmpty())
                missing << source;
        }
    }
    if (xml.hasError())
        missing << tsFile + QStringLiteral(": ") + xml.errorString();
    return missing;
}

QString fileMenuTitle(const kinora::ui::MainWindow& window) {
    auto* menu = window.findChild<QMenu*>(QStringLiteral("fileMenu"));
    return menu ? menu->title() : QString();
}

}  // namespace

class TestTranslation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { QVERIFY(kinora::ui::installTranslation(QStringLiteral("en"))); }

    void everyTsFileIsCompiledIn() {
        QStringList languages;
        for (const QString& file : tsFiles())
            languages << languageOf(file);
        QVERIFY(languages.contains(QStringLiteral("en")));
        QVERIFY(languages.contains(QStringLiteral("zh_CN")));
        QCOMPARE(kinora::ui::availableLanguages(), languages);
    }

    void translationsAreComplete_data() {
        QTest::addColumn<QString>("file");
        for (const QString& file : tsFiles()) {
            // English is the source language: its strings need no translation.
            if (languageOf(file) != QLatin1String("en"))
                QTest::newRow(qPrintable(file)) << kTranslationsDir + QLatin1Char('/') + file;
        }
    }

    // Runs lupdate over the sources into a copy of each .ts file: a tr() string added or changed in
    // the code shows up as unfinished there.
    void translationsAreComplete() {
        QFETCH(QString, file);
        QTemporaryDir work;
        QVERIFY(work.isValid());
        const QString copy = work.filePath(QFileInfo(file).fileName());
        QVERIFY(QFile::copy(file, copy));
        QProcess lupdate;
        lupdate.start(
            QStringLiteral(KINORA_LUPDATE),
            {QStringLiteral("-I"), QStringLiteral(KINORA_SOURCE_DIR),
             QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
             QStringLiteral(KINORA_SOURCE_DIR "/ui"), QStringLiteral(KINORA_SOURCE_DIR "/app/gui"),
             QStringLiteral(KINORA_SOURCE_DIR "/core/facade/ParameterAdvisor.cpp"),
             QStringLiteral(KINORA_SOURCE_DIR "/core/facade/RequestParameters.cpp"),
             QStringLiteral(KINORA_SOURCE_DIR "/core/facade/RequestParameters.h"),
             QStringLiteral(KINORA_SOURCE_DIR "/core/media/ImageChecks.cpp"),
             QStringLiteral(KINORA_SOURCE_DIR "/core/media/ImageLoader.cpp"), QStringLiteral("-ts"),
             copy});
        QVERIFY(lupdate.waitForFinished(60000));
        QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
        const QStringList missing = untranslated(copy);
        QVERIFY2(
            missing.isEmpty(),
            qPrintable(QStringLiteral("untranslated in %1 (run `cmake --build build --target "
                                      "update_translations` and translate):\n  %2")
                           .arg(QFileInfo(file).fileName(), missing.join(QStringLiteral("\n  ")))));
    }

    void chineseMenus() {
        QVERIFY(kinora::ui::installTranslation(QStringLiteral("zh_CN")));
        QTemporaryDir settingsDir;
        kinora::ui::Settings settings(settingsDir.path());
        kinora::ui::MainWindow window(&settings);
        QCOMPARE(fileMenuTitle(window), QString::fromUtf8("文件(&F)"));
        auto* presets = window.findChild<QMenu*>(QStringLiteral("presetsMenu"));
        QVERIFY(presets);
        auto* save = presets->findChild<QAction*>(QStringLiteral("savePresetAction"));
        QVERIFY(save);
        QCOMPARE(save->text(), QString::fromUtf8("将当前设置保存为预设…"));
    }

    void englishAgain() {
        QVERIFY(kinora::ui::installTranslation(QStringLiteral("zh_CN")));
        QVERIFY(kinora::ui::installTranslation(QStringLiteral("en")));
        QTemporaryDir settingsDir;
        kinora::ui::Settings settings(settingsDir.path());
        kinora::ui::MainWindow window(&settings);
        QCOMPARE(fileMenuTitle(window), QStringLiteral("&File"));
    }

    void unknownLanguageChangesNothing_data() {
        QTest::addColumn<QString>("language");
        QTest::newRow("unknown") << "xx";
        QTest::newRow("region of a known language") << "zh_CN_x";
        QTest::newRow("path") << "../zh_CN";
    }

    void unknownLanguageChangesNothing() {
        QFETCH(QString, language);
        QVERIFY(kinora::ui::installTranslation(QStringLiteral("zh_CN")));
        QVERIFY(!kinora::ui::installTranslation(language));
        QTemporaryDir settingsDir;
        kinora::ui::Settings settings(settingsDir.path());
        kinora::ui::MainWindow window(&settings);
        QCOMPARE(fileMenuTitle(window), QString::fromUtf8("文件(&F)"));
    }
};

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"
