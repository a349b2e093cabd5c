#include "media/CameraMotionRenderer.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace kinora::media {
namespace {

using Code = MediaError::Code;
using Matrix = cv::Matx33d;

constexpr double kPi = 3.14159265358979323846;
// Pre-scaled copies of the photograph differ in size by this factor (see levelsFor): a cubic
// filter reducing by more than about 1.5x aliases.
const double kLevelRatio = std::sqrt(2.0);
// The part of each level step, at either end, rendered from one level alone (see levelsFor).
constexpr double kSingleLevelBand = 0.25;
// The dolly's ground plane: how much nearer the bottom edge of the frame is than its centre.
constexpr double kGroundSlope = 0.2;
// Path positions checked between frames, so positions between frames (which parallax samples)
// stay inside the photograph too.
constexpr int kPathSamples = 64;
// Path positions interpolated across one frame's range of parallax lags.
constexpr int kParallaxSteps = 16;
// Nearness is estimated and kept at this size (long side): it is smooth by construction.
constexpr int kNearnessSide = 384;
// Slack on top of the filter's reach: OpenCV's warps round coordinates to 1/32 pixel.
constexpr double kMarginSlack = 0.75;

constexpr int kMinSide = 16;

// Ease in-out: the camera starts and stops gently.
double ease(double t) {
    return 0.5 - 0.5 * std::cos(kPi * t);
}

Matrix translation(double x, double y) {
    return Matrix(1, 0, x, 0, 1, y, 0, 0, 1);
}
Matrix scaling(double sx, double sy) {
    return Matrix(sx, 0, 0, 0, sy, 0, 0, 0, 1);
}

cv::Point2d apply(const Matrix& m, double x, double y) {
    const double w = m(2, 0) * x + m(2, 1) * y + m(2, 2);
    return {(m(0, 0) * x + m(0, 1) * y + m(0, 2)) / w, (m(1, 0) * x + m(1, 1) * y + m(1, 2)) / w};
}

// The camera path in continuous coordinates: the photograph spans [0, W] x [0, H] and the output
// [0, w] x [0, h], pixel centres at i + 0.5. `at(e)` maps output positions to photograph positions
// at eased progress e (0 start, 1 end). Relative to the photograph's centre every position scales
// with the widest view's size `viewScale` (photograph pixels per output pixel), which is what
// makes the fit a closed form.
class PathGeometry {
public:
    PathGeometry(QSize photograph, QSize output, const CameraMotion& motion)
        : photo_(photograph), out_(output), motion_(motion) {}

    Matrix at(double e, double viewScale, double amount) const {
        const double logZoom = std::log(motion_.zoom);
        const double zoom =
            viewScale * (logZoom >= 0 ? std::exp(-logZoom * e) : std::exp(logZoom * (1 - e)));
        const double angle = amount * motion_.rotationDegrees * kPi / 180 * (e - 0.5);
        const double forward = motion_.dolly >= 0 ? motion_.dolly * e : -motion_.dolly * (1 - e);
        const double w = out_.width(), h = out_.height();
        const double dx = (e - 0.5) * amount * motion_.pan * viewScale * w;
        const double dy = -(e - 0.5) * amount * motion_.tilt * viewScale * h;
        // The picture turning clockwise on screen by `angle` samples the photograph turned back.
        const double c = std::cos(angle), s = std::sin(angle);
        const Matrix unturn(c, s, 0, -s, c, 0, 0, 0, 1);
        // Moving forward by `forward` (of the distance to the centre) towards a plane whose
        // nearness grows to the bottom: n' = n (1 - f) / (1 + slope f n_y), n normalised by the
        // half-height.
        const Matrix dolly(1 - forward, 0, 0, 0, 1 - forward, 0, 0, kGroundSlope * forward, 1);
        return translation(photo_.width() / 2.0 + dx, photo_.height() / 2.0 + dy) *
               scaling(zoom, zoom) * unturn * scaling(h / 2, h / 2) * dolly *
               scaling(2 / h, 2 / h) * translation(-w / 2, -h / 2);
    }

    // Photograph pixels per output pixel at the centre of the view at progress e.
    double centreScale(double e, double viewScale) const {
        const Matrix m = at(e, viewScale, 1.0);
        const cv::Point2d a = apply(m, out_.width() / 2.0, out_.height() / 2.0);
        const cv::Point2d b = apply(m, out_.width() / 2.0 + 1, out_.height() / 2.0);
        return std::hypot(b.x - a.x, b.y - a.y);
    }

    // The largest widest-view scale for which every output corner stays `margin` inside the
    // photograph at every progress in `progress`, with pan, tilt and rotation at `amount`.
    double fitScale(const std::vector<double>& progress, double amount, double margin) const {
        const double halfW = photo_.width() / 2.0 - margin, halfH = photo_.height() / 2.0 - margin;
        double fit = std::numeric_limits<double>::infinity();
        for (double e : progress) {
            const Matrix m = at(e, 1.0, amount);
            for (const auto& [x, y] : {std::pair{0, 0},
                                       {out_.width(), 0},
                                       {0, out_.height()},
                                       {out_.width(), out_.height()}}) {
                const cv::Point2d p = apply(m, x, y);
                const double vx = std::abs(p.x - photo_.width() / 2.0);
                const double vy = std::abs(p.y - photo_.height() / 2.0);
                if (vx > 0)
                    fit = std::min(fit, halfW / vx);
                if (vy > 0)
                    fit = std::min(fit, halfH / vy);
            }
        }
        return fit;
    }

private:
    QSize photo_, out_;
    CameraMotion motion_;
};

cv::Mat wrap(QImage& image) {
    return cv::Mat(image.height(), image.width(), CV_8UC3, image.bits(), image.bytesPerLine());
}
cv::Mat wrapConst(const QImage& image) {
    return cv::Mat(image.height(), image.width(), CV_8UC3, const_cast<uchar*>(image.constBits()),
                   image.bytesPerLine());
}

QString sizeText(QSize size) {
    return QStringLiteral("%1 x %2").arg(size.width()).arg(size.height());
}

MediaExpected<void> checkInputs(const QImage& photograph, const CameraMotion& motion,
                                const CameraRenderOptions& options) {
    if (photograph.isNull())
        return mediaFailure(Code::InvalidInput, QStringLiteral("The photograph has no pixels."),
                            QStringLiteral("Load the input image first; check its error."));
    if (photograph.width() < kMinSide || photograph.height() < kMinSide)
        return mediaFailure(Code::InvalidInput,
                            QStringLiteral("The photograph is %1 pixels: too small for a camera "
                                           "move.")
                                .arg(sizeText(photograph.size())),
                            QStringLiteral("Use an image of at least %1 pixels a side; a few "
                                           "hundred look far better.")
                                .arg(kMinSide));
    const QSize size = options.size;
    if (size.width() < kMinSide || size.height() < kMinSide)
        return mediaFailure(
            Code::InvalidInput,
            QStringLiteral("Output size %1 is not a usable frame size.").arg(sizeText(size)),
            QStringLiteral("Give a width and a height of at least %1 pixels, "
                           "e.g. 1280 x 704.")
                .arg(kMinSide));
    if (size.width() > kMaxCameraSide || size.height() > kMaxCameraSide ||
        qint64(size.width()) * size.height() > kMaxCameraPixels)
        return mediaFailure(
            Code::InvalidInput, QStringLiteral("Output size %1 is too large.").arg(sizeText(size)),
            QStringLiteral("Choose at most %1 pixels a side and %2 megapixels, e.g. 1280 x 704.")
                .arg(kMaxCameraSide)
                .arg(kMaxCameraPixels / 1'000'000));
    if (options.frames < 2)
        return mediaFailure(Code::InvalidInput,
                            QStringLiteral("A camera move needs at least 2 frames; %1 asked for.")
                                .arg(options.frames),
                            QStringLiteral("Ask for 2 frames or more (16 frames at 16 fps is one "
                                           "second)."));
    if (options.frames > kMaxCameraFrames)
        return mediaFailure(
            Code::InvalidInput,
            QStringLiteral("%1 frames is too many for one clip.").arg(options.frames),
            QStringLiteral("Ask for at most %1 frames.").arg(kMaxCameraFrames));
    const bool finite = std::isfinite(motion.pan) && std::isfinite(motion.tilt) &&
                        std::isfinite(motion.zoom) && std::isfinite(motion.rotationDegrees) &&
                        std::isfinite(motion.dolly);
    if (!finite || std::abs(motion.pan) > 2 || std::abs(motion.tilt) > 2 || motion.zoom < 0.25 ||
        motion.zoom > 4 || std::abs(motion.rotationDegrees) > 90 || std::abs(motion.dolly) > 0.8)
        return mediaFailure(
            Code::InvalidInput,
            QStringLiteral("Camera motion out of range (pan %1, tilt %2, zoom %3, rotation %4 "
                           "degrees, dolly %5).")
                .arg(motion.pan)
                .arg(motion.tilt)
                .arg(motion.zoom)
                .arg(motion.rotationDegrees)
                .arg(motion.dolly),
            QStringLiteral("Keep pan and tilt within 2 view widths, zoom between 0.25 and 4, "
                           "rotation within 90 degrees and dolly within 0.8."));
    if (!(options.parallaxStrength >= 0 && options.parallaxStrength <= 1))
        return mediaFailure(
            Code::InvalidInput,
            QStringLiteral("Parallax strength %1 is out of range.").arg(options.parallaxStrength),
            QStringLiteral("Use a parallax strength between 0 and 1."));
    return {};
}

// Nearness 0..1 at kNearnessSide: local sharpness (the magnitude of the Laplacian, averaged),
// spread smoothly, so in-focus parts read as near and soft backgrounds as far.
cv::Mat estimateNearness(const cv::Mat& photograph, cv::Size size) {
    cv::Mat small, gray, laplacian;
    cv::resize(photograph, small, size, 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, gray, cv::COLOR_RGB2GRAY);
    cv::Laplacian(gray, laplacian, CV_32F, 3);
    laplacian = cv::abs(laplacian);
    cv::GaussianBlur(laplacian, laplacian, cv::Size(), 2.0);
    std::vector<float> values(laplacian.begin<float>(), laplacian.end<float>());
    const auto percentile = [&](double p) {
        auto nth = values.begin() + std::ptrdiff_t(p * (values.size() - 1));
        std::nth_element(values.begin(), nth, values.end());
        return double(*nth);
    };
    const double low = percentile(0.2), high = percentile(0.9);
    cv::Mat nearness;
    laplacian.convertTo(nearness, CV_32F, 1.0 / std::max(high - low, 1e-6),
                        -low / std::max(high - low, 1e-6));
    nearness = cv::min(cv::max(nearness, 0.0), 1.0);
    cv::GaussianBlur(nearness, nearness, cv::Size(), 0.06 * std::min(size.width, size.height));
    double lowest = 0, highest = 1;
    cv::minMaxLoc(nearness, &lowest, &highest);
    if (highest - lowest < 1e-3)
        return cv::Mat(size, CV_32F, cv::Scalar(1.0));  // no cue: all of it follows the camera
    nearness.convertTo(nearness, CV_32F, 1.0 / std::max(highest - lowest, 1e-6),
                       -lowest / std::max(highest - lowest, 1e-6));
    return nearness;
}

cv::Mat givenNearness(const QImage& image, cv::Size size) {
    QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    cv::Mat wrapped(gray.height(), gray.width(), CV_8UC1, gray.bits(), gray.bytesPerLine());
    cv::Mat resized, nearness;
    const bool reducing = wrapped.cols >= size.width && wrapped.rows >= size.height;
    cv::resize(wrapped, resized, size, 0, 0, reducing ? cv::INTER_AREA : cv::INTER_LINEAR);
    resized.convertTo(nearness, CV_32F, 1.0 / 255);
    return nearness;
}

// `map` has at least 2 x 2 samples; positions outside it take the edge value.
float sampleBilinear(const cv::Mat& map, double x, double y) {
    x = std::clamp(x, 0.0, double(map.cols - 1));
    y = std::clamp(y, 0.0, double(map.rows - 1));
    const int x0 = std::min(int(x), map.cols - 2), y0 = std::min(int(y), map.rows - 2);
    const double fx = x - x0, fy = y - y0;
    const float* r0 = map.ptr<float>(y0);
    const float* r1 = map.ptr<float>(y0 + 1);
    return float((r0[x0] * (1 - fx) + r0[x0 + 1] * fx) * (1 - fy) +
                 (r1[x0] * (1 - fx) + r1[x0 + 1] * fx) * fy);
}

}  // namespace

struct CameraMotionRenderer::State {
    QImage photograph;  // RGB888
    CameraRenderOptions options;
    CameraPlan plan;
    PathGeometry geometry{{}, {}, {}};
    double viewScale = 1;
    int interpolation = cv::INTER_CUBIC;
    // The photograph, then each kLevelRatio smaller; or, when every frame has the same scale
    // (pan, tilt, rotation), the photograph and one copy reduced to exactly that scale.
    std::vector<cv::Mat> levels;
    bool exactLevel = false;
    cv::Mat nearness;  // CV_32F 0..1, when parallax is on
    mutable cv::Mat scratch;
    mutable cv::Mat maps[2];

    double progressOf(int index) const { return ease(double(index) / (options.frames - 1)); }

    // The levels a frame at centre scale `scale` samples, and their weights. Near a level's own
    // scale that level alone (reduced or enlarged by at most kLevelRatio^0.25, 9%); between two
    // levels a blend of both that shifts with the scale, so sharpness changes smoothly during a
    // zoom ("brilinear" mipmapping: half the frames need one warp instead of two).
    std::vector<std::pair<int, double>> levelsFor(double scale) const {
        if (scale <= 1 || levels.size() == 1)
            return {{0, 1.0}};
        if (exactLevel)
            return {{1, 1.0}};
        const double position = std::log(scale) / std::log(kLevelRatio);
        const int finer = std::min(int(std::floor(position)), int(levels.size()) - 1);
        const double coarserWeight = std::clamp(
            (position - finer - kSingleLevelBand) / (1 - 2 * kSingleLevelBand), 0.0, 1.0);
        if (finer + 1 >= int(levels.size()) || coarserWeight == 0)
            return {{finer, 1.0}};
        if (coarserWeight == 1)
            return {{finer + 1, 1.0}};
        return {{finer, 1 - coarserWeight}, {finer + 1, coarserWeight}};
    }

    // Output pixel (OpenCV's integer centres) to level pixel, from a continuous-coordinate map.
    Matrix toLevel(const Matrix& m, int level) const {
        const double sx = double(levels[level].cols) / photograph.width();
        const double sy = double(levels[level].rows) / photograph.height();
        return translation(-0.5, -0.5) * scaling(sx, sy) * m * translation(0.5, 0.5);
    }

    // Rows [first, first + band.rows) of the frame, warped from `level`.
    void warpBand(int level, const Matrix& m, int first, cv::Mat& band) const {
        const Matrix toSource = toLevel(m, level) * translation(0, first);
        const int flags = interpolation | cv::WARP_INVERSE_MAP;
        if (m(2, 0) == 0 && m(2, 1) == 0) {
            const cv::Matx23d affine(toSource(0, 0), toSource(0, 1), toSource(0, 2), toSource(1, 0),
                                     toSource(1, 1), toSource(1, 2));
            cv::warpAffine(levels[level], band, affine, band.size(), flags, cv::BORDER_CONSTANT);
        } else {
            cv::warpPerspective(levels[level], band, toSource, band.size(), flags,
                                cv::BORDER_CONSTANT);
        }
    }

    // Parallax: each output pixel follows the path up to its own progress, near pixels all the
    // way, far ones `strength` less (measured from the middle of the clip, which is undistorted).
    // Every such position is on the path, so inside the photograph.
    void parallaxMaps(double e, const std::vector<std::pair<int, double>>& used) const {
        const double strength = options.parallaxStrength;
        const double farthest = 0.5 + (e - 0.5) * (1 - strength);
        std::array<Matrix, kParallaxSteps + 1> steps;
        for (int k = 0; k <= kParallaxSteps; ++k)
            steps[k] = geometry.at(farthest + (e - farthest) * k / kParallaxSteps, viewScale,
                                   plan.shortenedTo);
        const Matrix base = steps[kParallaxSteps];
        const double nx = double(nearness.cols) / photograph.width();
        const double ny = double(nearness.rows) / photograph.height();
        std::array<std::pair<double, double>, 2> levelScale;
        for (size_t l = 0; l < used.size(); ++l) {
            const cv::Mat& level = levels[used[l].first];
            levelScale[l] = {double(level.cols) / photograph.width(),
                             double(level.rows) / photograph.height()};
            maps[l].create(options.size.height(), options.size.width(), CV_32FC2);
        }
        cv::parallel_for_(cv::Range(0, options.size.height()), [&](const cv::Range& rows) {
            for (int y = rows.start; y < rows.end; ++y) {
                cv::Vec2f* out[2] = {maps[0].ptr<cv::Vec2f>(y),
                                     used.size() > 1 ? maps[1].ptr<cv::Vec2f>(y) : nullptr};
                for (int x = 0; x < options.size.width(); ++x) {
                    const cv::Point2d at = apply(base, x + 0.5, y + 0.5);
                    const double near = sampleBilinear(nearness, at.x * nx - 0.5, at.y * ny - 0.5);
                    const double t = std::clamp(near, 0.0, 1.0) * kParallaxSteps;
                    const int k = std::min(int(t), kParallaxSteps - 1);
                    const double f = t - k;
                    const Matrix m = steps[k] * (1 - f) + steps[k + 1] * f;
                    const cv::Point2d q = apply(m, x + 0.5, y + 0.5);
                    for (size_t l = 0; l < used.size(); ++l)
                        out[l][x] = cv::Vec2f(float(q.x * levelScale[l].first - 0.5),
                                              float(q.y * levelScale[l].second - 0.5));
                }
            }
        });
    }

    void render(int index, QImage& image) const {
        const double e = progressOf(index);
        const auto used = levelsFor(geometry.centreScale(e, viewScale));
        cv::Mat out = wrap(image);
        const bool parallax = options.parallax && options.parallaxStrength > 0;
        if (parallax)
            parallaxMaps(e, used);
        if (used.size() > 1)
            scratch.create(out.size(), CV_8UC3);
        const Matrix m = geometry.at(e, viewScale, plan.shortenedTo);
        // OpenCV's cubic and Lanczos warps run on one thread: the frame is cut into bands, warped
        // in parallel.
        const int bands = std::clamp(4 * cv::getNumThreads(), 1, std::max(1, out.rows / 16));
        cv::parallel_for_(cv::Range(0, bands), [&](const cv::Range& range) {
            for (int b = range.start; b < range.end; ++b) {
                const int first = out.rows * b / bands, end = out.rows * (b + 1) / bands;
                for (size_t l = 0; l < used.size(); ++l) {
                    cv::Mat band = (l == 0 ? out : scratch).rowRange(first, end);
                    if (parallax)
                        cv::remap(levels[used[l].first], band, maps[l].rowRange(first, end),
                                  cv::noArray(), interpolation, cv::BORDER_CONSTANT);
                    else
                        warpBand(used[l].first, m, first, band);
                }
                if (used.size() > 1) {
                    cv::Mat band = out.rowRange(first, end);
                    cv::addWeighted(band, used[0].second, scratch.rowRange(first, end),
                                    used[1].second, 0, band);
                }
            }
        });
    }
};

MediaExpected<CameraMotionRenderer> CameraMotionRenderer::create(
    const QImage& photograph, const CameraMotion& motion, const CameraRenderOptions& options) {
    if (auto checked = checkInputs(photograph, motion, options); !checked)
        return tl::unexpected(checked.error());

    auto state = std::make_unique<State>();
    state->photograph = photograph.convertToFormat(QImage::Format_RGB888);
    state->options = options;
    state->interpolation =
        options.resampling == Resampling::Lanczos ? cv::INTER_LANCZOS4 : cv::INTER_CUBIC;
    state->geometry = PathGeometry(photograph.size(), options.size, motion);
    const QSize photo = photograph.size(), out = options.size;

    // Every rendered frame, and evenly spaced positions between them.
    std::vector<double> progress;
    for (int i = 0; i < options.frames; ++i)
        progress.push_back(state->progressOf(i));
    for (int k = 0; k <= kPathSamples; ++k)
        progress.push_back(double(k) / kPathSamples);

    // The filter reads `reach` pixels around each position, on a level up to kLevelRatio times
    // coarser than the view's scale; the widest view is at most the largest crop.
    const double reach = options.resampling == Resampling::Lanczos ? 4 : 2;
    const double largestCrop =
        std::min(double(photo.width()) / out.width(), double(photo.height()) / out.height());
    const double margin = (reach + kMarginSlack) * std::max(1.0, kLevelRatio * largestCrop);

    const auto& geometry = state->geometry;
    const double stillFit = PathGeometry(photo, out, CameraMotion{}).fitScale({0.0}, 1, margin);
    const double tightest = stillFit / kMaxCropZoom;
    double amount = 1;
    double viewScale = geometry.fitScale(progress, 1, margin);
    if (viewScale < tightest) {
        // No room for the whole move even cropped in to the limit: the longest move that fits.
        double low = 0, high = 1;
        for (int iteration = 0; iteration < 40; ++iteration) {
            const double middle = (low + high) / 2;
            (geometry.fitScale(progress, middle, margin) >= tightest ? low : high) = middle;
        }
        amount = low;
        viewScale = tightest;
    }
    state->viewScale = viewScale = std::min(viewScale, stillFit);

    CameraPlan& plan = state->plan;
    plan.motion = motion;
    plan.motion.pan *= amount;
    plan.motion.tilt *= amount;
    plan.motion.rotationDegrees *= amount;
    plan.shortenedTo = amount;
    plan.cropZoom = stillFit / viewScale;
    double closest = std::numeric_limits<double>::infinity();
    double widest = 0, narrowest = std::numeric_limits<double>::infinity();
    for (double e : progress) {
        const double scale = geometry.centreScale(e, viewScale);
        closest = std::min(closest, scale / (1 + kGroundSlope * std::abs(motion.dolly)));
        widest = std::max(widest, scale);
        narrowest = std::min(narrowest, scale);
    }
    plan.upscale = std::max(1.0, 1 / closest);
    if (amount < 0.999)
        plan.notes << QStringLiteral(
                          "The photograph has room for %1% of the asked pan, tilt or "
                          "rotation at %2: the move was shortened.")
                          .arg(std::lround(amount * 100))
                          .arg(sizeText(out));
    if (plan.upscale > 1.5)
        plan.notes << QStringLiteral(
                          "The %1 photograph is enlarged up to %2x for %3 frames: "
                          "expect a softer picture; a larger photograph is sharper.")
                          .arg(sizeText(photo))
                          .arg(plan.upscale, 0, 'f', 1)
                          .arg(sizeText(out));

    const cv::Mat source = wrapConst(state->photograph);
    state->levels.push_back(source);
    const auto addLevel = [&](double factor) {
        const cv::Size size(std::max(1, int(std::lround(photo.width() / factor))),
                            std::max(1, int(std::lround(photo.height() / factor))));
        cv::Mat level;
        cv::resize(source, level, size, 0, 0, cv::INTER_AREA);
        state->levels.push_back(level);
    };
    state->exactLevel = widest > 1 && widest / narrowest < 1 + 1e-6;
    if (state->exactLevel)
        addLevel(widest);
    else
        for (double factor = kLevelRatio; factor / kLevelRatio < widest; factor *= kLevelRatio)
            addLevel(factor);

    if (options.parallax) {
        const double shrink = double(kNearnessSide) / std::max(photo.width(), photo.height());
        const cv::Size size(std::max(2, int(std::lround(photo.width() * std::min(1.0, shrink)))),
                            std::max(2, int(std::lround(photo.height() * std::min(1.0, shrink)))));
        state->nearness = options.nearness.isNull() ? estimateNearness(source, size)
                                                    : givenNearness(options.nearness, size);
    }
    return CameraMotionRenderer(std::move(state));
}

CameraMotionRenderer::CameraMotionRenderer(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
CameraMotionRenderer::CameraMotionRenderer(CameraMotionRenderer&&) noexcept = default;
CameraMotionRenderer& CameraMotionRenderer::operator=(CameraMotionRenderer&&) noexcept = default;
CameraMotionRenderer::~CameraMotionRenderer() = default;

const CameraPlan& CameraMotionRenderer::plan() const {
    return state_->plan;
}

QSize CameraMotionRenderer::frameSize() const {
    return state_->options.size;
}

int CameraMotionRenderer::frameCount() const {
    return state_->options.frames;
}

QImage CameraMotionRenderer::frame(int index) const {
    if (index < 0 || index >= state_->options.frames)
        return {};
    QImage image(state_->options.size, QImage::Format_RGB888);
    if (image.isNull())
        return {};
    state_->render(index, image);
    return image;
}

MediaExpected<QList<QImage>> CameraMotionRenderer::renderAll() const {
    const auto& options = state_->options;
    QList<QImage> frames;
    frames.reserve(options.frames);
    for (int i = 0; i < options.frames; ++i) {
        if (options.cancelRequested && options.cancelRequested())
            return mediaFailure(Code::Cancelled, QStringLiteral("Rendering was cancelled."),
                                QStringLiteral("Start it again when you are ready."));
        QImage image = frame(i);
        if (image.isNull())
            return mediaFailure(
                Code::InvalidInput,
                QStringLiteral("Not enough memory for a %1 frame.").arg(sizeText(options.size)),
                QStringLiteral("Choose a smaller video size or fewer frames."));
        frames.append(std::move(image));
        if (options.progress)
            options.progress(i + 1, options.frames);
    }
    return frames;
}

}  // namespace kinora::media
