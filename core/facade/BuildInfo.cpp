#include "facade/BuildInfo.h"

#include <QtGlobal>

#include "facade/Version.h"
#include "media/MediaLibraries.h"
#include "model/Runtime.h"

namespace kinora {

QString kinoraVersion() {
    return QStringLiteral(KINORA_VERSION);
}

QList<LibraryVersion> libraryVersions() {
    return {
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion())},
        {QStringLiteral("LibTorch"), QString::fromStdString(model::libtorchVersion())},
        {QStringLiteral("OpenCV"), media::opencvVersion()},
        {QStringLiteral("FFmpeg"), media::ffmpegVersion()},
    };
}

int cudaDeviceCount() {
    return model::cudaAvailable() ? model::cudaDeviceCount() : 0;
}

QString availableDevices() {
    const int cudaDevices = cudaDeviceCount();
    if (cudaDevices == 0)
        return QStringLiteral("cpu");
    return QStringLiteral("cpu, cuda (%1 device%2)")
        .arg(cudaDevices)
        .arg(cudaDevices > 1 ? "s" : "");
}

}  // namespace kinora
