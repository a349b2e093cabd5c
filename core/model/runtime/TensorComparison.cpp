#include "model/runtime/TensorComparison.h"

#include <limits>
#include <sstream>

#include <ATen/ATen.h>

#include "model/weights/SafetensorsFile.h"

namespace kinora::model {

double TensorComparison::maxRelError() const {
    if (referenceScale > 0.0)
        return maxAbsError / referenceScale;
    return maxAbsError == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
}

std::string TensorComparison::describe() const {
    std::ostringstream text;
    text << name << ": max abs error " << maxAbsError << ", relative to max |reference| "
         << maxRelError() << " (" << tolerance.kind << ": atol " << tolerance.atol << ", rtol "
         << tolerance.rtol << ", scale rtol " << tolerance.scaleRtol << "; " << boundUsed
         << " of the bound) " << (pass ? "pass" : "FAIL");
    if (!detail.empty())
        text << " - " << detail;
    return text.str();
}

TensorComparison compareTensors(const std::string& name, const at::Tensor& actual,
                                const at::Tensor& expected, const Tolerance& tolerance) {
    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    TensorComparison result;
    result.name = name;
    result.tolerance = tolerance;
    if (actual.sizes() != expected.sizes()) {
        result.shapesMatch = false;
        result.maxAbsError = kInfinity;
        result.boundUsed = kInfinity;
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
    if (!a.isfinite().all().item<bool>()) {
        result.maxAbsError = kInfinity;
        result.boundUsed = kInfinity;
        result.detail = "the computed tensor holds NaN or infinity";
        return result;
    }
    const auto error = (a - e).abs().flatten();
    result.referenceScale = e.abs().max().item<double>();
    const auto bound =
        (tolerance.atol + tolerance.scaleRtol * result.referenceScale + tolerance.rtol * e.abs())
            .flatten();
    // error / bound, where a zero bound (exact) turns any error into infinity and 0/0 into 0.
    const auto used = at::where(error == 0, at::zeros_like(error), error / bound);
    const auto worst = used.argmax().item<std::int64_t>();
    result.maxAbsError = error.max().item<double>();
    result.boundUsed = used[worst].item<double>();
    result.pass = result.boundUsed <= 1.0;
    if (!result.pass) {
        std::ostringstream where;
        where << "worst at flat index " << worst << ": " << a.flatten()[worst].item<double>()
              << " vs " << e.flatten()[worst].item<double>() << ", bound "
              << bound[worst].item<double>();
        result.detail = where.str();
    }
    return result;
}

Tolerance pipelineTraceTolerance(const std::string& name, const at::Tensor& expected) {
    if (!expected.is_floating_point() || name == "init_latents")
        return tolerance::kExact;
    if (name == "prompt_embeds" || name == "image_embeddings" || name == "vae_pixels" ||
        name == "image_latents")
        return tolerance::kComponent;
    return tolerance::kEndToEnd;
}

}  // namespace kinora::model
