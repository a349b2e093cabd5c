// Strict loading of a checkpoint into a module whose registered names are the checkpoint's keys.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <torch/nn/module.h>

#include "model/Checkpoint.h"
#include "model/Error.h"

namespace kinora::model {

// Every parameter and buffer of `module` is filled from the tensor of the same name; each is
// converted to the parameter's dtype and device as it is copied (F16-stored weights into an fp32
// module, say). A missing, unexpected or mis-shaped weight is an error naming the key, the file
// and both shapes; nothing is half-loaded silently (the module is unusable after an error).
Expected<void> loadStrict(torch::nn::Module& module, const Checkpoint& checkpoint,
                          const std::string& component);

// The module's state-dict layout: (key, shape) pairs sorted by key.
std::vector<std::pair<std::string, std::vector<std::int64_t>>> stateDictLayout(
    const torch::nn::Module& module);

}  // namespace kinora::model
