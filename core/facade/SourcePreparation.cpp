#include "facade/SourcePreparation.h"

#include <QDir>
#include <QFile>
#include <QTemporaryFile>

#include "facade/Logging.h"
#include "media/ImageLoader.h"
#include "media/ImagePreprocess.h"

namespace kinora {

PreparedSource::PreparedSource(PreparedSource&& other) noexcept
    : request(std::move(other.request)),
      applied(std::move(other.applied)),
      error(std::move(other.error)),
      remedy(std::move(other.remedy)),
      temporaryPath_(std::exchange(other.temporaryPath_, QString())) {}

PreparedSource::~PreparedSource() {
    if (!temporaryPath_.isEmpty())
        QFile::remove(temporaryPath_);
}

QString PreparedSource::summary() const {
    return applied.isEmpty()
               ? QString()
               : QStringLiteral("preprocessed: ") + applied.join(QStringLiteral(", "));
}

PreparedSource prepareSource(const GenerationRequest& request) {
    PreparedSource prepared;
    prepared.request = request;
    if (!request.preprocess.any())
        return prepared;
    prepared.request.preprocess = {};

    const media::LoadedImage loaded = media::loadInputImage(request.imagePath);
    if (!loaded.ok()) {
        prepared.error = loaded.error;
        prepared.remedy = loaded.remedy;
        return prepared;
    }
    media::PreprocessOptions options;
    options.resize = request.preprocess.resize;
    options.workingSize = QSize(request.width, request.height);
    options.enhanceContrast = request.preprocess.contrast;
    options.enhanceSharpness = request.preprocess.sharpness;
    options.correctExposure = request.preprocess.exposure;
    const media::PreprocessResult result = media::preprocessImage(loaded.image, options);
    if (!result.ok()) {
        prepared.error = QStringLiteral("cannot preprocess %1: %2")
                             .arg(QDir::toNativeSeparators(request.imagePath), result.error);
        prepared.remedy = QStringLiteral("Run the job without preprocessing");
        return prepared;
    }
    prepared.applied = result.applied;
    if (result.applied.isEmpty())
        return prepared;  // nothing changed the picture: run on the original

    // PNG: lossless, so the steps are all the job's source differs by.
    QTemporaryFile file(
        QDir(QDir::tempPath()).filePath(QStringLiteral("kinora-source-XXXXXX.png")));
    file.setAutoRemove(false);
    if (!file.open() || !result.image.save(&file, "PNG")) {
        prepared.error = QStringLiteral("cannot write the preprocessed picture to %1")
                             .arg(QDir::toNativeSeparators(QDir::tempPath()));
        prepared.remedy = QStringLiteral(
            "Free some space in the temporary folder, or run the job "
            "without preprocessing");
        file.remove();
        return prepared;
    }
    prepared.temporaryPath_ = file.fileName();
    prepared.request.imagePath = prepared.temporaryPath_;
    qCInfo(lcPipeline).noquote() << prepared.summary();
    return prepared;
}

}  // namespace kinora
