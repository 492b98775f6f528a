# cli_check.sh — sourced by the command-line tests (app_cli.sh, lessons_cli.sh, run_cli.sh): a
# temporary folder $tmp removed on exit, fail() counting $failures, has FILE TEXT WHAT, which
# fails unless FILE holds TEXT, and matches FILE REGEX WHAT, unless a line of FILE matches REGEX. Each test ends with `[ "$failures" -eq 0 ]`, its exit status.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
has() { grep -qF -- "$2" "$1" || fail "$3: expected \"$2\" in $(basename "$1"), got: $(cat "$1")"; }
matches() { grep -qE -- "$2" "$1" || fail "$3: expected a line matching '$2', got: $(cat "$1")"; }
