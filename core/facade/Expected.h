// What a facade operation that can fail returns: the value, or what went wrong and what to do
// about it. The same tl::expected the model library returns (model/runtime/Error.h), carrying the
// facade's Qt strings, so a failure is a value the caller must look at, never an out-parameter it
// may forget.
#pragma once

#include <QString>

#include <tl/expected.hpp>

namespace kinora {

struct Failure {
    QString message;  // what failed, naming the file or the field
    QString remedy;   // what to do about it; may be empty

    // "message (remedy)", or the message alone.
    QString describe() const {
        return remedy.isEmpty() ? message : message + QStringLiteral(" (") + remedy + u')';
    }
};

template <typename T>
using Expected = tl::expected<T, Failure>;

inline tl::unexpected<Failure> failWith(QString message, QString remedy = {}) {
    return tl::unexpected<Failure>(Failure{std::move(message), std::move(remedy)});
}

// The failure's description, or empty for a value (for messages and diagnostics).
template <typename T>
QString failureText(const Expected<T>& result) {
    return result ? QString() : result.error().describe();
}

}  // namespace kinora
