#!/bin/sh
# run_cli.sh NEURONE SCRIPTS — `neurone run` on scripts and a notebook in the course's style
# (tests/keras_scripts), with --epochs 1 to stay short: what Keras prints on stdout, the skip notes
# on stderr, exit 0 when the script ran; each broken script exits 1 with its file:line:column, the
# name at fault and what would be right; bad arguments exit 2.
set -u
neurone=$1
dir=$2
. "$(dirname "$0")/cli_check.sh"

# run NAME [options]: runs $dir/NAME into $tmp/out and $tmp/err; $rc is the exit status
run() {
    name=$1
    shift
    "$neurone" run "$dir/$name" --lang en "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}
# runs_ok NAME [options]: run, which must exit 0
runs_ok() {
    run "$@"
    [ "$rc" -eq 0 ] || fail "$1: expected exit 0, got $rc: $(cat "$tmp/err")"
}

# the Fashion-MNIST example as the course writes it (full data, one epoch); Debian's
# dataset-fashion-mnist, or $NEURONE_FASHION_MNIST (engine/nn_data.h)
if [ -d /usr/share/datasets/fashion-mnist ] || [ -n "${NEURONE_FASHION_MNIST:-}" ]; then
runs_ok fashion.py --epochs 1
has "$tmp/out" "Total params: 101,770 (397.54 KB)" "fashion.py summary"
has "$tmp/out" "Epoch 1/1" "fashion.py fit"
has "$tmp/out" "938/938 - " "fashion.py fit, batch_size=64"
matches "$tmp/out" '^313/313 - [0-9]+s - [0-9]+[mu]s/step - loss: [0-9.]+ - accuracy: 0\.[5-9]' "fashion.py"
matches "$tmp/out" '^Test accuracy: 0\.[5-9][0-9]*$' "fashion.py"
has "$tmp/out" "classes: 10 T-shirt/top" "fashion.py print"
has "$tmp/out" "first prediction: " "fashion.py predict"
has "$tmp/err" "fashion.py:13: skipped: matplotlib.pyplot.figure() is not run by the reader (plots)" "fashion.py notes"
has "$tmp/err" "fashion.py:14: skipped: 'for' blocks are not run by the reader" "fashion.py notes"
[ "$(wc -l <"$tmp/err")" -eq 3 ] || fail "fashion.py: expected 3 notes, got: $(cat "$tmp/err")"
else
    echo "fashion.py not run: Fashion-MNIST is not installed (dataset-fashion-mnist)"
fi

# MNIST with model.add, validation_split and a summary
runs_ok mnist_add.py --epochs 1
has "$tmp/out" 'Model: "digits"' "mnist_add.py summary"
has "$tmp/out" "Total params: 50,890" "mnist_add.py summary"
matches "$tmp/out" '^225/225 - .* - val_loss: [0-9.]+ - val_accuracy: [0-9.]+$' "mnist_add.py"
has "$tmp/out" "evaluated: 2 values" "mnist_add.py print"
[ ! -s "$tmp/err" ] || fail "mnist_add.py: expected no notes, got: $(cat "$tmp/err")"

# Dropout, he_normal, an L2 regularizer, a Dense without bias: the engine's layers as Keras counts them
runs_ok dropout.py --epochs 1
has "$tmp/out" "dropout (Dropout)" "dropout.py summary"
has "$tmp/out" "Total params: 101,760 (397.50 KB)" "dropout.py summary: 10 biases fewer"
matches "$tmp/out" '^225/225 - .* - val_loss: [0-9.]+ - val_accuracy: 0\.[5-9][0-9]*$' "dropout.py"
matches "$tmp/out" '^test accuracy: 0\.[5-9][0-9]*$' "dropout.py"
[ ! -s "$tmp/err" ] || fail "dropout.py: expected no notes, got: $(cat "$tmp/err")"

# a notebook: markdown, !pip and % lines, a cell that is not Python, validation_data
runs_ok notebook.ipynb --epochs 1
has "$tmp/err" "notebook.ipynb cell 3: skipped: not Python (line 1, column 1: this character is not Python)" "notebook"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "notebook.ipynb: expected one note, got: $(cat "$tmp/err")"
matches "$tmp/out" '^250/250 - .* - val_accuracy: [0-9.]+$' "notebook.ipynb"
matches "$tmp/out" '^63/63 - ' "notebook.ipynb"
has "$tmp/out" "done: cells 6" "notebook.ipynb print"
has "$tmp/out" "(8000, 28, 28)" "notebook.ipynb shows a cell's last expression, as Jupyter"

# broken scripts: exit 1, file:line:column, the name at fault, what would be right
broken() {
    run "$1"
    [ "$rc" -eq 1 ] || fail "$1: expected exit 1, got $rc"
    [ ! -s "$tmp/out" ] || fail "$1: expected nothing on stdout, got: $(cat "$tmp/out")"
    shift
    for want in "$@"; do has "$tmp/err" "$want" "$name"; done
}
broken bad_activation.py "bad_activation.py:4:40: Dense: unknown activation 'rellu'; known: linear, relu, sigmoid"
broken bad_keyword.py "bad_keyword.py:3:73: compile: unknown keyword argument 'metric'; known: optimizer, loss, metrics"
broken bad_optimizer.py "bad_optimizer.py:3:25: compile: unknown optimizer 'adamax'; known: sgd, adam, rmsprop, adagrad"
broken regularizer.py "regularizer.py:3:50: the workbench's engine does not have this regularizer (keras.regularizers.l1, l2 and l1_l2 only) yet"

# --json: one record, ok or error, one line
"$neurone" run "$dir/notebook.ipynb" --epochs 2 --json "$tmp/nb.json" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] || fail "notebook.ipynb --json: expected exit 0: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/nb.json")" -eq 1 ] || fail "--json: expected one line, got: $(cat "$tmp/nb.json")"
has "$tmp/nb.json" '{"schema_version":1,"mode":"run","status":"ok","file":"' "--json ok"
has "$tmp/nb.json" '"params":25450,"layers":[{"name":"flatten","kind":"Flatten"' "--json model"
has "$tmp/nb.json" '"loss":"sparse_categorical_crossentropy","from_logits":true}' "--json compile"
[ "$(grep -o '{"fit":1,"loss":[0-9.e-]*,"accuracy":[0-9.e-]*,"val_loss":[0-9.e-]*,"val_accuracy":[0-9.e-]*}' "$tmp/nb.json" | wc -l)" -eq 2 ] ||
    fail "--json: expected two epochs with their four values, got: $(cat "$tmp/nb.json")"
has "$tmp/nb.json" '"evaluate":{"loss":' "--json evaluate"
# without --lang the notes are in French, every part of them
has "$tmp/nb.json" "notebook.ipynb cell 3\",\"line\":0,\"reason\":\"pas du Python (ligne 1, colonne 1 : ce caractère n'est pas du Python)\"}]" "--json skipped"
has "$tmp/nb.json" '"warnings":0,"error":null,"timing":{"total_seconds":' "--json tail"
"$neurone" run "$dir/bad_optimizer.py" --lang en --json - >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "bad_optimizer.py --json: expected exit 1"
has "$tmp/out" '"status":"error"' "--json error record"
has "$tmp/out" "\"error\":\"$dir/bad_optimizer.py:3:25: compile: unknown optimizer 'adamax'" "--json error message"

# --plots: the figures the course's notebook draws, as PNGs from the run's own data (plots.ipynb:
# an image with its colour bar, the 5x5 sample grid, one prediction, a 5x3 grid of them, the bars of
# one prediction); tests/png_check.py reads each back: its size, not blank, the bars' colours
"$neurone" run "$dir/plots.ipynb" --lang en --epochs 1 >"$tmp/out0" 2>"$tmp/err0"
[ $? -eq 0 ] || fail "plots.ipynb: expected exit 0: $(cat "$tmp/err0")"
"$neurone" run "$dir/plots.ipynb" --lang en --epochs 1 --plots "$tmp/figs" >"$tmp/out" 2>"$tmp/err"
rc=$?
if grep -q "this build cannot draw figures" "$tmp/err"; then
    [ "$rc" -eq 1 ] || fail "--plots without the workbench's drawing: expected exit 1, got $rc"
    echo "--plots not drawn: this build has no workbench (SDL2_ttf or libstb-dev missing)"
else
[ "$rc" -eq 0 ] || fail "plots.ipynb --plots: expected exit 0, got $rc: $(cat "$tmp/err")"
cmp -s "$tmp/err0" "$tmp/err" || fail "--plots: expected the same skip notes as without, got: $(diff "$tmp/err0" "$tmp/err")"
grep -q '^figure ' "$tmp/out0" && fail "without --plots: expected no figure lines, got: $(cat "$tmp/out0")"
[ "$(grep -c '^figure ' "$tmp/out")" -eq 5 ] || fail "--plots: expected 5 figure lines, got: $(cat "$tmp/out")"
n=0
for want in "image:plots.ipynb cell 3:2:500 400 560 460:440154 fde725" \
            "samples:plots.ipynb cell 5:2:600 700 760 860:" \
            "prediction:plots.ipynb cell 8:4:280 150 400 220:0000ff" \
            "predictions:plots.ipynb cell 9:5:900 800 1000 940:0000ff ff0000 777777" \
            "probabilities:plots.ipynb cell 10:3:480 280 600 380:0000ff"; do
    n=$((n + 1))
    what=${want%%:*}
    rest=${want#*:}
    size=$(echo "$rest" | cut -d: -f3)
    colours=$(echo "$rest" | cut -d: -f4)
    png="$tmp/figs/figure-$n-$what.png"
    has "$tmp/out" "figure $n: $png ($dir/$(echo "$rest" | cut -d: -f1-2))" "--plots figure $n"
    [ -s "$png" ] || { fail "--plots: expected $png to be written"; continue; }
    if command -v python3 >/dev/null; then
        # shellcheck disable=SC2086 # the sizes and colours are words
        msg=$(python3 "$(dirname "$0")/png_check.py" "$png" $size $colours 2>&1) || fail "--plots: $msg"
    fi
done
# a notebook with no figure the reader knows: one line says so, and no file
"$neurone" run "$dir/notebook.ipynb" --epochs 1 --plots "$tmp/none" >"$tmp/out" 2>"$tmp/err"
has "$tmp/out" "no figures: the script draws none that the reader recognises" "--plots with no figures"
[ -z "$(ls "$tmp/none")" ] || fail "--plots with no figures: expected an empty folder, got: $(ls "$tmp/none")"
# a bad folder: a file, or a folder whose parent is missing; exit 1 before running anything
"$neurone" run "$dir/plots.ipynb" --plots "$dir/plots.ipynb" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "--plots on a file: expected exit 1"
has "$tmp/err" "neurone run: --plots $dir/plots.ipynb: not a folder (give a folder for the PNGs)" "--plots on a file"
[ ! -s "$tmp/out" ] || fail "--plots on a file: expected nothing run, got: $(cat "$tmp/out")"
"$neurone" run "$dir/plots.ipynb" --plots "$tmp/no/such" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "--plots in a missing folder: expected exit 1"
has "$tmp/err" "neurone run: --plots $tmp/no/such: cannot make the folder: No such file or directory" "--plots missing"
fi

# an error in French
"$neurone" run "$dir/bad_activation.py" --lang fr >"$tmp/out" 2>"$tmp/err"
has "$tmp/err" "bad_activation.py:4:40: Dense : activation inconnue 'rellu' ; connues : linear, relu" "bad_activation.py --lang fr"

# arguments
"$neurone" run >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "no file: expected exit 2"
"$neurone" run "$dir/fashion.py" --engine tpu >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "--engine tpu: expected exit 2"
has "$tmp/err" 'bad argument "--engine"' "--engine tpu"
"$neurone" run "$tmp/none.py" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "a missing file: expected exit 1"
has "$tmp/err" "none.py: cannot be read" "a missing file"
"$neurone" run --help >"$tmp/out" 2>&1
has "$tmp/out" "usage: neurone run FILE.py|FILE.ipynb" "--help"
has "$tmp/out" "--plots DIR" "--help names --plots"

[ "$failures" -eq 0 ] && echo "run_cli: all passed"
exit $((failures != 0))
