#include "media/ImageChecks.h"

#include <QCoreApplication>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/saliency.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace kinora::media {

namespace {

// The findings' texts are translated where the application installs a translator (the desktop
// app); the CLI installs none, so it prints and records them in English.
class ImageChecks {
    Q_DECLARE_TR_FUNCTIONS(kinora::ImageChecks)
};

// Text lines: clusters of strokes, joined along the line, between these heights at the working
// size (captions to headings), at least this many times wider than high, and this dense.
constexpr int kTextLineMinHeight = 6;
constexpr int kTextLineMaxHeight = 40;
constexpr double kTextLineMinAspect = 2.5;
constexpr double kTextLineMinFill = 0.3;

// Saliency: the map is smoothed over this fraction of the long side, cut at this fraction of its
// peak; blobs smaller than kSalientMinArea of the image are noise, and a blob competes when its
// saliency mass reaches kCompetingMass of the largest one's. Calibrated so that one cup, one
// cat, one rocket stay one region while three cups on a table are three (docs/diagnostics.md).
constexpr double kSaliencySmoothing = 0.015;
constexpr double kSaliencyLevel = 0.3;
constexpr double kSalientMinArea = 0.01;
constexpr double kCompetingMass = 0.35;

// The image as a BGR matrix (owning its pixels) of no more than kWorkingArea pixels.
cv::Mat workingCopy(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    const cv::Mat wrapped(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                          static_cast<size_t>(rgb.bytesPerLine()));
    cv::Mat bgr;
    cv::cvtColor(wrapped, bgr, cv::COLOR_RGB2BGR);
    const double area = double(rgb.width()) * rgb.height();
    if (area <= kWorkingArea)
        return bgr;
    const double factor = std::sqrt(kWorkingArea / area);
    const cv::Size size(std::max(1, int(std::lround(rgb.width() * factor))),
                        std::max(1, int(std::lround(rgb.height() * factor))));
    cv::Mat scaled;
    cv::resize(bgr, scaled, size, 0, 0, cv::INTER_AREA);
    return scaled;
}

double laplacianVariance(const cv::Mat& luma) {
    cv::Mat laplacian;
    cv::Laplacian(luma, laplacian, CV_64F);
    cv::Scalar mean, deviation;
    cv::meanStdDev(laplacian, mean, deviation);
    return deviation[0] * deviation[0];
}

void measureLuma(const cv::Mat& luma, ImageMeasurements& m) {
    std::array<double, 256> histogram{};
    for (int y = 0; y < luma.rows; ++y) {
        const uchar* row = luma.ptr<uchar>(y);
        for (int x = 0; x < luma.cols; ++x)
            histogram[row[x]] += 1.0;
    }
    const double total = double(luma.total());
    double sum = 0.0;
    for (int level = 0; level < 256; ++level)
        sum += level * histogram[level];
    m.meanLuma = sum / total;
    const auto percentile = [&](double fraction) {
        double count = 0.0;
        for (int level = 0; level < 256; ++level) {
            count += histogram[level];
            if (count >= fraction * total)
                return level;
        }
        return 255;
    };
    m.lumaP1 = percentile(0.01);
    m.lumaP5 = percentile(0.05);
    m.lumaP50 = percentile(0.50);
    m.lumaP95 = percentile(0.95);
    m.lumaP99 = percentile(0.99);
    double shadows = 0.0, highlights = 0.0;
    for (int level = 0; level <= 4; ++level)
        shadows += histogram[level];
    for (int level = 251; level < 256; ++level)
        highlights += histogram[level];
    m.shadowsClipped = shadows / total;
    m.highlightsClipped = highlights / total;
}

// Text: the morphological gradient marks strokes; a horizontal closing joins the letters of a
// line; line-shaped, stroke-dense boxes are counted by area.
double textLineCoverage(const cv::Mat& luma) {
    cv::Mat gradient, strokes, lines;
    cv::morphologyEx(luma, gradient, cv::MORPH_GRADIENT,
                     cv::getStructuringElement(cv::MORPH_ELLIPSE, {3, 3}));
    cv::threshold(gradient, strokes, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    cv::morphologyEx(strokes, lines, cv::MORPH_CLOSE,
                     cv::getStructuringElement(cv::MORPH_RECT, {9, 1}));
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(lines, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    double covered = 0.0;
    for (const auto& contour : contours) {
        const cv::Rect box = cv::boundingRect(contour);
        if (box.height < kTextLineMinHeight || box.height > kTextLineMaxHeight ||
            box.width < kTextLineMinAspect * box.height)
            continue;
        if (cv::countNonZero(strokes(box)) < kTextLineMinFill * box.area())
            continue;
        covered += box.area();
    }
    return covered / double(luma.total());
}

double flatFraction(const cv::Mat& luma) {
    cv::Mat value, mean, meanOfSquares;
    luma.convertTo(value, CV_32F);
    cv::blur(value, mean, {5, 5});
    cv::blur(value.mul(value), meanOfSquares, {5, 5});
    const cv::Mat variance = meanOfSquares - mean.mul(mean);
    return cv::countNonZero(variance < 4.0) / double(luma.total());
}

double axisAlignedEdgeFraction(const cv::Mat& luma) {
    cv::Mat edges, dx, dy;
    cv::Canny(luma, edges, 50, 150);
    cv::Sobel(luma, dx, CV_32F, 1, 0);
    cv::Sobel(luma, dy, CV_32F, 0, 1);
    const double tan10 = std::tan(10.0 * CV_PI / 180.0);
    double all = 0.0, aligned = 0.0;
    for (int y = 0; y < luma.rows; ++y) {
        const uchar* edge = edges.ptr<uchar>(y);
        const float* gx = dx.ptr<float>(y);
        const float* gy = dy.ptr<float>(y);
        for (int x = 0; x < luma.cols; ++x) {
            if (!edge[x])
                continue;
            all += 1.0;
            const float ax = std::abs(gx[x]), ay = std::abs(gy[x]);
            if (ay <= tan10 * ax || ax <= tan10 * ay)
                aligned += 1.0;
        }
    }
    return all > 0.0 ? aligned / all : 0.0;
}

double dominantColourFraction(const cv::Mat& bgr) {
    std::vector<double> bins(512, 0.0);
    for (int y = 0; y < bgr.rows; ++y) {
        const cv::Vec3b* row = bgr.ptr<cv::Vec3b>(y);
        for (int x = 0; x < bgr.cols; ++x)
            bins[(row[x][0] >> 5) * 64 + (row[x][1] >> 5) * 8 + (row[x][2] >> 5)] += 1.0;
    }
    std::partial_sort(bins.begin(), bins.begin() + 4, bins.end(), std::greater<>());
    return (bins[0] + bins[1] + bins[2] + bins[3]) / double(bgr.total());
}

QList<QRectF> competingSalientRegions(const cv::Mat& bgr, double toSource) {
    cv::Mat saliency;
    if (!cv::saliency::StaticSaliencyFineGrained::create()->computeSaliency(bgr, saliency))
        return {};
    saliency.convertTo(saliency, CV_32F);
    cv::GaussianBlur(saliency, saliency, {0, 0},
                     kSaliencySmoothing * std::max(saliency.cols, saliency.rows));
    double peak = 0.0;
    cv::minMaxLoc(saliency, nullptr, &peak);
    if (peak <= 0.0)
        return {};
    saliency /= peak;
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(saliency > kSaliencyLevel, labels, stats,
                                                       centroids, 8, CV_32S);
    std::vector<double> mass(count, 0.0);
    for (int y = 0; y < labels.rows; ++y) {
        const int* label = labels.ptr<int>(y);
        const float* value = saliency.ptr<float>(y);
        for (int x = 0; x < labels.cols; ++x)
            mass[label[x]] += value[x];
    }
    std::vector<int> blobs;
    for (int label = 1; label < count; ++label)
        if (stats.at<int>(label, cv::CC_STAT_AREA) >= kSalientMinArea * double(bgr.total()))
            blobs.push_back(label);
    std::sort(blobs.begin(), blobs.end(), [&](int a, int b) { return mass[a] > mass[b]; });
    QList<QRectF> regions;
    for (int label : blobs) {
        if (mass[label] < kCompetingMass * mass[blobs.front()])
            continue;
        regions.append(QRectF(stats.at<int>(label, cv::CC_STAT_LEFT) * toSource,
                              stats.at<int>(label, cv::CC_STAT_TOP) * toSource,
                              stats.at<int>(label, cv::CC_STAT_WIDTH) * toSource,
                              stats.at<int>(label, cv::CC_STAT_HEIGHT) * toSource));
    }
    return regions;
}

// Python's float `a // b` (CPython's float_floor_div), which `_center_crop_wide` sizes its resize
// with: it differs from std::floor(a / b) when the quotient rounds up onto an integer.
double pythonFloorDivide(double a, double b) {
    const double mod = std::fmod(a, b);
    double quotient = (a - mod) / b;
    if (mod != 0.0 && ((b < 0.0) != (mod < 0.0)))
        quotient -= 1.0;
    if (quotient == 0.0)
        return std::copysign(0.0, a / b);
    double floored = std::floor(quotient);
    if (quotient - floored > 0.5)
        floored += 1.0;
    return floored;
}

int floorDivide(int a, int b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

QString percent(double fraction) {
    return QString::number(100.0 * fraction, 'f', 0) + QLatin1Char('%');
}

QString sizeText(QSize size) {
    return QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
}

}  // namespace

ImageMeasurements measureImage(const QImage& image) {
    ImageMeasurements m;
    m.size = image.size();
    if (image.isNull())
        return m;
    const cv::Mat bgr = workingCopy(image);
    m.workingSize = QSize(bgr.cols, bgr.rows);
    cv::Mat luma;
    cv::cvtColor(bgr, luma, cv::COLOR_BGR2GRAY);

    m.laplacianVariance = laplacianVariance(luma);
    cv::Mat reblurred;
    cv::GaussianBlur(luma, reblurred, {0, 0}, 1.0);
    // The epsilon makes a featureless image (0 / 0) measure 1: no detail, as blurred as it gets.
    constexpr double kEpsilon = 1e-3;
    m.sharpness = (m.laplacianVariance + kEpsilon) / (laplacianVariance(reblurred) + kEpsilon);

    measureLuma(luma, m);
    m.textLineCoverage = textLineCoverage(luma);
    m.flatFraction = flatFraction(luma);
    m.axisAlignedEdges = axisAlignedEdgeFraction(luma);
    m.dominantColours = dominantColourFraction(bgr);
    m.salientRegions = competingSalientRegions(bgr, double(image.width()) / bgr.cols);
    return m;
}

CropGeometry centerCropWideGeometry(QSize source, QSize target) {
    CropGeometry geometry;
    if (source.isEmpty() || target.isEmpty())
        return geometry;
    geometry.scale = std::min(double(source.width()) / target.width(),
                              double(source.height()) / target.height());
    geometry.resized = QSize(int(pythonFloorDivide(source.width(), geometry.scale)),
                             int(pythonFloorDivide(source.height(), geometry.scale)));
    geometry.cropInResized = QRect(floorDivide(geometry.resized.width() - target.width(), 2),
                                   floorDivide(geometry.resized.height() - target.height(), 2),
                                   target.width(), target.height());
    const QRectF crop(geometry.cropInResized);
    const QRectF inSource(crop.x() * geometry.scale, crop.y() * geometry.scale,
                          crop.width() * geometry.scale, crop.height() * geometry.scale);
    geometry.keptInSource = inSource.intersected(QRectF(QPointF(0, 0), QSizeF(source)));
    geometry.keptFraction = geometry.keptInSource.width() * geometry.keptInSource.height() /
                            (double(source.width()) * source.height());
    return geometry;
}

QList<ImageFinding> checkMeasurements(const ImageMeasurements& m, QSize targetSize,
                                      const ImageCheckThresholds& t) {
    QList<ImageFinding> findings;
    const auto add = [&](const char* rule, Severity severity, const QString& message,
                         const QString& fix, double value, QList<QRectF> regions = {}) {
        findings.append({QLatin1String(rule), severity, message, fix, value, std::move(regions)});
    };
    if (m.size.isEmpty())
        return findings;

    const CropGeometry crop = centerCropWideGeometry(m.size, targetSize);
    const double upscale = crop.upscaleFactor();
    if (upscale > t.upscaleInfo) {
        add("too-small", upscale > t.upscaleWarning ? Severity::Warning : Severity::Info,
            ImageChecks::tr("The image (%1) is enlarged %2x to fill %3: the model sees "
                            "interpolated pixels, which gives soft detail and jittery, torn edges.")
                .arg(sizeText(m.size), QString::number(upscale, 'f', 1), sizeText(targetSize)),
            ImageChecks::tr("Use a larger original, upscale it with a dedicated upscaler "
                            "(e.g. ESRGAN) first, or choose a smaller size."),
            upscale);
    }

    if (m.sharpness < t.blurSharpness) {
        add("blur", Severity::Warning,
            ImageChecks::tr("The image looks blurred (sharpness %1, sharp photographs measure "
                            "above %2): blur turns into jittery motion and torn edges.")
                .arg(QString::number(m.sharpness, 'f', 1), QString::number(t.blurSharpness)),
            ImageChecks::tr("Use a sharper original, or enhance it first (an upscaler or "
                            "deblurring tool; the sharpness x1.1 preprocessing helps a little)."),
            m.sharpness);
    }

    const bool underexposed = m.meanLuma < t.underexposedMean && m.lumaP95 < t.underexposedP95;
    const bool overexposed = m.meanLuma > t.overexposedMean;
    if (underexposed) {
        add("underexposed", Severity::Warning,
            ImageChecks::tr("The image is very dark (mean brightness %1 of 255, and 95% of it "
                            "below %2): extreme lighting makes shadows flicker and brightness "
                            "jump between frames.")
                .arg(QString::number(m.meanLuma, 'f', 0))
                .arg(m.lumaP95),
            ImageChecks::tr("Fix the exposure first (the auto-exposure preprocessing does this)."),
            m.meanLuma);
    }
    if (overexposed) {
        add("overexposed", Severity::Warning,
            ImageChecks::tr("The image is very bright (mean brightness %1 of 255, %2 of it "
                            "clipped to white): extreme lighting makes brightness jump between "
                            "frames.")
                .arg(QString::number(m.meanLuma, 'f', 0), percent(m.highlightsClipped)),
            ImageChecks::tr("Fix the exposure first (the auto-exposure preprocessing does this)."),
            m.meanLuma);
    }
    if (!overexposed && m.highlightsClipped > t.clippedHighlights) {
        add("clipped-highlights", Severity::Warning,
            ImageChecks::tr("%1 of the image is clipped to pure white: those areas have no "
                            "detail to move and tend to flicker.")
                .arg(percent(m.highlightsClipped)),
            ImageChecks::tr("Use a less exposed original, or lower its highlights first."),
            m.highlightsClipped);
    }
    if (!underexposed && m.shadowsClipped > t.clippedShadows) {
        add("clipped-shadows", Severity::Warning,
            ImageChecks::tr("%1 of the image is crushed to pure black: those areas have no "
                            "detail to move.")
                .arg(percent(m.shadowsClipped)),
            ImageChecks::tr("Use a brighter original, or lift its shadows first."),
            m.shadowsClipped);
    }
    const int spread = m.lumaP99 - m.lumaP1;
    if (spread < t.lowContrastSpread) {
        add("low-contrast", Severity::Warning,
            ImageChecks::tr("The image has low contrast (its brightness spans only %1 of 255 "
                            "levels): the model finds few edges to anchor motion to.")
                .arg(spread),
            ImageChecks::tr("Raise the contrast first (the contrast x1.2 preprocessing, or "
                            "auto exposure, helps)."),
            spread);
    }

    const bool text = m.textLineCoverage > t.textLineCoverage;
    const bool diagram = m.flatFraction > t.diagramFlatFraction &&
                         m.axisAlignedEdges > t.diagramAxisAlignedEdges &&
                         m.dominantColours > t.diagramDominantColours;
    if (text || diagram) {
        add("text-or-diagram", Severity::Warning,
            text ? ImageChecks::tr("The image looks like text (lines of text cover %1 of it): "
                                   "the model was trained on photographs and deforms letters "
                                   "into hallucinated shapes.")
                       .arg(percent(m.textLineCoverage))
                 : ImageChecks::tr("The image looks like a chart or diagram (flat areas, "
                                   "straight edges, few colours): the model was trained on "
                                   "photographs and deforms such graphics."),
            ImageChecks::tr("Text, charts and diagrams are not suited to image-to-video: use a "
                            "photograph."),
            text ? m.textLineCoverage : m.flatFraction);
    }

    if (m.salientRegions.size() >= t.busySalientRegions) {
        add("busy-scene", Severity::Warning,
            ImageChecks::tr("%1 separate regions compete for attention: with several subjects "
                            "the motion tends to be chaotic, or some subjects stay frozen.")
                .arg(m.salientRegions.size()),
            ImageChecks::tr("Crop to one subject (I2VGen-XL was trained on a centred subject on "
                            "a simple background)."),
            m.salientRegions.size(), m.salientRegions);
    }

    const double lost = 1.0 - crop.keptFraction;
    if (lost > t.cropLostInfo) {
        add("crop", lost >= t.cropLostWarning ? Severity::Warning : Severity::Info,
            ImageChecks::tr("The image's aspect ratio (%1) differs from %2: %3 of it is cut "
                            "off to fit; the marked rectangle is what the video shows.")
                .arg(QString::number(double(m.size.width()) / m.size.height(), 'f', 2),
                     sizeText(targetSize), percent(lost)),
            ImageChecks::tr("Crop the image yourself to the part that matters, or choose a size "
                            "with the image's aspect ratio."),
            lost, {crop.keptInSource});
    }
    return findings;
}

QList<ImageFinding> checkImage(const QImage& image, QSize targetSize,
                               const ImageCheckThresholds& thresholds) {
    return checkMeasurements(measureImage(image), targetSize, thresholds);
}

}  // namespace kinora::media
