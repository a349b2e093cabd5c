// The request parameters' table: every numeric parameter of a generation request declared once,
// with its JSON key, CLI flag, default, hard limits, useful range, unit, label and help. The
// request's defaults, JSON reading and writing and validation, the CLI's options and --help, the
// parameter panel's spin boxes and tooltips, the advisor and the presets' checks all read it, so
// a parameter's facts change in one place.
#pragma once

#include <QString>

#include <cstddef>

namespace kinora {

// In the table's order.
enum class RequestParameter {
    Width,
    Height,
    Frames,
    Steps,
    Guidance,
    GuidanceUntil,
    TargetFps,
    OutputFps,
    Seed,
    Eta,
    DecodeChunkSize,
};

enum class ParameterType {
    Integer,
    Real,
    // A quint64 of which every value is valid: the type is its limit.
    Seed,
};

struct ParameterRange {
    double low = 0;
    double high = 0;

    // False for NaN.
    constexpr bool contains(double value) const { return value >= low && value <= high; }
    constexpr bool operator==(const ParameterRange& other) const {
        return low == other.low && high == other.high;
    }
};

// kinora-cli's names of a parameter: the long flag, an older name it still takes, a one-letter
// name and the value's name in --help; null when there is none.
struct ParameterCliNames {
    const char* flag;
    const char* alias;
    const char* shortName;
    const char* valueName;
};

// The parameter panel's spin box.
struct ParameterPanelStep {
    double step;
    int decimals;
};

struct RequestParameterSpec {
    RequestParameter id;
    // How messages name it: "target fps".
    const char* name;
    // The key GenerationRequest::toJson writes, which records (sidecars, batch lines) hold.
    const char* jsonKey;
    ParameterCliNames cli;
    ParameterType type;
    double defaultValue;
    // Beyond these a value is a validation error: far beyond what fits any device (the planner
    // decides what fits), so a typo.
    ParameterRange limits;
    // Outside this the parameter advisor reports information or a warning. Width and height: the
    // advisor reports any size but the trained one, which is the default.
    ParameterRange useful;
    // A valid value is a multiple of this (1: any integer).
    int multipleOf;
    ParameterPanelStep panel;
    // A preset's value replaces the default (Preset holds it).
    bool setByPresets;
    // Translatable (context "kinora::RequestParameters"): use parameterUnit(), parameterLabel()
    // and parameterHelp() for the text in the current language.
    const char* unit;
    const char* label;
    const char* help;

    constexpr int intDefault() const { return int(defaultValue); }
    constexpr int intMinimum() const { return int(limits.low); }
    constexpr int intMaximum() const { return int(limits.high); }
};

// The largest double that is a quint64 (2^64 - 2^11): a seed's range as the table holds it.
inline constexpr double kSeedLimit = 18446744073709549568.0;

// The defaults are what I2VGen-XL was trained on (size, frames, fps) and its authors' settings
// (steps, guidance, eta). Columns:
//   id, name, JSON key, CLI {flag, alias, short name, value name},
//   type, default, limits, useful range, multiple of, panel {step, decimals}, set by presets,
//   unit, label,
//   help.
// clang-format off
inline constexpr RequestParameterSpec kRequestParameters[] = {
    {RequestParameter::Width, "width", "width", {"width", nullptr, nullptr, "W"},
     ParameterType::Integer, 1280, {64, 4096}, {1280, 1280}, 8, {64, 0}, true,
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "pixels"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Width"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "Video width in pixels: a multiple of 8, multiples of 64 work best.")},
    {RequestParameter::Height, "height", "height", {"height", nullptr, nullptr, "H"},
     ParameterType::Integer, 704, {64, 4096}, {704, 704}, 8, {64, 0}, true,
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "pixels"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Height"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "Video height in pixels: a multiple of 8, multiples of 64 work best.")},
    {RequestParameter::Frames, "frames", "frames", {"frames", nullptr, nullptr, "N"},
     ParameterType::Integer, 16, {2, 256}, {8, 24}, 1, {1, 0}, true,
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "frames"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Frames"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "Number of frames: the default is what the model was trained on, longer "
                       "clips drift.")},
    {RequestParameter::Steps, "steps", "steps", {"steps", nullptr, nullptr, "N"},
     ParameterType::Integer, 50, {1, 1000}, {30, 100}, 1, {1, 0}, true,
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "steps"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Steps"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "Denoising (DDIM) steps: more is slower and cleaner, fewer than the default "
                       "gives visibly worse results.")},
    {RequestParameter::Guidance, "guidance", "guidance", {"guidance", "cfg", nullptr, "G"},
     ParameterType::Real, 9.0, {0, 50}, {7, 12}, 1, {0.5, 1}, true,
     "",
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Guidance"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "How strongly the prompt steers the motion: high values with few steps "
                       "cause artifacts, 1 or below turns guidance off.")},
    {RequestParameter::GuidanceUntil, "guidance until", "guidance_until",
     {"guidance-until", nullptr, nullptr, "F"},
     ParameterType::Real, 1.0, {0, 1}, {0.3, 1}, 1, {0.05, 2}, true,
     "",
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Guidance until"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "The fraction of the steps that use guidance, each costing two model "
                       "passes; the later steps run one pass (0.5 runs a quarter fewer "
                       "passes). Below 0.3 the prompt loses its hold on the motion.")},
    {RequestParameter::TargetFps, "target fps", "target_fps", {"target-fps", nullptr, nullptr, "N"},
     ParameterType::Integer, 16, {1, 120}, {8, 16}, 1, {1, 0}, true,
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "fps"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Motion fps"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "The frame rate the model is told to imitate (an input of the model, not "
                       "the playback rate): lower means larger motion between frames.")},
    {RequestParameter::OutputFps, "output fps", "output_fps", {"fps", nullptr, nullptr, "N"},
     ParameterType::Integer, 16, {1, 120}, {8, 24}, 1, {1, 0}, true,
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "fps"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Playback fps"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "The frame rate of the written video.")},
    {RequestParameter::Seed, "seed", "seed", {"seed", nullptr, nullptr, "S"},
     ParameterType::Seed, 0, {0, kSeedLimit}, {0, kSeedLimit}, 1, {1, 0}, false,
     "",
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Seed"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "The random seed: the same seed with the same settings gives the same "
                       "video.")},
    {RequestParameter::Eta, "eta", "eta", {nullptr, nullptr, nullptr, nullptr},
     ParameterType::Real, 0.0, {0, 1}, {0, 1}, 1, {0.1, 2}, false,
     "",
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Eta"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "DDIM's noise at each step: 0 is deterministic, 1 is DDPM-like.")},
    {RequestParameter::DecodeChunkSize,
     "decode chunk size", "decode_chunk_size", {"decode-chunk", nullptr, nullptr, "N"},
     ParameterType::Integer, 1, {1, 256}, {1, 16}, 1, {1, 0}, false,
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "frames"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters", "Decode chunk"),
     QT_TRANSLATE_NOOP("kinora::RequestParameters",
                       "Frames the VAE decodes at once: 1 needs the least memory.")},
};
// clang-format on

inline constexpr std::size_t kRequestParameterCount =
    sizeof(kRequestParameters) / sizeof(kRequestParameters[0]);

constexpr const RequestParameterSpec& parameterSpec(RequestParameter parameter) {
    return kRequestParameters[std::size_t(parameter)];
}

namespace detail {
constexpr bool tableFollowsTheEnum() {
    for (std::size_t i = 0; i < kRequestParameterCount; ++i)
        if (std::size_t(kRequestParameters[i].id) != i)
            return false;
    return true;
}
}  // namespace detail
static_assert(detail::tableFollowsTheEnum(),
              "kRequestParameters must list RequestParameter in order");
// A chunk of all frames decodes the clip at once; more would be no chunk at all.
static_assert(parameterSpec(RequestParameter::DecodeChunkSize).limits.high ==
                  parameterSpec(RequestParameter::Frames).limits.high,
              "the decode chunk's limit is the frames' limit");

// The parameter whose jsonKey is `key`, or null.
const RequestParameterSpec* parameterForJsonKey(const QString& key);

// `value` as messages, remedies and help write it: "9", "0.5", "1280".
QString formatParameterValue(RequestParameter parameter, double value);

// In the current language (English where no translator is installed, as in the CLI).
QString parameterUnit(RequestParameter parameter);
QString parameterLabel(RequestParameter parameter);
QString parameterHelp(RequestParameter parameter);
// "Default <default>; <low> to <high> is the useful range." (the unit after the numbers where it
// has one).
QString parameterDefaultText(RequestParameter parameter);

// English, for validation: "<name> <value> is outside <low>..<high>" and "Use <default> (the
// default); <low> to <high> is the useful range".
QString parameterLimitMessage(RequestParameter parameter, double value);
QString parameterRemedy(RequestParameter parameter);

}  // namespace kinora
