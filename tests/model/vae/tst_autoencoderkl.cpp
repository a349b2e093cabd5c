// AutoencoderKL against the fixture's goldens: encode (encoder output, moments, mean, logvar, std,
// sample with the stored noise), chunked video decode of the stored latents, chunk-size invariance,
// tiled decode a blend of the tiles' own decodes, cancellation between chunks, strict loading
// errors, F16 weights converted on load, and the real model's state-dict layout from its config.

// Torch headers come before Qt's: Qt's `slots` keyword macro breaks torch/csrc/jit headers.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include "model/runtime/Json.h"
#include "model/runtime/Runtime.h"
#include "model/vae/AutoencoderKL.h"
#include "model/weights/TensorIO.h"
#include "model/weights/WeightLoading.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/Fixture.h"
#include "common/Golden.h"

using namespace kinora::model;
using kinora::test::goldenCases;
using kinora::test::goldenTensors;
using kinora::test::tensorNamed;

Q_DECLARE_METATYPE(kinora::model::ErrorCode)

namespace {

const std::string kWeightsFile = "diffusion_pytorch_model.safetensors";

std::filesystem::path vaeDir() {
    return (kinora::test::fixtureDir() + QStringLiteral("/vae")).toStdString();
}

int caseInt(const char* group, const char* key) {
    return goldenCases().value(QLatin1String(group)).toObject().value(QLatin1String(key)).toInt(-1);
}

double maxAbs(const at::Tensor& t) {
    return t.abs().max().item<double>();
}

// tensor2vid(video, 'pt'): [B, C, F, H, W] in about [-1, 1] -> [B, F, C, H, W] in [0, 1].
at::Tensor framesOf(const at::Tensor& video) {
    return (video / 2 + 0.5).clamp(0, 1).permute({0, 2, 1, 3, 4});
}

}  // namespace

class TestAutoencoderKL : public QObject {
    Q_OBJECT

private:
    AutoencoderKL vae{nullptr};

    // VAE-space latents for the tiling tests: the first golden decode frame, or a seeded draw of
    // height x width (the golden latents are too small for large tiles).
    at::Tensor tilingLatents(int height, int width) {
        const auto golden = goldenTensors(QStringLiteral("vae_decode.safetensors"));
        auto latents = tensorNamed(golden, "latents").select(2, 0);  // [B, C, h, w]
        if (height > 0) {
            auto generator = at::detail::createCPUGenerator(caseInt("vae_decode", "seed"));
            latents = at::randn({1, latents.size(1), height, width}, generator);
        }
        return latents / vae->config().scalingFactor;
    }

    at::Tensor decodeTiled(const at::Tensor& z, int tile, int overlap) {
        ExecutionPlan options;
        options.decodeTiled = true;
        options.tileLatentSize = tile;
        options.tileOverlap = overlap;
        return vae->decode(z, options);
    }

    at::Tensor decodeGolden(const at::Tensor& latents, int chunk) {
        ExecutionPlan options;
        options.decodeChunkFrames = chunk;
        return vae->decodeLatents(latents, options);
    }

private Q_SLOTS:
    void initTestCase() {
        setComputeThreads(qEnvironmentVariableIntValue("KINORA_TEST_THREADS"));
        auto loaded = AutoencoderKL::load(vaeDir(), at::kFloat, at::kCPU);
        QVERIFY2(loaded, loaded ? "" : loaded.error().describe().c_str());
        vae = std::move(*loaded);
    }

    void configMatchesFile() {
        const auto json = readJsonFile(vaeDir() / "config.json");
        QVERIFY(json);
        const auto& config = vae->config();
        QCOMPARE(config.scalingFactor, json->at("scaling_factor").get<double>());
        QCOMPARE(config.blockOutChannels,
                 json->at("block_out_channels").get<std::vector<std::int64_t>>());
        QCOMPARE(config.layersPerBlock, json->at("layers_per_block").get<std::int64_t>());
        QCOMPARE(config.normNumGroups, json->at("norm_num_groups").get<std::int64_t>());
        QCOMPARE(config.latentChannels, json->at("latent_channels").get<std::int64_t>());
    }

    void referenceDefaults() {
        const auto config = parseAutoencoderKLConfig(nlohmann::json::object(), "empty");
        QVERIFY(config);
        QCOMPARE(config->scalingFactor, 0.18215);
        QCOMPARE(config->layersPerBlock, std::int64_t{1});
        QCOMPARE(config->blockOutChannels, std::vector<std::int64_t>{64});
        QCOMPARE(config->normNumGroups, std::int64_t{32});
        QCOMPARE(config->sampleSize, std::int64_t{32});
        QVERIFY(config->forceUpcast);
        QVERIFY(config->midBlockAddAttention);
        QCOMPARE(config->spatialScale(), std::int64_t{1});
    }

    void invalidConfig_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("named");
        QTest::newRow("unknown down block") << "down_block_types"
                                            << R"(["AttnDownEncoderBlock2D"])"
                                            << "AttnDownEncoderBlock2D";
        QTest::newRow("unknown up block") << "up_block_types"
                                          << R"(["AttnUpDecoderBlock2D"])"
                                          << "AttnUpDecoderBlock2D";
        QTest::newRow("block count") << "block_out_channels"
                                     << "[8]"
                                     << "block_out_channels";
        QTest::newRow("activation") << "act_fn"
                                    << R"("gelu")"
                                    << "gelu";
        QTest::newRow("groups") << "norm_num_groups"
                                << "3"
                                << "norm_num_groups";
        QTest::newRow("wrong type") << "scaling_factor"
                                    << R"("0.18")"
                                    << "scaling_factor";
    }

    void invalidConfig() {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, named);
        auto json = readJsonFile(vaeDir() / "config.json");
        QVERIFY(json);
        (*json)[key.toStdString()] = nlohmann::json::parse(value.toStdString());
        const auto config = parseAutoencoderKLConfig(*json, "vae/config.json");
        QVERIFY(!config);
        QCOMPARE(config.error().code, ErrorCode::InvalidConfig);
        QVERIFY2(QString::fromStdString(config.error().message).contains(named),
                 config.error().message.c_str());
    }

    void encodeMatchesGolden() {
        const auto image = goldenTensors(QStringLiteral("image.safetensors"));
        const auto& pixels = tensorNamed(image, "vae.pixel_values");
        const auto encoderOut = vae->encoder(pixels);
        KINORA_COMPARE_TENSORS(encoderOut, tensorNamed(image, "vae.encoder_out"), "vae.encoder_out",
                               tolerance::kComponent);
        KINORA_COMPARE_TENSORS(vae->quantConv(encoderOut), tensorNamed(image, "vae.moments"),
                               "vae.moments", tolerance::kComponent);
        const auto latent = vae->encode(pixels);
        KINORA_COMPARE_TENSORS(latent.mean, tensorNamed(image, "vae.latent_mean"),
                               "vae.latent_mean", tolerance::kComponent);
        KINORA_COMPARE_TENSORS(latent.logvar, tensorNamed(image, "vae.latent_logvar"),
                               "vae.latent_logvar", tolerance::kComponent);
        KINORA_COMPARE_TENSORS(latent.std(), tensorNamed(image, "vae.latent_std"), "vae.latent_std",
                               tolerance::kComponent);
        const auto& noise = tensorNamed(image, "vae.sample_noise");
        KINORA_COMPARE_TENSORS(latent.sample(noise), tensorNamed(image, "vae.sample"), "vae.sample",
                               tolerance::kComponent);
        // Query chunking bounds memory without changing the result.
        const auto chunked = vae->encode(pixels, 7);
        KINORA_COMPARE_TENSORS(chunked.mean, latent.mean, "encode query chunk 7 vs all",
                               tolerance::kReordered);
    }

    void clampsLogvar() {
        // Zero weights everywhere and a quant_conv bias spanning [-40, 40]: the moments are the
        // bias whatever the image, so the clamp of the log-variance half is visible.
        const auto config = readAutoencoderKLConfig(vaeDir() / "config.json");
        QVERIFY(config);
        AutoencoderKL model(*config, at::TensorOptions().dtype(at::kFloat));
        for (auto& parameter : model->parameters())
            parameter.zero_();
        const auto latentChannels = config->latentChannels;
        const auto moments = at::linspace(-40.0, 40.0, 2 * latentChannels);  // [2C]
        model->quantConv->bias.copy_(moments);
        const auto image = at::zeros({1, config->inChannels, 16, 16});
        const auto latent = model->encode(image);
        const auto expectedMean = moments.narrow(0, 0, latentChannels).view({1, -1, 1, 1});
        const auto expectedLogvar = moments.narrow(0, latentChannels, latentChannels)
                                        .clamp(-30.0, 20.0)
                                        .view({1, -1, 1, 1});
        QVERIFY(latent.mean.equal(expectedMean.expand_as(latent.mean)));
        QVERIFY(latent.logvar.equal(expectedLogvar.expand_as(latent.logvar)));
        QVERIFY(latent.logvar.max().item<double>() == 20.0);
    }

    void decodeMatchesGolden_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("latentsKey");
        QTest::addColumn<QString>("videoKey");
        QTest::addColumn<int>("chunk");
        const int vaeChunk = caseInt("vae_decode", "chunk");
        QTest::newRow("vae_decode")
            << "vae_decode.safetensors"
            << "latents" << QStringLiteral("video.chunk%1").arg(vaeChunk) << vaeChunk;
        QTest::newRow("pipeline") << "pipeline.safetensors"
                                  << "final_latents"
                                  << "video" << caseInt("pipeline", "decode_chunk_size");
        QTest::newRow("pipeline_nocfg")
            << "pipeline_nocfg.safetensors"
            << "final_latents" << QString() << caseInt("pipeline_nocfg", "decode_chunk_size");
    }

    void decodeMatchesGolden() {
        QFETCH(QString, file);
        QFETCH(QString, latentsKey);
        QFETCH(QString, videoKey);
        QFETCH(int, chunk);
        QVERIFY(chunk > 0);
        const auto golden = goldenTensors(file);
        const auto& latents = tensorNamed(golden, latentsKey.toStdString());
        std::vector<std::pair<int, int>> reported;
        ExecutionPlan options;
        options.decodeChunkFrames = chunk;
        const auto video = vae->decodeLatents(
            latents, options, [&](int done, int total) { reported.emplace_back(done, total); });
        const int frames = int(latents.size(0) * latents.size(2));
        const int chunks = (frames + chunk - 1) / chunk;
        QCOMPARE(int(reported.size()), chunks);
        for (int i = 0; i < chunks; ++i)
            QCOMPARE(reported[std::size_t(i)], std::make_pair(i + 1, chunks));
        QCOMPARE(video.scalar_type(), at::kFloat);
        if (!videoKey.isEmpty()) {
            KINORA_COMPARE_TENSORS(video, tensorNamed(golden, videoKey.toStdString()),
                                   (file + ':' + videoKey).toStdString(), tolerance::kComponent);
        }
        const std::string framesKey = golden.count("frames_pt") ? "frames_pt" : "frames";
        KINORA_COMPARE_TENSORS(framesOf(video), tensorNamed(golden, framesKey),
                               (file + ':').toStdString() + framesKey, tolerance::kComponent);
    }

    void chunkSizesAgree() {
        const auto golden = goldenTensors(QStringLiteral("vae_decode.safetensors"));
        const auto& latents = tensorNamed(golden, "latents");
        const auto all = decodeGolden(latents, 0);
        for (const int chunk : {1, 2, int(latents.size(2))}) {
            KINORA_COMPARE_TENSORS(decodeGolden(latents, chunk), all,
                                   "chunk " + std::to_string(chunk) + " vs all frames",
                                   tolerance::kReordered);
        }
    }

    void attentionQueryChunkKeepsResult() {
        const auto golden = goldenTensors(QStringLiteral("vae_decode.safetensors"));
        const auto& latents = tensorNamed(golden, "latents");
        ExecutionPlan options;
        options.decodeChunkFrames = 0;
        const auto whole = vae->decodeLatents(latents, options);
        options.attentionQueryChunk = 5;
        KINORA_COMPARE_TENSORS(vae->decodeLatents(latents, options), whole,
                               "attention query chunk 5 vs all", tolerance::kReordered);
    }

    void tileSpansCover_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("tile");
        QTest::addColumn<int>("overlap");
        QTest::newRow("one tile") << 8 << 32 << 8;
        QTest::newRow("exact fit") << 32 << 32 << 8;
        QTest::newRow("two") << 40 << 32 << 8;
        QTest::newRow("many") << 160 << 32 << 8;
        QTest::newRow("no overlap") << 100 << 32 << 0;
        QTest::newRow("tight") << 12 << 4 << 3;
        QTest::newRow("odd") << 89 << 17 << 5;
    }

    void tileSpansCover() {
        QFETCH(int, length);
        QFETCH(int, tile);
        QFETCH(int, overlap);
        const auto spans = tileSpans(length, tile, overlap);
        QVERIFY(!spans.empty());
        QCOMPARE(spans.front().start, std::int64_t{0});
        QCOMPARE(spans.back().start + spans.back().length, std::int64_t(length));
        const auto shortest = std::min_element(spans.begin(), spans.end(), [](auto a, auto b) {
                                  return a.length < b.length;
                              })->length;
        for (std::size_t i = 0; i < spans.size(); ++i) {
            QVERIFY(spans[i].length <= tile);
            QVERIFY(spans[i].length - shortest <= 1);
            if (i > 0)
                QCOMPARE(spans[i - 1].start + spans[i - 1].length - spans[i].start,
                         std::int64_t(overlap));
        }
        if (length > tile) {
            // The fewest tiles: one fewer could not cover the axis with that overlap.
            const auto fewer = std::int64_t(spans.size()) - 1;
            QVERIFY(fewer * tile - (fewer - 1) * overlap < length);
        } else {
            QCOMPARE(spans.size(), std::size_t{1});
        }
    }

    void tileSpansRejectBadArguments() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tileSpans(10, 0, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tileSpans(10, 4, 4));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tileSpans(10, 4, -1));
    }

    void tiledDecodeBlendsTileDecodes_data() {
        QTest::addColumn<int>("height");  // 0: the golden latents' size
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("tile");
        QTest::addColumn<int>("overlap");
        QTest::newRow("golden, one tile") << 0 << 0 << 1024 << 8;
        QTest::newRow("golden, 4/2") << 0 << 0 << 4 << 2;
        QTest::newRow("golden, 6/3") << 0 << 0 << 6 << 3;
        QTest::newRow("32x48, 8/4") << 32 << 48 << 8 << 4;
        QTest::newRow("32x48, 16/4") << 32 << 48 << 16 << 4;
        QTest::newRow("32x48, 16/8") << 32 << 48 << 16 << 8;
        QTest::newRow("32x48, 24/8") << 32 << 48 << 24 << 8;
    }

    // Tiled decode differs from the whole-frame decode by as much as the up blocks' receptive
    // field makes it (no number of ours bounds that); what it must be is a blend of the tiles'
    // own decodes. So the oracle is built from per-tile decodes of the whole latent's mid block:
    // where one tile alone covers a pixel the result is that tile's decode, and everywhere it lies
    // between the smallest and largest decode of the tiles covering the pixel (a convex blend).
    void tiledDecodeBlendsTileDecodes() {
        QFETCH(int, height);
        QFETCH(int, width);
        QFETCH(int, tile);
        QFETCH(int, overlap);
        const auto z = tilingLatents(height, width);  // [1, C, h, w]
        const auto untiled = vae->decode(z);          // [1, Cout, H, W]
        const auto tiled = decodeTiled(z, tile, overlap);
        QCOMPARE(tiled.sizes(), untiled.sizes());
        qInfo("latent %dx%d, tile %d overlap %d: max |tiled - untiled| %.6g of max |untiled| %.6g",
              int(z.size(2)), int(z.size(3)), tile, overlap, maxAbs(tiled - untiled),
              maxAbs(untiled));
        if (tile >= z.size(2) && tile >= z.size(3)) {
            KINORA_COMPARE_TENSORS(tiled, untiled, "one tile vs whole", tolerance::kExact);
            return;
        }
        const auto scale = vae->config().spatialScale();
        const auto mid = vae->decoder->forwardMid(vae->postQuantConv(z));  // [1, Clast, h, w]
        auto lowest = at::full_like(tiled, INFINITY);
        auto highest = at::full_like(tiled, -INFINITY);
        auto covering = at::zeros_like(tiled);
        auto sole = at::zeros_like(tiled);  // the one tile's decode where only one covers
        for (const auto& row : tileSpans(z.size(2), tile, overlap)) {
            for (const auto& column : tileSpans(z.size(3), tile, overlap)) {
                const auto decoded = vae->decoder->forwardUp(
                    mid.narrow(2, row.start, row.length)
                        .narrow(3, column.start, column.length));  // [1, Cout, th*s, tw*s]
                const auto region = [&](at::Tensor& image) {
                    return image.narrow(2, row.start * scale, row.length * scale)
                        .narrow(3, column.start * scale, column.length * scale);
                };
                region(lowest).copy_(at::minimum(region(lowest), decoded));
                region(highest).copy_(at::maximum(region(highest), decoded));
                region(covering).add_(1);
                region(sole).add_(decoded);
            }
        }
        QVERIFY(covering.min().item<double>() >= 1);
        QVERIFY(covering.max().item<double>() > 1);  // the tiles overlap
        const auto alone = covering == 1;
        KINORA_COMPARE_TENSORS(at::where(alone, tiled, 0), at::where(alone, sole, 0),
                               "tiled where one tile covers vs that tile", tolerance::kReordered);
        KINORA_COMPARE_TENSORS(tiled, at::maximum(at::minimum(tiled, highest), lowest),
                               "tiled vs the hull of the covering tiles", tolerance::kReordered);
    }

    void tileWeightsSumToOne_data() {
        QTest::addColumn<int>("tile");
        QTest::addColumn<int>("overlap");
        QTest::newRow("4/1") << 4 << 1;
        QTest::newRow("3/2 (three tiles meet)") << 3 << 2;
        QTest::newRow("5/0") << 5 << 0;
    }

    void tileWeightsSumToOne() {
        // Zero weights and a conv_out bias: every tile decodes to that constant colour, so the
        // blended image is the colour exactly where the blend weights sum to one everywhere.
        QFETCH(int, tile);
        QFETCH(int, overlap);
        const auto config = readAutoencoderKLConfig(vaeDir() / "config.json");
        QVERIFY(config);
        AutoencoderKL model(*config, at::TensorOptions().dtype(at::kFloat));
        const auto colour = at::linspace(-0.5, 0.75, config->outChannels);  // [Cout]
        for (auto& parameter : model->named_parameters()) {
            if (parameter.key() == "decoder.conv_out.bias")
                parameter.value().copy_(colour);
            else
                parameter.value().zero_();
        }
        ExecutionPlan options;
        options.decodeTiled = true;
        options.tileLatentSize = tile;
        options.tileOverlap = overlap;
        const auto image = model->decode(at::zeros({1, config->latentChannels, 9, 13}), options);
        const auto expected = colour.view({1, -1, 1, 1}).expand_as(image);
        KINORA_COMPARE_TENSORS(image, expected, "blended constant tiles", tolerance::kReordered);
    }

    void overlapReducesTileSeams_data() {
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("tile");
        QTest::newRow("golden, 4") << 0 << 0 << 4;
        QTest::newRow("32x48, 16") << 32 << 48 << 16;
    }

    void overlapReducesTileSeams() {
        QFETCH(int, height);
        QFETCH(int, width);
        QFETCH(int, tile);
        const auto z = tilingLatents(height, width);
        const auto untiled = vae->decode(z);
        const double abutting = maxAbs(decodeTiled(z, tile, 0) - untiled);
        const double blended = maxAbs(decodeTiled(z, tile, tile / 2) - untiled);
        qInfo("tile %d: max |tiled - untiled| %.6g abutting, %.6g overlapping by %d", tile,
              abutting, blended, tile / 2);
        QVERIFY(blended < abutting);
    }

    void tiledDecodeLatentsCancelsBetweenTiles() {
        const auto golden = goldenTensors(QStringLiteral("vae_decode.safetensors"));
        ExecutionPlan options;
        options.decodeTiled = true;
        options.tileLatentSize = 4;
        options.tileOverlap = 2;
        int polls = 0;
        const int stopAt = 3;
        QVERIFY_THROWS_EXCEPTION(CancelledError,
                                 vae->decodeLatents(tensorNamed(golden, "latents"), options, {},
                                                    [&] { return ++polls >= stopAt; }));
        QCOMPARE(polls, stopAt);
    }

    void cancelStopsBetweenChunks() {
        const auto golden = goldenTensors(QStringLiteral("vae_decode.safetensors"));
        const auto& latents = tensorNamed(golden, "latents");
        QVERIFY(latents.size(2) >= 3);
        ExecutionPlan options;
        options.decodeChunkFrames = 1;
        int done = 0;
        bool cancel = false;
        QVERIFY_THROWS_EXCEPTION(CancelledError, vae->decodeLatents(
                                                     latents, options,
                                                     [&](int finished, int) {
                                                         done = finished;
                                                         cancel = finished == 2;
                                                     },
                                                     [&] { return cancel; }));
        QCOMPARE(done, 2);
    }

    void loaderNamesBrokenTensor_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("removed") << "removed" << ErrorCode::MissingTensor;
        QTest::newRow("renamed") << "renamed" << ErrorCode::MissingTensor;
        QTest::newRow("reshaped") << "reshaped" << ErrorCode::ShapeMismatch;
        QTest::newRow("extra") << "extra" << ErrorCode::UnexpectedTensor;
    }

    void loaderNamesBrokenTensor() {
        QFETCH(QString, damage);
        QFETCH(ErrorCode, code);
        QTemporaryDir dir;
        QVERIFY(kinora::test::copyTree(QString::fromStdString(vaeDir().string()), dir.path()));
        const std::filesystem::path copy = dir.path().toStdString();
        auto tensors = readTensorFile(copy / kWeightsFile);
        QVERIFY(tensors);
        // A key every AutoencoderKL has, whatever its size.
        const std::string key = "decoder.mid_block.resnets.0.conv1.weight";
        QVERIFY(tensors->count(key));
        std::string named = key;
        if (damage == "removed") {
            tensors->erase(key);
        } else if (damage == "renamed") {
            tensors->emplace("decoder.mid_block.resnets.0.conv_1.weight", tensors->at(key));
            tensors->erase(key);
        } else if (damage == "reshaped") {
            tensors->at(key) = tensors->at(key).flatten();
        } else {
            named = "decoder.mid_block.resnets.0.conv3.weight";
            tensors->emplace(named, tensors->at(key));
        }
        std::vector<std::pair<std::string, at::Tensor>> list(tensors->begin(), tensors->end());
        QVERIFY(writeTensorFile(copy / kWeightsFile, list));
        const auto loaded = AutoencoderKL::load(copy, at::kFloat, at::kCPU);
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, code);
        QVERIFY2(loaded.error().message.find('"' + named + '"') != std::string::npos,
                 loaded.error().message.c_str());
    }

    void convertsF16WeightsOnLoad() {
        QTemporaryDir dir;
        const std::filesystem::path copy = dir.path().toStdString();
        std::filesystem::copy_file(vaeDir() / "config.json", copy / "config.json");
        auto tensors = readTensorFile(vaeDir() / kWeightsFile);
        QVERIFY(tensors);
        std::vector<std::pair<std::string, at::Tensor>> halves;
        for (const auto& [name, tensor] : *tensors)
            halves.emplace_back(name, tensor.to(at::kHalf));
        QVERIFY(writeTensorFile(copy / "diffusion_pytorch_model.fp16.safetensors", halves));
        const auto loaded =
            AutoencoderKL::load(copy, at::kFloat, at::kCPU, WeightVariant::PreferFp16);
        QVERIFY2(loaded, loaded ? "" : loaded.error().describe().c_str());
        std::size_t checked = 0;
        for (const auto& parameter : (*loaded)->named_parameters()) {
            QCOMPARE(parameter.value().scalar_type(), at::kFloat);
            QVERIFY2(
                parameter.value().equal(tensors->at(parameter.key()).to(at::kHalf).to(at::kFloat)),
                parameter.key().c_str());
            ++checked;
        }
        QCOMPARE(checked, tensors->size());
    }

    void realModelLayoutMatchesManifest() {
        const auto manifest = readJsonFile(KINORA_MANIFEST);
        QVERIFY2(manifest, manifest ? "" : manifest.error().describe().c_str());
        const auto& component = manifest->at("components").at("vae");
        const auto config = readAutoencoderKLConfig(std::filesystem::path(KINORA_CONFIGS_DIR) /
                                                    "vae" / "config.json");
        QVERIFY2(config, config ? "" : config.error().describe().c_str());
        const auto& effective = component.at("effective_config");
        QCOMPARE(config->scalingFactor, effective.at("scaling_factor").get<double>());
        QCOMPARE(config->blockOutChannels,
                 effective.at("block_out_channels").get<std::vector<std::int64_t>>());
        QCOMPARE(config->sampleSize, effective.at("sample_size").get<std::int64_t>());
        QCOMPARE(config->forceUpcast, effective.at("force_upcast").get<bool>());

        AutoencoderKL model(*config, at::TensorOptions().device(at::kMeta).dtype(at::kFloat));
        std::map<std::string, std::vector<std::int64_t>> expected;
        for (const auto& entry : component.at("state_dict"))
            expected[entry.at("key").get<std::string>()] =
                entry.at("shape").get<std::vector<std::int64_t>>();
        std::map<std::string, std::vector<std::int64_t>> actual;
        std::int64_t parameters = 0;
        for (const auto& [key, shape] : stateDictLayout(*model)) {
            actual[key] = shape;
            std::int64_t count = 1;
            for (const auto size : shape)
                count *= size;
            parameters += count;
        }
        for (const auto& [key, shape] : expected)
            QVERIFY2(actual.count(key) && actual.at(key) == shape, key.c_str());
        for (const auto& [key, shape] : actual)
            QVERIFY2(expected.count(key), key.c_str());
        QCOMPARE(parameters, component.at("num_params").get<std::int64_t>());
        QCOMPARE(std::int64_t(actual.size()), component.at("num_tensors").get<std::int64_t>());
    }
};

QTEST_GUILESS_MAIN(TestAutoencoderKL)
#include "tst_autoencoderkl.moc"
