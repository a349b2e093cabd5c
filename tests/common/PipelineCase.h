// A golden case of golden/cases.json ("pipeline", "pipeline_nocfg") as a model-level request, on
// the fixture's input picture.
#pragma once

#include <QJsonObject>

#include <cstdint>

#include "common/Golden.h"
#include "model/pipeline/I2VGenXLPipeline.h"

namespace kinora::test {

inline model::RgbImage goldenInputImage() {
    const auto image = goldenTensors("image.safetensors");
    const auto& pixels = tensorNamed(image, "input_image_u8");  // [H, W, 3]
    model::RgbImage result;
    result.height = int(pixels.size(0));
    result.width = int(pixels.size(1));
    const auto contiguous = pixels.contiguous();
    result.pixels.assign(contiguous.data_ptr<std::uint8_t>(),
                         contiguous.data_ptr<std::uint8_t>() + contiguous.numel());
    return result;
}

inline model::PipelineRequest requestForCase(const QJsonObject& args) {
    model::PipelineRequest request;
    request.image = goldenInputImage();
    request.prompt = args.value("prompt").toString().toStdString();
    if (args.value("negative_prompt").isString())
        request.negativePrompt = args.value("negative_prompt").toString().toStdString();
    request.width = args.value("width").toInt();
    request.height = args.value("height").toInt();
    request.frames = args.value("num_frames").toInt();
    request.steps = args.value("num_inference_steps").toInt();
    request.guidance = args.value("guidance_scale").toDouble();
    request.targetFps = args.value("target_fps").toInt();
    request.seed = std::uint64_t(args.value("generator_seed").toInteger());
    request.vaeSeed = std::uint64_t(args.value("global_seed").toInteger());
    request.eta = args.value("eta").toDouble();
    return request;
}

}  // namespace kinora::test
