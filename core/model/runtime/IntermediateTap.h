// Named intermediate tensors of a forward pass, reported to an optional observer (parity tests,
// debugging). Names are module paths as in the checkpoint, plus what was seen there: `in0`, `in1`
// (positional inputs), `out` (a tensor output) or `out0` (the first of a tuple output), e.g.
// `down_blocks.0.resnets.1.out`.
#pragma once

#include <functional>
#include <string>
#include <utility>

#include <ATen/core/Tensor.h>

namespace kinora::model {

using IntermediateHook = std::function<void(const std::string& name, const at::Tensor& tensor)>;

// A module's view of the hook: its own path prefix. Cheap to copy; does nothing without a hook.
class IntermediateTap {
public:
    IntermediateTap() = default;
    IntermediateTap(const IntermediateHook* hook, std::string path)
        : hook_(hook && *hook ? hook : nullptr), path_(std::move(path)) {}

    explicit operator bool() const { return hook_ != nullptr; }

    // The tap of a child module (`down_blocks` -> `down_blocks.0`).
    IntermediateTap child(const std::string& name) const {
        if (!hook_)
            return {};
        return {hook_, path_.empty() ? name : path_ + "." + name};
    }

    void operator()(const std::string& what, const at::Tensor& tensor) const {
        if (hook_)
            (*hook_)(path_.empty() ? what : path_ + "." + what, tensor);
    }

private:
    const IntermediateHook* hook_ = nullptr;
    std::string path_;
};

}  // namespace kinora::model
