// Renders a camera move over a still photograph: every frame is the photograph seen through a
// virtual camera that pans, tilts, zooms, rolls or dollies along an eased path (ease in-out),
// resampled with a cubic (or Lanczos) filter from a pre-scaled copy of the photograph so that
// neither upscaling nor downscaling aliases.
//
// No frame ever shows anything outside the photograph: the view is the largest crop of the
// output's aspect ratio, cropped in further (up to kMaxCropZoom) when a move needs room, and a
// move the photograph has no room for even then is shortened to the longest that fits. The plan
// says when that happened.
//
// Optional parallax: with a nearness map (given, or estimated from local sharpness: in-focus parts
// taken as near), near parts follow the camera move fully and far parts lag behind, as a camera
// that really moved would see them. Off by default: a sharpness cue is a guess (a sharp
// background, a soft subject) and where it is wrong the warp bends straight lines; it suits
// shallow-focus portraits and close-ups.
#pragma once

#include <QImage>
#include <QSize>
#include <QStringList>

#include <functional>
#include <memory>

#include "media/MediaError.h"

namespace kinora::media {

// A camera move over the whole clip. All zero (zoom 1) holds the camera still.
struct CameraMotion {
    // Horizontal travel of the view over the clip, as a fraction of the view's width: positive
    // moves the view right over the photograph (a pan right: the picture slides left).
    double pan = 0;
    // Vertical travel as a fraction of the view's height: positive moves the view up (a tilt up:
    // the picture slides down).
    double tilt = 0;
    // The view's size at the start over its size at the end: above 1 zooms in (the picture
    // grows), below 1 zooms out. Scaled geometrically, so the zoom feels even.
    double zoom = 1;
    // How far the picture turns on screen over the clip, in degrees, positive clockwise; the
    // middle frame is upright.
    double rotationDegrees = 0;
    // How far the camera travels forward, as a fraction of its distance to the middle of the
    // picture (negative: backward). Unlike a zoom, the picture grows faster as the camera nears
    // it, and the lower part of the frame (taken as nearer ground) grows faster than the upper.
    double dolly = 0;
};

enum class Resampling {
    Cubic,    // bicubic: sharp, fast; the default
    Lanczos,  // Lanczos-4: a little sharper on upscaled photographs, about 3x slower
};

struct CameraRenderOptions {
    QSize size;  // output frame size
    int frames = 16;
    Resampling resampling = Resampling::Cubic;
    bool parallax = false;
    // With parallax: how near each part of the photograph is, 0 (far) to 255 (near), any size
    // (it is stretched over the photograph; a smooth map warps without tearing). Null: estimated
    // from the photograph's local sharpness.
    QImage nearness;
    // With parallax: how much of the move the farthest parts miss, 0 (none) to 1 (they stay put).
    double parallaxStrength = 0.35;

    // Called after each frame of renderAll: (frames done, frame count).
    std::function<void(int, int)> progress;
    // Checked before each frame of renderAll; true abandons it with a Cancelled error.
    std::function<bool()> cancelRequested;
};

// The move as it will be rendered.
struct CameraPlan {
    CameraMotion motion;     // as asked, except pan, tilt and rotation when shortened
    double shortenedTo = 1;  // fraction of the asked pan, tilt and rotation that fits (1: all)
    double cropZoom = 1;     // how far the widest view is cropped in from the largest crop of the
                             // output's aspect, to make room for the move (1: not at all)
    double upscale = 1;      // output pixels per photograph pixel at the closest view; above 1 the
                             // photograph is enlarged and looks softer
    QStringList notes;       // what the user should know: a shortened move, an enlarged photograph
};

// The largest output accepted: far beyond any screen; above it a size is a typo.
inline constexpr int kMaxCameraSide = 8192;
inline constexpr qint64 kMaxCameraPixels = 40'000'000;
inline constexpr int kMaxCameraFrames = 10'000;
// The furthest the renderer crops in to make room for a move.
inline constexpr double kMaxCropZoom = 1.6;

class CameraMotionRenderer {
public:
    // Checks the options (at least 2 frames, a sane size, a usable photograph) and plans the path.
    static MediaExpected<CameraMotionRenderer> create(const QImage& photograph,
                                                      const CameraMotion& motion,
                                                      const CameraRenderOptions& options);

    CameraMotionRenderer(CameraMotionRenderer&&) noexcept;
    CameraMotionRenderer& operator=(CameraMotionRenderer&&) noexcept;
    ~CameraMotionRenderer();

    const CameraPlan& plan() const;
    QSize frameSize() const;
    int frameCount() const;

    // Frame `index` (0-based) as RGB888; null for an index out of range. Frames are independent
    // (any order, any number of times) but one renderer is not to be used from two threads at
    // once.
    QImage frame(int index) const;
    // All frames in order, with the options' progress and cancel callbacks.
    MediaExpected<QList<QImage>> renderAll() const;

private:
    struct State;
    explicit CameraMotionRenderer(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace kinora::media
