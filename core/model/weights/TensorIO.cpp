#include "model/weights/TensorIO.h"

#include <cstdint>
#include <cstring>

#include <ATen/ATen.h>

namespace kinora::model {

c10::ScalarType scalarTypeOf(DType dtype) {
    switch (dtype) {
        case DType::F64:
            return at::kDouble;
        case DType::F32:
            return at::kFloat;
        case DType::F16:
            return at::kHalf;
        case DType::BF16:
            return at::kBFloat16;
        case DType::I64:
            return at::kLong;
        case DType::I32:
            return at::kInt;
        case DType::I16:
            return at::kShort;
        case DType::I8:
            return at::kChar;
        case DType::U8:
            return at::kByte;
        case DType::BOOL:
            return at::kBool;
    }
    return at::kFloat;
}

Expected<DType> dtypeOf(c10::ScalarType type) {
    for (DType dtype : {DType::F64, DType::F32, DType::F16, DType::BF16, DType::I64, DType::I32,
                        DType::I16, DType::I8, DType::U8, DType::BOOL}) {
        if (scalarTypeOf(dtype) == type)
            return dtype;
    }
    return fail(ErrorCode::InvalidInput,
                std::string("tensors of type ") + c10::toString(type) + " cannot be saved");
}

at::Tensor mappedTensor(const SafetensorsFile& file, const TensorInfo& info) {
    const auto options = at::TensorOptions().dtype(scalarTypeOf(info.dtype));
    if (info.numel() == 0)
        return at::empty(info.shape, options);
    const std::byte* data = file.data(info);
    const bool aligned = reinterpret_cast<std::uintptr_t>(data) % dtypeSize(info.dtype) == 0;
    // from_blob wants a mutable pointer; the view is documented read-only.
    void* address = const_cast<std::byte*>(data);
    if (!aligned) {
        auto copy = at::empty(info.shape, options);
        std::memcpy(copy.data_ptr(), data, info.byteSize());
        return copy;
    }
    auto keepAlive = file.keepAlive();
    return at::from_blob(
        address, info.shape, [keepAlive](void*) {}, options);
}

Expected<std::map<std::string, at::Tensor>> readTensorFile(const std::filesystem::path& path) {
    auto file = SafetensorsFile::open(path);
    if (!file)
        return tl::unexpected(file.error());
    std::map<std::string, at::Tensor> tensors;
    for (const auto& info : file->tensors())
        tensors[info.name] = mappedTensor(*file, info).clone();
    return tensors;
}

Expected<void> writeTensorFile(const std::filesystem::path& path,
                               const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                               const std::map<std::string, std::string>& metadata) {
    std::vector<at::Tensor> contiguous;
    std::vector<TensorToWrite> toWrite;
    contiguous.reserve(tensors.size());
    for (const auto& [name, tensor] : tensors) {
        auto dtype = dtypeOf(tensor.scalar_type());
        if (!dtype)
            return tl::unexpected(dtype.error());
        contiguous.push_back(tensor.detach().to(at::kCPU).contiguous());
        toWrite.push_back(
            {name, *dtype, contiguous.back().sizes().vec(), contiguous.back().data_ptr()});
    }
    return writeSafetensors(path, toWrite, metadata);
}

}  // namespace kinora::model
