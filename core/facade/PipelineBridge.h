// The torch bridge of the generation service: request -> model pipeline call, tensors -> frames.
// PipelineBridge.cpp is the one facade file that includes the model pipeline (and so LibTorch);
// this header names no tensor, so the service that drives it stays torch-free. Facade-private:
// the UI and the CLI use GenerationService.
#pragma once

#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <exception>
#include <functional>
#include <memory>
#include <optional>

#include "facade/GenerationOutcome.h"
#include "facade/GenerationRequest.h"
#include "facade/MemoryPlanning.h"
#include "model/memory/ExecutionPlan.h"

namespace kinora {

struct InjectedFaults;

// The device and precision a job runs with, as the request's "device" and "dtype" resolve.
struct ResolvedDevice {
    enum class Precision { Float32, Float16, BFloat16 };
    bool cuda = false;
    int cudaIndex = 0;
    Precision precision = Precision::Float32;
    QString error;  // why the job cannot run there; empty when it can
};

// "auto" prefers CUDA; asking for CUDA where there is none is an error, never a silent CPU run.
ResolvedDevice resolveDevice(const QString& device, const QString& dtype);

// The first line of an exception's message: LibTorch errors carry a C++ backtrace after it,
// which the log gets and the user does not.
QString describeException(const std::exception& error);

// A job's final latents, a tensor that only PipelineBridge.cpp can name.
struct LatentsTensor;
using Latents = std::shared_ptr<const LatentsTensor>;

struct DenoiseResult {
    Latents latents;            // null when denoising did not finish
    GenerationOutcome outcome;  // why not (cancelled or failed), when latents is null
    model::ExecutionPlan plan;  // the plan it finished with, after any out-of-memory retries
};

// What a finished job's decode may fall back on, in order: the first entry first.
struct DecodePlan {
    QList<model::ExecutionPlan> attempts;
    QString predicted;  // the plan's predicted decode peak, for a failure message
};

struct DecodedFrames {
    QList<QImage> frames;       // empty when the decode did not finish
    GenerationOutcome outcome;  // why not (cancelled or failed), when frames is empty
};

// Latents a job saved, read back with the record they were saved with.
struct SavedLatents {
    Latents latents;                     // null when the file could not be used
    QJsonObject request;                 // the request as it ran
    std::optional<QString> modelFolder;  // nothing when the file names none
    QString error;                       // why the file could not be used
    QString remedy;
};

class PipelineBridge {
public:
    using Progress = std::function<void(int done, int total)>;

    PipelineBridge();
    ~PipelineBridge();
    PipelineBridge(const PipelineBridge&) = delete;
    PipelineBridge& operator=(const PipelineBridge&) = delete;

    // Weights this process holds already for a job on `modelFolder` and `device`.
    quint64 residentWeightBytes(const QString& modelFolder, const ResolvedDevice& device) const;
    // Loads the pipeline for a folder and device, reusing the loaded one when they match; returns
    // why it could not, or nothing.
    QString ensurePipeline(const QString& modelFolder, const ResolvedDevice& device);

    // How often the encoders really ran since the model was loaded (0 with none loaded).
    int textEncoderRuns() const;
    int imageEncoderRuns() const;

    // Denoises `job` (as planned: its size and frames after any downgrade) from `image` on the
    // loaded pipeline. A step that runs out of memory is retried with the plan's next tighter
    // settings (each retry a line in `memoryNotes`); then the job fails naming the step and the
    // memory the plan predicted.
    DenoiseResult denoise(const GenerationRequest& job, const QImage& image, const MemoryPlan& plan,
                          const InjectedFaults& faults, const GenerationCallbacks& callbacks,
                          QStringList& memoryNotes);

    // Decodes latents to frames. A decode that runs out of memory is done again from the same
    // latents with the plan's next attempt (a line in `memoryNotes`); failures name the kept
    // `latentsPath` and how to finish from it.
    DecodedFrames decode(const Latents& latents, const DecodePlan& plan, const QString& latentsPath,
                         const Progress& progress, const std::function<bool()>& cancelled,
                         QStringList& memoryNotes);

    // Saves latents with the request as it ran and the model folder, so decodeSavedLatents() can
    // finish the video; returns why not, or nothing.
    static QString saveLatents(const QString& path, const Latents& latents,
                               const QJsonObject& request, const QString& modelFolder);
    static SavedLatents loadLatents(const QString& path);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kinora
