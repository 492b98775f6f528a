#!/bin/sh
# Fuzzes every parser with libFuzzer (clang-14, -fsanitize=fuzzer,address,undefined):
#   sh tools/fuzz.sh [SECONDS]      build, then run each harness SECONDS (default 60); prints per
#                                   harness its executions, coverage and crashes; exits 1 on any
#                                   crash, leak, timeout, out-of-memory or sanitizer report
#   sh tools/fuzz.sh --build        build only
#   sh tools/fuzz.sh --regress      build, then run each harness once over its seed corpus
#                                   (tests/fuzz/corpus/NAME): the test suite's quick check
# FUZZ_BUILD (default build-fuzz) is the build folder; FUZZ_ONLY="csv idx" picks harnesses;
# FUZZ_OPT (default -O1) the optimisation; FUZZ_TIMEOUT (default 10) the seconds one input may take
# (a long campaign at nice 19 on a busy machine needs more: a starved process is not a hang).
# Exit status 77: clang-14 or its libFuzzer (libclang-rt-14-dev) is missing.
#
# The engine and the course, Keras and command parts are compiled by clang-14 into one archive
# from a ninja file written here: meson cannot mix two compilers in one project, and the
# harnesses need neither SDL nor Vulkan (engine/vk_stub.c stands in for the Vulkan engine).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
out=${FUZZ_BUILD:-build-fuzz}
case $out in /*) ;; *) out="$root/$out" ;; esac
harnesses=${FUZZ_ONLY:-"csv idx model describe lesson progress train_args compare_args bench_args grade_args keras ipynb recorded"}
mode=fuzz seconds=60
case ${1:-} in
--build) mode=build ;;
--regress) mode=regress ;;
'') ;;
*[!0-9]*) echo "usage: sh tools/fuzz.sh [SECONDS | --build | --regress]" >&2; exit 2 ;;
*) seconds=$1 ;;
esac

cc=clang-14
if ! command -v $cc >/dev/null 2>&1 || ! command -v ninja >/dev/null 2>&1; then
    echo "fuzz: clang-14 or ninja is missing (apt-get install clang-14 libclang-rt-14-dev ninja-build)"
    exit 77
fi
mkdir -p "$out"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' >"$out/probe.c"
if ! $cc -fsanitize=fuzzer,address,undefined "$out/probe.c" -o "$out/probe" >/dev/null 2>&1; then
    echo "fuzz: clang-14 cannot link libFuzzer (apt-get install libclang-rt-14-dev)"
    exit 77
fi

# ---- the ninja file ----------------------------------------------------------------------------
# UBSan stops at its first report (-fno-sanitize-recover), so that libFuzzer counts it as a crash.
{
    echo "cflags = -std=c11 -g ${FUZZ_OPT:--O1} -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined" \
        "-fno-sanitize-recover=undefined -Wall -Wextra -Wno-unused-parameter -Wno-unused-function" \
        "-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DNEURONE_VERSION='\"fuzz\"'" \
        "-DNEURONE_SOURCE_DATADIR='\"$root/assets\"' -DNEURONE_INSTALL_DATADIR='\"/nonexistent\"'" \
        "-DNEURONE_FUZZ_LESSONS='\"$root/lessons\"'" \
        "-I$root/engine -I$root/app/course -I$root/app/keras -I$root/app/cmd -I$root/tests/fuzz"
    echo "rule cc"
    echo "  command = $cc \$cflags -MMD -MF \$out.d -c \$in -o \$out"
    echo "  depfile = \$out.d"
    echo "  deps = gcc"
    echo "  description = CC \$in"
    echo "rule ar"
    echo "  command = rm -f \$out && ar rcs \$out \$in"
    echo "rule link"
    echo "  command = $cc -fsanitize=fuzzer,address,undefined \$in -o \$out -lz -lm -lpthread"
    echo "  description = LINK \$out"
    objs=""
    for src in engine/*.c engine/cpu/*.c engine/util/*.c engine/data/*.c engine/classic/*.c \
               app/course/*.c app/keras/*.c app/cmd/*.c; do
        obj="obj/${src%.c}.o"
        echo "build $obj: cc $root/$src"
        objs="$objs $obj"
    done
    echo "build libneurone-fuzz.a: ar$objs"
    for h in $harnesses; do
        echo "build obj/fuzz_$h.o: cc $root/tests/fuzz/fuzz_$h.c"
        echo "build fuzz_$h: link obj/fuzz_$h.o libneurone-fuzz.a"
    done
} >"$out/build.ninja.new"
cmp -s "$out/build.ninja.new" "$out/build.ninja" 2>/dev/null || mv "$out/build.ninja.new" "$out/build.ninja"
rm -f "$out/build.ninja.new"
if ! ninja -C "$out" >"$out/ninja.log" 2>&1; then
    grep -v '^\[' "$out/ninja.log" >&2
    exit 1
fi
[ "$mode" = build ] && exit 0

# ---- running them --------------------------------------------------------------------------------
mkdir -p "$out/tmp" "$out/crashes" "$out/logs"
export TMPDIR="$out/tmp"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1
# libFuzzer's own failure status is 77, which meson reads as "skipped": ask for 1.
common="-error_exitcode=1 -timeout_exitcode=1 -rss_limit_mb=2048 -malloc_limit_mb=1024 -close_fd_mask=3"
failed=0
printf '%-14s %12s %8s %8s  %s\n' harness executions cov crashes result
for h in $harnesses; do
    seeds="$root/tests/fuzz/corpus/$h"
    log="$out/logs/$h.log"
    if [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds")" ]; then
        echo "fuzz: $seeds: no seed corpus" >&2
        failed=1
        continue
    fi
    # libFuzzer's artifacts but its slow-unit reports (a slow input is reported, not a failure)
    before=$(ls "$out/crashes" | grep "^$h-" | grep -c -v -- "-slow-unit-" || true)
    if [ "$mode" = regress ]; then
        set -- -runs=0 -timeout=30 -artifact_prefix="$out/crashes/regress-$h-" "$seeds"
    else
        mkdir -p "$out/corpus/$h"
        set -- -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -print_final_stats=1 \
            -artifact_prefix="$out/crashes/$h-" "$out/corpus/$h" "$seeds"
    fi
    rc=0
    # shellcheck disable=SC2086
    "$out/fuzz_$h" $common "$@" >"$log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
    crashes=$(( $(ls "$out/crashes" | grep "^$h-" | grep -c -v -- "-slow-unit-" || true) - before ))
    result=ok
    if [ "$rc" -ne 0 ] || grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
        result="FAILED (exit $rc): $log"
        [ "$crashes" -gt 0 ] || crashes=1
        failed=1
    fi
    printf '%-14s %12s %8s %8s  %s\n' "$h" "${execs:-?}" "${cov:-?}" "$crashes" "$result"
done
if [ "$failed" -ne 0 ]; then
    echo "fuzz: failures; the logs and crashing inputs are in $out/logs and $out/crashes" >&2
    for h in $harnesses; do
        grep -l -E 'ERROR: |runtime error:|deadly signal' "$out/logs/$h.log" 2>/dev/null | while read -r l; do
            echo "---- $l" >&2
            grep -A 30 -E 'ERROR: |runtime error:|deadly signal' "$l" | head -n 40 >&2
        done
    done
fi
exit "$failed"
