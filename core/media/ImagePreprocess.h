// Optional preprocessing of the input image, off by default and switched on per job: the steps
// users were told to apply by hand before a run (resize to the working size with Lanczos,
// contrast x1.2, sharpness x1.1), plus exposure correction and a crop to a chosen rectangle.
// Contrast and sharpness follow Pillow's ImageEnhance, and the resize Pillow's LANCZOS filter,
// so the advice means here what it meant to the users who followed it.
#pragma once

#include <QImage>
#include <QJsonObject>
#include <QRect>
#include <QSize>
#include <QStringList>

namespace kinora::media {

struct PreprocessOptions {
    bool crop = false;
    QRect cropRect;  // source pixels; must overlap the image, is clipped to it
    // Lanczos-resize so the image covers workingSize, then centre-crop to it (the geometry the
    // pipeline's own crop uses, which then has nothing left to do).
    bool resize = false;
    QSize workingSize;
    // Gamma that brings the median brightness to mid-grey, applied only to images the exposure
    // checks call under- or overexposed (ImageChecks), so a well-exposed photo is left alone.
    bool correctExposure = false;
    bool enhanceContrast = false;
    double contrastFactor = 1.2;
    bool enhanceSharpness = false;
    double sharpnessFactor = 1.1;

    bool any() const {
        return crop || resize || correctExposure || enhanceContrast || enhanceSharpness;
    }
    // What is switched on, for the request's sidecar.
    QJsonObject toJson() const;

    // The users' "auto preprocess" switch: Lanczos to the working size, contrast x1.2,
    // sharpness x1.1.
    static PreprocessOptions advised(QSize workingSize);
};

struct PreprocessResult {
    QImage image;         // RGB888; null when the options cannot apply
    QStringList applied;  // each step that changed the image, in order ("contrast x1.2")
    QString error;        // why nothing was done

    bool ok() const { return !image.isNull(); }
};

// Order: crop, resize, exposure, contrast, sharpness (sharpening last, at the final size).
PreprocessResult preprocessImage(const QImage& image, const PreprocessOptions& options);

// The steps on their own (all return RGB888).
QImage resizeLanczos(const QImage& image, QSize size);       // Pillow's Image.resize(size, LANCZOS)
QImage coverAndCrop(const QImage& image, QSize size);        // Lanczos cover resize + centre crop
QImage enhanceContrast(const QImage& image, double factor);  // ImageEnhance.Contrast
QImage enhanceSharpness(const QImage& image, double factor);  // ImageEnhance.Sharpness
// The exposure correction; `gamma` receives the exponent applied (1 when the image was left
// alone).
QImage correctExposure(const QImage& image, double* gamma = nullptr);

}  // namespace kinora::media
