// The fixture's end-to-end case (golden/cases.json "pipeline") as a generation request, for the
// tests that run the service, the worker or the window on the fixture model.
#pragma once

#include <QJsonObject>

#include "common/CliRun.h"
#include "common/Fixture.h"
#include "facade/GenerationRequest.h"

namespace kinora::test {

// Prompt, negative prompt, size, frames, steps, guidance, fps and seed of the pipeline case, on
// the fixture model and its input picture, on the CPU.
inline GenerationRequest fixtureRequest(const QString& outputPath = {}) {
    const QJsonObject pipeline = pipelineCase();
    GenerationRequest request;
    request.modelFolder = fixtureDir();
    request.imagePath = inputImage();
    request.prompt = pipeline.value("prompt").toString();
    request.negativePrompt = pipeline.value("negative_prompt").toString();
    request.width = pipeline.value("width").toInt();
    request.height = pipeline.value("height").toInt();
    request.frames = pipeline.value("num_frames").toInt();
    request.steps = pipeline.value("num_inference_steps").toInt();
    request.guidance = pipeline.value("guidance_scale").toDouble();
    request.targetFps = pipeline.value("target_fps").toInt();
    request.outputFps = request.targetFps;
    request.seed = quint64(pipeline.value("generator_seed").toInt());
    request.device = QStringLiteral("cpu");
    request.outputPath = outputPath;
    return request;
}

}  // namespace kinora::test
