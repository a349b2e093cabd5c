#!/bin/sh
# Takes the README's screenshots of the main window, light and dark, under Xvfb: the bundled
# photograph, a camera-engine video made from it playing in the preview. QWidget::grab() cannot
# see the video surface, so the picture is taken of the X screen (ImageMagick's import).
# Usage: packaging/screenshots/take.sh [BUILD_DIR]   (default build; writes main-light.png and
# main-dark.png next to this script). Uses a throw-away HOME so your own settings stay untouched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
kinora=$(cd "$build" && pwd)/app/kinora
sample="$here/../../resources/samples/sample.jpg"
prompt="steam rising slowly from the coffee cup, camera slowly zooming in while panning right, soft morning light"
for theme in light dark; do
    home=$(mktemp -d)
    HOME=$home xvfb-run -a -s "-screen 0 1400x900x24" sh -c "
        '$kinora' --theme $theme --prompt '$prompt' --generate '$sample' &
        app=\$!
        sleep 14
        import -window root '$here/main-$theme.png'
        kill \$app"
    rm -rf "$home"
    echo "wrote $here/main-$theme.png"
done
