// The facade's own texts in the user's language. The facade keeps them in English, because the CLI
// prints them and the files it writes (sidecars, JSON reports) record them; the window shows these
// instead, built from the same values through tr(). In English each reads exactly as the facade's.
#pragma once

#include <QString>

#include "facade/CameraPrompt.h"
#include "facade/MemoryPlanning.h"
#include "facade/Presets.h"

namespace kinora::ui {

// "pan left, slow", as CameraPath::understood words each move.
QString cameraMoveText(const CameraMove& move);

// What the camera engine read from a prompt: the moves in order, the default move, or a still
// camera (CameraPath::understood in the user's language).
QString cameraPathText(const CameraPath& path);

// A built-in preset's name and reason (resources/presets.json) in the user's language; a user
// preset's own name and reason as they were saved.
QString presetName(const Preset& preset);
QString presetReason(const Preset& preset);

// How a memory plan runs the model (describeExecutionPlan in the user's language).
QString memorySettingsText(const model::ExecutionPlan& settings);

}  // namespace kinora::ui
