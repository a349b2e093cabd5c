// How a run uses memory: the one shape of these settings from the memory planner (which chooses
// them per job and tightens them to recover), through the pipeline, to the VAE decode. Plain values
// and std only, so the facade and the UI can show a plan without seeing the model library.
// None of these change the result beyond float rounding, except the dtype and a tiled decode.
#pragma once

#include <cstdint>

namespace kinora::model {

enum class ComputeKind { Cpu, Cuda };

struct ExecutionPlan {
    ComputeKind device = ComputeKind::Cpu;
    int dtypeBytes = 4;            // fp32 on the CPU; fp16 or bf16 (2) on CUDA
    bool releaseEncoders = false;  // free the CLIP encoders once the embeddings are cached
    // CUDA: every component waits in host memory and moves to the device only while it runs, in
    // the order text encoder, image encoder, UNet, VAE. Nothing moves on the CPU.
    bool offload = false;
    // Queries per attention step (the UNet's, the VAE's mid block's); 0: all at once, unless
    // attentionScoreBudgetBytes asks the pipeline to choose a chunk.
    std::int64_t attentionQueryChunk = 0;
    // With attentionQueryChunk 0: the pipeline chunks the UNet's attention so the largest score
    // matrix stays within this many bytes; 0: unchunked. The planner chooses the chunk itself and
    // leaves this 0; unplanned() sets it.
    std::int64_t attentionScoreBudgetBytes = 0;
    std::int64_t feedForwardChunk = 0;  // tokens per feed-forward step; 0: all at once
    // Frames per VAE decode (the reference's decode_chunk_size); <= 0: all at once.
    int decodeChunkFrames = 1;
    // Tiled decode: conv_in and the mid block (whose attention spans every latent pixel) run on
    // the whole latent, 1/64 of the image's pixels; the up blocks, which hold nearly all of the
    // decoder's memory, run on overlapping tiles blended linearly across the overlaps. The result
    // differs from the whole-frame decode because the up blocks' group norms and convolutions only
    // see one tile (measured in tst_autoencoderkl's tiledDecodeStaysClose).
    bool decodeTiled = false;
    int tileLatentSize = 32;  // latent pixels per tile side (x the VAE's spatial scale in pixels)
    int tileOverlap = 8;      // latent pixels shared by neighbouring tiles, < tileLatentSize

    // What runs when no plan could be made (the model's configs unreadable): attention bounded
    // by a 256 MiB score budget, everything else as fast as it goes.
    static ExecutionPlan unplanned();

    bool operator==(const ExecutionPlan& other) const;
    bool operator!=(const ExecutionPlan& other) const { return !(*this == other); }
};

}  // namespace kinora::model
