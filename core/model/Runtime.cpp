#include "model/Runtime.h"

#include <ATen/Parallel.h>
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

}  // namespace kinora::model
