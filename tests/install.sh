#!/bin/sh
# install.sh BUILD SOURCE CC HAVE_APP — `meson install` into a DESTDIR, checked as a packager and a
# new user would: every file in its place; the desktop entry, the AppStream metadata and the man
# page through their validators; the library's exports against its headers; one version
# everywhere; docs/example.c built with pkg-config against the DESTDIR's neurone.pc and run; then
# the installed program run headless (--screenshot, train, --bench), finding its data and lessons
# in the DESTDIR alone, and an instructor's lesson folder adding and overriding lessons.
# A missing validator skips its part only; the test then exits 77 if nothing else failed.
set -u
build=$1
src=$2
cc=${3:-cc}
have_app=${4:-true}
. "$(dirname "$0")/cli_check.sh"
skipped=""
skip() { echo "SKIP $*"; skipped="$skipped; $*"; }
app_id=io.github.neurone_workbench.neurone
# the sanitizer build's program and library carry ASan: the example program, built without it, is
# linked to them, so the runtime cannot come first in its link order
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

option() {
    meson introspect "$build" --buildoptions |
        python3 -c "import json, sys; print({o['name']: o['value'] for o in json.load(sys.stdin)}['$1'])"
}
version=$(meson introspect "$build" --projectinfo | python3 -c "import json, sys; print(json.load(sys.stdin)['version'])")
prefix=$(option prefix)
libdir=$(option libdir)
case $libdir in /*) ;; *) libdir=$prefix/$libdir ;; esac
share=$prefix/$(option datadir)
root=$tmp/root
meson install -C "$build" --no-rebuild --quiet --destdir "$root" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; fail "meson install --destdir failed"; exit 1; }
lib=$root$libdir
data=$root$share
neurone=$root$prefix/$(option bindir)/neurone
echo "installed $version into $root$prefix"

# ---- the installed program, headless, with no source tree and no system-wide copy to lean on ---
installed() {
    env -u NEURONE_DATA_DIR -u NEURONE_LESSONS_DIR -u NEURONE_FASHION_MNIST -u DISPLAY -u WAYLAND_DISPLAY \
        HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/userdata" XDG_DATA_DIRS="$tmp/nowhere" \
        LD_LIBRARY_PATH="$lib" "$neurone" "$@"
}

# ---- the files, each in its place -------------------------------------------------------------
check_files() {
    for f in "$neurone" "$lib/libneurone.so.$version" "$lib/libneurone.so.${version%%.*}" "$lib/libneurone.so" \
        "$lib/pkgconfig/neurone.pc" "$root$prefix/$(option includedir)/neurone/nn.h" \
        "$root$prefix/$(option includedir)/neurone/nn_data.h" "$root$prefix/$(option includedir)/neurone/nn_classic.h" \
        "$data/neurone/fonts/DejaVuSans.ttf" "$data/neurone/datasets/iris.csv" \
        "$data/applications/$app_id.desktop" "$data/metainfo/$app_id.metainfo.xml" \
        "$data/icons/hicolor/scalable/apps/$app_id.svg" "$root$prefix/$(option mandir)/man1/neurone.1" \
        "$data/bash-completion/completions/neurone"; do
        [ -e "$f" ] || fail "expected ${f#"$root"} to be installed"
    done
    for l in fr en; do
        n=$(find "$data/neurone/lessons/$l" -name '[0-9]*.md' 2>/dev/null | wc -l)
        [ "$n" -ge 10 ] || fail "expected at least 10 lessons in share/neurone/lessons/$l, found $n"
    done
    for size in 48 64 128 256; do
        png=$data/icons/hicolor/${size}x$size/apps/$app_id.png
        got=$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null |
              awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
        [ "$got" = "${size}x$size" ] || fail "icon ${size}x$size: expected a PNG of that size, got '$got'"
    done
}

# ---- the library: a soname, and exactly the headers' functions exported, versioned ------------
check_exports() {
    soname=$(readelf -d "$lib/libneurone.so.$version" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
    [ "$soname" = "libneurone.so.${version%%.*}" ] || fail "soname: expected libneurone.so.${version%%.*}, got '$soname'"
    inc=$root$prefix/$(option includedir)/neurone
    printf '#include <nn.h>\n#include <nn_data.h>\n#include <nn_classic.h>\n' >"$tmp/headers.c"
    "$cc" -std=c11 -fsyntax-only -I"$inc" -aux-info "$tmp/aux" "$tmp/headers.c" ||
        { fail "the installed headers do not compile on their own"; return; }
    grep -F "$inc/" "$tmp/aux" | sed -E 's/^.*[ *]([A-Za-z_0-9]+) \(.*$/\1/' | sort -u >"$tmp/declared"
    nm -D --defined-only "$lib/libneurone.so.$version" | awk '$2 == "T" || $2 == "D" || $2 == "B" { print $3 }' |
        sort -u >"$tmp/exported"
    [ "$(wc -l <"$tmp/declared")" -ge 50 ] || fail "expected the headers to declare 50 functions or more"
    if grep -v '@@NEURONE_0$' "$tmp/exported" | grep -q .; then
        fail "exports without the version NEURONE_0: $(grep -v '@@NEURONE_0$' "$tmp/exported" | tr '\n' ' ')"
    fi
    sed 's/@.*//' "$tmp/exported" | sort -u >"$tmp/exported_names"
    extra=$(comm -13 "$tmp/declared" "$tmp/exported_names" | tr '\n' ' ')
    missing=$(comm -23 "$tmp/declared" "$tmp/exported_names" | tr '\n' ' ')
    [ -z "$extra" ] || fail "exported but in no public header: $extra"
    [ -z "$missing" ] || fail "declared in a public header but not exported (engine/neurone.map): $missing"
    echo "exports: $(wc -l <"$tmp/exported_names") functions, all NEURONE_0, as the headers declare"
}

# ---- one version: meson.build's, in the program, the library, pkg-config, metainfo, man, debian
check_versions() {
    got=$(installed --version 2>&1)
    [ "$got" = "neurone $version" ] || fail "--version: expected 'neurone $version', got '$got'"
    pc=$(PKG_CONFIG_PATH="$lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root" pkg-config --modversion neurone)
    [ "$pc" = "$version" ] || fail "neurone.pc: expected version $version, got '$pc'"
    meta=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$data/metainfo/$app_id.metainfo.xml" | head -n 1)
    [ "$meta" = "$version" ] || fail "metainfo: expected the newest release to be $version, got '$meta'"
    grep -q "^\.TH NEURONE 1 .*\"neurone $version\"" "$root$prefix/$(option mandir)/man1/neurone.1" ||
        fail "neurone.1: expected 'neurone $version' in its .TH line"
    deb=$(sed -n '1s/^neurone (\([^-)]*\).*/\1/p' "$src/debian/changelog")
    [ "$deb" = "$version" ] || fail "debian/changelog: expected version $version, got '$deb'"
}

# ---- the validators ----------------------------------------------------------------------------
check_desktop() {
    desktop=$data/applications/$app_id.desktop
    for key in 'Name=' 'Name\[fr\]=' 'Comment=' 'Comment\[fr\]=' 'Categories=.*Education;' 'Categories=.*Science;' \
        "Icon=$app_id\$" 'Exec=neurone'; do
        grep -q "^$key" "$desktop" || fail "desktop entry: expected a line matching ^$key"
    done
    if command -v desktop-file-validate >/dev/null; then
        desktop-file-validate "$desktop" >"$tmp/dfv" 2>&1 || fail "desktop-file-validate failed: $(cat "$tmp/dfv")"
        ! grep -E ': (error|warning):' "$tmp/dfv" || fail "desktop-file-validate: errors or warnings above"
    else
        skip "desktop-file-validate is missing (desktop-file-utils)"
    fi
}

check_metainfo() {
    if command -v appstreamcli >/dev/null; then
        appstreamcli validate --no-net --pedantic "$data/metainfo/$app_id.metainfo.xml" >"$tmp/asv" 2>&1 ||
            fail "appstreamcli validate failed: $(cat "$tmp/asv")"
    else
        skip "appstreamcli is missing (appstream)"
    fi
    grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$data/metainfo/$app_id.metainfo.xml" ||
        fail "metainfo: expected the desktop entry as its launchable"
    for shot in $(sed -n 's|.*<image>.*/docs/screenshots/\([^<]*\)</image>.*|\1|p' "$data/metainfo/$app_id.metainfo.xml"); do
        [ -f "$src/docs/screenshots/$shot" ] || fail "metainfo: screenshot $shot is not in docs/screenshots"
    done
}

# Every option of the program's help texts, one a line.
help_options() {
    { installed --help; installed train --help; installed run --help; installed compare --help
      installed --bench --help; [ "$have_app" = true ] && installed --help-app; } 2>/dev/null |
        grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

check_man() {
    man_page=$root$prefix/$(option mandir)/man1/neurone.1
    if command -v man >/dev/null; then
        MANWIDTH=80 man --warnings -l "$man_page" >"$tmp/man.txt" 2>"$tmp/man.err" || fail "man -l neurone.1 failed"
        [ ! -s "$tmp/man.err" ] || fail "man --warnings: $(cat "$tmp/man.err")"
    else
        skip "man is missing (man-db)"
    fi
    help_options >"$tmp/options"
    [ "$(wc -l <"$tmp/options")" -ge 40 ] || fail "expected 40 options or more in the help texts, got $(wc -l <"$tmp/options")"
    for opt in $(cat "$tmp/options"); do
        grep -qF -- "$(echo "$opt" | sed 's/-/\\-/g')" "$man_page" || fail "neurone.1: option $opt is missing"
        grep -qE -- "(^|[ \"])$opt( |\"|\$)" "$data/bash-completion/completions/neurone" ||
            fail "bash completion: option $opt is missing"
    done
    for cmd in train run compare; do
        grep -q "^\.SS neurone $cmd" "$man_page" || fail "neurone.1: expected a section for neurone $cmd"
    done
}

# The completion function itself, with bash-completion's two helpers stubbed.
check_completion() {
    command -v bash >/dev/null || { skip "bash is missing"; return; }
    got=$(bash -c '_init_completion() { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]};
                     words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
                   _filedir() { :; }
                   . "$1"
                   COMP_WORDS=(neurone tr); COMP_CWORD=1; _neurone; echo "${COMPREPLY[*]}"
                   COMP_WORDS=(neurone train --eng); COMP_CWORD=2; _neurone; echo "${COMPREPLY[*]}"
                   COMP_WORDS=(neurone train --engine ""); COMP_CWORD=3; _neurone; echo "${COMPREPLY[*]}"' \
          _ "$data/bash-completion/completions/neurone" | tr '\n' '|')
    [ "$got" = "train|--engine|cpu vulkan|" ] || fail "bash completion: expected 'train|--engine|cpu vulkan|', got '$got'"
}

# ---- docs/example.c against the DESTDIR's neurone.pc ---------------------------------------------
check_example() {
    flags=$(PKG_CONFIG_PATH="$lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root" pkg-config --cflags --libs neurone) ||
        { fail "pkg-config neurone failed"; return; }
    echo "pkg-config neurone: $flags"
    case $flags in *"$root"*) ;; *) fail "pkg-config: expected paths inside the DESTDIR, got: $flags" ;; esac
    # shellcheck disable=SC2086
    "$cc" -std=c11 -Wall -Wextra -Werror -o "$tmp/example" "$src/docs/example.c" $flags ||
        { fail "docs/example.c does not build against the installed library"; return; }
    ldd_line=$(LD_LIBRARY_PATH="$lib" ldd "$tmp/example" | grep libneurone)
    case $ldd_line in *"$lib/"*) ;; *) fail "example: expected libneurone from the DESTDIR, got: $ldd_line" ;; esac
    LD_LIBRARY_PATH="$lib" "$tmp/example" >"$tmp/example.out" 2>&1 ||
        fail "docs/example.c: expected exit 0, got $?: $(cat "$tmp/example.out")"
    matches "$tmp/example.out" '^test accuracy (0\.9|1\.0)' "docs/example.c"
}

check_paths() {
    ldd_line=$(LD_LIBRARY_PATH="$lib" ldd "$neurone" | grep libneurone)
    case $ldd_line in *"$lib/"*) ;; *) fail "neurone: expected libneurone from the DESTDIR, got: $ldd_line" ;; esac
    installed --paths >"$tmp/paths" 2>&1 || fail "--paths: expected exit 0: $(cat "$tmp/paths")"
    real=$(realpath "$data/neurone")
    has "$tmp/paths" "data: $real" "--paths (the data beside the installed library)"
    matches "$tmp/paths" "^lessons: $real/lessons\$" "--paths (the installed lessons alone)"
    has "$tmp/paths" "progress: $tmp/config/neurone/progress" "--paths (the progress in XDG_CONFIG_HOME)"
    ! grep -F "$src" "$tmp/paths" || fail "--paths: the source tree is in the lookups above"
}

check_headless() {
    installed train --dataset iris --epochs 5 --quiet >"$tmp/train" 2>&1 ||
        fail "train --dataset iris: expected exit 0: $(cat "$tmp/train")"
    matches "$tmp/train" '^Test accuracy: [0-9.]+' "train --dataset iris (iris.csv from the installed data)"
    installed --bench --workload playground --engine cpu --quiet --json "$tmp/bench.json" >"$tmp/bench" 2>&1 ||
        fail "--bench: expected exit 0: $(cat "$tmp/bench")"
    has "$tmp/bench.json" '"playground"' "--bench --json"
    [ "$have_app" = true ] || return 0
    installed --check-lessons >"$tmp/check" 2>&1 || fail "--check-lessons: expected exit 0: $(cat "$tmp/check")"
    matches "$tmp/check" "^10 lessons in $(realpath "$data/neurone/lessons"): no errors" "--check-lessons"
    installed --screenshot "$tmp/shot.png" --lesson 1 --size 640x400 >"$tmp/shot" 2>&1 ||
        fail "--screenshot: expected exit 0: $(cat "$tmp/shot")"
    got=$(od -An -tu1 -j16 -N8 "$tmp/shot.png" 2>/dev/null |
          awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
    [ "$got" = "640x400" ] || fail "--screenshot: expected a 640x400 PNG, got '$got'"
}

# An instructor's folder, $XDG_DATA_HOME/neurone/lessons: one file overrides lesson 3 in French,
# another adds lesson 11; the installed files are left as they are.
check_instructor_lessons() {
    [ "$have_app" = true ] || return 0
    own=$tmp/userdata/neurone/lessons
    mkdir -p "$own/fr"
    sed '1s/^# .*/# Ma propre leçon trois/' "$(ls "$data"/neurone/lessons/fr/03-*.md)" >"$own/fr/03-la-mienne.md"
    sed '1s/^# .*/# Une leçon ajoutée/' "$(ls "$data"/neurone/lessons/fr/01-*.md)" >"$own/fr/11-ajoutee.md"
    installed --list-lessons --lang fr >"$tmp/list" 2>&1 || fail "--list-lessons: expected exit 0: $(cat "$tmp/list")"
    matches "$tmp/list" "^3	Ma propre leçon trois	" "an instructor's file overriding lesson 3"
    matches "$tmp/list" "^11	Une leçon ajoutée	" "an instructor's file adding lesson 11"
    n=$(grep -c '^[0-9][0-9]*	' "$tmp/list")
    [ "$n" -eq 11 ] || fail "--list-lessons: expected 11 lessons, got $n: $(cat "$tmp/list")"
    installed --list-lessons --lang en >"$tmp/list_en" 2>&1
    ! grep -q "Ma propre" "$tmp/list_en" || fail "lesson 3 in English: expected the installed file still"
    installed --check-lessons >"$tmp/check2" 2>&1 || fail "--check-lessons with an instructor's folder: $(cat "$tmp/check2")"
    installed --paths >"$tmp/paths2" 2>&1
    matches "$tmp/paths2" "^lessons: $(realpath "$own"):" "--paths (the instructor's folder first)"
}

check_files
check_exports
check_versions
check_desktop
check_metainfo
check_man
check_completion
check_example
check_paths
check_headless
check_instructor_lessons
echo "install: $failures failure(s)"
[ "$failures" -eq 0 ] || exit 1
[ -z "$skipped" ] || { echo "skipped parts$skipped"; exit 77; }
