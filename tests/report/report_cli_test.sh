#!/usr/bin/env bash
# `kaiten report` from the command line (docs/reports.md): a run and a sweep folder become one
# HTML file each; bad input exits 2 naming the file or field and writes nothing.
# Usage: report_cli_test.sh KAITEN_BINARY SOURCE_DIR
set -euo pipefail
kaiten="$1"
src="$2"
source "$src/tests/app/cli_lib.sh"
# tiny.yaml has no party model: the report leaves out the customer charts and says so.
tiny="$src/scenarios/tiny.yaml"

"$kaiten" run "$tiny" --out "$work/run" --quiet
expect 0 "" report "$work/run" --out "$work/day.html"
grep -qE "^kaiten report: run report of .* \(10 charts, 1 tables, [0-9]+ KB" "$work/out" ||
  fail "the report line: $(cat "$work/out")"
grep -q 'data-charts-total="10"' "$work/day.html" || fail "day.html does not hold 10 charts"
grep -q "Chart.js v3" "$work/day.html" || fail "Chart.js is not inline"
! grep -qiE '<(script|img|iframe)[^>]* src=|<link ' "$work/day.html" || fail "day.html loads a file"
grep -q "does not model parties" "$work/day.html" || fail "no note on the missing customer model"
cp "$work/day.html" "$work/day1.html"
"$kaiten" report "$work/run" --out "$work/day.html" --quiet
cmp -s "$work/day.html" "$work/day1.html" || fail "the same folder gives different bytes"

"$kaiten" sweep "$tiny" --vary discard.discard_distance_m=150,300 --replications 2 \
  --out "$work/sweep" --quiet
expect 0 "" report "$work/sweep" --out "$work/sweep.html" --quiet
grep -q 'data-report="sweep"' "$work/sweep.html" || fail "sweep.html is not a sweep report"
grep -q 'tradeoff_found_on_belt_waste_rate' "$work/sweep.html" || fail "no trade-off chart"

# kaiten compare --out: means and paired differences recomputed here from runs.csv (t(0.975, 2)
# = 4.302653 for 3 seeds), then the folder as a compare report.
"$kaiten" compare "$tiny" --replications 3 --out "$work/compare" --quiet \
  --policies manager fixed_mix
/usr/bin/python3 - "$work/compare" <<'PY' || fail "compare --out: the files disagree with runs.csv"
import csv, json, math, statistics, sys
d = sys.argv[1]
runs = list(csv.DictReader(open(f"{d}/runs.csv")))
means = {r["policy"]: r for r in csv.DictReader(open(f"{d}/means.csv"))}
diffs = {r["policy"]: r for r in csv.DictReader(open(f"{d}/differences.csv"))}
meta = json.load(open(f"{d}/compare.json"))
assert meta["baseline"] == "manager" and meta["replications"] == 3, meta
assert [r["seed"] for r in runs] == ["1", "2", "3"] * 2
def check(row, values, name):
    m, hw = statistics.fmean(values), 4.302653 * statistics.stdev(values) / math.sqrt(3)
    for key, want in ((".mean", m), (".low95", m - hw), (".high95", m + hw)):
        got = float(row[name + key])
        assert abs(got - want) <= 1e-6 * max(1.0, abs(want)), (name, key, got, want)
for measure in meta["measures"]:
    n = measure["name"]
    col = {p: [float(r[n]) for r in runs if r["policy"] == p] for p in ("manager", "fixed_mix")}
    check(means["manager"], col["manager"], n)
    check(means["fixed_mix"], col["fixed_mix"], n)
    check(diffs["fixed_mix"], [a - b for a, b in zip(col["fixed_mix"], col["manager"])], n)
PY
expect 0 "" report "$work/compare" --out "$work/compare.html" --quiet
grep -q 'data-report="compare"' "$work/compare.html" || fail "compare.html is not a compare report"
grep -q 'difference_fixed_mix' "$work/compare.html" || fail "no difference chart"
expect 2 "is the input" compare "$tiny" --replications 1 --out "$tiny"
[ -s "$tiny" ] || fail "compare --out the scenario damaged it"

# Bad input: exit 2, the file or field named, nothing written.
expect 2 "no such folder" report "$work/missing" --out "$work/x.html"
mkdir "$work/empty"
expect 2 "not a run, sweep, compare or backtest folder" report "$work/empty" --out "$work/x.html"
expect 2 "not a folder" report "$tiny" --out "$work/x.html"
mkdir "$work/broken"
cp "$work/run/summary.json" "$work/run/items.csv" "$work/run/hours.csv" "$work/broken/"
expect 2 "broken/lanes.csv: missing \(kaiten run --out writes it\)" \
  report "$work/broken" --out "$work/x.html"
cp "$work/run/"*.csv "$work/broken/"
sed -i '1s/,eaten,/,eatn,/' "$work/broken/hours.csv"
expect 2 "broken/hours.csv: no column .eaten." report "$work/broken" --out "$work/x.html"
[ ! -e "$work/x.html" ] || fail "a failed report wrote its output"
expect 2 "inside the input folder" report "$work/run" --out "$work/run/r.html"
expect 2 "is a folder" report "$work/run" --out "$work/empty"
expect 2 "required" report "$work/run"
# --png needs chromium: a clear error before anything is written, only for --png.
KAITEN_CHROMIUM="$work/no-such-browser" expect 2 "--png needs headless Chromium" \
  report "$work/run" --out "$work/x.html" --png "$work/png"
[ ! -e "$work/x.html" ] || fail "report --png without chromium wrote the page"
# A sales history: one page of days; a missing file, another store or both inputs exit 2.
"$kaiten" batch "$tiny" --days 7 --start 2025-01-06 --history "$work/h.db" --quiet
expect 0 "" report --history "$work/h.db" --out "$work/history.html"
grep -qE "^kaiten report: history report of .* \(7 charts" "$work/out" || fail "history: $(cat "$work/out")"
expect 2 "no such file" report --history "$work/none.db" --out "$work/x.html"
expect 2 "nosuch" report --history "$work/h.db" --store nosuch --out "$work/x.html"
expect 2 "excludes" report "$work/run" --history "$work/h.db" --out "$work/x.html"
expect 2 "no-chain.yaml" report --history "$work/h.db" --chain "$work/no-chain.yaml" --out "$work/x.html"
expect 2 "give a run, sweep, compare or backtest folder, or --history" report --out "$work/x.html"
[ ! -e "$work/x.html" ] || fail "a failed history report wrote its output"
echo "report_cli: ok"
