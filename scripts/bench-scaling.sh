#!/usr/bin/env bash
# How cost grows (docs/PERFORMANCE.md): customers, reader density and belt length at 1x, 2x, 4x,
# 8x, from the busy-Saturday workload. Prints events and the median user CPU of 3 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
kaiten=${KAITEN:-build/release/bin/kaiten}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {  # label, generator options...
  local label=$1; shift
  python3 scripts/make-bench-scenarios.py "$@" "$work/s.yaml"
  local events cpu=()
  events=$("$kaiten" run "$work/s.yaml" --out "$work/o" --quiet && grep '"events"' "$work/o/summary.json" | tr -dc 0-9)
  for i in 1 2 3; do cpu+=("$({ /usr/bin/time -f %U "$kaiten" run "$work/s.yaml" --quiet; } 2>&1)"); done
  printf '| %s | %s | %s |\n' "$label" "$events" "$(printf '%s\n' "${cpu[@]}" | median)"
}
echo "| variant | events | user CPU s |"
echo "|---|---|---|"
for x in 1 2 4 8; do measure "customers ${x}x" --customers "$x"; done
for every in 2000 1000 500 250; do measure "readers every ${every} mm" --readers-every-mm "$every"; done
for x in 1 2 4 8; do measure "belt length ${x}x" --belt "$x"; done
