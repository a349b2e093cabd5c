// Where a job's record lives and how it reads back: the files a job writes beside its video, and
// the request recovered from its sidecar or from the video's own metadata (JobRecordWriter writes
// them).
#pragma once

#include <QString>

#include "facade/Expected.h"
#include "facade/GenerationRequest.h"

namespace kinora {

// The metadata key under which a video and its saved latents carry the request, as compact JSON.
inline constexpr char kRequestMetadataKey[] = "kinora_request";

// The paths a job writes for its output path: <base>.json (sidecar), <base>.source.<ext> (input
// image) and <base>.latents.safetensors (final latents until the video is safe).
QString sidecarPathFor(const QString& outputPath);
QString latentsPathFor(const QString& outputPath);
QString sourceImagePathFor(const QString& outputPath, const QString& imagePath);

// Reads the request back from a sidecar (.json) or a Kinora video's metadata, with the image path
// resolved to the copied source image. Fails when it is unreadable or not Kinora's.
Expected<GenerationRequest> requestFromRecord(const QString& path);

}  // namespace kinora
