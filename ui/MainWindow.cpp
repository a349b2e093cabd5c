#include "ui/MainWindow.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QImageReader>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "facade/BuildInfo.h"
#include "facade/CameraPrompt.h"
#include "facade/Exploration.h"
#include "facade/JobHistory.h"
#include "facade/JobQueue.h"
#include "facade/Logging.h"
#include "facade/Presets.h"
#include "facade/PromptLinter.h"
#include "facade/ResourceMonitor.h"
#include "facade/UserPresets.h"
#include "ui/AboutDialog.h"
#include "ui/CompareView.h"
#include "ui/DiagnosticsPanel.h"
#include "ui/ExploreDialog.h"
#include "ui/FacadeText.h"
#include "ui/HistoryPanel.h"
#include "ui/ImagePreview.h"
#include "ui/KeywordPalette.h"
#include "ui/MemoryGauge.h"
#include "ui/ParameterPanel.h"
#include "ui/PromptEditor.h"
#include "ui/QueuePanel.h"
#include "ui/Settings.h"
#include "ui/SettingsDialog.h"
#include "ui/Theme.h"
#include "ui/Translation.h"
#include "ui/VideoPreview.h"

namespace kinora::ui {

namespace {

// The formats the desktop entry announces (image/png, image/jpeg, image/webp), as far as this Qt
// can read them (WebP needs qt6-image-formats-plugins).
QStringList openablePatterns() {
    QStringList patterns;
    const QList<QByteArray> readable = QImageReader::supportedImageFormats();
    for (const char* format : {"png", "jpg", "jpeg", "webp"}) {
        if (readable.contains(format))
            patterns << QStringLiteral("*.%1").arg(QLatin1String(format));
    }
    return patterns;
}

QString localFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls())
        return {};
    const QList<QUrl> urls = mime->urls();
    return urls.size() == 1 && urls.front().isLocalFile() ? urls.front().toLocalFile() : QString();
}

// Kinora's videos and sidecars restore a job; anything else dropped is taken for a picture.
bool isRecordFile(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("mp4") || suffix == QLatin1String("webm") ||
           suffix == QLatin1String("gif") || suffix == QLatin1String("json");
}

QString formatDuration(double seconds) {
    const int total = qMax(0, qRound(seconds));
    return total >= 3600
               ? QStringLiteral("%1:%2:%3")
                     .arg(total / 3600)
                     .arg(total / 60 % 60, 2, 10, QLatin1Char('0'))
                     .arg(total % 60, 2, 10, QLatin1Char('0'))
               : QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

quint64 randomSeed() {
    // Seeds stay below 2^53 so that every JSON reader keeps them exact.
    return QRandomGenerator::global()->bounded(quint64(1) << 53);
}

}  // namespace

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
    userPresets_ = std::make_unique<UserPresets>(settings_->userPresetsPath());
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
    if (!userPresets_->loadStatus().ok())
        showFailure(tr("Your presets"), userPresets_->loadStatus().message,
                    userPresets_->loadStatus().remedy);
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
    workspace_ = new QStackedWidget(this);
    workspace_->setObjectName(QStringLiteral("workspace"));
    welcomePage_ = createWelcomePage();
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

    promptEditor_ = new PromptEditor(this);
    parameters_ = new ParameterPanel(this);
    generateButton_ = new QPushButton(this);
    generateButton_->setObjectName(QStringLiteral("generateButton"));
    generateButton_->setDefault(true);
    generateButton_->setMinimumHeight(36);
    connect(generateButton_, &QPushButton::clicked, this, &MainWindow::generate);
    cancelButton_ = new QPushButton(this);
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    cancelButton_->setMinimumHeight(36);
    connect(cancelButton_, &QPushButton::clicked, this, &MainWindow::cancelJob);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(generateButton_, 2);
    buttons->addWidget(cancelButton_, 1);

    auto* controls = new QWidget(this);
    auto* controlsLayout = new QVBoxLayout(controls);
    controlsLayout->addWidget(promptEditor_);
    // What the camera engine reads from the prompt, so the user sees why a prompt gives a move.
    cameraPath_ = new QLabel(this);
    cameraPath_->setObjectName(QStringLiteral("cameraPathLabel"));
    cameraPath_->setWordWrap(true);
    cameraPath_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    controlsLayout->addWidget(cameraPath_);
    controlsLayout->addWidget(parameters_);
    memoryVerdict_ = new QLabel(this);
    memoryVerdict_->setObjectName(QStringLiteral("memoryVerdictLabel"));
    memoryVerdict_->setWordWrap(true);
    memoryVerdict_->hide();
    applyDowngrade_ = new QPushButton(this);
    applyDowngrade_->setObjectName(QStringLiteral("applyDowngradeButton"));
    applyDowngrade_->hide();
    connect(applyDowngrade_, &QPushButton::clicked, this,
            [this] { applyChanges(memoryPlan_.downgradeChanges()); });
    controlsLayout->addWidget(memoryVerdict_);
    controlsLayout->addWidget(applyDowngrade_);
    planTimer_ = new QTimer(this);
    planTimer_->setSingleShot(true);
    planTimer_->setInterval(400);
    connect(planTimer_, &QTimer::timeout, this, &MainWindow::planCurrentRequest);
    connect(&planner_, &QFutureWatcher<MemoryPlan>::finished, this, &MainWindow::showMemoryPlan);
    // Per job and off by default: they change the picture the model sees.
    improvePicture_ = new QCheckBox(this);
    improvePicture_->setObjectName(QStringLiteral("improvePictureCheck"));
    correctExposure_ = new QCheckBox(this);
    correctExposure_->setObjectName(QStringLiteral("correctExposureCheck"));
    for (QCheckBox* box : {improvePicture_, correctExposure_}) {
        controlsLayout->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &MainWindow::requestChanged);
    }
    controlsLayout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(controls);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Generate and Cancel stay in sight however far the panel is scrolled.
    auto* column = new QWidget(this);
    column->setMinimumWidth(400);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->addWidget(scroll, 1);
    columnLayout->addLayout(buttons);

    auto* main = new QSplitter(Qt::Horizontal, this);
    main->setObjectName(QStringLiteral("mainSplitter"));
    main->addWidget(pictures);
    main->addWidget(column);
    main->setStretchFactor(0, 3);
    main->setStretchFactor(1, 2);
    setCentralWidget(main);

    jobLabel_ = new QLabel(this);
    jobLabel_->setObjectName(QStringLiteral("jobStatusLabel"));
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("jobProgress"));
    progress_->setMaximumWidth(220);
    progress_->setTextVisible(true);
    gauge_ = new MemoryGauge(this);
    deviceLabel_ = new QLabel(this);
    deviceLabel_->setObjectName(QStringLiteral("deviceLabel"));
    statusBar()->addWidget(jobLabel_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(gauge_);
    statusBar()->addPermanentWidget(deviceLabel_);

    connect(promptEditor_, &PromptEditor::promptChanged, this, &MainWindow::requestChanged);
    connect(promptEditor_, &PromptEditor::negativePromptChanged, this, &MainWindow::requestChanged);
    connect(parameters_, &ParameterPanel::parametersChanged, this, &MainWindow::requestChanged);
    connect(parameters_, &ParameterPanel::presetStateChanged, this, &MainWindow::updatePresetState);
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
    connect(historyPanel_, &HistoryPanel::playRequested, this, &MainWindow::playRecord);
    connect(historyPanel_, &HistoryPanel::openFolderRequested, this, &MainWindow::openRecordFolder);
    connect(historyPanel_, &HistoryPanel::rerunRequested, this,
            [this](qint64 id) { rerunRecord(id, false); });
    connect(historyPanel_, &HistoryPanel::rerunNewSeedRequested, this,
            [this](qint64 id) { rerunRecord(id, true); });
    connect(historyPanel_, &HistoryPanel::useAsPresetRequested, this,
            &MainWindow::presetFromRecord);
    connect(historyPanel_, &HistoryPanel::deleteRequested, this, &MainWindow::deleteRecord);
    connect(historyPanel_, &HistoryPanel::decodeLatentsRequested, this,
            &MainWindow::decodeRecordLatents);
    connect(historyPanel_, &HistoryPanel::markRequested, this, &MainWindow::markRecord);
    connect(historyPanel_, &HistoryPanel::refineRequested, this,
            [this](qint64 id, const QString& kind) {
                QString error;
                if (!refineRecord(id, kind, &error))
                    showFailure(tr("Cannot refine"), error, QString());
            });
    historyDock_ = dock(QStringLiteral("historyDock"), historyPanel_, Qt::BottomDockWidgetArea);

    compare_ = new CompareView(this);
    connect(compare_, &CompareView::markChanged, this, &MainWindow::markRecord);
    connect(compare_, &CompareView::picked, this, [this](qint64 id) {
        historyPanel_->selectJob(id);
        historyDock_->raise();
        playRecord(id);
    });
    compareDock_ = dock(QStringLiteral("compareDock"), compare_, Qt::BottomDockWidgetArea);
    tabifyDockWidget(diagnosticsDock_, historyDock_);
    tabifyDockWidget(historyDock_, compareDock_);
    diagnosticsDock_->raise();
}

QWidget* MainWindow::createWelcomePage() {
    auto* page = new QWidget(this);
    page->setObjectName(QStringLiteral("welcomePage"));
    auto* layout = new QVBoxLayout(page);
    layout->setSpacing(12);
    layout->addStretch(2);

    auto* icon = new QLabel(page);
    icon->setPixmap(windowIcon().pixmap(QSize(96, 96)));
    icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);

    welcomeText_ = new QLabel(page);
    welcomeText_->setObjectName(QStringLiteral("welcomeText"));
    welcomeText_->setAlignment(Qt::AlignCenter);
    welcomeText_->setWordWrap(true);
    welcomeText_->setOpenExternalLinks(true);
    welcomeText_->setTextFormat(Qt::RichText);
    layout->addWidget(welcomeText_);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    auto* open = new QPushButton(page);
    open->setObjectName(QStringLiteral("openImageButton"));
    connect(open, &QPushButton::clicked, this, &MainWindow::chooseImage);
    buttons->addWidget(open);
    auto* model = new QPushButton(page);
    model->setObjectName(QStringLiteral("setModelButton"));
    connect(model, &QPushButton::clicked, this, &MainWindow::showSettings);
    buttons->addWidget(model);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addStretch(3);
    return page;
}

void MainWindow::createMenus() {
    const auto action = [this](QMenu* menu, const QString& name, auto slot,
                               const QKeySequence& shortcut = {}) {
        QAction* created = menu->addAction(QString(), this, slot);
        created->setObjectName(name);
        created->setShortcut(shortcut);
        actions_.insert(name, created);
        return created;
    };
    fileMenu_ = menuBar()->addMenu(QString());
    fileMenu_->setObjectName(QStringLiteral("fileMenu"));
    action(fileMenu_, QStringLiteral("openImageAction"), &MainWindow::chooseImage,
           QKeySequence::Open);
    action(fileMenu_, QStringLiteral("pasteImageAction"), &MainWindow::pasteImage,
           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    action(
        fileMenu_, QStringLiteral("restoreAction"),
        [this] {
            const QString path = QFileDialog::getOpenFileName(
                this, tr("Restore settings from a Kinora video"), settings_->outputFolder(),
                tr("Kinora videos and sidecars (*.mp4 *.webm *.gif *.json)"));
            if (!path.isEmpty())
                restoreFrom(path);
        },
        QKeySequence(Qt::CTRL | Qt::Key_R));
    action(fileMenu_, QStringLiteral("openOutputAction"), [this] {
        QDir().mkpath(settings_->outputFolder());
        QDesktopServices::openUrl(QUrl::fromLocalFile(settings_->outputFolder()));
    });
    fileMenu_->addSeparator();
    action(fileMenu_, QStringLiteral("generateAction"), &MainWindow::generate,
           QKeySequence(Qt::CTRL | Qt::Key_Return));
    action(fileMenu_, QStringLiteral("cancelAction"), &MainWindow::cancelJob,
           QKeySequence(Qt::Key_Escape));
    fileMenu_->addSeparator();
    action(fileMenu_, QStringLiteral("settingsAction"), &MainWindow::showSettings,
           QKeySequence::Preferences);
    fileMenu_->addSeparator();
    QAction* quit = fileMenu_->addAction(QString(), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    actions_.insert(quit->objectName(), quit);
    // Ctrl+Return also from inside the prompt editor, where Return makes a new line.
    addAction(actions_.value(QStringLiteral("generateAction")));
    addAction(actions_.value(QStringLiteral("cancelAction")));

    presetsMenu_ = menuBar()->addMenu(QString());
    presetsMenu_->setObjectName(QStringLiteral("presetsMenu"));

    exploreMenu_ = menuBar()->addMenu(QString());
    exploreMenu_->setObjectName(QStringLiteral("exploreMenu"));
    action(exploreMenu_, QStringLiteral("exploreAction"), &MainWindow::explore,
           QKeySequence(Qt::CTRL | Qt::Key_E));
    action(exploreMenu_, QStringLiteral("compareAction"), &MainWindow::compareRound,
           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));

    viewMenu_ = menuBar()->addMenu(QString());
    viewMenu_->setObjectName(QStringLiteral("viewMenu"));
    for (QDockWidget* dock :
         {paletteDock_, diagnosticsDock_, queueDock_, historyDock_, compareDock_})
        viewMenu_->addAction(dock->toggleViewAction());

    helpMenu_ = menuBar()->addMenu(QString());
    helpMenu_->setObjectName(QStringLiteral("helpMenu"));
    action(helpMenu_, QStringLiteral("helpAction"), &MainWindow::showHelp,
           QKeySequence::HelpContents);
    helpMenu_->addSeparator();
    action(helpMenu_, QStringLiteral("aboutAction"), &MainWindow::showAbout);
    QAction* aboutQt = helpMenu_->addAction(QString(), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
    actions_.insert(aboutQt->objectName(), aboutQt);
}

void MainWindow::retranslateUi() {
    fileMenu_->setTitle(tr("&File"));
    presetsMenu_->setTitle(tr("&Presets"));
    viewMenu_->setTitle(tr("&View"));
    exploreMenu_->setTitle(tr("E&xplore"));
    helpMenu_->setTitle(tr("&Help"));
    const QHash<QString, QString> texts{
        {QStringLiteral("openImageAction"), tr("&Open image…")},
        {QStringLiteral("pasteImageAction"), tr("&Paste image")},
        {QStringLiteral("restoreAction"), tr("&Restore from video…")},
        {QStringLiteral("openOutputAction"), tr("Open output &folder")},
        {QStringLiteral("generateAction"), tr("&Generate")},
        {QStringLiteral("cancelAction"), tr("&Cancel job")},
        {QStringLiteral("settingsAction"), tr("&Settings…")},
        {QStringLiteral("quitAction"), tr("&Quit")},
        {QStringLiteral("helpAction"), tr("Kinora &Help")},
        {QStringLiteral("aboutAction"), tr("&About Kinora")},
        {QStringLiteral("aboutQtAction"), tr("About &Qt")},
        {QStringLiteral("exploreAction"), tr("&Explore prompts and seeds…")},
        {QStringLiteral("compareAction"), tr("&Compare the last round")},
    };
    for (auto it = texts.begin(); it != texts.end(); ++it)
        actions_.value(it.key())->setText(it.value());
    paletteDock_->setWindowTitle(tr("Motion keywords"));
    diagnosticsDock_->setWindowTitle(tr("Diagnostics"));
    queueDock_->setWindowTitle(tr("Queue"));
    historyDock_->setWindowTitle(tr("History"));
    compareDock_->setWindowTitle(tr("Compare"));
    deviceLabel_->setText(tr("Device: %1").arg(availableDevices()));
    improvePicture_->setText(tr("Improve the picture first"));
    improvePicture_->setToolTip(
        tr("Resize to the video size with Lanczos, contrast ×1.2, "
           "sharpness ×1.1 (the usual advice). The improved picture is "
           "what the job records as its source."));
    correctExposure_->setText(tr("Correct exposure"));
    correctExposure_->setToolTip(
        tr("Brighten a dark picture or tone down a bright one; a "
           "well-exposed picture is left alone."));
    generateButton_->setText(tr("Generate"));
    generateButton_->setToolTip(tr("Start the video (Ctrl+Return)"));
    cancelButton_->setText(tr("Cancel"));
    cancelButton_->setToolTip(
        tr("Stop the running job within one step; nothing half-written "
           "is kept (Esc)"));
    welcomePage_->findChild<QPushButton*>(QStringLiteral("openImageButton"))
        ->setText(tr("Open image…"));
    welcomePage_->findChild<QPushButton*>(QStringLiteral("setModelButton"))
        ->setText(tr("Set model folder…"));
    updateWelcomePage();
    updateCameraPath();
    rebuildPresetsMenu();
    updateTitle();
    if (!isJobRunning())
        jobLabel_->setText(tr("Ready"));
}

void MainWindow::updateWelcomePage() {
    QString text =
        tr("<h2>Kinora</h2><p>Image-to-video studio for the I2VGen-XL diffusion "
           "model.</p><p>Open a picture, or drop a PNG, JPEG or WebP file onto this "
           "window.</p>");
    if (settings_->modelFolder().isEmpty()) {
        text += tr(
            "<p><b>No model folder is set.</b> Until one is, Kinora makes camera-motion videos "
            "(pan, tilt, zoom, rotate, dolly) read from your prompt, in seconds, with no model.</p>"
            "<p>I2VGen-XL (Alibaba, 2023) animates a picture from a text prompt. Its weights "
            "(about 5 GB in fp16) are not bundled: download the diffusers-format folder of "
            "<a href=\"https://huggingface.co/ali-vilab/i2vgen-xl\">ali-vilab/i2vgen-xl</a> "
            "and choose it in Settings. Licence: the authors' repository states research and "
            "non-commercial use for the weights; read the licence in the folder before you "
            "use the videos commercially.</p>");
    }
    welcomeText_->setText(text);
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange && fileMenu_)
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
    updateWelcomePage();
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
    const QString folder = imagePath_.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
                               : QFileInfo(imagePath_).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open image"), folder,
        tr("Pictures (%1)").arg(openablePatterns().join(QLatin1Char(' '))));
    if (!path.isEmpty())
        openImage(path);
}

void MainWindow::pasteImage() {
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    const QString file = localFile(mime);
    if (!file.isEmpty()) {
        openImage(file);
        return;
    }
    const QImage image = QApplication::clipboard()->image();
    if (image.isNull()) {
        statusBar()->showMessage(tr("The clipboard holds no picture."));
        return;
    }
    // A job needs the picture as a file (it is copied beside the video as its source).
    const QString folder = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                               .filePath(QStringLiteral("pasted"));
    QDir().mkpath(folder);
    const QString path = QDir(folder).filePath(
        QStringLiteral("pasted-%1.png")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss-zzz"))));
    if (!image.save(path)) {
        showFailure(tr("Cannot paste the picture"), tr("Cannot write %1.").arg(path),
                    tr("Check that the disk has space and the folder is writable."));
        return;
    }
    openImage(path);
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
    if (improvePicture_->isChecked())
        request.preprocess = PreprocessSettings::advised();
    request.preprocess.exposure = correctExposure_->isChecked();
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

void MainWindow::updateCameraPath() {
    const bool camera = currentEngine() == Engine::Camera;
    cameraPath_->setVisible(camera);
    if (!camera)
        return;
    const CameraPath path = parseCameraPrompt(promptEditor_->prompt());
    QString text = tr("Camera engine: %1").arg(cameraPathText(path));
    if (!path.ignoredWords.isEmpty())
        text += QLatin1Char('\n') +
                tr("Not camera words: %1").arg(path.ignoredWords.join(QStringLiteral(", ")));
    cameraPath_->setText(text);
}

void MainWindow::planCurrentRequest() {
    if (planner_.isRunning()) {
        planTimer_->start();  // plan the newest settings once this one is done
        return;
    }
    const GenerationRequest request = currentRequest();
    planner_.setFuture(QtConcurrent::run([request] { return planMemory(request); }));
}

void MainWindow::showMemoryPlan() {
    memoryPlan_ = planner_.result();
    const bool diffusion = currentEngine() == Engine::I2VGenXL;
    if (!diffusion || !memoryPlan_.known()) {
        gauge_->clearPrediction();
        memoryVerdict_->hide();
        applyDowngrade_->hide();
        return;
    }
    gauge_->setPredictedPeak(qint64(memoryPlan_.peakBytes));
    const bool fits = memoryPlan_.runnable() &&
                      memoryPlan_.verdict != MemoryVerdict::NeedsDowngrade &&
                      memoryPlan_.verdict != MemoryVerdict::DoesNotFit;
    const double gib = 1024.0 * 1024.0 * 1024.0;
    if (fits) {
        memoryVerdict_->setText(tr("Memory: about %1 GB of %2 GB usable (%3).")
                                    .arg(memoryPlan_.peakBytes / gib, 0, 'f', 1)
                                    .arg(memoryPlan_.budgetBytes / gib, 0, 'f', 1)
                                    .arg(memorySettingsText(memoryPlan_.settings)));
        memoryVerdict_->setStyleSheet(QString());
        applyDowngrade_->hide();
    } else {
        memoryVerdict_->setText(
            tr("These settings need about %1 GB; %2 GB can be used. They would run out of "
               "memory.")
                .arg(memoryPlan_.peakBytes / gib, 0, 'f', 1)
                .arg(memoryPlan_.budgetBytes / gib, 0, 'f', 1));
        memoryVerdict_->setStyleSheet(QStringLiteral("color: #c0392b;"));
        const bool hasDowngrade = memoryPlan_.downgradeFrames || memoryPlan_.downgradeWidth;
        applyDowngrade_->setVisible(hasDowngrade);
        if (hasDowngrade) {
            applyDowngrade_->setText(
                tr("Use %1 × %2, %3 frames instead")
                    .arg(memoryPlan_.downgradeWidth.value_or(memoryPlan_.requestedWidth))
                    .arg(memoryPlan_.downgradeHeight.value_or(memoryPlan_.requestedHeight))
                    .arg(memoryPlan_.downgradeFrames.value_or(memoryPlan_.requestedFrames)));
        }
    }
    memoryVerdict_->show();
}

void MainWindow::requestChanged() {
    updateCameraPath();
    if (currentEngine() == Engine::I2VGenXL) {
        planTimer_->start();
    } else {
        gauge_->clearPrediction();
        memoryVerdict_->hide();
        applyDowngrade_->hide();
    }
    const GenerationRequest size = parameters_->applyTo(GenerationRequest{});
    preview_->setTargetSize(QSize(size.width, size.height));
    diagnostics_->setRequest(currentRequest());
}

void MainWindow::updatePresetState() {
    updateTitle();
}

void MainWindow::rebuildPresetsMenu() {
    presetsMenu_->clear();
    for (const Preset& preset : builtInPresets()) {
        QAction* entry = presetsMenu_->addAction(presetName(preset), this,
                                                 [this, id = preset.id] { choosePreset(id); });
        entry->setObjectName(QStringLiteral("preset_") + preset.id);
        entry->setToolTip(presetReason(preset));
        entry->setStatusTip(presetReason(preset));
    }
    if (!userPresets_->presets().isEmpty())
        presetsMenu_->addSection(tr("Your presets"));
    for (const Preset& preset : userPresets_->presets()) {
        QAction* entry = presetsMenu_->addAction(preset.name, this,
                                                 [this, id = preset.id] { choosePreset(id); });
        entry->setObjectName(QStringLiteral("userPreset_") + preset.id);
    }
    presetsMenu_->addSeparator();
    QAction* save = presetsMenu_->addAction(tr("Save current settings as preset…"), this,
                                            &MainWindow::promptSavePreset);
    save->setObjectName(QStringLiteral("savePresetAction"));
    QAction* rename =
        presetsMenu_->addAction(tr("Rename preset…"), this, &MainWindow::renameUserPreset);
    QAction* remove =
        presetsMenu_->addAction(tr("Delete preset…"), this, &MainWindow::deleteUserPreset);
    rename->setEnabled(!userPresets_->presets().isEmpty());
    remove->setEnabled(!userPresets_->presets().isEmpty());
}

void MainWindow::choosePreset(const QString& id) {
    std::optional<Preset> preset = findPreset(id);
    if (!preset)
        preset = userPresets_->find(id);
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
    const GenerationRequest request = currentRequest();
    Preset values;
    values.size = QSize(request.width, request.height);
    values.frames = request.frames;
    values.steps = request.steps;
    values.guidance = request.guidance;
    values.targetFps = request.targetFps;
    values.outputFps = request.outputFps;
    const UserPresetStatus status = userPresets_->saveAs(name, values);
    if (!status.ok()) {
        if (error)
            *error = status.message + QLatin1Char(' ') + status.remedy;
        return false;
    }
    rebuildPresetsMenu();
    choosePreset(name.trimmed());
    return true;
}

void MainWindow::promptSavePreset() {
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save preset"), tr("Preset name:"),
                                               QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    QString error;
    if (!saveCurrentAsPreset(name, &error))
        showFailure(tr("Cannot save the preset"), error, QString());
}

void MainWindow::renameUserPreset() {
    QStringList names;
    for (const Preset& preset : userPresets_->presets())
        names << preset.name;
    bool ok = false;
    const QString name =
        QInputDialog::getItem(this, tr("Rename preset"), tr("Preset:"), names, 0, false, &ok);
    if (!ok)
        return;
    const QString newName = QInputDialog::getText(this, tr("Rename preset"), tr("New name:"),
                                                  QLineEdit::Normal, name, &ok);
    if (!ok)
        return;
    const UserPresetStatus status = userPresets_->rename(name, newName);
    if (!status.ok())
        showFailure(tr("Cannot rename the preset"), status.message, status.remedy);
    rebuildPresetsMenu();
}

void MainWindow::deleteUserPreset() {
    QStringList names;
    for (const Preset& preset : userPresets_->presets())
        names << preset.name;
    bool ok = false;
    const QString name =
        QInputDialog::getItem(this, tr("Delete preset"), tr("Preset:"), names, 0, false, &ok);
    if (!ok)
        return;
    const UserPresetStatus status = userPresets_->remove(name);
    if (!status.ok())
        showFailure(tr("Cannot delete the preset"), status.message, status.remedy);
    rebuildPresetsMenu();
}

QString MainWindow::outputPathFor(const GenerationRequest& request, int candidate) const {
    const QString base =
        imagePath_.isEmpty() ? QStringLiteral("kinora") : QFileInfo(imagePath_).completeBaseName();
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    QString name = QStringLiteral("%1_%2_seed%3").arg(base, stamp).arg(request.seed);
    if (candidate > 0)
        name += QStringLiteral("_c%1").arg(candidate + 1);
    if (request.format != QLatin1String("png"))
        name += QLatin1Char('.') + request.format;
    return QDir(settings_->outputFolder()).filePath(name);
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
        job.outputPath = outputPathFor(job, candidate);
        job.engine = engine;
        enqueue(job);
    }
    settings_->setLastRequest(request);
}

void MainWindow::enqueue(const GenerationRequest& request, std::optional<qint64> parentId,
                         const QString& origin) {
    if (!queue_->enqueue(request, parentId, origin))
        showFailure(tr("Cannot queue the job"), queue_->error(), QString());
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
    cancelButton_->setEnabled(busy);
    actions_.value(QStringLiteral("cancelAction"))->setEnabled(busy);
    progress_->setVisible(busy);
    if (!busy) {
        jobLabel_->setText(tr("Ready"));
        progress_->reset();
    }
}

void MainWindow::onJobStarted(qint64 id) {
    if (const auto record = queue_->history().record(id))
        queuePanel_->setRunning(*record, tr("Starting…"));
    jobLabel_->setText(tr("Starting…"));
}

void MainWindow::onProgress(qint64 id, const GenerationProgress& progress) {
    QString text;
    switch (progress.stage) {
        case GenerationStage::LoadingModel:
            text = tr("Loading the model");
            break;
        case GenerationStage::EncodingPrompt:
            text = tr("Reading the prompt");
            break;
        case GenerationStage::EncodingImage:
            text = tr("Reading the picture");
            break;
        case GenerationStage::Denoising:
            text = tr("Step %1 / %2").arg(progress.done).arg(progress.total);
            break;
        case GenerationStage::SavingLatents:
            text = tr("Saving the denoised video");
            break;
        case GenerationStage::Decoding:
            text = tr("Decoding frames %1 / %2").arg(progress.done).arg(progress.total);
            break;
        case GenerationStage::Encoding:
            text = tr("Writing frames %1 / %2").arg(progress.done).arg(progress.total);
            break;
    }
    text += tr(" · %1 elapsed").arg(formatDuration(progress.elapsedSeconds));
    if (progress.remainingSeconds > 0)
        text += tr(" · about %1 left").arg(formatDuration(progress.remainingSeconds));
    jobLabel_->setText(text);
    progress_->setMaximum(qMax(1, progress.total));
    progress_->setValue(progress.total > 0 ? progress.done : 0);
    queuePanel_->setRunningProgress(id, text);
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
                                  .arg(formatDuration(outcome.seconds),
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
    if (exploreRound_.contains(id)) {
        const bool roundDone =
            std::all_of(exploreRound_.begin(), exploreRound_.end(), [this](qint64 id) {
                const auto record = queue_->history().record(id);
                return !record || (record->status != JobStatus::Queued &&
                                   record->status != JobStatus::Running);
            });
        if (roundDone)
            compareRound();
    }
    Q_EMIT jobFinished(id, outcome);
}

void MainWindow::cancelJob() {
    if (!queue_->isBusy())
        return;
    queue_->cancelRunning();
    jobLabel_->setText(tr("Stopping after the current step…"));
}

void MainWindow::playRecord(qint64 id) {
    const auto record = queue_->history().record(id);
    if (!record || !QFileInfo::exists(record->videoPath)) {
        showFailure(tr("Cannot play"), tr("The video of this job is not on disk any more."),
                    tr("Re-run the job to make it again."));
        return;
    }
    video_->setFrameRate(record->request.outputFps);
    video_->openVideo(record->videoPath);
}

void MainWindow::openRecordFolder(qint64 id) {
    const auto record = queue_->history().record(id);
    const QString path =
        record && !record->videoPath.isEmpty() ? record->videoPath : settings_->outputFolder();
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
}

void MainWindow::rerunRecord(qint64 id, bool newSeed) {
    const auto record = queue_->history().record(id);
    if (!record)
        return;
    GenerationRequest request = record->request;
    if (newSeed)
        request.seed = randomSeed();
    request.outputPath = outputPathFor(request, 0);
    enqueue(request, id, newSeed ? QStringLiteral("new seed") : QStringLiteral("re-run"));
}

void MainWindow::presetFromRecord(qint64 id) {
    const auto record = queue_->history().record(id);
    if (!record)
        return;
    setRequestFields(record->request);
    promptSavePreset();
}

void MainWindow::deleteRecord(qint64 id) {
    if (queue_->runningJob() == id)
        return;
    if (!queue_->removeWithFiles(id))
        showFailure(tr("Cannot delete"), queue_->error(), QString());
}

void MainWindow::decodeRecordLatents(qint64 id) {
    if (queue_->isBusy()) {
        statusBar()->showMessage(tr("A job is running: decode the saved latents when it ends."));
        return;
    }
    DecodeSettings settings;
    settings.device = settings_->device();
    if (!queue_->decodeSavedLatents(id, settings))
        statusBar()->showMessage(queue_->error());
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
    ExplorationOptions options;
    options.outputFolder = settings_->outputFolder();
    options.preset = preset;
    QDir().mkpath(options.outputFolder);
    const QList<ExplorationCandidate> candidates =
        explorationMatrix(currentRequest(), prompts, seeds, options);
    const Engine engine = currentEngine();
    exploreRound_.clear();
    for (const ExplorationCandidate& candidate : candidates) {
        GenerationRequest request = candidate.request;
        request.engine = engine;
        const auto id = queue_->enqueue(request, std::nullopt, request.origin);
        if (!id) {
            showFailure(tr("Cannot queue the job"), queue_->error(), QString());
            break;
        }
        exploreRound_ << *id;
    }
    statusBar()->showMessage(tr("Exploring %1 prompts × %2 seeds: %3 candidates queued.")
                                 .arg(prompts.size())
                                 .arg(seeds.size())
                                 .arg(exploreRound_.size()));
}

void MainWindow::compareRound() {
    QList<CompareView::Candidate> candidates;
    for (const qint64 id : std::as_const(exploreRound_)) {
        const auto record = queue_->history().record(id);
        if (!record || record->status != JobStatus::Succeeded)
            continue;
        CompareView::Candidate candidate;
        candidate.id = id;
        candidate.videoPath = record->videoPath;
        candidate.label = record->origin.isEmpty()
                              ? tr("#%1 · seed %2").arg(id).arg(record->request.seed)
                              : tr("#%1 · %2").arg(id).arg(record->origin);
        candidate.frameRate = record->request.outputFps;
        candidate.mark = record->mark == JobMark::Starred    ? 1
                         : record->mark == JobMark::Rejected ? -1
                                                             : 0;
        candidates << candidate;
    }
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
    const auto record = queue_->history().record(id);
    if (!record || record->status != JobStatus::Succeeded) {
        if (error)
            *error = tr("Only a finished job can be refined.");
        return false;
    }
    RefineStep step;
    if (kind == QLatin1String("more-steps")) {
        // The authors' 50 first; beyond it, half as many again.
        const int steps = record->request.steps < 50 ? 50 : record->request.steps * 3 / 2;
        step = RefineStep::moreSteps(steps);
    } else if (kind == QLatin1String("guidance-up")) {
        step = RefineStep::guidanceUp();
    } else if (kind == QLatin1String("guidance-down")) {
        step = RefineStep::guidanceDown();
    } else if (kind == QLatin1String("sharpen-prompt")) {
        QString sharper;
        for (const Finding& finding : lintPrompt(record->request.prompt)) {
            if (!finding.suggestion.isEmpty()) {
                sharper = finding.suggestion;
                break;
            }
        }
        if (sharper.isEmpty()) {
            if (error)
                *error =
                    tr("The prompt checker has no sharper wording for this prompt: edit "
                       "the prompt and run again.");
            return false;
        }
        step = RefineStep::sharpenedPrompt(sharper);
    } else if (kind == QLatin1String("finalise-quality")) {
        step = RefineStep::finalise(QStringLiteral("quality"));
    } else if (kind == QLatin1String("finalise-native")) {
        step = RefineStep::finalise(QStringLiteral("native"));
    } else {
        return false;
    }
    const auto refinement = refinedRequest(record->request, record->sidecarPath, step,
                                           QImage(record->request.imagePath).size());
    if (!refinement) {
        if (error)
            *error = refinement.error().message;
        return false;
    }
    GenerationRequest refined = refinement->request;
    refined.engine = record->request.engine;
    enqueue(refined, id, refined.origin);
    QString message = refinement->note;
    if (refinement->sizeChanged || refinement->framesChanged)
        message += QLatin1Char(' ') + tr("The composition will differ from its parent's: the "
                                         "size or frame count changes the shape of the noise.");
    statusBar()->showMessage(message);
    return true;
}

void MainWindow::markRecord(qint64 id, int mark) {
    queue_->setMark(id, mark > 0 ? JobMark::Starred : mark < 0 ? JobMark::Rejected : JobMark::None);
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
        jobLabel_->setText(tr("Stopping the job…"));
        if (queue_->isBusy())
            loop.exec();
    }
    monitor_->stop();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!localFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = localFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    if (isRecordFile(path))
        restoreFrom(path);
    else
        openImage(path);
}

void MainWindow::showHelp() {
    QMessageBox::information(
        this, tr("Kinora Help"),
        tr("<h3>Kinora %1</h3>"
           "<p><b>1.</b> Open a picture (<b>File › Open image…</b>, drop a file, or paste with "
           "Ctrl+Shift+V). The dimmed part is what the chosen video size crops away.</p>"
           "<p><b>2.</b> Describe the motion: <i>subject + action + direction/speed + "
           "environment</i>. The <b>Motion keywords</b> palette inserts phrases the model "
           "understands; the token count shows what the model would not read.</p>"
           "<p><b>3.</b> Pick a preset (Fast to explore, Quality or Native for the final "
           "video) and press <b>Generate</b> (Ctrl+Return). <b>Diagnostics</b> lists what would "
           "spoil the run before you start; double-click a finding to apply its fix.</p>"
           "<p><b>4.</b> Watch the preview form as it samples; Esc cancels within one step. "
           "Finished videos play in the preview and stay in <b>History</b>, where you can "
           "re-run them, try a new seed or save their settings as a preset. Drop a Kinora "
           "video onto the window to restore how it was made.</p>"
           "<p>Without a model folder (Settings) Kinora makes camera moves read from the "
           "prompt. The command line does the same: <code>kinora-cli --help</code>.</p>")
            .arg(kinoraVersion()));
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

}  // namespace kinora::ui
