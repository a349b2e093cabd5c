// Mirrors Pillow 9.4's libImaging/Resample.c (precompute_coeffs, normalize_coeffs_8bpc,
// ImagingResampleHorizontal/Vertical_8bpc, ImagingResampleInner), libImaging/Crop.c and diffusers
// 0.27.2's `_center_crop_wide` / `_resize_bilinear` / `VaeImageProcessor.preprocess`.
#include "model/pipeline/ImagePreprocessing.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "model/runtime/Json.h"

namespace kinora::model {

namespace {

// PIL's 8-bit resampling works in fixed point: weights scaled by 2^22 leave 8 bits for the pixel
// value and 2 bits of headroom for filters whose partial sums leave [0, 1] in a 32-bit int.
constexpr int kPrecisionBits = 32 - 8 - 2;

struct ResampleFilter {
    double (*weight)(double x);
    double support;  // half-width of the kernel at scale 1
};

// PIL's BOX kernel is 1 on (-0.5, 0.5]: a sample exactly halfway belongs to the left pixel.
double boxWeight(double x) {
    return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0;
}

double triangleWeight(double x) {
    x = std::fabs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}

constexpr ResampleFilter kBoxFilter{boxWeight, 0.5};
constexpr ResampleFilter kBilinearFilter{triangleWeight, 1.0};

// The input samples one output sample along one axis reads, and their fixed-point weights.
struct AxisTaps {
    int stride = 0;          // weights per output sample (the widest kernel)
    std::vector<int> first;  // first input index per output sample
    std::vector<int> count;  // inputs read per output sample
    std::vector<std::int32_t> weights;
};

// precompute_coeffs + normalize_coeffs_8bpc for the whole axis (resize box (0, inSize)). The
// floating-point steps keep PIL's order of operations: the fixed-point weights, and so the pixels,
// depend on every rounding.
AxisTaps computeAxisTaps(int inSize, int outSize, const ResampleFilter& filter) {
    const double scale = static_cast<double>(inSize) / outSize;
    // Downscaling stretches the kernel over `scale` input pixels: that is the antialiasing.
    const double filterScale = std::max(scale, 1.0);
    const double support = filter.support * filterScale;
    const double inverseFilterScale = 1.0 / filterScale;

    AxisTaps taps;
    taps.stride = static_cast<int>(std::ceil(support)) * 2 + 1;
    taps.first.resize(outSize);
    taps.count.resize(outSize);
    taps.weights.assign(static_cast<std::size_t>(outSize) * taps.stride, 0);
    std::vector<double> weights(taps.stride);
    for (int out = 0; out < outSize; ++out) {
        const double center = (out + 0.5) * scale;
        // Truncating casts, then clamping, exactly as PIL rounds the window edges.
        const int first = std::max(static_cast<int>(center - support + 0.5), 0);
        const int last = std::min(static_cast<int>(center + support + 0.5), inSize);
        const int count = last - first;
        double total = 0.0;
        for (int i = 0; i < count; ++i) {
            weights[i] = filter.weight((i + first - center + 0.5) * inverseFilterScale);
            total += weights[i];
        }
        std::int32_t* fixed = &taps.weights[static_cast<std::size_t>(out) * taps.stride];
        for (int i = 0; i < count; ++i) {
            const double normalised = total != 0.0 ? weights[i] / total : weights[i];
            const double scaled = normalised * (1 << kPrecisionBits);
            fixed[i] = static_cast<std::int32_t>(normalised < 0 ? scaled - 0.5 : scaled + 0.5);
        }
        taps.first[out] = first;
        taps.count[out] = count;
    }
    return taps;
}

// clip8: the accumulator started at one half, so the shift rounds to nearest.
std::uint8_t clipToByte(std::int32_t accumulator) {
    return static_cast<std::uint8_t>(std::clamp(accumulator >> kPrecisionBits, 0, 255));
}

constexpr std::int32_t kHalf = 1 << (kPrecisionBits - 1);

RgbImage resampleHorizontally(const RgbImage& in, int outWidth, const AxisTaps& taps) {
    RgbImage out{outWidth, in.height,
                 std::vector<std::uint8_t>(static_cast<std::size_t>(outWidth) * in.height * 3)};
    for (int y = 0; y < in.height; ++y) {
        const std::uint8_t* row = &in.pixels[static_cast<std::size_t>(y) * in.width * 3];
        std::uint8_t* target = &out.pixels[static_cast<std::size_t>(y) * outWidth * 3];
        for (int x = 0; x < outWidth; ++x) {
            const std::int32_t* weights = &taps.weights[static_cast<std::size_t>(x) * taps.stride];
            const std::uint8_t* source = row + static_cast<std::size_t>(taps.first[x]) * 3;
            std::int32_t sum[3] = {kHalf, kHalf, kHalf};
            for (int i = 0; i < taps.count[x]; ++i)
                for (int c = 0; c < 3; ++c)
                    sum[c] += source[i * 3 + c] * weights[i];
            for (int c = 0; c < 3; ++c)
                target[x * 3 + c] = clipToByte(sum[c]);
        }
    }
    return out;
}

RgbImage resampleVertically(const RgbImage& in, int outHeight, const AxisTaps& taps) {
    const std::size_t rowBytes = static_cast<std::size_t>(in.width) * 3;
    RgbImage out{in.width, outHeight, std::vector<std::uint8_t>(rowBytes * outHeight)};
    for (int y = 0; y < outHeight; ++y) {
        const std::int32_t* weights = &taps.weights[static_cast<std::size_t>(y) * taps.stride];
        const std::uint8_t* source = &in.pixels[static_cast<std::size_t>(taps.first[y]) * rowBytes];
        std::uint8_t* target = &out.pixels[static_cast<std::size_t>(y) * rowBytes];
        for (std::size_t byte = 0; byte < rowBytes; ++byte) {
            std::int32_t sum = kHalf;
            for (int i = 0; i < taps.count[y]; ++i)
                sum += source[i * rowBytes + byte] * weights[i];
            target[byte] = clipToByte(sum);
        }
    }
    return out;
}

void checkImage(const RgbImage& image, const char* what) {
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
        throw std::invalid_argument(
            std::string(what) + ": the image is empty or its pixel buffer (" +
            std::to_string(image.pixels.size()) + " bytes) does not hold " +
            std::to_string(image.width) + "x" + std::to_string(image.height) + " RGB pixels");
    }
}

void checkSize(int width, int height, const char* what) {
    if (width <= 0 || height <= 0) {
        throw std::invalid_argument(std::string(what) + ": size " + std::to_string(width) + "x" +
                                    std::to_string(height) + " is not positive");
    }
}

// ImagingResampleInner: horizontal pass first, each pass only where the size changes.
RgbImage resample(const RgbImage& image, int width, int height, const ResampleFilter& filter,
                  const char* what) {
    checkImage(image, what);
    checkSize(width, height, what);
    RgbImage result = image;
    if (width != image.width)
        result = resampleHorizontally(result, width, computeAxisTaps(image.width, width, filter));
    if (height != image.height)
        result = resampleVertically(result, height, computeAxisTaps(image.height, height, filter));
    return result;
}

// Python's `a // b` on ints: rounds towards minus infinity (C++ truncates towards zero).
int pythonFloorDivInt(int a, int b) {
    const int quotient = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? quotient - 1 : quotient;
}

// HWC bytes to CHW floats, `convert(byte, channel)` per value.
template <typename Convert>
std::vector<float> toChannelsFirst(const RgbImage& image, Convert convert) {
    const std::size_t plane = static_cast<std::size_t>(image.width) * image.height;
    std::vector<float> out(plane * 3);
    for (std::size_t i = 0; i < plane; ++i)
        for (int c = 0; c < 3; ++c)
            out[c * plane + i] = convert(image.pixels[i * 3 + c], c);
    return out;
}

// Far beyond any encoder's input; a larger value is a broken file, not a request for gigabytes.
constexpr long long kMaxConfigPixels = 1 << 16;

// A size dict member, or the bare int transformers' get_size_dict also accepts. An optional member
// may be absent (`size` can give height/width instead of shortest_edge; the pipeline reads
// neither).
Expected<void> readSizeMember(const nlohmann::json& config, const char* key, const char* member,
                              bool optional, int& field, const std::string& source) {
    auto it = config.find(key);
    if (it == config.end() || it->is_null())
        return {};
    const nlohmann::json* value = &*it;
    if (it->is_object()) {
        auto inner = it->find(member);
        if (inner == it->end() && optional)
            return {};
        value = inner == it->end() ? nullptr : &*inner;
    }
    if (!value || !value->is_number_integer() || value->get<long long>() <= 0 ||
        value->get<long long>() > kMaxConfigPixels) {
        return fail(ErrorCode::InvalidConfig,
                    source + ": \"" + key + "\" must be a pixel count (1 to " +
                        std::to_string(kMaxConfigPixels) + ") or an object with such a \"" +
                        member + "\", found " + it->dump(),
                    "Replace the file with the one from the model's repository");
    }
    field = value->get<int>();
    return {};
}

Expected<void> readChannelTriple(const nlohmann::json& config, const char* key,
                                 std::array<double, 3>& field, bool nonZero,
                                 const std::string& source) {
    auto it = config.find(key);
    if (it == config.end() || it->is_null())
        return {};
    bool valid = it->is_array() && it->size() == 3;
    for (std::size_t c = 0; valid && c < 3; ++c)
        valid = (*it)[c].is_number() && (!nonZero || (*it)[c].get<double>() != 0.0);
    if (!valid) {
        return fail(ErrorCode::InvalidConfig,
                    source + ": \"" + key + "\" must be 3 numbers (one per RGB channel)" +
                        (nonZero ? ", none of them 0" : "") + ", found " + it->dump(),
                    "Replace the file with the one from the model's repository");
    }
    for (std::size_t c = 0; c < 3; ++c)
        field[c] = (*it)[c].get<double>();
    return {};
}

}  // namespace

double pythonFloorDiv(double a, double b) {
    // CPython's float floor division: subtracting the exact remainder leaves a multiple of b, so
    // the division below is (nearly) exact and flooring cannot be pushed up by rounding.
    const double remainder = std::fmod(a, b);
    double quotient = (a - remainder) / b;
    // fmod's remainder takes the dividend's sign, Python's the divisor's: one step further down.
    if (remainder != 0.0 && ((b < 0) != (remainder < 0)))
        quotient -= 1.0;
    if (quotient == 0.0)
        return std::copysign(0.0, a / b);
    double floored = std::floor(quotient);
    if (quotient - floored > 0.5)
        floored += 1.0;  // the division came out just below an integer
    return floored;
}

RgbImage resizeBox(const RgbImage& image, int width, int height) {
    return resample(image, width, height, kBoxFilter, "BOX resize");
}

RgbImage resizeBilinear(const RgbImage& image, int width, int height) {
    return resample(image, width, height, kBilinearFilter, "BILINEAR resize");
}

RgbImage cropWithPadding(const RgbImage& image, int x0, int y0, int x1, int y1) {
    checkImage(image, "crop");
    if (x1 < x0 || y1 < y0) {
        throw std::invalid_argument("crop: box (" + std::to_string(x0) + ", " + std::to_string(y0) +
                                    ", " + std::to_string(x1) + ", " + std::to_string(y1) +
                                    ") ends before it starts");
    }
    RgbImage out{x1 - x0, y1 - y0,
                 std::vector<std::uint8_t>(static_cast<std::size_t>(x1 - x0) * (y1 - y0) * 3, 0)};
    const int copyX0 = std::max(x0, 0);
    const int copyX1 = std::min(x1, image.width);
    const int copyY0 = std::max(y0, 0);
    const int copyY1 = std::min(y1, image.height);
    if (copyX0 >= copyX1)
        return out;
    const std::size_t copyBytes = static_cast<std::size_t>(copyX1 - copyX0) * 3;
    for (int y = copyY0; y < copyY1; ++y) {
        std::memcpy(&out.pixels[(static_cast<std::size_t>(y - y0) * out.width + (copyX0 - x0)) * 3],
                    &image.pixels[(static_cast<std::size_t>(y) * image.width + copyX0) * 3],
                    copyBytes);
    }
    return out;
}

CropWideGeometry centerCropWideGeometry(int sourceWidth, int sourceHeight, int targetWidth,
                                        int targetHeight) {
    checkSize(sourceWidth, sourceHeight, "centre crop source");
    checkSize(targetWidth, targetHeight, "centre crop target");
    CropWideGeometry geometry;
    geometry.scale = std::min(static_cast<double>(sourceWidth) / targetWidth,
                              static_cast<double>(sourceHeight) / targetHeight);
    // The floor division yields a whole number, so Python's round() is exact here.
    geometry.resizedWidth = static_cast<int>(pythonFloorDiv(sourceWidth, geometry.scale));
    geometry.resizedHeight = static_cast<int>(pythonFloorDiv(sourceHeight, geometry.scale));
    checkSize(geometry.resizedWidth, geometry.resizedHeight, "centre crop resize");
    const int x0 = pythonFloorDivInt(geometry.resizedWidth - targetWidth, 2);
    const int y0 = pythonFloorDivInt(geometry.resizedHeight - targetHeight, 2);
    geometry.cropBox = {x0, y0, x0 + targetWidth, y0 + targetHeight};
    return geometry;
}

CenterCropWide centerCropWide(const RgbImage& image, int targetWidth, int targetHeight) {
    checkImage(image, "centre crop");
    CenterCropWide result;
    result.geometry = centerCropWideGeometry(image.width, image.height, targetWidth, targetHeight);
    const PixelBox& box = result.geometry.cropBox;
    result.image = cropWithPadding(
        resizeBox(image, result.geometry.resizedWidth, result.geometry.resizedHeight), box.x0,
        box.y0, box.x1, box.y1);
    return result;
}

Expected<ClipImageConfig> readClipImageConfig(const std::filesystem::path& path) {
    auto json = readJsonFile(path);
    if (!json)
        return tl::unexpected(json.error());
    return parseClipImageConfig(*json, path.string());
}

Expected<ClipImageConfig> parseClipImageConfig(const nlohmann::json& json,
                                               const std::string& source) {
    ClipImageConfig config;
    ConfigReader reader(json, source);
    reader.read("rescale_factor", config.rescaleFactor);
    reader.read("resample", config.resample);
    reader.read("do_resize", config.doResize);
    reader.read("do_center_crop", config.doCenterCrop);
    reader.read("do_rescale", config.doRescale);
    reader.read("do_normalize", config.doNormalize);
    reader.read("do_convert_rgb", config.doConvertRgb);
    if (auto ok = reader.finish(); !ok)
        return tl::unexpected(ok.error());

    for (auto step :
         {readSizeMember(json, "crop_size", "width", false, config.cropWidth, source),
          readSizeMember(json, "crop_size", "height", false, config.cropHeight, source),
          readSizeMember(json, "size", "shortest_edge", true, config.shortestEdge, source),
          readChannelTriple(json, "image_mean", config.imageMean, false, source),
          readChannelTriple(json, "image_std", config.imageStd, true, source)}) {
        if (!step)
            return tl::unexpected(step.error());
    }
    return config;
}

std::vector<float> clipPixelValues(const RgbImage& image, int width,
                                   const ClipImageConfig& config) {
    const RgbImage square = centerCropWide(image, width, width).image;
    const RgbImage resized = resizeBilinear(square, config.cropWidth, config.cropHeight);
    // transformers casts mean and std to the image's float32 before normalising.
    std::array<float, 3> mean;
    std::array<float, 3> stdDev;
    for (int c = 0; c < 3; ++c) {
        mean[c] = static_cast<float>(config.imageMean[c]);
        stdDev[c] = static_cast<float>(config.imageStd[c]);
    }
    return toChannelsFirst(resized, [&](std::uint8_t byte, int c) {
        return (static_cast<float>(byte) / 255.0f - mean[c]) / stdDev[c];
    });
}

std::vector<float> vaePixelValues(const RgbImage& image, int width, int height) {
    const RgbImage cropped = centerCropWide(image, width, height).image;
    // float32 throughout, as VaeImageProcessor: x / 255 in numpy, then 2 * x - 1 in torch.
    return toChannelsFirst(cropped, [](std::uint8_t byte, int) {
        return 2.0f * (static_cast<float>(byte) / 255.0f) - 1.0f;
    });
}

}  // namespace kinora::model
