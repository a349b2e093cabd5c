// kinora-make-random-model: builds a complete diffusers-layout I2VGen-XL folder with random weights
// from the real model's configs and weight manifest, for benchmarks and memory measurements at real
// size (about 4.7 GB in fp16). The tokenizer files (the real CLIP BPE vocabulary) are copied from a
// model folder that has them, e.g. the tiny test fixture. Never commit the result.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/weights/TensorIO.h"

namespace fs = std::filesystem;

namespace {

int usage() {
    std::fprintf(
        stderr,
        "usage: kinora-make-random-model CONFIGS_DIR MANIFEST TOKENIZER_MODEL_DIR OUT_DIR "
        "[--fp32] [--seed N]\n"
        "  CONFIGS_DIR: the real model's config folder (shared/fixtures/i2vgen-xl-configs)\n"
        "  MANIFEST: i2vgen-xl-manifest.json (every weight name and shape)\n"
        "  TOKENIZER_MODEL_DIR: a model folder whose tokenizer/ has vocab.json and merges.txt\n"
        "Weights are written in fp16 (the real model's fp16 variant size) unless --fp32.\n");
    return 2;
}

// Normalisation scales start at one and every bias at zero; other weights are small and random,
// so activations stay finite through the whole network, as with trained weights.
at::Tensor randomWeight(const std::string& name, const std::vector<std::int64_t>& shape,
                        at::Generator& generator) {
    const bool isBias = name.size() >= 5 && name.compare(name.size() - 5, 5, ".bias") == 0;
    const bool isNorm = name.find("norm") != std::string::npos ||
                        name.find("layrnorm") != std::string::npos ||
                        name.find("layer_norm") != std::string::npos;
    if (isBias)
        return at::zeros(shape);
    if (isNorm && shape.size() == 1)
        return at::ones(shape);
    const std::int64_t fanIn = shape.size() > 1 ? at::empty(shape, at::kMeta)[0].numel() : 1;
    return at::randn(shape, generator) *
           (1.0 / std::sqrt(double(std::max<std::int64_t>(fanIn, 1))));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5)
        return usage();
    const fs::path configs = argv[1];
    const fs::path manifestPath = argv[2];
    const fs::path tokenizerSource = argv[3];
    const fs::path out = argv[4];
    bool fp32 = false;
    std::uint64_t seed = 0;
    for (int i = 5; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--fp32")
            fp32 = true;
        else if (arg == "--seed" && i + 1 < argc)
            seed = std::strtoull(argv[++i], nullptr, 10);
        else
            return usage();
    }
    std::ifstream manifestFile(manifestPath);
    if (!manifestFile) {
        std::fprintf(stderr, "%s: cannot read\n", manifestPath.c_str());
        return 1;
    }
    const auto manifest = nlohmann::json::parse(manifestFile, nullptr, false);
    if (manifest.is_discarded() || !manifest.contains("components")) {
        std::fprintf(stderr, "%s: not a weight manifest\n", manifestPath.c_str());
        return 1;
    }
    std::error_code ec;
    fs::create_directories(out, ec);
    fs::copy(configs, out, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    if (ec) {
        std::fprintf(stderr, "copying %s to %s failed: %s\n", configs.c_str(), out.c_str(),
                     ec.message().c_str());
        return 1;
    }
    for (const char* file : {"vocab.json", "merges.txt"}) {
        fs::copy_file(tokenizerSource / "tokenizer" / file, out / "tokenizer" / file,
                      fs::copy_options::overwrite_existing, ec);
        if (ec) {
            std::fprintf(stderr, "copying the tokenizer's %s failed: %s\n", file,
                         ec.message().c_str());
            return 1;
        }
    }
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const struct {
        const char* component;
        const char* file;
    } weightFiles[] = {{"unet", "diffusion_pytorch_model"},
                       {"vae", "diffusion_pytorch_model"},
                       {"text_encoder", "model"},
                       {"image_encoder", "model"}};
    for (const auto& entry : weightFiles) {
        const auto& stateDict = manifest["components"][entry.component]["state_dict"];
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        std::uint64_t parameters = 0;
        for (const auto& item : stateDict) {
            const auto name = item["key"].get<std::string>();
            const auto shape = item["shape"].get<std::vector<std::int64_t>>();
            auto tensor = randomWeight(name, shape, generator);
            parameters += std::uint64_t(tensor.numel());
            tensors.emplace_back(name, fp32 ? tensor : tensor.to(at::kHalf));
        }
        const fs::path path = out / entry.component / (std::string(entry.file) + ".safetensors");
        auto written = kinora::model::writeTensorFile(path, tensors, {{"format", "pt"}});
        if (!written) {
            std::fprintf(stderr, "%s\n", written.error().describe().c_str());
            return 1;
        }
        std::printf("%-14s %6zu tensors %14llu parameters -> %s\n", entry.component, tensors.size(),
                    static_cast<unsigned long long>(parameters), path.c_str());
    }
    return 0;
}
