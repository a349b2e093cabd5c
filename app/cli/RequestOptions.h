// The options every command that builds a request shares (generate, doctor, plan, explore), from
// the parameter table (facade/RequestParameters.h), and the request they build.
#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QSize>
#include <QString>

#include <optional>

#include "facade/GenerationRequest.h"
#include "facade/RequestParameters.h"

namespace kinora::cli {

// The option of a parameter of the table: its flag with the alias and short name, and its help
// with the default (or `defaultNote` in its place) and the useful range.
QCommandLineOption parameterOption(RequestParameter parameter, const QString& defaultNote = {});
// --sampler's help: every sampler with the step range it does well in.
QString samplerHelp();

struct RequestOptions {
    QCommandLineOption model{"model", "I2VGen-XL model folder (default: $KINORA_MODEL).", "DIR"};
    QCommandLineOption image{"image", "Input image (PNG, JPEG, WebP).", "IMG"};
    QCommandLineOption prompt{"prompt", "What should move, and how.", "TEXT"};
    QCommandLineOption negative{"negative-prompt",
                                "What to avoid (default: the authors' negative prompt).", "TEXT"};
    QCommandLineOption preset{"preset",
                              "fast, balanced, quality or native (default: balanced). A preset "
                              "sets the size, frames, steps, guidance and both fps in place of "
                              "their defaults; the flags below change them.",
                              "NAME"};
    QCommandLineOption resolution{
        "resolution",
        "512p, 768p, 1024p (short side, keeps the image's aspect ratio, multiples "
        "of 64) or native (1280x704).",
        "RES"};
    QCommandLineOption width = parameterOption(RequestParameter::Width);
    QCommandLineOption height = parameterOption(RequestParameter::Height);
    QCommandLineOption frames = parameterOption(RequestParameter::Frames);
    QCommandLineOption steps = parameterOption(RequestParameter::Steps);
    QCommandLineOption guidance = parameterOption(RequestParameter::Guidance);
    QCommandLineOption guidanceUntil = parameterOption(RequestParameter::GuidanceUntil);
    QCommandLineOption sampler{"sampler", samplerHelp(), "NAME"};
    QCommandLineOption cache{"cache",
                             "Draft mode: off (default), or deep:N to compute the model's deeper "
                             "levels every N steps and reuse them in between (measured 1.6x "
                             "faster denoising with deep:2, 2x with deep:3; render the final "
                             "clip with off).",
                             "SPEC"};
    QCommandLineOption targetFps = parameterOption(RequestParameter::TargetFps);
    QCommandLineOption fps = parameterOption(RequestParameter::OutputFps);
    // The CLI draws a seed for every run that names none, so the table's default does not apply.
    QCommandLineOption seed =
        parameterOption(RequestParameter::Seed, QStringLiteral("Default: a random one, printed."));
    QCommandLineOption vaeSeed{"vae-seed",
                               "Separate seed for the VAE latent sample (as the reference's "
                               "torch.manual_seed).",
                               "S"};
    QCommandLineOption candidates{"candidates", "Make N candidates with consecutive seeds.", "N"};
    QCommandLineOption seeds{"seeds", "Make one candidate per seed, e.g. 1,2,3.", "LIST"};
    QCommandLineOption format{"format", "mp4, webm, gif or png (a folder of frames).", "FMT"};
    QCommandLineOption decodeChunk = parameterOption(RequestParameter::DecodeChunkSize);
    QCommandLineOption device{"device", "auto, cpu, cuda or cuda:N.", "DEV"};
    QCommandLineOption dtype{"dtype", "auto, fp32, fp16 or bf16.", "TYPE"};
    QCommandLineOption threads{"threads", "CPU threads for the model (default: all cores).", "N"};
    QCommandLineOption output{"output", "The video to write.", "PATH"};
    QCommandLineOption from{"from", "Replay the request of a Kinora sidecar (.json) or video.",
                            "FILE"};
    QCommandLineOption keepLatents{"keep-latents", "Keep the final latents beside the video."};
    QCommandLineOption json{"json",
                            "Machine-readable progress and results (JSON lines on stdout)."};
    QCommandLineOption engine{
        "engine",
        "i2vgen-xl (the diffusion model) or camera (camera moves read from the "
        "prompt, rendered from the image itself, no model). Default: i2vgen-xl "
        "when a model folder is given, else camera.",
        "NAME"};
    QCommandLineOption force{"force", "Run even when the checks before the run report an error."};
    QCommandLineOption preprocess{
        "preprocess",
        "Improve the picture first: Lanczos resize to the video size, contrast x1.2, sharpness "
        "x1.1. The preprocessed picture is the job's recorded source."};
    QCommandLineOption autoExposure{
        "auto-exposure", "Correct an under- or overexposed picture first (others are left alone)."};

    void addTo(QCommandLineParser& parser) const;
};

// The size of the image at `path` (invalid when it is empty or unreadable).
QSize imageSize(const QString& path);

// Builds the request from the flags on top of a base (a preset, a replayed record).
std::optional<GenerationRequest> buildRequest(
    bool requireOutput, const QCommandLineParser& parser, const RequestOptions& o, QString* error,
    const QString& defaultPreset = QStringLiteral("balanced"));

}  // namespace kinora::cli
