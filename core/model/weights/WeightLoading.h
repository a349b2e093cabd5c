// Strict loading of a checkpoint into a module whose registered names are the checkpoint's keys.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <torch/nn/module.h>
#include <torch/types.h>

#include "model/runtime/Error.h"
#include "model/weights/Checkpoint.h"

namespace kinora::model {

// Every parameter and buffer of `module` is filled from the tensor of the same name; each is
// converted to the parameter's dtype and device as it is copied (F16-stored weights into an fp32
// module, say). A missing, unexpected or mis-shaped weight is an error naming the key, the file
// and both shapes; nothing is half-loaded silently (the module is unusable after an error).
Expected<void> loadStrict(torch::nn::Module& module, const Checkpoint& checkpoint,
                          const std::string& component);

// The loader every model part shares: builds the module (a ModuleHolder constructed from its config
// and tensor options) in `dtype` on `device` and fills it strictly from the component folder's
// `<weightStem>[.fp16].safetensors` (or their shards).
template <typename Holder, typename Config>
Expected<Holder> loadComponent(const Expected<Config>& config,
                               const std::filesystem::path& componentDir,
                               const std::string& weightStem, const std::string& component,
                               c10::ScalarType dtype, c10::Device device, WeightVariant variant) {
    if (!config)
        return tl::unexpected(config.error());
    auto checkpoint = Checkpoint::open(componentDir, weightStem, variant);
    if (!checkpoint)
        return tl::unexpected(checkpoint.error());
    Holder model(*config, torch::TensorOptions().dtype(dtype).device(device));
    if (auto loaded = loadStrict(*model, *checkpoint, component); !loaded)
        return tl::unexpected(loaded.error());
    model->eval();
    return model;
}

// The module's state-dict layout: (key, shape) pairs sorted by key.
std::vector<std::pair<std::string, std::vector<std::int64_t>>> stateDictLayout(
    const torch::nn::Module& module);

}  // namespace kinora::model
