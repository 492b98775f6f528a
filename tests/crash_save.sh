#!/bin/sh
# crash_save.sh HELPER [ROUNDS] — a save killed by SIGKILL at a random moment (0 to 20 ms after
# the helper starts saving in a loop) leaves the old file or the new one, never a damaged one:
# ROUNDS (200) rounds for the model file (nn_save) and as many for the progress file
# (lesson_user_file_save, which the recent files share). Each round's file must load whole and be
# at least as new as the previous round's.
set -u
helper=$1
rounds=${2:-200}
. "$(dirname "$0")/cli_check.sh"
export XDG_CONFIG_HOME="$tmp/config"

# a random pause of 0 to 20 ms
pause() { sleep "$(od -An -N2 -tu2 /dev/urandom | awk '{ printf "0.%03d", $1 % 21 }')"; }

# round KIND FILE PREVIOUS: one killed run, then the check; prints the k the file holds
round() {
    if [ "$1" = model ]; then "$helper" model "$2" "$3" & else "$helper" progress "$3" & fi
    pid=$!
    pause
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

for kind in model progress; do
    if [ "$kind" = model ]; then file="$tmp/model.nn"; else file="$XDG_CONFIG_HOME/neurone/progress"; fi
    last=0
    bad=0
    i=1
    while [ "$i" -le "$rounds" ]; do
        first=$((i * 10000))
        round "$kind" "$file" "$first"
        if [ -e "$file" ]; then
            got=$("$helper" "check-$kind" "$file")
            case $got in
            damaged*) fail "$kind, round $i: $got"; bad=$((bad + 1)) ;;
            *) [ "$got" -ge "$last" ] || fail "$kind, round $i: expected a file at least as new as $last, got $got"
               last=$got ;;
            esac
        fi
        [ "$bad" -lt 5 ] || break
        i=$((i + 1))
    done
    [ "$last" -gt 0 ] || fail "$kind: no round saved a file: the test proves nothing"
    echo "$kind: $rounds rounds killed, the last file holds $last"
done
[ "$failures" -eq 0 ]
