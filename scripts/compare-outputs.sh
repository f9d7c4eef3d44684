#!/usr/bin/env bash
# Checks that two kaiten builds write the same outputs: `kaiten run --out` on the bundled day
# scenarios and a short `kaiten batch` history, table by table. For changes meant to be pure
# speed-ups (docs/PERFORMANCE.md): any difference is printed and the exit status is 1.
#
#   scripts/compare-outputs.sh OLD_KAITEN NEW_KAITEN [DAYS]
set -euo pipefail
old=${1:?usage: compare-outputs.sh OLD_KAITEN NEW_KAITEN [DAYS]}
new=${2:?usage: compare-outputs.sh OLD_KAITEN NEW_KAITEN [DAYS]}
days=${3:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

for scenario in default weekend faults bench/busy_saturday; do
  name=${scenario//\//_}
  # The same output path for both: the manifest names the command.
  "$old" run "$root/scenarios/$scenario.yaml" --out "$work/out" --quiet && mv "$work/out" "$work/old-$name"
  "$new" run "$root/scenarios/$scenario.yaml" --out "$work/out" --quiet && mv "$work/out" "$work/new-$name"
  if diff -r "$work/old-$name" "$work/new-$name" > "$work/diff-$name"; then
    echo "same: run $scenario ($(ls "$work/new-$name" | wc -l) files)"
  else
    echo "DIFFERENT: run $scenario"; head -20 "$work/diff-$name"; status=1
  fi
done

# A history's rows, table by table; the wall-clock stamps (days.written_at, schema_version's
# time) are the only columns allowed to differ.
dump() {
  sqlite3 "$1" .tables | tr -s ' ' '\n' | sed '/^$/d' | sort | while read -r table; do
    echo "== $table"
    sqlite3 "$1" "SELECT * FROM $table" | LC_ALL=C sort
  done
}
for bin in old new; do
  exe=$old; [[ $bin == new ]] && exe=$new
  "$exe" batch "$root/scenarios/bench/year_batch.yaml" --days "$days" --start 2025-01-01 \
    --history "$work/history.db" --quiet
  mv "$work/history.db" "$work/$bin.db"
  sqlite3 "$work/$bin.db" "UPDATE days SET written_at = ''" 2>/dev/null || true
  sqlite3 "$work/$bin.db" "DELETE FROM schema_version" 2>/dev/null || true
  dump "$work/$bin.db" > "$work/$bin.dump"
done
if cmp -s "$work/old.dump" "$work/new.dump"; then
  echo "same: batch year_batch.yaml, $days days ($(wc -l < "$work/new.dump") rows)"
else
  echo "DIFFERENT: batch year_batch.yaml"; diff "$work/old.dump" "$work/new.dump" | head -20; status=1
fi
exit $status
