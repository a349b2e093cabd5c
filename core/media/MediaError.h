// The result type of Kinora's media code: file, encoder and decoder problems come back as values
// that say what failed, where, and what the user can do about it.
#pragma once

#include <QString>

#include <tl/expected.hpp>

namespace kinora::media {

struct MediaError {
    enum class Code {
        InvalidInput,       // no frames, empty or mismatched frames, bad options
        UnknownFormat,      // a format name or extension Kinora does not write
        OutputNotWritable,  // the output folder is missing, read-only, or the name is taken
        CodecUnavailable,   // this FFmpeg build lacks the encoder or decoder
        EncodingFailed,     // the encoder or muxer rejected the data
        WriteFailed,        // the disk refused the bytes (full, quota, I/O error)
        Cancelled,          // the caller's cancel check said stop
        ReadFailed,         // a video file could not be opened, parsed or decoded
    };

    Code code = Code::InvalidInput;
    QString message;  // what failed and where
    QString remedy;   // what to do about it
};

template <typename T>
using MediaExpected = tl::expected<T, MediaError>;

inline tl::unexpected<MediaError> mediaFailure(MediaError::Code code, QString message,
                                               QString remedy) {
    return tl::unexpected<MediaError>(MediaError{code, std::move(message), std::move(remedy)});
}

}  // namespace kinora::media
