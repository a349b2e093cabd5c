#include "model/memory/ExecutionPlan.h"

namespace kinora::model {

ExecutionPlan ExecutionPlan::unplanned() {
    ExecutionPlan plan;
    plan.attentionScoreBudgetBytes = std::int64_t(1) << 28;
    return plan;
}

bool ExecutionPlan::operator==(const ExecutionPlan& other) const {
    return device == other.device && dtypeBytes == other.dtypeBytes &&
           releaseEncoders == other.releaseEncoders && offload == other.offload &&
           attentionQueryChunk == other.attentionQueryChunk &&
           attentionScoreBudgetBytes == other.attentionScoreBudgetBytes &&
           feedForwardChunk == other.feedForwardChunk &&
           decodeChunkFrames == other.decodeChunkFrames && decodeTiled == other.decodeTiled &&
           tileLatentSize == other.tileLatentSize && tileOverlap == other.tileOverlap;
}

}  // namespace kinora::model
