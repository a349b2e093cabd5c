#include "model/weights/ModelFolder.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "model/runtime/Json.h"

namespace kinora::model {
namespace {

namespace fs = std::filesystem;

struct ComponentSpec {
    const char* name;
    const char* expectedClass;
    const char* configFile;
    const char* weightStem;  // nullptr: no weights
};

constexpr ComponentSpec kComponents[] = {
    {"unet", "I2VGenXLUNet", "config.json", "diffusion_pytorch_model"},
    {"vae", "AutoencoderKL", "config.json", "diffusion_pytorch_model"},
    {"text_encoder", "CLIPTextModel", "config.json", "model"},
    {"image_encoder", "CLIPVisionModelWithProjection", "config.json", "model"},
    {"tokenizer", "CLIPTokenizer", nullptr, nullptr},
    {"scheduler", "DDIMScheduler", "scheduler_config.json", nullptr},
    {"feature_extractor", "CLIPImageProcessor", "preprocessor_config.json", nullptr},
};

constexpr const char* kDownloadRemedy =
    "Download the complete model folder (diffusers format) again, e.g. ali-vilab/i2vgen-xl";

std::string classFromConfig(const nlohmann::json& config) {
    if (!config.is_object())
        return {};
    for (const char* key : {"_class_name", "image_processor_type", "feature_extractor_type"}) {
        const auto it = config.find(key);
        if (it != config.end() && it->is_string())
            return it->get<std::string>();
    }
    const auto architectures = config.find("architectures");
    if (architectures != config.end() && architectures->is_array() && !architectures->empty() &&
        architectures->front().is_string()) {
        return architectures->front().get<std::string>();
    }
    return {};
}

std::string trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

// The model card's front matter has "license: ..."; a LICENSE file starts with the licence's name.
std::string findLicence(const fs::path& folder) {
    std::ifstream card(folder / "README.md");
    if (card) {
        std::string line;
        bool inFrontMatter = false;
        for (int count = 0; count < 200 && std::getline(card, line); ++count) {
            const std::string text = trim(line);
            if (text == "---") {
                if (inFrontMatter)
                    break;
                inFrontMatter = true;
                continue;
            }
            if (inFrontMatter && text.rfind("license:", 0) == 0)
                return text;
        }
    }
    for (const char* name : {"LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE"}) {
        std::ifstream licence(folder / name);
        std::string line;
        for (int count = 0; licence && count < 20 && std::getline(licence, line); ++count) {
            const std::string text = trim(line);
            if (!text.empty())
                return text;
        }
    }
    return {};
}

void inspectWeights(const ComponentSpec& spec, const fs::path& directory, WeightVariant variant,
                    ComponentReport& component, std::vector<FolderProblem>& problems) {
    auto location = locateWeights(directory, spec.weightStem, variant);
    if (!location) {
        component.status = location.error().code == ErrorCode::FileNotFound
                               ? ComponentStatus::WeightsMissing
                               : ComponentStatus::Broken;
        problems.push_back(
            {spec.name, directory, location.error().message, location.error().remedy});
        return;
    }
    component.weightFiles = location->files;
    auto checkpoint = Checkpoint::open(*location);
    if (!checkpoint) {
        component.status = ComponentStatus::Broken;
        problems.push_back({spec.name, location->files.front(), checkpoint.error().message,
                            checkpoint.error().remedy});
        return;
    }
    component.parameters = checkpoint->parameterCount();
    component.bytesOnDisk = checkpoint->bytesOnDisk();
    std::set<std::string> dtypes;
    for (const auto& [name, entry] : checkpoint->entries())
        dtypes.insert(std::string(dtypeName(entry.info->dtype)));
    component.dtypes.assign(dtypes.begin(), dtypes.end());
    if (checkpoint->entries().empty()) {
        component.status = ComponentStatus::Broken;
        problems.push_back({spec.name, location->files.front(), "the weight file holds no tensors",
                            kDownloadRemedy});
    }
}

void inspectTokenizer(const fs::path& directory, ComponentReport& component,
                      std::vector<FolderProblem>& problems) {
    const fs::path vocab = directory / "vocab.json";
    const fs::path merges = directory / "merges.txt";
    auto vocabJson = readJsonFile(vocab);
    if (!vocabJson) {
        component.status = ComponentStatus::Broken;
        problems.push_back({component.name, vocab, vocabJson.error().message, kDownloadRemedy});
    } else if (!vocabJson->is_object() || vocabJson->empty()) {
        component.status = ComponentStatus::Broken;
        problems.push_back({component.name, vocab, vocab.string() + ": not a token-to-id object",
                            kDownloadRemedy});
    }
    std::error_code ec;
    if (!fs::is_regular_file(merges, ec)) {
        component.status = ComponentStatus::Broken;
        problems.push_back(
            {component.name, merges, merges.string() + ": file not found", kDownloadRemedy});
    } else {
        component.bytesOnDisk += fs::file_size(merges, ec);
    }
    if (fs::is_regular_file(vocab, ec))
        component.bytesOnDisk += fs::file_size(vocab, ec);
}

}  // namespace

std::string_view componentStatusName(ComponentStatus status) {
    switch (status) {
        case ComponentStatus::Ok:
            return "ok";
        case ComponentStatus::Missing:
            return "missing";
        case ComponentStatus::WeightsMissing:
            return "weights missing";
        case ComponentStatus::Broken:
            return "broken";
    }
    return "?";
}

ModelFolderReport inspectModelFolder(const fs::path& folder, WeightVariant variant) {
    ModelFolderReport report;
    report.folder = folder;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        report.problems.push_back({{},
                                   folder,
                                   folder.string() + ": not a folder",
                                   "Pass the folder that holds model_index.json"});
        return report;
    }
    report.licence = findLicence(folder);

    nlohmann::json index;
    const fs::path indexPath = folder / "model_index.json";
    if (auto json = readJsonFile(indexPath)) {
        index = std::move(*json);
        if (index.is_object() && index.contains("_class_name") && index["_class_name"].is_string())
            report.pipelineClass = index["_class_name"].get<std::string>();
        if (report.pipelineClass != "I2VGenXLPipeline") {
            report.problems.push_back(
                {{},
                 indexPath,
                 indexPath.string() + ": the pipeline class is \"" + report.pipelineClass +
                     "\", not I2VGenXLPipeline",
                 "Kinora runs I2VGen-XL: point it at an I2VGen-XL model folder"});
        }
    } else {
        report.problems.push_back(
            {{},
             indexPath,
             json.error().message,
             "Pass the folder that holds model_index.json (diffusers format)"});
    }

    for (const auto& spec : kComponents) {
        ComponentReport component;
        component.name = spec.name;
        component.hasWeights = spec.weightStem != nullptr;
        const fs::path directory = folder / spec.name;
        if (index.is_object() && index.contains(spec.name) && index[spec.name].is_array() &&
            index[spec.name].size() == 2 && index[spec.name][1].is_string()) {
            component.className = index[spec.name][1].get<std::string>();
        }
        if (!fs::is_directory(directory, ec)) {
            component.status = ComponentStatus::Missing;
            report.problems.push_back({spec.name, directory,
                                       directory.string() + ": component folder not found",
                                       kDownloadRemedy});
            report.components.push_back(std::move(component));
            continue;
        }
        if (spec.configFile) {
            const fs::path configPath = directory / spec.configFile;
            auto config = readJsonFile(configPath);
            if (!config) {
                component.status = ComponentStatus::Broken;
                report.problems.push_back(
                    {spec.name, configPath, config.error().message, config.error().remedy});
            } else if (const auto found = classFromConfig(*config); !found.empty()) {
                component.className = found;
            }
        }
        if (!component.className.empty() && component.className != spec.expectedClass) {
            component.status = ComponentStatus::Broken;
            report.problems.push_back({spec.name, directory,
                                       std::string(spec.name) + " is a " + component.className +
                                           ", I2VGen-XL needs a " + spec.expectedClass,
                                       kDownloadRemedy});
        }
        if (component.className.empty())
            component.className = spec.expectedClass;
        if (spec.weightStem) {
            ComponentReport weights = component;
            inspectWeights(spec, directory, variant, weights, report.problems);
            if (component.status == ComponentStatus::Ok)
                component.status = weights.status;
            component.dtypes = weights.dtypes;
            component.parameters = weights.parameters;
            component.bytesOnDisk = weights.bytesOnDisk;
            component.weightFiles = weights.weightFiles;
        } else if (std::string(spec.name) == "tokenizer") {
            inspectTokenizer(directory, component, report.problems);
        }
        report.components.push_back(std::move(component));
    }
    return report;
}

}  // namespace kinora::model
