#!/usr/bin/env bash
# The operator's what-if tools end to end (docs/whatif.md): --set overrides on every command that
# reads a scenario, sweeps and optimisation.
# Usage: whatif_test.sh KAITEN_BINARY SOURCE_DIR
set -euo pipefail
kaiten="$1"
src="$2"
source "$(dirname "$0")/cli_lib.sh"
tiny="$src/scenarios/tiny.yaml"

# --- --set: applied before validation, recorded, reproducible ---------------------------------
"$kaiten" run --set belt.speed_mm_s=60 "$tiny" --set discard.discard_distance_m=200 \
  --out "$work/set" >"$work/out"
grep -q "^  overrides: --set belt.speed_mm_s=60 --set discard.discard_distance_m=200$" "$work/out" ||
  fail "the report does not show the overrides"
grep -q "belt 60 mm/s" "$work/out" || fail "--set belt.speed_mm_s had no effect"
/usr/bin/python3 - "$work/set/summary.json" <<'PY' || fail "summary.json does not record the overrides"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["overrides"] == ["belt.speed_mm_s=60", "discard.discard_distance_m=200"], s["overrides"]
assert s["discard_rule"]["limit_m"] == 200, s["discard_rule"]
PY
"$kaiten" run "$tiny" --out "$work/plain" --quiet
grep -q '"overrides": \[\]' "$work/plain/summary.json" || fail "a run without --set records no empty list"
# The run log carries the overrides: the replay re-simulates the overridden day exactly.
"$kaiten" replay "$work/set/run.log" --check >"$work/out"
grep -q "with the recorded overrides: --set belt.speed_mm_s=60" "$work/out" || fail "replay overrides"
grep -q "check ok" "$work/out" || fail "the replay of an overridden run does not reproduce it"
# The same overrides written into a copy of the file give the same day, byte for byte.
sed -e 's/speed_mm_s: 80/speed_mm_s: 60/' "$tiny" >"$work/edited.yaml"
printf 'discard: {discard_distance_m: 200}\n' >>"$work/edited.yaml"
"$kaiten" run "$work/edited.yaml" --out "$work/edited" --quiet
for f in items.csv plates.csv hours.csv parties.csv; do
  cmp -s "$work/set/$f" "$work/edited/$f" || fail "$f: --set differs from the same edit in the file"
done
# A feed recorded with overrides is read back with them by `kaiten control`.
"$kaiten" run "$tiny" --set controller.top_n=1 --feed-out "$work/feed.jsonl" --quiet
grep -q '"overrides":\["controller.top_n=1"\]' "$work/feed.jsonl" || fail "feed header overrides"
"$kaiten" run "$tiny" --feed-out "$work/plain.jsonl" --quiet
"$kaiten" control "$work/feed.jsonl" --out "$work/control" >/dev/null
"$kaiten" control "$work/plain.jsonl" --out "$work/control-plain" >/dev/null
top_rank() { tail -n +2 "$1/top_sellers.csv" | cut -d, -f4 | sort -n | tail -1; }
[ "$(top_rank "$work/control-plain")" = 2 ] || fail "tiny has no second seller"
[ "$(top_rank "$work/control")" = 1 ] || fail "kaiten control ignored the feed's controller.top_n"

# Problems name the override; exit 2; nothing written.
expect 2 '^--set discard.discard_distance_m=-3: must be > 0 and <= 100000, got -3$' \
  run "$tiny" --set discard.discard_distance_m=-3 --out "$work/bad"
[ -e "$work/bad" ] && fail "an output folder was written for a bad override"
expect 2 '^kaiten run: --set belt.sped_mm_s=3: no scenario key belt.sped_mm_s; did you mean belt.speed_mm_s\?$' \
  run "$tiny" --set belt.sped_mm_s=3
expect 2 '^kaiten run: --set belt.speed_mm_s: expected PATH=VALUE' run "$tiny" --set belt.speed_mm_s
expect 2 '^--set belt.lanes\[1\].length_mm=3: belt.lanes has 1 entry \(\[0\]\)$' \
  validate "$tiny" --set 'belt.lanes[1].length_mm=3'
expect 2 '^--set belt.speed_mm_s=fast: expected an integer, got "fast"$' \
  compare "$tiny" --replications 1 --set belt.speed_mm_s=fast
expect 2 'kaiten batch: --set x=1: no scenario key x' \
  batch "$tiny" --start 2025-01-06 --days 1 --history "$work/h.db" --set x=1
[ -e "$work/h.db" ] && fail "a history was created for a bad override"
expect 2 'kaiten view: --set belt.sped_mm_s=1: no scenario key' view "$tiny" --set belt.sped_mm_s=1
# Validate and compare apply them too.
"$kaiten" validate "$tiny" --set kitchen.rate_plates_per_min=20 | grep -q ": ok" || fail "validate --set"
"$kaiten" compare "$tiny" --replications 1 --policies fixed_mix --set belt.speed_mm_s=60 >"$work/out"
grep -q "^overrides: --set belt.speed_mm_s=60$" "$work/out" || fail "compare does not show its overrides"
# A batch records them with the store's scenario.
"$kaiten" batch "$tiny" --start 2025-01-06 --days 1 --history "$work/h.db" --quiet \
  --set belt.speed_mm_s=60
/usr/bin/python3 - "$work/h.db" <<'PY' || fail "the history does not record the batch's overrides"
import sqlite3, sys
(scenario,) = sqlite3.connect(sys.argv[1]).execute("SELECT scenario FROM stores").fetchone()
assert scenario.endswith("tiny.yaml --set belt.speed_mm_s=60"), scenario
PY

# --- sweep: the same bytes for any --jobs, resumable, errors that say what is wrong ------------
vary=(--vary discard.discard_distance_m=100:250:50 --vary belt.speed_mm_s=60,80 --replications 3)
"$kaiten" sweep "$tiny" "${vary[@]}" --jobs 1 --out "$work/sweep1" >"$work/table1" 2>/dev/null
"$kaiten" sweep "$tiny" "${vary[@]}" --jobs 2 --out "$work/sweep2" >"$work/table2" 2>/dev/null
for f in runs.csv means.csv sweep.json kaiten-manifest.json; do
  cmp -s "$work/sweep1/$f" "$work/sweep2/$f" || fail "sweep $f differs between --jobs 1 and 2"
done
cmp -s "$work/table1" "$work/table2" || fail "the sweep's table differs between --jobs 1 and 2"
[ "$(wc -l <"$work/sweep1/runs.csv")" = $((1 + 8 * 3)) ] || fail "runs.csv: one row per point and replication"
[ "$(wc -l <"$work/sweep1/means.csv")" = $((1 + 8)) ] || fail "means.csv: one row per point"
grep -q '"command": "sweep"' "$work/sweep1/kaiten-manifest.json" || fail "sweep manifest"
ls -A "$work" | grep -q "kaiten-sweep-journal" && fail "a finished sweep left its journal"
# Every measure kaiten run prints is a column: money, customer experience, per lane, per item.
header=$(head -1 "$work/sweep1/runs.csv")
for m in waste_rate gross_margin_yen found_on_belt wait_p95_min order_lead_p95_min tag_reads \
  lane.A.waste_rate lane.A.parties_seated item.maguro.eaten; do
  case ",$header," in *",$m,"*) ;; *) fail "runs.csv has no column $m" ;; esac
done
grep -q "^point  discard.discard_distance_m  belt.speed_mm_s  waste_rate (%)" "$work/table1" ||
  fail "the sweep's table"

# Killed after 5 runs, rerun with the same arguments: the 5 are not run again, and the outputs are
# the bytes of the sweep never stopped.
rc=0
(KAITEN_TEST_SWEEP_KILL_AFTER=5 "$kaiten" sweep "$tiny" "${vary[@]}" --jobs 2 \
  --out "$work/sweepk" >/dev/null 2>&1) 2>/dev/null || rc=$?
[ "$rc" = 137 ] || fail "the sweep was not killed (exit $rc)"
[ -e "$work/sweepk" ] && fail "a killed sweep left an output folder"
[ -s "$work/sweepk.kaiten-sweep-journal" ] || fail "a killed sweep left no journal"
"$kaiten" sweep "$tiny" "${vary[@]}" --jobs 2 --out "$work/sweepk" >/dev/null 2>"$work/err"
grep -q "resumed: 5 of 24 runs read from" "$work/err" || { cat "$work/err"; fail "the sweep did not resume"; }
for f in runs.csv means.csv sweep.json; do
  cmp -s "$work/sweep1/$f" "$work/sweepk/$f" || fail "resumed sweep: $f differs"
done
[ -e "$work/sweepk.kaiten-sweep-journal" ] && fail "a resumed sweep left its journal"

expect 2 '^kaiten sweep: --show: unknown measure "wast_rate"; the measures are: waste_rate, .*per lane lane\.ID\.\{.*\} \(ID: A\); per item item\.ID\.\{eaten,made,waste_rate\} \(ID: maguro, salmon, ikura\)$' \
  sweep "$tiny" --replications 1 --show wast_rate
expect 2 '^--vary belt.speed_mm_s=0: must be in 1..1000, got 0$' sweep "$tiny" --vary belt.speed_mm_s=0,80
expect 2 '^kaiten sweep: --vary belt.speed_mm_s=80:60:10: TO \(60\) is below FROM \(80\)$' \
  sweep "$tiny" --vary belt.speed_mm_s=80:60:10
expect 2 '^kaiten sweep: --vary belt.sped_mm_s=60: no scenario key' sweep "$tiny" --vary belt.sped_mm_s=60

# --- optimize -------------------------------------------------------------------------------
"$kaiten" optimize "$tiny" --param kitchen.rate_plates_per_min=4:20:4 --objective plates_eaten \
  --replications 2 --budget 10 --final-replications 2 --out "$work/opt" >"$work/out" 2>/dev/null
grep -q "search: every one of the 5 settings of the grid" "$work/out" || fail "optimize: method"
grep -q "^  scenario's own:  kitchen.rate_plates_per_min=12$" "$work/out" || fail "optimize: own setting"
/usr/bin/python3 - "$work/opt" <<'PY' || fail "optimize.json / evaluations.csv"
import csv, json, sys
d = json.load(open(sys.argv[1] + "/optimize.json"))
rows = list(csv.DictReader(open(sys.argv[1] + "/evaluations.csv")))
assert len(rows) == 5 and d["settings_tried"] == 5, rows
best = max(rows, key=lambda r: float(r["plates_eaten.mean"]))
assert d["best"]["setting"]["kitchen.rate_plates_per_min"] == best["kitchen.rate_plates_per_min"]
assert d["objective"]["direction"] == "maximize"
assert d["final"]["seeds"] == [3, 4], d["final"]["seeds"]
PY
expect 2 '^kaiten optimize: --objective: unknown measure "margin"; the measures are: waste_rate' \
  optimize "$tiny" --param kitchen.rate_plates_per_min=4:20 --objective margin
expect 2 "^kaiten optimize: --constraint waste_rate>5: expected MEASURE>=X or MEASURE<=X" \
  optimize "$tiny" --param kitchen.rate_plates_per_min=4:20 --objective plates_eaten \
  --constraint 'waste_rate>5'
expect 2 "^kaiten optimize: --param controller.policy=1:2: the optimiser sets numbers" \
  optimize "$tiny" --param controller.policy=1:2 --objective plates_eaten
expect 2 "^kaiten optimize: --param belt.speed_mm_s=0: must be in 1..1000, got 0" \
  optimize "$tiny" --param belt.speed_mm_s=0:80 --objective plates_eaten
expect 1 "no setting tried met the constraints" optimize "$tiny" \
  --param kitchen.rate_plates_per_min=4:20:8 --objective plates_eaten --constraint 'waste_rate<=1' \
  --replications 2 --budget 6 --final-replications 2 --quiet

echo "whatif_test: all checks passed"
