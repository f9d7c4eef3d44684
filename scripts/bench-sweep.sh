#!/usr/bin/env bash
# The what-if sweep on every core (docs/PERFORMANCE.md, issue 14's figure): the discard-distance
# sweep of docs/whatif.md with --jobs 1 and --jobs 2, interleaved, RUNS times each. Prints each run's
# wall time, the median of each, the speed-up, and whether the two sets of means are byte-identical.
# Run it on a quiet machine: any other load takes cores away from --jobs 2 and not from --jobs 1.
set -euo pipefail
cd "$(dirname "$0")/.."
kaiten=${KAITEN:-build/test/bin/kaiten}
runs=${RUNS:-5}
scenario=${SCENARIO:-scenarios/default.yaml}
replications=${REPLICATIONS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
sweep() {  # jobs, out
  "$kaiten" sweep "$scenario" --vary discard.discard_distance_m=150:500:50 \
    --replications "$replications" --jobs "$1" --out "$2" >/dev/null
}
t1=() t2=()
for i in $(seq "$runs"); do
  for jobs in 1 2; do
    rm -rf "$work/j$jobs" "$work/j$jobs".*
    start=$(date +%s%N)
    sweep "$jobs" "$work/j$jobs"
    wall=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
    if [ "$jobs" = 1 ]; then t1+=("$wall"); else t2+=("$wall"); fi
    printf 'run %d --jobs %d: %.2f s\n' "$i" "$jobs" "$wall"
  done
done
m1=$(printf '%s\n' "${t1[@]}" | median)
m2=$(printf '%s\n' "${t2[@]}" | median)
printf 'median --jobs 1: %.2f s, --jobs 2: %.2f s, speed-up %.2fx (nproc %s, load %s)\n' \
  "$m1" "$m2" "$(awk -v a="$m1" -v b="$m2" 'BEGIN {print a / b}')" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
if cmp -s "$work/j1/means.csv" "$work/j2/means.csv" && cmp -s "$work/j1/runs.csv" "$work/j2/runs.csv"; then
  echo "means.csv and runs.csv byte-identical for --jobs 1 and 2"
else
  echo "means.csv or runs.csv DIFFER between --jobs 1 and 2" >&2
  exit 1
fi
