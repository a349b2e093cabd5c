// The CLIP tokenizer on arbitrary bytes (invalid UTF-8 included), with the vocabulary and merges of
// the fixture's model folder (KINORA_FIXTURE_DIR, else the tiny fixture): encode at the model's
// length and at a short one, the raw BPE tokens, and decode of ids taken from the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "model/clip/CLIPTokenizer.h"

using kinora::model::CLIPTokenizer;

namespace {

std::unique_ptr<CLIPTokenizer> tokenizer;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* folder = std::getenv("KINORA_FIXTURE_DIR");
    auto loaded = CLIPTokenizer::load(folder && *folder ? folder : KINORA_DEFAULT_FIXTURE_DIR);
    if (!loaded)
        std::abort();  // no tokenizer, nothing to fuzz: say so loudly rather than pass empty
    tokenizer = std::make_unique<CLIPTokenizer>(std::move(*loaded));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto full = tokenizer->encode(text);
    if (int(full.ids.size()) != tokenizer->modelMaxLength())
        __builtin_trap();
    const auto shortPrompt = tokenizer->encode(text, 4);
    if (shortPrompt.ids.size() != 4)
        __builtin_trap();
    (void)tokenizer->bpeTokens(text);
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i + 4 <= size; i += 4) {
        std::int32_t id = 0;
        for (int b = 0; b < 4; ++b)
            id = static_cast<std::int32_t>(static_cast<std::uint32_t>(id) << 8 | data[i + b]);
        ids.push_back(id);
    }
    (void)tokenizer->decode(ids, false);
    (void)tokenizer->decode(full.ids, true);
    return 0;
}
