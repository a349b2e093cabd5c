// Versions of the media libraries linked into Kinora (for the About dialog and bug reports).
#pragma once

#include <QString>

namespace kinora::media {

QString opencvVersion();
QString ffmpegVersion();

}  // namespace kinora::media
