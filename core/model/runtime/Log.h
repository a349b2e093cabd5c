// Logging for the Qt-free model library: messages go to a sink that the application installs
// (the core forwards them to the kinora.model logging category). Without a sink nothing is printed.
#pragma once

#include <functional>
#include <string>

namespace kinora::model {

enum class LogLevel { Debug, Info, Warning };

using LogSink = std::function<void(LogLevel, const std::string&)>;

void setLogSink(LogSink sink);
void log(LogLevel level, const std::string& message);

}  // namespace kinora::model
