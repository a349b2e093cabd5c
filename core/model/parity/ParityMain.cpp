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
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/cuda.h>
#include <nlohmann/json.hpp>

#include "model/AutoencoderKL.h"
#include "model/CLIPTextEncoder.h"
#include "model/CLIPTokenizer.h"
#include "model/CLIPVisionEncoder.h"
#include "model/DDIMScheduler.h"
#include "model/I2VGenXLPipeline.h"
#include "model/I2VGenXLUNet.h"
#include "model/ImagePreprocessing.h"
#include "model/TensorComparison.h"
#include "model/TensorIO.h"

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

class Parity {
public:
    explicit Parity(Settings settings) : settings_(std::move(settings)) {
        std::ifstream cases(settings_.fixture / "golden" / "cases.json");
        cases_ = nlohmann::json::parse(cases, nullptr, false);
        if (cases_.is_discarded())
            throw std::runtime_error("golden/cases.json is missing or not JSON");
        const auto& tolerances = cases_.at("tolerances");
        components_ = tolerances.at("components_atol").get<double>() * settings_.toleranceScale;
        componentsRtol_ = tolerances.at("components_rtol").get<double>() * settings_.toleranceScale;
        intermediates_ =
            tolerances.at("unet_intermediates_atol").get<double>() * settings_.toleranceScale;
        latents_ = tolerances.at("final_latents_atol").get<double>() * settings_.toleranceScale;
        frames_ = tolerances.at("frames_atol").get<double>() * settings_.toleranceScale;
    }

    void section(const std::string& name, const std::function<void()>& body) {
        if (!settings_.only.empty() && name.find(settings_.only) == std::string::npos)
            return;
        try {
            body();
        } catch (const std::exception& error) {
            TensorComparison failed;
            failed.name = name;
            failed.detail = std::string("error: ") + error.what();
            failed.detail = failed.detail.substr(0, failed.detail.find('\n'));
            rows_.push_back(failed);
        }
    }

    void compare(const std::string& name, const at::Tensor& actual, const at::Tensor& expected,
                 double atol, double rtol = 0.0) {
        rows_.push_back(compareTensors(name, actual.to(at::kCPU), expected, atol, rtol));
    }

    std::map<std::string, at::Tensor> golden(const std::string& file) const {
        auto tensors = readTensorFile(settings_.fixture / "golden" / file);
        if (!tensors)
            throw std::runtime_error(tensors.error().describe());
        return std::move(*tensors);
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
    int printTable() const;

private:
    Settings settings_;
    nlohmann::json cases_;
    double components_ = 0, componentsRtol_ = 0, intermediates_ = 0, latents_ = 0, frames_ = 0;
    std::vector<TensorComparison> rows_;
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
                    at::tensor(expected), 0.0);
        }
    });

    section("text_encoder", [&] {
        auto encoder = orThrow(CLIPTextEncoder::load(folder / "text_encoder", settings_.dtype,
                                                     settings_.device, variant));
        const auto golden = this->golden("text_encoder.safetensors");
        const auto clipSkip = cases_.at("text_encoder").at("clip_skip").get<std::int64_t>();
        for (const std::string which : {"prompt", "negative"}) {
            const auto ids = golden.at(which + ".input_ids").to(settings_.device);
            const auto output = encoder->forward(ids, true);
            compare("text_encoder." + which + ".last_hidden_state", output.lastHiddenState,
                    golden.at(which + ".last_hidden_state"), components_, componentsRtol_);
            for (std::size_t i = 0; i < output.hiddenStates.size(); ++i) {
                const auto key = which + ".hidden_states." + std::to_string(i);
                if (golden.count(key))
                    compare("text_encoder." + key, output.hiddenStates[i], golden.at(key),
                            components_, componentsRtol_);
            }
            const auto pipelineKey =
                which == "prompt" ? "pipeline.prompt_embeds" : "pipeline.negative_prompt_embeds";
            compare(std::string("text_encoder.") + pipelineKey,
                    encoder->encodePrompt(ids, clipSkip), golden.at(pipelineKey), components_,
                    componentsRtol_);
        }
    });

    section("preprocessing", [&] {
        const auto golden = this->golden("image.safetensors");
        const auto image = toRgb(golden.at("input_image_u8"));
        const auto& args = cases_.at("pipeline");
        const int width = args.at("width").get<int>();
        const int height = args.at("height").get<int>();
        const auto clipConfig =
            orThrow(readClipImageConfig(folder / "feature_extractor" / "preprocessor_config.json"));
        compare("image.clip.center_crop_u8", toTensor(centerCropWide(image, width, width).image),
                golden.at("clip.center_crop_u8"), 0.0);
        compare("image.vae.center_crop_u8", toTensor(centerCropWide(image, width, height).image),
                golden.at("vae.center_crop_u8"), 0.0);
        auto clip = clipPixelValues(image, width, clipConfig);
        compare(
            "image.clip.pixel_values",
            at::from_blob(clip.data(), golden.at("clip.pixel_values").sizes(), at::kFloat).clone(),
            golden.at("clip.pixel_values"), components_, componentsRtol_);
        auto vae = vaePixelValues(image, width, height);
        compare(
            "image.vae.pixel_values",
            at::from_blob(vae.data(), golden.at("vae.pixel_values").sizes(), at::kFloat).clone(),
            golden.at("vae.pixel_values"), components_, componentsRtol_);
    });

    section("image_encoder", [&] {
        auto encoder = orThrow(CLIPVisionEncoder::load(folder / "image_encoder", settings_.dtype,
                                                       settings_.device, variant));
        const auto golden = this->golden("image.safetensors");
        const auto output = encoder->forward(onDevice(golden.at("clip.pixel_values")));
        compare("image_encoder.last_hidden_state", output.lastHiddenState,
                golden.at("clip.last_hidden_state"), components_, componentsRtol_);
        compare("image_encoder.image_embeds", output.imageEmbeds, golden.at("clip.image_embeds"),
                components_, componentsRtol_);
    });

    section("vae", [&] {
        auto vae = orThrow(
            AutoencoderKL::load(folder / "vae", settings_.dtype, settings_.device, variant));
        const auto image = this->golden("image.safetensors");
        const auto distribution = vae->encode(onDevice(image.at("vae.pixel_values")));
        compare("vae.latent_mean", distribution.mean, image.at("vae.latent_mean"), components_,
                componentsRtol_);
        compare("vae.latent_logvar", distribution.logvar, image.at("vae.latent_logvar"),
                components_, componentsRtol_);
        compare("vae.sample", distribution.sample(onDevice(image.at("vae.sample_noise"))),
                image.at("vae.sample"), components_, componentsRtol_);
        const auto decode = this->golden("vae_decode.safetensors");
        DecodeOptions options;
        options.chunkFrames = cases_.at("vae_decode").at("chunk").get<int>();
        const auto video = vae->decodeLatents(onDevice(decode.at("latents")), options);
        compare("vae.video.chunk2", video, decode.at("video.chunk2"), components_, componentsRtol_);
    });

    for (const std::string unetCase : {"unet_forward", "unet_forward_odd"}) {
        section(unetCase, [&] {
            auto unet = orThrow(
                I2VGenXLUNet::load(folder / "unet", settings_.dtype, settings_.device, variant));
            const auto golden = this->golden(unetCase + ".safetensors");
            std::map<std::string, at::Tensor> captured;
            const auto out = unet->forward(
                onDevice(golden.at("in.sample")), golden.at("in.timestep").to(settings_.device),
                golden.at("in.fps").to(settings_.device), onDevice(golden.at("in.image_latents")),
                onDevice(golden.at("in.image_embeddings")),
                onDevice(golden.at("in.encoder_hidden_states")),
                [&](const std::string& name, const at::Tensor& tensor) {
                    captured["hook." + name] = tensor;
                });
            compare(unetCase + ".out.sample", out, golden.at("out.sample"), components_,
                    componentsRtol_);
            for (const auto& [name, expected] : golden) {
                if (name.rfind("hook.", 0) != 0)
                    continue;
                const auto it = captured.find(name);
                if (it == captured.end()) {
                    TensorComparison missing;
                    missing.name = unetCase + "." + name;
                    missing.detail = "not captured";
                    rows_.push_back(missing);
                    continue;
                }
                // The fixture's atol scaled by the tensor's range (as tst_i2vgenxlunet explains:
                // BLAS rounding differences compound through the network in proportion to the
                // values).
                const double range = std::max(1.0, expected.abs().max().item<double>());
                compare(unetCase + "." + name, it->second, expected, intermediates_ * range);
            }
        });
    }

    section("scheduler", [&] {
        const auto config =
            orThrow(DDIMSchedulerConfig::fromFile(folder / "scheduler" / "scheduler_config.json"));
        const auto golden = this->golden("scheduler.safetensors");
        DDIMScheduler scheduler(config);
        compare("scheduler.alphas_cumprod", scheduler.alphasCumprod(), golden.at("alphas_cumprod"),
                components_, componentsRtol_);
        for (const auto& count : cases_.at("scheduler_timesteps_for")) {
            const int steps = count.get<int>();
            orThrow(scheduler.setTimesteps(steps));
            compare("scheduler.timesteps.N" + std::to_string(steps),
                    at::tensor(scheduler.timesteps()),
                    golden.at("timesteps.N" + std::to_string(steps)), 0.0);
        }
        orThrow(scheduler.setTimesteps(
            cases_.at("scheduler_step").at("num_inference_steps").get<int>()));
        for (const std::string step : {"step0", "step25", "step49"}) {
            if (!golden.count(step + ".sample"))
                continue;
            const auto result = scheduler.step(onDevice(golden.at(step + ".model_output")),
                                               golden.at(step + ".timestep").item<std::int64_t>(),
                                               onDevice(golden.at(step + ".sample")));
            compare("scheduler." + step + ".prev_sample", result.prevSample,
                    golden.at(step + ".prev_sample"), components_, componentsRtol_);
            compare("scheduler." + step + ".pred_original_sample", result.predOriginalSample,
                    golden.at(step + ".pred_original_sample"), components_, componentsRtol_);
        }
    });

    for (const std::string pipelineCase : {"pipeline", "pipeline_nocfg"}) {
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
            DecodeOptions decode;
            decode.chunkFrames = args.at("decode_chunk_size").get<int>();
            pipeline->decode(latents, decode, callbacks);
            for (const auto& [name, expected] : this->golden(pipelineCase + ".safetensors")) {
                const auto it = traced.find(name);
                if (it == traced.end()) {
                    TensorComparison missing;
                    missing.name = pipelineCase + "." + name;
                    missing.detail = "not produced";
                    rows_.push_back(missing);
                    continue;
                }
                double atol = latents_;
                if (!expected.is_floating_point() || name == "init_latents")
                    atol = 0.0;
                else if (name == "frames")
                    atol = frames_;
                else if (name == "prompt_embeds" || name == "image_embeddings" ||
                         name == "vae_pixels")
                    atol = components_;
                compare(pipelineCase + "." + name,
                        expected.is_floating_point() ? it->second.to(at::kFloat) : it->second,
                        expected, atol);
            }
        });
    }
}

int Parity::printTable() const {
    std::size_t width = 6;
    for (const auto& row : rows_)
        width = std::max(width, row.name.size());
    std::printf("%-*s  %12s  %10s  %s\n", int(width), "tensor", "max abs err", "tolerance",
                "result");
    int failures = 0;
    for (const auto& row : rows_) {
        if (!row.pass)
            ++failures;
        std::printf("%-*s  %12.3e  %10.1e  %s%s%s\n", int(width), row.name.c_str(), row.maxAbsError,
                    row.atol, row.pass ? "pass" : "FAIL", row.detail.empty() ? "" : "  ",
                    row.detail.c_str());
    }
    std::printf("\n%zu comparisons: %zu passed, %d failed\n", rows_.size(), rows_.size() - failures,
                failures);
    return failures == 0 && !rows_.empty() ? 0 : 1;
}

int usage() {
    std::fprintf(
        stderr,
        "usage: kinora-parity FIXTURE_DIR [--device cpu|cuda] [--dtype fp32|fp16|bf16]\n"
        "                     [--tolerance-scale X] [--only SECTION] [--threads N]\n"
        "Compares the native I2VGen-XL with the reference tensors in FIXTURE_DIR/golden and\n"
        "prints one row per tensor. Exit status 0 only when every comparison passes.\n");
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
