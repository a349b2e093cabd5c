#!/usr/bin/env python3
"""The reference's side of bench/profile_unet.cpp: one I2VGenXLUNet forward (or one VAE frame
decode) of diffusers 0.27.2 under the torch profiler, with the same shapes, the same random-input
recipe and the same tables (self time per op kind, inclusive time per module kind).

usage (the reference environment of ../shared/reference/README.md):
    source $REFENV/env.sh
    $PY bench/profile_unet_reference.py MODEL_DIR [--part unet|vae-decode] [--width W] [--height H]
        [--frames F] [--threads N] [--warmups N] [--no-cfg] [--json OUT]

Module kinds are timed by a record_function range opened in a forward pre-hook and closed in the
forward hook of every module whose class is in MODULES, named "module::<class>" as Kinora's
KINORA_PROFILE_MODULE names them; attention is split into self and cross attention.
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE_TOOLS = os.environ.get(
    "KINORA_REFERENCE_DIR", os.path.join(HERE, "..", "..", "shared", "reference"))
sys.path.insert(0, REFERENCE_TOOLS)

import refenv_patches  # noqa: E402,F401  (first: the attention form the fixtures were made with)

import torch  # noqa: E402
from diffusers import AutoencoderKL, I2VGenXLUNet  # noqa: E402

MODULES = {"I2VGenXLUNet", "ResnetBlock2D", "TemporalConvLayer", "Transformer2DModel",
           "TransformerTemporalModel", "BasicTransformerBlock", "FeedForward", "Downsample2D",
           "Upsample2D", "I2VGenXLTransformerTemporalEncoder", "Attention"}


def module_name(module):
    name = type(module).__name__
    if name == "Attention":
        return "Attention (cross)" if module.is_cross_attention else "Attention (self)"
    return name


def add_module_ranges(root):
    def pre(module, _inputs):
        scope = torch.autograd.profiler.record_function("module::" + module_name(module))
        scope.__enter__()
        module._kinora_profile_scopes = getattr(module, "_kinora_profile_scopes", []) + [scope]

    def post(module, _inputs, _output):
        module._kinora_profile_scopes.pop().__exit__(None, None, None)

    for module in root.modules():
        if type(module).__name__ in MODULES:
            module.register_forward_pre_hook(pre)
            module.register_forward_hook(post)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model_dir")
    parser.add_argument("--part", default="unet", choices=["unet", "vae-decode"])
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--height", type=int, default=128)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmups", type=int, default=1)
    parser.add_argument("--no-cfg", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    batch = 1 if args.no_cfg else 2
    h, w = args.height // 8, args.width // 8

    with torch.no_grad():
        if args.part == "unet":
            model = I2VGenXLUNet.from_pretrained(args.model_dir, subfolder="unet",
                                                 torch_dtype=torch.float32).eval()
            cross = model.config.cross_attention_dim
            sample = torch.randn(batch, 4, args.frames, h, w)
            image_latents = torch.randn_like(sample)
            context = torch.randn(batch, 77, cross)
            image_embeddings = torch.randn(batch, 1, cross)
            fps = torch.full((batch,), 16, dtype=torch.long)
            timestep = torch.tensor(981)

            def call():
                model(sample, timestep, encoder_hidden_states=context, fps=fps,
                      image_latents=image_latents, image_embeddings=image_embeddings,
                      return_dict=False)
        else:
            model = AutoencoderKL.from_pretrained(args.model_dir, subfolder="vae",
                                                  torch_dtype=torch.float32).eval()
            latents = torch.randn(1, 4, h, w)

            def call():
                model.decode(latents, return_dict=False)

        warmup_ms = 0.0
        for _ in range(args.warmups):
            start = time.perf_counter()
            call()
            warmup_ms = (time.perf_counter() - start) * 1000.0
        add_module_ranges(model)
        with torch.autograd.profiler.profile(use_kineto=False) as prof:
            start = time.perf_counter()
            call()
            wall_ms = (time.perf_counter() - start) * 1000.0

    ops, modules = {}, {}
    for row in prof.key_averages():
        if row.key.startswith("module::"):
            modules[row.key[len("module::"):]] = {"calls": row.count,
                                                  "inclusive_ms": row.cpu_time_total / 1000.0}
        else:
            ops[row.key] = {"calls": row.count, "self_ms": row.self_cpu_time_total / 1000.0}
    print(f"reference {args.part} {args.width}x{args.height}, {args.frames} frames, batch {batch}, "
          f"{args.threads} threads: last warm-up {warmup_ms / 1000.0:.2f} s, "
          f"{wall_ms / 1000.0:.2f} s under the profiler")
    for title, rows, key, limit in (("op", ops, "self_ms", 25), ("module", modules, "inclusive_ms", None)):
        ordered = sorted(rows.items(), key=lambda item: -item[1][key])
        if limit is not None and len(ordered) > limit:
            rest = ordered[limit:]
            ordered = ordered[:limit] + [(f"{len(rest)} others", {
                "calls": sum(r["calls"] for _, r in rest), key: sum(r[key] for _, r in rest)})]
        kind = "self" if key == "self_ms" else "inclusive"
        print(f"\n| {title} | calls | {kind} ms | share of the call |\n|---|---|---|---|")
        for name, row in ordered:
            print(f"| {name} | {row['calls']} | {row[key]:.1f} | {100.0 * row[key] / wall_ms:.1f}% |")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"side": "reference", "part": args.part, "width": args.width,
                       "height": args.height, "frames": args.frames, "batch": batch,
                       "threads": args.threads, "wall_ms": wall_ms, "warmup_ms": warmup_ms,
                       "ops": ops, "modules": modules},
                      out, indent=1)


if __name__ == "__main__":
    main()
