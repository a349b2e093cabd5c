// A frame rate as an exact fraction (24000/1001 is not 23.976), as containers store it.
#pragma once

namespace kinora::media {

struct FrameRate {
    int numerator = 8;
    int denominator = 1;

    double value() const { return denominator > 0 ? double(numerator) / denominator : 0.0; }
    bool isValid() const { return numerator > 0 && denominator > 0; }
};

}  // namespace kinora::media
