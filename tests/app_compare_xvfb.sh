#!/bin/sh
# app_compare_xvfb.sh NEURONE — the comparison in a real window under Xvfb: --open a CSV (it goes to
# the recent files), then type a path with spaces and arrows into the Data tab's field, which must
# keep those keys (no page turns, nothing plays); Escape leaves the field, and only then does Right
# turn the page. Checked through the progress file that the app writes on each page. Skips (77)
# only when Xvfb or xdotool is not installed.
set -u
neurone=$1
# Xvfb, $tmp, fail(), app_start, app_wait_exit: tests/xvfb.sh
. "$(dirname "$0")/xvfb.sh"
export NEURONE_SCALE=1

# a small table: a size, and the fruit it makes
seq 1 120 | awk 'BEGIN { print "size,kind" } { print ($1 % 2 ? $1 % 7 : 9 + $1 % 7) ".5," ($1 % 2 ? "apple" : "pear") }' \
    >"$tmp/fruit.csv"

app_start --open "$tmp/fruit.csv" --size 1280x800
progress="$tmp/config/neurone/progress"
grep -q "fruit.csv" "$tmp/config/neurone/recent" 2>/dev/null ||
    fail "--open: expected the file among the recent ones, got: $(cat "$tmp/config/neurone/recent" 2>&1)"
lesson=$(sed -n 's/^lesson=//p' "$progress")

# the Data tab (the first of four over the scene, at 1280x800), then its path field
xdotool mousemove 448 76 click 1
sleep 0.3
xdotool mousemove 700 170 click 1
sleep 0.3
xdotool type --delay 20 "/tmp/my file.csv"
xdotool key Right Right Down space
sleep 0.5
page=$(sed -n 's/^page=//p' "$progress")
[ "$page" = 1 ] || fail "typing: expected the keys kept by the field (page 1), got page $page"
# Escape leaves the field; Right turns the page now
xdotool key Escape
sleep 0.3
xdotool key Right
sleep 0.5
page=$(sed -n 's/^page=//p' "$progress")
[ "$page" = 2 ] || fail "after Escape: expected Right to open page 2, got page $page"
[ "$(sed -n 's/^lesson=//p' "$progress")" = "$lesson" ] || fail "expected to stay on lesson $lesson"
xdotool key ctrl+q
app_wait_exit
[ "$rc" -eq 0 ] || fail "expected Ctrl+Q to quit with 0, got $rc: $(cat "$tmp/app.log")"

[ "$failures" -eq 0 ] && echo "ok   app_compare_xvfb"
[ "$failures" -eq 0 ]
