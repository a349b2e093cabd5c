#!/usr/bin/env python3
"""One UNet step (or one VAE frame decode) profiled on both sides, the same shapes, joined into
one table per op kind and per module kind, with Kinora/reference ratios.

usage (the reference environment of ../shared/reference/README.md sourced, so $PY is its python):
    python3 bench/profile_side_by_side.py MODEL_DIR [--part unet|vae-decode] [--width W]
        [--height H] [--frames F] [--threads N] [--warmups N] [--no-cfg] [--rows N]
        [--kinora build/bench/kinora-profile-unet]
    python3 bench/profile_side_by_side.py --join KINORA.json REFERENCE.json [--rows N]

The first form runs build/bench/kinora-profile-unet and bench/profile_unet_reference.py one after
the other, each a fresh process, and joins their --json outputs; --join only joins two such files.
Kinora's step is the pipeline's: the conditioning (and every cross-attention layer's keys and
values) prepared once per run, outside the profiled call; the reference recomputes them per step.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
FORWARDED = ("--part", "--width", "--height", "--frames", "--threads", "--warmups")


def joined_rows(kinora, reference, key):
    names = set(kinora) | set(reference)
    rows = [(name, kinora.get(name, {}).get(key, 0.0), reference.get(name, {}).get(key, 0.0))
            for name in names]
    return sorted(rows, key=lambda row: -max(row[1], row[2]))


def print_table(title, kinora, reference, key, rows_shown, kinora_wall, reference_wall):
    rows = joined_rows(kinora, reference, key)
    kind = "self" if key == "self_ms" else "inclusive"
    print(f"\n| {title} ({kind} ms) | Kinora | reference | Kinora / reference |")
    print("|---|---|---|---|")
    shown, rest = rows[:rows_shown], rows[rows_shown:]
    if rest:
        shown.append((f"{len(rest)} others", sum(r[1] for r in rest), sum(r[2] for r in rest)))
    for name, mine, theirs in shown:
        ratio = f"{mine / theirs:.2f}" if theirs > 0 else "-"
        print(f"| {name} | {mine:.1f} | {theirs:.1f} | {ratio} |")
    print(f"| whole call | {kinora_wall:.1f} | {reference_wall:.1f} | "
          f"{kinora_wall / reference_wall:.2f} |")


def join(kinora_path, reference_path, rows_shown):
    with open(kinora_path) as k, open(reference_path) as r:
        kinora, reference = json.load(k), json.load(r)
    shape = (f"{kinora['part']} {kinora['width']}x{kinora['height']}, {kinora['frames']} frames, "
             f"batch {kinora['batch']}, {kinora['threads']} threads")
    print(f"{shape}; unprofiled call: Kinora {kinora['warmup_ms'] / 1000:.2f} s, reference "
          f"{reference['warmup_ms'] / 1000:.2f} s "
          f"({kinora['warmup_ms'] / reference['warmup_ms']:.2f}x)")
    print_table("op", kinora["ops"], reference["ops"], "self_ms", rows_shown, kinora["wall_ms"],
                reference["wall_ms"])
    print_table("module", kinora["modules"], reference["modules"], "inclusive_ms", 100,
                kinora["wall_ms"], reference["wall_ms"])


def main():
    argv = sys.argv[1:]
    rows_shown = 15
    if "--rows" in argv:
        index = argv.index("--rows")
        rows_shown = int(argv[index + 1])
        del argv[index:index + 2]
    if not argv or "--help" in argv:
        sys.exit(__doc__)
    if argv[0] == "--join":
        if len(argv) != 3:
            sys.exit(__doc__)
        join(argv[1], argv[2], rows_shown)
        return
    kinora_tool = os.path.join(REPO, "build", "bench", "kinora-profile-unet")
    if "--kinora" in argv:
        index = argv.index("--kinora")
        kinora_tool = argv[index + 1]
        del argv[index:index + 2]
    model, options = argv[0], argv[1:]
    for i, option in enumerate(options):
        if option.startswith("--") and option not in FORWARDED + ("--no-cfg",):
            sys.exit(f"unknown option {option}\n\n{__doc__}")
        if option in FORWARDED and i + 1 >= len(options):
            sys.exit(f"{option} needs a value")
    with tempfile.TemporaryDirectory() as folder:
        kinora_json = os.path.join(folder, "kinora.json")
        reference_json = os.path.join(folder, "reference.json")
        subprocess.run([kinora_tool, model] + options + ["--json", kinora_json], check=True,
                       stdout=subprocess.DEVNULL)
        python = os.environ.get("PY", "python3")
        subprocess.run([python, os.path.join(HERE, "profile_unet_reference.py"), model] + options +
                       ["--json", reference_json], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        join(kinora_json, reference_json, rows_shown)


if __name__ == "__main__":
    main()
