#!/usr/bin/env python3
"""Kinora and the Python reference on the same model folder and the same work, in one run, each
generation a fresh process: UNet step, VAE decode, time to video and peak RSS, with Kinora/reference
ratios. One or more Kinora builds can run side by side (e.g. before and after a change).

usage (the reference environment of ../shared/reference/README.md sourced, so $PY is its python):
    python3 bench/side_by_side.py MODEL_DIR LABEL:WxHxFxS [...] [--kinora NAME=KINORA_CLI ...]
        [--runs N] [--threads N] [--skip-reference] [--json OUT]
e.g.  python3 bench/side_by_side.py /tmp/realmodel P2:128x128x8x2 P3:256x256x8x1 \\
        --kinora before=/tmp/kinora-cli-before --kinora after=build/app/kinora-cli

MODEL_DIR: a real-architecture folder (kinora-make-random-model). Both sides use the same image,
prompt, seed, guidance 9, target fps 8, decode chunk 1 and thread count. What is measured:
  UNet step      Kinora: the denoising stage's length / steps (from its --json progress lines);
                 reference: the mean of its UNet forwards (bench_reference.py)
  VAE decode     Kinora: from "decoding frames" to "writing the video"; reference: decode_latents
  time to video  the whole process, start to exit (load included)
  peak RSS       the process's maximum resident set (GNU time)
With --runs N every figure is the median of N runs. The model folder is read once before the first
run, so the side that runs first does not pay for reading it from disk.
"""
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
REFERENCE_TOOLS = os.environ.get(
    "KINORA_REFERENCE_DIR", os.path.join(REPO, "..", "shared", "reference"))
IMAGE = os.path.join(REPO, "..", "shared", "fixtures", "tiny-i2vgen-xl", "golden", "input.png")
PROMPT = "camera slowly panning left, steam rising from the cup"
MEASURES = ("step", "decode", "total", "rss")


def max_rss_gib(stderr):
    for line in stderr.splitlines():
        if line.startswith("MAXRSS "):
            return int(line.split()[1]) / 2 ** 20
    return float("nan")


def run_kinora(cli, model, w, h, f, s, threads, out):
    cmd = [cli, "generate", "--model", model, "--image", IMAGE, "--prompt", PROMPT, "--width",
           str(w), "--height", str(h), "--frames", str(f), "--steps", str(s), "--guidance", "9",
           "--target-fps", "8", "--seed", "42", "--decode-chunk", "1", "--threads", str(threads),
           "--output", out, "--json", "--force"]
    start = time.monotonic()
    process = subprocess.Popen(["/usr/bin/time", "-f", "MAXRSS %M"] + cmd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    first_seen = {}
    for line in process.stdout:
        now = time.monotonic() - start
        try:
            event = json.loads(line)
        except ValueError:
            continue
        stage = event.get("stage")
        if stage and stage not in first_seen:
            first_seen[stage] = now
        if event.get("event") == "result" and event.get("status") != "succeeded":
            print("kinora failed:", event.get("message"), file=sys.stderr)
    stderr = process.stderr.read()
    process.wait()
    total = time.monotonic() - start
    denoise = first_seen.get("decoding frames", total) - first_seen.get("denoising", total)
    decode = first_seen.get("writing the video", total) - first_seen.get("decoding frames", total)
    return {"step": denoise / s, "decode": decode, "total": total, "rss": max_rss_gib(stderr),
            "rc": process.returncode}


def run_reference(model, w, h, f, s, threads, out_json):
    python = os.environ.get("PY", "python3")
    cmd = [python, os.path.join(REFERENCE_TOOLS, "bench_reference.py"), model, "--height", str(h),
           "--width", str(w), "--frames", str(f), "--steps", str(s), "--guidance", "9",
           "--target-fps", "8", "--decode-chunk-size", "1", "--threads", str(threads), "--image",
           IMAGE, "--prompt", PROMPT, "--json", out_json]
    start = time.monotonic()
    support = os.path.join(HERE, "reference_support")
    path = os.pathsep.join(p for p in (support, os.environ.get("PYTHONPATH")) if p)
    process = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M"] + cmd, capture_output=True,
                             text=True, env=dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=path))
    total = time.monotonic() - start
    try:
        with open(out_json) as report:
            raw = json.load(report)
    except (OSError, ValueError):
        raw = {}
    if process.returncode != 0 or not raw:
        print("reference failed:", process.stdout[-2000:], process.stderr[-2000:], file=sys.stderr)
    steps = raw.get("unet_s_per_step") or [float("nan")]
    decode = next((row["wall_s"] for row in raw.get("stages", []) if row["stage"] == "vae_decode"),
                  float("nan"))
    return {"step": statistics.mean(steps), "decode": decode, "total": total,
            "rss": max_rss_gib(process.stderr), "rc": process.returncode}


def warm_page_cache(model):
    start, total = time.monotonic(), 0
    for folder, _, files in os.walk(model):
        for name in files:
            with open(os.path.join(folder, name), "rb") as stored:
                while block := stored.read(1 << 24):
                    total += len(block)
    print(f"model folder read into the page cache: {total / 2 ** 30:.2f} GiB in "
          f"{time.monotonic() - start:.1f} s", flush=True)


def median_of(runs):
    return {m: statistics.median(r[m] for r in runs) for m in MEASURES} | {
        "rc": max(r["rc"] for r in runs)}


def cpu_model():
    with open("/proc/cpuinfo") as info:
        return next((line.split(":", 1)[1].strip() for line in info
                     if line.startswith("model name")), "unknown CPU")


def main():
    argv = sys.argv[1:]
    options = {"--kinora": [], "--runs": ["1"], "--threads": ["2"], "--json": [None]}
    positional, flags = [], set()
    i = 0
    while i < len(argv):
        if argv[i] in options:
            if i + 1 >= len(argv):
                sys.exit(f"{argv[i]} needs a value")
            if argv[i] == "--kinora":
                options["--kinora"].append(argv[i + 1])
            else:
                options[argv[i]] = [argv[i + 1]]
            i += 2
        elif argv[i].startswith("--"):
            flags.add(argv[i])
            i += 1
        else:
            positional.append(argv[i])
            i += 1
    if "--help" in flags or len(positional) < 2:
        sys.exit(__doc__)
    model, configs = positional[0], positional[1:]
    builds = [k.split("=", 1) if "=" in k else ("kinora", k) for k in options["--kinora"]] or [
        ("kinora", os.path.join(REPO, "build", "app", "kinora-cli"))]
    runs, threads = int(options["--runs"][0]), int(options["--threads"][0])
    with_reference = "--skip-reference" not in flags

    warm_page_cache(model)
    results = {}
    for config in configs:
        label, dims = config.split(":")
        w, h, f, s = map(int, dims.split("x"))
        sides = {name: [] for name, _ in builds}
        if with_reference:
            sides["reference"] = []
        for run in range(runs):
            for name, cli in builds:
                row = run_kinora(cli, model, w, h, f, s, threads,
                                 f"/tmp/side-by-side-{label}-{name}.mp4")
                sides[name].append(row)
                print(label, name, json.dumps(row), flush=True)
            if with_reference:
                row = run_reference(model, w, h, f, s, threads,
                                    f"/tmp/side-by-side-{label}-reference.json")
                sides["reference"].append(row)
                print(label, "reference", json.dumps(row), flush=True)
        results[label] = {name: median_of(rows) for name, rows in sides.items()}

    print(f"\n{cpu_model()}, {threads} threads, {runs} run(s) each, medians\n")
    print("| work | side | UNet step s | VAE decode s | time to video s | peak RSS GiB |")
    print("|---|---|---|---|---|---|")
    for label, sides in results.items():
        reference = sides.get("reference")
        for name, row in sides.items():
            cells = []
            for m in MEASURES:
                cell = f"{row[m]:.1f}" if m != "rss" else f"{row[m]:.2f}"
                if reference and name != "reference":
                    cell += f" ({row[m] / reference[m]:.2f}x)"
                cells.append(cell)
            failed = "" if row["rc"] == 0 else " (failed)"
            print(f"| {label} | {name}{failed} | " + " | ".join(cells) + " |")
    if reference_note := (" (ratios: Kinora / reference)" if with_reference else ""):
        print(reference_note.strip())
    if options["--json"][0]:
        with open(options["--json"][0], "w") as out:
            json.dump({"cpu": cpu_model(), "threads": threads, "runs": runs, "results": results},
                      out, indent=1)


if __name__ == "__main__":
    main()
