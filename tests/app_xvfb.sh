#!/bin/sh
# app_xvfb.sh NEURONE — the real window under Xvfb: start the app, walk every page of every lesson
# with the arrow keys, play and pause with the space bar, toggle full screen, and quit with Ctrl+Q,
# expecting exit 0 and the progress file at the last lesson; then start again, check that it
# resumes there, and quit with Escape. Skips (77) only when Xvfb or xdotool is not installed.
set -u
neurone=$1
# Xvfb, $tmp, fail(), app_start, app_wait_exit: tests/xvfb.sh
. "$(dirname "$0")/xvfb.sh"

lessons=$("$neurone" --list-lessons | wc -l)
pages=$("$neurone" --list-lessons | awk -F '\t' '{ n += $3 } END { print n }')

app_start --lesson 1
# every page of every lesson; the space bar plays and pauses what each scene has
for p in $(seq 2 "$pages"); do
    xdotool key Right
    sleep 0.25
    xdotool key space
    sleep 0.15
    xdotool key space
done
xdotool key F11
sleep 0.5
xdotool key F11
sleep 0.5
if command -v import >/dev/null 2>&1; then
    import -window root "$tmp/window.png" 2>/dev/null
    colours=$(convert "$tmp/window.png" -format %k info: 2>/dev/null || echo 0)
    [ "$colours" -gt 50 ] || fail "the window looks blank: $colours colours"
fi
xdotool key ctrl+q
app_wait_exit
[ "$rc" -eq 0 ] || fail "Ctrl+Q: expected exit 0, got $rc: $(cat "$tmp/app.log")"
grep -q "^lesson=$lessons$" "$tmp/config/neurone/progress" 2>/dev/null ||
    fail "expected the progress file at lesson $lessons, got: $(cat "$tmp/config/neurone/progress" 2>&1)"

# it resumes where the student left off; Escape quits
app_start
xdotool key Left
sleep 0.3
xdotool key Escape
app_wait_exit
[ "$rc" -eq 0 ] || fail "Escape: expected exit 0, got $rc: $(cat "$tmp/app.log")"
grep -q "^lesson=$lessons$" "$tmp/config/neurone/progress" ||
    fail "expected the app to resume at lesson $lessons: $(cat "$tmp/config/neurone/progress")"
grep -q "^page=$(( $("$neurone" --list-lessons | tail -1 | cut -f3) - 1 ))$" "$tmp/config/neurone/progress" ||
    fail "expected Left to go back one page: $(cat "$tmp/config/neurone/progress")"

[ "$failures" -eq 0 ] && echo "ok   app_xvfb: $lessons lessons, $pages pages walked"
[ "$failures" -eq 0 ]
