#include "model/weights/WeightLoading.h"

#include <algorithm>
#include <map>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "model/weights/TensorIO.h"

namespace kinora::model {
namespace {

std::map<std::string, at::Tensor> stateOf(const torch::nn::Module& module) {
    std::map<std::string, at::Tensor> state;
    for (const auto& item : module.named_parameters(true))
        state[item.key()] = item.value();
    for (const auto& item : module.named_buffers(true))
        state[item.key()] = item.value();
    return state;
}

std::string listNames(const std::vector<std::string>& names) {
    std::string text;
    const std::size_t shown = std::min<std::size_t>(names.size(), 5);
    for (std::size_t i = 0; i < shown; ++i)
        text += (i ? ", \"" : "\"") + names[i] + "\"";
    if (names.size() > shown)
        text += " and " + std::to_string(names.size() - shown) + " more";
    return text;
}

std::string filesOf(const Checkpoint& checkpoint) {
    std::string text;
    for (const auto& file : checkpoint.files())
        text += (text.empty() ? "" : ", ") + file.path().string();
    return text;
}

bool isFloating(DType dtype) {
    return dtype == DType::F32 || dtype == DType::F16 || dtype == DType::BF16 ||
           dtype == DType::F64;
}

}  // namespace

Expected<void> loadStrict(torch::nn::Module& module, const Checkpoint& checkpoint,
                          const std::string& component) {
    const std::string remedy = "The " + component +
                               " weights do not fit its config.json: download the component's "
                               "config and weights again from the same model repository";
    auto state = stateOf(module);

    std::vector<std::string> missing;
    for (const auto& [name, tensor] : state)
        if (!checkpoint.find(name))
            missing.push_back(name);
    if (!missing.empty()) {
        const auto& first = state.at(missing.front());
        return fail(ErrorCode::MissingTensor,
                    component + ": weight " + listNames(missing) + " missing from " +
                        filesOf(checkpoint) + " (the model needs \"" + missing.front() +
                        "\" with shape " + shapeToString(first.sizes().vec()) + ")",
                    remedy);
    }
    std::vector<std::string> unexpected;
    for (const auto& [name, entry] : checkpoint.entries())
        if (!state.count(name))
            unexpected.push_back(name);
    if (!unexpected.empty()) {
        const auto* entry = checkpoint.find(unexpected.front());
        return fail(ErrorCode::UnexpectedTensor,
                    component + ": unexpected weight " + listNames(unexpected) + " in " +
                        entry->file->path().string() + " (the model has no such parameter)",
                    remedy);
    }
    for (const auto& [name, tensor] : state) {
        const auto* entry = checkpoint.find(name);
        if (entry->info->shape != tensor.sizes().vec()) {
            return fail(ErrorCode::ShapeMismatch,
                        component + ": weight \"" + name + "\" in " + entry->file->path().string() +
                            " has shape " + shapeToString(entry->info->shape) +
                            " but the model needs " + shapeToString(tensor.sizes().vec()),
                        remedy);
        }
        if (tensor.is_floating_point() && !isFloating(entry->info->dtype)) {
            return fail(ErrorCode::ShapeMismatch,
                        component + ": weight \"" + name + "\" in " + entry->file->path().string() +
                            " is stored as " + std::string(dtypeName(entry->info->dtype)) +
                            ", not a floating-point type",
                        remedy);
        }
    }
    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : state) {
        const auto* entry = checkpoint.find(name);
        tensor.copy_(mappedTensor(*entry->file, *entry->info));
        entry->file->releasePages(*entry->info);
    }
    return {};
}

std::vector<std::pair<std::string, std::vector<std::int64_t>>> stateDictLayout(
    const torch::nn::Module& module) {
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> layout;
    for (const auto& [name, tensor] : stateOf(module))
        layout.emplace_back(name, tensor.sizes().vec());
    return layout;
}

}  // namespace kinora::model
