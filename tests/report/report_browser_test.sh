#!/usr/bin/env bash
# Every report kind opened in a real browser (headless Chromium, Debian `chromium`): no console
# error, and every chart drew marks (the page sets data-charts-drawn to the charts that did).
# --png writes one PNG per chart. Skipped (exit 77) where chromium is not installed.
# Usage: report_browser_test.sh KAITEN_BINARY SOURCE_DIR
set -euo pipefail
kaiten="$1"
src="$2"
chromium=${KAITEN_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
  echo "report_browser: SKIPPED, no chromium (Debian package chromium, scripts/deps.sh)"
  exit 77
fi
source "$src/tests/app/cli_lib.sh"
default="$src/scenarios/default.yaml"

"$kaiten" run "$default" --out "$work/run" --quiet
"$kaiten" sweep "$default" --vary discard.discard_distance_m=200,350 --replications 2 \
  --out "$work/sweep" --quiet
"$kaiten" report "$work/run" --out "$work/day.html" --png "$work/png" --quiet
"$kaiten" report "$work/sweep" --out "$work/sweep.html" --quiet
"$kaiten" compare "$default" --replications 2 --out "$work/compare" --quiet
"$kaiten" report "$work/compare" --out "$work/compare.html" --quiet
# 120 days: the history report then also draws next-day forecasts against sales.
"$kaiten" batch "$src/scenarios/tiny.yaml" --days 120 --start 2025-01-06 --history "$work/h.db" \
  --quiet
"$kaiten" report --history "$work/h.db" --out "$work/history.html" --quiet
"$kaiten" backtest --history "$work/h.db" --from 2025-02-24 --to 2025-03-09 --out "$work/backtest" \
  --quiet
"$kaiten" report "$work/backtest" --out "$work/backtest.html" --quiet
# A chain history without --store: the stores ranked by waste and margin.
"$kaiten" chain batch "$src/scenarios/chains/chain_small.yaml" --days 4 --start 2025-01-06 \
  --history "$work/chain.db" --quiet
"$kaiten" report --history "$work/chain.db" --chain "$src/scenarios/chains/chain_small.yaml" \
  --out "$work/chain.html" --quiet
# The chain's purchasing backtest: each centre's pooled orders against its stores' own.
"$kaiten" backtest --history "$work/chain.db" --chain "$src/scenarios/chains/chain_small.yaml" \
  --from 2025-01-08 --to 2025-01-09 --out "$work/purchasing" --quiet
"$kaiten" report "$work/purchasing" --out "$work/purchasing.html" --quiet

# open PAGE: the DOM after load in $work/dom, the browser's log in $work/log.
open_page() {
  "$chromium" --headless --disable-gpu --no-sandbox --hide-scrollbars --enable-logging=stderr \
    --v=0 --window-size=1200,900 --user-data-dir="$work/profile" --dump-dom "file://$1" \
    >"$work/dom" 2>"$work/log" ||
    fail "chromium failed on $1: $(tail -3 "$work/log")"
}
for page in day sweep compare history backtest chain purchasing; do
  open_page "$work/$page.html"
  if grep -E "Uncaught|CONSOLE" "$work/log"; then fail "$page.html: console messages above"; fi
  body=$(grep -o '<body[^>]*>' "$work/dom") || fail "$page.html: no <body> in the DOM"
  total=$(sed -n 's/.*data-charts-total="\([0-9]*\)".*/\1/p' <<<"$body")
  drawn=$(sed -n 's/.*data-charts-drawn="\([0-9]*\)".*/\1/p' <<<"$body")
  ! grep -q "data-errors" <<<"$body" || fail "$page.html: the page recorded errors: $body"
  [ -n "$total" ] && [ "$total" -gt 0 ] || fail "$page.html: no charts ($body)"
  [ "$drawn" = "$total" ] || fail "$page.html: $drawn of $total charts drew marks"
  echo "report_browser: $page.html: $drawn of $total charts drawn, no console errors"
done

# --png: a PNG per chart, each a real image of some size.
pngs=$(find "$work/png" -name '*.png' | wc -l)
[ "$pngs" -eq 15 ] || fail "--png wrote $pngs files, expected 15 (the day report's charts)"
for f in "$work/png"/*.png; do
  [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$f: not a PNG"
  [ "$(stat -c %s "$f")" -gt 5000 ] || fail "$f: too small to hold a chart"
done
echo "report_browser: ok"
