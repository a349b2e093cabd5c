// Component config.json parsing on arbitrary bytes: the JSON parser with the bounds readJsonFile
// uses, then every config struct of a model folder (unet, vae, text and image encoders, scheduler,
// feature extractor) filled and validated from the same document.
#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "model/clip/CLIPTextEncoder.h"
#include "model/clip/CLIPVisionEncoder.h"
#include "model/pipeline/ImagePreprocessing.h"
#include "model/schedulers/DDIMScheduler.h"
#include "model/unet/I2VGenXLUNet.h"
#include "model/vae/AutoencoderKL.h"

using namespace kinora::model;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto json = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded())
        return 0;
    (void)I2VGenXLUNetConfig::fromJson(json, "unet/config.json");
    (void)parseAutoencoderKLConfig(json, "vae/config.json");
    (void)CLIPTextConfig::fromJson(json, "text_encoder/config.json");
    (void)CLIPVisionConfig::fromJson(json, "image_encoder/config.json");
    (void)DDIMSchedulerConfig::fromJson(json, "scheduler/scheduler_config.json");
    (void)parseClipImageConfig(json, "feature_extractor/preprocessor_config.json");
    return 0;
}
