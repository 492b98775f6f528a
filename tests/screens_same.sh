#!/bin/sh
# screens_same.sh — proves that a change left every picture of the app as it was.
#
#   tests/screens_same.sh render NEURONE DIR     every page of every lesson, into DIR
#   tests/screens_same.sh compare OLD_DIR NEW_DIR  exit 1 when any picture differs
#   tests/screens_same.sh REV                     both: REV built in a worktree against build/
#
# "Every picture": each page of each lesson, in French and in English, at 1280x800 and in demo
# mode at 1920x1080 (dark theme), untrained (--steps 0), plus the seeded training states of
# tools/screenshots.sh (the spiral, the loss, Keras, the images; not the race nor exercise 2's results, whose
# timings are the machine's). Pictures are compared byte for byte (the PNG writer is
# deterministic), and ImageMagick's `compare` counts the pixels that differ when they are not.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)

# render NEURONE DIR
render() {
    neurone=$1
    dir=$2
    mkdir -p "$dir"
    list=$("$neurone" --lessons "$root/lessons" --list-lessons)
    echo "$list" | while IFS="$(printf '\t')" read -r lesson _title pages; do
        for page in $(seq 1 "$pages"); do
            for lang in fr en; do
                base=$(printf '%02d-%d-%s' "$lesson" "$page" "$lang")
                "$neurone" --lessons "$root/lessons" --lang "$lang" --lesson "$lesson" --page "$page" \
                    --size 1280x800 --screenshot "$dir/$base-desk.png"
                "$neurone" --lessons "$root/lessons" --lang "$lang" --lesson "$lesson" --page "$page" \
                    --demo --size 1920x1080 --screenshot "$dir/$base-demo.png"
            done
        done
    done
    # seeded training states (lesson page steps)
    for spec in "3 1 3000" "5 2 3000" "4 4 1400" "6 1 250" "8 4 250" "9 9 250"; do
        set -- $spec
        for lang in fr en; do
            "$neurone" --lessons "$root/lessons" --lang "$lang" --lesson "$1" --page "$2" \
                --steps "$3" --size 1280x800 --screenshot "$dir/steps-$1-$2-$lang.png"
        done
    done
    "$neurone" --lessons "$root/lessons" --lang fr --lesson 2 --demo --spotlight --size 1920x1080 \
        --screenshot "$dir/spotlight.png"
    "$neurone" --lessons "$root/lessons" --lang fr --lesson 4 --demo --theme light --steps 420 \
        --size 1920x1080 --screenshot "$dir/demo-light.png"
}

# compare OLD NEW: exit 1 when a picture differs or is missing on either side
compare_dirs() {
    old=$1
    new=$2
    total=0
    bad=0
    for f in "$old"/*.png; do
        name=$(basename "$f")
        total=$((total + 1))
        if [ ! -f "$new/$name" ]; then
            echo "screens_same: $name: missing in $new"
            bad=$((bad + 1))
        elif ! cmp -s "$f" "$new/$name"; then
            px=$(compare -metric AE "$f" "$new/$name" null: 2>&1 || true)
            echo "screens_same: $name: differs ($px pixels)"
            bad=$((bad + 1))
        fi
    done
    for f in "$new"/*.png; do
        [ -f "$old/$(basename "$f")" ] || { echo "screens_same: $(basename "$f"): new"; bad=$((bad + 1)); }
    done
    echo "screens_same: $((total - bad)) of $total pictures identical"
    [ "$total" -gt 0 ] && [ "$bad" -eq 0 ]
}

case ${1:-} in
render) render "$2" "$3" ;;
compare) compare_dirs "$2" "$3" ;;
"") echo "usage: $0 render NEURONE DIR | compare OLD NEW | REV" >&2; exit 2 ;;
*)
    rev=$1
    work=$(mktemp -d)
    trap 'git -C "$root" worktree remove --force "$work/src" 2>/dev/null; rm -rf "$work"' EXIT
    git -C "$root" worktree add --detach "$work/src" "$rev" >/dev/null
    meson setup "$work/build" "$work/src" >/dev/null
    ninja -C "$work/build" app/neurone >/dev/null
    ninja -C "$root/build" app/neurone >/dev/null
    render "$work/build/app/neurone" "$work/old"
    render "$root/build/app/neurone" "$work/new"
    compare_dirs "$work/old" "$work/new"
    ;;
esac
