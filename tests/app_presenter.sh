#!/bin/sh
# app_presenter.sh NEURONE — demo mode's keys in a real full screen window under Xvfb at 1920x1080,
# as a presenter remote and the instructor's keyboard send them: Page Down/Up, Right/Left, space,
# digits (2, and 0 for lesson 10), S (the presenter view), the laser dot, B and '.' (blank), Z (the spotlight), an arrow inside the
# spotlight, Escape (closes the spotlight, then quits), Ctrl+Q. Each key must leave its line in --demo-log (lesson and page,
# blank on/off, the spotlit neuron); screenshots of the root window (ImageMagick's import) check
# that a blanked screen is black and that a page turn changes the picture. Skips (77) only when
# Xvfb or xdotool is not installed; without ImageMagick the picture checks are skipped, said so.
set -u
neurone=$1
# Xvfb at 1920x1080, $tmp, fail(): tests/xvfb.sh
xvfb_screen=1920x1080x24
. "$(dirname "$0")/xvfb.sh"
pictures=0
command -v import >/dev/null 2>&1 && command -v convert >/dev/null 2>&1 && pictures=1
[ "$pictures" -eq 1 ] || echo "note: ImageMagick (import, convert) is missing: the picture checks are skipped"

log="$tmp/demo.log"

# Starts the app in demo mode, waits for its window and gives it the keyboard; sets $wid.
start() {
    : >"$log"
    "$neurone" --demo --lang fr --demo-log "$log" "$@" >"$tmp/app.log" 2>&1 &
    apid=$!
    wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^Neurone$' | head -1)
    [ -n "$wid" ] || { echo "FAIL the window did not appear: $(cat "$tmp/app.log")"; exit 1; }
    xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
    sleep 1
}

# key KEY EXPECTED: sends KEY and waits (at most 5 s) for one more line in the log, which must
# match the extended regular expression EXPECTED (anchored); $said gets the line.
key() {
    before=$(wc -l <"$log")
    xdotool key "$1"
    i=0
    while [ "$(wc -l <"$log")" -le "$before" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 0.2 # a second line would be a key doing two things
    said=$(tail -n +"$((before + 1))" "$log")
    printf '%s\n' "$said" | grep -Eqx "$2" || fail "key $1: expected the log line /$2/, got \"$said\""
}

# shot NAME: the screen, as the room sees it.
shot() {
    [ "$pictures" -eq 1 ] && import -window root "$tmp/$1.png" 2>/dev/null
}

# changed A B MIN: more than MIN pixels differ between screenshots A and B (compare prints counts
# such as 1.39735e+06, which the shell cannot compare); $diff gets the count.
changed() {
    diff=$(compare -metric AE "$tmp/$1.png" "$tmp/$2.png" null: 2>&1)
    awk -v d="$diff" -v min="$3" 'BEGIN { exit !(d + 0 > min + 0) }'
}

# brightest NAME: the brightest pixel of a screenshot, 0..255.
brightest() {
    convert "$tmp/$1.png" -colorspace Gray -format "%[fx:int(255*maxima)]" info: 2>/dev/null || echo -1
}

start --lesson 1
size=$(xdotool getwindowgeometry "$wid" | sed -n 's/.*Geometry: //p')
[ "$size" = "1920x1080" ] || fail "expected a full screen window of 1920x1080, got \"$size\""

shot page1
key Page_Down "demo: lesson 1 page 2"
shot page2
key Page_Up "demo: lesson 1 page 1"
key Right "demo: lesson 1 page 2"
key Left "demo: lesson 1 page 1"
key space "demo: lesson 1 page 2"
if [ "$pictures" -eq 1 ]; then
    changed page1 page2 1000 ||
        fail "Page Down: expected another picture (over 1000 pixels changed), got $diff pixels"
fi

# S: the presenter view over the bottom right corner, and S again closes it
shot nopresenter
key s "demo: presenter on"
sleep 0.3
shot presenter
key s "demo: presenter off"
if [ "$pictures" -eq 1 ]; then
    changed nopresenter presenter 20000 ||
        fail "S: expected the presenter view to change the picture (over 20000 pixels), got $diff"
fi
# the pointer moving: a laser dot (red core) where it is
xdotool mousemove 700 500 && sleep 0.1 && xdotool mousemove 900 520 && sleep 0.3
shot laser
if [ "$pictures" -eq 1 ]; then
    dot=$(convert "$tmp/laser.png" -format "%[fx:int(255*p{900,520}.r)] %[fx:int(255*p{900,520}.g)]" info: 2>/dev/null)
    set -- $dot
    [ "${1:-0}" -gt 200 ] && [ "${2:-255}" -lt 80 ] ||
        fail "the pointer moving: expected a red laser dot at 900,520, got r g = \"$dot\""
fi

key b "demo: blank on"
shot blank
key b "demo: blank off"
shot back
key period "demo: blank on"
key period "demo: blank off"
if [ "$pictures" -eq 1 ]; then
    [ "$(brightest blank)" -eq 0 ] || fail "B: expected a black screen, the brightest pixel is $(brightest blank)"
    [ "$(brightest back)" -gt 200 ] || fail "B again: expected the lesson back, the brightest pixel is $(brightest back)"
fi

# a digit jumps to its lesson: 2, the network; Z lights a neuron there, Down the one below it in
# the same layer, Escape closes the spotlight and leaves the app running
key 2 "demo: lesson 2 page 1"
# the pointer on the network's side of the screen: Z there is the neuron spotlight (over another
# panel it zooms that panel, checked below)
xdotool mousemove 1450 560
sleep 0.3
shot network
key z "demo: spotlight (Entrée|Cachée|Sortie) .* at [0-9]+,[0-9]+ r [0-9.]+; inset .*"
first=$said
shot spotlight
key Down "demo: spotlight .* at [0-9]+,[0-9]+ r [0-9.]+; inset .*"
[ "$said" != "$first" ] || fail "Down in the spotlight: expected another neuron, got the same line \"$said\""
[ "${said%% at *}" != "${first%% at *}" ] || fail "Down in the spotlight: expected another neuron than ${first%% at *}"
if [ "$pictures" -eq 1 ]; then
    changed network spotlight 100000 ||
        fail "Z: expected the spotlight to change much of the picture (over 100000 pixels), got $diff"
fi
key Escape "demo: spotlight off"
# Z over the scene's left panel (the model's settings): that panel zoomed
xdotool mousemove 700 560
sleep 0.3
key z "demo: zoom on the panel at [0-9]+,[0-9]+ [0-9]+x[0-9]+, shown [0-9]+x[0-9]+"
key Escape "demo: spotlight off"
sleep 0.3
state=$(ps -o stat= -p "$apid" 2>/dev/null)
case "$state" in "" | Z*) fail "Escape in the spotlight: expected the app to keep running, it quit" ;; esac
key Right "demo: lesson 2 page 2"
# 0 is the tenth lesson (the course has ten)
key 0 "demo: lesson 10 page 1"

xdotool key ctrl+q
app_wait_exit
[ "$rc" -eq 0 ] || fail "Ctrl+Q: expected exit 0, got $rc: $(cat "$tmp/app.log")"

# Escape with no spotlight quits
start --lesson 3
key Page_Down "demo: lesson 3 page 2"
xdotool key Escape
app_wait_exit
[ "$rc" -eq 0 ] || fail "Escape: expected exit 0, got $rc: $(cat "$tmp/app.log")"

[ "$failures" -eq 0 ] && echo "ok   app_presenter: every key did what it should; pictures $([ "$pictures" -eq 1 ] && echo checked || echo skipped)"
[ "$failures" -eq 0 ]
