#!/usr/bin/env bash
# End-to-end checks of the kaiten binary: outputs, determinism, replay check, bad input.
# Usage: cli_test.sh KAITEN_BINARY SOURCE_DIR
set -euo pipefail
kaiten="$1"
src="$2"
source "$(dirname "$0")/cli_lib.sh"

# A run writes every output, and nothing is left as a temporary.
"$kaiten" run "$src/scenarios/tiny.yaml" --out "$work/a" --quiet
for f in summary.json items.csv hours.csv plates.csv run.log; do
  [ -s "$work/a/$f" ] || fail "missing $f"
done
ls "$work/a" | grep -q '\.tmp$' && fail "temporary file left behind"

# Same seed: byte-identical outputs. Different seed: a different summary and log.
"$kaiten" run "$src/scenarios/tiny.yaml" --out "$work/b" --quiet
for f in summary.json items.csv hours.csv plates.csv run.log; do
  cmp -s "$work/a/$f" "$work/b/$f" || fail "$f differs between identical runs"
done
"$kaiten" run "$src/scenarios/tiny.yaml" --seed 99 --out "$work/c" --quiet
cmp -s "$work/a/summary.json" "$work/c/summary.json" && fail "seed had no effect on summary.json"
cmp -s "$work/a/run.log" "$work/c/run.log" && fail "seed had no effect on run.log"
grep -q '"seed": 99' "$work/c/summary.json" || fail "summary does not record the seed"

# The folder is kaiten's: a manifest lists it; a folder holding anything else is refused (exit 2)
# and left exactly as it was.
[ -s "$work/a/kaiten-manifest.json" ] || fail "no manifest"
grep -q '"name": "run.log"' "$work/a/kaiten-manifest.json" || fail "manifest does not list run.log"
mkdir "$work/mine" && echo "my notes" > "$work/mine/notes.txt"
rc=0; "$kaiten" run "$src/scenarios/tiny.yaml" --out "$work/mine" --quiet 2>"$work/err" || rc=$?
[ "$rc" = 2 ] || fail "a folder with the user's files was not refused (exit $rc)"
grep -q "notes.txt" "$work/err" || fail "the refusal does not name the user's file"
[ "$(ls -A "$work/mine")" = "notes.txt" ] || fail "the refused folder was changed"
ls -A "$work" | grep -q staging && fail "a staging folder was left behind"
# A feed written into the output folder is one of its files.
"$kaiten" run "$src/scenarios/tiny.yaml" --out "$work/e" --feed-out "$work/e/feed.jsonl" --quiet
[ -s "$work/e/feed.jsonl" ] && [ -s "$work/e/summary.json" ] || fail "feed inside the output folder"
# A feed in a subfolder would be deleted with the folder it is in: refused, nothing changed.
rc=0
"$kaiten" run "$src/scenarios/tiny.yaml" --out "$work/e" --feed-out "$work/e/sub/f.jsonl" --quiet \
  2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "a feed in a subfolder of the output folder was not refused (exit $rc)"
[ -e "$work/e/sub" ] && fail "the refused run created a subfolder"

# The replay check reproduces the run, and a log cut short still checks its recorded part.
"$kaiten" replay "$work/a/run.log" --check | grep -q "check ok" || fail "replay check"
size=$(stat -c %s "$work/a/run.log")
head -c $((size / 2)) "$work/a/run.log" > "$work/cut.log"
"$kaiten" replay "$work/cut.log" --check | grep -q "verified up to its last whole chunk" ||
  fail "truncated replay"
# One flipped bit in the middle is corruption, not a cut: exit 1, naming the damaged chunk (the
# events chunk after the header chunk: 12-byte file header, 12-byte frame, header payload).
cp "$work/a/run.log" "$work/flip.log"
byte=$(od -An -tu1 -j $((size / 2)) -N1 "$work/flip.log" | tr -d ' ')
printf "\\$(printf %03o $((byte ^ 4)))" | dd of="$work/flip.log" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
header_payload=$(od -An -tu4 --endian=little -j 16 -N4 "$work/flip.log" | tr -d ' ')
rc=0; "$kaiten" replay "$work/flip.log" --check >/dev/null 2>"$work/err" || rc=$?
[ "$rc" = 1 ] || fail "a corrupt log gave exit $rc, not 1"
grep -q "corrupt.*byte $((24 + header_payload))" "$work/err" || { cat "$work/err"; fail "corruption report"; }
# A field of the totals chunk (the last 68 bytes: frame, six i64 and the digest, CRC-32) changed by
# one bit at byte offset $2 of file $1, its CRC-32 recomputed with gzip's (the same CRC).
flip_totals_bit() {
  local byte
  byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf "\\$(printf %03o $((byte ^ 1)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
  tail -c 68 "$1" | head -c 64 | gzip -c | tail -c 8 | head -c 4 |
    dd of="$1" bs=1 seek=$((size - 4)) conv=notrunc 2>/dev/null
}
# Totals that differ from the re-simulation name the field and both values: "events" (the first
# i64) counts the engine's events, which only a re-simulation tells.
cp "$work/a/run.log" "$work/totals.log"
events=$(od -An -tu8 --endian=little -j $((size - 60)) -N8 "$work/totals.log" | tr -d ' ')
flip_totals_bit "$work/totals.log" $((size - 60))
rc=0; "$kaiten" replay "$work/totals.log" --check >/dev/null 2>"$work/err" || rc=$?
[ "$rc" = 1 ] || fail "changed totals gave exit $rc, not 1"
grep -q "total events differs: recorded $((events ^ 1)), replayed $events" "$work/err" ||
  { cat "$work/err"; fail "totals report"; }
# Totals that disagree with the recorded events themselves ("made", the second i64, against the
# plates made in the events) are corruption at the totals chunk, before anything is re-simulated.
cp "$work/a/run.log" "$work/made.log"
made=$(od -An -tu8 --endian=little -j $((size - 52)) -N8 "$work/made.log" | tr -d ' ')
flip_totals_bit "$work/made.log" $((size - 52))
rc=0; "$kaiten" replay "$work/made.log" --check >/dev/null 2>"$work/err" || rc=$?
[ "$rc" = 1 ] || fail "totals disagreeing with the events gave exit $rc, not 1"
grep -q "corrupt: chunk at byte $((size - 68)): .*made recorded $((made ^ 1)), the events give $made" \
  "$work/err" || { cat "$work/err"; fail "totals against events report"; }
# Regression (fuzzing): the events chunks dropped, header and totals whole, once gave "check ok".
{ head -c $((24 + header_payload)) "$work/a/run.log"; tail -c 68 "$work/a/run.log"; } >"$work/gone.log"
rc=0; "$kaiten" replay "$work/gone.log" --check >"$work/out" 2>"$work/err" || rc=$?
[ "$rc" = 1 ] || fail "a log without its events chunks gave exit $rc, not 1"
grep -q "check ok" "$work/out" && fail "a log without its events chunks checked ok"
grep -q "corrupt: chunk at byte $((24 + header_payload)): the totals disagree with the 0 events" \
  "$work/err" || { cat "$work/err"; fail "events chunks dropped report"; }
echo "garbage" > "$work/bad.log"
if "$kaiten" replay "$work/bad.log" --check 2>"$work/err"; then fail "bad log accepted"; fi
grep -q "bad.log" "$work/err" || fail "bad log error does not name the file"

# Bad input: non-zero exit, file:line:col in the message, and nothing written.
cp "$src/scenarios/tiny.yaml" "$work/broken.yaml"
sed -i 's/speed_mm_s: .*/speed_mm_s: -5/' "$work/broken.yaml"
if "$kaiten" run "$work/broken.yaml" --out "$work/d" 2>"$work/err"; then fail "bad scenario ran"; fi
grep -q "broken.yaml:[0-9]*:[0-9]*: belt.speed_mm_s" "$work/err" || { cat "$work/err"; fail "error format"; }
[ -e "$work/d" ] && fail "output directory created for a bad scenario"
if "$kaiten" validate "$work/broken.yaml" 2>/dev/null; then fail "validate accepted a bad file"; fi
"$kaiten" validate "$src/scenarios/default.yaml" | grep -q "ok" || fail "validate default"
# Every bundled scenario is valid, and the generated workloads match their generator.
for f in "$src"/scenarios/*.yaml "$src"/scenarios/bench/*.yaml; do
  "$kaiten" validate "$f" >/dev/null || fail "bundled scenario $f does not validate"
done
if command -v python3 >/dev/null; then
  (cd "$src" && python3 scripts/make-bench-scenarios.py "$work/busy.yaml")
  cmp -s "$work/busy.yaml" "$src/scenarios/bench/busy_saturday.yaml" ||
    fail "scenarios/bench/busy_saturday.yaml is stale: run scripts/make-bench-scenarios.py"
fi

# The samples in data/ are what the docs say: a POS export that imports, a feed the controller
# reads to the end, and lanes.csv beside the other tables.
"$kaiten" history import "$src/data/samples/pos_export.csv" --history "$work/samples.db" |
  grep -q "336 rows (14 days, 1 store(s))" || fail "data/samples/pos_export.csv does not import"
"$kaiten" control "$src/data/samples/lunch_feed.jsonl" --out "$work/lunch" >/dev/null ||
  fail "kaiten control on data/samples/lunch_feed.jsonl"
[ -s "$work/lunch/controller_summary.json" ] || fail "no controller summary for the sample feed"
[ "$(head -1 "$work/a/lanes.csv" | cut -d, -f1-3)" = "lane,kind,made" ] || fail "lanes.csv header"

# Help documents every command.
for cmd in run validate replay; do
  "$kaiten" "$cmd" --help | grep -q -- "--help" || fail "$cmd --help"
done
echo "cli_test: all checks passed"
