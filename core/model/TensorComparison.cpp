#include "model/TensorComparison.h"

#include <limits>
#include <sstream>

#include <ATen/ATen.h>

#include "model/SafetensorsFile.h"

namespace kinora::model {

std::string TensorComparison::describe() const {
    std::ostringstream text;
    text << name << ": max abs error " << maxAbsError << " (atol " << atol << ", rtol " << rtol
         << ") " << (pass ? "pass" : "FAIL");
    if (!detail.empty())
        text << " - " << detail;
    return text.str();
}

TensorComparison compareTensors(const std::string& name, const at::Tensor& actual,
                                const at::Tensor& expected, double atol, double rtol) {
    TensorComparison result;
    result.name = name;
    result.atol = atol;
    result.rtol = rtol;
    if (actual.sizes() != expected.sizes()) {
        result.shapesMatch = false;
        result.maxAbsError = std::numeric_limits<double>::infinity();
        result.detail = "shape " + shapeToString(actual.sizes().vec()) + " vs expected " +
                        shapeToString(expected.sizes().vec());
        return result;
    }
    if (actual.numel() == 0) {
        result.pass = true;
        return result;
    }
    const auto a = actual.detach().to(at::kCPU, at::kDouble);
    const auto e = expected.detach().to(at::kCPU, at::kDouble);
    const auto error = (a - e).abs();
    const auto worst = error.flatten().argmax().item<std::int64_t>();
    result.maxAbsError = error.flatten()[worst].item<double>();
    const bool finite = a.isfinite().all().item<bool>();
    const bool within = (error <= (atol + rtol * e.abs())).all().item<bool>();
    result.pass = finite && within;
    if (!finite) {
        result.detail = "the computed tensor holds NaN or infinity";
        result.maxAbsError = std::numeric_limits<double>::infinity();
    } else if (!result.pass) {
        std::ostringstream where;
        where << "worst at flat index " << worst << ": " << a.flatten()[worst].item<double>()
              << " vs " << e.flatten()[worst].item<double>();
        result.detail = where.str();
    }
    return result;
}

}  // namespace kinora::model
