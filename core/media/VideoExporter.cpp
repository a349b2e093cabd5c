#include "media/VideoExporter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QRandomGenerator>

#include <cstring>
#include <filesystem>
#include <memory>

#include "media/MediaLog.h"
#include "media/private/LibavHandles.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

namespace kinora::media {
namespace {

using Code = MediaError::Code;

const QString kFreeSpaceRemedy =
    QStringLiteral("Free some disk space or choose another folder, then export again.");
const QString kEncoderRemedy =
    QStringLiteral("Export in another format, or report the problem with the log attached.");

// What distinguishes the encoded formats.
struct CodecChoice {
    const char* muxer;
    const char* encoder;
    const char* description;  // for messages: "H.264 (MP4)"
    int defaultCrf;
    int maxCrf;
};

CodecChoice codecChoice(ExportFormat format) {
    switch (format) {
        case ExportFormat::Mp4:
            return {"mp4", "libx264", "H.264 (MP4)", 18, 51};
        case ExportFormat::WebM:
            return {"webm", "libvpx-vp9", "VP9 (WebM)", 32, 63};
        case ExportFormat::Gif:
            return {"gif", "gif", "GIF", 0, 0};
        case ExportFormat::PngSequence:
            break;
    }
    return {nullptr, nullptr, "PNG", 0, 0};
}

const QStringList kX264Presets = {"ultrafast", "superfast", "veryfast", "faster",   "fast",
                                  "medium",    "slow",      "slower",   "veryslow", "placebo"};

std::filesystem::path fileSystemPath(const QString& path) {
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

// The hidden file or folder an export writes into, next to the final path so that the rename
// that publishes it is atomic. Removed on destruction unless published. Created like any new
// file (the umask decides its permissions), not private like QTemporaryFile's.
class TemporaryOutput {
public:
    TemporaryOutput(const TemporaryOutput&) = delete;
    TemporaryOutput& operator=(const TemporaryOutput&) = delete;
    TemporaryOutput(TemporaryOutput&& other) noexcept
        : path_(std::move(other.path_)), isFolder_(other.isFolder_) {
        other.path_.clear();
    }
    ~TemporaryOutput() {
        if (path_.isEmpty())
            return;
        if (isFolder_)
            QDir(path_).removeRecursively();
        else
            QFile::remove(path_);
    }

    // `.name.<random>.part.ext` for a file, `.name.<random>.part` for a folder: hidden, unique,
    // and still telling a person what the leftover of a crash was.
    static MediaExpected<TemporaryOutput> create(const QFileInfo& target, bool isFolder,
                                                 const QString& extension) {
        QString reason;
        for (int attempt = 0; attempt < 16; ++attempt) {
            const QString path =
                target.absolutePath() +
                QStringLiteral("/.%1.%2.part")
                    .arg(isFolder ? target.fileName() : target.completeBaseName(),
                         QString::number(QRandomGenerator::global()->generate(), 36)) +
                (isFolder ? QString() : QLatin1Char('.') + extension);
            if (QFileInfo::exists(path))
                continue;
            if (isFolder) {
                std::error_code error;
                if (std::filesystem::create_directory(fileSystemPath(path), error))
                    return TemporaryOutput(path, true);
                reason = QString::fromStdString(error.message());
            } else {
                QFile file(path);
                if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
                    return TemporaryOutput(path, false);
                reason = file.errorString();
            }
            if (!QFileInfo::exists(path))
                break;  // not a name clash: the folder refuses
        }
        return mediaFailure(Code::OutputNotWritable,
                            QStringLiteral("Cannot create a %1 in %2: %3.")
                                .arg(isFolder ? QStringLiteral("folder") : QStringLiteral("file"),
                                     QDir::toNativeSeparators(target.absolutePath()), reason),
                            QStringLiteral("Choose a folder you can write to, or check the "
                                           "folder's permissions and free space."));
    }

    const QString& path() const { return path_; }

    // rename(2) replaces an existing file, or an empty folder, in one step.
    MediaExpected<void> publish(const QString& finalPath) {
        std::error_code error;
        std::filesystem::rename(fileSystemPath(path_), fileSystemPath(finalPath), error);
        if (error)
            return mediaFailure(Code::WriteFailed,
                                QStringLiteral("Cannot move the finished export to %1: %2.")
                                    .arg(QDir::toNativeSeparators(finalPath),
                                         QString::fromStdString(error.message())),
                                QStringLiteral("Check that the name is not in use by a folder or "
                                               "another program, then export again."));
        path_.clear();
        return {};
    }

private:
    TemporaryOutput(QString path, bool isFolder) : path_(std::move(path)), isFolder_(isFolder) {}

    QString path_;
    bool isFolder_ = false;
};

QString sizeText(const QSize& size) {
    return QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
}

MediaError cancelled(const QString& path) {
    return {Code::Cancelled,
            QStringLiteral("Export to %1 was cancelled; nothing was written.")
                .arg(QDir::toNativeSeparators(path)),
            QString()};
}

bool cancelRequested(const ExportOptions& options) {
    return options.cancelRequested && options.cancelRequested();
}

// Hands out the frames as RGB888, checking that each exists and has the first one's size.
class FrameFeed {
public:
    FrameFeed(FrameSource source, int count) : source_(std::move(source)), count_(count) {}

    MediaExpected<QImage> frame(int index) {
        const QImage image = source_(index);
        if (auto valid = check(image, index); !valid)
            return tl::unexpected(valid.error());
        return image.convertToFormat(QImage::Format_RGB888);
    }

    MediaExpected<void> check(const QImage& image, int index) {
        if (image.isNull())
            return mediaFailure(
                Code::InvalidInput,
                QStringLiteral("Frame %1 of %2 is empty.").arg(index + 1).arg(count_),
                QStringLiteral("Export only after every frame has been generated."));
        if (size_.isEmpty())
            size_ = image.size();
        else if (image.size() != size_)
            return mediaFailure(Code::InvalidInput,
                                QStringLiteral("Frame %1 is %2 but frame 1 is %3; all frames of a "
                                               "video must have one size.")
                                    .arg(index + 1)
                                    .arg(sizeText(image.size()), sizeText(size_)),
                                QStringLiteral("Resize the frames to one size before exporting."));
        return {};
    }

    int count() const { return count_; }

private:
    FrameSource source_;
    int count_;
    QSize size_;
};

// 4:2:0 chroma covers 2x2 pixel blocks: an odd edge is completed by repeating its last pixels.
QImage padToEven(const QImage& rgb) {
    const QSize even((rgb.width() + 1) & ~1, (rgb.height() + 1) & ~1);
    if (even == rgb.size())
        return rgb;
    QImage padded(even, QImage::Format_RGB888);
    const int rowBytes = rgb.width() * 3;
    for (int y = 0; y < even.height(); ++y) {
        const uchar* in = rgb.constScanLine(std::min(y, rgb.height() - 1));
        uchar* out = padded.scanLine(y);
        std::memcpy(out, in, rowBytes);
        if (even.width() != rgb.width())
            std::memcpy(out + rowBytes, in + rowBytes - 3, 3);
    }
    return padded;
}

QSize encodedSize(ExportFormat format, const QSize& size) {
    if (format == ExportFormat::Mp4 || format == ExportFormat::WebM)
        return {(size.width() + 1) & ~1, (size.height() + 1) & ~1};
    return size;
}

QString frameFileName(int index, int count) {
    const int digits = std::max(4, int(QString::number(count).size()));
    return QStringLiteral("frame_%1.png").arg(index + 1, digits, 10, QLatin1Char('0'));
}

MediaExpected<ExportedVideo> writePngSequence(const QFileInfo& target, FrameFeed& feed,
                                              const ExportOptions& options) {
    if (target.exists() && !(target.isDir() && QDir(target.filePath()).isEmpty()))
        return mediaFailure(
            Code::OutputNotWritable,
            QStringLiteral("%1 already exists%2.")
                .arg(QDir::toNativeSeparators(target.filePath()),
                     target.isDir() ? QStringLiteral(" and is not empty") : QString()),
            QStringLiteral("A PNG sequence needs a new or empty folder: choose another name."));
    auto temporary = TemporaryOutput::create(target, true, QString());
    if (!temporary)
        return tl::unexpected(temporary.error());

    ExportedVideo result{target.filePath(), {}, feed.count(), 0};
    for (int i = 0; i < feed.count(); ++i) {
        if (cancelRequested(options))
            return tl::unexpected(cancelled(target.filePath()));
        auto frame = feed.frame(i);
        if (!frame)
            return tl::unexpected(frame.error());
        result.frameSize = frame->size();
        const QString file = temporary->path() + QLatin1Char('/') + frameFileName(i, feed.count());
        QFile output(file);
        QImageWriter writer(&output, "png");
        const bool encoded = output.open(QIODevice::WriteOnly) && writer.write(*frame);
        // Flushed even after a failure: only a flush puts the system's reason ("No space left on
        // device") into errorString().
        const bool flushed = output.isOpen() && output.flush();
        if (!encoded || !flushed)
            return mediaFailure(
                Code::WriteFailed,
                QStringLiteral("Could not write frame %1 of the PNG sequence %2: %3.")
                    .arg(i + 1)
                    .arg(QDir::toNativeSeparators(target.filePath()),
                         output.error() != QFileDevice::NoError ? output.errorString()
                                                                : writer.errorString()),
                kFreeSpaceRemedy);
        result.bytes += output.size();
        if (options.progress)
            options.progress(i + 1, feed.count());
    }
    if (cancelRequested(options))
        return tl::unexpected(cancelled(target.filePath()));
    if (options.beforePublish)
        if (auto ready = options.beforePublish(result); !ready)
            return tl::unexpected(ready.error());
    if (auto published = temporary->publish(target.filePath()); !published)
        return tl::unexpected(published.error());
    return result;
}

// Converts RGB888 frames into the encoder's pixel format.
class FrameConverter {
public:
    virtual ~FrameConverter() = default;
    virtual void convert(const QImage& rgb, AVFrame* frame) = 0;
};

// RGB to limited-range BT.709 YUV 4:2:0, tagged as such on the stream, so players that honour
// the tags and those that assume HD defaults agree on the colours.
class YuvConverter : public FrameConverter {
public:
    explicit YuvConverter(const QSize& size)
        : context_(sws_getContext(size.width(), size.height(), AV_PIX_FMT_RGB24, size.width(),
                                  size.height(), AV_PIX_FMT_YUV420P,
                                  SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP, nullptr,
                                  nullptr, nullptr)) {
        if (context_) {
            const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
            sws_setColorspaceDetails(context_.get(), bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
        }
    }

    bool isValid() const { return context_ != nullptr; }

    void convert(const QImage& rgb, AVFrame* frame) override {
        const QImage even = padToEven(rgb);
        const uint8_t* source[1] = {even.constBits()};
        const int stride[1] = {int(even.bytesPerLine())};
        sws_scale(context_.get(), source, stride, 0, even.height(), frame->data, frame->linesize);
    }

private:
    SwsPointer context_;
};

// Maps frames onto one palette built from all of them beforehand.
class PaletteConverter : public FrameConverter {
public:
    PaletteConverter(QList<QRgb> palette, Dither dither)
        : palette_(std::move(palette)), dither_(dither) {}

    void convert(const QImage& rgb, AVFrame* frame) override {
        const QImage indexed = quantizeToPalette(rgb, palette_, dither_);
        for (int y = 0; y < indexed.height(); ++y)
            std::memcpy(frame->data[0] + y * frame->linesize[0], indexed.constScanLine(y),
                        indexed.width());
        auto* entries = reinterpret_cast<uint32_t*>(frame->data[1]);
        for (int i = 0; i < 256; ++i)
            entries[i] = i < palette_.size() ? (palette_[i] | 0xff000000u) : 0xff000000u;
    }

private:
    QList<QRgb> palette_;
    Dither dither_;
};

MediaError codecUnavailable(const QString& encoder, const CodecChoice& choice) {
    return {Code::CodecUnavailable,
            QStringLiteral("The encoder '%1' for %2 is not available in this FFmpeg build "
                           "(libavcodec %3).")
                .arg(encoder, QString::fromLatin1(choice.description),
                     QString::fromLatin1(LIBAVCODEC_IDENT)),
            QStringLiteral("Install an FFmpeg build that includes it (Debian's libavcodec "
                           "packages do), or export in another format.")};
}

// Drives one encoder into one muxer, writing into a temporary file.
class EncodedWriter {
public:
    EncodedWriter(const QFileInfo& target, const ExportOptions& options)
        : target_(target), options_(options), choice_(codecChoice(options.format)) {}

    MediaExpected<void> open(const QString& temporaryPath, const QSize& size) {
        const QString encoderName =
            options_.encoder.isEmpty() ? QString::fromLatin1(choice_.encoder) : options_.encoder;
        const AVCodec* codec = avcodec_find_encoder_by_name(encoderName.toUtf8().constData());
        if (!codec || codec->type != AVMEDIA_TYPE_VIDEO)
            return tl::unexpected(codecUnavailable(encoderName, choice_));

        AVFormatContext* format = nullptr;
        const QByteArray pathBytes = QFile::encodeName(temporaryPath);
        int status =
            avformat_alloc_output_context2(&format, nullptr, choice_.muxer, pathBytes.constData());
        if (status < 0 || !format)
            return failure(Code::CodecUnavailable, QStringLiteral("prepare the %1 container"),
                           status, QStringLiteral("Export in another format."));
        format_.reset(format);

        codecContext_.reset(avcodec_alloc_context3(codec));
        if (!codecContext_)
            return failure(Code::EncodingFailed, QStringLiteral("allocate the encoder"),
                           AVERROR(ENOMEM), QStringLiteral("Close other programs and retry."));
        AVCodecContext* c = codecContext_.get();
        c->width = size.width();
        c->height = size.height();
        c->time_base = AVRational{options_.fps.denominator, options_.fps.numerator};
        c->framerate = AVRational{options_.fps.numerator, options_.fps.denominator};
        c->thread_count = 0;
        if (options_.format == ExportFormat::Gif) {
            c->pix_fmt = AV_PIX_FMT_PAL8;
        } else {
            c->pix_fmt = AV_PIX_FMT_YUV420P;
            c->color_range = AVCOL_RANGE_MPEG;
            c->colorspace = AVCOL_SPC_BT709;
            c->color_primaries = AVCOL_PRI_BT709;
            c->color_trc = AVCOL_TRC_BT709;
        }
        if (format_->oformat->flags & AVFMT_GLOBALHEADER)
            c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

        AVDictionary* codecOptions = nullptr;
        const bool ownEncoder = options_.encoder.isEmpty() || options_.encoder == choice_.encoder;
        const int crf = options_.crf >= 0 ? options_.crf : choice_.defaultCrf;
        if (ownEncoder && options_.format == ExportFormat::Mp4) {
            av_dict_set(&codecOptions, "preset", options_.preset.toUtf8().constData(), 0);
            av_dict_set_int(&codecOptions, "crf", crf, 0);
        } else if (ownEncoder && options_.format == ExportFormat::WebM) {
            // Constant quality: CRF with a zero target bitrate (a non-zero one caps quality).
            c->bit_rate = 0;
            av_dict_set_int(&codecOptions, "crf", crf, 0);
            av_dict_set(&codecOptions, "row-mt", "1", 0);
        }
        status = avcodec_open2(c, codec, &codecOptions);
        for (const AVDictionaryEntry* unused = nullptr;
             (unused = av_dict_get(codecOptions, "", unused, AV_DICT_IGNORE_SUFFIX));)
            qCWarning(lcMedia).noquote()
                << "Encoder" << encoderName << "ignored the option" << unused->key;
        av_dict_free(&codecOptions);
        if (status < 0)
            return failure(Code::EncodingFailed,
                           QStringLiteral("start the %1 encoder").arg(encoderName), status,
                           QStringLiteral("Check the export options (size, frame rate, quality), "
                                          "or export in another format."));

        stream_ = avformat_new_stream(format_.get(), nullptr);
        if (!stream_)
            return failure(Code::EncodingFailed, QStringLiteral("add the video stream"),
                           AVERROR(ENOMEM), QStringLiteral("Close other programs and retry."));
        stream_->time_base = c->time_base;
        stream_->avg_frame_rate = c->framerate;
        status = avcodec_parameters_from_context(stream_->codecpar, c);
        if (status < 0)
            return failure(Code::EncodingFailed, QStringLiteral("describe the video stream"),
                           status, kEncoderRemedy);

        // GIF has no metadata the muxer writes: see appendGifComments.
        if (options_.format != ExportFormat::Gif)
            for (auto it = options_.metadata.cbegin(); it != options_.metadata.cend(); ++it)
                av_dict_set(&format_->metadata, it.key().toUtf8().constData(),
                            it.value().toUtf8().constData(), 0);

        status = avio_open(&format_->pb, pathBytes.constData(), AVIO_FLAG_WRITE);
        if (status < 0)
            return failure(Code::OutputNotWritable, QStringLiteral("open the file for writing"),
                           status, kFreeSpaceRemedy);

        AVDictionary* muxerOptions = nullptr;
        if (options_.format == ExportFormat::Mp4)
            // faststart: the index (moov) goes before the data so playback starts while the file
            // is still loading; use_metadata_tags: custom keys such as kinora_request survive.
            av_dict_set(&muxerOptions, "movflags", "+faststart+use_metadata_tags", 0);
        if (options_.format == ExportFormat::Gif)
            av_dict_set(&muxerOptions, "loop", "0", 0);
        status = avformat_write_header(format_.get(), &muxerOptions);
        av_dict_free(&muxerOptions);
        if (status < 0)
            return failure(writeError(Code::EncodingFailed),
                           QStringLiteral("write the %1 header").arg(choice_.muxer), status,
                           kFreeSpaceRemedy);

        frame_.reset(av_frame_alloc());
        packet_.reset(av_packet_alloc());
        if (!frame_ || !packet_)
            return failure(Code::EncodingFailed, QStringLiteral("allocate frame buffers"),
                           AVERROR(ENOMEM), QStringLiteral("Close other programs and retry."));
        frame_->format = c->pix_fmt;
        frame_->width = c->width;
        frame_->height = c->height;
        status = av_frame_get_buffer(frame_.get(), 0);
        if (status < 0)
            return failure(Code::EncodingFailed, QStringLiteral("allocate frame buffers"), status,
                           QStringLiteral("Close other programs and retry."));
        return {};
    }

    MediaExpected<void> write(const QImage& rgb, FrameConverter& converter, int index) {
        // The encoder may still hold a reference to the previous frame's buffers.
        int status = av_frame_make_writable(frame_.get());
        if (status < 0)
            return failure(Code::EncodingFailed, QStringLiteral("reuse the frame buffer"), status,
                           kEncoderRemedy);
        converter.convert(rgb, frame_.get());
        frame_->pts = index;
        status = avcodec_send_frame(codecContext_.get(), frame_.get());
        if (status < 0)
            return failure(Code::EncodingFailed, QStringLiteral("encode frame %1").arg(index + 1),
                           status, kEncoderRemedy);
        return drain();
    }

    // Flushes the encoder, writes the trailer and closes the file (each can fail on a full disk).
    MediaExpected<void> finish() {
        int status = avcodec_send_frame(codecContext_.get(), nullptr);
        if (status < 0)
            return failure(Code::EncodingFailed, QStringLiteral("flush the encoder"), status,
                           kEncoderRemedy);
        if (auto drained = drain(); !drained)
            return drained;
        status = av_write_trailer(format_.get());
        if (status < 0)
            return failure(writeError(Code::EncodingFailed), QStringLiteral("finish the file"),
                           status, kFreeSpaceRemedy);
        status = avio_closep(&format_->pb);
        if (status < 0)
            return failure(Code::WriteFailed, QStringLiteral("close the file"), status,
                           kFreeSpaceRemedy);
        return {};
    }

private:
    MediaExpected<void> drain() {
        for (;;) {
            int status = avcodec_receive_packet(codecContext_.get(), packet_.get());
            if (status == AVERROR(EAGAIN) || status == AVERROR_EOF)
                return {};
            if (status < 0)
                return failure(Code::EncodingFailed, QStringLiteral("encode"), status,
                               kEncoderRemedy);
            av_packet_rescale_ts(packet_.get(), codecContext_->time_base, stream_->time_base);
            packet_->stream_index = stream_->index;
            status = av_interleaved_write_frame(format_.get(), packet_.get());
            if (status < 0)
                return failure(writeError(Code::EncodingFailed), QStringLiteral("write"), status,
                               kFreeSpaceRemedy);
        }
    }

    // A muxer error caused by the file (full disk, size limit) rather than by the data.
    Code writeError(Code otherwise) const {
        return format_ && format_->pb && format_->pb->error < 0 ? Code::WriteFailed : otherwise;
    }

    tl::unexpected<MediaError> failure(Code code, const QString& action, int status,
                                       const QString& remedy) const {
        const int cause =
            format_ && format_->pb && format_->pb->error < 0 ? format_->pb->error : status;
        return mediaFailure(
            code,
            QStringLiteral("Could not %1 while exporting %2 to %3: %4.")
                .arg(action, QString::fromLatin1(choice_.description),
                     QDir::toNativeSeparators(target_.filePath()), ffmpegErrorText(cause)),
            remedy);
    }

    QFileInfo target_;
    const ExportOptions& options_;
    CodecChoice choice_;
    OutputContextPointer format_;
    CodecContextPointer codecContext_;
    AVStream* stream_ = nullptr;
    FramePointer frame_;
    PacketPointer packet_;
};

// GIF keeps metadata as comment extensions, which the muxer does not write: one "key=value"
// comment per entry goes just before the trailer byte of the finished file.
MediaExpected<void> appendGifComments(const QString& path, const QMap<QString, QString>& metadata,
                                      const QFileInfo& target) {
    if (metadata.isEmpty())
        return {};
    const auto writeFailure = [&](const QString& reason) {
        return mediaFailure(Code::WriteFailed,
                            QStringLiteral("Could not write the GIF comments of %1: %2.")
                                .arg(QDir::toNativeSeparators(target.filePath()), reason),
                            kFreeSpaceRemedy);
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return writeFailure(file.errorString());
    char last = 0;
    if (file.size() < 1 || !file.seek(file.size() - 1) || !file.getChar(&last) || last != 0x3b)
        return writeFailure(QStringLiteral("the file does not end with a GIF trailer"));
    QByteArray blocks;
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it) {
        const QByteArray text = (it.key() + QLatin1Char('=') + it.value()).toUtf8();
        blocks += "\x21\xfe";
        for (qsizetype offset = 0; offset < text.size(); offset += 255) {
            const QByteArray piece = text.mid(offset, 255);
            blocks += char(piece.size());
            blocks += piece;
        }
        blocks += '\0';
    }
    blocks += '\x3b';
    if (!file.seek(file.size() - 1) || file.write(blocks) != blocks.size() || !file.flush())
        return writeFailure(file.errorString());
    return {};
}

MediaExpected<ExportedVideo> writeEncoded(const QFileInfo& target, FrameFeed& feed,
                                          const ExportOptions& options) {
    const CodecChoice choice = codecChoice(options.format);
    const bool ownEncoder = options.encoder.isEmpty() || options.encoder == choice.encoder;
    if (ownEncoder && choice.maxCrf > 0 && options.crf > choice.maxCrf)
        return mediaFailure(
            Code::InvalidInput,
            QStringLiteral("Quality (CRF) %1 is out of range for %2 (0-%3).")
                .arg(options.crf)
                .arg(QString::fromLatin1(choice.description))
                .arg(choice.maxCrf),
            QStringLiteral("Choose a CRF between 0 and %1; lower is better quality.")
                .arg(choice.maxCrf));
    if (ownEncoder && options.format == ExportFormat::Mp4 && !kX264Presets.contains(options.preset))
        return mediaFailure(Code::InvalidInput,
                            QStringLiteral("Unknown x264 preset '%1'.").arg(options.preset),
                            QStringLiteral("Use one of: %1.").arg(kX264Presets.join(", ")));
    if (target.isDir())
        return mediaFailure(
            Code::OutputNotWritable,
            QStringLiteral("%1 is a folder.").arg(QDir::toNativeSeparators(target.filePath())),
            QStringLiteral("Choose a file name for the video."));

    // The first frame fixes the size; for GIF, a first pass over all frames builds the palette.
    auto first = feed.frame(0);
    if (!first)
        return tl::unexpected(first.error());
    const QSize size = encodedSize(options.format, first->size());
    std::unique_ptr<FrameConverter> converter;
    if (options.format == ExportFormat::Gif) {
        ColorHistogram histogram;
        for (int i = 0; i < feed.count(); ++i) {
            if (cancelRequested(options))
                return tl::unexpected(cancelled(target.filePath()));
            auto frame = i == 0 ? first : feed.frame(i);
            if (!frame)
                return tl::unexpected(frame.error());
            histogram.add(*frame);
        }
        converter = std::make_unique<PaletteConverter>(
            medianCutPalette(histogram, options.gifColors), options.gifDither);
    } else {
        auto yuv = std::make_unique<YuvConverter>(size);
        if (!yuv->isValid())
            return mediaFailure(Code::EncodingFailed,
                                QStringLiteral("Cannot convert %1 frames to YUV for %2.")
                                    .arg(sizeText(size), QString::fromLatin1(choice.description)),
                                QStringLiteral("Export in another format."));
        converter = std::move(yuv);
        if (size != first->size())
            qCInfo(lcMedia).noquote() << "Padding" << sizeText(first->size()) << "frames to"
                                      << sizeText(size) << "for 4:2:0 chroma";
    }

    auto temporary = TemporaryOutput::create(target, false, fileExtension(options.format));
    if (!temporary)
        return tl::unexpected(temporary.error());
    EncodedWriter writer(target, options);
    if (auto opened = writer.open(temporary->path(), size); !opened)
        return tl::unexpected(opened.error());
    for (int i = 0; i < feed.count(); ++i) {
        if (cancelRequested(options))
            return tl::unexpected(cancelled(target.filePath()));
        auto frame = i == 0 ? first : feed.frame(i);
        if (!frame)
            return tl::unexpected(frame.error());
        if (auto written = writer.write(*frame, *converter, i); !written)
            return tl::unexpected(written.error());
        if (options.progress)
            options.progress(i + 1, feed.count());
    }
    if (auto finished = writer.finish(); !finished)
        return tl::unexpected(finished.error());
    if (options.format == ExportFormat::Gif)
        if (auto commented = appendGifComments(temporary->path(), options.metadata, target);
            !commented)
            return tl::unexpected(commented.error());
    if (cancelRequested(options))
        return tl::unexpected(cancelled(target.filePath()));
    const ExportedVideo result{target.filePath(), size, feed.count(),
                               QFileInfo(temporary->path()).size()};
    if (options.beforePublish)
        if (auto ready = options.beforePublish(result); !ready)
            return tl::unexpected(ready.error());
    if (auto published = temporary->publish(target.filePath()); !published)
        return tl::unexpected(published.error());
    return result;
}

}  // namespace

int removeStaleTemporaries(const QString& path) {
    const QFileInfo target(path);
    // The names TemporaryOutput::create() gives, for a file and for a folder.
    const QStringList patterns{QStringLiteral(".%1.*.part*").arg(target.completeBaseName()),
                               QStringLiteral(".%1.*.part").arg(target.fileName())};
    int removed = 0;
    const QDir folder = target.absoluteDir();
    for (const QFileInfo& entry :
         folder.entryInfoList(patterns, QDir::Files | QDir::Dirs | QDir::Hidden | QDir::System |
                                            QDir::NoDotAndDotDot)) {
        const bool gone = entry.isDir() && !entry.isSymLink()
                              ? QDir(entry.filePath()).removeRecursively()
                              : QFile::remove(entry.filePath());
        if (gone) {
            qCInfo(lcMedia).noquote() << "Removed the leftover of an interrupted export:"
                                      << QDir::toNativeSeparators(entry.filePath());
            ++removed;
        }
    }
    return removed;
}

MediaExpected<ExportFormat> exportFormatFromName(const QString& name) {
    QString key = name.trimmed().toLower();
    if (key.startsWith(QLatin1Char('.')))
        key.remove(0, 1);
    if (key == QLatin1String("mp4"))
        return ExportFormat::Mp4;
    if (key == QLatin1String("webm"))
        return ExportFormat::WebM;
    if (key == QLatin1String("gif"))
        return ExportFormat::Gif;
    if (key == QLatin1String("png"))
        return ExportFormat::PngSequence;
    return mediaFailure(
        Code::UnknownFormat, QStringLiteral("Unknown video format '%1'.").arg(name),
        QStringLiteral("Use one of: mp4, webm, gif, png (a folder of PNG frames)."));
}

QString fileExtension(ExportFormat format) {
    switch (format) {
        case ExportFormat::Mp4:
            return QStringLiteral("mp4");
        case ExportFormat::WebM:
            return QStringLiteral("webm");
        case ExportFormat::Gif:
            return QStringLiteral("gif");
        case ExportFormat::PngSequence:
            break;
    }
    return {};
}

MediaExpected<ExportedVideo> exportVideo(const QString& path, int frameCount,
                                         const FrameSource& frameAt, const ExportOptions& options) {
    installFfmpegLogBridge();
    const QFileInfo target(QFileInfo(path).absoluteFilePath());
    if (frameCount <= 0 || !frameAt)
        return mediaFailure(Code::InvalidInput,
                            QStringLiteral("No frames to export to %1.")
                                .arg(QDir::toNativeSeparators(target.filePath())),
                            QStringLiteral("Generate at least one frame before exporting."));
    if (!options.fps.isValid())
        return mediaFailure(Code::InvalidInput,
                            QStringLiteral("The frame rate %1/%2 is not valid.")
                                .arg(options.fps.numerator)
                                .arg(options.fps.denominator),
                            QStringLiteral("Choose a positive frame rate, e.g. 8 or 24."));
    if (options.format == ExportFormat::Gif && (options.gifColors < 2 || options.gifColors > 256))
        return mediaFailure(
            Code::InvalidInput,
            QStringLiteral("A GIF palette of %1 colours is not possible.").arg(options.gifColors),
            QStringLiteral("Choose between 2 and 256 colours."));
    const QDir folder = target.absoluteDir();
    if (!folder.exists())
        return mediaFailure(Code::OutputNotWritable,
                            QStringLiteral("The folder %1 does not exist.")
                                .arg(QDir::toNativeSeparators(folder.path())),
                            QStringLiteral("Create the folder or choose another one."));
    if (cancelRequested(options))
        return tl::unexpected(cancelled(target.filePath()));

    FrameFeed feed(frameAt, frameCount);
    if (options.format == ExportFormat::PngSequence)
        return writePngSequence(target, feed, options);
    return writeEncoded(target, feed, options);
}

MediaExpected<ExportedVideo> exportVideo(const QString& path, const QList<QImage>& frames,
                                         const ExportOptions& options) {
    const FrameSource frameAt = [&frames](int index) { return frames[index]; };
    // Checked up front, so that a list that cannot be exported never creates a file.
    FrameFeed feed(frameAt, int(frames.size()));
    for (int i = 0; i < feed.count(); ++i)
        if (auto valid = feed.check(frames[i], i); !valid)
            return tl::unexpected(valid.error());
    return exportVideo(path, int(frames.size()), frameAt, options);
}

}  // namespace kinora::media
