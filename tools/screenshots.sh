#!/bin/sh
# screenshots.sh [NEURONE] — makes every picture of docs/screenshots/ again with the app's own
# --screenshot (offscreen: no display needed), from the lessons of the source tree.
#
#   tools/screenshots.sh                       uses build/app/neurone
#   tools/screenshots.sh build-lesson/app/neurone
#
# One per lesson (lesson-01.png ...: 1280x800, in French, the first page, --steps so that the
# scenes that train show something), one per scene for README (neuron.png, network.png,
# training.png, loss.png, race.png, images*.png, compare.png), the code panel (code-*.png) and demo
# mode at 1920x1080
# (demo-*.png). The training runs are seeded: the same build gives the same pictures, except the
# race, whose speeds are this machine's. Run it after changing a lesson or a scene, look at the
# pictures, then commit them.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
neurone=${1:-$root/build/app/neurone}
out=$root/docs/screenshots
[ -x "$neurone" ] || { echo "screenshots.sh: $neurone: not built (meson setup build && ninja -C build)" >&2; exit 1; }
mkdir -p "$out"

# shot FILE ARGS...: one picture, from the source tree's lessons
shot() {
    file=$1
    shift
    "$neurone" --lessons "$root/lessons" --screenshot "$out/$file" "$@"
    echo "$out/$file"
}

# The lessons, in French. Steps: the scenes that train (the deep network, the loss, training, the
# race, the images) get enough batches to show curves and a boundary; the others ignore them.
n=$("$neurone" --lessons "$root/lessons" --list-lessons | wc -l)
for i in $(seq 1 "$n"); do
    case $i in
    3 | 5) steps=3000 ;; # the spiral: a boundary that already winds
    4) steps=1400 ;;     # the loss: past the best epoch, over-fitting on the chart
    6) steps=250 ;;      # Keras: one epoch of fit
    7) steps=300 ;;      # the race: both engines to the end (2 epochs), then the sweep
    8 | 9) steps=250 ;;  # the images: one epoch of the MNIST-sized model
    10) steps=1 ;;       # exercise 2: the comparison, run to the end
    *) steps=0 ;;
    esac
    shot "$(printf 'lesson-%02d.png' "$i")" --lesson "$i" --size 1280x800 --lang fr --steps "$steps"
done

# The scenes, for README (French, 1280x800).
shot neuron.png --lesson 1 --size 1280x800 --lang fr
shot network.png --lesson 2 --page 3 --size 1280x800 --lang fr --steps 15   # the forward pass, halfway
shot training.png --lesson 5 --page 2 --size 1280x800 --lang fr --steps 3000
shot loss.png --lesson 4 --page 4 --size 1280x800 --lang fr --steps 1400
shot race.png --lesson 7 --page 3 --size 1280x800 --lang fr --steps 300
shot images.png --lesson 8 --page 4 --size 1280x800 --lang fr --steps 250       # predictions
shot images-samples.png --lesson 8 --page 1 --size 1280x800 --lang fr
shot images-draw.png --lesson 9 --page 9 --size 1280x800 --lang fr --steps 300  # the drawing tab, past the first epoch
shot compare.png --lesson 10 --page 6 --size 1280x800 --lang fr --steps 1     # the results

# Playground's scene in English and on the projector; what the image models learned.
shot training-en.png --lesson 5 --page 2 --size 1280x800 --lang en --steps 3000
shot demo-training.png --demo --lang fr --lesson 5 --size 1920x1080 --steps 3000
shot demo-training-en.png --demo --lang en --lesson 5 --page 2 --size 1920x1080 --steps 3000
shot images-weights.png --lesson 8 --page 8 --size 1280x800 --lang fr --steps 600
shot images-training.png --lesson 8 --page 9 --size 1280x800 --lang en --steps 4000

# The code panel: the training scene's code, code opened from a file (trained), code that does not
# read, the images' code in English, and in demo mode.
scripts=$root/tests/keras_scripts
shot code-training.png --lesson 5 --page 2 --size 1280x800 --lang fr --code --steps 3000
shot code-edited.png --lesson 5 --page 2 --size 1280x800 --lang fr --open "$scripts/panel_deep.py" --steps 3000
shot code-error.png --lesson 5 --page 2 --size 1280x800 --lang fr --open "$scripts/panel_typo.py" --steps 300
shot code-images-en.png --lesson 8 --page 4 --size 1280x800 --lang en --code --steps 250
shot demo-code.png --demo --lang fr --lesson 5 --size 1920x1080 --code --steps 3000

# Demo mode at 1920x1080: the neuron (dark theme), the spotlight on lesson 2, the loss in the
# light theme.
shot demo-neuron.png --demo --lang fr --lesson 1 --size 1920x1080
shot demo-spotlight.png --demo --theme dark --lang fr --lesson 2 --size 1920x1080 --spotlight
shot demo-loss-light.png --demo --theme light --lang fr --lesson 4 --size 1920x1080 --steps 420
shot demo-presenter.png --demo --lang en --lesson 5 --size 1920x1080 --presenter --steps 600
