#!/bin/sh
# The main command: set up, build, then open the workbench, the lessons beside their scenes
# (lesson 1 the first time; afterwards where the student left off). Options go to the app
# (`tools/run.sh --lesson 3`, `--lang en`, `--help`). Without a display the app says so in one line
# and points to --screenshot and --bench.
# The headless trainer is still here: `tools/run.sh train` walks the course's real example
# (Fashion-MNIST) with Keras's progress display; `tools/run.sh train --help` lists its options.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup-debian.sh
[ -d build ] || meson setup build
ninja -C build
exec ./build/app/neurone "$@"
