// Runs one measurement in a forked child process, so its peak RSS is its own and not the largest
// of every measurement before it.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <type_traits>

namespace kinora::bench {

template <typename Result>
struct ChildMeasurement {
    Result result;
    double peakRssMiB = 0.0;
};

// `measure` runs in the child; its result (a plain value) comes back through a pipe. Empty when
// the child failed to report one.
template <typename Result, typename Function>
std::optional<ChildMeasurement<Result>> measureInChild(Function measure) {
    static_assert(std::is_trivially_copyable_v<Result>, "the result crosses a pipe as bytes");
    int fds[2];
    if (pipe(fds) != 0)
        return std::nullopt;
    const pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        const Result result = measure();
        const bool sent = write(fds[1], &result, sizeof result) == ssize_t(sizeof result);
        _exit(sent ? 0 : 2);
    }
    close(fds[1]);
    ChildMeasurement<Result> measurement{};
    const bool received =
        read(fds[0], &measurement.result, sizeof(Result)) == ssize_t(sizeof(Result));
    close(fds[0]);
    int status = 0;
    rusage usage{};
    wait4(child, &status, 0, &usage);
    if (!received)
        return std::nullopt;
    measurement.peakRssMiB = usage.ru_maxrss / 1024.0;
    return measurement;
}

}  // namespace kinora::bench
