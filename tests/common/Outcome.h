// Checking what a generation produced: its outcome in one line for a failure message, and how far
// its frames are from reference frames.
#pragma once

#include <QImage>
#include <QList>
#include <QString>

#include <algorithm>
#include <cstdlib>

#include "facade/GenerationService.h"

namespace kinora::test {

inline QString describe(const GenerationOutcome& outcome) {
    return QStringLiteral("status %1: %2 (%3) [%4]")
        .arg(int(outcome.status))
        .arg(outcome.message, outcome.remedy, outcome.detail.left(300));
}

// The largest per-channel difference between two equally long frame lists, compared as RGB; -1
// when they cannot be compared (different counts or sizes, or none).
inline int maxFrameDifference(const QList<QImage>& a, const QList<QImage>& b) {
    if (a.size() != b.size() || a.isEmpty())
        return -1;
    int largest = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QImage x = a[i].convertToFormat(QImage::Format_RGB888);
        const QImage y = b[i].convertToFormat(QImage::Format_RGB888);
        if (x.size() != y.size())
            return -1;
        for (int row = 0; row < x.height(); ++row) {
            const uchar* p = x.constScanLine(row);
            const uchar* q = y.constScanLine(row);
            for (int c = 0; c < x.width() * 3; ++c)
                largest = std::max(largest, std::abs(int(p[c]) - int(q[c])));
        }
    }
    return largest;
}

}  // namespace kinora::test
