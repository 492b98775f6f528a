#!/bin/sh
# The main job: set up, build, then train the course's real example (Fashion-MNIST) headless,
# with Keras's progress display. Extra arguments go to `neurone train`.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup-debian.sh
[ -d build ] || meson setup build
ninja -C build
exec ./build/app/neurone train "$@"
