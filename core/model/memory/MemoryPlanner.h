// The memory planner: given the memory a run may use, the fastest execution plan whose predicted
// peak fits (MemoryModel), the tighter plans to fall back on when a stage runs out of memory
// anyway, and, when nothing fits, the smallest downgrade of the request that does (fewer frames
// first, then a smaller size; steps never change memory). Every decision comes with its reasons.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/memory/MemoryModel.h"

namespace kinora::model {

// Memory the run may use, safety margins already taken off.
struct MemoryBudget {
    std::uint64_t deviceBytes = 0;  // CUDA memory; unused on the CPU
    std::uint64_t hostBytes = 0;
};

struct PlanRequest {
    RunShape shape;
    ComputeKind device = ComputeKind::Cpu;
    int dtypeBytes = 4;
    int decodeChunkFrames = 1;    // what the request asks; the planner may lower it
    bool allowDowngrade = false;  // apply the downgrade, else only propose it
};

enum class PlanVerdict {
    FitsAsIs,         // the fastest plan fits
    FitsWithSavings,  // fits after releasing encoders, chunking or a smaller decode
    FitsWithOffload,  // fits only with components waiting on the host (CUDA)
    Downgraded,       // fits after the downgrade, which was applied
    NeedsDowngrade,   // fits only after a downgrade that was not allowed: proposed, not applied
    Impossible,       // not even the smallest request fits (the weights alone, say)
};

std::string_view planVerdictName(PlanVerdict verdict);

struct PlanDecision {
    PlanVerdict verdict = PlanVerdict::Impossible;
    RunShape requested;
    RunShape shape;                     // what runs: the request, or its applied downgrade
    std::optional<RunShape> downgrade;  // proposed or applied
    ExecutionPlan plan;
    MemoryPrediction prediction;  // of `plan` on `shape`
    MemoryBudget budget;
    // Tighter plans for the same shape, for recovery from an out-of-memory error: at most two
    // for a denoising step, and every smaller decode setting for the decode.
    std::vector<ExecutionPlan> denoiseFallbacks;
    std::vector<ExecutionPlan> decodeFallbacks;
    std::vector<std::string> explanation;  // one sentence each, in the order decided

    bool runnable() const {
        return verdict != PlanVerdict::NeedsDowngrade && verdict != PlanVerdict::Impossible;
    }
};

PlanDecision planExecution(const ModelArchitecture& model, const PlanRequest& request,
                           const MemoryBudget& budget);

// Every saving at once for the request's shape (model offload only when asked, on CUDA): the
// least memory it can run in.
ExecutionPlan tightestPlan(const ModelArchitecture& model, const PlanRequest& request,
                           bool withOffload = true);

// The fewest frames a downgrade goes to before it lowers the size instead.
inline constexpr int kFewestDowngradeFrames = 8;
// The smallest short side a downgrade goes to.
inline constexpr int kSmallestDowngradeSide = 128;

// "1.5 GiB", "320 MiB".
std::string formatBytes(std::uint64_t bytes);

}  // namespace kinora::model
