#!/usr/bin/env bash
# kaiten chain batch speed (docs/chain.md): the bundled chain's DAYS-day batch with --jobs 1,
# --jobs 2, and under mpirun with 2 ranks (rank 0 writes, rank 1 simulates) and 3 ranks (two
# simulating), interleaved, RUNS times each, every run into a fresh history. Prints each run's
# wall and CPU time, the medians and store-days per second, and checks that every history holds the same
# rows. Run it on a quiet machine.
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
declare -A times cpus
for i in $(seq "$runs"); do
  for c in $configs; do
    db="$work/$c-$i.db"
    cmd=("$kaiten" chain batch "$chain" --days "$days" --start 2025-03-03 --history "$db" --quiet)
    case "$c" in
      j*) cmd+=(--jobs "${c#j}") ;;
      n*) cmd=("${mpi[@]}" -n "${c#n}" "${cmd[@]}") ;;
    esac
    # Wall time and CPU time (user + system of every process: mpirun waits for its ranks).
    /usr/bin/time -f '%e %U %S' -o "$work/time" "${cmd[@]}"
    read -r wall user sys <"$work/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
    times[$c]="${times[$c]:-} $wall"
    cpus[$c]="${cpus[$c]:-} $cpu"
    printf 'run %d %s: %.2f s wall, %.2f s CPU\n' "$i" "$c" "$wall" "$cpu"
  done
done
for c in $configs; do
  m=$(printf '%s\n' ${times[$c]} | median)
  mc=$(printf '%s\n' ${cpus[$c]} | median)
  printf '%s: median %.2f s wall, %.2f store-days/s; median CPU %.2f s, %.3f CPU s per store-day (%d stores x %d days)\n' \
    "$c" "$m" "$(awk -v n="$((stores * days))" -v t="$m" 'BEGIN {print n / t}')" "$mc" \
    "$(awk -v n="$((stores * days))" -v t="$mc" 'BEGIN {print t / n}')" "$stores" "$days"
done
echo "nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
# Every run's history holds the same rows (wall-clock columns aside) as the first one's.
fail() { echo "FAIL: $*" >&2; exit 1; }
source tests/app/chain_lib.sh
first=""
for c in $configs; do
  for i in $(seq "$runs"); do
    if [ -z "$first" ]; then first="$work/$c-$i.db"; continue; fi
    same_history "$first" "$work/$c-$i.db" "$c run $i"
  done
done
echo "every history holds the same rows"
