#include "ui/MainWindow.h"

#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEventLoop>
#include <QFileInfo>
#include <QIcon>
#include <QImageReader>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>

#include "facade/BuildInfo.h"
#include "facade/CameraPrompt.h"
#include "facade/JobHistory.h"
#include "facade/JobQueue.h"
#include "facade/Logging.h"
#include "facade/Presets.h"
#include "facade/ResourceMonitor.h"
#include "ui/AboutDialog.h"
#include "ui/CompareView.h"
#include "ui/DiagnosticsPanel.h"
#include "ui/ExploreDialog.h"
#include "ui/FacadeText.h"
#include "ui/HistoryPanel.h"
#include "ui/ImagePreview.h"
#include "ui/JobActions.h"
#include "ui/JobSetupPanel.h"
#include "ui/JobStatusLine.h"
#include "ui/KeywordPalette.h"
#include "ui/MainMenus.h"
#include "ui/MemoryGauge.h"
#include "ui/MemoryPlanStrip.h"
#include "ui/ParameterPanel.h"
#include "ui/PictureInput.h"
#include "ui/PresetsMenu.h"
#include "ui/PromptEditor.h"
#include "ui/QueuePanel.h"
#include "ui/Settings.h"
#include "ui/SettingsDialog.h"
#include "ui/Theme.h"
#include "ui/Translation.h"
#include "ui/VideoPreview.h"
#include "ui/WelcomePage.h"

namespace kinora::ui {

MainWindow::MainWindow(Settings* settings, QWidget* parent)
    : QMainWindow(parent), settings_(settings) {
    if (!settings_) {
        ownedSettings_ = std::make_unique<Settings>();
        settings_ = ownedSettings_.get();
    }
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/kinora.svg")));
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks);

    queue_ = new JobQueue(settings_->historyDatabasePath(), this);
    jobs_ = new JobActions(queue_, settings_, this);
    connect(jobs_, &JobActions::videoChosen, this, [this](const QString& path, double fps) {
        video_->setFrameRate(fps);
        video_->openVideo(path);
    });
    connect(jobs_, &JobActions::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    connect(jobs_, &JobActions::failed, this, &MainWindow::showFailure);
    pictures_ = new PictureInput(this);
    connect(pictures_, &PictureInput::pictureChosen, this, &MainWindow::openImage);
    connect(pictures_, &PictureInput::recordChosen, this, &MainWindow::restoreFrom);
    connect(pictures_, &PictureInput::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    connect(pictures_, &PictureInput::failed, this, &MainWindow::showFailure);
    connect(queue_, &JobQueue::jobStarted, this, &MainWindow::onJobStarted);
    connect(queue_, &JobQueue::jobProgressed, this, &MainWindow::onProgress);
    connect(queue_, &JobQueue::jobPreview, this, &MainWindow::onPreview);
    connect(queue_, &JobQueue::jobFinished, this, &MainWindow::onJobFinished);
    connect(queue_, &JobQueue::busyChanged, this, &MainWindow::setBusy);
    connect(queue_, &JobQueue::queueChanged, this, &MainWindow::refreshQueue);
    connect(queue_, &JobQueue::historyChanged, this, &MainWindow::refreshHistory);
    connect(queue_, &JobQueue::startFailed, this, [this](const QString& message) {
        showFailure(tr("Cannot start the job"), message, QString());
    });
    monitor_ = new ResourceMonitor(this);
    connect(monitor_, &ResourceMonitor::sampled, this, &MainWindow::showMemory);

    createWidgets();
    createDocks();
    createMenus();
    retranslateUi();

    const GenerationRequest last = settings_->lastRequest();
    setRequestFields(last);
    presetId_ = settings_->lastPreset();
    applySettings();
    if (!restoreGeometry(settings_->windowGeometry()))
        resize(1400, 900);
    if (!restoreState(settings_->windowState())) {
        // First start: the picture, the panel and the video get the room; the docks a strip
        // (once the window has its size, or the layout ignores it).
        QTimer::singleShot(0, this, [this] {
            resizeDocks({diagnosticsDock_, historyDock_, compareDock_}, {170, 170, 170},
                        Qt::Vertical);
            resizeDocks({paletteDock_}, {380}, Qt::Horizontal);
            resizeDocks({paletteDock_, queueDock_}, {420, 260}, Qt::Vertical);
        });
    }
    if (presetId_.isEmpty() && last.prompt.isEmpty())
        choosePreset(QStringLiteral("balanced"));  // a first start: the everyday preset

    const int interrupted = queue_->interruptedAtOpen();
    refreshHistory();
    refreshQueue();
    if (!queue_->history().isOpen())
        showFailure(tr("History unavailable"), queue_->history().error(), QString());
    else if (!queue_->history().warning().isEmpty())
        statusBar()->showMessage(queue_->history().warning());
    if (interrupted > 0) {
        statusBar()->showMessage(
            tr("%n job(s) were interrupted when Kinora last stopped; see the history.", nullptr,
               interrupted));
    }
    presets_->reportLoadProblem();
    monitor_->start();
    setBusy(false);
    // Jobs still waiting from the last session go on where they stopped.
    QTimer::singleShot(0, queue_, &JobQueue::start);
}

bool MainWindow::isJobRunning() const {
    return queue_->isBusy();
}

const JobHistory& MainWindow::history() const {
    return queue_->history();
}

MainWindow::~MainWindow() {
    settings_->setWindow(saveGeometry(), saveState());
    settings_->setLastRequest(currentRequest());
    settings_->setLastPreset(presetId_);
    settings_->sync();
}

void MainWindow::createWidgets() {
    // The gauge goes into the status bar below; the memory strip shows each plan's peak on it.
    gauge_ = new MemoryGauge(this);
    deviceLabel_ = new QLabel(this);
    deviceLabel_->setObjectName(QStringLiteral("deviceLabel"));
    workspace_ = new QStackedWidget(this);
    workspace_->setObjectName(QStringLiteral("workspace"));
    welcomePage_ = new WelcomePage(windowIcon(), workspace_);
    connect(welcomePage_, &WelcomePage::openImageClicked, this, &MainWindow::chooseImage);
    connect(welcomePage_, &WelcomePage::setModelClicked, this, &MainWindow::showSettings);
    workspace_->addWidget(welcomePage_);
    preview_ = new ImagePreview(workspace_);
    workspace_->addWidget(preview_);

    video_ = new VideoPreview(this);

    auto* pictures = new QSplitter(Qt::Vertical, this);
    pictures->setObjectName(QStringLiteral("pictureSplitter"));
    pictures->addWidget(workspace_);
    pictures->addWidget(video_);
    pictures->setStretchFactor(0, 1);
    pictures->setStretchFactor(1, 1);
    pictures->setSizes({1, 1});  // the picture and the video share the height

    setup_ = new JobSetupPanel(
        gauge_, [this] { return currentRequest(); }, this);
    promptEditor_ = setup_->promptEditor();
    parameters_ = setup_->parameters();
    connect(setup_, &JobSetupPanel::generateClicked, this, &MainWindow::generate);
    connect(setup_, &JobSetupPanel::cancelClicked, this, &MainWindow::cancelJob);
    connect(setup_, &JobSetupPanel::requestChanged, this, &MainWindow::requestChanged);
    connect(setup_->memoryPlan(), &MemoryPlanStrip::downgradeChosen, this,
            &MainWindow::applyChanges);
    connect(parameters_, &ParameterPanel::presetStateChanged, this, &MainWindow::updatePresetState);

    auto* main = new QSplitter(Qt::Horizontal, this);
    main->setObjectName(QStringLiteral("mainSplitter"));
    main->addWidget(pictures);
    main->addWidget(setup_);
    main->setStretchFactor(0, 3);
    main->setStretchFactor(1, 2);
    setCentralWidget(main);

    jobStatus_ = new JobStatusLine(statusBar());
    statusBar()->addPermanentWidget(gauge_);
    statusBar()->addPermanentWidget(deviceLabel_);
}

void MainWindow::createDocks() {
    const auto dock = [this](const QString& name, QWidget* content, Qt::DockWidgetArea area) {
        auto* widget = new QDockWidget(this);
        widget->setObjectName(name);
        widget->setWidget(content);
        addDockWidget(area, widget);
        return widget;
    };
    palette_ = new KeywordPalette(this);
    connect(palette_, &KeywordPalette::keywordChosen, this,
            [this](const QString& phrase) { promptEditor_->insertAtCursor(phrase); });
    paletteDock_ = dock(QStringLiteral("paletteDock"), palette_, Qt::RightDockWidgetArea);

    diagnostics_ = new DiagnosticsPanel(this);
    connect(diagnostics_, &DiagnosticsPanel::promptRewriteChosen, this,
            [this](const QString& prompt) { promptEditor_->setPrompt(prompt); });
    connect(diagnostics_, &DiagnosticsPanel::changesChosen, this, &MainWindow::applyChanges);
    diagnosticsDock_ =
        dock(QStringLiteral("diagnosticsDock"), diagnostics_, Qt::BottomDockWidgetArea);

    queuePanel_ = new QueuePanel(this);
    connect(queuePanel_, &QueuePanel::reorderRequested, this,
            [this](const QList<qint64>& ids) { queue_->reorder(ids); });
    connect(queuePanel_, &QueuePanel::removeRequested, this,
            [this](qint64 id) { queue_->remove(id); });
    // Beside the panel, under the palette: what waits is in sight while the next job is set up.
    queueDock_ = dock(QStringLiteral("queueDock"), queuePanel_, Qt::RightDockWidgetArea);

    historyPanel_ = new HistoryPanel(this);
    connect(historyPanel_, &HistoryPanel::playRequested, jobs_, &JobActions::play);
    connect(historyPanel_, &HistoryPanel::openFolderRequested, jobs_, &JobActions::openFolder);
    connect(historyPanel_, &HistoryPanel::rerunRequested, this,
            [this](qint64 id) { jobs_->rerun(id, false, imagePath_); });
    connect(historyPanel_, &HistoryPanel::rerunNewSeedRequested, this,
            [this](qint64 id) { jobs_->rerun(id, true, imagePath_); });
    connect(historyPanel_, &HistoryPanel::useAsPresetRequested, this,
            &MainWindow::presetFromRecord);
    connect(historyPanel_, &HistoryPanel::deleteRequested, jobs_, &JobActions::remove);
    connect(historyPanel_, &HistoryPanel::decodeLatentsRequested, jobs_,
            &JobActions::decodeLatents);
    connect(historyPanel_, &HistoryPanel::markRequested, jobs_, &JobActions::mark);
    connect(historyPanel_, &HistoryPanel::refineRequested, this,
            [this](qint64 id, const QString& kind) {
                QString error;
                if (!refineRecord(id, kind, &error))
                    showFailure(tr("Cannot refine"), error, QString());
            });
    historyDock_ = dock(QStringLiteral("historyDock"), historyPanel_, Qt::BottomDockWidgetArea);

    compare_ = new CompareView(this);
    connect(compare_, &CompareView::markChanged, jobs_, &JobActions::mark);
    connect(compare_, &CompareView::picked, this, [this](qint64 id) {
        historyPanel_->selectJob(id);
        historyDock_->raise();
        jobs_->play(id);
    });
    compareDock_ = dock(QStringLiteral("compareDock"), compare_, Qt::BottomDockWidgetArea);
    tabifyDockWidget(diagnosticsDock_, historyDock_);
    tabifyDockWidget(historyDock_, compareDock_);
    diagnosticsDock_->raise();
}

void MainWindow::createMenus() {
    menus_ = new MainMenus(
        this, settings_, {paletteDock_, diagnosticsDock_, queueDock_, historyDock_, compareDock_});
    presets_ = new PresetsMenu(
        menus_->presetsMenu(), settings_->userPresetsPath(), [this] { return currentRequest(); },
        this);
    connect(presets_, &PresetsMenu::presetChosen, this, &MainWindow::choosePreset);
    connect(presets_, &PresetsMenu::failed, this, &MainWindow::showFailure);
}

void MainWindow::retranslateUi() {
    menus_->retranslate();
    paletteDock_->setWindowTitle(tr("Motion keywords"));
    diagnosticsDock_->setWindowTitle(tr("Diagnostics"));
    queueDock_->setWindowTitle(tr("Queue"));
    historyDock_->setWindowTitle(tr("History"));
    compareDock_->setWindowTitle(tr("Compare"));
    deviceLabel_->setText(tr("Device: %1").arg(availableDevices()));
    presets_->rebuild();
    updateTitle();
    jobStatus_->retranslate();
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange && menus_)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::applySettings() {
    const QString model = settings_->modelFolder();
    promptEditor_->setModelFolder(model);
    parameters_->setModelAvailable(!model.isEmpty());
    monitor_->setDevice(settings_->device());
    queue_->setThreads(settings_->threads());
    queue_->setPreviewInterval(settings_->previewInterval());
    diagnostics_->setLanguage(QLocale().name());
    welcomePage_->setModelFolderSet(!model.isEmpty());
    requestChanged();
}

void MainWindow::updateTitle() {
    const QString application = tr("Kinora %1").arg(kinoraVersion());
    setWindowTitle(imagePath_.isEmpty()
                       ? application
                       : tr("%1 — %2").arg(QFileInfo(imagePath_).fileName(), application));
}

bool MainWindow::openImage(const QString& path) {
    QImageReader reader(path);
    reader.setAutoTransform(true);  // Phone pictures are stored sideways with an EXIF rotation.
    const QImage image = reader.read();
    if (image.isNull()) {
        showFailure(
            tr("Cannot open the picture"),
            tr("Cannot open %1: %2.").arg(QDir::toNativeSeparators(path), reader.errorString()),
            tr("Choose a PNG, JPEG or WebP picture."));
        return false;
    }
    imagePath_ = QFileInfo(path).absoluteFilePath();
    imageSize_ = image.size();
    preview_->setImage(image);
    parameters_->setImageSize(image.size());
    workspace_->setCurrentWidget(preview_);
    settings_->setLastImage(imagePath_);
    updateTitle();
    requestChanged();
    statusBar()->showMessage(tr("%1: %2 × %3 pixels")
                                 .arg(QFileInfo(path).fileName())
                                 .arg(image.width())
                                 .arg(image.height()));
    return true;
}

void MainWindow::chooseImage() {
    pictures_->choose(imagePath_);
}

void MainWindow::pasteImage() {
    pictures_->paste();
}

bool MainWindow::restoreFrom(const QString& path) {
    const auto request = requestFromRecord(path);
    if (!request) {
        showFailure(tr("Cannot restore from this file"), request.error().message,
                    tr("Drop a video Kinora made, or its .json sidecar."));
        return false;
    }
    setRequestFields(*request);
    if (!request->imagePath.isEmpty() && QFileInfo::exists(request->imagePath))
        openImage(request->imagePath);
    if (QFileInfo(path).suffix().toLower() != QLatin1String("json")) {
        video_->setFrameRate(request->outputFps);
        video_->openVideo(path);
    }
    statusBar()->showMessage(tr("Settings restored from %1").arg(QFileInfo(path).fileName()));
    return true;
}

void MainWindow::setPrompt(const QString& prompt) {
    promptEditor_->setPrompt(prompt);
}

GenerationRequest MainWindow::currentRequest() const {
    GenerationRequest request = parameters_->applyTo(GenerationRequest{});
    request.modelFolder = settings_->modelFolder();
    request.imagePath = imagePath_;
    request.prompt = promptEditor_->prompt().trimmed();
    request.negativePrompt = promptEditor_->negativePrompt();
    request.device = settings_->device();
    request.format = settings_->exportFormat();
    request.preset = presetId_;
    setup_->applyPreprocessTo(request);
    return request;
}

Engine MainWindow::currentEngine() const {
    return settings_->modelFolder().isEmpty() ? Engine::Camera : parameters_->engine();
}

void MainWindow::setRequestFields(const GenerationRequest& request) {
    promptEditor_->setPrompt(request.prompt);
    promptEditor_->setNegativePrompt(request.negativePrompt);
    parameters_->setFromRequest(request);
}

void MainWindow::applyChanges(const QJsonObject& changes) {
    QList<RequestProblem> problems;
    const GenerationRequest changed = requestFromJson(changes, currentRequest(), &problems);
    if (!problems.isEmpty())
        return;
    parameters_->setFromRequest(changed);
    statusBar()->showMessage(tr("Fix applied."));
}

void MainWindow::requestChanged() {
    setup_->setCameraEngine(currentEngine() == Engine::Camera);
    if (currentEngine() == Engine::I2VGenXL)
        setup_->memoryPlan()->planSoon();
    else
        setup_->memoryPlan()->clear();
    const GenerationRequest size = parameters_->applyTo(GenerationRequest{});
    preview_->setTargetSize(QSize(size.width, size.height));
    diagnostics_->setRequest(currentRequest());
}

void MainWindow::updatePresetState() {
    updateTitle();
}

void MainWindow::choosePreset(const QString& id) {
    const std::optional<Preset> preset = presets_->find(id);
    if (!preset)
        return;
    presetId_ = preset->id;
    parameters_->applyPreset(*preset);
    statusBar()->showMessage(
        preset->reason.isEmpty()
            ? tr("Preset %1").arg(presetName(*preset))
            : tr("Preset %1: %2").arg(presetName(*preset), presetReason(*preset)));
}

bool MainWindow::saveCurrentAsPreset(const QString& name, QString* error) {
    return presets_->saveCurrentAs(name, error);
}

void MainWindow::generate() {
    if (imagePath_.isEmpty()) {
        showFailure(tr("No picture"), tr("Kinora animates a picture: there is none open yet."),
                    tr("Open one with File › Open image, or drop it onto the window."));
        return;
    }
    GenerationRequest request = currentRequest();
    request.seed = parameters_->seedForNextJob();
    const QList<RequestProblem> problems = validateRequest(request);
    if (!problems.isEmpty()) {
        const RequestProblem& first = problems.front();
        showFailure(tr("Cannot start this job"), first.message, first.remedy);
        return;
    }
    if (!QDir().mkpath(settings_->outputFolder())) {
        showFailure(tr("Cannot start this job"),
                    tr("The output folder %1 cannot be created.")
                        .arg(QDir::toNativeSeparators(settings_->outputFolder())),
                    tr("Choose another output folder in Settings."));
        return;
    }
    const Engine engine = currentEngine();
    if (engine == Engine::Camera && parameters_->engine() != Engine::Camera)
        statusBar()->showMessage(tr("No model folder is set: the camera engine makes this video "
                                    "(%1).")
                                     .arg(cameraPathText(parseCameraPrompt(request.prompt))));
    // Candidates share everything but the seed: consecutive seeds, so each is easy to re-make.
    const int candidates = engine == Engine::Camera ? 1 : parameters_->candidates();
    for (int candidate = 0; candidate < candidates; ++candidate) {
        GenerationRequest job = request;
        job.seed = request.seed + quint64(candidate);
        job.outputPath = jobs_->outputPathFor(job, imagePath_, candidate);
        job.engine = engine;
        jobs_->enqueue(job);
    }
    settings_->setLastRequest(request);
}

void MainWindow::refreshQueue() {
    const QList<JobRecord> queued = queue_->history().queued();
    queuePanel_->setQueue(queued);
    queueDock_->setWindowTitle(queued.isEmpty() ? tr("Queue")
                                                : tr("Queue (%1)").arg(queued.size()));
}

void MainWindow::refreshHistory() {
    historyPanel_->setRecords(queue_->history().records());
}

void MainWindow::setBusy(bool busy) {
    setup_->setBusy(busy);
    menus_->action(QStringLiteral("cancelAction"))->setEnabled(busy);
    jobStatus_->setBusy(busy);
}

void MainWindow::onJobStarted(qint64 id) {
    jobStatus_->showStarting();
    if (const auto record = queue_->history().record(id))
        queuePanel_->setRunning(*record, jobStatus_->text());
}

void MainWindow::onProgress(qint64 id, const GenerationProgress& progress) {
    jobStatus_->showProgress(progress);
    queuePanel_->setRunningProgress(id, jobStatus_->text());
}

void MainWindow::onPreview(qint64, int step, int totalSteps, const QList<QImage>& frames) {
    video_->showLatentPreview(step, totalSteps, frames);
}

void MainWindow::onJobFinished(qint64 id, const GenerationOutcome& outcome) {
    queuePanel_->clearRunning();
    switch (outcome.status) {
        case GenerationOutcome::Status::Succeeded: {
            const auto record = queue_->history().record(id);
            video_->setFrameRate(record ? record->request.outputFps : 16);
            video_->openVideo(outcome.videoPath);
            QString message = tr("Finished in %1: %2")
                                  .arg(JobStatusLine::formatDuration(outcome.seconds),
                                       QDir::toNativeSeparators(outcome.videoPath));
            if (!outcome.note.isEmpty())
                message += QStringLiteral(" (%1)").arg(outcome.note);
            statusBar()->showMessage(message);
            break;
        }
        case GenerationOutcome::Status::Cancelled:
            video_->clear();
            statusBar()->showMessage(tr("Cancelled; nothing was written."));
            break;
        case GenerationOutcome::Status::Failed:
            video_->clear();
            showFailure(tr("The job failed"), outcome.message, outcome.remedy);
            break;
    }
    if (jobs_->endsRound(id))
        compareRound();
    Q_EMIT jobFinished(id, outcome);
}

void MainWindow::cancelJob() {
    if (!queue_->isBusy())
        return;
    queue_->cancelRunning();
    jobStatus_->showCancelling();
}

void MainWindow::presetFromRecord(qint64 id) {
    const auto record = queue_->history().record(id);
    if (!record)
        return;
    setRequestFields(record->request);
    presets_->promptSave();
}

void MainWindow::explore() {
    if (imagePath_.isEmpty()) {
        showFailure(tr("No picture"), tr("Kinora animates a picture: there is none open yet."),
                    tr("Open one with File › Open image, or drop it onto the window."));
        return;
    }
    ExploreDialog dialog(promptEditor_->prompt(), this);
    if (dialog.exec() == QDialog::Accepted)
        exploreMatrix(dialog.prompts(), dialog.seeds());
}

void MainWindow::exploreMatrix(const QStringList& prompts, const QList<quint64>& seeds,
                               const QString& preset) {
    jobs_->exploreMatrix(currentRequest(), currentEngine(), prompts, seeds, preset);
}

void MainWindow::compareRound() {
    const QList<CompareView::Candidate> candidates = jobs_->roundCandidates();
    if (candidates.isEmpty()) {
        statusBar()->showMessage(tr("No finished explore round to compare yet."));
        return;
    }
    compare_->setCandidates(candidates);
    compareDock_->show();
    compareDock_->raise();
    compare_->setFocus();
}

bool MainWindow::refineRecord(qint64 id, const QString& kind, QString* error) {
    return jobs_->refine(id, kind, error);
}

void MainWindow::showMemory(const MemorySample& sample) {
    gauge_->setSample(sample);
}

void MainWindow::showFailure(const QString& title, const QString& message, const QString& remedy) {
    const QString text =
        remedy.isEmpty() ? message : tr("%1\n\nWhat to do: %2").arg(message, remedy);
    statusBar()->showMessage(message);
    qCWarning(lcUi).noquote() << title << ":" << message << remedy;
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("failureBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showSettings() {
    SettingsDialog dialog(*settings_, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.languageChanged())
        installTranslation(settings_->language());
    if (dialog.themeChanged())
        applyTheme(themeFromName(settings_->theme()));
    applySettings();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (queue_->isBusy()) {
        const bool stop = confirmClose_
                              ? confirmClose_()
                              : QMessageBox::question(
                                    this, tr("A job is running"),
                                    tr("Stop the running job and quit? Its video will not be "
                                       "written; finished videos are kept.")) == QMessageBox::Yes;
        if (!stop) {
            event->ignore();
            return;
        }
        // The job stops at its next step; wait for it so the history records how it ended.
        queue_->stop();
        QEventLoop loop;
        connect(this, &MainWindow::jobFinished, &loop, &QEventLoop::quit);
        jobStatus_->showClosing();
        if (queue_->isBusy())
            loop.exec();
    }
    monitor_->stop();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (PictureInput::accepts(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    if (!PictureInput::accepts(event->mimeData()))
        return;
    event->acceptProposedAction();
    pictures_->drop(event->mimeData());
}

void MainWindow::showHelp() {
    QMessageBox::information(this, tr("Kinora Help"), WelcomePage::helpText());
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

}  // namespace kinora::ui
