#include "model/Runtime.h"

#include <dlfcn.h>
#include <malloc.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <new>
#include <sstream>

#include <ATen/Parallel.h>
#include <c10/util/Exception.h>
#include <torch/cuda.h>
#include <torch/version.h>

namespace kinora::model {

std::string libtorchVersion() {
    return TORCH_VERSION;
}

bool cudaAvailable() {
    return torch::cuda::is_available();
}

int cudaDeviceCount() {
    return static_cast<int>(torch::cuda::device_count());
}

void setComputeThreads(int threads) {
    if (threads > 0)
        at::set_num_threads(threads);
}

int computeThreads() {
    return at::get_num_threads();
}

std::optional<MemoryInfo> hostMemory() {
    std::ifstream file("/proc/meminfo");
    if (!file)
        return std::nullopt;
    MemoryInfo info;
    bool total = false, available = false;
    std::string line;
    while (std::getline(file, line)) {
        std::istringstream fields(line);
        std::string key;
        std::uint64_t kib = 0;
        fields >> key >> kib;
        if (key == "MemTotal:") {
            info.totalBytes = kib * 1024;
            total = true;
        } else if (key == "MemAvailable:") {
            info.availableBytes = kib * 1024;
            available = true;
        }
    }
    if (!total || !available)
        return std::nullopt;
    return info;
}

std::uint64_t processResidentBytes() {
    std::ifstream file("/proc/self/statm");
    std::uint64_t size = 0, resident = 0;
    if (!(file >> size >> resident))
        return 0;
    return resident * std::uint64_t(sysconf(_SC_PAGESIZE));
}

std::optional<MemoryInfo> cudaMemory(int device) {
    if (!cudaAvailable() || device >= cudaDeviceCount())
        return std::nullopt;
    // The CUDA runtime is loaded by a CUDA LibTorch; a CPU build never gets here.
    using SetDevice = int (*)(int);
    using MemGetInfo = int (*)(std::size_t*, std::size_t*);
    const auto setDevice = reinterpret_cast<SetDevice>(dlsym(RTLD_DEFAULT, "cudaSetDevice"));
    const auto memGetInfo = reinterpret_cast<MemGetInfo>(dlsym(RTLD_DEFAULT, "cudaMemGetInfo"));
    if (!setDevice || !memGetInfo || setDevice(device) != 0)
        return std::nullopt;
    std::size_t freeBytes = 0, totalBytes = 0;
    if (memGetInfo(&freeBytes, &totalBytes) != 0)
        return std::nullopt;
    return MemoryInfo{totalBytes, freeBytes};
}

bool isOutOfMemoryError(const std::exception& error) {
    if (dynamic_cast<const std::bad_alloc*>(&error) ||
        dynamic_cast<const c10::OutOfMemoryError*>(&error))
        return true;
    if (dynamic_cast<const c10::Error*>(&error)) {
        const char* text = error.what();
        return std::strstr(text, "DefaultCPUAllocator: can't allocate memory") ||
               std::strstr(text, "CUDA out of memory") || std::strstr(text, "out of memory");
    }
    return false;
}

void configureHostAllocator() {
    constexpr int kMmapThresholdBytes = 1 << 20;
    mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
}

void releaseCachedMemory() {
    malloc_trim(0);
}

}  // namespace kinora::model
