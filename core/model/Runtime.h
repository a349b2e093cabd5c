// Facts about the LibTorch runtime this library was built against and runs on.
#pragma once

#include <string>

namespace kinora::model {

std::string libtorchVersion();
bool cudaAvailable();
int cudaDeviceCount();
// Intra-op threads for CPU kernels; LibTorch's default here is 1.
void setComputeThreads(int threads);
int computeThreads();

}  // namespace kinora::model
