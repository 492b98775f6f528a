#!/bin/sh
# app_cli.sh NEURONE — the workbench's command line without a display: one line and exit 2 when
# there is no display, --screenshot writing a PNG of the size asked for, bad options refused with
# exit 2, the frame bench on its three scenes, and the headless commands still dispatched.
set -u
neurone=$1
. "$(dirname "$0")/cli_check.sh"

# no display: one line on stderr that points to --bench and --screenshot, exit 2
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$neurone" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "no display: expected exit 2, got $rc"
lines=$(wc -l <"$tmp/err")
[ "$lines" -eq 1 ] || fail "no display: expected one line on stderr, got $lines: $(cat "$tmp/err")"
grep -q -- "--bench" "$tmp/err" || fail "no display: expected the line to name --bench: $(cat "$tmp/err")"
grep -q -- "--screenshot" "$tmp/err" || fail "no display: expected the line to name --screenshot: $(cat "$tmp/err")"
[ ! -s "$tmp/out" ] || fail "no display: expected nothing on stdout, got: $(cat "$tmp/out")"

# --screenshot: a PNG of the requested size, with no display at all
env -u DISPLAY -u WAYLAND_DISPLAY "$neurone" --screenshot "$tmp/shot.png" --lesson 1 --size 640x400 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || fail "--screenshot: expected exit 0, got $rc: $(cat "$tmp/err")"
magic=$(od -An -tx1 -N8 "$tmp/shot.png" 2>/dev/null | tr -d ' \n')
[ "$magic" = "89504e470d0a1a0a" ] || fail "--screenshot: expected a PNG signature, got $magic"
# IHDR: width and height, big-endian, at bytes 16..23
size=$(od -An -tu1 -j16 -N8 "$tmp/shot.png" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
[ "$size" = "640x400" ] || fail "--screenshot: expected a 640x400 image, got $size"

# --frame-bench: each scene it measures runs offscreen and reports its frames (the times are the
# benchmark's to judge, not a test's)
for scene in "" --playground --weights; do
    env -u DISPLAY -u WAYLAND_DISPLAY "$neurone" --frame-bench $scene --frames 20 >"$tmp/bench" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || fail "--frame-bench $scene: expected exit 0, got $rc: $(cat "$tmp/bench")"
    grep -q "^20 frames in .* fps) while the model trains" "$tmp/bench" ||
        fail "--frame-bench $scene: expected 20 frames measured: $(cat "$tmp/bench")"
    grep -q "^frame interval .* over 25.0 ms" "$tmp/bench" ||
        fail "--frame-bench $scene: expected the frame intervals: $(cat "$tmp/bench")"
done

# --open: a CSV file opens in the comparison's lesson, read, trained and scored before the picture
printf 'size,colour,kind\n' >"$tmp/fruit.csv"
i=0
while [ "$i" -lt 60 ]; do
    printf '%d.5,red,apple\n%d.5,green,pear\n' "$((i % 7))" "$((i % 7 + 9))" >>"$tmp/fruit.csv"
    i=$((i + 1))
done
env -u DISPLAY -u WAYLAND_DISPLAY XDG_CONFIG_HOME="$tmp/config" "$neurone" --screenshot "$tmp/open.png" \
    --open "$tmp/fruit.csv" --steps 1 --size 1280x800 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || fail "--open: expected exit 0, got $rc: $(cat "$tmp/err")"
magic=$(od -An -tx1 -N8 "$tmp/open.png" 2>/dev/null | tr -d ' \n')
[ "$magic" = "89504e470d0a1a0a" ] || fail "--open: expected a PNG, got $magic"
grep -q "fruit.csv" "$tmp/config/neurone/recent" 2>/dev/null ||
    fail "--open: expected the file among the recent ones, got: $(cat "$tmp/config/neurone/recent" 2>&1)"
"$neurone" --screenshot "$tmp/x.png" --open "$tmp/none.csv" --size 640x400 >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || fail "--open of a missing file: expected exit 1 (the dialog), got $rc"
grep -q "none.csv" "$tmp/err" || fail "--open of a missing file: expected its name in the message: $(cat "$tmp/err")"
"$neurone" --help-app 2>&1 | grep -q -- "--open FILE" || fail "--help-app: expected --open listed"

# bad options: exit 2 with a message
for args in "--lesson 99" "--size 10x10" "--lang de" "--steps -1" "--frobnicate" "--open"; do
    # shellcheck disable=SC2086
    "$neurone" --screenshot "$tmp/x.png" $args >/dev/null 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "$args: expected exit 2, got $rc"
    [ -s "$tmp/err" ] || fail "$args: expected a message"
done

# the commands are still there
"$neurone" train --help >/dev/null 2>&1 || fail "neurone train --help: expected exit 0"
"$neurone" --help >"$tmp/out" 2>&1 || fail "neurone --help: expected exit 0"
grep -q train "$tmp/out" || fail "neurone --help: expected the train command listed"
"$neurone" --list-lessons >"$tmp/out" 2>&1 || fail "neurone --list-lessons: expected exit 0"
[ "$(wc -l <"$tmp/out")" -ge 6 ] || fail "--list-lessons: expected at least 6 lessons, got: $(cat "$tmp/out")"

[ "$failures" -eq 0 ] && echo "ok   app_cli"
[ "$failures" -eq 0 ]
