// Image files no real camera writes, for the bad-input tests.
#pragma once

#include <QByteArray>
#include <QtEndian>

#include <zlib.h>

namespace kinora::test {

// A structurally complete PNG (IHDR, empty IDAT, IEND, valid CRCs) whose header claims
// `width` x `height` pixels but that holds no pixel data: a loader must refuse it from the header,
// before allocating anything.
inline QByteArray pngHeaderClaiming(quint32 width, quint32 height) {
    const auto chunk = [](const char* type, const QByteArray& data) {
        const QByteArray body = QByteArray(type, 4) + data;
        char bytes[4];
        qToBigEndian(quint32(data.size()), bytes);
        QByteArray out = QByteArray(bytes, 4) + body;
        qToBigEndian(
            quint32(crc32(0, reinterpret_cast<const Bytef*>(body.constData()), uInt(body.size()))),
            bytes);
        return out + QByteArray(bytes, 4);
    };
    char fields[13] = {};
    qToBigEndian(width, fields);
    qToBigEndian(height, fields + 4);
    fields[8] = 8;  // bit depth
    fields[9] = 2;  // RGB
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", QByteArray(fields, 13)) +
           chunk("IDAT", {}) + chunk("IEND", {});
}

}  // namespace kinora::test
