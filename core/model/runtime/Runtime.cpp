#include "model/runtime/Runtime.h"

#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <malloc.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <limits>
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

namespace {

// The shared object whose definition of `symbol` this process uses (the first in lookup order),
// or empty when there is none.
std::string providerOf(const char* symbol) {
    Dl_info info{};
    void* const address = dlsym(RTLD_DEFAULT, symbol);
    if (!address || !dladdr(address, &info) || !info.dli_fname)
        return {};
    return info.dli_fname;
}

// jemalloc's control interface, only where jemalloc is the malloc this process uses: found at run
// time so that one build of this library serves a process linked with jemalloc, one on glibc's
// malloc and one under a sanitizer's allocator.
using MallocControl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);

MallocControl jemallocControl() {
    static const MallocControl control = []() -> MallocControl {
        const auto provider = providerOf("malloc");
        if (provider.find("jemalloc") == std::string::npos || providerOf("mallctl") != provider)
            return nullptr;
        return reinterpret_cast<MallocControl>(dlsym(RTLD_DEFAULT, "mallctl"));
    }();
    return control;
}

constexpr unsigned kAllArenas = 4096;  // jemalloc.h's MALLCTL_ARENAS_ALL

}  // namespace

void configureHostAllocator() {
    if (const auto control = jemallocControl()) {
        // -1: freed pages are never given back by time decay, only by the purge in
        // releaseCachedMemory, for the arenas that exist and those made later.
        ssize_t never = -1;
        for (const char* setting : {"arenas.dirty_decay_ms", "arenas.muzzy_decay_ms"})
            control(setting, nullptr, nullptr, &never, sizeof never);
        unsigned arenas = 0;
        std::size_t size = sizeof arenas;
        if (control("arenas.narenas", &arenas, &size, nullptr, 0) == 0) {
            for (unsigned arena = 0; arena < arenas; ++arena) {
                for (const char* decay : {"dirty_decay_ms", "muzzy_decay_ms"}) {
                    const auto name = "arena." + std::to_string(arena) + "." + decay;
                    control(name.c_str(), nullptr, nullptr, &never, sizeof never);
                }
            }
        }
    } else {
        // One arena whose heap grows with brk for blocks of any size below 2 GiB and is trimmed
        // only by releaseCachedMemory: thread arenas would map every block above their 64 MiB
        // heaps afresh, as the default threshold does above 32 MiB.
        mallopt(M_ARENA_MAX, 1);
        mallopt(M_MMAP_THRESHOLD, std::numeric_limits<int>::max());
        mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
    }
}

void releaseCachedMemory() {
    if (const auto control = jemallocControl()) {
        const auto purge = "arena." + std::to_string(kAllArenas) + ".purge";
        control(purge.c_str(), nullptr, nullptr, nullptr, 0);
    } else {
        malloc_trim(0);
    }
}

HostAllocatorInfo hostAllocator() {
    HostAllocatorInfo info;
    const auto provider = providerOf("malloc");
    if (const auto control = jemallocControl()) {
        const char* version = nullptr;
        std::size_t size = sizeof version;
        info.version =
            control("version", &version, &size, nullptr, 0) == 0 && version ? version : "unknown";
        info.name = "jemalloc " + info.version.substr(0, info.version.find('-'));
    } else if (provider.find("libc.so") != std::string::npos) {
        info.version = gnu_get_libc_version();
        info.name = "glibc malloc " + info.version;
    } else {
        // A sanitizer's runtime, or a preloaded allocator this library does not tune.
        info.version = provider.empty() ? "unknown" : provider;
        info.name = "malloc of " + info.version.substr(info.version.rfind('/') + 1);
    }
    return info;
}

std::optional<BlasInfo> blasLibrary() {
    using Text = char* (*)();
    const auto config = reinterpret_cast<Text>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
    const auto corename = reinterpret_cast<Text>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    if (!config || !corename)
        return std::nullopt;
    // openblas_get_config(): "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64"
    std::istringstream words(config() ? config() : "");
    std::string library, version;
    words >> library >> version;
    BlasInfo info;
    info.name = library + (version.empty() ? "" : " " + version);
    info.kernels = corename() ? corename() : "";
    return info;
}

}  // namespace kinora::model
