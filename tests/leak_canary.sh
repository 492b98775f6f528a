#!/bin/sh
# leak_canary.sh CANARY SANITIZE — the sanitizer build's leak check still catches a leak of ours:
# CANARY (leak_canary.c) leaks a model made by the engine; run with the suite's environment
# (LSAN_OPTIONS and its suppressions from tests/meson.build), it must exit non-zero with a
# LeakSanitizer report that names the engine's allocation. SANITIZE is meson's b_sanitize: the
# check needs AddressSanitizer, so other builds skip (77).
set -u
case $2 in
*address*) ;;
*) echo "SKIP: built without AddressSanitizer (b_sanitize=$2)"; exit 77 ;;
esac
out=$(ASAN_OPTIONS=detect_leaks=1 "$1" 2>&1)
rc=$?
echo "$out"
if [ "$rc" -eq 0 ]; then
    echo "FAIL leak_canary: exit 0: the leak was not reported (LSAN_OPTIONS=${LSAN_OPTIONS:-})"
    exit 1
fi
if ! echo "$out" | grep -q "ERROR: LeakSanitizer: detected memory leaks"; then
    echo "FAIL leak_canary: exit $rc without a LeakSanitizer report"
    exit 1
fi
if ! echo "$out" | grep -q "nn_sequential"; then
    echo "FAIL leak_canary: the report does not name nn_sequential"
    exit 1
fi
echo "leak_canary: LeakSanitizer reported the engine's leak (exit $rc)"
