#!/usr/bin/env bash
# kaiten chain batch, local mode (docs/chain.md): the same history rows for any --jobs, and a run
# killed with SIGKILL at any point and rerun gives the same history as one never interrupted.
# Usage: chain_batch_test.sh KAITEN_BINARY SOURCE_DIR
set -euo pipefail
kaiten="$1"
src="$2"
source "$(dirname "$0")/cli_lib.sh"
source "$(dirname "$0")/chain_lib.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing: skipped"; exit 77; }
chain="$src/scenarios/chains/chain_small.yaml"
args=(--days 7 --start 2025-03-03 --quiet)

# --- the same rows for any number of threads ------------------------------------------------
"$kaiten" chain batch "$chain" "${args[@]}" --history "$work/j1.db" --jobs 1
[ "$(store_days "$work/j1.db")" -eq 21 ] || fail "3 stores x 7 days: $(store_days "$work/j1.db") days"
"$kaiten" chain batch "$chain" "${args[@]}" --history "$work/j2.db" --jobs 2
same_history "$work/j1.db" "$work/j2.db" "--jobs 2"
"$kaiten" chain batch "$chain" "${args[@]}" --history "$work/j3.db" --jobs 3
same_history "$work/j1.db" "$work/j3.db" "--jobs 3"
# The stores differ from each other (own seeds, scales, seats), regions share their shock.
[ "$(sqlite3 "$work/j1.db" "SELECT count(DISTINCT parties) FROM days WHERE date = '2025-03-03'")" -eq 3 ] ||
  fail "the three stores had the same day"
# Forecast ordering took over after the 3-day warm-up.
[ "$(sqlite3 "$work/j1.db" "SELECT count(*) FROM stock WHERE policy = 'forecast'")" -gt 0 ] ||
  fail "no day ordered by forecast"

# --- a rerun of a finished batch writes nothing ------------------------------------------------
"$kaiten" chain batch "$chain" --days 7 --start 2025-03-03 --history "$work/j1.db" --jobs 2 >"$work/out"
grep -q "0 store-days written, 21 already in the history" "$work/out" || { cat "$work/out"; fail "rerun"; }
same_history "$work/j2.db" "$work/j1.db" "a finished batch rerun"

# --- SIGKILL at several points, then rerun ----------------------------------------------------
# Fixed points and one random one (it is printed when the comparison fails).
for at in 2 9 16 $((RANDOM % 20 + 1)); do
  db="$work/killed-$at.db"
  "$kaiten" chain batch "$chain" "${args[@]}" --history "$db" --jobs 2 &
  pid=$!
  # Until at least `at` store-days are in (or the batch is over), then kill -9.
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || break
    [ "$(store_days "$db")" -ge "$at" ] && break
    sleep 0.05
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  before=$(store_days "$db")
  "$kaiten" chain batch "$chain" "${args[@]}" --history "$db" --jobs 2
  same_history "$work/j1.db" "$db" "killed at $before store-days and rerun"
done

# --- extending: only from the chain batch's own first day -------------------------------------
expect 2 "before --start 2025-03-04" chain batch "$chain" --days 3 --start 2025-03-04 \
  --history "$work/j1.db"

# --- stores with a customer population: a resumed chain batch re-simulates each store from its
# first day (as for stock and forecasts), so its members are those of a batch run through --------
printf 'regions: [{id: r}]\ncentres: [{id: c}]\nstores:\n  - {id: s, scenario: %s, region: r, centre: c, overrides: {population.enabled: true}}\n  - {id: t, scenario: %s, region: r, centre: c, overrides: {population.enabled: true, stock.warmup_days: 2}}\n' \
  "$src/scenarios/chain_store.yaml" "$src/scenarios/chain_store.yaml" >"$work/pop.yaml"
pop=(--start 2025-03-03 --quiet --jobs 2)
"$kaiten" chain batch "$work/pop.yaml" --days 5 "${pop[@]}" --history "$work/pop-full.db"
"$kaiten" chain batch "$work/pop.yaml" --days 2 "${pop[@]}" --history "$work/pop-part.db"
"$kaiten" chain batch "$work/pop.yaml" --days 5 "${pop[@]}" --history "$work/pop-part.db"
same_history "$work/pop-full.db" "$work/pop-part.db" "a population chain batch of 2 days resumed to 5"
population_days() {
  sqlite3 "$1" "SELECT store, date, members, visits_new, visits_returning, walkaways, promoters,
    passives, detractors, printf('%!.17g', nps), printf('%!.17g', mean_rating), churned, lapsed,
    recoveries, recovery_cost_yen, margin_yen, printf('%!.17g', retention) FROM population_days
    ORDER BY store, date"
}
[ "$(population_days "$work/pop-full.db" | wc -l)" -eq 10 ] || fail "2 stores x 5 population days"
[ "$(population_days "$work/pop-full.db")" = "$(population_days "$work/pop-part.db")" ] ||
  fail "a population chain batch resumed: its population days differ from one run through"

# --- bad input: exit 2, nothing written -----------------------------------------------------------
printf 'regions: [{id: r}]\ncentres: [{id: c}]\nstores:\n  - {id: s, scenario: %s, region: q, centre: c}\n' \
  "$src/scenarios/tiny.yaml" >"$work/bad.yaml"
expect 2 "bad.yaml:4:[0-9]+: stores\[0\]\.region: no region \"q\" in the chain" chain batch \
  "$work/bad.yaml" --days 1 --start 2025-03-03 --history "$work/bad.db"
[ ! -e "$work/bad.db" ] || fail "a bad chain file created the history"
expect 2 "bad.yaml:4:[0-9]+: stores" chain validate "$work/bad.yaml"
expect 0 "" chain validate "$chain"
expect 2 "--days must be at least 1" chain batch "$chain" --days 0 --start 2025-03-03 \
  --history "$work/bad.db"
expect 2 "--jobs" chain batch "$chain" --days 1 --start 2025-03-03 --history "$work/bad.db" --jobs -1
# --- scripts/make-chain.py writes a valid chain of any size -----------------------------------
/usr/bin/python3 "$src/scripts/make-chain.py" 50 --out "$work/c50.yaml"
expect 0 "" chain validate "$work/c50.yaml"
grep -q "50 stores, 2 regions, 2 centres" "$work/out" || fail "make-chain.py 50: $(cat "$work/out")"
echo "chain batch: ok"
