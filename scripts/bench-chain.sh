#!/usr/bin/env bash
# kaiten chain batch speed (docs/chain.md): the bundled chain's DAYS-day batch with --jobs 1,
# --jobs 2, and under mpirun with 2 ranks (rank 0 writes, rank 1 simulates) and 3 ranks (two
# simulating), interleaved, RUNS times each, every run into a fresh history. Prints each run's
# wall time, the medians and store-days per second. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
kaiten=${KAITEN:-build/test/bin/kaiten}
runs=${RUNS:-3}
days=${DAYS:-7}
chain=${CHAIN:-scenarios/chains/chain.yaml}
configs=${CONFIGS:-"j1 j2 n2 n3"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stores=$("$kaiten" chain validate "$chain" | sed -E 's/.*: ([0-9]+) stores.*/\1/')
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mpi=(mpirun --allow-run-as-root --oversubscribe)
declare -A times
for i in $(seq "$runs"); do
  for c in $configs; do
    db="$work/$c-$i.db"
    cmd=("$kaiten" chain batch "$chain" --days "$days" --start 2025-03-03 --history "$db" --quiet)
    case "$c" in
      j*) cmd+=(--jobs "${c#j}") ;;
      n*) cmd=("${mpi[@]}" -n "${c#n}" "${cmd[@]}") ;;
    esac
    start=$(date +%s%N)
    "${cmd[@]}"
    wall=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
    times[$c]="${times[$c]:-} $wall"
    printf 'run %d %s: %.2f s\n' "$i" "$c" "$wall"
  done
done
for c in $configs; do
  m=$(printf '%s\n' ${times[$c]} | median)
  printf '%s: median %.2f s, %.2f store-days/s (%d stores x %d days)\n' "$c" "$m" \
    "$(awk -v n="$((stores * days))" -v t="$m" 'BEGIN {print n / t}')" "$stores" "$days"
done
echo "nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
