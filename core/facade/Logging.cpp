#include "facade/Logging.h"

#include "model/runtime/Log.h"

// lcMedia is defined by the media library (media/MediaLog.cpp), which sits below the facade.

Q_LOGGING_CATEGORY(lcModel, "kinora.model", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPipeline, "kinora.pipeline", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "kinora.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "kinora.cli", QtInfoMsg)

namespace kinora {

void installModelLogBridge() {
    model::setLogSink([](model::LogLevel level, const std::string& message) {
        const QString text = QString::fromStdString(message);
        switch (level) {
            case model::LogLevel::Debug:
                qCDebug(lcModel).noquote() << text;
                break;
            case model::LogLevel::Info:
                qCInfo(lcModel).noquote() << text;
                break;
            case model::LogLevel::Warning:
                qCWarning(lcModel).noquote() << text;
                break;
        }
    });
}

}  // namespace kinora
