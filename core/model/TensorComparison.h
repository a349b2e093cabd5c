// Comparing computed tensors with reference (golden) tensors: used by the tests and by the
// Qt-free parity tool, so both judge with the same rule.
#pragma once

#include <string>

#include <ATen/core/Tensor.h>

namespace kinora::model {

struct TensorComparison {
    std::string name;
    double maxAbsError = 0.0;
    double atol = 0.0;
    double rtol = 0.0;
    bool shapesMatch = true;
    bool pass = false;
    std::string detail;  // the shapes when they differ, or where the largest error is

    std::string describe() const;
};

// Passes when shapes are equal and |actual - expected| <= atol + rtol * |expected| everywhere
// (torch.allclose's rule); atol = rtol = 0 demands exact equality. NaN never passes.
TensorComparison compareTensors(const std::string& name, const at::Tensor& actual,
                                const at::Tensor& expected, double atol, double rtol = 0.0);

}  // namespace kinora::model
