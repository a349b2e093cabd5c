// Cooperative cancellation of long model computations (denoising steps, decode chunks): the caller
// passes a check that is polled between units of work, and the computation stops by throwing
// CancelledError, which the worker boundary reports as "cancelled" rather than as a failure.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace kinora::model {

// Returns true once the caller wants the computation to stop. An empty function never cancels.
using CancelCheck = std::function<bool()>;

// Reports units of work completed, e.g. decoded chunks: (done, total).
using ProgressCallback = std::function<void(int done, int total)>;

struct CancelledError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline void throwIfCancelled(const CancelCheck& cancelled, const char* where) {
    if (cancelled && cancelled())
        throw CancelledError(std::string("cancelled during ") + where);
}

}  // namespace kinora::model
