#include "model/clip/CLIPVisionEncoder.h"

#include <stdexcept>

#include <ATen/ATen.h>

#include "model/runtime/Json.h"
#include "model/weights/WeightLoading.h"

namespace kinora::model {

Expected<CLIPVisionConfig> CLIPVisionConfig::fromFile(const std::filesystem::path& path) {
    auto json = readJsonFile(path);
    if (!json)
        return tl::unexpected(json.error());
    return fromJson(*json, path.string());
}

Expected<CLIPVisionConfig> CLIPVisionConfig::fromJson(const nlohmann::json& json,
                                                      const std::string& source) {
    CLIPVisionConfig config;
    ConfigReader reader(json, source);
    reader.read("hidden_size", config.hiddenSize);
    reader.read("intermediate_size", config.intermediateSize);
    reader.read("projection_dim", config.projectionDim);
    reader.read("num_hidden_layers", config.numHiddenLayers);
    reader.read("num_attention_heads", config.numAttentionHeads);
    reader.read("num_channels", config.numChannels);
    reader.read("image_size", config.imageSize);
    reader.read("patch_size", config.patchSize);
    reader.read("hidden_act", config.hiddenAct);
    reader.read("layer_norm_eps", config.layerNormEps);
    if (auto read = reader.finish(); !read)
        return tl::unexpected(read.error());

    auto activation = clipActivationNamed(config.hiddenAct, source);
    if (!activation)
        return tl::unexpected(activation.error());
    if (auto valid = validateCLIPEncoderDimensions(config.encoderDimensions(), source); !valid)
        return tl::unexpected(valid.error());
    if (config.projectionDim <= 0 || config.numChannels <= 0 || config.patchSize <= 0 ||
        config.imageSize < config.patchSize) {
        return fail(ErrorCode::InvalidConfig,
                    source +
                        ": projection_dim, num_channels and patch_size must be positive and "
                        "image_size at least patch_size",
                    "Replace the file with the one from the model's repository");
    }
    return config;
}

CLIPEncoderDimensions CLIPVisionConfig::encoderDimensions() const {
    auto activation = clipActivationNamed(hiddenAct, "CLIPVisionConfig");
    if (!activation)
        throw std::invalid_argument(activation.error().message);
    return {hiddenSize,        intermediateSize, numHiddenLayers,
            numAttentionHeads, layerNormEps,     *activation};
}

CLIPVisionEmbeddingsImpl::CLIPVisionEmbeddingsImpl(const CLIPVisionConfig& config,
                                                   const torch::TensorOptions& options)
    : imageSize(config.imageSize) {
    class_embedding =
        register_parameter("class_embedding", at::empty({config.hiddenSize}, options), false);
    patch_embedding = register_module(
        "patch_embedding", Conv2d(config.numChannels, config.hiddenSize, config.patchSize,
                                  config.patchSize, 0, options, /*bias=*/false));
    const auto positions = config.patchesPerSide() * config.patchesPerSide() + 1;
    position_embedding =
        register_module("position_embedding", Embedding(positions, config.hiddenSize, options));
}

torch::Tensor CLIPVisionEmbeddingsImpl::forward(const torch::Tensor& pixels) {
    // pixels: [B, 3, H, W]
    TORCH_CHECK(pixels.dim() == 4 && pixels.size(2) == imageSize && pixels.size(3) == imageSize,
                "CLIP vision encoder: pixel values must be [B, C, ", imageSize, ", ", imageSize,
                "], got ", pixels.sizes());
    const auto& weight = patch_embedding->weight;
    const auto batch = pixels.size(0);
    auto patches = patch_embedding(pixels.to(weight.device(), weight.scalar_type()))  // [B,C,h,w]
                       .flatten(2)                                                    // [B,C,L-1]
                       .transpose(1, 2);                                              // [B,L-1,C]
    auto classToken = class_embedding.expand({batch, 1, -1});                         // [B, 1, C]
    auto tokens = at::cat({classToken, patches}, 1);                                  // [B, L, C]
    // Every position is used, so the embedding table itself is the lookup of arange(L).
    return tokens + position_embedding->weight.unsqueeze(0);  // [B, L, C]
}

CLIPVisionTransformerImpl::CLIPVisionTransformerImpl(const CLIPVisionConfig& config,
                                                     const torch::TensorOptions& options) {
    embeddings = register_module("embeddings", CLIPVisionEmbeddings(config, options));
    pre_layrnorm =
        register_module("pre_layrnorm", LayerNorm(config.hiddenSize, config.layerNormEps, options));
    encoder = register_module("encoder", CLIPEncoder(config.encoderDimensions(), options));
    post_layernorm = register_module("post_layernorm",
                                     LayerNorm(config.hiddenSize, config.layerNormEps, options));
}

torch::Tensor CLIPVisionTransformerImpl::forward(const torch::Tensor& pixels) {
    // pixels: [B, 3, H, W]
    return encoder(pre_layrnorm(embeddings(pixels)), /*causal=*/false);  // [B, L, C]
}

CLIPVisionEncoderImpl::CLIPVisionEncoderImpl(const CLIPVisionConfig& config,
                                             const torch::TensorOptions& options)
    : config_(config) {
    vision_model = register_module("vision_model", CLIPVisionTransformer(config, options));
    visual_projection = register_module(
        "visual_projection", Linear(config.hiddenSize, config.projectionDim, false, options));
}

CLIPVisionOutput CLIPVisionEncoderImpl::forward(const torch::Tensor& pixels) {
    // pixels: [B, 3, H, W]
    CLIPVisionOutput output;
    output.lastHiddenState = vision_model(pixels);                                    // [B, L, C]
    auto pooled = vision_model->post_layernorm(output.lastHiddenState.select(1, 0));  // [B, C]
    output.imageEmbeds = visual_projection(pooled);  // [B, projection_dim]
    return output;
}

Expected<CLIPVisionEncoder> CLIPVisionEncoder::load(const std::filesystem::path& componentDir,
                                                    torch::ScalarType dtype, torch::Device device,
                                                    WeightVariant variant) {
    return loadComponent<CLIPVisionEncoder>(
        CLIPVisionConfig::fromFile(componentDir / "config.json"), componentDir, "model",
        "image_encoder", dtype, device, variant);
}

}  // namespace kinora::model
