// Mirrors Pillow 9.4: libImaging/Resample.c (LANCZOS: precompute_coeffs, normalize_coeffs_8bpc,
// the horizontal then vertical 8-bit passes), Filter.c (ImagingFilter3x3 for ImageFilter.SMOOTH),
// Blend.c (Image.blend), Convert.c (RGB to L) and PIL/ImageEnhance.py.
#include "media/ImagePreprocess.h"

#include <QJsonArray>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "media/ImageChecks.h"

namespace kinora::media {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Pillow's fixed-point resampling: weights scaled by 2^22 leave 8 bits for the pixel and 2 bits
// of headroom for Lanczos's negative lobes.
constexpr int kPrecisionBits = 32 - 8 - 2;
constexpr double kLanczosSupport = 3.0;

double sinc(double x) {
    if (x == 0.0)
        return 1.0;
    x *= kPi;
    return std::sin(x) / x;
}

double lanczos(double x) {
    return (-kLanczosSupport <= x && x < kLanczosSupport) ? sinc(x) * sinc(x / kLanczosSupport)
                                                          : 0.0;
}

struct Taps {
    std::vector<int> first, count;
    std::vector<std::int32_t> weights;  // `stride` per output sample
    int stride = 0;
};

// One axis of the resize (box (0, inSize)): the window each output reads and its weights, with
// Pillow's order of floating-point operations, since the fixed-point weights depend on them.
Taps axisTaps(int inSize, int outSize) {
    const double scale = double(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);  // downscaling widens the kernel: antialiasing
    const double support = kLanczosSupport * filterScale;
    Taps taps;
    taps.stride = int(std::ceil(support)) * 2 + 1;
    taps.first.resize(outSize);
    taps.count.resize(outSize);
    taps.weights.assign(std::size_t(outSize) * taps.stride, 0);
    std::vector<double> weights(taps.stride);
    for (int out = 0; out < outSize; ++out) {
        const double center = (out + 0.5) * scale;
        const int first = std::max(int(center - support + 0.5), 0);
        const int count = std::min(int(center + support + 0.5), inSize) - first;
        double total = 0.0;
        for (int i = 0; i < count; ++i) {
            weights[i] = lanczos((i + first - center + 0.5) / filterScale);
            total += weights[i];
        }
        for (int i = 0; i < count; ++i) {
            const double normalised = total != 0.0 ? weights[i] / total : weights[i];
            const double scaled = normalised * (1 << kPrecisionBits);
            taps.weights[std::size_t(out) * taps.stride + i] =
                std::int32_t(normalised < 0 ? scaled - 0.5 : scaled + 0.5);
        }
        taps.first[out] = first;
        taps.count[out] = count;
    }
    return taps;
}

std::uint8_t clipFixed(std::int64_t sum) {
    return std::uint8_t(std::clamp<std::int64_t>(sum >> kPrecisionBits, 0, 255));
}

constexpr std::int64_t kHalf = std::int64_t(1) << (kPrecisionBits - 1);

QImage resampleHorizontally(const QImage& in, int width) {
    const Taps taps = axisTaps(in.width(), width);
    QImage out(width, in.height(), QImage::Format_RGB888);
    for (int y = 0; y < in.height(); ++y) {
        const uchar* row = in.constScanLine(y);
        uchar* target = out.scanLine(y);
        for (int x = 0; x < width; ++x) {
            const std::int32_t* weights = &taps.weights[std::size_t(x) * taps.stride];
            const uchar* source = row + std::size_t(taps.first[x]) * 3;
            std::int64_t sum[3] = {kHalf, kHalf, kHalf};
            for (int i = 0; i < taps.count[x]; ++i)
                for (int c = 0; c < 3; ++c)
                    sum[c] += std::int64_t(source[i * 3 + c]) * weights[i];
            for (int c = 0; c < 3; ++c)
                target[x * 3 + c] = clipFixed(sum[c]);
        }
    }
    return out;
}

QImage resampleVertically(const QImage& in, int height) {
    const Taps taps = axisTaps(in.height(), height);
    QImage out(in.width(), height, QImage::Format_RGB888);
    const int rowBytes = in.width() * 3;
    for (int y = 0; y < height; ++y) {
        const std::int32_t* weights = &taps.weights[std::size_t(y) * taps.stride];
        uchar* target = out.scanLine(y);
        for (int byte = 0; byte < rowBytes; ++byte) {
            std::int64_t sum = kHalf;
            for (int i = 0; i < taps.count[y]; ++i)
                sum += std::int64_t(in.constScanLine(taps.first[y] + i)[byte]) * weights[i];
            target[byte] = clipFixed(sum);
        }
    }
    return out;
}

// Image.blend(degenerate, image, factor): float arithmetic, clipped, truncated toward zero.
std::uint8_t blend(int degenerate, int value, float factor) {
    const float mixed = float(degenerate) + factor * float(value - degenerate);
    if (mixed <= 0.0f)
        return 0;
    if (mixed >= 255.0f)
        return 255;
    return std::uint8_t(mixed);
}

// Pillow's RGB to L conversion.
int pillowLuma(const uchar* rgb) {
    return (rgb[0] * 19595 + rgb[1] * 38470 + rgb[2] * 7471 + 0x8000) >> 16;
}

QImage rgb888(const QImage& image) {
    return image.convertToFormat(QImage::Format_RGB888);
}

QString sizeText(QSize size) {
    return QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
}

}  // namespace

QJsonObject PreprocessOptions::toJson() const {
    QJsonObject json;
    if (crop) {
        json.insert("crop",
                    QJsonArray{cropRect.x(), cropRect.y(), cropRect.width(), cropRect.height()});
    }
    if (resize)
        json.insert("resize", QJsonArray{workingSize.width(), workingSize.height()});
    if (correctExposure)
        json.insert("correct_exposure", true);
    if (enhanceContrast)
        json.insert("contrast", contrastFactor);
    if (enhanceSharpness)
        json.insert("sharpness", sharpnessFactor);
    return json;
}

PreprocessOptions PreprocessOptions::advised(QSize workingSize) {
    PreprocessOptions options;
    options.resize = true;
    options.workingSize = workingSize;
    options.enhanceContrast = true;
    options.enhanceSharpness = true;
    return options;
}

QImage resizeLanczos(const QImage& image, QSize size) {
    QImage result = rgb888(image);
    if (result.isNull() || size.isEmpty())
        return {};
    // Pillow skips the pass of an axis whose size does not change.
    if (size.width() != result.width())
        result = resampleHorizontally(result, size.width());
    if (size.height() != result.height())
        result = resampleVertically(result, size.height());
    return result;
}

QImage coverAndCrop(const QImage& image, QSize size) {
    if (image.isNull() || size.isEmpty())
        return {};
    const double scale =
        std::min(double(image.width()) / size.width(), double(image.height()) / size.height());
    // Rounded, and never below the target: the crop below always has the pixels it needs.
    const QSize covering(std::max(size.width(), int(std::lround(image.width() / scale))),
                         std::max(size.height(), int(std::lround(image.height() / scale))));
    const QImage resized = resizeLanczos(image, covering);
    return resized.copy((covering.width() - size.width()) / 2,
                        (covering.height() - size.height()) / 2, size.width(), size.height());
}

QImage enhanceContrast(const QImage& image, double factor) {
    QImage result = rgb888(image);
    if (result.isNull())
        return result;
    // The degenerate image: uniform grey at the rounded mean of the L conversion.
    double sum = 0.0;
    for (int y = 0; y < result.height(); ++y) {
        const uchar* row = result.constScanLine(y);
        for (int x = 0; x < result.width(); ++x)
            sum += pillowLuma(row + x * 3);
    }
    const int mean = int(sum / (double(result.width()) * result.height()) + 0.5);
    const float alpha = float(factor);
    for (int y = 0; y < result.height(); ++y) {
        uchar* row = result.scanLine(y);
        for (int i = 0; i < result.width() * 3; ++i)
            row[i] = blend(mean, row[i], alpha);
    }
    return result;
}

QImage enhanceSharpness(const QImage& image, double factor) {
    const QImage source = rgb888(image);
    if (source.isNull() || source.width() < 3 || source.height() < 3)
        return source;  // Pillow's filter leaves images smaller than the kernel unchanged
    // ImageFilter.SMOOTH: 3x3 of ones with 5 in the centre, over 13, rounded; the border rows
    // and columns keep their pixels, so the blend leaves them unchanged.
    const float side = 1.0f / 13.0f, centre = 5.0f / 13.0f;
    const std::array<float, 3> outer{side, side, side}, middle{side, centre, side};
    QImage result = source;
    const float alpha = float(factor);
    for (int y = 1; y < source.height() - 1; ++y) {
        const uchar* above = source.constScanLine(y - 1);
        const uchar* row = source.constScanLine(y);
        const uchar* below = source.constScanLine(y + 1);
        uchar* target = result.scanLine(y);
        for (int x = 1; x < source.width() - 1; ++x) {
            for (int c = 0; c < 3; ++c) {
                const int i = x * 3 + c;
                const auto line = [&](const uchar* r, const std::array<float, 3>& k) {
                    return float(r[i - 3]) * k[0] + float(r[i]) * k[1] + float(r[i + 3]) * k[2];
                };
                float smoothed = 0.5f;
                smoothed += line(below, outer);
                smoothed += line(row, middle);
                smoothed += line(above, outer);
                const int degenerate =
                    smoothed <= 0.0f ? 0 : (smoothed >= 255.0f ? 255 : int(smoothed));
                target[i] = blend(degenerate, row[i], alpha);
            }
        }
    }
    return result;
}

QImage correctExposure(const QImage& image, double* gamma) {
    if (gamma)
        *gamma = 1.0;
    QImage result = rgb888(image);
    if (result.isNull())
        return result;
    std::array<double, 256> histogram{};
    for (int y = 0; y < result.height(); ++y) {
        const uchar* row = result.constScanLine(y);
        for (int x = 0; x < result.width(); ++x) {
            const uchar* p = row + x * 3;
            histogram[(p[0] * 299 + p[1] * 587 + p[2] * 114 + 500) / 1000] += 1.0;
        }
    }
    const double total = double(result.width()) * result.height();
    double sum = 0.0;
    for (int level = 0; level < 256; ++level)
        sum += level * histogram[level];
    const auto percentile = [&](double fraction) {
        double count = 0.0;
        for (int level = 0; level < 256; ++level) {
            count += histogram[level];
            if (count >= fraction * total)
                return level;
        }
        return 255;
    };
    const double mean = sum / total;
    const ImageCheckThresholds limits;
    const bool under = mean < limits.underexposedMean && percentile(0.95) < limits.underexposedP95;
    const bool over = mean > limits.overexposedMean;
    if (!under && !over)
        return result;
    // Mid-grey in display terms; the exponent is bounded so noise in a nearly black image is not
    // amplified into a grey fog.
    constexpr double kTargetMedian = 118.0 / 255.0;
    const double median = std::clamp(percentile(0.5), 1, 254) / 255.0;
    const double exponent = std::clamp(std::log(kTargetMedian) / std::log(median), 0.4, 2.5);
    std::array<uchar, 256> table{};
    for (int level = 0; level < 256; ++level)
        table[level] = uchar(std::lround(255.0 * std::pow(level / 255.0, exponent)));
    for (int y = 0; y < result.height(); ++y) {
        uchar* row = result.scanLine(y);
        for (int i = 0; i < result.width() * 3; ++i)
            row[i] = table[row[i]];
    }
    if (gamma)
        *gamma = exponent;
    return result;
}

PreprocessResult preprocessImage(const QImage& image, const PreprocessOptions& options) {
    PreprocessResult result;
    if (image.isNull()) {
        result.error = QStringLiteral("there is no image to preprocess");
        return result;
    }
    QImage current = rgb888(image);
    if (options.crop) {
        const QRect rect = options.cropRect.normalized().intersected(current.rect());
        if (rect.isEmpty()) {
            result.error = QStringLiteral(
                               "the crop rectangle %1,%2 %3x%4 lies outside the %5 "
                               "image")
                               .arg(options.cropRect.x())
                               .arg(options.cropRect.y())
                               .arg(options.cropRect.width())
                               .arg(options.cropRect.height())
                               .arg(sizeText(current.size()));
            return result;
        }
        current = current.copy(rect);
        result.applied << QStringLiteral("crop %1,%2 %3")
                              .arg(rect.x())
                              .arg(rect.y())
                              .arg(sizeText(rect.size()));
    }
    if (options.resize) {
        if (options.workingSize.isEmpty()) {
            result.error =
                QStringLiteral("the working size %1 is empty").arg(sizeText(options.workingSize));
            return result;
        }
        if (current.size() != options.workingSize) {
            current = coverAndCrop(current, options.workingSize);
            result.applied << QStringLiteral("Lanczos resize and centre crop to %1")
                                  .arg(sizeText(options.workingSize));
        }
    }
    if (options.correctExposure) {
        double gamma = 1.0;
        current = correctExposure(current, &gamma);
        if (gamma != 1.0)
            result.applied << QStringLiteral("exposure gamma %1").arg(gamma, 0, 'f', 2);
    }
    if (options.enhanceContrast && options.contrastFactor != 1.0) {
        current = enhanceContrast(current, options.contrastFactor);
        result.applied << QStringLiteral("contrast x%1").arg(options.contrastFactor);
    }
    if (options.enhanceSharpness && options.sharpnessFactor != 1.0) {
        current = enhanceSharpness(current, options.sharpnessFactor);
        result.applied << QStringLiteral("sharpness x%1").arg(options.sharpnessFactor);
    }
    result.image = current;
    return result;
}

}  // namespace kinora::media
