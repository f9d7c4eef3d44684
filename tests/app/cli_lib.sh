# Helpers shared by the shell tests of the kaiten command line. Source it after setting
# `kaiten` (the binary under test); it makes a scratch directory $work, removed on exit.
set -euo pipefail
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect CODE PATTERN ARGS...: `kaiten ARGS...` exits with CODE and its stderr has a line matching
# the extended regular expression PATTERN (if not empty). Its stdout and stderr stay in $work/out
# and $work/err.
expect() {
  local code=$1 pattern=$2
  shift 2
  local got=0
  "$kaiten" "$@" >"$work/out" 2>"$work/err" || got=$?
  if [ "$got" -ne "$code" ]; then
    cat "$work/err" >&2
    fail "kaiten $*: exit $got, expected $code"
  fi
  if [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$work/err"; then
    cat "$work/err" >&2
    fail "kaiten $*: nothing on stderr matches /$pattern/"
  fi
}

# same_bytes FILE COPY: FILE still holds what COPY holds (an input was not overwritten).
same_bytes() {
  cmp -s "$1" "$2" || fail "$1 was changed"
}
