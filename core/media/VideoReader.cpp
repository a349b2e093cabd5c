#include "media/VideoReader.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include "media/MediaLog.h"
#include "media/private/LibavHandles.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace kinora::media {
namespace {

using Code = MediaError::Code;

tl::unexpected<MediaError> readFailure(const QString& path, const QString& action, int status) {
    return mediaFailure(Code::ReadFailed,
                        QStringLiteral("Could not %1 %2: %3.")
                            .arg(action, QDir::toNativeSeparators(path), ffmpegErrorText(status)),
                        QStringLiteral("Check that the file exists, is complete, and is a video "
                                       "(MP4, WebM, GIF, ...)."));
}

MediaExpected<InputContextPointer> openInput(const QString& path) {
    AVFormatContext* raw = nullptr;
    int status = avformat_open_input(&raw, QFile::encodeName(path).constData(), nullptr, nullptr);
    if (status < 0)
        return readFailure(path, QStringLiteral("open"), status);
    InputContextPointer input(raw);
    status = avformat_find_stream_info(input.get(), nullptr);
    if (status < 0)
        return readFailure(path, QStringLiteral("read the streams of"), status);
    return input;
}

// Containers without a frame count in their index (WebM, GIF): count the stream's packets, which
// needs no decoding. One packet is one frame for every codec Kinora writes (VP9's hidden
// alternate reference frames travel inside superframes).
MediaExpected<int> countPackets(const QString& path, int streamIndex) {
    auto input = openInput(path);
    if (!input)
        return tl::unexpected(input.error());
    PacketPointer packet(av_packet_alloc());
    int count = 0;
    for (;;) {
        const int status = av_read_frame(input->get(), packet.get());
        if (status == AVERROR_EOF)
            break;
        if (status < 0)
            return readFailure(path, QStringLiteral("read"), status);
        if (packet->stream_index == streamIndex)
            ++count;
        av_packet_unref(packet.get());
    }
    return count;
}

// The data sub-blocks that follow a GIF block header: each a length byte then that many bytes,
// ended by a zero length. Returns their concatenated payload, advancing `at`; false if cut short.
bool readSubBlocks(const QByteArray& data, qsizetype& at, QByteArray* payload) {
    for (;;) {
        if (at >= data.size())
            return false;
        const int length = uchar(data[at++]);
        if (length == 0)
            return true;
        if (at + length > data.size())
            return false;
        if (payload)
            payload->append(data.constData() + at, length);
        at += length;
    }
}

// The comment extensions of a GIF file, in order (FFmpeg's demuxer keeps only the last one).
QStringList gifComments(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray data = file.readAll();
    constexpr qsizetype kHeaderSize = 13;  // signature, screen size, flags, background, aspect
    if (data.size() < kHeaderSize || !data.startsWith("GIF"))
        return {};
    qsizetype at = kHeaderSize;
    const uchar screenFlags = uchar(data[10]);
    if (screenFlags & 0x80)
        at += 3 * (qsizetype(1) << ((screenFlags & 0x07) + 1));
    QStringList comments;
    while (at < data.size()) {
        const uchar block = uchar(data[at++]);
        if (block == 0x3b)
            break;            // trailer
        if (block == 0x21) {  // extension: a label, then sub-blocks
            if (at >= data.size())
                break;
            const uchar label = uchar(data[at++]);
            QByteArray payload;
            if (!readSubBlocks(data, at, label == 0xfe ? &payload : nullptr))
                break;
            if (label == 0xfe)
                comments << QString::fromUtf8(payload);
        } else if (block == 0x2c) {  // image: descriptor, optional local table, LZW data
            constexpr qsizetype kDescriptorSize = 9;
            if (at + kDescriptorSize + 1 > data.size())
                break;
            const uchar imageFlags = uchar(data[at + 8]);
            at += kDescriptorSize;
            if (imageFlags & 0x80)
                at += 3 * (qsizetype(1) << ((imageFlags & 0x07) + 1));
            ++at;  // LZW minimum code size
            if (!readSubBlocks(data, at, nullptr))
                break;
        } else {
            break;
        }
    }
    return comments;
}

QMap<QString, QString> gifMetadata(const QStringList& comments) {
    static const QRegularExpression entry(QStringLiteral("^([A-Za-z0-9_.:-]+)=(.*)$"),
                                          QRegularExpression::DotMatchesEverythingOption);
    QMap<QString, QString> metadata;
    for (const QString& comment : comments) {
        const auto match = entry.match(comment);
        if (match.hasMatch())
            metadata.insert(match.captured(1), match.captured(2));
        else
            metadata.insert(QStringLiteral("comment"), comment);
    }
    return metadata;
}

bool isYuv(AVPixelFormat format) {
    const AVPixFmtDescriptor* descriptor = av_pix_fmt_desc_get(format);
    return descriptor && !(descriptor->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) &&
           descriptor->nb_components >= 3;
}

}  // namespace

struct VideoReader::State {
    QString path;
    InputContextPointer input;
    CodecContextPointer decoder;
    PacketPointer packet{av_packet_alloc()};
    FramePointer frame{av_frame_alloc()};
    SwsPointer converter;
    int streamIndex = -1;
    bool draining = false;  // the demuxer is exhausted and the decoder was told so
    VideoStreamInfo info;
    QMap<QString, QString> metadata;

    MediaExpected<QImage> toRgb(const AVFrame* decoded) {
        const auto format = AVPixelFormat(decoded->format);
        converter.reset(sws_getCachedContext(
            converter.release(), decoded->width, decoded->height, format, decoded->width,
            decoded->height, AV_PIX_FMT_RGB24, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
            nullptr, nullptr, nullptr));
        if (!converter)
            return mediaFailure(Code::ReadFailed,
                                QStringLiteral("Cannot convert %1 frames of %2 to RGB.")
                                    .arg(QString::fromLatin1(av_get_pix_fmt_name(format)),
                                         QDir::toNativeSeparators(path)),
                                QStringLiteral("Convert the video with another program first."));
        if (isYuv(format)) {
            // Untagged video follows the convention players use: BT.709 for HD, BT.601 below.
            int colorspace = decoded->colorspace;
            if (colorspace == AVCOL_SPC_UNSPECIFIED)
                colorspace = decoded->height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601;
            const int* coefficients = sws_getCoefficients(colorspace);
            const int fullRange = decoded->color_range == AVCOL_RANGE_JPEG;
            sws_setColorspaceDetails(converter.get(), coefficients, fullRange, coefficients, 1, 0,
                                     1 << 16, 1 << 16);
        }
        QImage image(decoded->width, decoded->height, QImage::Format_RGB888);
        uint8_t* target[1] = {image.bits()};
        const int stride[1] = {int(image.bytesPerLine())};
        sws_scale(converter.get(), decoded->data, decoded->linesize, 0, decoded->height, target,
                  stride);
        return image;
    }
};

VideoReader::VideoReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
VideoReader::VideoReader(VideoReader&&) noexcept = default;
VideoReader& VideoReader::operator=(VideoReader&&) noexcept = default;
VideoReader::~VideoReader() = default;

MediaExpected<VideoReader> VideoReader::open(const QString& path) {
    installFfmpegLogBridge();
    auto state = std::make_unique<State>();
    state->path = path;
    auto input = openInput(path);
    if (!input)
        return tl::unexpected(input.error());
    state->input = std::move(*input);
    AVFormatContext* format = state->input.get();

    const AVCodec* codec = nullptr;
    state->streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (state->streamIndex == AVERROR_DECODER_NOT_FOUND)
        return mediaFailure(Code::CodecUnavailable,
                            QStringLiteral("This FFmpeg build cannot decode the video in %1.")
                                .arg(QDir::toNativeSeparators(path)),
                            QStringLiteral("Convert the video to MP4 (H.264) or WebM (VP9)."));
    if (state->streamIndex < 0)
        return mediaFailure(
            Code::ReadFailed,
            QStringLiteral("%1 has no video stream.").arg(QDir::toNativeSeparators(path)),
            QStringLiteral("Choose a video file."));
    AVStream* stream = format->streams[state->streamIndex];

    state->decoder.reset(avcodec_alloc_context3(codec));
    if (!state->decoder)
        return readFailure(path, QStringLiteral("decode"), AVERROR(ENOMEM));
    int status = avcodec_parameters_to_context(state->decoder.get(), stream->codecpar);
    if (status >= 0) {
        state->decoder->thread_count = 0;
        status = avcodec_open2(state->decoder.get(), codec, nullptr);
    }
    if (status < 0)
        return readFailure(path, QStringLiteral("start decoding"), status);

    VideoStreamInfo& info = state->info;
    info.container = QString::fromLatin1(format->iformat->name);
    info.codec = QString::fromLatin1(avcodec_get_name(stream->codecpar->codec_id));
    if (const char* name = av_get_pix_fmt_name(AVPixelFormat(stream->codecpar->format)))
        info.pixelFormat = QString::fromLatin1(name);
    info.size = QSize(stream->codecpar->width, stream->codecpar->height);
    const AVRational rate = av_guess_frame_rate(format, stream, nullptr);
    info.fps = FrameRate{rate.num, rate.den};
    if (format->duration != AV_NOPTS_VALUE)
        info.durationSeconds = double(format->duration) / AV_TIME_BASE;
    else if (stream->duration != AV_NOPTS_VALUE)
        info.durationSeconds = double(stream->duration) * av_q2d(stream->time_base);
    if (stream->nb_frames > 0) {
        info.frameCount = int(stream->nb_frames);
    } else {
        auto counted = countPackets(path, state->streamIndex);
        if (!counted)
            return tl::unexpected(counted.error());
        info.frameCount = *counted;
    }

    const bool upperCaseTags = info.container.contains(QLatin1String("matroska"));
    for (const AVDictionaryEntry* entry = nullptr;
         (entry = av_dict_get(format->metadata, "", entry, AV_DICT_IGNORE_SUFFIX));) {
        const QString key = QString::fromUtf8(entry->key);
        state->metadata.insert(upperCaseTags ? key.toLower() : key,
                               QString::fromUtf8(entry->value));
    }
    if (info.container == QLatin1String("gif"))
        state->metadata = gifMetadata(gifComments(path));

    return VideoReader(std::move(state));
}

const VideoStreamInfo& VideoReader::info() const {
    return state_->info;
}

const QMap<QString, QString>& VideoReader::metadata() const {
    return state_->metadata;
}

MediaExpected<std::optional<QImage>> VideoReader::nextFrame() {
    State& s = *state_;
    for (;;) {
        int status = avcodec_receive_frame(s.decoder.get(), s.frame.get());
        if (status == 0) {
            auto image = s.toRgb(s.frame.get());
            av_frame_unref(s.frame.get());
            if (!image)
                return tl::unexpected(image.error());
            return std::optional<QImage>(std::move(*image));
        }
        if (status == AVERROR_EOF)
            return std::optional<QImage>();
        if (status != AVERROR(EAGAIN))
            return readFailure(s.path, QStringLiteral("decode"), status);
        if (s.draining)
            return std::optional<QImage>();

        status = av_read_frame(s.input.get(), s.packet.get());
        if (status == AVERROR_EOF) {
            s.draining = true;
            status = avcodec_send_packet(s.decoder.get(), nullptr);
        } else if (status < 0) {
            return readFailure(s.path, QStringLiteral("read"), status);
        } else {
            if (s.packet->stream_index == s.streamIndex)
                status = avcodec_send_packet(s.decoder.get(), s.packet.get());
            av_packet_unref(s.packet.get());
        }
        if (status < 0 && status != AVERROR_EOF)
            return readFailure(s.path, QStringLiteral("decode"), status);
    }
}

MediaExpected<QList<QImage>> VideoReader::readFrames(int maxFrames) {
    QList<QImage> frames;
    while (maxFrames < 0 || frames.size() < maxFrames) {
        auto frame = nextFrame();
        if (!frame)
            return tl::unexpected(frame.error());
        if (!*frame)
            break;
        frames.append(std::move(**frame));
    }
    return frames;
}

}  // namespace kinora::media
