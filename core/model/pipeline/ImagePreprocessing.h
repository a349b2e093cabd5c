// Reference-image preprocessing of diffusers' I2VGenXLPipeline (`_center_crop_wide`,
// `_resize_bilinear`, `VaeImageProcessor.preprocess`, `CLIPImageProcessor` normalisation), done on
// uint8 RGB pixels exactly as Pillow 9.4 does it, so the encoders see bit-identical inputs.
//
// Everything here is plain std code: the model library gets pixels, never a decoder or a toolkit
// image. Sizes follow PIL's (width, height) order; boxes are PIL boxes (left, upper, right, lower)
// with exclusive right/lower edges.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/runtime/Error.h"

namespace kinora::model {

// Interleaved 8-bit RGB, row-major (HWC): pixel (x, y) channel c is pixels[(y * width + x) * 3 +
// c].
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

// A PIL box: columns [x0, x1) and rows [y0, y1). Coordinates may lie outside the image.
struct PixelBox {
    int x0 = 0;
    int y0 = 0;
    int x1 = 0;
    int y1 = 0;

    int width() const { return x1 - x0; }
    int height() const { return y1 - y0; }
};

// Python's `a // b` on floats. Python floors the exact quotient: it takes the exact remainder
// (fmod), divides the remainder-free dividend and floors that. Flooring the rounded quotient
// `std::floor(a / b)` differs whenever a / b rounds up onto an integer:
// 320 // (320 / 96) is 95.0 in Python while floor(320 / (320 / 96)) is 96. `_center_crop_wide`
// sizes its resize with this operator, so the port must use the same one. b must not be 0
// (Python raises; this returns NaN or an infinity).
double pythonFloorDiv(double a, double b);

// Image.resize(size, Image.BOX) and Image.resize(size, Image.BILINEAR) of Pillow 9.4 on an RGB
// image (no box, no reducing_gap): separable convolution, horizontal pass then vertical pass, each
// rounded to uint8 with PIL's 22-bit fixed-point coefficients. Downscaling widens the filter by the
// scale factor (antialiasing). Sizes must be positive; throws std::invalid_argument otherwise.
RgbImage resizeBox(const RgbImage& image, int width, int height);
RgbImage resizeBilinear(const RgbImage& image, int width, int height);

// Image.crop((x0, y0, x1, y1)): the box may reach past the image; what lies outside is black (0).
// Throws std::invalid_argument when x1 < x0 or y1 < y0 (PIL raises ValueError).
RgbImage cropWithPadding(const RgbImage& image, int x0, int y0, int x1, int y1);

// Where `_center_crop_wide` takes its pixels from, for a source of sourceWidth x sourceHeight and a
// target of targetWidth x targetHeight (the crop preview shows this without touching pixels).
struct CropWideGeometry {
    double scale = 1.0;     // min(sourceWidth / targetWidth, sourceHeight / targetHeight)
    int resizedWidth = 0;   // round(sourceWidth // scale), Python floor division
    int resizedHeight = 0;  // round(sourceHeight // scale)
    // In resized-image coordinates, always targetWidth x targetHeight. It can start at -1 (the
    // floor division made the resized image one pixel narrower than the target): that column or
    // row is black in the result.
    PixelBox cropBox;
};

// Throws std::invalid_argument for non-positive sizes.
CropWideGeometry centerCropWideGeometry(int sourceWidth, int sourceHeight, int targetWidth,
                                        int targetHeight);

struct CenterCropWide {
    RgbImage image;  // targetWidth x targetHeight
    CropWideGeometry geometry;
};

// `_center_crop_wide(image, (targetWidth, targetHeight))`: BOX resize to the geometry's resized
// size, then the crop box with black padding.
CenterCropWide centerCropWide(const RgbImage& image, int targetWidth, int targetHeight);

// feature_extractor/preprocessor_config.json (transformers' CLIPImageProcessor); defaults are the
// reference's. The I2VGen-XL pipeline overrides the do_* flags (it resizes and crops itself and
// always normalises) and resizes with BILINEAR whatever `resample` says; only crop_size,
// image_mean and image_std shape its CLIP input. The rest is read so a config inspector can show
// the file as it is.
struct ClipImageConfig {
    int cropWidth = 224;
    int cropHeight = 224;
    int shortestEdge = 224;
    std::array<double, 3> imageMean = {0.48145466, 0.4578275, 0.40821073};
    std::array<double, 3> imageStd = {0.26862954, 0.26130258, 0.27577711};
    double rescaleFactor = 1.0 / 255.0;
    int resample = 3;  // PIL's BICUBIC
    bool doResize = true;
    bool doCenterCrop = true;
    bool doRescale = true;
    bool doNormalize = true;
    bool doConvertRgb = true;
};

Expected<ClipImageConfig> readClipImageConfig(const std::filesystem::path& path);
// The same from parsed JSON; `source` names its origin in error messages.
Expected<ClipImageConfig> parseClipImageConfig(const nlohmann::json& json,
                                               const std::string& source);

// The image encoder's input for a video `width` pixels wide: `_center_crop_wide` to width x width,
// BILINEAR resize to the config's crop size, then float32 (x / 255 - mean) / std per channel.
// Returns 3 x cropHeight x cropWidth floats (CHW).
std::vector<float> clipPixelValues(const RgbImage& image, int width, const ClipImageConfig& config);

// The VAE's input: `_center_crop_wide` to width x height, then float32 2 * (x / 255) - 1.
// Returns 3 x height x width floats (CHW).
std::vector<float> vaePixelValues(const RgbImage& image, int width, int height);

}  // namespace kinora::model
