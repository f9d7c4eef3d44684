#!/usr/bin/env bash
# kaiten history merge (docs/chain.md, "Shards and merge"): a chain batch run as two shard
# histories (`--stores`) and merged holds, table by table, what one chain batch of every store
# writes; merging again changes nothing; shards that disagree are refused (exit 2) with the
# output left as it was; older-schema shards are read as they are, newer ones refused.
# Usage: history_merge_test.sh KAITEN_BINARY SOURCE_DIR
set -euo pipefail
kaiten="$1"
src="$2"
source "$(dirname "$0")/cli_lib.sh"
source "$(dirname "$0")/chain_lib.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing: skipped"; exit 77; }
chain="$src/scenarios/chains/chain_small.yaml"
args=(--days 5 --start 2025-03-03 --quiet --jobs 2)

# every_row DB: every row of every table (schema_version and days.written_at, wall-clock, aside),
# columns in table order, REAL values to 17 significant digits, sorted.
every_row() {
  local db=$1 table cols
  for table in $(sqlite3 -batch "$db" "SELECT name FROM sqlite_master WHERE type = 'table'
                   AND name NOT IN ('schema_version') ORDER BY name"); do
    cols=$(sqlite3 -batch "$db" "SELECT group_concat(CASE WHEN type = 'REAL'
             THEN printf('printf(''%%!.17g'', %s)', name) ELSE name END, ', ')
             FROM pragma_table_info('$table') WHERE NOT ('$table' = 'days' AND name = 'written_at')")
    sqlite3 -batch "$db" "SELECT '$table', $cols FROM $table" | sort
  done
}
same_rows() {
  every_row "$1" >"$work/rows-a"
  every_row "$2" >"$work/rows-b"
  if ! cmp -s "$work/rows-a" "$work/rows-b"; then
    diff "$work/rows-a" "$work/rows-b" | head -20 >&2
    fail "$3: $2 differs from $1"
  fi
}
count() { sqlite3 -batch "$1" "$2"; }

# --- one chain batch of 3 stores x 5 days, and the same as two shards --------------------------
"$kaiten" chain batch "$chain" "${args[@]}" --history "$work/full.db"
"$kaiten" chain batch "$chain" "${args[@]}" --stores east-01,west-01 --history "$work/a.db"
"$kaiten" chain batch "$chain" "${args[@]}" --stores east-02 --history "$work/b.db"
[ "$(count "$work/full.db" "SELECT count(*) FROM days")" -eq 15 ] || fail "full: not 15 store-days"
[ "$(count "$work/a.db" "SELECT group_concat(store) FROM (SELECT store FROM stores ORDER BY 1)")" = \
  "east-01,west-01" ] || fail "shard a: other stores than east-01, west-01"
[ "$(count "$work/b.db" "SELECT count(*) FROM days WHERE store = 'east-02'")" -eq 5 ] ||
  fail "shard b: not east-02's 5 days"

"$kaiten" history merge "$work/a.db" "$work/b.db" --history "$work/m.db" >"$work/out"
grep -q "2 shards into .*: 3 stores and 15 store-days added" "$work/out" || { cat "$work/out"; fail "summary"; }
same_rows "$work/full.db" "$work/m.db" "two shards merged"
same_history "$work/full.db" "$work/m.db" "two shards merged (chain_lib dump)"
# The shards' own wall-clock column comes along (when each day was simulated).
[ "$(count "$work/m.db" "SELECT count(*) FROM days WHERE written_at IS NULL OR written_at = ''")" -eq 0 ] ||
  fail "written_at lost"

# --- rerun-safe: the same shards again, in the other order, and a shard overlapping all --------
cp "$work/m.db" "$work/m-before.db"
"$kaiten" history merge "$work/b.db" "$work/a.db" "$work/full.db" --history "$work/m.db" >"$work/out"
grep -q "3 shards into .*: 0 stores and 0 store-days added" "$work/out" || { cat "$work/out"; fail "rerun"; }
grep -q "full.db: 0 stores and 0 store-days added, 15 store-days already" "$work/out" ||
  { cat "$work/out"; fail "overlap"; }
same_rows "$work/m-before.db" "$work/m.db" "merged again"

# --- conflicts: refused, nothing of the shard merged ---------------------------------------------
cp "$work/b.db" "$work/sold.db"
sqlite3 "$work/sold.db" "UPDATE sales SET sold = sold + 1 WHERE rowid = (SELECT min(rowid) FROM sales
                          WHERE date = '2025-03-05')"
expect 2 "sold.db: store \"east-02\", 2025-03-05: its sales rows differ .*nothing of this shard merged \(0 shard" \
  history merge "$work/sold.db" --history "$work/m.db"
same_rows "$work/m-before.db" "$work/m.db" "a refused shard"
cp "$work/b.db" "$work/seed.db"
sqlite3 "$work/seed.db" "UPDATE stores SET seed = seed + 1"
expect 2 "store \"east-02\" is registered differently" history merge "$work/seed.db" --history "$work/m.db"
cp "$work/b.db" "$work/shock.db"
sqlite3 "$work/shock.db" "UPDATE days SET shock = shock + 1e-12 WHERE date = '2025-03-07'"
expect 2 "store \"east-02\", 2025-03-07: the day \(days row\) differs" \
  history merge "$work/shock.db" --history "$work/m.db"
cp "$work/b.db" "$work/menu.db"
sqlite3 "$work/menu.db" "UPDATE items SET price_yen = price_yen + 10 WHERE rowid = 1"
expect 2 "store \"east-02\": its items rows differ" history merge "$work/menu.db" --history "$work/m.db"
cp "$work/b.db" "$work/holiday.db"
sqlite3 "$work/holiday.db" "UPDATE calendar SET holiday = 0 WHERE rowid = (SELECT min(rowid) FROM calendar)"
expect 2 "store \"east-02\", [0-9-]+: the calendar differs" history merge "$work/holiday.db" \
  --history "$work/m.db"
same_rows "$work/m-before.db" "$work/m.db" "refused shards"
# Into a new output: the shards before the conflicting one are in, whole; it is not, nor any after.
expect 2 "sold.db: .*nothing of this shard merged \(2 shard\(s\) before it" \
  history merge "$work/a.db" "$work/full.db" "$work/sold.db" "$work/b.db" --history "$work/n.db"
same_rows "$work/full.db" "$work/n.db" "merged up to the conflict"

# --- schema versions: an older shard read as it is, a newer one and a non-history refused -------
cp "$work/a.db" "$work/v1.db"
sqlite3 "$work/v1.db" "DROP TABLE population_days; DROP TABLE population_members;
  DROP TABLE population_state; DROP TABLE population_member_state;
  UPDATE schema_version SET version = 1; PRAGMA user_version = 1;"
"$kaiten" history merge "$work/v1.db" "$work/b.db" --history "$work/old.db" --quiet
same_rows "$work/full.db" "$work/old.db" "a version-1 shard merged"
[ "$(count "$work/v1.db" "PRAGMA user_version")" -eq 1 ] || fail "the version-1 shard was changed"
cp "$work/b.db" "$work/v99.db"
sqlite3 "$work/v99.db" "PRAGMA user_version = 99"
expect 2 "schema version 99 is newer" history merge "$work/a.db" "$work/v99.db" --history "$work/x.db"
[ ! -e "$work/x.db" ] || fail "a refused merge created its output"
echo "not a history" >"$work/text.db"
expect 2 "text.db.*not a kaiten sales history|text.db.*not a database" \
  history merge "$work/text.db" --history "$work/x.db"
expect 2 "" history merge "$work/missing.db" --history "$work/x.db"
expect 2 "" history merge "$work/m.db" --history "$work/m.db"

# --- kill -9 during a merge: the output holds all of the shard or nothing of it -------------------
# A bigger shard: shard a's stores copied 40 times under new ids (every table's rows, by SQL).
cp "$work/a.db" "$work/big.db"
sql="BEGIN;"
for t in stores items ingredients recipes calendar days sales day_hours stock stock_lots; do
  cols=$(sqlite3 "$work/big.db" "SELECT group_concat(CASE name WHEN 'store' THEN
           'store || ''-K''' ELSE name END, ', ') FROM pragma_table_info('$t')")
  for k in $(seq 2 40); do
    sql+="INSERT INTO $t SELECT ${cols//-K/-$k} FROM $t WHERE store IN ('east-01', 'west-01');"
  done
done
sqlite3 "$work/big.db" "$sql COMMIT;"
big=$(count "$work/big.db" "SELECT count(*) FROM days")
[ "$big" -eq 400 ] || fail "the big shard holds $big store-days, not 400"
for delay in 0.02 0.05 0.1 0.$((RANDOM % 3))$((RANDOM % 10)); do
  rm -f "$work/k.db"*
  "$kaiten" history merge "$work/b.db" --history "$work/k.db" --quiet
  "$kaiten" history merge "$work/big.db" --history "$work/k.db" --quiet &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  got=$(count "$work/k.db" "SELECT count(*) FROM days")
  [ "$got" -eq 5 ] || [ "$got" -eq 405 ] ||
    fail "killed after ${delay} s: $got store-days, not 5 (b alone) or 405 (b and the big shard)"
  [ "$(count "$work/k.db" "SELECT count(*) FROM sales WHERE store LIKE '%-%-%'")" -eq 0 ] ||
    [ "$got" -eq 405 ] || fail "killed after ${delay} s: sales of a day not merged"
  "$kaiten" history merge "$work/big.db" "$work/b.db" --history "$work/k.db" --quiet
  [ "$(count "$work/k.db" "SELECT count(*) FROM days")" -eq 405 ] || fail "rerun after the kill"
done

# --- stores with a customer population: their population tables merge too ------------------------
printf 'regions: [{id: r}]\ncentres: [{id: c}]\nstores:\n  - {id: s, scenario: %s, region: r, centre: c, overrides: {population.enabled: true}}\n  - {id: t, scenario: %s, region: r, centre: c, overrides: {population.enabled: true}}\n' \
  "$src/scenarios/chain_store.yaml" "$src/scenarios/chain_store.yaml" >"$work/pop.yaml"
pop=(--days 3 --start 2025-03-03 --quiet --jobs 2)
"$kaiten" chain batch "$work/pop.yaml" "${pop[@]}" --history "$work/pop-full.db"
"$kaiten" chain batch "$work/pop.yaml" "${pop[@]}" --stores s --history "$work/pop-s.db"
"$kaiten" chain batch "$work/pop.yaml" "${pop[@]}" --stores t --history "$work/pop-t.db"
[ "$(count "$work/pop-full.db" "SELECT count(*) FROM population_days")" -eq 6 ] ||
  fail "no population days to merge"
"$kaiten" history merge "$work/pop-t.db" "$work/pop-s.db" --history "$work/pop-m.db" --quiet
same_rows "$work/pop-full.db" "$work/pop-m.db" "population shards merged"

# --- chain batch --stores: an unknown id is refused ---------------------------------------------
expect 2 "--stores: no store \"nowhere\"" chain batch "$chain" "${args[@]}" --stores nowhere \
  --history "$work/y.db"
echo "history merge: all good"
