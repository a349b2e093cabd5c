// Between safetensors files and torch tensors: dtype mapping, zero-copy views of mapped weights,
// and whole-file reads and writes (golden tensors, saved latents).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "model/runtime/Error.h"
#include "model/weights/SafetensorsFile.h"

namespace kinora::model {

c10::ScalarType scalarTypeOf(DType dtype);
Expected<DType> dtypeOf(c10::ScalarType type);

// A tensor over the file's mapped bytes when they are aligned for the dtype (no copy), else a copy.
// A view is READ-ONLY (the mapping is): never modify it in place; copy it into a parameter or
// clone it. The mapping lives as long as the tensor.
at::Tensor mappedTensor(const SafetensorsFile& file, const TensorInfo& info);

// Every tensor of a file, as owned (writable) CPU tensors.
Expected<std::map<std::string, at::Tensor>> readTensorFile(const std::filesystem::path& path);

// Writes CPU copies of the tensors (any device) atomically (temporary file, then rename).
Expected<void> writeTensorFile(const std::filesystem::path& path,
                               const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                               const std::map<std::string, std::string>& metadata = {});

}  // namespace kinora::model
