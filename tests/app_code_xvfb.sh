#!/bin/sh
# app_code_xvfb.sh NEURONE — the code panel in the real window (lesson 5, its "Keras code" tab): the
# student's typing rebuilds the scene's model, a setting changed writes the code anew, Ctrl+S saves
# it, Ctrl+O opens a file, Ctrl+Z undoes, and code that does not read keeps the last good model.
# Each step is checked through the file Ctrl+S writes. Skips (77) without Xvfb or xdotool.
set -u
neurone=$1
# Xvfb, $tmp, fail(), app_start, app_wait_exit, save, click, has: tests/xvfb.sh
. "$(dirname "$0")/xvfb.sh"
export HOME="$tmp/home"
mkdir -p "$HOME"
saved="$HOME/neurone-lesson-5.py"

# Where things are at 1280x800 with the code tab open (the layout of `--lesson 5 --code`).
editor="240 400"
epochs_plus="680 540"

# Types each line of stdin, pressing Return after it (xdotool type's newline is no Return key).
type_lines() {
    while IFS= read -r line; do
        xdotool type --delay 4 "$line"
        xdotool key Return
    done
}
hasnt() { ! grep -qF -- "$2" "$1" || fail "$3: did not expect \"$2\" in $1"; }

app_start --lesson 5 --code
sleep 1

# 1. Ctrl+S saves the code that the settings wrote
save "$saved"
[ -f "$saved" ] || fail "Ctrl+S Enter: no file at $saved: $(cat "$tmp/app.log")"
has "$saved" "layers.Dense(8, activation='tanh')" "the settings' code"

# 2. typed code sets the model: a setting changed afterwards writes the code of the typed model
click $editor
sleep 0.3
xdotool key ctrl+a
type_lines <<'EOF'
import keras
from keras import layers
model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(5, activation='relu'), layers.Dense(2, activation='softmax')])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03), loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=50, batch_size=20, validation_data=(x_test, y_test))
EOF
sleep 0.8
save "$saved"
has "$saved" "layers.Dense(5, activation='relu'), layers.Dense(2" "the typed code, saved as typed"
click $epochs_plus
sleep 0.8
save "$saved"
has "$saved" "layers.Dense(5, activation='relu')," "the scene's model after the typed code"
has "$saved" "learning_rate=0.03" "the typed learning rate in the settings"
has "$saved" "batch_size=20" "the typed batch size in the settings"
has "$saved" "epochs=60" "the epochs' + after the typed 50"

# 3. Ctrl+Z undoes the code the setting wrote: the typed program comes back
click $editor
sleep 0.3
xdotool key ctrl+z
sleep 0.5
save "$saved"
has "$saved" "epochs=50, batch_size=20" "Ctrl+Z: the typed program again"

# 4. code that does not read keeps the last good model
xdotool key ctrl+a
echo "model = keras.Sequential([layers.Dense(3, activation='relux')])" | type_lines
sleep 0.5
click $epochs_plus
sleep 0.8
save "$saved"
has "$saved" "layers.Dense(5, activation='relu')," "the last good model after a misspelt activation"
hasnt "$saved" "relux" "the settings' code after a misspelt activation"

# 5. Ctrl+O opens a file: its model becomes the scene's
other="$HOME/other.py"
cat >"$other" <<'EOF'
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(2,)),
    layers.Dense(3, activation='sigmoid'),
    layers.Dense(3, activation='sigmoid'),
    layers.Dense(2, activation='softmax'),
])
model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=30, batch_size=16)
EOF
xdotool key ctrl+o
sleep 0.4
# the field holds the last file's folder: type the name
xdotool type --delay 4 "other.py"
xdotool key Return
sleep 0.8
click $epochs_plus
sleep 0.8
save "$other"
has "$other" "layers.Dense(3, activation='sigmoid')," "the opened file's model in the scene"
has "$other" "epochs=40" "the opened file's epochs, then +"

xdotool key ctrl+q
app_wait_exit
[ "$rc" -eq 0 ] || fail "Ctrl+Q: expected exit 0, got $rc: $(cat "$tmp/app.log")"
[ "$failures" -eq 0 ] && echo "ok   app_code_xvfb: typed, followed, saved, undone, refused, opened"
[ "$failures" -eq 0 ]
