#!/bin/sh
# crash_save.sh HELPER [ROUNDS] — a save killed by SIGKILL at a random moment (0 to 20 ms after
# the helper's measured start-up, while it saves in a loop) leaves the old file or the new one, never a damaged one:
# ROUNDS (200) rounds for the model file (nn_save) and as many for the progress file
# (lesson_user_file_save, which the recent files share). Each round's file must load whole and be
# at least as new as the previous round's.
set -u
helper=$1
rounds=${2:-200}
. "$(dirname "$0")/cli_check.sh"
export XDG_CONFIG_HOME="$tmp/config"

# the helper's start-up in ms ($startup, measured by warm_up): a sanitizer build under load takes
# longer than 20 ms to reach its first save, and a kill before it would test nothing
startup=0
# a random pause of the start-up plus 0 to 20 ms
pause() { sleep "$(od -An -N2 -tu2 /dev/urandom | awk -v s="$startup" '{ printf "%.3f", (s + $1 % 21) / 1000 }')"; }

# warm_up KIND FILE: one run (its k from 1, below every round's) until its file appears; sets
# $startup to the milliseconds that took
warm_up() {
    t0=$(date +%s%N)
    if [ "$1" = model ]; then "$helper" model "$2" 1 & else "$helper" progress 1 & fi
    pid=$!
    n=0
    while [ ! -e "$2" ] && [ $n -lt 6000 ]; do sleep 0.01; n=$((n + 1)); done
    startup=$(( ($(date +%s%N) - t0) / 1000000 ))
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ -e "$2" ] || fail "$1: the helper never saved a file in 60 s"
}

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
    warm_up "$kind" "$file"
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
    # the warm-up's k is below 10000: a round's own save must have landed
    [ "$last" -ge 10000 ] || fail "$kind: no round saved a file: the test proves nothing"
    echo "$kind: $rounds rounds killed $startup ms + 0 to 20 ms after their start, the last file holds $last"
done
[ "$failures" -eq 0 ]
