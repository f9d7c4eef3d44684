#!/usr/bin/env bash
# The command-line contract of every kaiten command, as a hostile user tries it: inputs that are
# directories, exceptions that must not abort, option errors, seeds, outputs that are inputs,
# dates past 9999, store ids, scenario messages, and a sales history in a read-only directory.
# Usage: cli_contract_test.sh KAITEN_BINARY SOURCE_DIR
set -euo pipefail
kaiten="$1"
src="$2"
source "$(dirname "$0")/cli_lib.sh"

# Inputs of every kind: a scenario, its run log and sensor feed, a POS export, a sales history.
s="$work/s.yaml"
cp "$src/scenarios/tiny.yaml" "$s"
"$kaiten" run "$s" --out "$work/run" --feed-out "$work/feed.jsonl" --quiet
log="$work/run/run.log"
feed="$work/feed.jsonl"
printf 'date,item,sold\n2025-03-01,maguro,120\n' >"$work/pos.csv"
pos="$work/pos.csv"
h="$work/h.db"
"$kaiten" batch "$s" --start 2025-01-06 --days 15 --stock-policy unlimited --history "$h" --quiet
cp "$s" "$work/s.copy"
cp "$h" "$work/h.copy"

# --- 1. A directory as an input: exit 2 naming it, for every command that reads a path. ---
d="$work/dir"
mkdir "$d"
isdir="$d: cannot read: is a directory"
expect 2 "$isdir" run "$d"
expect 2 "$isdir" validate "$d"
expect 2 "$isdir" replay "$d" --check
expect 2 "$isdir" replay "$d"
expect 2 "$isdir" view "$d"
expect 2 "$isdir" compare "$d" --replications 1
expect 2 "$isdir" sweep "$d" --replications 1
expect 2 "$isdir" optimize "$d" --param kitchen.cooks=1:3 --objective waste_rate
expect 2 "$isdir" control "$d"
expect 2 "$isdir" control "$feed" --history "$d"
expect 2 "$isdir" batch "$d" --start 2025-01-06 --days 1 --history "$work/b.db"
expect 2 "$isdir" batch "$s" --start 2025-01-06 --days 1 --history "$d"
expect 2 "$isdir" history import "$d" --history "$work/b.db"
expect 2 "$isdir" history import "$pos" --store ginza --history "$d"
expect 2 "$isdir" history import "$pos" --store ginza --scenario "$d" --history "$work/b.db"
expect 2 "$isdir" history info --history "$d"
expect 2 "$isdir" forecast --history "$d" --date 2025-01-21 --out "$work/fc"
expect 2 "$isdir" backtest --history "$d" --from 2025-01-19 --to 2025-01-20
expect 2 "$isdir" history merge "$d" --history "$work/b.db"
[ -e "$work/b.db" ] && fail "a history was created for a command refused for bad input"

# --- 2. No exception reaches main: each command's escaped exception is one line and exit 1. ---
# KAITEN_TEST_THROW=NAME makes the command named NAME throw where main runs it.
throws() {
  local name=$1
  shift
  KAITEN_TEST_THROW="$name" expect 1 "^kaiten $name: unexpected error: KAITEN_TEST_THROW" "$@"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "kaiten $name: more than one line on stderr"
}
throws run run "$s" --quiet
throws validate validate "$s"
throws replay replay "$log" --check
throws view view "$s"
throws compare compare "$s" --replications 1
throws sweep sweep "$s" --replications 1 --quiet
throws optimize optimize "$s" --param kitchen.rate_plates_per_min=4:8:4 --objective waste_rate \
  --replications 2 --budget 4 --quiet
throws schema schema
throws control control "$feed"
throws batch batch "$s" --start 2025-01-06 --days 1 --history "$h" --quiet
throws "history import" history import "$pos" --store ginza --history "$work/t.db"
throws "history info" history info --history "$h"
throws "history merge" history merge "$h" --history "$work/merged.db"
throws forecast forecast --history "$h" --date 2025-01-21 --out "$work/fc"
throws backtest backtest --history "$h" --from 2025-01-19 --to 2025-01-20
throws report report --history "$h" --out "$work/report.html"

# --- 3. Option errors exit 2 with CLI11's message; --help and --version exit 0. ---
expect 2 "not expected: --bogus" run "$s" --bogus
expect 2 "scenario is required" run
expect 2 "A subcommand is required" frob
expect 2 "A subcommand is required" history
expect 2 "not in range" compare "$s" --replications 0
expect 2 "Could not convert: --days = abc" batch "$s" --start 2025-01-06 --days abc \
  --history "$work/b.db"
expect 2 "--paths: Value 0 not in range" forecast --history "$h" --date 2025-01-21 --out "$work/fc" \
  --paths 0
expect 2 "--oracle-reps: Value -1 not in range" batch "$s" --start 2025-01-06 --days 1 \
  --history "$work/b.db" --oracle-reps -1
"$kaiten" --help | grep -q "Exit codes" || fail "--help"
"$kaiten" --version | grep -q "kaiten" || fail "--version"
for cmd in run validate replay view compare sweep optimize schema control batch forecast backtest \
  "history import" "history info" "history merge"; do
  # shellcheck disable=SC2086
  "$kaiten" $cmd --help >/dev/null || fail "$cmd --help"
done

# Seeds are whole numbers 0..2^64-1, on every command with --seed, never wrapped or rounded.
seed_error="--seed: expected an integer in 0\.\.18446744073709551615"
for bad in -1 1e23 18446744073709551616 0x10 true 5.0; do
  expect 2 "$seed_error" run "$s" --seed "$bad" --quiet
  expect 2 "$seed_error" view "$s" --seed "$bad"
  expect 2 "$seed_error" compare "$s" --seed "$bad"
  expect 2 "$seed_error" sweep "$s" --seed "$bad"
  expect 2 "$seed_error" optimize "$s" --param kitchen.cooks=1:3 --objective waste_rate --seed "$bad"
  expect 2 "$seed_error" batch "$s" --start 2025-01-06 --days 1 --history "$work/b.db" --seed "$bad"
  expect 2 "$seed_error" forecast --history "$h" --date 2025-01-21 --out "$work/fc" --seed "$bad"
done
[ -e "$work/b.db" ] && fail "a history was created for a refused seed"
"$kaiten" run "$s" --seed 18446744073709551615 --out "$work/max" --quiet
grep -q '"seed": 18446744073709551615' "$work/max/summary.json" || fail "the largest seed"

# An output that is an input is refused before anything is written, however it is spelled.
ln -s "$s" "$work/link.yaml"
expect 2 "is the input" run "$s" --feed-out "$s" --quiet
expect 2 "is the input" run "$s" --feed-out "$work/./dir/../s.yaml" --quiet
expect 2 "is the input" run "$work/link.yaml" --feed-out "$s" --quiet
expect 2 "is the input" run "$s" --out "$s" --quiet
expect 2 "is the input" sweep "$s" --out "$s" --quiet
expect 2 "is the input" optimize "$s" --param kitchen.cooks=1:3 --objective waste_rate --out "$s"
mkdir "$work/o"
cp "$s" "$work/o/summary.json"
expect 2 "would overwrite the input" run "$work/o/summary.json" --out "$work/o" --quiet
same_bytes "$work/o/summary.json" "$s"
cp "$feed" "$work/o/decisions.csv"
expect 2 "would overwrite the input" control "$work/o/decisions.csv" --out "$work/o"
same_bytes "$work/o/decisions.csv" "$feed"
expect 2 "is the input" batch "$s" --start 2025-01-06 --days 1 --history "$s"
expect 2 "is the input" history import "$pos" --store ginza --history "$pos"
expect 2 "is the input" forecast --history "$h" --date 2025-01-21 --out "$h"
expect 2 "is the input" backtest --history "$h" --from 2025-01-19 --to 2025-01-20 --out "$h"
same_bytes "$s" "$work/s.copy"
same_bytes "$h" "$work/h.copy"

# history import --store on a file with a store column is refused (not silently ignored).
printf 'store,date,item,sold\nginza,2025-03-01,maguro,120\n' >"$work/stores.csv"
expect 2 'has a "store" column, so --store shibuya does not apply' \
  history import "$work/stores.csv" --store shibuya --history "$work/i.db"
[ -e "$work/i.db" ] && "$kaiten" history info --history "$work/i.db" | grep -q "ginza" &&
  fail "rows imported despite the refusal"

# backtest --models names the valid models.
expect 2 'unknown model "bogus" \(models: seasonal_naive, .*auto\)' \
  backtest --history "$h" --from 2025-01-19 --to 2025-01-20 --models seasonal_naive,bogus

# Store ids must be valid UTF-8, given as an option or in a POS export.
bad_id=$'gin\xffza'
utf8="not valid UTF-8"
expect 2 "$utf8" batch "$s" --start 2025-01-06 --days 1 --history "$work/u.db" --store "$bad_id"
expect 2 "$utf8" history import "$pos" --store "$bad_id" --history "$work/u.db"
expect 2 "$utf8" forecast --history "$h" --date 2025-01-21 --out "$work/fc" --store "$bad_id"
expect 2 "$utf8" backtest --history "$h" --from 2025-01-19 --to 2025-01-20 --store "$bad_id"
printf 'store,date,item,sold\n%s,2025-03-01,maguro,120\n' "$bad_id" >"$work/bad_store.csv"
expect 2 'bad_store.csv:2: store: not valid UTF-8: "gin\\xffza"' \
  history import "$work/bad_store.csv" --history "$work/u.db"
# An unknown store is a bad option too.
expect 2 'no store "shibuya"' forecast --history "$h" --date 2025-01-21 --out "$work/fc" \
  --store shibuya

# --- Dates past 9999 are refused up front; what is written can always be read back. ---
expect 2 "--start 9999-12-30 --days 3 would run past 9999-12-31.*at most 2 days" \
  batch "$s" --start 9999-12-30 --days 3 --history "$work/y.db"
[ -e "$work/y.db" ] && fail "a history was written for a refused range"
expect 2 "--start: 10000-01-01 is outside the dates kaiten handles, 1000-01-01 to 9999-12-31" \
  batch "$s" --start 10000-01-01 --days 1 --history "$work/y.db"
expect 2 "--start: 2025-02-30 is not a day of the calendar" \
  batch "$s" --start 2025-02-30 --days 1 --history "$work/y.db"
expect 2 "--date: 10000-01-01 is outside the dates" \
  forecast --history "$h" --date 10000-01-01 --out "$work/fc"
expect 2 "--to: 10000-01-01 is outside the dates" \
  backtest --history "$h" --from 9999-12-01 --to 10000-01-01
# The last days a history holds: ingredient lots delivered then keep past 9999-12-31 in the
# store, yet every date written reads back, and the last day can be forecast.
"$kaiten" batch "$src/scenarios/chain_store.yaml" --start 9999-12-29 --days 3 --history "$work/y.db" \
  --quiet
"$kaiten" history info --history "$work/y.db" | grep -q "9999-12-29 .. 9999-12-31" ||
  fail "history info of the last days"
expect 0 "" forecast --history "$work/y.db" --date 9999-12-31 --out "$work/fy" --quiet
expect 0 "" backtest --history "$work/y.db" --from 9999-12-30 --to 9999-12-31 --quiet

# --- 4. Scenario messages. ---
# Old Mac line ends (CR only) are line ends: the file reads, and problems have their real line.
tr '\n' '\r' <"$s" >"$work/cr.yaml"
expect 0 "" validate "$work/cr.yaml"
sed 's/speed_mm_s: .*/speed_mm_s: -5/' "$s" >"$work/slow.yaml"
lf_line=$(grep -n "speed_mm_s" "$work/slow.yaml" | cut -d: -f1)
tr '\n' '\r' <"$work/slow.yaml" >"$work/slow_cr.yaml"
expect 2 "slow_cr.yaml:$lf_line:[0-9]+: belt.speed_mm_s" validate "$work/slow_cr.yaml"
# A key with a line break in it is shown escaped: one problem, one line.
{
  cat "$s"
  printf '"bad\\nkey": 1\n'
} >"$work/key.yaml"
expect 2 'key.yaml:[0-9]+:[0-9]+: bad\\nkey: unknown key "bad\\nkey"' validate "$work/key.yaml"
[ "$(wc -l <"$work/err")" -eq 2 ] || fail "a key with a line break split its message"
# Nesting too deep to read is named with its position, not as a crash or "bad file".
python3 -c "print('a: ' + '[' * 100000 + ']' * 100000)" >"$work/deep.yaml"
expect 2 "deep.yaml:1:[0-9]+: maps and lists are nested too deeply" validate "$work/deep.yaml"
python3 -c "print(''.join('  ' * i + 'k%d:\n' % i for i in range(3000)) + '  ' * 3000 + 'v')" \
  >"$work/deep_block.yaml"
expect 2 "deep_block.yaml:[0-9]+:[0-9]+: maps and lists are nested too deeply" \
  validate "$work/deep_block.yaml"
expect 2 "deep.yaml:1:[0-9]+: maps and lists are nested too deeply" run "$work/deep.yaml"

# --- A sales history in a read-only directory can still be read. ---
# As root, permissions do not stop writes: the reader then runs as the user nobody (setpriv).
ro="$work/ro"
mkdir "$ro"
cp "$h" "$ro/h.db"
chmod 755 "$work"
chmod 644 "$ro/h.db"
chmod 555 "$ro"
reader=()
if [ "$(id -u)" -eq 0 ]; then
  command -v setpriv >/dev/null || fail "running as root without setpriv: cannot make a reader"
  reader=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
"${reader[@]}" "$kaiten" --version >/dev/null || fail "the reader cannot run $kaiten"
if "${reader[@]}" touch "$ro/probe" 2>/dev/null; then
  fail "the read-only directory can be written: this check would prove nothing"
fi
as_reader() {
  local got=0
  "${reader[@]}" "$kaiten" "$@" >"$work/out" 2>"$work/err" || got=$?
  [ "$got" -eq 0 ] || { cat "$work/err" >&2; fail "read-only history: kaiten $*: exit $got"; }
}
mkdir -m 777 "$work/ro_out"
as_reader history info --history "$ro/h.db"
grep -q "15 days" "$work/out" || fail "history info in a read-only directory"
as_reader forecast --history "$ro/h.db" --date 2025-01-21 --out "$work/ro_out/fc" --quiet
[ -s "$work/ro_out/fc/forecast.csv" ] || fail "forecast from a read-only directory"
as_reader backtest --history "$ro/h.db" --from 2025-01-19 --to 2025-01-20 --quiet
[ "$(ls "$ro")" = "h.db" ] || fail "reading left files in the read-only directory"

# --- The modules: a kaiten copied away from libkaiten_mqtt.so and libkaiten_mpi.so still runs a
# day, and the commands that need a module say which file is missing and where it belongs. ---
mkdir "$work/alone"
cp "$kaiten" "$work/alone/kaiten"
alone_kaiten="$work/alone/kaiten"
"$alone_kaiten" run "$s" --out "$work/alone/run" --quiet || fail "a day without the modules"
missing="libkaiten_mqtt.so \(it belongs beside the kaiten executable\)"
got=0
"$alone_kaiten" control --broker tcp://127.0.0.1:1 --store s1 >"$work/out" 2>"$work/err" || got=$?
[ "$got" -eq 1 ] && grep -qE "$missing" "$work/err" || { cat "$work/err" >&2; fail "control without libkaiten_mqtt.so: exit $got"; }
if [ -f "$(dirname "$kaiten")/libkaiten_mpi.so" ]; then
  got=0
  OMPI_COMM_WORLD_SIZE=2 "$alone_kaiten" chain batch "$src/scenarios/chains/chain_small.yaml" \
    --start 2025-01-06 --days 1 --history "$work/alone/c.db" >"$work/out" 2>"$work/err" || got=$?
  [ "$got" -eq 1 ] && grep -qE "libkaiten_mpi.so \(it belongs" "$work/err" ||
    { cat "$work/err" >&2; fail "chain batch under mpirun without libkaiten_mpi.so: exit $got"; }
fi

echo "cli_contract_test: all checks passed"
