#include "facade/BuildInfo.h"

#include <QtGlobal>

#include "facade/Version.h"
#include "media/MediaLibraries.h"
#include "model/runtime/Runtime.h"

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
        {QStringLiteral("BLAS"), blasLibraryName()},
        {QStringLiteral("Allocator"), hostAllocatorName()},
    };
}

QString blasLibraryName() {
    const auto blas = model::blasLibrary();
    if (!blas)
        return QStringLiteral("unknown");
    return QStringLiteral("%1 (%2 kernels)")
        .arg(QString::fromStdString(blas->name), QString::fromStdString(blas->kernels));
}

QString hostAllocatorName() {
    return QString::fromStdString(model::hostAllocator().name);
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
