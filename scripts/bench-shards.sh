#!/usr/bin/env bash
# The chain batch's cost model (docs/PERFORMANCE.md "The chain batch"), measured in CPU time so
# that a shared machine's load does not inflate it:
#   1. CPU seconds per store-day: the bundled chain's DAYS-day batch with --jobs 1 (user + system
#      of the process), RUNS times;
#   2. the single writer: kaiten_bench's BM_ChainWriterStoreDay (rank 0 decoding a day's message
#      and writing it in one transaction) and the message's size, RUNS repetitions;
#   3. kaiten history merge: two shards of COPIES × the batch's stores each (the stores' rows
#      copied under new ids by SQL), merged into a fresh history, RUNS times.
# PARTS (default "1 2 3") picks the parts. Prints each run and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
kaiten=${KAITEN:-build/test/bin/kaiten}
bench=${KAITEN_BENCH:-build/test/bin/kaiten_bench}
runs=${RUNS:-3}
days=${DAYS:-7}
copies=${COPIES:-100}
chain=${CHAIN:-scenarios/chains/chain.yaml}
parts=${PARTS:-"1 2 3"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cpu_of() { /usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null; awk '{print $1 + $2}' "$work/time"; }

batch=("$kaiten" chain batch "$chain" --days "$days" --start 2025-03-03 --history "$work/chain.db"
  --jobs 1 --quiet)

if [[ " $parts " == *" 1 "* ]]; then
echo "== 1. CPU per store-day: $chain, $days days, --jobs 1"
for _ in $(seq "$runs"); do
  rm -f "$work/chain.db"*
  cpu=$(cpu_of "${batch[@]}")
  n=$(sqlite3 "$work/chain.db" "SELECT count(*) FROM days")
  echo "$cpu $n" | awk '{printf "run: %.1f CPU s, %d store-days, %.4f CPU s per store-day\n", $1, $2, $1 / $2}'
  echo "$cpu $n" | awk '{print $1 / $2}' >>"$work/per-day"
done
echo "median CPU s per store-day: $(median <"$work/per-day")"
fi

if [[ " $parts " == *" 2 "* ]]; then
echo "== 2. the single writer (CPU time)"
"$bench" --benchmark_filter='BM_Chain' --benchmark_repetitions="$runs" \
  --benchmark_report_aggregates_only=true --benchmark_min_time=2 2>/dev/null |
  grep -E 'median|Benchmark'
fi

if [[ " $parts " == *" 3 "* ]]; then
[ -s "$work/chain.db" ] || "${batch[@]}"
echo "== 3. kaiten history merge: two shards of $copies copies of the batch's stores each"
# copy DB SUFFIX...: each store of DB again as STORE-SUFFIX, every table's rows.
copy() {
  local db=$1 t cols sql="BEGIN;"
  shift
  for t in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name
               NOT IN ('schema_version') ORDER BY name = 'stores' DESC, name = 'days' DESC"); do
    cols=$(sqlite3 "$db" "SELECT group_concat(CASE name WHEN 'store' THEN 'store || ''-SUFFIX'''
             ELSE name END, ', ') FROM pragma_table_info('$t')")
    for suffix in "$@"; do
      sql+="INSERT INTO $t SELECT ${cols//SUFFIX/$suffix} FROM $t WHERE store NOT LIKE '%-c%';"
    done
  done
  sqlite3 "$db" <<<"$sql COMMIT;"
}
cp "$work/chain.db" "$work/a.db"
cp "$work/chain.db" "$work/b.db"
sqlite3 "$work/b.db" "PRAGMA foreign_keys = OFF; UPDATE stores SET store = store || '-b';
  $(for t in items ingredients recipes calendar days sales day_hours stock stock_lots population_days; do
      echo "UPDATE $t SET store = store || '-b';"; done)"
copy "$work/a.db" $(seq -f 'c%g' 2 "$copies")
copy "$work/b.db" $(seq -f 'c%g' 2 "$copies")
n=$(( $(sqlite3 "$work/a.db" "SELECT count(*) FROM days") + $(sqlite3 "$work/b.db" "SELECT count(*) FROM days") ))
echo "shards: $n store-days, $(du -k "$work/a.db" | cut -f1) KiB each"
for _ in $(seq "$runs"); do
  rm -f "$work/m.db"*
  cpu=$(cpu_of "$kaiten" history merge "$work/a.db" "$work/b.db" --history "$work/m.db" --quiet)
  echo "$cpu $n" | awk '{printf "run: %.2f CPU s, %.0f store-days per CPU s\n", $1, $2 / $1}'
  echo "$cpu $n" | awk '{print $2 / $1}' >>"$work/merge"
done
echo "median merge rate: $(median <"$work/merge") store-days per CPU s"
fi
