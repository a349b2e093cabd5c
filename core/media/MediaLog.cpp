#include "media/MediaLog.h"

#include <mutex>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

Q_LOGGING_CATEGORY(lcMedia, "kinora.media", QtInfoMsg)

namespace kinora::media {
namespace {

// libav calls the callback from encoder threads too, and one message may arrive in several calls
// (a line is complete at its newline): both need the lock and the pending buffer.
std::mutex logMutex;
QByteArray pendingLine;
int printPrefix = 1;

void forwardFfmpegLog(void* context, int level, const char* format, va_list arguments) {
    if (level > AV_LOG_WARNING)
        return;
    char piece[1024];
    std::lock_guard<std::mutex> lock(logMutex);
    av_log_format_line2(context, level, format, arguments, piece, sizeof piece, &printPrefix);
    pendingLine += piece;
    if (!pendingLine.endsWith('\n'))
        return;
    const QString line = QString::fromUtf8(pendingLine.trimmed());
    pendingLine.clear();
    if (line.isEmpty())
        return;
    if (level <= AV_LOG_ERROR)
        qCCritical(lcMedia).noquote() << "FFmpeg:" << line;
    else
        qCWarning(lcMedia).noquote() << "FFmpeg:" << line;
}

}  // namespace

void installFfmpegLogBridge() {
    static std::once_flag installed;
    std::call_once(installed, [] { av_log_set_callback(forwardFfmpegLog); });
}

QString ffmpegErrorText(int errorCode) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(errorCode, text, sizeof text);
    return QString::fromUtf8(text);
}

}  // namespace kinora::media
