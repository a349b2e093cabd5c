// Inspection of a diffusers-layout I2VGen-XL folder: which components are there, what they hold,
// and every problem that would stop the model from loading, each with a remedy.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "model/weights/Checkpoint.h"

namespace kinora::model {

enum class ComponentStatus { Ok, Missing, WeightsMissing, Broken };

std::string_view componentStatusName(ComponentStatus status);

struct ComponentReport {
    std::string name;                 // folder name: unet, vae, text_encoder ...
    std::string className;            // from the config (or model_index.json)
    std::vector<std::string> dtypes;  // stored dtypes of the weights, e.g. {"F16"}
    std::uint64_t parameters = 0;
    std::uint64_t bytesOnDisk = 0;
    bool hasWeights = false;  // a weight-bearing component (unet, vae, both encoders)
    std::vector<std::filesystem::path> weightFiles;
    ComponentStatus status = ComponentStatus::Ok;
};

struct FolderProblem {
    std::string component;  // empty for the folder itself
    std::filesystem::path file;
    std::string message;
    std::string remedy;
};

struct ModelFolderReport {
    std::filesystem::path folder;
    std::string pipelineClass;
    std::string licence;  // the licence line of a LICENSE file or model card, when present
    std::vector<ComponentReport> components;
    std::vector<FolderProblem> problems;

    bool usable() const { return problems.empty(); }
};

// Never throws and never loads tensor data: configs are parsed and safetensors headers validated.
ModelFolderReport inspectModelFolder(const std::filesystem::path& folder,
                                     WeightVariant variant = WeightVariant::PreferFullPrecision);

}  // namespace kinora::model
