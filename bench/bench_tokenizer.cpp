// Throughput of CLIPTokenizer::encode, without the BPE cache (cold) and with a filled one (warm).
//   bench_tokenizer [model folder] [repetitions]
// Prompts: the fixture's golden/tokenizer_cases.json when the folder has one, else a built-in set.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "model/clip/CLIPTokenizer.h"
#include "model/runtime/Json.h"

using kinora::model::CLIPTokenizer;

namespace {

std::vector<std::string> loadPrompts(const std::filesystem::path& modelFolder) {
    const auto cases = kinora::model::readJsonFile(modelFolder / "golden" / "tokenizer_cases.json");
    std::vector<std::string> prompts;
    if (cases && cases->contains("cases")) {
        for (const auto& entry : (*cases)["cases"])
            prompts.push_back(entry.at("prompt"));
    }
    if (prompts.empty()) {
        prompts = {
            "A cat sitting on a wooden floor, looking around curiously",
            "Distorted, discontinuous, Ugly, blurry, low resolution, motionless, static",
            "a red fox running through fresh snow at dawn, cinematic lighting, 4k",
            "Time-lapse of clouds rolling over a mountain ridge, dramatic sky",
            "An astronaut riding a horse on the moon, highly detailed, photorealistic",
            "waves crashing against black volcanic rocks, slow motion, spray",
        };
    }
    return prompts;
}

struct Timing {
    std::size_t prompts = 0;
    double seconds = 0;
};

Timing run(const CLIPTokenizer& tokenizer, const std::vector<std::string>& prompts,
           int repetitions) {
    std::size_t checksum = 0;  // keeps the work observable
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repetitions; ++r)
        for (const std::string& prompt : prompts)
            checksum += tokenizer.encode(prompt).ids[1];
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (checksum == 0)
        std::fprintf(stderr, "(no tokens)\n");
    return {prompts.size() * static_cast<std::size_t>(repetitions), elapsed.count()};
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path modelFolder = argc > 1 ? argv[1] : KINORA_DEFAULT_FIXTURE_DIR;
    const int repetitions = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1000;

    const auto loadStart = std::chrono::steady_clock::now();
    auto warm = CLIPTokenizer::load(modelFolder);
    const std::chrono::duration<double> loadSeconds = std::chrono::steady_clock::now() - loadStart;
    auto cold = CLIPTokenizer::load(modelFolder, /*bpeCacheCapacity=*/0);
    if (!warm || !cold) {
        std::fprintf(stderr, "bench_tokenizer: %s\n",
                     (warm ? cold : warm).error().describe().c_str());
        return 1;
    }
    const std::vector<std::string> prompts = loadPrompts(modelFolder);

    const Timing coldTiming = run(*cold, prompts, repetitions);
    run(*warm, prompts, 1);  // fills the cache
    const Timing warmTiming = run(*warm, prompts, repetitions);

    std::printf("CLIPTokenizer::encode, %zu distinct prompts x %d, load %.3f s\n", prompts.size(),
                repetitions, loadSeconds.count());
    std::printf("%-18s %10s %12s %14s\n", "mode", "prompts", "total s", "prompts/s");
    for (const auto& [name, timing] :
         {std::pair<const char*, Timing>{"cold (no cache)", coldTiming},
          {"warm (cache)", warmTiming}}) {
        std::printf("%-18s %10zu %12.4f %14.0f\n", name, timing.prompts, timing.seconds,
                    timing.prompts / timing.seconds);
    }
    return 0;
}
