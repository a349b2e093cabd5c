#!/usr/bin/env bash
# Installs Kinora's Debian package for real (dpkg -i), checks the installed programs and desktop
# files, then removes the package again. For root (or sudo) on a Debian 12 machine where installing
# is fine, e.g. a throw-away container; the test suite's tst_packaging does the same checks on an
# unpacked copy without installing anything.
#   packaging/check-deb.sh [BUILD_DIR]     (default: build; set KEEP=1 to leave the package installed)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="$(cd "${1:-$ROOT/build}" && pwd)"
sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
log() { printf '\033[1m[check-deb]\033[0m %s\n' "$*" >&2; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
log "building the package in $out"
cmake --build "$BUILD_DIR" --target kinora kinora-cli >/dev/null
cpack --config "$BUILD_DIR/CPackConfig.cmake" -G DEB -B "$out" >/dev/null
package="$(ls "$out"/*.deb)"
dpkg-deb --info "$package" | sed -n '/Package:/,$p'

log "installing $package"
if ! "${sudo[@]}" dpkg -i "$package"; then
    log "dpkg -i left dependencies missing: letting apt install them"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -f -y --no-install-recommends
fi
dpkg-query -W -f='${Status}\n' kinora | grep -q "install ok installed"

desktop_file="$(dpkg -L kinora | grep '^/usr/share/applications/.*\.desktop$')"
metainfo_file="$(dpkg -L kinora | grep '^/usr/share/metainfo/.*\.metainfo\.xml$')"
app_id="$(basename "$desktop_file" .desktop)"
log "installed files:"
dpkg -L kinora | while read -r path; do if [[ -f "$path" ]]; then echo "  $path"; fi; done
test -f "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"

log "running the installed programs"
[[ "$(command -v kinora-cli)" == /usr/bin/kinora-cli ]]
env -u LD_LIBRARY_PATH kinora-cli --version
env -u LD_LIBRARY_PATH QT_QPA_PLATFORM=offscreen kinora --version

log "validating the desktop entry and the AppStream metainfo"
desktop-file-validate "$desktop_file"
appstreamcli validate --no-net "$metainfo_file"

if [[ "${KEEP:-0}" == 1 ]]; then
    log "KEEP=1: leaving kinora installed"
else
    log "removing the package"
    "${sudo[@]}" dpkg -r kinora >/dev/null
fi
log "the package installs and runs"
