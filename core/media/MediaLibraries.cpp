#include "media/MediaLibraries.h"

#include <opencv2/core/version.hpp>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

namespace kinora::media {

QString opencvVersion() {
    return QStringLiteral(CV_VERSION);
}

QString ffmpegVersion() {
    const unsigned codec = avcodec_version();
    const unsigned format = avformat_version();
    return QStringLiteral("%1 (libavcodec %2.%3, libavformat %4.%5)")
        .arg(QString::fromLatin1(av_version_info()))
        .arg(AV_VERSION_MAJOR(codec))
        .arg(AV_VERSION_MINOR(codec))
        .arg(AV_VERSION_MAJOR(format))
        .arg(AV_VERSION_MINOR(format));
}

}  // namespace kinora::media
