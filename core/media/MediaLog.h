// The kinora.media logging category, and the bridge that sends FFmpeg's own messages into it.
// The category lives here rather than in the facade because the media library sits below it.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcMedia)

namespace kinora::media {

// Routes libav's log (warnings and errors only; x264 and libvpx are chatty at info level) into
// kinora.media instead of stderr. Idempotent; the exporter and reader call it before touching
// libav.
void installFfmpegLogBridge();

// FFmpeg's text for one of its negative error codes ("No space left on device", "Invalid data
// found when processing input"), for error messages.
QString ffmpegErrorText(int errorCode);

}  // namespace kinora::media
