#!/bin/sh
# The fuzz harnesses' regression run for the test suite: builds them (tools/fuzz.sh --build, clang-14
# with libFuzzer, ASan and UBSan) into BUILD_DIR, then runs each once over its seed corpus
# (tests/fuzz/corpus/NAME), which holds every input that once crashed it. Not a fuzzing session.
# Built with -O0: ten times less compile time than -O1 (the fuzzing build), and the corpora are
# small. Exit 77 (skipped) when clang-14 or libFuzzer is missing.
set -eu
[ $# -eq 1 ] || { echo "usage: regress.sh BUILD_DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
FUZZ_OPT=${FUZZ_OPT:--O0} FUZZ_BUILD=$1 exec sh "$here/../../tools/fuzz.sh" --regress
