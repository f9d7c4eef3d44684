# Helpers of the chain batch tests (docs/chain.md). Source after cli_lib.sh.

# dump DB: every row a chain batch writes, in a fixed order, wall-clock columns (days.written_at,
# schema_version.applied_at) left out; REAL values to 17 significant digits (bit for bit).
dump() {
  sqlite3 -batch "$1" <<'SQL'
SELECT 'stores', store, source, scenario, seed FROM stores ORDER BY store;
SELECT 'items', * FROM items ORDER BY store, item;
SELECT 'ingredients', store, ingredient, name, printf('%!.17g', cost_yen_per_kg), shelf_life_days,
       printf('%!.17g', underage_yen_per_kg), printf('%!.17g', overage_yen_per_kg)
  FROM ingredients ORDER BY store, ingredient;
SELECT 'recipes', store, item, ingredient, printf('%!.17g', grams) FROM recipes
  ORDER BY store, item, ingredient;
SELECT 'calendar', * FROM calendar ORDER BY store, date;
SELECT 'days', store, date, weekday, holiday, parties, customers, failed_wishes,
       printf('%!.17g', shock) FROM days ORDER BY store, date;
SELECT 'sales', store, date, item, sold, discarded, made, panel_orders, stock_plates, stock_out,
       stock_out_min, true_demand, printf('%!.17g', expected_demand) FROM sales
  ORDER BY store, date, item;
SELECT 'day_hours', * FROM day_hours ORDER BY store, date, hour;
SELECT 'stock', store, date, ingredient, policy, printf('%!.17g', ordered_g),
       printf('%!.17g', opening_g), printf('%!.17g', used_g), printf('%!.17g', expired_g),
       printf('%!.17g', closing_g) FROM stock ORDER BY store, date, ingredient;
SELECT 'stock_lots', store, date, ingredient, expires, printf('%!.17g', grams) FROM stock_lots
  ORDER BY store, date, ingredient, expires;
SQL
}

# same_history A B: the two histories hold the same rows (dump), or fail naming the first
# difference.
same_history() {
  dump "$1" >"$work/dump-a"
  dump "$2" >"$work/dump-b"
  if ! cmp -s "$work/dump-a" "$work/dump-b"; then
    diff "$work/dump-a" "$work/dump-b" | head -20 >&2
    fail "$3: $2 differs from $1"
  fi
}

# store_days DB: how many store-days the history holds.
# (0 while the file is not there yet: the shell would create it.)
store_days() {
  local n=0
  if [ -s "$1" ]; then n=$(sqlite3 -batch "$1" "SELECT count(*) FROM days" 2>/dev/null) || n=0; fi
  echo "${n:-0}"
}
