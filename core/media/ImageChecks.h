// Checks of an input image against what I2VGen-XL was trained on (high-quality photographs, one
// centred subject, simple background, 1280x704 landscape), run before any GPU time is spent:
// too small, blurred, badly exposed, flat, text or diagrams, busy scenes, and the crop the chosen
// size forces. Thresholds were calibrated on real photographs and degraded copies of them; the
// numbers are in docs/diagnostics.md.
#pragma once

#include <QImage>
#include <QList>
#include <QRect>
#include <QRectF>
#include <QSize>
#include <QString>

namespace kinora::media {

enum class Severity { Info, Warning, Error };

struct ImageFinding {
    QString rule;  // too-small, blur, underexposed, overexposed, clipped-highlights,
                   // clipped-shadows, low-contrast, text-or-diagram, busy-scene, crop
    Severity severity = Severity::Warning;
    QString message;     // what was found and what it does to the video
    QString fix;         // what to do about it
    double value = 0.0;  // the measurement behind it (upscale factor, sharpness, fraction lost...)
    QList<QRectF>
        regions;  // in source-image pixels: the rectangle a crop keeps, the salient regions
};

// Statistics are computed on a copy scaled down to at most this many pixels (never scaled up), so
// the same photograph measures the same at any resolution it is stored in.
inline constexpr int kWorkingArea = 512 * 512;

struct ImageMeasurements {
    QSize size;         // the image's own size
    QSize workingSize;  // where the statistics below were computed
    // Variance of the Laplacian of the luma, and the same divided by the variance of the
    // Laplacian after a sigma-1 Gaussian re-blur. The ratio is ~1 when the image holds no detail
    // finer than the re-blur (it was blurred already) and far above 1 for a sharp image; unlike
    // the raw variance it does not depend on contrast or exposure.
    double laplacianVariance = 0.0;
    double sharpness = 0.0;
    double meanLuma = 0.0;                                              // BT.601 luma, 0..255
    int lumaP1 = 0, lumaP5 = 0, lumaP50 = 0, lumaP95 = 0, lumaP99 = 0;  // percentiles
    double shadowsClipped = 0.0;     // fraction of pixels with luma <= 4
    double highlightsClipped = 0.0;  // fraction of pixels with luma >= 251
    // Fraction of the image covered by clusters of strokes shaped like lines of text.
    double textLineCoverage = 0.0;
    double flatFraction = 0.0;      // pixels whose 5x5 neighbourhood is flat (luma std < 2)
    double axisAlignedEdges = 0.0;  // edge pixels whose gradient is within 10 degrees of an axis
    double dominantColours = 0.0;   // pixels in the 4 most common colours (3 bits per channel)
    // Separated salient regions whose saliency mass is at least 35% of the largest one's (so they
    // compete for the motion), largest first, in source pixels.
    QList<QRectF> salientRegions;
};

// How much each check tolerates. The defaults are the calibrated values (docs/diagnostics.md).
struct ImageCheckThresholds {
    double upscaleInfo = 1.1;     // upscaling beyond this is mentioned...
    double upscaleWarning = 1.5;  // ...and beyond this it softens the video visibly
    double blurSharpness = 4.0;   // sharpness below this: blurred
    double underexposedMean = 50.0;
    int underexposedP95 = 110;  // dark on average and without bright parts
    double overexposedMean = 185.0;
    double clippedHighlights = 0.05;
    double clippedShadows = 0.25;
    int lowContrastSpread = 100;  // luma P99 - P1
    double textLineCoverage = 0.08;
    double diagramFlatFraction = 0.7;  // a diagram: flat, axis-aligned, few colours, all three
    double diagramAxisAlignedEdges = 0.6;
    double diagramDominantColours = 0.8;
    int busySalientRegions = 3;
    double cropLostInfo = 0.02;
    double cropLostWarning = 0.25;
};

ImageMeasurements measureImage(const QImage& image);

// Where the reference pipeline's `_center_crop_wide` takes its pixels from when it fits a source
// of `source` size into `target`: scale = min(sw / tw, sh / th), resize to (sw // scale,
// sh // scale) with Python's float floor division, then a centred target-sized crop. The model
// library computes the same (model/ImagePreprocessing.h, centerCropWideGeometry); this layer
// must not depend on it, so it repeats the geometry, which is all the crop preview needs.
struct CropGeometry {
    double scale = 1.0;  // source pixels per resized pixel; below 1 the image is enlarged
    QSize resized;
    QRect cropInResized;        // target-sized; may start at -1 (a black column or row)
    QRectF keptInSource;        // the part of the source the video shows
    double keptFraction = 1.0;  // keptInSource's share of the source area

    double upscaleFactor() const { return scale < 1.0 ? 1.0 / scale : 1.0; }
};

// Empty sizes give a default (identity) geometry.
CropGeometry centerCropWideGeometry(QSize source, QSize target);

// The findings for an image measured once, so a new target size needs no new analysis.
QList<ImageFinding> checkMeasurements(const ImageMeasurements& measurements, QSize targetSize,
                                      const ImageCheckThresholds& thresholds = {});

QList<ImageFinding> checkImage(const QImage& image, QSize targetSize,
                               const ImageCheckThresholds& thresholds = {});

}  // namespace kinora::media
