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

// Makes host memory follow the tensors that are alive: glibc's default raises its mmap threshold
// up to 32 MiB as large blocks are freed, after which freed feature maps stay in the heap and the
// resident set keeps hundreds of megabytes more than the live tensors (measured: 500 MiB over a
// 100 MiB live set in the real UNet at 256x256 x 8 frames). A fixed 1 MiB threshold returns
// every tensor of 1 MiB or more to the system when it is freed. Process-wide; idempotent.
void configureHostAllocator();

// Gives memory that freed tensors left cached back to the system: glibc's heap on the CPU (the
// CUDA caching allocator releases its cached blocks itself before it reports out of memory).
void releaseCachedMemory();

}  // namespace kinora::model
