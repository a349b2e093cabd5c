#include "ui/MainWindow.h"

#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QImageReader>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>

#include "facade/BuildInfo.h"
#include "ui/AboutDialog.h"
#include "ui/ImagePreview.h"

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

QString localImageFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls())
        return {};
    const QList<QUrl> urls = mime->urls();
    return urls.size() == 1 && urls.front().isLocalFile() ? urls.front().toLocalFile() : QString();
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/kinora.svg")));
    setAcceptDrops(true);

    workspace_ = new QStackedWidget(this);
    workspace_->addWidget(createWelcomePage());
    preview_ = new ImagePreview(workspace_);
    workspace_->addWidget(preview_);
    setCentralWidget(workspace_);

    createMenus();
    auto* device = new QLabel(tr("Device: %1").arg(availableDevices()), this);
    device->setObjectName(QStringLiteral("deviceLabel"));
    statusBar()->addPermanentWidget(device);
    statusBar()->showMessage(tr("Ready"));
    updateTitle();
    resize(1100, 720);
}

QWidget* MainWindow::createWelcomePage() {
    auto* page = new QWidget(this);
    page->setObjectName(QStringLiteral("welcomePage"));
    auto* layout = new QVBoxLayout(page);
    layout->setSpacing(12);
    layout->addStretch(3);

    auto* icon = new QLabel(page);
    icon->setPixmap(windowIcon().pixmap(QSize(128, 128)));
    icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);

    auto* title = new QLabel(QStringLiteral("<h1>Kinora</h1>"), page);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);

    auto* summary = new QLabel(tr("Image-to-video studio for the I2VGen-XL diffusion model"), page);
    summary->setAlignment(Qt::AlignCenter);
    layout->addWidget(summary);

    auto* hint = new QLabel(
        tr("Open a picture to start, or drop a PNG, JPEG or WebP file onto this window."), page);
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addSpacing(8);
    layout->addWidget(hint);

    auto* open = new QPushButton(tr("Open image…"), page);
    open->setObjectName(QStringLiteral("openImageButton"));
    open->setDefault(true);
    connect(open, &QPushButton::clicked, this, &MainWindow::chooseImage);
    layout->addWidget(open, 0, Qt::AlignHCenter);
    layout->addStretch(4);
    return page;
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    QAction* open = file->addAction(tr("&Open image…"), this, &MainWindow::chooseImage);
    open->setObjectName(QStringLiteral("openImageAction"));
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* presets = menuBar()->addMenu(tr("&Presets"));
    presets->setObjectName(QStringLiteral("presetsMenu"));
    QAction* none = presets->addAction(tr("No presets yet"));
    none->setEnabled(false);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction* manual = help->addAction(tr("Kinora &Help"), this, &MainWindow::showHelp);
    manual->setObjectName(QStringLiteral("helpAction"));
    manual->setShortcut(QKeySequence::HelpContents);
    help->addSeparator();
    QAction* about = help->addAction(tr("&About Kinora"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
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
        const QString message = tr("Cannot open %1: %2. Choose a PNG, JPEG or WebP picture.")
                                    .arg(QDir::toNativeSeparators(path), reader.errorString());
        statusBar()->showMessage(message);
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open the picture"), message,
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    imagePath_ = QFileInfo(path).absoluteFilePath();
    preview_->setImage(image);
    workspace_->setCurrentWidget(preview_);
    updateTitle();
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

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!localImageFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = localImageFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openImage(path);
}

void MainWindow::showHelp() {
    QMessageBox::information(
        this, tr("Kinora Help"),
        tr("<h3>Kinora %1</h3>"
           "<p>This window opens and shows a picture: use <b>File › Open image…</b>, or drop a "
           "PNG, JPEG or WebP file onto the window. Generating from the window is not there "
           "yet; the command-line tool does it:</p>"
           "<pre>kinora-cli generate --model MODEL_DIR --image PICTURE --prompt TEXT --output "
           "clip.mp4</pre>"
           "<p>Without a model folder it makes camera moves read from the prompt. "
           "<code>kinora-cli doctor</code> checks a prompt, settings and picture first, "
           "<code>kinora-cli inspect MODEL_DIR</code> checks a model folder, and "
           "<code>kinora-cli --help</code> lists every command.</p>")
            .arg(kinoraVersion()));
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

}  // namespace kinora::ui
