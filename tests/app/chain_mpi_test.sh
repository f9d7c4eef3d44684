#!/usr/bin/env bash
# kaiten chain batch under mpirun (docs/chain.md): rank 0 writes, the other ranks simulate the
# stores it hands out; the history equals the 1-process one. Also the CI check of issue 15.
# Usage: chain_mpi_test.sh KAITEN_BINARY SOURCE_DIR KAITEN_MPI(ON/OFF) KAITEN_SANITIZE(ON/OFF)
set -euo pipefail
kaiten="$1"
src="$2"
source "$(dirname "$0")/cli_lib.sh"
source "$(dirname "$0")/chain_lib.sh"
if [ "${3:-OFF}" != "ON" ]; then echo "built without MPI: skipped"; exit 77; fi
# Open MPI hooks the allocator at MPI_Init and does not free all it holds at MPI_Finalize, both of
# which trouble AddressSanitizer and LeakSanitizer: the sanitizer build runs the local mode
# (cli_chain_batch), the optimised build this test.
if [ "${4:-OFF}" = "ON" ]; then echo "sanitizer build: skipped"; exit 77; fi
command -v mpirun >/dev/null || { echo "mpirun missing: skipped"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing: skipped"; exit 77; }
chain="$src/scenarios/chains/chain_small.yaml"
args=(--days 7 --start 2025-03-03 --quiet)
# As root in a container, on a machine with fewer cores than ranks.
mpi=(mpirun --allow-run-as-root --oversubscribe)

"$kaiten" chain batch "$chain" "${args[@]}" --history "$work/local.db" --jobs 1
"${mpi[@]}" -n 1 "$kaiten" chain batch "$chain" "${args[@]}" --history "$work/n1.db"
same_history "$work/local.db" "$work/n1.db" "mpirun -n 1"
"${mpi[@]}" -n 2 "$kaiten" chain batch "$chain" "${args[@]}" --history "$work/n2.db"
same_history "$work/local.db" "$work/n2.db" "mpirun -n 2"
"${mpi[@]}" -n 3 "$kaiten" chain batch "$chain" "${args[@]}" --history "$work/n3.db" --jobs 1
same_history "$work/local.db" "$work/n3.db" "mpirun -n 3 with a thread on rank 0"

# Resuming under mpirun: a history holding some store-days is finished without doubling any.
"$kaiten" chain batch "$chain" --days 3 --start 2025-03-03 --quiet --history "$work/part.db" --jobs 1
"${mpi[@]}" -n 2 "$kaiten" chain batch "$chain" "${args[@]}" --history "$work/part.db"
same_history "$work/local.db" "$work/part.db" "mpirun -n 2 finishing a 3-day history"

# SIGKILL to mpirun mid-run (its ranks go with it), then a rerun under mpirun: the same history.
db="$work/killed.db"
"${mpi[@]}" -n 3 "$kaiten" chain batch "$chain" "${args[@]}" --history "$db" &
pid=$!
for _ in $(seq 1 1200); do
  kill -0 "$pid" 2>/dev/null || break
  [ "$(store_days "$db")" -ge 8 ] && break
  sleep 0.05
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
before=$(store_days "$db")
"${mpi[@]}" -n 2 "$kaiten" chain batch "$chain" "${args[@]}" --history "$db"
same_history "$work/local.db" "$db" "mpirun killed at $before store-days and rerun"

# A shard under mpirun (--stores) and one made locally merge into the whole chain's history.
"${mpi[@]}" -n 2 "$kaiten" chain batch "$chain" "${args[@]}" --stores east-01,west-01 \
  --history "$work/shard-a.db"
"$kaiten" chain batch "$chain" "${args[@]}" --stores east-02 --history "$work/shard-b.db" --jobs 1
"$kaiten" history merge "$work/shard-a.db" "$work/shard-b.db" --history "$work/merged.db" --quiet
same_history "$work/local.db" "$work/merged.db" "a shard under mpirun -n 2 and a local one, merged"

# Bad input: every rank stops, exit 2.
printf 'regions: []\n' >"$work/bad.yaml"
got=0
"${mpi[@]}" -n 2 "$kaiten" chain batch "$work/bad.yaml" "${args[@]}" --history "$work/bad.db" \
  2>"$work/err" >/dev/null || got=$?
[ "$got" -ne 0 ] || fail "a bad chain under mpirun exited 0"
grep -q "bad.yaml:1:1: stores: missing required key" "$work/err" || { cat "$work/err"; fail "no error"; }
echo "chain batch under mpirun: ok"
