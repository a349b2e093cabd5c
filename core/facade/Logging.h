// Logging categories of Kinora. The core never prints: it logs here, and the CLI (stderr) or the
// GUI (stderr and its log panel) decide where the messages go.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcModel)
Q_DECLARE_LOGGING_CATEGORY(lcPipeline)
Q_DECLARE_LOGGING_CATEGORY(lcMedia)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcCli)

namespace kinora {

// Routes the Qt-free model library's messages into the kinora.model category. Call once at start.
void installModelLogBridge();

}  // namespace kinora
