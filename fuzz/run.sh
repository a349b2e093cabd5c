#!/usr/bin/env bash
# Fuzzes every parser of untrusted input with libFuzzer (AddressSanitizer + UBSan), each for a
# bounded time, and prints one table: target, runs, coverage, crashes.
#   fuzz/run.sh [SECONDS]        seconds per target (default 60)
# Environment: BUILD_DIR (default build-fuzz), JOBS (default 2), FUZZ_TARGETS (a subset, e.g.
# "safetensors image"), KINORA_FIXTURE_DIR (the tokenizer's model folder).
# The seeds in fuzz/corpus/<target>/ are read, never written: new inputs go to
# $BUILD_DIR/fuzz-corpus/<target>/, crashing ones to $BUILD_DIR/fuzz-findings/<target>/.
# Reproduce a finding: $BUILD_DIR/fuzz/fuzz_<target> <file>. Exits 1 when any target crashed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-fuzz}"
JOBS="${JOBS:-2}"
SECONDS_PER_TARGET="${1:-60}"
TARGETS=(${FUZZ_TARGETS:-safetensors config tokenizer batchline sidecar image})

log() { printf '\033[1m[fuzz]\033[0m %s\n' "$*" >&2; }

compiler="$(command -v clang++ || command -v clang++-14 || true)"
if [[ -z "$compiler" ]]; then
    log "clang++ is missing: apt-get install clang libclang-rt-dev (Debian 12: clang-14 libclang-rt-14-dev)"
    exit 2
fi

export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$ROOT")}" CCACHE_NOHASHDIR=true
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
    # -O1 keeps the instrumented build quick; the libraries under test share the fuzzers' flags.
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_CXX_COMPILER="$compiler" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
        -DKINORA_BUILD_FUZZ=ON -DKINORA_BUILD_TESTS=OFF -DKINORA_BUILD_BENCH=OFF >/dev/null
fi
start=$SECONDS
cmake --build "$BUILD_DIR" -j "$JOBS" --target "${TARGETS[@]/#/fuzz_}"
log "build wall time: $((SECONDS - start)) s"

# Leaks in Qt's and LibTorch's static singletons are not findings of ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
export QT_QPA_PLATFORM=offscreen

rows=()
total_crashes=0
for target in "${TARGETS[@]}"; do
    binary="$BUILD_DIR/fuzz/fuzz_$target"
    seeds="$ROOT/fuzz/corpus/$target"
    corpus="$BUILD_DIR/fuzz-corpus/$target"
    findings="$BUILD_DIR/fuzz-findings/$target"
    output="$BUILD_DIR/fuzz-findings/$target.log"
    rm -rf "$findings"  # a finding of an earlier run was reproduced or fixed by now
    mkdir -p "$corpus" "$findings"
    log "fuzzing $target for $SECONDS_PER_TARGET s"
    # Inputs up to 64 KiB (images need room); 2 GiB memory and 10 s per input before it is a finding.
    status=0
    "$binary" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=2048 \
        -malloc_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$findings/" \
        "$corpus" "$seeds" >"$output" 2>&1 || status=$?
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$output" | tail -1)"
    coverage="$(grep -E '^#[0-9]+.*cov: ' "$output" | tail -1 |
        sed -E 's/.*cov: ([0-9]+) ft: ([0-9]+).*/\1 \2/')"
    crashes="$(find "$findings" -maxdepth 1 -type f \
        \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)"
    if ((status != 0 && crashes == 0)); then
        crashes=1  # died without leaving an input (e.g. in initialisation): see the log
    fi
    total_crashes=$((total_crashes + crashes))
    rows+=("$(printf '%-12s %8ss %12s %8s %8s %8s' "$target" "$SECONDS_PER_TARGET" "${runs:-?}" \
        "${coverage% *}" "${coverage#* }" "$crashes")")
    if ((crashes > 0)); then
        log "$target crashed: $output"
        grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$output" | head -5 >&2 || true
    fi
done

printf '%-12s %9s %12s %8s %8s %8s\n' target time execs cov ft crashes
printf '%s\n' "${rows[@]}"
((total_crashes == 0))
