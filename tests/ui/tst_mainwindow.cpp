// The main window, driven through its real widgets as a user would: opening and dropping pictures
// (with the crop preview), presets and the "modified" state, the keyword palette, the token count,
// generating with the fixture model (progress in order, a free UI thread, the video playing),
// cancelling, the history across a restart, restoring from a dropped video, and switching the
// language.
#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMediaPlayer>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include "common/Allocator.h"
#include "common/Fixture.h"
#include "common/FixtureRequest.h"
#include "facade/BuildInfo.h"
#include "facade/CameraPrompt.h"
#include "facade/Diagnostics.h"
#include "facade/JobHistory.h"
#include "facade/MemoryPlanning.h"
#include "facade/Presets.h"
#include "ui/AboutDialog.h"
#include "ui/CompareView.h"
#include "ui/ImagePreview.h"
#include "ui/KeywordPalette.h"
#include "ui/MainWindow.h"
#include "ui/MemoryGauge.h"
#include "ui/ParameterPanel.h"
#include "ui/PromptEditor.h"
#include "ui/Settings.h"
#include "ui/Translation.h"
#include "ui/VideoPreview.h"

using namespace kinora;
using kinora::ui::MainWindow;
using kinora::ui::Settings;
using Status = GenerationOutcome::Status;
using kinora::test::fixtureRequest;

namespace {

QStringList actionTexts(const QMenu* menu) {
    QStringList texts;
    for (QAction* action : menu->actions()) {
        if (!action->isSeparator())
            texts << action->text().remove(QLatin1Char('&'));
    }
    return texts;
}

// What a drag from a file manager delivers.
void dropFile(QWidget* target, const QString& path) {
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPoint centre = target->rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
}

QString writePicture(const QTemporaryDir& dir, const QString& name, QSize size) {
    QImage picture(size, QImage::Format_RGB32);
    picture.fill(Qt::darkCyan);
    const QString path = dir.filePath(name);
    return picture.save(path) ? path : QString();
}

// A window with its own settings, history and output folder in a temporary directory, set up
// for the fixture model.
struct Studio {
    QTemporaryDir dir;
    Settings settings{dir.path()};
    QString output = dir.filePath(QStringLiteral("videos"));

    Studio() {
        settings.setModelFolder(test::fixtureDir());
        settings.setOutputFolder(output);
        settings.setDevice(QStringLiteral("cpu"));
    }

    // Opens the fixture's input picture and sets the fixture's case in the panel.
    void prepare(MainWindow& window, int steps = 0) const {
        QVERIFY(window.openImage(test::goldenDir() + QStringLiteral("/input.png")));
        GenerationRequest request = fixtureRequest();
        if (steps > 0)
            request.steps = steps;
        window.findChild<ui::PromptEditor*>()->setPrompt(request.prompt);
        window.findChild<ui::ParameterPanel*>()->setFromRequest(request);
    }

    QStringList videos() const {
        return QDir(output).entryList({QStringLiteral("*.mp4")}, QDir::Files);
    }
};

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { ui::installTranslation(QStringLiteral("en")); }

    void titleIconAndMenus() {
        Studio studio;
        MainWindow window(&studio.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().contains(kinoraVersion()));
        QVERIFY(!window.windowIcon().pixmap(QSize(64, 64)).isNull());
        QStringList menus;
        for (QAction* action : window.menuBar()->actions())
            menus << action->text().remove('&');
        QCOMPARE(menus, (QStringList{"File", "Presets", "Explore", "View", "Help"}));
        const QStringList file = actionTexts(window.findChild<QMenu*>("fileMenu"));
        for (const char* entry : {"Open image…", "Paste image", "Restore from video…", "Generate",
                                  "Cancel job", "Settings…", "Quit"})
            QVERIFY2(file.contains(QString::fromUtf8(entry)), entry);
    }

    void shortcuts_data() {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QKeySequence>("keys");
        QTest::newRow("generate") << "generateAction" << QKeySequence(Qt::CTRL | Qt::Key_Return);
        QTest::newRow("cancel") << "cancelAction" << QKeySequence(Qt::Key_Escape);
        QTest::newRow("open") << "openImageAction" << QKeySequence(QKeySequence::Open);
    }

    void shortcuts() {
        QFETCH(QString, action);
        QFETCH(QKeySequence, keys);
        Studio studio;
        MainWindow window(&studio.settings);
        auto* found = window.findChild<QAction*>(action);
        QVERIFY(found);
        QCOMPARE(found->shortcut(), keys);
    }

    void firstRunExplainsTheModel() {
        QTemporaryDir dir;
        Settings settings(dir.path());
        MainWindow window(&settings);
        auto* welcome = window.findChild<QLabel*>("welcomeText");
        QVERIFY(welcome->text().contains("ali-vilab/i2vgen-xl"));
        QVERIFY(welcome->text().contains("non-commercial"));
        QCOMPARE(window.currentEngine(), Engine::Camera);
        // The camera engine says what it reads from the prompt, and what it ignores.
        const QString prompt = QStringLiteral("a quiet harbour, camera slowly panning left");
        window.setPrompt(prompt);
        auto* path = window.findChild<QLabel*>("cameraPathLabel");
        const CameraPath expected = parseCameraPrompt(prompt);
        QTRY_VERIFY(path->text().contains(expected.understood));
        QVERIFY(path->text().contains(expected.ignoredWords.front()));
    }

    void droppedPictureShowsTheCrop_data() {
        QTest::addColumn<QSize>("picture");
        QTest::newRow("square onto 16:9") << QSize(600, 600);
        QTest::newRow("portrait") << QSize(400, 800);
        QTest::newRow("small landscape") << QSize(320, 180);
    }

    void droppedPictureShowsTheCrop() {
        QFETCH(QSize, picture);
        Studio studio;
        MainWindow window(&studio.settings);
        window.show();
        const QString path = writePicture(studio.dir, QStringLiteral("dropped.png"), picture);
        dropFile(&window, path);
        QCOMPARE(window.imagePath(), QFileInfo(path).absoluteFilePath());
        auto* preview = window.findChild<ui::ImagePreview*>();
        QCOMPARE(preview->image().size(), picture);
        QCOMPARE(window.findChild<QStackedWidget*>("workspace")->currentWidget(), preview);
        const GenerationRequest request = window.currentRequest();
        const CropPreview expected = cropPreview(picture, QSize(request.width, request.height));
        QCOMPARE(preview->keptRect(), expected.kept);
        QCOMPARE(preview->keptFraction(), expected.keptFraction);
    }

    void unreadablePictureKeepsCurrent_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("missing") << QByteArray();
        QTest::newRow("not an image") << QByteArray("plain text, not a picture");
    }

    void unreadablePictureKeepsCurrent() {
        QFETCH(QByteArray, content);
        Studio studio;
        const QString good = writePicture(studio.dir, QStringLiteral("good.png"), {40, 30});
        const QString bad = studio.dir.filePath(QStringLiteral("bad.png"));
        if (!content.isEmpty()) {
            QFile file(bad);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        MainWindow window(&studio.settings);
        QVERIFY(window.openImage(good));
        QVERIFY(!window.openImage(bad));
        QCOMPARE(window.imagePath(), QFileInfo(good).absoluteFilePath());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("bad.png")));
        auto* box = window.findChild<QMessageBox*>("failureBox");
        QVERIFY(box);
        QVERIFY(box->text().contains(QStringLiteral("bad.png")));
    }

    void presetsSetTheFields_data() {
        QTest::addColumn<QString>("id");
        for (const Preset& preset : builtInPresets())
            QTest::newRow(qPrintable(preset.id)) << preset.id;
    }

    void presetsSetTheFields() {
        QFETCH(QString, id);
        Studio studio;
        MainWindow window(&studio.settings);
        const QString picture = writePicture(studio.dir, QStringLiteral("p.png"), {1280, 720});
        QVERIFY(window.openImage(picture));
        auto* entry = window.findChild<QAction*>(QStringLiteral("preset_") + id);
        QVERIFY(entry);
        entry->trigger();
        const Preset preset = *findPreset(id);
        const GenerationRequest expected = applyPreset(preset, GenerationRequest{}, {1280, 720});
        const GenerationRequest request = window.currentRequest();
        QCOMPARE(request.width, expected.width);
        QCOMPARE(request.height, expected.height);
        QCOMPARE(request.frames, preset.frames);
        QCOMPARE(request.steps, preset.steps);
        QCOMPARE(request.guidance, preset.guidance);
        QCOMPARE(request.targetFps, preset.targetFps);
        QCOMPARE(request.outputFps, preset.outputFps);
        QCOMPARE(request.preset, id);
        auto* state = window.findChild<QLabel*>("presetStateLabel");
        QVERIFY(state->text().contains(preset.name));
        QVERIFY(!state->text().contains("modified"));

        auto* steps = window.findChild<QSpinBox*>("stepsSpin");
        steps->setFocus();
        QTest::keyClick(steps, Qt::Key_Up);
        QCOMPARE(window.currentRequest().steps, preset.steps + steps->singleStep());
        QVERIFY(state->text().contains("modified"));
    }

    void userPresetsAppearInTheMenu() {
        Studio studio;
        MainWindow window(&studio.settings);
        window.findChild<QSpinBox*>("framesSpin")->setValue(12);
        QString error;
        QVERIFY2(window.saveCurrentAsPreset(QStringLiteral("My loop"), &error), qPrintable(error));
        QVERIFY(window.findChild<QAction*>(QStringLiteral("userPreset_My loop")));
        QVERIFY(!window.saveCurrentAsPreset(QStringLiteral("My loop"), &error));
        QVERIFY(error.contains("My loop"));
        MainWindow again(&studio.settings);  // read back from the file
        again.findChild<QSpinBox*>("framesSpin")->setValue(20);
        auto* entry = again.findChild<QAction*>(QStringLiteral("userPreset_My loop"));
        QVERIFY(entry);
        entry->trigger();
        QCOMPARE(again.currentRequest().frames, 12);
    }

    void keywordClickInsertsAtTheCursor() {
        Studio studio;
        MainWindow window(&studio.settings);
        window.show();
        auto* prompt = window.findChild<QPlainTextEdit*>("promptEdit");
        prompt->setPlainText(QStringLiteral("a lighthouse on a cliff"));
        QTextCursor cursor = prompt->textCursor();
        cursor.setPosition(QStringLiteral("a lighthouse").size());
        prompt->setTextCursor(cursor);
        const MotionKeyword keyword = MotionKeywords::builtIn().all().front();
        auto* palette = window.findChild<ui::KeywordPalette*>();
        QAbstractButton* chip = nullptr;
        for (QAbstractButton* button : palette->findChildren<QAbstractButton*>()) {
            if (button->property("english").toString() == keyword.english)
                chip = button;
        }
        QVERIFY(chip);
        QTest::mouseClick(chip, Qt::LeftButton);
        const QString text = prompt->toPlainText();
        QVERIFY2(text.startsWith(QStringLiteral("a lighthouse")), qPrintable(text));
        QVERIFY2(text.contains(keyword.english), qPrintable(text));
        QVERIFY2(text.endsWith(QStringLiteral("on a cliff")), qPrintable(text));
        QVERIFY(text.indexOf(keyword.english) < text.indexOf(QStringLiteral("on a cliff")));
    }

    void preprocessingIsChosenPerJob() {
        Studio studio;
        MainWindow window(&studio.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.currentRequest().preprocess.any());  // off by default
        auto* improve = window.findChild<QCheckBox*>("improvePictureCheck");
        improve->click();
        const PreprocessSettings advised = PreprocessSettings::advised();
        const PreprocessSettings chosen = window.currentRequest().preprocess;
        QCOMPARE(chosen.resize, advised.resize);
        QCOMPARE(chosen.contrast, advised.contrast);
        QCOMPARE(chosen.sharpness, advised.sharpness);
        QVERIFY(!chosen.exposure);
        window.findChild<QCheckBox*>("correctExposureCheck")->click();
        QVERIFY(window.currentRequest().preprocess.exposure);
    }

    void tokenCounterFlagsALongPrompt() {
        Studio studio;
        MainWindow window(&studio.settings);
        auto* editor = window.findChild<ui::PromptEditor*>();
        QStringList words;
        for (int index = 0; index < 120; ++index)
            words << QStringLiteral("waves");
        editor->setPrompt(words.join(' '));
        QTRY_VERIFY(editor->isOverLimit());
        QVERIFY(editor->isTokenCountExact());
        const PromptLintOptions options = promptLintOptionsFor(test::fixtureDir());
        QCOMPARE(editor->tokenCount(), options.tokenCount(editor->prompt()));
        QCOMPARE(editor->cutPosition(), int(options.truncatedText(editor->prompt()).size()));
        auto* label = window.findChild<QLabel*>("tokenCountLabel");
        QVERIFY(label->text().contains(QString::number(editor->tokenCount())));
    }

    void generatesWithTheFixtureModel() {
        Studio studio;
        MainWindow window(&studio.settings);
        window.show();
        studio.prepare(window);
        QList<int> stages;
        QList<int> steps;
        auto* worker = window.findChild<GenerationWorker*>();
        connect(worker, &GenerationWorker::progressed, this,
                [&](quint64, const GenerationProgress& progress) {
                    stages << int(progress.stage);
                    if (progress.stage == GenerationStage::Denoising && progress.done > 0)
                        steps << progress.done;
                });
        QSignalSpy finished(&window, &MainWindow::jobFinished);
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start(5);
        QTest::mouseClick(window.findChild<QPushButton*>("generateButton"), Qt::LeftButton);
        QVERIFY(window.isJobRunning());
        QVERIFY(finished.wait(240000));
        const auto outcome = finished.front().at(1).value<GenerationOutcome>();
        QVERIFY2(outcome.succeeded(), qPrintable(outcome.message + " " + outcome.remedy));
        QVERIFY(QFileInfo(outcome.videoPath).size() > 0);
        QVERIFY(std::is_sorted(stages.begin(), stages.end()));
        QList<int> expectedSteps;
        for (int step = 1; step <= fixtureRequest().steps; ++step)
            expectedSteps << step;
        QCOMPARE(steps, expectedSteps);
        QVERIFY2(ticks > 10, qPrintable(QString::number(ticks)));  // the UI thread stayed free

        auto* video = window.findChild<ui::VideoPreview*>();
        QCOMPARE(video->videoPath(), outcome.videoPath);
        QTRY_COMPARE_WITH_TIMEOUT(video->player()->playbackState(), QMediaPlayer::PlayingState,
                                  10000);
        QVERIFY(!window.isJobRunning());
        const auto record = window.history().record(finished.front().at(0).value<qint64>());
        QVERIFY(record);
        QCOMPARE(record->status, JobStatus::Succeeded);
        QCOMPARE(record->videoPath, outcome.videoPath);
        QVERIFY(!record->thumbnail.isNull());
    }

    void cancelLeavesNoFile() {
        Studio studio;
        MainWindow window(&studio.settings);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        studio.prepare(window, 40);
        QSignalSpy finished(&window, &MainWindow::jobFinished);
        auto* worker = window.findChild<GenerationWorker*>();
        connect(worker, &GenerationWorker::progressed, this,
                [&](quint64, const GenerationProgress& progress) {
                    if (progress.stage == GenerationStage::Denoising && progress.done == 1)
                        QTest::keyClick(&window, Qt::Key_Escape);
                });
        window.generate();
        QVERIFY(finished.wait(240000));
        QCOMPARE(finished.front().at(1).value<GenerationOutcome>().status, Status::Cancelled);
        QVERIFY(studio.videos().isEmpty());
        QVERIFY(QDir(studio.output).entryList(QDir::Files).isEmpty());
        QVERIFY(!window.isJobRunning());
        QVERIFY(window.findChild<QPushButton*>("generateButton")->isEnabled());
        QVERIFY(!window.findChild<QPushButton*>("cancelButton")->isEnabled());
        const auto record = window.history().record(finished.front().at(0).value<qint64>());
        QCOMPARE(record->status, JobStatus::Cancelled);
    }

    void historySurvivesARestart() {
        Studio studio;
        qint64 id = 0;
        QString video;
        {
            MainWindow window(&studio.settings);
            studio.prepare(window);
            QSignalSpy finished(&window, &MainWindow::jobFinished);
            window.generate();
            QVERIFY(finished.wait(240000));
            id = finished.front().at(0).value<qint64>();
            video = finished.front().at(1).value<GenerationOutcome>().videoPath;
        }
        MainWindow window(&studio.settings);
        const auto record = window.history().record(id);
        QVERIFY(record);
        QCOMPARE(record->status, JobStatus::Succeeded);
        QCOMPARE(record->videoPath, video);
        QCOMPARE(record->request.prompt, fixtureRequest().prompt);
        // The panel comes back with the last settings too.
        QCOMPARE(window.currentRequest().steps, fixtureRequest().steps);
    }

    void closingDuringAJobAsksThenCancels() {
        Studio studio;
        auto window = std::make_unique<MainWindow>(&studio.settings);
        studio.prepare(*window, 40);
        int asked = 0;
        window->setCloseConfirmation([&] {
            ++asked;
            return asked > 1;  // "no" the first time, "yes" the second
        });
        QSignalSpy started(window->findChild<GenerationWorker*>(), &GenerationWorker::jobStarted);
        window->generate();
        // Emitted on the inference thread, possibly before a wait() could begin.
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, 60000);
        QVERIFY(!window->close());
        QVERIFY(window->isJobRunning());
        QVERIFY(window->close());
        QCOMPARE(asked, 2);
        QVERIFY(!window->isJobRunning());
        const qint64 id = window->history().records().front().id;
        window.reset();
        QVERIFY(studio.videos().isEmpty());
        JobHistory history(studio.settings.historyDatabasePath());
        QCOMPARE(history.record(id)->status, JobStatus::Cancelled);
    }

    void droppedVideoRestoresItsSettings() {
        Studio studio;
        QString video;
        GenerationRequest made;
        {
            MainWindow window(&studio.settings);
            studio.prepare(window);
            window.findChild<QDoubleSpinBox*>("guidanceSpin")->setValue(7.5);
            QSignalSpy finished(&window, &MainWindow::jobFinished);
            window.generate();
            QVERIFY(finished.wait(240000));
            video = finished.front().at(1).value<GenerationOutcome>().videoPath;
            made = window.history().record(finished.front().at(0).value<qint64>())->request;
        }
        QTemporaryDir other;
        Settings fresh(other.path());
        MainWindow window(&fresh);
        window.show();
        dropFile(&window, video);
        const GenerationRequest restored = window.currentRequest();
        QCOMPARE(restored.prompt, made.prompt);
        QCOMPARE(restored.guidance, 7.5);
        QCOMPARE(restored.seed, made.seed);
        QCOMPARE(restored.frames, made.frames);
        QCOMPARE(restored.width, made.width);
        QVERIFY(!window.imagePath().isEmpty());
        QVERIFY(QFileInfo(window.imagePath()).fileName().contains(".source."));
        QCOMPARE(window.findChild<ui::VideoPreview*>()->videoPath(), video);
    }

    void gaugeShowsThePredictedPeakAndOffersADowngrade() {
        Studio studio;
        MainWindow window(&studio.settings);
        window.show();
        studio.prepare(window);
        auto* gauge = window.findChild<ui::MemoryGauge*>();
        const MemoryPlan fitting = planMemory(window.currentRequest());
        QVERIFY2(fitting.known(), qPrintable(fitting.error));
        QTRY_COMPARE(gauge->predictedPeak(), qint64(fitting.peakBytes));
        auto* downgrade = window.findChild<QPushButton*>("applyDowngradeButton");
        QVERIFY(!downgrade->isVisible());

        // The largest request Kinora accepts cannot fit this machine: flagged at once, with the
        // planner's downgrade one click away.
        GenerationRequest huge = window.currentRequest();
        huge.width = parameterSpec(RequestParameter::Width).intMaximum();
        huge.height = parameterSpec(RequestParameter::Height).intMaximum();
        huge.frames = parameterSpec(RequestParameter::Frames).intMaximum();
        window.findChild<ui::ParameterPanel*>()->setFromRequest(huge);
        const MemoryPlan tooBig = planMemory(window.currentRequest());
        QVERIFY(tooBig.verdict == MemoryVerdict::NeedsDowngrade ||
                tooBig.verdict == MemoryVerdict::DoesNotFit);
        QTRY_VERIFY(window.findChild<QLabel*>("memoryVerdictLabel")->text().contains("run out"));
        if (tooBig.verdict == MemoryVerdict::NeedsDowngrade) {
            QTRY_VERIFY(downgrade->isVisible());
            downgrade->click();
            const GenerationRequest after = window.currentRequest();
            QCOMPARE(after.frames, tooBig.downgradeFrames.value_or(huge.frames));
            QCOMPARE(after.width, tooBig.downgradeWidth.value_or(huge.width));
            QTRY_VERIFY(!downgrade->isVisible());
        }
    }

    void exploreRunsTheMatrixAndOpensTheComparison() {
        Studio studio;
        MainWindow window(&studio.settings);
        studio.prepare(window);
        const GenerationRequest base = fixtureRequest();
        const QStringList prompts{base.prompt, base.prompt + QStringLiteral(", slowly")};
        const QList<quint64> seeds{base.seed, base.seed + 1};
        QSignalSpy finished(&window, &MainWindow::jobFinished);
        window.exploreMatrix(prompts, seeds, QString());  // the fixture's small case, not Fast
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 240000);
        QSet<QString> videos;
        for (const auto& arguments : finished) {
            const auto outcome = arguments.at(1).value<GenerationOutcome>();
            QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
            videos.insert(outcome.videoPath);
            const auto record = window.history().record(arguments.at(0).value<qint64>());
            QVERIFY(record->origin.startsWith(QStringLiteral("explore")));
        }
        QCOMPARE(videos.size(), 4);
        auto* compare = window.findChild<ui::CompareView*>();
        QVERIFY(compare);
        QTRY_COMPARE(compare->candidateCount(), 4);
    }

    void refineKeepsTheSeedAndRecordsTheParent() {
        Studio studio;
        qint64 parent = 0;
        qint64 child = 0;
        {
            MainWindow window(&studio.settings);
            studio.prepare(window);
            QSignalSpy finished(&window, &MainWindow::jobFinished);
            window.generate();
            QVERIFY(finished.wait(240000));
            parent = finished.front().at(0).value<qint64>();
            QString error;
            QVERIFY2(window.refineRecord(parent, QStringLiteral("guidance-down"), &error),
                     qPrintable(error));
            QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 240000);
            child = finished.back().at(0).value<qint64>();
            QVERIFY(finished.back().at(1).value<GenerationOutcome>().succeeded());
        }
        // The lineage survives a restart.
        MainWindow window(&studio.settings);
        const auto before = window.history().record(parent);
        const auto after = window.history().record(child);
        QVERIFY(before && after);
        QCOMPARE(after->parentId, std::optional<qint64>(parent));
        QCOMPARE(after->request.seed, before->request.seed);
        QCOMPARE(after->request.prompt, before->request.prompt);
        QCOMPARE(after->request.guidance, before->request.guidance - 1.0);
        QCOMPARE(window.history().children(parent).size(), 1);
    }

    void languageSwitchesToChinese() {
        Studio studio;
        MainWindow window(&studio.settings);
        auto* generate = window.findChild<QPushButton*>("generateButton");
        QCOMPARE(generate->text(), QStringLiteral("Generate"));
        // The language-change event reaches the window through the event loop.
        QVERIFY(ui::installTranslation(QStringLiteral("zh_CN")));
        QTRY_COMPARE(generate->text(), QStringLiteral("生成"));
        QCOMPARE(window.findChild<QMenu*>("fileMenu")->title(), QStringLiteral("文件(&F)"));
        QVERIFY(ui::installTranslation(QStringLiteral("en")));
        QTRY_COMPARE(generate->text(), QStringLiteral("Generate"));
    }

    void aboutNamesLibraries() {
        ui::AboutDialog dialog;
        auto* label = dialog.findChild<QLabel*>("libraryVersions");
        QVERIFY(label);
        for (const auto& library : libraryVersions()) {
            QVERIFY2(label->text().contains(library.name), qPrintable(library.name));
            QVERIFY2(label->text().contains(library.version.toHtmlEscaped()),
                     qPrintable(library.version));
        }
        QVERIFY(label->text().contains(availableDevices()));
        // The allocator listed above is the one that serves this process's malloc.
        QVERIFY2(hostAllocatorName().startsWith(kinora::test::expectedAllocatorPrefix()),
                 qPrintable(hostAllocatorName()));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
