#include "model/clip/CLIPTextEncoder.h"

#include <stdexcept>

#include <ATen/ATen.h>

#include "model/runtime/Json.h"
#include "model/weights/WeightLoading.h"

namespace kinora::model {

Expected<CLIPTextConfig> CLIPTextConfig::fromFile(const std::filesystem::path& path) {
    auto json = readJsonFile(path);
    if (!json)
        return tl::unexpected(json.error());
    return fromJson(*json, path.string());
}

Expected<CLIPTextConfig> CLIPTextConfig::fromJson(const nlohmann::json& json,
                                                  const std::string& source) {
    CLIPTextConfig config;
    ConfigReader reader(json, source);
    reader.read("vocab_size", config.vocabSize);
    reader.read("hidden_size", config.hiddenSize);
    reader.read("intermediate_size", config.intermediateSize);
    reader.read("projection_dim", config.projectionDim);
    reader.read("num_hidden_layers", config.numHiddenLayers);
    reader.read("num_attention_heads", config.numAttentionHeads);
    reader.read("max_position_embeddings", config.maxPositionEmbeddings);
    reader.read("hidden_act", config.hiddenAct);
    reader.read("layer_norm_eps", config.layerNormEps);
    reader.read("pad_token_id", config.padTokenId);
    reader.read("bos_token_id", config.bosTokenId);
    reader.read("eos_token_id", config.eosTokenId);
    if (auto read = reader.finish(); !read)
        return tl::unexpected(read.error());

    auto activation = clipActivationNamed(config.hiddenAct, source);
    if (!activation)
        return tl::unexpected(activation.error());
    if (auto valid = validateCLIPEncoderDimensions(config.encoderDimensions(), source); !valid)
        return tl::unexpected(valid.error());
    if (config.vocabSize <= 0 || config.maxPositionEmbeddings <= 0) {
        return fail(ErrorCode::InvalidConfig,
                    source + ": vocab_size and max_position_embeddings must be positive",
                    "Replace the file with the one from the model's repository");
    }
    return config;
}

CLIPEncoderDimensions CLIPTextConfig::encoderDimensions() const {
    auto activation = clipActivationNamed(hiddenAct, "CLIPTextConfig");
    if (!activation)
        throw std::invalid_argument(activation.error().message);
    return {hiddenSize,        intermediateSize, numHiddenLayers,
            numAttentionHeads, layerNormEps,     *activation};
}

CLIPTextEmbeddingsImpl::CLIPTextEmbeddingsImpl(const CLIPTextConfig& config,
                                               const torch::TensorOptions& options) {
    token_embedding =
        register_module("token_embedding", Embedding(config.vocabSize, config.hiddenSize, options));
    position_embedding = register_module(
        "position_embedding", Embedding(config.maxPositionEmbeddings, config.hiddenSize, options));
}

torch::Tensor CLIPTextEmbeddingsImpl::forward(const torch::Tensor& ids) {
    // ids: [B, L]
    const auto tokens = ids.size(1);
    const auto maxTokens = position_embedding->weight.size(0);
    TORCH_CHECK(tokens <= maxTokens, "CLIP text encoder: ", tokens,
                " tokens exceed max_position_embeddings ", maxTokens);
    // transformers keeps arange(max_position_embeddings) as a non-persistent buffer; it is not in
    // the checkpoint, so the positions are made here.
    const auto positions = at::arange(tokens, ids.options().dtype(at::kLong));  // [L]
    return token_embedding(ids) + position_embedding(positions);                // [B, L, C]
}

CLIPTextTransformerImpl::CLIPTextTransformerImpl(const CLIPTextConfig& config,
                                                 const torch::TensorOptions& options) {
    embeddings = register_module("embeddings", CLIPTextEmbeddings(config, options));
    encoder = register_module("encoder", CLIPEncoder(config.encoderDimensions(), options));
    final_layer_norm = register_module("final_layer_norm",
                                       LayerNorm(config.hiddenSize, config.layerNormEps, options));
}

torch::Tensor CLIPTextTransformerImpl::encode(const torch::Tensor& ids, std::int64_t layerCount,
                                              std::vector<torch::Tensor>* hiddenStates) {
    // ids: [B, L]
    TORCH_CHECK(ids.dim() == 2, "CLIP text encoder: token ids must be [B, L], got ", ids.sizes());
    const auto onDevice = ids.to(embeddings->token_embedding->weight.device(), at::kLong);
    return encoder(embeddings(onDevice), /*causal=*/true, layerCount, hiddenStates);  // [B, L, C]
}

CLIPTextEncoderImpl::CLIPTextEncoderImpl(const CLIPTextConfig& config,
                                         const torch::TensorOptions& options)
    : config_(config) {
    text_model = register_module("text_model", CLIPTextTransformer(config, options));
}

CLIPTextOutput CLIPTextEncoderImpl::forward(const torch::Tensor& ids, bool withHiddenStates) {
    // ids: [B, L]
    CLIPTextOutput output;
    auto last = text_model->encode(ids, -1, withHiddenStates ? &output.hiddenStates : nullptr);
    output.lastHiddenState = text_model->final_layer_norm(last);  // [B, L, C]
    return output;
}

torch::Tensor CLIPTextEncoderImpl::encodePrompt(const torch::Tensor& ids, std::int64_t clipSkip) {
    // ids: [B, L]
    const auto layers = text_model->encoder->layerCount();
    TORCH_CHECK(clipSkip >= 0 && clipSkip <= layers, "CLIP text encoder: clip_skip ", clipSkip,
                " is outside 0..", layers);
    auto hidden = text_model->encode(ids, layers - clipSkip, nullptr);  // [B, L, C]
    return text_model->final_layer_norm(hidden);                        // [B, L, C]
}

Expected<CLIPTextEncoder> CLIPTextEncoder::load(const std::filesystem::path& componentDir,
                                                torch::ScalarType dtype, torch::Device device,
                                                WeightVariant variant) {
    return loadComponent<CLIPTextEncoder>(CLIPTextConfig::fromFile(componentDir / "config.json"),
                                          componentDir, "model", "text_encoder", dtype, device,
                                          variant);
}

}  // namespace kinora::model
