#!/bin/sh
# lessons_cli.sh NEURONE SOURCE_ROOT — the lessons from the command line: --check-lessons on the
# course's folder, on a broken one (file:line, exit 1) and on one whose recorded GPU figures are
# damaged (file:line: field), --lessons DIR with an eleventh lesson dropped in, a diverging run
# explained, the language from LANG and from --lang, and --screenshot of every lesson in both
# languages (a PNG of the size asked for).
set -u
neurone=$1
root=$2
. "$(dirname "$0")/cli_check.sh"

# the course's lessons check clean
"$neurone" --check-lessons --lessons "$root/lessons" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || fail "--check-lessons: expected exit 0, got $rc: $(cat "$tmp/err")"
grep -q "no errors" "$tmp/out" || fail "--check-lessons: expected \"no errors\", got: $(cat "$tmp/out")"
[ ! -s "$tmp/err" ] || fail "--check-lessons: expected nothing on stderr, got: $(cat "$tmp/err")"

# a broken folder: each problem as file:line, exit 1
mkdir -p "$tmp/broken/fr" "$tmp/broken/en"
printf '# Un\n\n@scene neuron\n@dataset spiral\n\nTexte.\n' >"$tmp/broken/fr/01-un.md"
printf '# One\n\n```python\nprint(1)\n' >"$tmp/broken/en/01-one.md"
"$neurone" --check-lessons --lessons "$tmp/broken" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || fail "broken --check-lessons: expected exit 1, got $rc"
grep -q "fr/01-un.md:4: " "$tmp/err" || fail "broken: expected fr/01-un.md:4 named, got: $(cat "$tmp/err")"
grep -q "en/01-one.md:3: " "$tmp/err" || fail "broken: expected en/01-one.md:3 named, got: $(cat "$tmp/err")"
# ... and the app still starts on it, saying so
"$neurone" --lessons "$tmp/broken" --screenshot "$tmp/broken.png" --size 640x400 >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || fail "broken folder: expected the screenshot all the same, got exit $rc"
grep -q "01-un.md:4: " "$tmp/err" || fail "broken folder: expected the errors on stderr, got: $(cat "$tmp/err")"

# the figures recorded on a real GPU (the race's), damaged: the file, the line and the field, exit 1
cp -r "$root/lessons" "$tmp/recorded"
printf 'device\ttype\tdate\tmodel\tbatch\tcpu_threads\tcpu\tgpu\nX\tCPU\t2026-11-27\t784-10\t64\t2\t100\tlots\n' \
    >"$tmp/recorded/gpu-recorded.tsv"
env -u LC_ALL -u LC_MESSAGES LANG=en_GB.UTF-8 "$neurone" --check-lessons --lessons "$tmp/recorded" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || fail "damaged gpu-recorded.tsv: expected exit 1, got $rc"
grep -q "recorded/gpu-recorded.tsv:2: field 'gpu': expected a number of samples a second, above 0, got 'lots'" "$tmp/err" ||
    fail "damaged gpu-recorded.tsv: expected its line and field named, got: $(cat "$tmp/err")"

# an eleventh lesson dropped into a copy of the folder
cp -r "$root/lessons" "$tmp/lessons"
printf '# Bilan\n\n## Ce que vous savez\n\nDu neurone au GPU.\n' >"$tmp/lessons/fr/11-bilan.md"
printf '# Review\n\n## What you know\n\nFrom the neuron to the GPU.\n' >"$tmp/lessons/en/11-review.md"
"$neurone" --lessons "$tmp/lessons" --lang fr --list-lessons >"$tmp/out" 2>"$tmp/err"
[ "$(wc -l <"$tmp/out")" -eq 11 ] || fail "eleventh lesson: expected 11 lessons, got: $(cat "$tmp/out") $(cat "$tmp/err")"
tail -1 "$tmp/out" | grep -q "^11	Bilan	1$" || fail "eleventh lesson: expected \"11 Bilan 1\" last, got: $(tail -1 "$tmp/out")"
"$neurone" --lessons "$tmp/lessons" --lesson 11 --screenshot "$tmp/eleven.png" --size 640x400 2>"$tmp/err" ||
    fail "eleventh lesson: expected its screenshot: $(cat "$tmp/err")"

# a run that diverges (a linear network, sgd, learning_rate 1, as lesson 5 lets the student try):
# the app stops it and says why in the student's language
mkdir -p "$tmp/diverge/fr" "$tmp/diverge/en"
for l in fr en; do
    printf '# D\n\n@scene training\n@dataset spiral\n@model 2-8-8-2 linear\n@optimizer sgd\n@learning_rate 1\n\n## D\n\nTexte.\n' \
        >"$tmp/diverge/$l/01-d.md"
done
"$neurone" --lessons "$tmp/diverge" --lang fr --lesson 1 --steps 500 --screenshot "$tmp/d.png" --size 640x400 2>"$tmp/err"
grep -q "L'entraînement a divergé.*learning_rate" "$tmp/err" ||
    fail "diverging run (fr): expected the French explanation, got: $(cat "$tmp/err")"
"$neurone" --lessons "$tmp/diverge" --lang en --lesson 1 --steps 500 --screenshot "$tmp/d.png" --size 640x400 2>"$tmp/err"
grep -q "Training diverged: .*Lower the learning_rate" "$tmp/err" ||
    fail "diverging run (en): expected the English explanation, got: $(cat "$tmp/err")"

# the language: from LANG, unless --lang says otherwise
first_fr=$(head -1 "$root/lessons/fr/01-"*.md | sed 's/^# //')
first_en=$(head -1 "$root/lessons/en/01-"*.md | sed 's/^# //')
got=$(env -u LC_ALL -u LC_MESSAGES LANG=en_GB.UTF-8 "$neurone" --lessons "$root/lessons" --list-lessons | head -1 | cut -f2)
[ "$got" = "$first_en" ] || fail "LANG=en_GB: expected \"$first_en\", got \"$got\""
got=$(env -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 "$neurone" --lessons "$root/lessons" --list-lessons | head -1 | cut -f2)
[ "$got" = "$first_fr" ] || fail "LANG=fr_FR: expected \"$first_fr\", got \"$got\""
got=$(env -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 "$neurone" --lessons "$root/lessons" --lang en --list-lessons | head -1 | cut -f2)
[ "$got" = "$first_en" ] || fail "--lang en: expected \"$first_en\", got \"$got\""

# every lesson's screenshot in both languages: a PNG of the size asked for
n=$("$neurone" --lessons "$root/lessons" --list-lessons | wc -l)
for lang in fr en; do
    for i in $(seq 1 "$n"); do
        out="$tmp/l$i-$lang.png"
        "$neurone" --lessons "$root/lessons" --lang "$lang" --lesson "$i" --screenshot "$out" --size 800x500 2>"$tmp/err" ||
            fail "lesson $i ($lang): expected exit 0: $(cat "$tmp/err")"
        size=$(od -An -tu1 -j16 -N8 "$out" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
        [ "$size" = "800x500" ] || fail "lesson $i ($lang): expected an 800x500 PNG, got $size"
        # a drawn page compresses far less than a blank one
        [ "$(wc -c <"$out")" -gt 20000 ] || fail "lesson $i ($lang): the image looks blank ($(wc -c <"$out") bytes)"
    done
done

[ "$failures" -eq 0 ] && echo "ok   lessons_cli: $n lessons, both languages"
[ "$failures" -eq 0 ]
