#include "media/PaletteQuantizer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace kinora::media {
namespace {

constexpr int kCellBits = 5;
constexpr int kCellLevels = 1 << kCellBits;

int cellIndex(int r, int g, int b) {
    constexpr int shift = 8 - kCellBits;
    return ((r >> shift) << (2 * kCellBits)) | ((g >> shift) << kCellBits) | (b >> shift);
}

// A histogram cell reduced to its weight and mean colour.
struct WeightedColor {
    double weight = 0;
    std::array<double, 3> rgb{};
};

double squaredDistance(const std::array<double, 3>& a, const std::array<double, 3>& b) {
    const double dr = a[0] - b[0], dg = a[1] - b[1], db = a[2] - b[2];
    return dr * dr + dg * dg + db * db;
}

// A median-cut box: a range of colours, with its weighted mean and squared error.
struct Box {
    int begin = 0;
    int end = 0;
    std::array<double, 3> mean{};
    double squaredError = 0;
    int widestChannel =
        0;  // the channel with the largest weighted variance: the cut goes across it
};

Box makeBox(const std::vector<WeightedColor>& colors, int begin, int end) {
    Box box{begin, end};
    double weight = 0;
    for (int i = begin; i < end; ++i) {
        weight += colors[i].weight;
        for (int c = 0; c < 3; ++c)
            box.mean[c] += colors[i].weight * colors[i].rgb[c];
    }
    for (double& channel : box.mean)
        channel /= weight;
    std::array<double, 3> spread{};
    for (int i = begin; i < end; ++i)
        for (int c = 0; c < 3; ++c) {
            const double d = colors[i].rgb[c] - box.mean[c];
            spread[c] += colors[i].weight * d * d;
        }
    box.squaredError = spread[0] + spread[1] + spread[2];
    box.widestChannel = int(std::max_element(spread.begin(), spread.end()) - spread.begin());
    return box;
}

// Lloyd iterations over the histogram's colours, weighted by their counts: moves each palette
// colour to the mean of the colours nearest to it, which median cut alone does not guarantee.
void refineByKMeans(const std::vector<WeightedColor>& colors,
                    std::vector<std::array<double, 3>>& centers) {
    constexpr int kIterations = 8;
    std::vector<int> assignment(colors.size(), -1);
    for (int iteration = 0; iteration < kIterations; ++iteration) {
        bool changed = false;
        std::vector<WeightedColor> sums(centers.size());
        for (size_t i = 0; i < colors.size(); ++i) {
            int nearest = 0;
            double best = std::numeric_limits<double>::max();
            for (size_t k = 0; k < centers.size(); ++k) {
                const double d = squaredDistance(colors[i].rgb, centers[k]);
                if (d < best) {
                    best = d;
                    nearest = int(k);
                }
            }
            changed |= assignment[i] != nearest;
            assignment[i] = nearest;
            sums[nearest].weight += colors[i].weight;
            for (int c = 0; c < 3; ++c)
                sums[nearest].rgb[c] += colors[i].weight * colors[i].rgb[c];
        }
        if (!changed)
            break;
        for (size_t k = 0; k < centers.size(); ++k)
            if (sums[k].weight > 0)
                for (int c = 0; c < 3; ++c)
                    centers[k][c] = sums[k].rgb[c] / sums[k].weight;
    }
}

int toByte(double value) {
    return std::clamp(int(std::lround(value)), 0, 255);
}

// Nearest palette entry by squared RGB distance, cached per cell of 6 bits per channel (the cache
// answers for the cell's centre, at most 2 levels per channel from the colour asked about).
class NearestColor {
public:
    explicit NearestColor(const QList<QRgb>& palette) : cache_(1 << 18, -1) {
        for (QRgb color : palette)
            colors_.push_back({qRed(color), qGreen(color), qBlue(color)});
    }

    int operator()(int r, int g, int b) {
        const int key = ((r >> 2) << 12) | ((g >> 2) << 6) | (b >> 2);
        std::int16_t& cached = cache_[key];
        if (cached < 0)
            cached = std::int16_t(search((r & ~3) + 2, (g & ~3) + 2, (b & ~3) + 2));
        return cached;
    }

    const std::array<int, 3>& color(int index) const { return colors_[index]; }

private:
    int search(int r, int g, int b) const {
        int nearest = 0;
        int best = std::numeric_limits<int>::max();
        for (size_t i = 0; i < colors_.size(); ++i) {
            const int dr = colors_[i][0] - r, dg = colors_[i][1] - g, db = colors_[i][2] - b;
            const int d = dr * dr + dg * dg + db * db;
            if (d < best) {
                best = d;
                nearest = int(i);
            }
        }
        return nearest;
    }

    std::vector<std::array<int, 3>> colors_;
    std::vector<std::int16_t> cache_;
};

// The typical distance between neighbouring palette colours (median over the palette of the
// distance to the nearest other colour): how far ordered dithering may push a pixel.
double typicalPaletteSpacing(const QList<QRgb>& palette) {
    if (palette.size() < 2)
        return 0;
    std::vector<double> nearest;
    for (QRgb a : palette) {
        double best = std::numeric_limits<double>::max();
        for (QRgb b : palette) {
            if (a == b)
                continue;
            const double dr = qRed(a) - qRed(b), dg = qGreen(a) - qGreen(b),
                         db = qBlue(a) - qBlue(b);
            best = std::min(best, std::sqrt(dr * dr + dg * dg + db * db));
        }
        if (best < std::numeric_limits<double>::max())
            nearest.push_back(best);
    }
    if (nearest.empty())
        return 0;
    std::nth_element(nearest.begin(), nearest.begin() + nearest.size() / 2, nearest.end());
    return nearest[nearest.size() / 2];
}

// The classic recursive 8x8 Bayer matrix, thresholds 0-63.
constexpr std::array<std::array<int, 8>, 8> kBayer8 = {{
    {0, 32, 8, 40, 2, 34, 10, 42},
    {48, 16, 56, 24, 50, 18, 58, 26},
    {12, 44, 4, 36, 14, 46, 6, 38},
    {60, 28, 52, 20, 62, 30, 54, 22},
    {3, 35, 11, 43, 1, 33, 9, 41},
    {51, 19, 59, 27, 49, 17, 57, 25},
    {15, 47, 7, 39, 13, 45, 5, 37},
    {63, 31, 55, 23, 61, 29, 53, 21},
}};

void mapNearest(const QImage& rgb, NearestColor& nearest, QImage& indexed) {
    for (int y = 0; y < rgb.height(); ++y) {
        const uchar* in = rgb.constScanLine(y);
        uchar* out = indexed.scanLine(y);
        for (int x = 0; x < rgb.width(); ++x, in += 3)
            out[x] = uchar(nearest(in[0], in[1], in[2]));
    }
}

void mapBayer(const QImage& rgb, const QList<QRgb>& palette, NearestColor& nearest,
              QImage& indexed) {
    // The offset moves a pixel along the grey diagonal by at most half the typical spacing, so a
    // colour already in the palette stays on it unless its neighbours are unusually close.
    const double amplitude = typicalPaletteSpacing(palette) / std::sqrt(3.0);
    std::array<std::array<int, 8>, 8> offsets{};
    for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 8; ++j)
            offsets[i][j] = int(std::lround(((kBayer8[i][j] + 0.5) / 64.0 - 0.5) * amplitude));
    for (int y = 0; y < rgb.height(); ++y) {
        const uchar* in = rgb.constScanLine(y);
        uchar* out = indexed.scanLine(y);
        const auto& row = offsets[y & 7];
        for (int x = 0; x < rgb.width(); ++x, in += 3) {
            const int offset = row[x & 7];
            out[x] = uchar(nearest(std::clamp(in[0] + offset, 0, 255),
                                   std::clamp(in[1] + offset, 0, 255),
                                   std::clamp(in[2] + offset, 0, 255)));
        }
    }
}

void mapFloydSteinberg(const QImage& rgb, NearestColor& nearest, QImage& indexed) {
    const int width = rgb.width();
    // Errors carried into the current and the next row, one pixel of margin on either side.
    std::vector<float> current((width + 2) * 3, 0.f), next((width + 2) * 3, 0.f);
    for (int y = 0; y < rgb.height(); ++y) {
        const uchar* in = rgb.constScanLine(y);
        uchar* out = indexed.scanLine(y);
        std::fill(next.begin(), next.end(), 0.f);
        // Serpentine order keeps the error from drifting to one side.
        const bool leftToRight = (y % 2) == 0;
        const int step = leftToRight ? 1 : -1;
        for (int i = 0; i < width; ++i) {
            const int x = leftToRight ? i : width - 1 - i;
            float* error = &current[(x + 1) * 3];
            int wanted[3];
            for (int c = 0; c < 3; ++c)
                wanted[c] = std::clamp(int(std::lround(in[x * 3 + c] + error[c])), 0, 255);
            const int index = nearest(wanted[0], wanted[1], wanted[2]);
            out[x] = uchar(index);
            const auto& chosen = nearest.color(index);
            for (int c = 0; c < 3; ++c) {
                const float residual = float(wanted[c] - chosen[c]);
                current[(x + 1 + step) * 3 + c] += residual * 7.f / 16.f;
                next[(x + 1 - step) * 3 + c] += residual * 3.f / 16.f;
                next[(x + 1) * 3 + c] += residual * 5.f / 16.f;
                next[(x + 1 + step) * 3 + c] += residual * 1.f / 16.f;
            }
        }
        std::swap(current, next);
    }
}

}  // namespace

ColorHistogram::ColorHistogram() : cells_(kCellLevels * kCellLevels * kCellLevels) {}

void ColorHistogram::add(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    for (int y = 0; y < rgb.height(); ++y) {
        const uchar* pixel = rgb.constScanLine(y);
        for (int x = 0; x < rgb.width(); ++x, pixel += 3) {
            Cell& cell = cells_[cellIndex(pixel[0], pixel[1], pixel[2])];
            ++cell.count;
            for (int c = 0; c < 3; ++c)
                cell.sum[c] += pixel[c];
        }
    }
}

QList<QRgb> medianCutPalette(const ColorHistogram& histogram, int maxColors) {
    maxColors = std::clamp(maxColors, 1, 256);
    std::vector<WeightedColor> colors;
    for (const auto& cell : histogram.cells()) {
        if (cell.count == 0)
            continue;
        WeightedColor color{double(cell.count)};
        for (int c = 0; c < 3; ++c)
            color.rgb[c] = double(cell.sum[c]) / double(cell.count);
        colors.push_back(color);
    }
    if (colors.empty())
        return {qRgb(0, 0, 0)};

    std::vector<Box> boxes{makeBox(colors, 0, int(colors.size()))};
    while (int(boxes.size()) < maxColors) {
        auto widest = boxes.end();
        for (auto box = boxes.begin(); box != boxes.end(); ++box)
            if (box->end - box->begin >= 2 && box->squaredError > 0 &&
                (widest == boxes.end() || box->squaredError > widest->squaredError))
                widest = box;
        if (widest == boxes.end())
            break;
        const Box box = *widest;
        const int channel = box.widestChannel;
        std::sort(colors.begin() + box.begin, colors.begin() + box.end,
                  [channel](const WeightedColor& a, const WeightedColor& b) {
                      return a.rgb[channel] < b.rgb[channel];
                  });
        double total = 0;
        for (int i = box.begin; i < box.end; ++i)
            total += colors[i].weight;
        double below = 0;
        int cut = box.begin + 1;
        for (int i = box.begin; i < box.end - 1; ++i) {
            below += colors[i].weight;
            cut = i + 1;
            if (below >= total / 2)
                break;
        }
        *widest = makeBox(colors, box.begin, cut);
        boxes.push_back(makeBox(colors, cut, box.end));
    }

    std::vector<std::array<double, 3>> centers;
    for (const Box& box : boxes)
        centers.push_back(box.mean);
    refineByKMeans(colors, centers);

    QList<QRgb> palette;
    for (const auto& center : centers) {
        const QRgb color = qRgb(toByte(center[0]), toByte(center[1]), toByte(center[2]));
        if (!palette.contains(color))
            palette.append(color);
    }
    return palette;
}

QImage quantizeToPalette(const QImage& image, const QList<QRgb>& palette, Dither dither) {
    if (palette.isEmpty() || palette.size() > 256)
        return {};
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    QImage indexed(rgb.size(), QImage::Format_Indexed8);
    indexed.setColorTable(palette);
    NearestColor nearest(palette);
    switch (dither) {
        case Dither::None:
            mapNearest(rgb, nearest, indexed);
            break;
        case Dither::Bayer:
            mapBayer(rgb, palette, nearest, indexed);
            break;
        case Dither::FloydSteinberg:
            mapFloydSteinberg(rgb, nearest, indexed);
            break;
    }
    return indexed;
}

}  // namespace kinora::media
