#!/bin/sh
# The whole test suite: set up, build, run every test; then the same suite again built with
# AddressSanitizer and UndefinedBehaviorSanitizer; then the threaded tests under ThreadSanitizer.
# Exits non-zero when anything fails.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup-debian.sh
[ -d build ] || meson setup build
ninja -C build
meson test -C build --print-errorlogs
[ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized
ninja -C build-asan
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    meson test -C build-asan --print-errorlogs --timeout-multiplier 4
# the tests whose threads share data (suite 'threads'), under ThreadSanitizer
[ -d build-tsan ] || meson setup build-tsan -Db_sanitize=thread -Db_lundef=false -Dbuildtype=debugoptimized
ninja -C build-tsan
TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/tests/tsan.supp" meson test -C build-tsan --print-errorlogs --suite threads --timeout-multiplier 6
# one closing line for the three runs, in the plain "N passed, N failed" form
passed=0; failed=0; skipped=0
for log in build/meson-logs/testlog.json build-asan/meson-logs/testlog.json build-tsan/meson-logs/testlog.json; do
    passed=$((passed + $(grep -c '"result": "OK"' "$log" || true)))
    skipped=$((skipped + $(grep -c '"result": "SKIP"' "$log" || true)))
    failed=$((failed + $(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
