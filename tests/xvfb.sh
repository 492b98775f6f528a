# xvfb.sh — sourced by the tests that drive the real window (app_xvfb.sh, app_compare_xvfb.sh,
# app_drop_xvfb.sh, app_code_xvfb.sh, app_playground_xvfb.sh): skips (77) without Xvfb or xdotool, makes $tmp (removed on exit, with the app
# ($apid) and the server ($xpid) stopped), defines fail() counting $failures, and starts Xvfb on a
# free display with a screen of $xvfb_screen (default 1280x800x24). The app then finds DISPLAY, a
# config folder of its own in $tmp/config. app_start and
# app_wait_exit, at the end, start "$neurone" in a window and wait for it to quit.
for tool in Xvfb xdotool; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d)
xpid=""
apid=""
cleanup() {
    [ -n "$apid" ] && kill "$apid" 2>/dev/null
    [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# a free display number
n=90
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 "${xvfb_screen:-1280x800x24}" -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xpid=$!
i=0
while [ ! -e "/tmp/.X11-unix/X$n" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "/tmp/.X11-unix/X$n" ] || { echo "FAIL Xvfb did not start: $(cat "$tmp/xvfb.log")"; exit 1; }
export DISPLAY=":$n" XDG_CONFIG_HOME="$tmp/config"
unset WAYLAND_DISPLAY SDL_VIDEODRIVER

# Starts the app ("$neurone" with these arguments, its output in $tmp/app.log), waits for its
# window, puts it at the screen's corner (tests click at fixed points) and gives it the keyboard;
# sets $apid and $wid.
app_start() {
    "$neurone" "$@" >"$tmp/app.log" 2>&1 &
    apid=$!
    wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^Neurone$' | head -1)
    [ -n "$wid" ] || { echo "FAIL the window did not appear: $(cat "$tmp/app.log")"; exit 1; }
    xdotool windowmove "$wid" 0 0
    xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
    sleep 1
}

# Waits (at most 20 s) for the app to exit; sets $rc to its status (124: still running). Not in a
# subshell: only this shell can reap its child, and an unreaped child still answers kill -0.
app_wait_exit() {
    i=0
    state=""
    while [ $i -lt 200 ]; do
        state=$(ps -o stat= -p "$apid" 2>/dev/null)
        case "$state" in "" | Z*) break ;; esac
        sleep 0.1
        i=$((i + 1))
    done
    case "$state" in
    "" | Z*) wait "$apid"; rc=$?; apid="" ;;
    *) rc=124 ;;
    esac
}

# Ctrl+S, then Enter in the path field that takes the keyboard; waits (at most 3 s) for the file $1
# to change. The code panel's save (app_code_xvfb.sh, app_playground_xvfb.sh).
save() {
    before=$(stat -c %Y.%s "$1" 2>/dev/null || echo none)
    xdotool key ctrl+s
    sleep 0.4
    xdotool key Return
    i=0
    while [ $i -lt 30 ] && [ "$(stat -c %Y.%s "$1" 2>/dev/null || echo none)" = "$before" ]; do
        sleep 0.1
        i=$((i + 1))
    done
}

# Immediate-mode widgets take a press where the pointer already was: move, then click at X Y.
click() {
    xdotool mousemove "$1" "$2"
    sleep 0.3
    xdotool click 1
    sleep 0.4
}

# has FILE TEXT WHAT: a failure named WHAT unless FILE holds TEXT.
has() { grep -qF -- "$2" "$1" || fail "$3: expected \"$2\" in $1: $(cat "$1" 2>&1)"; }
