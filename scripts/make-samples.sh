#!/usr/bin/env bash
# Regenerates the real-format samples in data/samples/ (docs/headoffice.md, docs/feed.md):
#   pos_export.csv  two weeks of the standard store as a point-of-sale export would give them
#   lunch_feed.jsonl the sensor feed of the standard store's first hour, as its readers send it
# Usage: scripts/make-samples.sh [KAITEN_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
kaiten="${1:-build/release/bin/kaiten}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$kaiten" batch scenarios/default.yaml --days 14 --start 2026-03-02 --history "$work/h.db" --quiet
python3 - "$work/h.db" data/samples/pos_export.csv <<'PY'
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute(
    "SELECT s.store, s.date, s.item, s.sold, s.discarded, s.made, s.panel_orders, s.stock_out,"
    " s.stock_out_min, s.stock_plates, d.holiday FROM sales s JOIN days d USING (store, date)"
    " ORDER BY s.date, s.item").fetchall()
with open(sys.argv[2] + ".tmp", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["store", "date", "item", "sold", "discarded", "made", "panel_orders",
                "stock_out", "sold_out_at", "stock_plates", "holiday"])
    for store, date, item, sold, disc, made, orders, out, out_min, stock, hol in rows:
        at = "" if out_min is None else "%02d:%02d" % divmod(out_min, 60)
        w.writerow([store, date, item, sold, disc, made, orders, out, at,
                    "" if stock is None else stock, hol])
PY
mv data/samples/pos_export.csv.tmp data/samples/pos_export.csv

# The first hour of the standard store's day: the scenario cut at 12:00 (arrivals of later hours
# dropped, as the validator requires).
python3 - scenarios/default.yaml "$work/lunch.yaml" <<'PY'
import sys, yaml
s = yaml.safe_load(open(sys.argv[1]))
s["name"] = "Standard store, first hour"
s["hours"] = {"open": "11:00", "close": "12:00"}
s["customers"]["hourly_parties"] = {11: s["customers"]["hourly_parties"][11]}
yaml.safe_dump(s, open(sys.argv[2], "w"), sort_keys=False, allow_unicode=True)
PY
"$kaiten" run "$work/lunch.yaml" --feed-out "$work/lunch_feed.jsonl" --quiet
mv "$work/lunch_feed.jsonl" data/samples/lunch_feed.jsonl
ls -l data/samples
