#include "model/memory/MemoryPlanner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kinora::model {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t(1) << 20;

// Where the weights live: everything kept, the CLIP encoders freed after use (they reload only
// for a new prompt or image), or (CUDA) every component waiting on the host between its uses.
enum class Residency { KeepAll, ReleaseEncoders, Offload };

// Rough relative costs, only to order the plans from fastest to tightest: releasing the encoders
// costs a reload on the next new prompt; chunking costs a few percent per step, more the smaller
// the chunk; a smaller decode chunk costs little; tiles change the output slightly (seams are
// blended, group norms see one tile) so they come late; offload moves gigabytes every job.
constexpr int kResidencyCost[] = {0, 1, 40};
constexpr int kDenoiseCost[] = {0, 3, 6, 10, 15, 20, 25, 30, 35};
constexpr int kDecodeChunkCost = 1;
constexpr int kTiledCost = 30;

// Attention score budgets for the chunk levels, then feed-forward chunk budgets.
constexpr std::uint64_t kScoreBudgets[] = {1024 * kMiB, 256 * kMiB, 64 * kMiB, 16 * kMiB};
constexpr std::uint64_t kFeedForwardBudgets[] = {256 * kMiB, 64 * kMiB};
constexpr std::int64_t kSmallestQueryChunk = 32;
constexpr std::int64_t kSmallestFeedForwardChunk = 1024;

struct DenoiseOption {
    std::int64_t queryChunk = 0;
    std::int64_t feedForwardChunk = 0;
};

struct DecodeOption {
    int chunkFrames = 1;
    bool tiled = false;
    int tile = 32;
    int overlap = 8;
};

struct Candidate {
    Residency residency;
    std::size_t denoise;
    std::size_t decode;
    int cost;
};

std::int64_t latentPixels(const ModelArchitecture& model, const RunShape& shape) {
    return std::int64_t(shape.height / model.spatialScale) * (shape.width / model.spatialScale);
}

// Fastest first. Query chunks bound the largest score matrix (the first level's spatial
// self-attention, [CFG batch x frames x heads, chunk, pixels]); feed-forward chunks bound the
// GEGLU's 16 channels-wide temporaries per token.
std::vector<DenoiseOption> denoiseOptions(const ModelArchitecture& model, const RunShape& shape,
                                          int dtypeBytes) {
    const std::int64_t pixels = latentPixels(model, shape);
    const std::int64_t images = (shape.guided ? 2 : 1) * std::int64_t(shape.frames);
    const std::int64_t heads =
        std::max<std::int64_t>(1, model.unetChannels.front() / model.unetHeadDim);
    const std::uint64_t bytesPerQuery = std::uint64_t(images * heads * pixels) * dtypeBytes;
    const auto queryChunkFor = [&](std::uint64_t budget) {
        return std::max<std::int64_t>(
            kSmallestQueryChunk, std::int64_t(budget / std::max<std::uint64_t>(1, bytesPerQuery)));
    };
    std::vector<DenoiseOption> options{{0, 0}};
    const auto addQueryChunk = [&](std::int64_t chunk) {
        if (chunk < pixels && (options.back().queryChunk == 0 || chunk < options.back().queryChunk))
            options.push_back({chunk, 0});
    };
    for (const auto budget : kScoreBudgets)
        addQueryChunk(queryChunkFor(budget));
    // However small the request, the tightest plan chunks as far as it can.
    addQueryChunk(kSmallestQueryChunk);
    const std::int64_t tokens = images * pixels;
    const std::uint64_t bytesPerToken =
        std::uint64_t(16 * model.unetChannels.front()) * std::uint64_t(dtypeBytes);
    const auto addFeedForwardChunk = [&](std::int64_t chunk) {
        const auto previous = options.back().feedForwardChunk;
        if (chunk < tokens && (previous == 0 || chunk < previous))
            options.push_back({options.back().queryChunk, chunk});
    };
    for (const auto budget : kFeedForwardBudgets)
        addFeedForwardChunk(
            std::max(kSmallestFeedForwardChunk, std::int64_t(budget / bytesPerToken)));
    addFeedForwardChunk(kSmallestFeedForwardChunk);
    if (options.size() > std::size(kDenoiseCost))
        options.resize(std::size(kDenoiseCost));
    return options;
}

std::vector<DecodeOption> decodeOptions(const ModelArchitecture& model, const RunShape& shape,
                                        int requestedChunk) {
    std::vector<DecodeOption> options;
    for (int chunk = std::clamp(requestedChunk, 1, shape.frames); chunk > 1; chunk /= 2)
        options.push_back({chunk});
    options.push_back({1});
    const std::int64_t longSide =
        std::max(shape.width, shape.height) / std::max<std::int64_t>(1, model.spatialScale);
    if (longSide > 32)
        options.push_back({1, true, 32, 8});
    if (longSide > 16)
        options.push_back({1, true, 16, 4});
    return options;
}

ExecutionPlan makePlan(const PlanRequest& request, Residency residency, const DenoiseOption& d,
                       const DecodeOption& k) {
    ExecutionPlan plan;
    plan.device = request.device;
    plan.dtypeBytes = request.dtypeBytes;
    plan.releaseEncoders = residency != Residency::KeepAll;
    plan.offload = residency == Residency::Offload;
    plan.attentionQueryChunk = d.queryChunk;
    plan.feedForwardChunk = d.feedForwardChunk;
    plan.decodeChunkFrames = k.chunkFrames;
    plan.decodeTiled = k.tiled;
    plan.tileLatentSize = k.tile;
    plan.tileOverlap = k.overlap;
    return plan;
}

bool fits(const MemoryPrediction& prediction, ComputeKind device, const MemoryBudget& budget) {
    if (device == ComputeKind::Cuda && prediction.peakDeviceBytes() > budget.deviceBytes)
        return false;
    return prediction.peakHostBytes() <= budget.hostBytes;
}

std::uint64_t budgetFor(ComputeKind device, const MemoryBudget& budget) {
    return device == ComputeKind::Cuda ? budget.deviceBytes : budget.hostBytes;
}

std::string where(const MemoryPrediction& prediction, ComputeKind device) {
    const auto peak = prediction.peakStage(device);
    return std::string(memoryStageName(peak.stage)) + ", " + peak.peakAt;
}

std::string describeShape(const RunShape& shape) {
    return std::to_string(shape.width) + "x" + std::to_string(shape.height) + " with " +
           std::to_string(shape.frames) + " frames";
}

// Every plan for a shape, with the options it was built from.
struct Ladder {
    std::vector<DenoiseOption> denoise;
    std::vector<DecodeOption> decode;
    std::vector<Residency> residencies;
    std::vector<Candidate> candidates;  // cheapest first
};

Ladder ladderFor(const ModelArchitecture& model, const PlanRequest& request,
                 const RunShape& shape) {
    Ladder ladder;
    ladder.denoise = denoiseOptions(model, shape, request.dtypeBytes);
    ladder.decode = decodeOptions(model, shape, request.decodeChunkFrames);
    ladder.residencies = {Residency::KeepAll, Residency::ReleaseEncoders};
    if (request.device == ComputeKind::Cuda)
        ladder.residencies.push_back(Residency::Offload);
    for (const auto residency : ladder.residencies) {
        for (std::size_t d = 0; d < ladder.denoise.size(); ++d) {
            for (std::size_t k = 0; k < ladder.decode.size(); ++k) {
                const auto& decode = ladder.decode[k];
                const int decodeCost =
                    decode.tiled ? kTiledCost + int(k) : kDecodeChunkCost * int(k);
                ladder.candidates.push_back(
                    {residency, d, k,
                     kResidencyCost[int(residency)] + kDenoiseCost[d] + decodeCost});
            }
        }
    }
    std::stable_sort(ladder.candidates.begin(), ladder.candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.cost < b.cost; });
    return ladder;
}

ExecutionPlan planOf(const Ladder& ladder, const PlanRequest& request, Residency residency,
                     std::size_t d, std::size_t k) {
    return makePlan(request, residency, ladder.denoise[d], ladder.decode[k]);
}

ExecutionPlan tightest(const Ladder& ladder, const PlanRequest& request) {
    return planOf(ladder, request, ladder.residencies.back(), ladder.denoise.size() - 1,
                  ladder.decode.size() - 1);
}

// The fastest candidate that fits, if any.
std::optional<Candidate> fastestFitting(const Ladder& ladder, const ModelArchitecture& model,
                                        const PlanRequest& request, const RunShape& shape,
                                        const MemoryBudget& budget) {
    for (const auto& candidate : ladder.candidates) {
        const auto plan =
            planOf(ladder, request, candidate.residency, candidate.denoise, candidate.decode);
        if (fits(predictMemory(model, shape, plan), request.device, budget))
            return candidate;
    }
    return std::nullopt;
}

// Smaller shapes, in the order a downgrade tries them: fewer frames at the requested size down
// to kFewestDowngradeFrames, then each smaller size (short side down in steps of 64, the aspect
// kept) with as many of the requested frames as fit.
std::vector<RunShape> downgradeShapes(const RunShape& requested, std::int64_t spatialScale) {
    std::vector<RunShape> shapes;
    const int fewest = std::max(2, std::min(requested.frames, kFewestDowngradeFrames));
    for (int frames = requested.frames - 1; frames >= fewest; --frames) {
        RunShape shape = requested;
        shape.frames = frames;
        shapes.push_back(shape);
    }
    const bool landscape = requested.width >= requested.height;
    const int shortSide = landscape ? requested.height : requested.width;
    const double aspect = double(std::max(requested.width, requested.height)) / shortSide;
    const auto roundTo64 = [](double value) {
        return std::max(64, int(std::lround(value / 64.0)) * 64);
    };
    for (int side = (shortSide - 1) / 64 * 64; side >= kSmallestDowngradeSide; side -= 64) {
        const int longSide = std::max(side, roundTo64(side * aspect));
        if (side % spatialScale != 0)
            continue;
        for (int frames = requested.frames; frames >= fewest; --frames) {
            RunShape shape = requested;
            shape.width = landscape ? longSide : side;
            shape.height = landscape ? side : longSide;
            shape.frames = frames;
            shapes.push_back(shape);
        }
    }
    return shapes;
}

// What the chosen plan changed against the fastest one, each with its reason.
void explainSavings(PlanDecision& decision, const ModelArchitecture& model,
                    const PlanRequest& request) {
    const auto& plan = decision.plan;
    auto& lines = decision.explanation;
    if (plan.releaseEncoders) {
        const auto saved = (model.textEncoder.parameters + model.imageEncoder.parameters) *
                           std::uint64_t(plan.dtypeBytes);
        lines.push_back(
            "The text and image encoders are freed once the prompt and image are "
            "encoded (saves " +
            formatBytes(saved) + "; they reload only for a new prompt or image).");
    }
    if (plan.offload) {
        lines.push_back(
            "Model offload: the components wait in host memory and move to the "
            "device one at a time (text encoder, image encoder, UNet, VAE), which "
            "costs transfer time every job.");
    }
    if (plan.attentionQueryChunk > 0) {
        lines.push_back("Attention runs " + std::to_string(plan.attentionQueryChunk) +
                        " queries at a time, so no score matrix is held whole (same result).");
    }
    if (plan.feedForwardChunk > 0) {
        lines.push_back("Feed-forward layers run " + std::to_string(plan.feedForwardChunk) +
                        " tokens at a time (same result).");
    }
    if (plan.decodeChunkFrames < std::clamp(request.decodeChunkFrames, 1, decision.shape.frames)) {
        lines.push_back("The VAE decodes " + std::to_string(plan.decodeChunkFrames) +
                        (plan.decodeChunkFrames == 1 ? " frame" : " frames") +
                        " at a time (asked: " + std::to_string(request.decodeChunkFrames) + ").");
    }
    if (plan.decodeTiled) {
        lines.push_back("The VAE decodes in tiles of " +
                        std::to_string(plan.tileLatentSize * model.spatialScale) +
                        " pixels blended over their overlaps (a slightly different image than "
                        "the whole-frame decode).");
    }
}

}  // namespace

std::string_view planVerdictName(PlanVerdict verdict) {
    switch (verdict) {
        case PlanVerdict::FitsAsIs:
            return "fits";
        case PlanVerdict::FitsWithSavings:
            return "fits with savings";
        case PlanVerdict::FitsWithOffload:
            return "fits with offload";
        case PlanVerdict::Downgraded:
            return "downgraded";
        case PlanVerdict::NeedsDowngrade:
            return "needs a downgrade";
        case PlanVerdict::Impossible:
            return "does not fit";
    }
    return "";
}

std::string formatBytes(std::uint64_t bytes) {
    char text[32];
    if (bytes >= (std::uint64_t(1) << 30))
        std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / double(1 << 30));
    else
        std::snprintf(text, sizeof text, "%.0f MiB", double(bytes) / double(kMiB));
    return text;
}

ExecutionPlan tightestPlan(const ModelArchitecture& model, const PlanRequest& request,
                           bool withOffload) {
    Ladder ladder = ladderFor(model, request, request.shape);
    if (!withOffload && ladder.residencies.back() == Residency::Offload)
        ladder.residencies.pop_back();
    return tightest(ladder, request);
}

PlanDecision planExecution(const ModelArchitecture& model, const PlanRequest& request,
                           const MemoryBudget& budget) {
    PlanDecision decision;
    decision.requested = request.shape;
    decision.shape = request.shape;
    decision.budget = budget;
    const auto device = request.device;
    const auto limit = budgetFor(device, budget);
    const std::string memoryName = device == ComputeKind::Cuda ? "device memory" : "memory";

    const Ladder ladder = ladderFor(model, request, request.shape);
    const auto fastest = planOf(ladder, request, Residency::KeepAll, 0, 0);
    const auto fastestPrediction = predictMemory(model, request.shape, fastest);
    auto chosen = fastestFitting(ladder, model, request, request.shape, budget);
    Ladder shapeLadder = ladder;

    if (!chosen) {
        const auto tightestPlan = tightest(ladder, request);
        const auto tightestPrediction = predictMemory(model, request.shape, tightestPlan);
        decision.explanation.push_back(describeShape(request.shape) + " needs " +
                                       formatBytes(tightestPrediction.peakComputeBytes(device)) +
                                       " even with every saving (" +
                                       where(tightestPrediction, device) + "), more than the " +
                                       formatBytes(limit) + " of " + memoryName + " it may use.");
        for (const auto& shape : downgradeShapes(request.shape, model.spatialScale)) {
            const Ladder candidateLadder = ladderFor(model, request, shape);
            if (!fits(predictMemory(model, shape, tightest(candidateLadder, request)), device,
                      budget))
                continue;
            decision.downgrade = shape;
            shapeLadder = candidateLadder;
            chosen = fastestFitting(candidateLadder, model, request, shape, budget);
            break;
        }
        if (!decision.downgrade) {
            const auto shapes = downgradeShapes(request.shape, model.spatialScale);
            const RunShape smallest = shapes.empty() ? request.shape : shapes.back();
            const auto smallestPrediction = predictMemory(
                model, smallest, tightest(ladderFor(model, request, smallest), request));
            const std::uint64_t weights =
                (model.unet.parameters + model.vae.parameters) * std::uint64_t(request.dtypeBytes);
            decision.verdict = PlanVerdict::Impossible;
            decision.plan = tightestPlan;
            decision.prediction = tightestPrediction;
            decision.explanation.push_back(
                "No smaller request fits either: " + describeShape(smallest) + " needs " +
                formatBytes(smallestPrediction.peakComputeBytes(device)) +
                " (the UNet and VAE weights alone take " + formatBytes(weights) +
                "). Free memory used by other programs, or use a device with more memory.");
            return decision;
        }
        const bool fewerFramesOnly = decision.downgrade->width == request.shape.width &&
                                     decision.downgrade->height == request.shape.height;
        const auto downgradePrediction = predictMemory(
            model, *decision.downgrade,
            planOf(shapeLadder, request, chosen->residency, chosen->denoise, chosen->decode));
        decision.explanation.push_back(
            std::string(fewerFramesOnly ? "Fewer frames fit: " : "A smaller size fits: ") +
            describeShape(*decision.downgrade) + " needs " +
            formatBytes(downgradePrediction.peakComputeBytes(device)) + ".");
        if (!request.allowDowngrade) {
            decision.verdict = PlanVerdict::NeedsDowngrade;
            decision.plan = tightestPlan;
            decision.prediction = tightestPrediction;
            decision.explanation.push_back(
                "Not applied: allow automatic downgrades, or change the settings to it.");
            return decision;
        }
        decision.shape = *decision.downgrade;
        decision.verdict = PlanVerdict::Downgraded;
        decision.explanation.push_back("Applied, because automatic downgrades are allowed.");
    }

    decision.plan =
        planOf(shapeLadder, request, chosen->residency, chosen->denoise, chosen->decode);
    decision.prediction = predictMemory(model, decision.shape, decision.plan);
    if (decision.verdict != PlanVerdict::Downgraded) {
        decision.verdict = decision.plan == fastest ? PlanVerdict::FitsAsIs
                           : decision.plan.offload  ? PlanVerdict::FitsWithOffload
                                                    : PlanVerdict::FitsWithSavings;
    }
    if (decision.verdict == PlanVerdict::FitsAsIs) {
        decision.explanation.push_back("The fastest plan fits: predicted peak " +
                                       formatBytes(decision.prediction.peakComputeBytes(device)) +
                                       " of the " + formatBytes(limit) + " of " + memoryName +
                                       " it may use (" + where(decision.prediction, device) + ").");
    } else {
        if (decision.verdict != PlanVerdict::Downgraded) {
            decision.explanation.push_back("The fastest plan needs " +
                                           formatBytes(fastestPrediction.peakComputeBytes(device)) +
                                           " (" + where(fastestPrediction, device) +
                                           "), more than the " + formatBytes(limit) + " of " +
                                           memoryName + " it may use.");
        }
        explainSavings(decision, model, request);
        decision.explanation.push_back("Predicted peak " +
                                       formatBytes(decision.prediction.peakComputeBytes(device)) +
                                       " (" + where(decision.prediction, device) + ").");
    }

    // Recovery: tighter plans for the same shape, cheapest saving first, each predicting less
    // for its stage than the one before (a saving that does not lower the peak is no retry).
    const auto residency =
        chosen->residency == Residency::KeepAll ? Residency::ReleaseEncoders : chosen->residency;
    const auto stagePeak = [&](const ExecutionPlan& plan, MemoryStage stage) {
        const auto memory = predictMemory(model, decision.shape, plan).stage(stage);
        return device == ComputeKind::Cuda ? memory.deviceBytes : memory.hostBytes;
    };
    auto lowest = stagePeak(decision.plan, MemoryStage::Denoise);
    for (std::size_t d = chosen->denoise; d < shapeLadder.denoise.size(); ++d) {
        const auto plan = planOf(shapeLadder, request, residency, d, chosen->decode);
        const auto peak = stagePeak(plan, MemoryStage::Denoise);
        if (peak < lowest && decision.denoiseFallbacks.size() < 2) {
            decision.denoiseFallbacks.push_back(plan);
            lowest = peak;
        }
    }
    lowest = stagePeak(decision.plan, MemoryStage::Decode);
    for (std::size_t k = chosen->decode; k < shapeLadder.decode.size(); ++k) {
        const auto plan = planOf(shapeLadder, request, residency, chosen->denoise, k);
        const auto peak = stagePeak(plan, MemoryStage::Decode);
        if (peak < lowest) {
            decision.decodeFallbacks.push_back(plan);
            lowest = peak;
        }
    }
    return decision;
}

}  // namespace kinora::model
