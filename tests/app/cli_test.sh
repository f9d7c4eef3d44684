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

# The replay check reproduces the run, and a log cut short still checks its recorded part.
"$kaiten" replay "$work/a/run.log" --check | grep -q "check ok" || fail "replay check"
size=$(stat -c %s "$work/a/run.log")
head -c $((size / 2)) "$work/a/run.log" > "$work/cut.log"
"$kaiten" replay "$work/cut.log" --check | grep -q "recorded part" || fail "truncated replay"
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

# Help documents every command.
for cmd in run validate replay; do
  "$kaiten" "$cmd" --help | grep -q -- "--help" || fail "$cmd --help"
done
echo "cli_test: all checks passed"
