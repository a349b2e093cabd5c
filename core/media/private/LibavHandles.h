// Owning handles for FFmpeg objects, shared by the exporter and the reader. Private to
// kinora_media: it includes the libav headers that the public headers must never reach.
#pragma once

#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

namespace kinora::media {

// An output context: closes its file (when the muxer opened one), then frees it.
struct OutputContextCloser {
    void operator()(AVFormatContext* context) const {
        if (context->pb && !(context->oformat->flags & AVFMT_NOFILE))
            avio_closep(&context->pb);
        avformat_free_context(context);
    }
};
struct InputContextCloser {
    void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
struct CodecContextFree {
    void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
struct FrameFree {
    void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketFree {
    void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct SwsFree {
    void operator()(SwsContext* context) const { sws_freeContext(context); }
};

using OutputContextPointer = std::unique_ptr<AVFormatContext, OutputContextCloser>;
using InputContextPointer = std::unique_ptr<AVFormatContext, InputContextCloser>;
using CodecContextPointer = std::unique_ptr<AVCodecContext, CodecContextFree>;
using FramePointer = std::unique_ptr<AVFrame, FrameFree>;
using PacketPointer = std::unique_ptr<AVPacket, PacketFree>;
using SwsPointer = std::unique_ptr<SwsContext, SwsFree>;

}  // namespace kinora::media
