// Version of Kinora and of the libraries it runs on (About dialog, --version, bug reports).
#pragma once

#include <QList>
#include <QString>

namespace kinora {

struct LibraryVersion {
    QString name;
    QString version;
};

QString kinoraVersion();
QList<LibraryVersion> libraryVersions();
// Devices the model library can run on here, e.g. "cpu" or "cpu, cuda (1 device)".
QString availableDevices();
// The BLAS LibTorch's CPU matrix products run on and its kernels, e.g. "OpenBLAS 0.3.21
// (SkylakeX kernels)"; "unknown" where it is not OpenBLAS.
QString blasLibraryName();
// The allocator serving this process's host memory, e.g. "jemalloc 5.3.0" (doctor, --version).
QString hostAllocatorName();
// CUDA devices LibTorch can use here (0 in a CPU-only build or without a driver).
int cudaDeviceCount();

}  // namespace kinora
