// kaiten history import / info / merge: point-of-sale exports into the sales history, what it
// holds, and histories written separately (a chain batch's shards) merged into one.
#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "arguments.hpp"
#include "commands.hpp"
#include "headoffice_commands.hpp"
#include "kaiten/headoffice/batch.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/headoffice/history_merge.hpp"
#include "kaiten/headoffice/pos_import.hpp"
#include "kaiten/io/input_file.hpp"
#include "kaiten/io/scenario_loader.hpp"

namespace kaiten::app {

using namespace kaiten::headoffice;

int history_import_command(const HistoryImportOptions& o) {
  std::vector<std::string> inputs{o.csv};
  if (!o.scenario.empty()) inputs.push_back(o.scenario);
  if (!check_inputs("history import", inputs) ||
      !check_input_if_present("history import", o.history) ||
      !check_output("history import", "--history", o.history, inputs) ||
      !check_store_id("history import", "--store", o.store))
    return kExitBadInput;
  const std::string text = read_input_file(o.csv);
  std::optional<ScenarioDef> scenario;
  if (!o.scenario.empty()) {
    const LoadResult loaded = load_scenario_file(o.scenario);
    for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
    if (!loaded.scenario) return kExitBadInput;
    scenario = *loaded.scenario;
  }
  try {
    HistoryStore history(o.history);
    const PosImport parsed = parse_pos_csv(text, o.csv, o.store, &history);
    for (const PosError& e : parsed.errors) fmt::print(stderr, "{}\n", e.to_string());
    if (!parsed.errors.empty() && !o.skip_bad) {
      fmt::print(stderr,
                 "kaiten history import: {} problem(s) in {}; nothing imported (--skip-bad "
                 "imports the good rows)\n",
                 parsed.errors.size(), o.csv);
      return kExitBadInput;
    }
    std::vector<std::string> stores;
    for (const DayRecord& d : parsed.days)
      if (std::find(stores.begin(), stores.end(), d.store) == stores.end())
        stores.push_back(d.store);
    for (const std::string& store : stores) {
      history.ensure_store(store, StoreSource::pos);
      if (scenario) {
        history.put_catalogue(store, catalogue_of(*scenario));
        history.put_holidays(store, holidays_of(*scenario));
      }
      std::vector<Date> holidays;
      for (const DayRecord& d : parsed.days)
        if (d.store == store && d.holiday) holidays.push_back(d.date);
      history.put_holidays(store, holidays);
    }
    history.write_days(parsed.days);  // one transaction for the whole file
    if (!o.quiet) {
      std::size_t rows = 0;
      for (const DayRecord& d : parsed.days) rows += d.items.size();
      fmt::print("kaiten history import: {} rows ({} days, {} store(s)) into {}", rows,
                 parsed.days.size(), stores.size(), o.history);
      if (parsed.rows_skipped > 0) fmt::print("; {} bad rows skipped", parsed.rows_skipped);
      fmt::print("\n");
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "kaiten history import: {}\n", e.what());
    return kExitFailed;
  }
  return kExitOk;
}

int history_info_command(const std::string& path) {
  if (!check_inputs("history info", {path})) return kExitBadInput;
  try {
    const HistoryStore history(path, HistoryAccess::read_only);
    fmt::print("{}: kaiten sales history, schema version {}\n", path, history.schema_version());
    for (const std::string& store : history.stores()) {
      const auto first = history.first_day(store);
      const auto last = history.last_day(store);
      const auto source = history.store_source(store);
      fmt::print("  {} ({}): {} days", store, source ? to_string(*source) : "?",
                 history.day_count(store));
      if (first && last) fmt::print(", {} .. {}", first->to_string(), last->to_string());
      if (const auto seed = history.store_seed(store)) fmt::print(", seed {}", *seed);
      fmt::print("\n");
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "kaiten history info: {}\n", e.what());
    return kExitFailed;
  }
  return kExitOk;
}

int history_merge_command(const HistoryMergeOptions& o) {
  if (!check_inputs("history merge", o.shards) ||
      !check_input_if_present("history merge", o.history) ||
      !check_output("history merge", "--history", o.history, o.shards))
    return kExitBadInput;
  // Every shard is looked at before anything is merged: a file that is not a history, or of a
  // newer schema, stops the merge with the output untouched.
  for (const std::string& shard : o.shards) {
    try {
      const HistoryStore check(shard, HistoryAccess::read_only);
    } catch (const HistoryError& e) {
      fmt::print(stderr, "kaiten history merge: {}: {}; nothing merged\n", shard, e.what());
      return kExitBadInput;
    }
  }
  std::size_t merged = 0;
  MergeCount total;
  for (const std::string& shard : o.shards) {
    try {
      const MergeCount n = merge_history(o.history, shard);
      total.stores_added += n.stores_added;
      total.days_added += n.days_added;
      total.days_known += n.days_known;
      ++merged;
      if (!o.quiet)
        fmt::print("{}: {} stores and {} store-days added, {} store-days already in {}\n", shard,
                   n.stores_added, n.days_added, n.days_known, o.history);
    } catch (const HistoryConflict& e) {
      fmt::print(stderr,
                 "kaiten history merge: {}: {}; nothing of this shard merged ({} shard(s) before "
                 "it are in {})\n",
                 shard, e.what(), merged, o.history);
      return kExitBadInput;
    } catch (const std::exception& e) {
      fmt::print(stderr, "kaiten history merge: {}: {}; nothing of this shard merged\n", shard,
                 e.what());
      return kExitFailed;
    }
  }
  if (!o.quiet)
    fmt::print("kaiten history merge: {} shards into {}: {} stores and {} store-days added\n",
               merged, o.history, total.stores_added, total.days_added);
  return kExitOk;
}

}  // namespace kaiten::app
