#!/usr/bin/env bash
# Kinora's set-up, build, run and test in one place (README's quick start uses it).
#   ./dev.sh run    install what is missing, build, make a video of the sample photograph, open Kinora
#   ./dev.sh test   install what is missing, build, run every test, then the sanitizer tests
#                   (./dev.sh asan); print the totals lines; fail if either run fails
#   ./dev.sh build  install what is missing and build only
#   ./dev.sh asan   the libraries, the CLI and their tests under AddressSanitizer + UBSan
#                   (build-asan), then ctest there without the GUI, packaging, second-fixture
#                   and parity tests
# Environment: BUILD_DIR (default build), ASAN_BUILD_DIR (default build-asan), JOBS (default: all
# cores), KINORA_FIXTURE_DIR (test fixture), CMAKE_PREFIX_PATH (a LibTorch of your own, e.g. CUDA).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
JOBS="${JOBS:-$(nproc)}"

PACKAGES=(
    cmake ninja-build ccache g++ pkg-config file
    qt6-base-dev qt6-multimedia-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
    libtorch-dev libopenblas0-openmp libjemalloc-dev nlohmann-json3-dev libexpected-dev libicu-dev
    libopencv-dev libopencv-contrib-dev
    libavcodec-dev libavformat-dev libavutil-dev libswscale-dev
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav
    libqt6sql6-sqlite qt6-image-formats-plugins xvfb xauth desktop-file-utils appstream dpkg-dev
)

log() { printf '\033[1m[kinora]\033[0m %s\n' "$*" >&2; }

install_missing() {
    local missing=()
    for package in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        return
    fi
    log "installing ${#missing[@]} missing packages: ${missing[*]}"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || {
            log "not root and no sudo: install these packages first: ${missing[*]}"
            exit 1
        }
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

build() {
    install_missing
    # ccache hits across clones only with a base dir and without the directory in the hash.
    export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$ROOT")}" CCACHE_NOHASHDIR=true
    local start=$SECONDS
    if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
        cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    fi
    cmake --build "$BUILD_DIR" -j "$JOBS"
    ln -sf "$BUILD_DIR/compile_commands.json" "$ROOT/compile_commands.json"
    log "build wall time: $((SECONDS - start)) s"
}

run_main() {
    build
    # The main job on a fresh machine: a real video from the bundled photograph, made by the camera
    # engine (no model weights needed), then the studio window with that photograph open.
    local sample="$ROOT/resources/samples/sample.jpg"
    local video="$BUILD_DIR/sample-video.mp4"
    "$BUILD_DIR/app/kinora-cli" generate --engine camera --image "$sample" \
        --prompt "camera slowly zooming in while panning right" \
        --width 1280 --height 704 --frames 48 --fps 16 --output "$video"
    log "video written: $video"
    (($# > 0)) || set -- "$sample"
    if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
        log "starting Kinora"
        exec "$BUILD_DIR/app/kinora" "$@"
    fi
    log "no display: running Kinora under Xvfb and saving a screenshot to $BUILD_DIR/kinora.png"
    xvfb-run -a "$BUILD_DIR/app/kinora" --screenshot "$BUILD_DIR/kinora.png" "$@"
    log "screenshot written: $BUILD_DIR/kinora.png"
}

run_tests() {
    build
    local log_file="$BUILD_DIR/test-output.log"
    log "running the tests (log: $log_file)"
    local status=0
    (cd "$BUILD_DIR" && ctest -j "$JOBS" -V --timeout 1800) >"$log_file" 2>&1 || status=$?
    grep -E "tests passed|tests failed|\*\*\*Failed|Timeout|Not Run|SEGFAULT|Exception" \
        "$log_file" | sed 's/^/  /' || true
    if ((status != 0)); then
        log "failures (from $log_file):"
        grep -E "^[0-9]+: (FAIL!|   Loc:|QFATAL|QWARN)" "$log_file" | head -60 || true
    fi
    printf 'tests: %s\n' "$(count_test_functions "$log_file")"
    local asan_status=0
    run_asan || asan_status=$?
    if ((status != 0)); then
        return "$status"
    fi
    return "$asan_status"
}

# One line counting test functions: the sum of every Qt Test executable's Totals line in the log.
count_test_functions() {
    awk '/Totals: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped/ {
            for (i = 1; i <= NF; ++i) {
                if ($(i + 1) ~ /^passed/) p += $i
                if ($(i + 1) ~ /^failed/) f += $i
                if ($(i + 1) ~ /^skipped/) s += $i
            }
         } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$1"
}

# A second build with AddressSanitizer and UBSan, of what the non-GUI tests need (LibTorch, Qt and
# FFmpeg themselves are not instrumented). Cold on 2 idle cores it builds in about 6.5 minutes and
# its tests run in under 2; `./dev.sh test` runs it after the normal tests.
ASAN_EXCLUDED="gui|packaging|fixture-b|parity"

run_asan() {
    install_missing
    export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$ROOT")}" CCACHE_NOHASHDIR=true
    local asan_dir="${ASAN_BUILD_DIR:-$ROOT/build-asan}"
    local flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    local start=$SECONDS
    # The sanitizer's allocator serves this build, so Kinora's own choice (jemalloc) stays out.
    # Configured every time (a few seconds): the test list below must include tests added since
    # the last run, which an existing build only learns about when CMake runs again.
    cmake -S "$ROOT" -B "$asan_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 $flags" -DKINORA_ALLOCATOR=system \
        -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DKINORA_BUILD_BENCH=OFF >/dev/null
    # Only what the selected tests need: no GUI, no packaging; the second fixture and the parity
    # runs repeat model code the sanitizer already sees on the first.
    local targets
    targets=$(cd "$asan_dir" && ctest -N -LE "$ASAN_EXCLUDED" | sed -n 's/^ *Test *#[0-9]*: //p')
    cmake --build "$asan_dir" -j "$JOBS" --target kinora-cli $targets
    log "asan build wall time: $((SECONDS - start)) s"
    local log_file="$asan_dir/test-output.log"
    # Leak reports would be Qt's, LibTorch's and OpenMP's process-lifetime singletons.
    local status=0
    (cd "$asan_dir" && ASAN_OPTIONS="detect_leaks=0:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
        UBSAN_OPTIONS="print_stacktrace=1" ctest -j "$JOBS" -LE "$ASAN_EXCLUDED" --timeout 3600 \
        -V) >"$log_file" 2>&1 || status=$?
    grep -E "tests passed|tests failed|\*\*\*Failed|Timeout|runtime error|ERROR: AddressSanitizer" \
        "$log_file" | sed 's/^/  /' || true
    if ((status != 0)); then
        log "sanitizer failures (from $log_file):"
        grep -E "^[0-9]+: (FAIL!|   Loc:|QFATAL)|SUMMARY: (Address|UndefinedBehavior)Sanitizer" \
            "$log_file" | head -40 || true
    fi
    log "asan total wall time: $((SECONDS - start)) s (log: $log_file)"
    printf 'sanitizer tests: %s\n' "$(count_test_functions "$log_file")"
    return "$status"
}

case "${1:-}" in
    run) shift; run_main "$@" ;;
    test) shift; run_tests ;;
    build) shift; build ;;
    asan) shift; run_asan ;;
    *)
        sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
