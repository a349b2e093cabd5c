// Facts about the LibTorch runtime this library was built against and runs on.
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>

namespace kinora::model {

std::string libtorchVersion();
bool cudaAvailable();
int cudaDeviceCount();
// Intra-op threads for CPU kernels; LibTorch's default here is 1.
void setComputeThreads(int threads);
int computeThreads();

struct MemoryInfo {
    std::uint64_t totalBytes = 0;
    std::uint64_t availableBytes = 0;  // what can be allocated without swapping or failing
};

// /proc/meminfo's MemTotal and MemAvailable; empty where there is no such file.
std::optional<MemoryInfo> hostMemory();
// This process's resident set (/proc/self/statm); 0 where unknown.
std::uint64_t processResidentBytes();
// cudaMemGetInfo for a device, looked up in the CUDA runtime that a CUDA LibTorch has loaded;
// empty on a CPU-only LibTorch.
std::optional<MemoryInfo> cudaMemory(int device);

// An allocation failure on any device: c10::OutOfMemoryError (CUDA), std::bad_alloc, or the CPU
// allocator's "can't allocate memory" error.
bool isOutOfMemoryError(const std::exception& error);

// Host memory for the tensors of one phase (encode, denoise, decode) is allocated once and
// reused, not mapped and unmapped per tensor: a UNet step frees and reallocates its whole working
// set (feature maps and oneDNN's weight reorders, many above glibc's 32 MiB mmap limit), and with
// every such block a fresh zero-filled mapping, page faults were most of the step (measured in
// docs/performance.md). With jemalloc in the process (linked by default, see KINORA_ALLOCATOR)
// freed pages are kept by its arenas until releaseCachedMemory(); with glibc's malloc (sanitizer
// builds) the same through a heap that is never trimmed or bypassed by mmap. Process-wide;
// idempotent.
void configureHostAllocator();

// Gives the memory that freed tensors left cached back to the system (jemalloc's arenas purged,
// or glibc's heap trimmed). Called between phases and when a job ends, so the resident set follows
// the live tensors and an idle app does not sit on a step's working set. The CUDA caching allocator
// releases its cached blocks itself before it reports out of memory.
void releaseCachedMemory();

// The allocator serving host memory in this process, for doctor and --version.
struct HostAllocatorInfo {
    std::string name;     // "jemalloc 5.3.0" or "glibc malloc 2.36"
    std::string version;  // the allocator's full version string
};
HostAllocatorInfo hostAllocator();

// The BLAS that LibTorch's CPU matrix products run on, and the kernels it chose when it loaded.
struct BlasInfo {
    std::string name;     // "OpenBLAS 0.3.21"
    std::string kernels;  // the core type OpenBLAS runs, e.g. "SkylakeX", "Zen", "Haswell"
};
// Empty where the BLAS is not OpenBLAS (or none is loaded).
std::optional<BlasInfo> blasLibrary();

}  // namespace kinora::model
