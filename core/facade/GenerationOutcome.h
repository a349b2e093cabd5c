// What a generation job reports while it runs (stage, progress, previews) and what it ends with,
// whichever engine ran it: the types the worker, the history and the front ends share without
// needing the service that produces them.
#pragma once

#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <functional>

namespace kinora {

enum class GenerationStage {
    LoadingModel,
    EncodingPrompt,
    EncodingImage,
    Denoising,
    SavingLatents,
    Decoding,
    Encoding,
};

QString stageName(GenerationStage stage);

struct GenerationProgress {
    GenerationStage stage = GenerationStage::LoadingModel;
    int done = 0;                   // steps, decode chunks or encoded frames done
    int total = 0;                  // 0 when the stage has no parts
    double elapsedSeconds = 0.0;    // of the current stage
    double remainingSeconds = 0.0;  // estimate for the current stage, 0 when unknown
};

struct GenerationCallbacks {
    std::function<void(const GenerationProgress&)> progress;
    // Latent-space previews of the clean video as denoising goes (frames at latent resolution).
    std::function<void(int step, const QList<QImage>& frames)> preview;
    int previewInterval = 0;  // steps between previews; 0: none
    std::function<bool()> cancelled;
};

struct GenerationOutcome {
    enum class Status { Succeeded, Cancelled, Failed };
    Status status = Status::Failed;
    QString videoPath;
    QString sidecarPath;
    QString sourceImagePath;  // the input image, copied beside the video
    QString latentsPath;      // saved final latents, when kept (decode failed, or asked to keep)
    QString message;          // what happened, for the user
    QString remedy;           // what to do about it
    QString detail;           // technical detail for the log
    QString note;             // something worth knowing on success (e.g. first frame of a GIF used)
    double seconds = 0.0;
    // The memory plan the job ran with (MemoryPlan::toJson; empty when it never got that far),
    // and what memory made it do: a downgrade, a step retried or a decode redone with tighter
    // settings after running out of memory.
    QJsonObject memoryPlan;
    QStringList memoryNotes;

    bool succeeded() const { return status == Status::Succeeded; }
};

}  // namespace kinora

// Carried by queued signals between the inference thread and the caller's.
Q_DECLARE_METATYPE(kinora::GenerationProgress)
Q_DECLARE_METATYPE(kinora::GenerationOutcome)
