#!/bin/sh
# app_playground_xvfb.sh NEURONE — Playground's controls in the real window (lesson 5, the code
# tab open beside the scene): − for the first layer's neurons, + for a hidden layer, the x₁²
# feature, the activation and learning-rate menus, batch_size's +, the noise slider dragged,
# Regenerate, discretize, a neuron hovered, play and pause; the code that Ctrl+S saves must say
# what the clicks built, and the app must quit with exit 0. Skips (77) without Xvfb or xdotool.
set -u
neurone=$1
# Xvfb, $tmp, fail(), app_start, app_wait_exit, save, click, has: tests/xvfb.sh
. "$(dirname "$0")/xvfb.sh"
export HOME="$tmp/home"
mkdir -p "$HOME"
saved="$HOME/neurone-lesson-5.py"

# Where the controls are at 1280x800 with the code tab open (`neurone --lesson 5 --code`); a
# menu's rows are 26 pixels from 2 pixels under its box.
layers_plus="776 156"
units_minus_1="891 183"
feature_x1sq="755 308"
activation_box="648 404"
activation_relu="648 432"
rate_box="648 472"
rate_01="648 656"
batch_plus="679 506"
regenerate="593 332"
discretize="1168 499"
neuron="902 300"

count() { grep -c -F -- "$2" "$1" 2>/dev/null || true; }

app_start --lesson 5 --code --lang en
sleep 1
click $units_minus_1
click $layers_plus
click $feature_x1sq
click $activation_box
click $activation_relu
click $rate_box
click $rate_01
click $batch_plus
# the noise slider: pressed on its knob's left, dragged right
xdotool mousemove 577 264
sleep 0.3
xdotool mousedown 1
for x in 585 595 605 615; do xdotool mousemove "$x" 264; sleep 0.05; done
xdotool mouseup 1
sleep 0.3
click $regenerate
click $discretize
xdotool mousemove $neuron
sleep 0.5
xdotool key space
sleep 1.5
xdotool key space
save "$saved"
[ -f "$saved" ] || fail "Ctrl+S Enter: no file at $saved: $(cat "$tmp/app.log")"
if [ -f "$saved" ]; then
    hidden=$(count "$saved" "activation='relu')")
    [ "$hidden" -eq 3 ] || fail "+ layers and relu: expected 3 hidden Dense(..., activation='relu'), got $hidden: $(cat "$saved")"
    has "$saved" "layers.Dense(7, activation='relu')" "− of layer 1"
    has "$saved" "shape=(3,)" "x₁²"
    has "$saved" "learning_rate=0.1" "learning_rate menu"
    has "$saved" "batch_size=20" "batch_size +"
fi
xdotool key ctrl+q
app_wait_exit
[ "$rc" -eq 0 ] || fail "Ctrl+Q: expected exit 0, got $rc: $(cat "$tmp/app.log")"
[ "$failures" -eq 0 ] && echo "ok   app_playground_xvfb: Playground's controls set the model and its code"
[ "$failures" -eq 0 ]
