#include "model/runtime/Log.h"

#include <mutex>

namespace kinora::model {
namespace {
std::mutex& sinkMutex() {
    static std::mutex mutex;
    return mutex;
}
LogSink& sinkSlot() {
    static LogSink sink;
    return sink;
}
}  // namespace

void setLogSink(LogSink sink) {
    std::lock_guard<std::mutex> lock(sinkMutex());
    sinkSlot() = std::move(sink);
}

void log(LogLevel level, const std::string& message) {
    std::lock_guard<std::mutex> lock(sinkMutex());
    if (sinkSlot())
        sinkSlot()(level, message);
}

}  // namespace kinora::model
