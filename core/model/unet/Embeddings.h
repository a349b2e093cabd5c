// Mirrors diffusers.models.embeddings: Timesteps (sinusoidal projection of timesteps, or of any
// integer micro-condition such as fps) and TimestepEmbedding (Linear, SiLU, Linear).
#pragma once

#include <cstdint>

#include <torch/nn/module.h>

#include "model/layers/Layers.h"

namespace kinora::model {

// Parameter-free: [B] integer or float values -> [B, channels] float32, always computed in fp32
// (callers cast to the model's dtype, as the reference does).
struct Timesteps {
    std::int64_t channels = 0;
    bool flipSinToCos = false;  // cos half first
    double downscaleFreqShift = 1;
    double maxPeriod = 10000;

    at::Tensor operator()(const at::Tensor& timesteps) const;
};

class TimestepEmbeddingImpl : public torch::nn::Module {
public:
    TimestepEmbeddingImpl(std::int64_t inChannels, std::int64_t embedDim,
                          const torch::TensorOptions& options);
    // x: [B, inChannels] -> [B, embedDim]
    at::Tensor forward(const at::Tensor& x);

private:
    Linear linear1{nullptr};
    Linear linear2{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

}  // namespace kinora::model
