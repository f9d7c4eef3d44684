#!/usr/bin/env bash
# A kaiten command killed while writing its --out folder leaves the previous set of outputs or the
# new one, whole, never a mix and never a temporary file; the next run clears what it left.
# Kills come from the crash hook (KAITEN_TEST_CRASH_AFTER=N: SIGKILL at the N-th step of writing
# the folder) and, where strace is usable, at each rename system call, which needs no hook.
# Usage: output_crash_test.sh KAITEN_BINARY SOURCE_DIR
set -euo pipefail
kaiten="$1"
src="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# same DIR REF: DIR holds exactly REF's files, byte for byte.
same() { diff -r "$1" "$2" >/dev/null 2>&1; }

# Nothing but the output folder in its parent: no staging folder, no temporary file.
clean() {
  local left
  left=$(ls -A "$work/box" | grep -v '^out$' || true)
  [ -z "$left" ] || fail "$1: left behind: $left"
  if find "$work/box/out" -name '*.tmp' | grep -q .; then fail "$1: a *.tmp file in the folder"; fi
}

# crash_each_step NAME "ARGS A" "ARGS B": with DIR holding A's outputs, kills a run writing B's
# at every step in turn; DIR must hold A or B whole, and a following run of A must leave A alone.
crash_each_step() {
  local name="$1" a="$2" b="$3" step killed=0 rc
  rm -rf "$work/ref_a" "$work/ref_b"
  # shellcheck disable=SC2086
  "$kaiten" $a --out "$work/ref_a" >/dev/null
  # shellcheck disable=SC2086
  "$kaiten" $b --out "$work/ref_b" >/dev/null
  same "$work/ref_a" "$work/ref_b" && fail "$name: the two runs give the same outputs"
  rm -rf "$work/box" && mkdir "$work/box"
  for step in $(seq 1 200); do
    # shellcheck disable=SC2086
    "$kaiten" $a --out "$work/box/out" >/dev/null
    same "$work/box/out" "$work/ref_a" || fail "$name: the run of A before step $step"
    clean "$name before step $step"
    rc=0
    # (in a subshell that reports the kill to /dev/null, not to the log)
    # shellcheck disable=SC2086
    (KAITEN_TEST_CRASH_AFTER=$step "$kaiten" $b --out "$work/box/out" >/dev/null 2>&1; exit $?) \
      2>/dev/null || rc=$?
    if [ "$rc" = 0 ]; then
      same "$work/box/out" "$work/ref_b" || fail "$name: B finished but its outputs differ"
      break
    fi
    [ "$rc" = 137 ] || fail "$name: step $step: exit $rc, expected a kill (137)"
    killed=$((killed + 1))
    same "$work/box/out" "$work/ref_a" || same "$work/box/out" "$work/ref_b" ||
      fail "$name: killed at step $step, the folder holds neither run's outputs whole"
  done
  [ "$killed" -ge 8 ] || fail "$name: only $killed steps could be interrupted (crash hook missing?)"
  echo "$name: $killed kill points, each left one whole set"
}

tiny="$src/scenarios/tiny.yaml"
crash_each_step run "run $tiny --seed 1 --quiet" "run $tiny --seed 2 --quiet"

"$kaiten" run "$tiny" --seed 1 --quiet --feed-out "$work/f1.jsonl"
"$kaiten" run "$tiny" --seed 2 --quiet --feed-out "$work/f2.jsonl"
crash_each_step control "control $work/f1.jsonl" "control $work/f2.jsonl"

"$kaiten" batch "$tiny" --days 14 --start 2025-01-06 --history "$work/h.db" \
  --stock-policy unlimited --quiet
crash_each_step forecast "forecast --history $work/h.db --date 2025-01-20 --seed 1 --quiet" \
  "forecast --history $work/h.db --date 2025-01-20 --seed 2 --quiet"
crash_each_step backtest "backtest --history $work/h.db --from 2025-01-17 --to 2025-01-19 --quiet" \
  "backtest --history $work/h.db --from 2025-01-16 --to 2025-01-19 --quiet"

# Kills at each rename, seen from outside the program: strace delivers SIGKILL on entering the N-th
# call of one rename system call (it counts each call separately).
if strace -f -o /dev/null true 2>/dev/null; then
  rm -rf "$work/ref_a" "$work/ref_b"
  "$kaiten" run "$tiny" --seed 1 --quiet --out "$work/ref_a"
  "$kaiten" run "$tiny" --seed 2 --quiet --out "$work/ref_b"
  killed=0
  for call in rename renameat renameat2; do
    for n in $(seq 1 20); do
      rm -rf "$work/box" && mkdir "$work/box"
      "$kaiten" run "$tiny" --seed 1 --quiet --out "$work/box/out"
      rc=0
      # (LeakSanitizer, in a sanitizer build, cannot run under ptrace)
      (ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
        strace -f -o /dev/null -e inject=$call:signal=SIGKILL:when=$n \
        "$kaiten" run "$tiny" --seed 2 --quiet --out "$work/box/out" >/dev/null 2>&1; exit $?) \
        2>/dev/null || rc=$?
      same "$work/box/out" "$work/ref_a" || same "$work/box/out" "$work/ref_b" ||
        fail "killed at $call call $n, the folder holds neither run's outputs whole"
      [ "$rc" = 0 ] && break
      [ "$rc" = 137 ] || fail "$call call $n: exit $rc, expected a kill (137)"
      killed=$((killed + 1))
    done
  done
  echo "rename kills: $killed, each left one whole set"
else
  echo "strace unusable here: rename kills skipped"
fi
echo "output_crash_test: all checks passed"
