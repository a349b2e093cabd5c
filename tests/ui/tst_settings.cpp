// Settings: every preference survives a restart, a damaged stored request falls back to defaults,
// and the settings dialog checks a model folder on the spot and writes only on OK.
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "common/Fixture.h"
#include "ui/Settings.h"
#include "ui/SettingsDialog.h"

using kinora::ui::Settings;
using kinora::ui::SettingsDialog;

class TestSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsOnFirstRun() {
        QTemporaryDir dir;
        Settings settings(dir.path());
        QVERIFY(settings.modelFolder().isEmpty());
        QCOMPARE(settings.device(), QStringLiteral("auto"));
        QCOMPARE(settings.exportFormat(), QStringLiteral("mp4"));
        QCOMPARE(settings.threads(), 0);
        QVERIFY(!settings.autoDowngrade());
        QVERIFY(!settings.outputFolder().isEmpty());
        QCOMPARE(settings.lastRequest().toJson(), kinora::GenerationRequest{}.toJson());
        QVERIFY(settings.historyDatabasePath().startsWith(dir.path()));
        QVERIFY(settings.userPresetsPath().startsWith(dir.path()));
    }

    void survivesARestart() {
        QTemporaryDir dir;
        kinora::GenerationRequest request;
        request.prompt = QStringLiteral("waves rolling onto the beach");
        request.width = 768;
        request.height = 448;
        request.steps = 30;
        request.seed = 1234567;
        request.imagePath = QStringLiteral("/somewhere/picture.png");
        {
            Settings settings(dir.path());
            settings.setModelFolder(QStringLiteral("/models/i2vgen-xl"));
            settings.setDevice(QStringLiteral("cpu"));
            settings.setThreads(3);
            settings.setExportFormat(QStringLiteral("webm"));
            settings.setLanguage(QStringLiteral("zh_CN"));
            settings.setAutoDowngrade(true);
            settings.setLastRequest(request);
            settings.setLastPreset(QStringLiteral("quality"));
            settings.setSeedLocked(true);
            settings.setCandidates(4);
            settings.setWindow("geometry", "state");
        }
        Settings settings(dir.path());
        QCOMPARE(settings.modelFolder(), QStringLiteral("/models/i2vgen-xl"));
        QCOMPARE(settings.device(), QStringLiteral("cpu"));
        QCOMPARE(settings.threads(), 3);
        QCOMPARE(settings.exportFormat(), QStringLiteral("webm"));
        QCOMPARE(settings.language(), QStringLiteral("zh_CN"));
        QVERIFY(settings.autoDowngrade());
        QCOMPARE(settings.lastPreset(), QStringLiteral("quality"));
        QVERIFY(settings.seedLocked());
        QCOMPARE(settings.candidates(), 4);
        QCOMPARE(settings.windowGeometry(), QByteArray("geometry"));
        const kinora::GenerationRequest restored = settings.lastRequest();
        QCOMPARE(restored.prompt, request.prompt);
        QCOMPARE(restored.width, request.width);
        QCOMPARE(restored.steps, request.steps);
        QCOMPARE(restored.seed, request.seed);
        QVERIFY(restored.imagePath.isEmpty());  // the picture is not a setting
    }

    void damagedValuesFallBack() {
        QTemporaryDir dir;
        QFile ini(dir.filePath(QStringLiteral("kinora.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write(
            "[output]\nformat=avi\n[last]\nrequest=\"{\\\"steps\\\": \\\"many\\\"}\"\n"
            "candidates=99\n");
        ini.close();
        Settings settings(dir.path());
        QCOMPARE(settings.exportFormat(), QStringLiteral("mp4"));
        QCOMPARE(settings.lastRequest().steps, kinora::GenerationRequest{}.steps);
        QCOMPARE(settings.candidates(), 9);
    }

    void dialogChecksTheModelFolder() {
        QTemporaryDir dir;
        Settings settings(dir.path());
        settings.setModelFolder(kinora::test::fixtureDir());
        SettingsDialog dialog(settings);
        QSignalSpy checked(&dialog, &SettingsDialog::inspectionFinished);
        QVERIFY(checked.wait(30000));
        QVERIFY(dialog.inspection().usable());
        auto* status = dialog.findChild<QLabel*>(QStringLiteral("modelStatusLabel"));
        QVERIFY(status->text().contains(dialog.inspection().pipelineClass));

        auto* folder = dialog.findChild<QLineEdit*>(QStringLiteral("modelFolderEdit"));
        folder->setText(dir.path());  // a folder with no model in it
        dialog.inspectFolder();
        QVERIFY(checked.wait(30000));
        QVERIFY(!dialog.inspection().usable());
        QVERIFY(status->text().contains(dialog.inspection().problems.front().remedy));
    }

    void dialogWritesOnlyOnAccept() {
        QTemporaryDir dir;
        Settings settings(dir.path());
        {
            SettingsDialog dialog(settings);
            dialog.findChild<QSpinBox*>(QStringLiteral("threadsSpin"))->setValue(1);
            dialog.reject();
        }
        QCOMPARE(settings.threads(), 0);
        SettingsDialog dialog(settings);
        dialog.findChild<QSpinBox*>(QStringLiteral("threadsSpin"))->setValue(1);
        auto* language = dialog.findChild<QComboBox*>(QStringLiteral("languageCombo"));
        language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
        auto* format = dialog.findChild<QComboBox*>(QStringLiteral("formatCombo"));
        format->setCurrentIndex(format->findData(QStringLiteral("gif")));
        dialog.accept();
        QCOMPARE(settings.threads(), 1);
        QCOMPARE(settings.language(), QStringLiteral("zh_CN"));
        QCOMPARE(settings.exportFormat(), QStringLiteral("gif"));
        QVERIFY(dialog.languageChanged());
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
