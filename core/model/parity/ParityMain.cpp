// kinora-parity FIXTURE_DIR: runs every golden comparison of the native I2VGen-XL (tokenizer,
// encoders, preprocessing, VAE, UNet with its intermediates, scheduler, both pipeline calls) and
// prints one table. LibTorch and std only, so it builds and runs against a CUDA LibTorch on a GPU
// machine: `--device cuda --dtype fp16` with `--tolerance-scale` for reduced precision.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/cuda.h>
#include <nlohmann/json.hpp>

#include "model/clip/CLIPTextEncoder.h"
#include "model/clip/CLIPTokenizer.h"
#include "model/clip/CLIPVisionEncoder.h"
#include "model/pipeline/I2VGenXLPipeline.h"
#include "model/pipeline/ImagePreprocessing.h"
#include "model/runtime/TensorComparison.h"
#include "model/schedulers/DDIMScheduler.h"
#include "model/unet/I2VGenXLUNet.h"
#include "model/vae/AutoencoderKL.h"
#include "model/weights/TensorIO.h"

using namespace kinora::model;
namespace fs = std::filesystem;

namespace {

struct Settings {
    fs::path fixture;
    c10::Device device = c10::kCPU;
    c10::ScalarType dtype = c10::kFloat;
    double toleranceScale = 1.0;
    std::string only;  // run only sections whose name contains this
};

// A golden key a section needs and the fixture lacks: reported, never a failure, the rest runs.
struct MissingGoldenKey : std::runtime_error {
    MissingGoldenKey(const std::string& file, const std::string& key)
        : std::runtime_error(file + ": no tensor " + key), file(file), key(key) {}
    std::string file;
    std::string key;
};

// One golden .safetensors file and which of its keys the comparisons have read, so that the keys
// no comparison reads are reported instead of passing unseen.
class GoldenFile {
public:
    GoldenFile(std::string name, std::map<std::string, at::Tensor> tensors)
        : name_(std::move(name)), tensors_(std::move(tensors)) {}

    const at::Tensor& at(const std::string& key) {
        const auto it = tensors_.find(key);
        if (it == tensors_.end())
            throw MissingGoldenKey(name_, key);
        read_.insert(key);
        return it->second;
    }
    bool has(const std::string& key) const { return tensors_.count(key) != 0; }
    // The tensor without counting it as read (to decide whether a comparison applies).
    const at::Tensor* peek(const std::string& key) const {
        const auto it = tensors_.find(key);
        return it == tensors_.end() ? nullptr : &it->second;
    }
    std::vector<std::string> keys() const {
        std::vector<std::string> names;
        for (const auto& item : tensors_)
            names.push_back(item.first);
        return names;
    }
    std::vector<std::string> unread() const {
        std::vector<std::string> names;
        for (const auto& item : tensors_)
            if (!read_.count(item.first))
                names.push_back(item.first);
        return names;
    }

private:
    std::string name_;
    std::map<std::string, at::Tensor> tensors_;
    std::set<std::string> read_;
};

enum class RowKind { Compared, MissingKey, UnreadKey, Error };

struct Row {
    RowKind kind = RowKind::Compared;
    TensorComparison comparison;  // name always set; the numbers only for Compared
    bool fails() const {
        return kind == RowKind::Error || (kind == RowKind::Compared && !comparison.pass);
    }
};

class Parity {
public:
    explicit Parity(Settings settings) : settings_(std::move(settings)) {
        std::ifstream cases(settings_.fixture / "golden" / "cases.json");
        cases_ = nlohmann::json::parse(cases, nullptr, false);
        if (cases_.is_discarded())
            throw std::runtime_error("golden/cases.json is missing or not JSON");
    }

    void section(const std::string& name, const std::function<void()>& body) {
        if (!settings_.only.empty() && name.find(settings_.only) == std::string::npos)
            return;
        try {
            body();
        } catch (const MissingGoldenKey& missing) {
            note(RowKind::MissingKey, missing.file + ":" + missing.key,
                 "missing from the fixture; the rest of " + name + " skipped");
        } catch (const std::exception& error) {
            const std::string what = error.what();
            note(RowKind::Error, name, "error: " + what.substr(0, what.find('\n')));
        }
    }

    // The bound a comparison is held to: the named policy, or the reduced-precision one when the
    // run is not in float32, times --tolerance-scale.
    Tolerance bound(const Tolerance& policy) const {
        if (policy.isExact())
            return policy;
        const bool reduced = settings_.dtype != c10::kFloat;
        return (reduced ? tolerance::kReducedPrecision : policy).scaledBy(settings_.toleranceScale);
    }

    void compare(const std::string& name, const at::Tensor& actual, const at::Tensor& expected,
                 const Tolerance& policy) {
        Row row;
        row.comparison = compareTensors(name, actual.to(at::kCPU), expected, bound(policy));
        rows_.push_back(std::move(row));
    }

    // Compares with the golden tensor file:key; a missing key is reported and the section goes on.
    void compare(const std::string& name, const at::Tensor& actual, GoldenFile& file,
                 const std::string& key, const Tolerance& policy) {
        if (!file.has(key)) {
            note(RowKind::MissingKey, name, "missing from the fixture");
            return;
        }
        compare(name, actual, file.at(key), policy);
    }

    void note(RowKind kind, const std::string& name, const std::string& detail) {
        Row row;
        row.kind = kind;
        row.comparison.name = name;
        row.comparison.detail = detail;
        rows_.push_back(std::move(row));
    }

    GoldenFile& golden(const std::string& file) {
        const auto it = files_.find(file);
        if (it != files_.end())
            return it->second;
        auto tensors = readTensorFile(settings_.fixture / "golden" / file);
        if (!tensors)
            throw std::runtime_error(tensors.error().describe());
        return files_.emplace(file, GoldenFile(file, std::move(*tensors))).first->second;
    }

    at::Tensor onDevice(const at::Tensor& tensor) const {
        return tensor.is_floating_point() ? tensor.to(settings_.device, settings_.dtype)
                                          : tensor.to(settings_.device);
    }

    template <typename T>
    T orThrow(Expected<T> value) const {
        if (!value)
            throw std::runtime_error(value.error().describe());
        return std::move(*value);
    }
    void orThrow(const Expected<void>& value) const {
        if (!value)
            throw std::runtime_error(value.error().describe());
    }

    void run();
    // The golden keys no comparison read, one row each, and golden files never opened.
    void reportUnread();
    int printTable() const;

private:
    Settings settings_;
    nlohmann::json cases_;
    std::map<std::string, GoldenFile> files_;
    std::vector<Row> rows_;
};

RgbImage toRgb(const at::Tensor& hwc) {
    RgbImage image;
    image.height = int(hwc.size(0));
    image.width = int(hwc.size(1));
    const auto bytes = hwc.contiguous();
    image.pixels.assign(bytes.data_ptr<std::uint8_t>(),
                        bytes.data_ptr<std::uint8_t>() + bytes.numel());
    return image;
}

at::Tensor toTensor(const RgbImage& image) {
    return at::from_blob(const_cast<std::uint8_t*>(image.pixels.data()),
                         {image.height, image.width, 3},
                         at::kByte)
        .clone();  // [H, W, 3]
}

// The stepN prefixes of a golden file's keys ending in suffix, ordered by N.
std::vector<std::string> stepPrefixes(const GoldenFile& file, const std::string& suffix) {
    static const std::regex stepKey(R"(^step(\d+)\.(.+)$)");
    std::vector<std::pair<int, std::string>> steps;
    for (const auto& key : file.keys()) {
        std::smatch match;
        if (std::regex_match(key, match, stepKey) && match[2] == suffix)
            steps.emplace_back(std::stoi(match[1]), "step" + match[1].str());
    }
    std::sort(steps.begin(), steps.end());
    std::vector<std::string> prefixes;
    for (const auto& step : steps)
        prefixes.push_back(step.second);
    return prefixes;
}

void Parity::run() {
    const auto variant = WeightVariant::PreferFullPrecision;
    const fs::path& folder = settings_.fixture;

    section("tokenizer", [&] {
        const auto tokenizer = orThrow(CLIPTokenizer::load(folder));
        std::ifstream file(folder / "golden" / "tokenizer_cases.json");
        const auto cases = nlohmann::json::parse(file);
        int index = 0;
        for (const auto& item : cases.at("cases")) {
            const auto ids = tokenizer.encode(item.at("prompt").get<std::string>()).ids;
            const auto expected = item.at("input_ids").get<std::vector<std::int64_t>>();
            compare("tokenizer.case" + std::to_string(index++), at::tensor(ids),
                    at::tensor(expected), tolerance::kExact);
        }
    });

    section("text_encoder", [&] {
        auto encoder = orThrow(CLIPTextEncoder::load(folder / "text_encoder", settings_.dtype,
                                                     settings_.device, variant));
        const auto tokenizer = orThrow(CLIPTokenizer::load(folder));
        auto& golden = this->golden("text_encoder.safetensors");
        const auto clipSkip = cases_.at("text_encoder").at("clip_skip").get<std::int64_t>();
        for (const std::string which : {"prompt", "negative"}) {
            const auto ids = golden.at(which + ".input_ids").to(settings_.device);
            const auto output = encoder->forward(ids, true);
            compare("text_encoder." + which + ".last_hidden_state", output.lastHiddenState, golden,
                    which + ".last_hidden_state", tolerance::kComponent);
            for (std::size_t i = 0; i < output.hiddenStates.size(); ++i) {
                const auto key = which + ".hidden_states." + std::to_string(i);
                compare("text_encoder." + key, output.hiddenStates[i], golden, key,
                        tolerance::kComponent);
            }
            // The legacy pooled output (eos_token_id 2): the row of the largest id.
            const auto eos = ids.argmax(1);                                 // [B]
            const auto rows = at::arange(ids.size(0), eos.options());       // [B]
            const auto pooled = output.lastHiddenState.index({rows, eos});  // [B, C]
            compare("text_encoder." + which + ".pooler_output", pooled, golden,
                    which + ".pooler_output", tolerance::kComponent);
            const std::string embeds =
                which == "prompt" ? "prompt_embeds" : "negative_prompt_embeds";
            compare("text_encoder.pipeline." + embeds, encoder->encodePrompt(ids, clipSkip), golden,
                    "pipeline." + embeds, tolerance::kComponent);
            compare("text_encoder.clip_skip_none." + embeds, encoder->encodePrompt(ids, 0), golden,
                    "clip_skip_none." + embeds, tolerance::kComponent);
        }
        const auto empty = at::tensor(tokenizer.encode("").ids).unsqueeze(0);  // [1, L]
        compare("text_encoder.pipeline.empty_negative_prompt_embeds",
                encoder->encodePrompt(empty.to(settings_.device), clipSkip), golden,
                "pipeline.empty_negative_prompt_embeds", tolerance::kComponent);
    });

    section("preprocessing", [&] {
        auto& golden = this->golden("image.safetensors");
        const auto image = toRgb(golden.at("input_image_u8"));
        const auto& args = cases_.at("pipeline");
        const int width = args.at("width").get<int>();
        const int height = args.at("height").get<int>();
        const auto clipConfig =
            orThrow(readClipImageConfig(folder / "feature_extractor" / "preprocessor_config.json"));
        const auto clipCrop = centerCropWide(image, width, width).image;
        compare("image.clip.center_crop_u8", toTensor(clipCrop), golden, "clip.center_crop_u8",
                tolerance::kExact);
        compare("image.clip.resized_u8",
                toTensor(resizeBilinear(clipCrop, clipConfig.cropWidth, clipConfig.cropHeight)),
                golden, "clip.resized_u8", tolerance::kExact);
        compare("image.vae.center_crop_u8", toTensor(centerCropWide(image, width, height).image),
                golden, "vae.center_crop_u8", tolerance::kExact);
        auto clip = clipPixelValues(image, width, clipConfig);
        const auto clipShape =
            std::vector<std::int64_t>{1, 3, clipConfig.cropHeight, clipConfig.cropWidth};
        compare("image.clip.pixel_values",
                at::from_blob(clip.data(), clipShape, at::kFloat).clone(), golden,
                "clip.pixel_values", tolerance::kComponent);
        auto vae = vaePixelValues(image, width, height);
        const auto vaeShape = std::vector<std::int64_t>{1, 3, height, width};
        compare("image.vae.pixel_values", at::from_blob(vae.data(), vaeShape, at::kFloat).clone(),
                golden, "vae.pixel_values", tolerance::kComponent);
    });

    section("preprocess_cases", [&] {
        const auto image = toRgb(this->golden("image.safetensors").at("input_image_u8"));
        auto& golden = this->golden("preprocess_cases.safetensors");
        const auto& cases = cases_.at("crop_cases");
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const auto box = cases[i].at("source_box").get<std::vector<int>>();
            const auto target = cases[i].at("target_wh").get<std::vector<int>>();
            const auto prefix = "case" + std::to_string(i) + ".";
            const auto source = cropWithPadding(image, box.at(0), box.at(1), box.at(2), box.at(3));
            const auto crop = centerCropWide(source, target.at(0), target.at(1));
            compare("preprocess." + prefix + "box_resized_u8",
                    toTensor(
                        resizeBox(source, crop.geometry.resizedWidth, crop.geometry.resizedHeight)),
                    golden, prefix + "box_resized_u8", tolerance::kExact);
            compare("preprocess." + prefix + "out_u8", toTensor(crop.image), golden,
                    prefix + "out_u8", tolerance::kExact);
        }
    });

    section("image_encoder", [&] {
        auto encoder = orThrow(CLIPVisionEncoder::load(folder / "image_encoder", settings_.dtype,
                                                       settings_.device, variant));
        auto& golden = this->golden("image.safetensors");
        const auto output = encoder->forward(onDevice(golden.at("clip.pixel_values")));
        compare("image_encoder.last_hidden_state", output.lastHiddenState, golden,
                "clip.last_hidden_state", tolerance::kComponent);
        compare("image_encoder.image_embeds", output.imageEmbeds, golden, "clip.image_embeds",
                tolerance::kComponent);
    });

    section("vae", [&] {
        auto vae = orThrow(
            AutoencoderKL::load(folder / "vae", settings_.dtype, settings_.device, variant));
        auto& image = this->golden("image.safetensors");
        const auto pixels = onDevice(image.at("vae.pixel_values"));
        const auto encoderOut = vae->encoder(pixels);
        compare("vae.encoder_out", encoderOut, image, "vae.encoder_out", tolerance::kComponent);
        compare("vae.moments", vae->quantConv(encoderOut), image, "vae.moments",
                tolerance::kComponent);
        const auto distribution = vae->encode(pixels);
        compare("vae.latent_mean", distribution.mean, image, "vae.latent_mean",
                tolerance::kComponent);
        compare("vae.latent_logvar", distribution.logvar, image, "vae.latent_logvar",
                tolerance::kComponent);
        compare("vae.latent_std", distribution.std(), image, "vae.latent_std",
                tolerance::kComponent);
        compare("vae.sample", distribution.sample(onDevice(image.at("vae.sample_noise"))), image,
                "vae.sample", tolerance::kComponent);

        auto& decode = this->golden("vae_decode.safetensors");
        ExecutionPlan options;
        options.decodeChunkFrames = cases_.at("vae_decode").at("chunk").get<int>();
        const auto video = vae->decodeLatents(onDevice(decode.at("latents")), options);
        const auto videoKey = "video.chunk" + std::to_string(options.decodeChunkFrames);
        compare("vae." + videoKey, video, decode, videoKey, tolerance::kComponent);
        const auto frames =
            (video / 2 + 0.5).clamp(0, 1).permute({0, 2, 1, 3, 4});  // [B, F, C, H, W]
        compare("vae.frames_pt", frames, decode, "frames_pt", tolerance::kComponent);
    });

    for (const auto& item : cases_.items()) {
        const std::string unetCase = item.key();
        if (unetCase.rfind("unet_forward", 0) != 0)
            continue;
        section(unetCase, [&] {
            auto unet = orThrow(
                I2VGenXLUNet::load(folder / "unet", settings_.dtype, settings_.device, variant));
            auto& golden = this->golden(unetCase + ".safetensors");
            std::map<std::string, at::Tensor> captured;
            const auto out = unet->forward(
                onDevice(golden.at("in.sample")), golden.at("in.timestep").to(settings_.device),
                golden.at("in.fps").to(settings_.device), onDevice(golden.at("in.image_latents")),
                onDevice(golden.at("in.image_embeddings")),
                onDevice(golden.at("in.encoder_hidden_states")),
                [&](const std::string& name, const at::Tensor& tensor) {
                    captured[name == "context_emb" ? "ctx." + name : "hook." + name] = tensor;
                });
            compare(unetCase + ".out.sample", out, golden, "out.sample", tolerance::kNetwork);
            for (const auto& name : golden.keys()) {
                if (name.rfind("hook.", 0) != 0 && name.rfind("ctx.", 0) != 0)
                    continue;
                const auto it = captured.find(name);
                if (it == captured.end()) {
                    note(RowKind::Error, unetCase + "." + name, "the UNet never produced it");
                    continue;
                }
                const auto& expected = golden.at(name);
                compare(unetCase + "." + name, it->second, expected,
                        expected.is_floating_point() ? tolerance::kNetwork : tolerance::kExact);
            }
        });
    }

    section("scheduler", [&] {
        const auto config =
            orThrow(DDIMSchedulerConfig::fromFile(folder / "scheduler" / "scheduler_config.json"));
        auto& golden = this->golden("scheduler.safetensors");
        DDIMScheduler scheduler(config);
        compare("scheduler.betas", scheduler.betas(), golden, "betas", tolerance::kComponent);
        compare("scheduler.alphas_cumprod", scheduler.alphasCumprod(), golden, "alphas_cumprod",
                tolerance::kComponent);
        if (golden.has("final_alpha_cumprod")) {
            const auto& expected = golden.at("final_alpha_cumprod");
            compare("scheduler.final_alpha_cumprod",
                    scheduler.finalAlphaCumprod().reshape(expected.sizes()), expected,
                    tolerance::kComponent);
        }
        for (const auto& count : cases_.at("scheduler_timesteps_for")) {
            const auto key = "timesteps.N" + std::to_string(count.get<int>());
            orThrow(scheduler.setTimesteps(count.get<int>()));
            compare("scheduler." + key, at::tensor(scheduler.timesteps()), golden, key,
                    tolerance::kExact);
        }
        orThrow(scheduler.setTimesteps(
            cases_.at("scheduler_step").at("num_inference_steps").get<int>()));
        for (const auto& step : stepPrefixes(golden, "sample")) {
            section("scheduler." + step, [&] {
                const auto result =
                    scheduler.step(onDevice(golden.at(step + ".model_output")),
                                   golden.at(step + ".timestep").item<std::int64_t>(),
                                   onDevice(golden.at(step + ".sample")));
                compare("scheduler." + step + ".prev_sample", result.prevSample, golden,
                        step + ".prev_sample", tolerance::kComponent);
                compare("scheduler." + step + ".pred_original_sample", result.predOriginalSample,
                        golden, step + ".pred_original_sample", tolerance::kComponent);
            });
        }
    });

    for (const auto& item : cases_.items()) {
        const std::string pipelineCase = item.key();
        if (pipelineCase.rfind("pipeline", 0) != 0)
            continue;
        section(pipelineCase, [&] {
            PipelineOptions options;
            options.device = settings_.device;
            options.dtype = settings_.dtype;
            auto pipeline = orThrow(I2VGenXLPipeline::load(folder, options));
            const auto& args = cases_.at(pipelineCase);
            PipelineRequest request;
            request.image = toRgb(this->golden("image.safetensors").at("input_image_u8"));
            request.prompt = args.at("prompt").get<std::string>();
            if (args.at("negative_prompt").is_string())
                request.negativePrompt = args.at("negative_prompt").get<std::string>();
            request.width = args.at("width").get<int>();
            request.height = args.at("height").get<int>();
            request.frames = args.at("num_frames").get<int>();
            request.steps = args.at("num_inference_steps").get<int>();
            request.guidance = args.at("guidance_scale").get<double>();
            request.targetFps = args.at("target_fps").get<int>();
            request.seed = args.at("generator_seed").get<std::uint64_t>();
            request.vaeSeed = args.at("global_seed").get<std::uint64_t>();
            request.eta = args.at("eta").get<double>();
            std::map<std::string, at::Tensor> traced;
            PipelineCallbacks callbacks;
            callbacks.trace = [&](const std::string& name, const at::Tensor& tensor) {
                traced[name] = tensor.to(at::kCPU);
            };
            const auto latents = pipeline->denoise(request, callbacks);
            ExecutionPlan decode;
            decode.decodeChunkFrames = args.at("decode_chunk_size").get<int>();
            pipeline->decode(latents, decode, callbacks);
            auto& golden = this->golden(pipelineCase + ".safetensors");
            for (const auto& name : golden.keys()) {
                const auto it = traced.find(name);
                if (it == traced.end()) {
                    note(RowKind::Error, pipelineCase + "." + name,
                         "the pipeline never produced it");
                    continue;
                }
                const auto& expected = golden.at(name);
                compare(pipelineCase + "." + name,
                        expected.is_floating_point() ? it->second.to(at::kFloat) : it->second,
                        expected, pipelineTraceTolerance(name, expected));
            }
            // image.safetensors keeps the pipeline's image conditioning for the guided case.
            auto& image = this->golden("image.safetensors");
            for (const std::string name : {"image_embeddings", "image_latents"}) {
                const auto key = "pipeline." + name;
                const auto it = traced.find(name);
                const auto* expected = image.peek(key);
                if (it != traced.end() && expected && expected->sizes() == it->second.sizes()) {
                    compare(pipelineCase + ".image." + key, it->second, image.at(key),
                            tolerance::kComponent);
                }
            }
        });
    }
    reportUnread();
}

void Parity::reportUnread() {
    const bool partial = !settings_.only.empty();  // --only: some keys are left out by design
    std::vector<fs::path> paths(fs::directory_iterator(settings_.fixture / "golden"), {});
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
        const auto file = path.filename().string();
        if (path.extension() != ".safetensors")
            continue;
        const auto it = files_.find(file);
        if (it == files_.end()) {
            if (!partial)
                note(RowKind::UnreadKey, file, "file not read by any comparison");
            continue;
        }
        for (const auto& key : it->second.unread())
            note(RowKind::UnreadKey, file + ":" + key,
                 partial ? "not compared in this run" : "not compared: no comparison reads it");
    }
}

std::string describeBound(const Tolerance& bound) {
    if (bound.isExact())
        return "exact";
    char text[96];
    std::snprintf(text, sizeof text, "%s %.0e+%.0e|b|+%.0e max|b|", bound.kind, bound.atol,
                  bound.rtol, bound.scaleRtol);
    return text;
}

int Parity::printTable() const {
    std::size_t width = 6;
    for (const auto& row : rows_)
        width = std::max(width, row.comparison.name.size());
    std::printf("%-*s  %11s  %11s  %-40s  %8s  %s\n", int(width), "tensor", "max abs err",
                "max rel err", "bound", "bound used", "result");
    int compared = 0, failed = 0, missing = 0, unread = 0, errors = 0;
    for (const auto& row : rows_) {
        const auto& c = row.comparison;
        switch (row.kind) {
            case RowKind::Compared:
                ++compared;
                failed += c.pass ? 0 : 1;
                std::printf(
                    "%-*s  %11.3e  %11.3e  %-40s  %8.3f  %s%s%s\n", int(width), c.name.c_str(),
                    c.maxAbsError, c.maxRelError(), describeBound(c.tolerance).c_str(), c.boundUsed,
                    c.pass ? "pass" : "FAIL", c.detail.empty() ? "" : "  ", c.detail.c_str());
                break;
            case RowKind::MissingKey:
            case RowKind::UnreadKey:
            case RowKind::Error: {
                const char* label = row.kind == RowKind::MissingKey  ? "missing"
                                    : row.kind == RowKind::UnreadKey ? "unread"
                                                                     : "ERROR";
                missing += row.kind == RowKind::MissingKey ? 1 : 0;
                unread += row.kind == RowKind::UnreadKey ? 1 : 0;
                errors += row.kind == RowKind::Error ? 1 : 0;
                std::printf("%-*s  %11s  %11s  %-40s  %8s  %s  %s\n", int(width), c.name.c_str(),
                            "-", "-", "-", "-", label, c.detail.c_str());
                break;
            }
        }
    }
    std::printf(
        "\n%d comparisons: %d passed, %d failed; %d errors; %d golden keys missing, %d "
        "unread\n",
        compared, compared - failed, failed, errors, missing, unread);
    return failed == 0 && errors == 0 && compared > 0 ? 0 : 1;
}

int usage() {
    std::fprintf(
        stderr,
        "usage: kinora-parity FIXTURE_DIR [--device cpu|cuda] [--dtype fp32|fp16|bf16]\n"
        "                     [--tolerance-scale X] [--only SECTION] [--threads N]\n"
        "Compares the native I2VGen-XL with the reference tensors in FIXTURE_DIR/golden and\n"
        "prints one row per tensor: max abs error, max error relative to the reference's\n"
        "largest magnitude, the bound (docs/parity.md) and how much of it was used. Golden keys\n"
        "a comparison needs but the fixture lacks, and keys no comparison reads, are listed\n"
        "and do not fail the run. Exit status 0 only when every comparison is within its\n"
        "bound and no stage failed with an error. Runs in fp16/bf16 are held to the\n"
        "reduced-precision bound; --tolerance-scale multiplies every bound.\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2)
        return usage();
    Settings settings;
    int threads = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (arg == "--help" || arg == "-h")
            return usage();
        if (arg == "--device") {
            const auto device = value();
            if (device.rfind("cuda", 0) == 0 && !torch::cuda::is_available()) {
                std::fprintf(stderr, "kinora-parity: this LibTorch has no CUDA device\n");
                return 2;
            }
            settings.device = c10::Device(device);
        } else if (arg == "--dtype") {
            const auto dtype = value();
            if (dtype == "fp16")
                settings.dtype = c10::kHalf;
            else if (dtype == "bf16")
                settings.dtype = c10::kBFloat16;
            else if (dtype == "fp32")
                settings.dtype = c10::kFloat;
            else
                return usage();
        } else if (arg == "--tolerance-scale") {
            settings.toleranceScale = std::atof(value().c_str());
        } else if (arg == "--only") {
            settings.only = value();
        } else if (arg == "--threads") {
            threads = std::atoi(value().c_str());
        } else if (arg.rfind("--", 0) == 0) {
            return usage();
        } else {
            settings.fixture = arg;
        }
    }
    if (threads > 0)
        at::set_num_threads(threads);
    torch::NoGradGuard noGrad;
    try {
        Parity parity(settings);
        parity.run();
        return parity.printTable();
    } catch (const std::exception& error) {
        std::fprintf(stderr, "kinora-parity: %s\n", error.what());
        return 1;
    }
}
