#!/usr/bin/env bash
# Builds the Release tree and runs the benchmark suite: Google Benchmark medians of 5 repetitions,
# then the CLI on the reference workloads (median of 5 runs of user CPU time and max RSS): a day of
# the default store and of the busy Saturday, and the 365-day batch beside a 1-day batch (memory).
# KAITEN_BATCH_RUNS (default 5) sets the runs of the batches (a year takes about a minute).
# Figures and their meaning: docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DKAITEN_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j2 --target kaiten kaiten_bench
bin=build/release/bin
"$bin/kaiten_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_filter="${KAITEN_BENCH_FILTER:-.}" 2>/dev/null | grep -E "median|Benchmark|---"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for scenario in scenarios/default.yaml scenarios/bench/busy_saturday.yaml; do
  cpu=() rss=()
  for i in 1 2 3 4 5; do
    out=$( { /usr/bin/time -f "%U %M" "$bin/kaiten" run "$scenario" --quiet; } 2>&1 )
    cpu+=("$(echo "$out" | awk '{print $1}')")
    rss+=("$(echo "$out" | awk '{print $2}')")
  done
  echo "$scenario: user CPU median $(printf '%s\n' "${cpu[@]}" | median) s," \
       "max RSS median $(printf '%s\n' "${rss[@]}" | median) KB (5 runs)"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for days in 1 365; do
  cpu=() rss=()
  for i in $(seq "${KAITEN_BATCH_RUNS:-5}"); do
    rm -f "$work/h.sqlite"
    out=$( { /usr/bin/time -f "%U %M" "$bin/kaiten" batch scenarios/bench/year_batch.yaml \
             --days "$days" --start 2025-01-01 --history "$work/h.sqlite" --quiet; } 2>&1 )
    cpu+=("$(echo "$out" | tail -1 | awk '{print $1}')")
    rss+=("$(echo "$out" | tail -1 | awk '{print $2}')")
  done
  echo "scenarios/bench/year_batch.yaml, $days days: user CPU median" \
       "$(printf '%s\n' "${cpu[@]}" | median) s, max RSS median" \
       "$(printf '%s\n' "${rss[@]}" | median) KB (${#cpu[@]} runs)"
done
