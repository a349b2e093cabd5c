// Result type for every file, header, config and weight operation of the model library.
#pragma once

#include <string>

#include <tl/expected.hpp>

namespace kinora::model {

enum class ErrorCode {
    FileNotFound,
    Io,
    TruncatedFile,
    HeaderTooLarge,
    InvalidHeader,
    UnknownDType,
    ShapeSizeMismatch,
    RangeOutsideFile,
    OverlappingRanges,
    InvalidIndex,
    InvalidConfig,
    MissingTensor,
    UnexpectedTensor,
    ShapeMismatch,
    UnsafeFormat,
    InvalidInput,
};

// What went wrong (naming the file and, where there is one, the tensor or key), and what to do.
struct Error {
    ErrorCode code = ErrorCode::Io;
    std::string message;
    std::string remedy;

    // "message. remedy" for logs and command-line output.
    std::string describe() const { return remedy.empty() ? message : message + ". " + remedy; }
};

template <typename T>
using Expected = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::string remedy = {}) {
    return tl::unexpected<Error>(Error{code, std::move(message), std::move(remedy)});
}

}  // namespace kinora::model
