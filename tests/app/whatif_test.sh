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

echo "whatif_test: all checks passed"
