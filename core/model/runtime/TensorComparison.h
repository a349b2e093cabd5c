// Comparing computed tensors with reference (golden) tensors: the one tolerance policy of the
// project, used by every numeric comparison of the tests and by the Qt-free parity tool, so both
// judge with the same rule. docs/parity.md explains each bound and how it was chosen.
#pragma once

#include <string>

#include <ATen/core/Tensor.h>

namespace kinora::model {

// An element passes when |actual - expected| <= atol + rtol * |expected| + scaleRtol *
// max|expected|. The last term is the bound relative to the reference's largest magnitude: rounding
// differences of a sum (a matmul, a convolution, a norm) grow with the size of its terms, not with
// the size of the result, so an element near zero computed from large terms needs the tensor's
// scale.
struct Tolerance {
    const char* kind = "exact";
    double atol = 0.0;
    double rtol = 0.0;
    double scaleRtol = 0.0;

    bool isExact() const { return atol == 0.0 && rtol == 0.0 && scaleRtol == 0.0; }
    // The same bound multiplied by factor (kinora-parity's --tolerance-scale); exact stays exact.
    Tolerance scaledBy(double factor) const {
        return {kind, atol * factor, rtol * factor, scaleRtol * factor};
    }
};

// The named bounds, each at least as wide as the one before it in every term; the only place a
// numeric tolerance is written.
namespace tolerance {
// Integer paths (token ids, uint8 pixels, timesteps), random draws, and reruns of the same code.
inline constexpr Tolerance kExact{"exact", 0.0, 0.0, 0.0};
// The same maths in another summation order: chunked vs whole attention, frame chunks of the
// decoder, one tile covering the image vs the whole decode. Float32 rounding only.
inline constexpr Tolerance kReordered{"reordered", 1e-7, 1e-5, 2e-6};
// One component (encoder, scheduler step, preprocessing, VAE) against the reference's tensor.
inline constexpr Tolerance kComponent{"component", 1e-5, 1e-5, 2e-6};
// The whole UNet and its intermediate activations against the reference: dozens of layers deep,
// so rounding compounds with the activations' scale.
inline constexpr Tolerance kNetwork{"network", 1e-5, 1e-5, 2e-5};
// A whole pipeline call (every step, the decoder) against the reference's latents and frames.
inline constexpr Tolerance kEndToEnd{"end-to-end", 1e-4, 1e-4, 2e-5};
// A bfloat16 or float16 run against the float32 reference: 8 or 11 significant bits, which a
// deep network with small random weights amplifies (the reference itself in bfloat16 lands up to
// 14% of the scale from its float32 output on our fixtures); a wrong layer is off by about 100%.
inline constexpr Tolerance kReducedPrecision{"reduced-precision", 1e-3, 1e-2, 0.25};
}  // namespace tolerance

struct TensorComparison {
    std::string name;
    Tolerance tolerance;
    double maxAbsError = 0.0;
    double referenceScale = 0.0;  // max |expected|
    double boundUsed = 0.0;       // max over elements of |error| / bound; 1 or less passes
    bool shapesMatch = true;
    bool pass = false;
    std::string detail;  // the shapes when they differ, or where the largest error is

    // max abs error relative to the reference's largest magnitude.
    double maxRelError() const;
    std::string describe() const;
};

// Passes when shapes are equal, the computed tensor is finite, and every element is within the
// tolerance above; kExact demands exact equality.
TensorComparison compareTensors(const std::string& name, const at::Tensor& actual,
                                const at::Tensor& expected, const Tolerance& tolerance);

// The bound for a tensor the pipeline traces (I2VGenXLPipeline's PipelineCallbacks::trace, the
// keys of the pipeline goldens): integers and the seeded initial noise exact, what one component
// computes from the inputs (embeddings, VAE pixels and latents) kComponent, and everything the
// denoising loop has touched kEndToEnd.
Tolerance pipelineTraceTolerance(const std::string& name, const at::Tensor& expected);

}  // namespace kinora::model
