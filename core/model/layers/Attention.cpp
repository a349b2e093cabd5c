#include "model/layers/Attention.h"

#include <cmath>

#include <ATen/ATen.h>

#include "model/layers/AttentionKernel.h"
#include "model/runtime/ProfileScope.h"

namespace kinora::model {

AttentionImpl::AttentionImpl(const AttentionConfig& config, const torch::TensorOptions& options)
    : config_(config) {
    const auto inner = config.heads * config.dimHead;
    const auto contextDim =
        config.crossAttentionDim > 0 ? config.crossAttentionDim : config.queryDim;
    if (config.normGroups > 0) {
        groupNorm = register_module(
            "group_norm", GroupNorm(config.normGroups, config.queryDim, config.normEps, options));
    }
    toQ = register_module("to_q", Linear(config.queryDim, inner, config.qkvBias, options));
    toK = register_module("to_k", Linear(contextDim, inner, config.qkvBias, options));
    toV = register_module("to_v", Linear(contextDim, inner, config.qkvBias, options));
    // to_out = [Linear, Dropout]: the dropout keeps index 1 so the Linear stays `to_out.0`.
    toOut->push_back(Linear(inner, config.queryDim, config.outBias, options));
    toOut->push_back(PassThrough());
    register_module("to_out", toOut);
}

at::Tensor AttentionImpl::forward(const at::Tensor& hidden, const at::Tensor& context) {
    // Self and cross attention cost differently (the cross context has a fixed 77 + 64 + 4 tokens).
    RECORD_USER_SCOPE(context.defined() ? "module::Attention (cross)" : "module::Attention (self)");
    const bool spatial = hidden.dim() == 4;
    at::Tensor x = hidden;
    std::int64_t channels = 0, height = 0, width = 0;
    if (spatial) {
        // hidden: [B, C, H, W]
        channels = hidden.size(1);
        height = hidden.size(2);
        width = hidden.size(3);
        x = hidden.reshape({hidden.size(0), channels, height * width})
                .transpose(1, 2);  // [B, HW, C]
    }
    if (groupNorm)
        x = groupNorm(x.transpose(1, 2)).transpose(1, 2);  // [B, L, C]
    const auto& keySource = context.defined() ? context : x;

    const auto batch = x.size(0);
    const auto heads = config_.heads;
    const auto splitHeads = [&](const at::Tensor& t) {
        return t.reshape({t.size(0), t.size(1), heads, config_.dimHead})
            .transpose(1, 2);  // [B, H, L, D]
    };
    auto q = splitHeads(toQ(x));
    at::Tensor k, v;
    if (context.defined() && crossAttentionCache_) {
        auto& cached = crossAttentionCache_->keyValues[this];
        if (!cached.first.defined())
            cached = {splitHeads(toK(context)), splitHeads(toV(context))};  // [B', H, Lk, D]
        k = cached.first;
        v = cached.second;
    } else {
        k = splitHeads(toK(keySource));
        v = splitHeads(toV(keySource));
    }
    if (k.size(0) != batch) {
        TORCH_CHECK(batch % k.size(0) == 0, "Attention: a context of ", k.size(0),
                    " rows cannot serve ", batch, " query rows");
        k = k.repeat_interleave(batch / k.size(0), 0);  // [B, H, Lk, D]
        v = v.repeat_interleave(batch / v.size(0), 0);  // [B, H, Lk, D]
    }
    const auto dtype = q.scalar_type();
    if (config_.upcastAttention || config_.upcastSoftmax) {
        q = q.to(at::kFloat);
        k = k.to(at::kFloat);
        v = v.to(at::kFloat);
    }
    AttentionOptions options;
    options.scale = 1.0 / std::sqrt(static_cast<double>(config_.dimHead));
    options.queryChunk = queryChunk_;
    auto out = scaledDotProductAttention(q, k, v, options).to(dtype);  // [B, H, L, D]
    out = out.transpose(1, 2).reshape(
        {batch, out.size(2), heads * config_.dimHead});  // [B, L, inner]
    out = toOut[0]->as<LinearImpl>()->forward(out);      // [B, L, C]
    if (spatial)
        out = out.transpose(1, 2).reshape({batch, channels, height, width});  // [B, C, H, W]
    if (config_.residualConnection)
        out = out + hidden;
    if (config_.rescaleOutputFactor != 1.0)
        out = out / config_.rescaleOutputFactor;
    return out;
}

}  // namespace kinora::model
