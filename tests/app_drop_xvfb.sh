#!/bin/sh
# app_drop_xvfb.sh NEURONE — exercise 2's "done when", in a real window under Xvfb, timed: the
# app starts on lesson 1; a 10,000-row CSV (12 columns, one of text, a few empty cells, a space in
# its name) is dropped on the window through XDND by tests/xdnd_drop.py, as a file manager drops
# it; the app must switch to the comparison's lesson and show the file's preview; then, as a
# student would, the Training tab is clicked and the space bar runs the comparison; the six models
# must be compared and the Results tab shown less than 60 s after the drop began (180 s in a
# sanitizer build, three times slower: its run checks the drop's memory, the release its time).
# Ctrl+Q quits with 0. The app reports what it did on stderr ("neurone: opened FILE", "neurone: compared ...").
# Skips (77) only when Xvfb, xdotool or python3-xlib is not installed.
set -u
neurone=$1
here=$(cd "$(dirname "$0")" && pwd)

# python3-xlib: the python3 first on PATH may be another one (pyenv) than Debian's, which has it
python=""
for p in python3 /usr/bin/python3; do
    if "$p" -c "import Xlib.display" >/dev/null 2>&1; then
        python=$p
        break
    fi
done
[ -n "$python" ] || { echo "SKIP: python3-xlib is not installed (import Xlib)"; exit 77; }
# Xvfb, $tmp, fail(), app_start, app_wait_exit: tests/xvfb.sh
. "$here/xvfb.sh"
export NEURONE_SCALE=1
seconds_max=60
if grep -aq -e __asan_init -e __ubsan_handle "$neurone"; then
    seconds_max=180
    echo "note: a sanitizer build; the comparison may take up to $seconds_max s"
fi

# The lesson that opens files: the one whose file has "@scene compare", counted in the order that
# the app reads them (by name).
lessons_dir=${NEURONE_LESSONS_DIR:-$here/../lessons}
compare_lesson=0
n=0
for f in "$lessons_dir"/en/*.md; do
    n=$((n + 1))
    grep -q '^@scene compare' "$f" && { compare_lesson=$n; break; }
done
[ "$compare_lesson" -gt 1 ] || { echo "FAIL no lesson after the first has @scene compare in $lessons_dir/en"; exit 1; }

# 10,000 rows: ten numbers, a region (text, one-hot encoded by the app), the class last (the
# default target), which depends on f1 + f2 + f3 so that the models have something to learn;
# every 997th row lacks f3 and every 1499th its region
csv="$tmp/my data.csv"
awk 'BEGIN {
    srand(7)
    print "f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,region,class"
    split("north south east west", region, " ")
    for (i = 1; i <= 10000; i++) {
        sum = 0
        line = ""
        for (j = 1; j <= 10; j++) {
            v = rand() * 10
            if (j <= 3)
                sum += v
            line = line (j == 3 && i % 997 == 0 ? "" : sprintf("%.3f", v)) ","
        }
        r = i % 1499 == 0 ? "" : region[1 + int(rand() * 4)]
        print line r "," (sum < 12 ? "low" : sum < 18 ? "mid" : "high")
    }
}' >"$csv"
rows=$(($(wc -l <"$csv") - 1))
[ "$rows" -eq 10000 ] || fail "the table: expected 10000 rows, got $rows"

# The tab shown over the comparison, from a screenshot: the selected tab is filled with the accent
# (blue), the others grey (lighter or darker under the pointer). Prints the tabs that are blue at
# a point left of their labels, e.g. "2"; at 1280x800 the four share x 333..1267 at y 63..88.
shown_tab() {
    import -window root "$1" 2>/dev/null || { echo "no screenshot"; return; }
    for t in 1 2 3 4; do
        x=$((345 + 233 * (t - 1)))
        convert "$1" -format "%[fx:int(255*(p{$x,70}.b-p{$x,70}.r))] " info: 2>/dev/null |
            awk -v t="$t" '$1 > 80 { printf "%s ", t }'
    done | sed 's/ $//'
}
screenshots=0
command -v import >/dev/null 2>&1 && command -v convert >/dev/null 2>&1 && screenshots=1
[ "$screenshots" -eq 1 ] || echo "note: ImageMagick is missing; the tabs shown are not checked"

now() { date +%s.%N; }
# waits (at most until the deadline, seconds since the epoch) for a line matching $1 in the log
wait_log() {
    while ! grep -q "$1" "$tmp/app.log" && kill -0 "$apid" 2>/dev/null; do
        [ "$(awk -v d="$2" -v t="$(now)" 'BEGIN { print t < d }')" = 1 ] || return 1
        sleep 0.1
    done
    grep -q "$1" "$tmp/app.log"
}

app_start --size 1280x800 --lesson 1
progress="$tmp/config/neurone/progress"
lesson=$(sed -n 's/^lesson=//p' "$progress" 2>/dev/null)
[ "$lesson" = 1 ] || fail "before the drop: expected lesson 1, got \"$lesson\""

# the drop, timed from here to the comparison's report
t0=$(now)
deadline=$(awk -v t="$t0" -v s="$seconds_max" 'BEGIN { printf "%.3f", t + s }')
if ! "$python" "$here/xdnd_drop.py" "$wid" "$csv" 20 >"$tmp/drop.log" 2>&1; then
    echo "FAIL the drop: $(cat "$tmp/drop.log")"
    echo "app: $(cat "$tmp/app.log")"
    exit 1
fi
wait_log "^neurone: opened " "$deadline" ||
    fail "after the drop: expected \"neurone: opened $csv\" on stderr, got: $(cat "$tmp/app.log")"
grep -qxF "neurone: opened $csv" "$tmp/app.log" ||
    fail "after the drop: expected the line \"neurone: opened $csv\", got: $(grep '^neurone: opened' "$tmp/app.log")"
sleep 0.5
lesson=$(sed -n 's/^lesson=//p' "$progress")
[ "$lesson" = "$compare_lesson" ] || fail "after the drop: expected the comparison's lesson $compare_lesson, got $lesson"
grep -qxF "$csv" "$tmp/config/neurone/recent" 2>/dev/null ||
    fail "after the drop: expected $csv among the recent files, got: $(cat "$tmp/config/neurone/recent" 2>&1)"
if [ "$screenshots" -eq 1 ]; then
    tab=$(shown_tab "$tmp/preview.png")
    [ "$tab" = 2 ] || fail "after the drop: expected the Preview tab (2) shown, got \"$tab\""
fi

# the student: the Training tab (the third, at 1280x800), then the space bar runs the comparison
xdotool mousemove 916 76 click 1
sleep 0.3
if [ "$screenshots" -eq 1 ]; then
    tab=$(shown_tab "$tmp/training.png")
    [ "$tab" = 3 ] || fail "after the click: expected the Training tab (3) shown, got \"$tab\""
fi
xdotool key space
if wait_log "^neurone: compared " "$deadline"; then
    t1=$(now)
    seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    echo "drop to comparison: $seconds s (at most $seconds_max s); $(grep '^neurone: compared' "$tmp/app.log")"
    [ "$(awk -v s="$seconds" -v m="$seconds_max" 'BEGIN { print s < m }')" = 1 ] ||
        fail "expected the comparison within $seconds_max s of the drop, took $seconds s"
    # the MLP and the five classic classifiers, on the 70/30 split of 10,000 rows, none failed
    report=$(grep '^neurone: compared ' "$tmp/app.log" | head -1)
    expected="neurone: compared 6 models on $csv (7000 training rows, 3000 test rows) in "
    case "$report" in
    "$expected"*" s") ;;
    *) fail "the report: expected \"$expected... s\", got \"$report\"" ;;
    esac
    sleep 0.5
    if [ "$screenshots" -eq 1 ]; then
        tab=$(shown_tab "$tmp/results.png")
        [ "$tab" = 4 ] || fail "after the comparison: expected the Results tab (4) shown, got \"$tab\""
    fi
else
    fail "expected \"neurone: compared\" within $seconds_max s of the drop; the app said: $(cat "$tmp/app.log")"
fi

xdotool key ctrl+q
app_wait_exit
[ "$rc" -eq 0 ] || fail "expected Ctrl+Q to quit with 0, got $rc: $(cat "$tmp/app.log")"

[ "$failures" -eq 0 ] && echo "ok   app_drop_xvfb"
[ "$failures" -eq 0 ]
