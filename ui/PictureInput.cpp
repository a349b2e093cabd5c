#include "ui/PictureInput.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QMimeData>
#include <QStandardPaths>
#include <QUrl>

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

}  // namespace

PictureInput::PictureInput(QWidget* window) : QObject(window), window_(window) {}

void PictureInput::choose(const QString& currentPath) {
    const QString folder = currentPath.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
                               : QFileInfo(currentPath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        window_, tr("Open image"), folder,
        tr("Pictures (%1)").arg(openablePatterns().join(QLatin1Char(' '))));
    if (!path.isEmpty())
        Q_EMIT pictureChosen(path);
}

void PictureInput::paste() {
    const QString file = localFile(QApplication::clipboard()->mimeData());
    if (!file.isEmpty()) {
        Q_EMIT pictureChosen(file);
        return;
    }
    const QImage image = QApplication::clipboard()->image();
    if (image.isNull()) {
        Q_EMIT statusMessage(tr("The clipboard holds no picture."));
        return;
    }
    const QString folder = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                               .filePath(QStringLiteral("pasted"));
    QDir().mkpath(folder);
    const QString path = QDir(folder).filePath(
        QStringLiteral("pasted-%1.png")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss-zzz"))));
    if (!image.save(path)) {
        Q_EMIT failed(tr("Cannot paste the picture"), tr("Cannot write %1.").arg(path),
                      tr("Check that the disk has space and the folder is writable."));
        return;
    }
    Q_EMIT pictureChosen(path);
}

bool PictureInput::accepts(const QMimeData* mime) {
    return !localFile(mime).isEmpty();
}

void PictureInput::drop(const QMimeData* mime) {
    const QString path = localFile(mime);
    if (path.isEmpty())
        return;
    if (isRecordFile(path))
        Q_EMIT recordChosen(path);
    else
        Q_EMIT pictureChosen(path);
}

}  // namespace kinora::ui
