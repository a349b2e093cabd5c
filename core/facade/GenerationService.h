// The generation service: request in, finished video (with its sidecar and source image) out.
// Synchronous and single-threaded (the CLI calls it directly, the GUI from its inference thread);
// it keeps the model loaded and the prompt and image embeddings cached between jobs. Finished
// denoising is never lost: the final latents are saved before decoding and kept when the decode
// fails, so decodeSavedLatents() can finish the video with smaller chunks or tiles.
#pragma once

#include <QString>

#include <memory>
#include <optional>

#include "facade/GenerationOutcome.h"
#include "facade/GenerationRequest.h"
// Where a job's files are and how a request reads back from them, for this header's users.
#include "facade/JobRecord.h"

namespace kinora {

// Simulated out-of-memory errors, for tests of the recovery paths (never set in normal use).
struct InjectedFaults {
    int outOfMemoryAtStep = -1;  // the 0-based denoising step that fails
    int stepFailures = 0;        // how many times in a row it fails
    int decodeFailures = 0;      // how many decodes fail
};

struct DecodeSettings {
    int chunkFrames = 1;
    bool tiled = false;
    QString device = QStringLiteral("auto");
    QString format;      // empty: the format recorded with the latents
    QString outputPath;  // empty: the output recorded with the latents
};

class GenerationService {
public:
    GenerationService();
    ~GenerationService();
    GenerationService(const GenerationService&) = delete;
    GenerationService& operator=(const GenerationService&) = delete;

    // Runs a request to a finished video. Never throws: every failure becomes an outcome. With
    // preprocessing asked for, the job runs on the preprocessed picture (SourcePreparation.h).
    GenerationOutcome generate(const GenerationRequest& request,
                               const GenerationCallbacks& callbacks = {});

    // Finishes the video of a job from its saved final latents (<output>.latents.safetensors).
    GenerationOutcome decodeSavedLatents(const QString& latentsPath, const DecodeSettings& settings,
                                         const GenerationCallbacks& callbacks = {});

    // Keep the final latents beside each finished video (default: delete them once it is safe).
    void setKeepLatents(bool keep) { keepLatents_ = keep; }
    // Compute threads on the CPU (0: leave LibTorch's setting).
    void setThreads(int threads);
    // Every job is planned against the memory its device has (MemoryPlanning) before it starts.
    // A job that does not fit fails with the downgrade that would fit, unless this allows
    // applying it (fewer frames, then a smaller size; the outcome says what changed).
    void setAllowDowngrade(bool allow) { allowDowngrade_ = allow; }
    // Plan for this much usable memory on the compute device instead of asking the system.
    void setMemoryLimit(std::optional<quint64> bytes) { memoryLimit_ = bytes; }
    void injectFaults(const InjectedFaults& faults) { faults_ = faults; }

    // How often the encoders really ran since the model was loaded (the rest came from the cache).
    int textEncoderRuns() const;
    int imageEncoderRuns() const;

private:
    GenerationOutcome runGenerate(const GenerationRequest& request,
                                  const GenerationCallbacks& callbacks);
    GenerationOutcome runDecode(const QString& latentsPath, const DecodeSettings& settings,
                                const GenerationCallbacks& callbacks);

    struct Impl;
    std::unique_ptr<Impl> impl_;
    bool keepLatents_ = false;
    bool allowDowngrade_ = false;
    std::optional<quint64> memoryLimit_;
    InjectedFaults faults_;
};

}  // namespace kinora
