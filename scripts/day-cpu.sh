#!/usr/bin/env bash
# User and system CPU of RUNS `kaiten run FILE --out DIR --quiet` per build, the builds interleaved
# for ROUNDS rounds so that the machine's load moves them alike (docs/PERFORMANCE.md, issue 13).
# Prints one line per build and round: BUILD USER_S SYSTEM_S (the loop's shell and `rm` included).
#   scripts/day-cpu.sh ROUNDS RUNS FILE KAITEN...
set -euo pipefail
rounds=${1:?usage: day-cpu.sh ROUNDS RUNS FILE KAITEN...}
runs=${2:?}
file=${3:?}
shift 3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for _ in $(seq "$rounds"); do
  for k in "$@"; do
    /usr/bin/time -f "$k %U %S" bash -c \
      "for i in \$(seq $runs); do rm -rf '$out/d'; '$k' run '$file' --out '$out/d' --quiet; done" \
      2>&1 | tail -n 1
  done
done
