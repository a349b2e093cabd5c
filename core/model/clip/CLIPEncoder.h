// Mirrors transformers' CLIPAttention, CLIPMLP, CLIPEncoderLayer and CLIPEncoder
// (models/clip/modeling_clip.py, v4.38): the pre-LayerNorm transformer stack that the CLIP text and
// vision towers share.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "model/layers/Layers.h"
#include "model/runtime/Error.h"

namespace kinora::model {

// The `hidden_act` values a CLIP config may name (the ones transformers documents for CLIP).
enum class CLIPActivation {
    Gelu,       // "gelu": exact, erf-based
    GeluTanh,   // "gelu_new": tanh approximation
    QuickGelu,  // "quick_gelu": x * sigmoid(1.702 x), the original OpenAI CLIP
    Relu,       // "relu"
    Selu,       // "selu"
};

// `source` names the config file for the error message.
Expected<CLIPActivation> clipActivationNamed(const std::string& name, const std::string& source);

// What the shared stack needs from a text or vision config.
struct CLIPEncoderDimensions {
    std::int64_t hiddenSize = 0;
    std::int64_t intermediateSize = 0;
    std::int64_t numHiddenLayers = 0;
    std::int64_t numAttentionHeads = 0;
    double layerNormEps = 1e-5;
    CLIPActivation activation = CLIPActivation::QuickGelu;
};

// The checks every CLIP config shares (positive sizes, heads dividing the width), naming `source`.
Expected<void> validateCLIPEncoderDimensions(const CLIPEncoderDimensions& dimensions,
                                             const std::string& source);

class CLIPAttentionImpl : public torch::nn::Module {
public:
    CLIPAttentionImpl(const CLIPEncoderDimensions& dimensions, const torch::TensorOptions& options);
    // x: [B, L, C] -> [B, L, C]; `causal` hides later tokens (the text tower).
    torch::Tensor forward(const torch::Tensor& x, bool causal);

    Linear k_proj{nullptr};
    Linear v_proj{nullptr};
    Linear q_proj{nullptr};
    Linear out_proj{nullptr};
    std::int64_t heads;
    std::int64_t headDim;
};
TORCH_MODULE(CLIPAttention);

class CLIPMLPImpl : public torch::nn::Module {
public:
    CLIPMLPImpl(const CLIPEncoderDimensions& dimensions, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    Linear fc1{nullptr};
    Linear fc2{nullptr};
    CLIPActivation activation;
};
TORCH_MODULE(CLIPMLP);

class CLIPEncoderLayerImpl : public torch::nn::Module {
public:
    CLIPEncoderLayerImpl(const CLIPEncoderDimensions& dimensions,
                         const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x, bool causal);

    CLIPAttention self_attn{nullptr};
    LayerNorm layer_norm1{nullptr};
    CLIPMLP mlp{nullptr};
    LayerNorm layer_norm2{nullptr};
};
TORCH_MODULE(CLIPEncoderLayer);

class CLIPEncoderImpl : public torch::nn::Module {
public:
    CLIPEncoderImpl(const CLIPEncoderDimensions& dimensions, const torch::TensorOptions& options);

    // x: [B, L, C] -> [B, L, C] after the first `layerCount` layers (every layer when negative).
    // With `hiddenStates`, receives the input and each layer's output, as transformers'
    // output_hidden_states does (hidden_states[0] = the embeddings).
    torch::Tensor forward(torch::Tensor x, bool causal, std::int64_t layerCount = -1,
                          std::vector<torch::Tensor>* hiddenStates = nullptr);

    std::int64_t layerCount() const { return static_cast<std::int64_t>(stack.size()); }

    torch::nn::ModuleList layers{nullptr};

private:
    std::vector<CLIPEncoderLayer> stack;  // the same modules as `layers`, typed
};
TORCH_MODULE(CLIPEncoder);

}  // namespace kinora::model
