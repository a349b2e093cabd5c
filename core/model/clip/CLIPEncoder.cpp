#include "model/clip/CLIPEncoder.h"

#include <cmath>
#include <utility>

#include <ATen/ATen.h>

#include "model/layers/AttentionKernel.h"

namespace kinora::model {
namespace {

const char* const kReplaceConfig = "Replace the file with the one from the model's repository";

torch::Tensor activate(const torch::Tensor& x, CLIPActivation activation) {
    switch (activation) {
        case CLIPActivation::Gelu:
            return at::gelu(x);
        case CLIPActivation::GeluTanh:
            return at::gelu(x, "tanh");
        case CLIPActivation::QuickGelu:
            return x * at::sigmoid(x * 1.702);
        case CLIPActivation::Relu:
            return at::relu(x);
        case CLIPActivation::Selu:
            return at::selu(x);
    }
    return x;
}

}  // namespace

Expected<CLIPActivation> clipActivationNamed(const std::string& name, const std::string& source) {
    if (name == "gelu")
        return CLIPActivation::Gelu;
    if (name == "gelu_new")
        return CLIPActivation::GeluTanh;
    if (name == "quick_gelu")
        return CLIPActivation::QuickGelu;
    if (name == "relu")
        return CLIPActivation::Relu;
    if (name == "selu")
        return CLIPActivation::Selu;
    return fail(ErrorCode::InvalidConfig,
                source + ": hidden_act \"" + name +
                    "\" is not a CLIP activation (gelu, gelu_new, quick_gelu, relu, selu)",
                kReplaceConfig);
}

Expected<void> validateCLIPEncoderDimensions(const CLIPEncoderDimensions& dimensions,
                                             const std::string& source) {
    const std::pair<const char*, std::int64_t> sizes[] = {
        {"hidden_size", dimensions.hiddenSize},
        {"intermediate_size", dimensions.intermediateSize},
        {"num_hidden_layers", dimensions.numHiddenLayers},
        {"num_attention_heads", dimensions.numAttentionHeads},
    };
    for (const auto& [key, value] : sizes) {
        if (value <= 0) {
            return fail(ErrorCode::InvalidConfig,
                        source + ": " + key + " is " + std::to_string(value) + ", must be positive",
                        kReplaceConfig);
        }
    }
    if (dimensions.hiddenSize % dimensions.numAttentionHeads != 0) {
        return fail(ErrorCode::InvalidConfig,
                    source + ": hidden_size " + std::to_string(dimensions.hiddenSize) +
                        " is not divisible by num_attention_heads " +
                        std::to_string(dimensions.numAttentionHeads),
                    kReplaceConfig);
    }
    if (!(dimensions.layerNormEps > 0.0)) {
        return fail(ErrorCode::InvalidConfig, source + ": layer_norm_eps must be positive",
                    kReplaceConfig);
    }
    return {};
}

CLIPAttentionImpl::CLIPAttentionImpl(const CLIPEncoderDimensions& dimensions,
                                     const torch::TensorOptions& options)
    : heads(dimensions.numAttentionHeads),
      headDim(dimensions.hiddenSize / dimensions.numAttentionHeads) {
    const auto width = dimensions.hiddenSize;
    k_proj = register_module("k_proj", Linear(width, width, true, options));
    v_proj = register_module("v_proj", Linear(width, width, true, options));
    q_proj = register_module("q_proj", Linear(width, width, true, options));
    out_proj = register_module("out_proj", Linear(width, width, true, options));
}

torch::Tensor CLIPAttentionImpl::forward(const torch::Tensor& x, bool causal) {
    // x: [B, L, C]
    const auto batch = x.size(0);
    const auto tokens = x.size(1);
    // The reference scales the queries before the product (not the scores after it); doing the
    // same keeps the rounding identical.
    const double scale = 1.0 / std::sqrt(static_cast<double>(headDim));
    auto q =
        (q_proj(x) * scale).view({batch, tokens, heads, headDim}).transpose(1, 2);  // [B,H,L,D]
    auto k = k_proj(x).view({batch, tokens, heads, headDim}).transpose(1, 2);       // [B,H,L,D]
    auto v = v_proj(x).view({batch, tokens, heads, headDim}).transpose(1, 2);       // [B,H,L,D]
    AttentionOptions attention;
    attention.scale = 1.0;
    attention.causal = causal;
    auto out = scaledDotProductAttention(q, k, v, attention)  // [B, H, L, D]
                   .transpose(1, 2)
                   .reshape({batch, tokens, heads * headDim});  // [B, L, C]
    return out_proj(out);
}

CLIPMLPImpl::CLIPMLPImpl(const CLIPEncoderDimensions& dimensions,
                         const torch::TensorOptions& options)
    : activation(dimensions.activation) {
    fc1 = register_module(
        "fc1", Linear(dimensions.hiddenSize, dimensions.intermediateSize, true, options));
    fc2 = register_module(
        "fc2", Linear(dimensions.intermediateSize, dimensions.hiddenSize, true, options));
}

torch::Tensor CLIPMLPImpl::forward(const torch::Tensor& x) {
    return fc2(activate(fc1(x), activation));
}

CLIPEncoderLayerImpl::CLIPEncoderLayerImpl(const CLIPEncoderDimensions& dimensions,
                                           const torch::TensorOptions& options) {
    self_attn = register_module("self_attn", CLIPAttention(dimensions, options));
    layer_norm1 = register_module(
        "layer_norm1", LayerNorm(dimensions.hiddenSize, dimensions.layerNormEps, options));
    mlp = register_module("mlp", CLIPMLP(dimensions, options));
    layer_norm2 = register_module(
        "layer_norm2", LayerNorm(dimensions.hiddenSize, dimensions.layerNormEps, options));
}

torch::Tensor CLIPEncoderLayerImpl::forward(const torch::Tensor& x, bool causal) {
    // x: [B, L, C]
    auto h = x + self_attn(layer_norm1(x), causal);
    return h + mlp(layer_norm2(h));
}

CLIPEncoderImpl::CLIPEncoderImpl(const CLIPEncoderDimensions& dimensions,
                                 const torch::TensorOptions& options) {
    layers = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < dimensions.numHiddenLayers; ++i) {
        stack.emplace_back(dimensions, options);
        layers->push_back(stack.back());
    }
}

torch::Tensor CLIPEncoderImpl::forward(torch::Tensor x, bool causal, std::int64_t count,
                                       std::vector<torch::Tensor>* hiddenStates) {
    // x: [B, L, C]
    const auto total = layerCount();
    TORCH_CHECK(count <= total, "CLIPEncoder: asked for ", count, " layers of ", total);
    const auto run = count < 0 ? total : count;
    if (hiddenStates)
        hiddenStates->push_back(x);
    for (std::int64_t i = 0; i < run; ++i) {
        x = stack[static_cast<std::size_t>(i)]->forward(x, causal);
        if (hiddenStates)
            hiddenStates->push_back(x);
    }
    return x;
}

}  // namespace kinora::model
