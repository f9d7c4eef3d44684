// kaiten batch: consecutive simulated days of one store into the sales history, resumable, with
// each day's opening stock from the stock policy (docs/headoffice.md).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <map>

#include "arguments.hpp"
#include "commands.hpp"
#include "day_runner.hpp"
#include "headoffice_commands.hpp"
#include "kaiten/headoffice/batch.hpp"
#include "kaiten/headoffice/forecast.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/io/atomic_file.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "progress.hpp"
#include "store_days.hpp"

namespace kaiten::app {
namespace {

using namespace kaiten::headoffice;
using Clock = std::chrono::steady_clock;

std::string members_csv(const std::vector<PopulationMemberRow>& rows) {
  std::string out =
      "member,segment,size,app,joined,left_on,lapsed,visits,walkaways,spend_yen,margin_yen,"
      "clv_yen,mean_rating,last_rating\n";
  for (const PopulationMemberRow& m : rows) {
    out +=
        fmt::format("{},{},{},{},{},{},{},{},{},{},{},{:.0f},{},{}\n", m.member, m.segment, m.size,
                    m.app ? 1 : 0, m.joined.to_string(), m.left_on ? m.left_on->to_string() : "",
                    m.lapsed ? 1 : 0, m.visits, m.walkaways, m.spend_yen, m.margin_yen, m.clv_yen,
                    m.mean_rating ? fmt::format("{:.2f}", *m.mean_rating) : "",
                    m.last_rating ? fmt::format("{:.2f}", *m.last_rating) : "");
  }
  return out;
}

void print_population(const Population& pop) {
  std::int64_t visits = 0;
  std::int64_t fresh = 0;
  std::int64_t promoters = 0;
  std::int64_t detractors = 0;
  std::int64_t rated = 0;
  std::int64_t churned = 0;
  for (const PopulationDay& d : pop.days()) {
    visits += d.visits_new + d.visits_returning;
    fresh += d.visits_new;
    promoters += d.promoters;
    detractors += d.detractors;
    rated += d.promoters + d.passives + d.detractors;
    churned += d.churned;
  }
  fmt::print(
      "  population: {} members at the start, {} visits ({} by new customers), NPS proxy {:.1f}, "
      "{} churned; retention {:.3f}, CLV {:.0f} yen per starting member\n",
      pop.starting_members(), visits, fresh,
      rated > 0 ? 100.0 * static_cast<double>(promoters - detractors) / static_cast<double>(rated)
                : 0.0,
      churned, pop.days().empty() ? 1.0 : pop.days().back().retention,
      pop.clv_per_starting_member());
}

}  // namespace

int batch_command(const BatchOptions& o) {
  if (!check_input_if_present("batch", o.history) ||
      !check_output("batch", "--history", o.history, {o.scenario}))
    return kExitBadInput;
  const auto overrides = parse_overrides("batch", o.sets);
  if (!overrides) return kExitBadInput;
  const LoadResult loaded = load_scenario_file(o.scenario, *overrides);
  for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
  if (!loaded.scenario) return kExitBadInput;
  ScenarioDef def = *loaded.scenario;
  const auto start = parse_date_option("batch", "--start", o.start);
  if (!start) return kExitBadInput;
  if (o.days < 1) {
    fmt::print(stderr, "kaiten batch: --days must be at least 1\n");
    return kExitBadInput;
  }
  if (!last_of_days("batch", fmt::format("--start {} --days {}", o.start, o.days), *start, o.days))
    return kExitBadInput;
  StockPolicy policy = def.stock.policy;
  if (!o.stock_policy.empty()) {
    if (o.stock_policy == "unlimited") {
      policy = StockPolicy::unlimited;
    } else if (o.stock_policy == "fixed") {
      policy = StockPolicy::fixed;
    } else if (o.stock_policy == "forecast") {
      policy = StockPolicy::forecast;
    } else {
      fmt::print(stderr, "kaiten batch: --stock-policy: expected unlimited, fixed or forecast\n");
      return kExitBadInput;
    }
  }
  if (!check_stock_policy("batch", def, policy, o.scenario)) return kExitBadInput;
  const std::string store = o.store.empty() ? def.name : o.store;
  if (!check_store_id("batch", o.store.empty() ? "the scenario's name" : "--store", store))
    return kExitBadInput;
  const std::uint64_t seed = o.seed.value_or(def.seed);
  if (!o.members_csv.empty() && !def.population.enabled) {
    fmt::print(stderr, "kaiten batch: --members needs `population.enabled: true` in {}\n",
               o.scenario);
    return kExitBadInput;
  }
  if (!o.members_csv.empty() && !check_output("batch", "--members", o.members_csv, {o.scenario}))
    return kExitBadInput;

  try {
    HistoryStore history(o.history);
    if (const auto known = history.store_seed(store); known && *known != seed) {
      fmt::print(stderr,
                 "kaiten batch: store \"{}\" in {} was simulated with seed {}, not {}; use --seed "
                 "{} to continue it or --store for another store\n",
                 store, o.history, *known, seed, *known);
      return kExitBadInput;
    }
    // The store's scenario as it was run: the file and the overrides applied to it.
    std::string scenario = o.scenario;
    for (const std::string& text : override_texts(*overrides)) scenario += " --set " + text;
    history.ensure_store(store, StoreSource::sim, scenario, seed);
    history.put_catalogue(store, catalogue_of(def));
    history.put_holidays(store, holidays_of(def));

    Progress progress(o.days, "days", !o.quiet && Progress::on_terminal());
    const auto t0 = Clock::now();
    StoreDays days(store, def, seed, policy, *start, o.oracle_reps);
    days.keep_population_state();
    days.restore_before_first(history);
    // A population goes on from its state after the day before the first day to simulate (a
    // resumed or extended batch); with no day of the range done yet and no such state, a new
    // population starts. Days held after a gap, or without a state to go on from, are refused
    // rather than the members silently restarted.
    if (def.population.enabled) {
      int done = 0;
      while (done < o.days && history.has_day(store, *start + done)) ++done;
      if (history.days_between(store, *start, *start + (o.days - 1)) != done) {
        fmt::print(stderr,
                   "kaiten batch: {} holds days of store \"{}\" after a missing one between {} "
                   "and {}; a batch with a customer population resumes only after its last day "
                   "written: use a new history or --store\n",
                   o.history, store, start->to_string(), (*start + (o.days - 1)).to_string());
        return kExitBadInput;
      }
      if (!days.resume_population(history, *start + done) && done > 0) {
        fmt::print(stderr,
                   "kaiten batch: {} holds days of store \"{}\" from {} on but not its customer "
                   "population's state after {} (a history from before schema version 3, or "
                   "written by kaiten chain batch): the batch cannot resume with the same "
                   "members; use a new history or --store\n",
                   o.history, store, start->to_string(), (*start + (done - 1)).to_string());
        return kExitBadInput;
      }
    }
    int simulated = 0;
    int skipped = 0;
    std::int64_t plates_sold = 0;
    for (int k = 0; k < o.days; ++k) {
      const Date date = *start + k;
      if (history.has_day(store, date)) {
        // Resuming: the day is done; carry its closing stock on.
        days.skip(date, history);
        ++skipped;
        progress.tick(false);
        continue;
      }
      const DayRecord record = days.simulate(date, history);
      ++simulated;
      for (const ItemDay& it : record.items) plates_sold += it.sold;
      history.write_day(record);  // one transaction: the whole day or nothing
      progress.tick(true);
    }
    progress.finish();
    if (const Population* pop = days.population()) {
      const std::vector<PopulationMemberRow> rows = member_rows(*pop, days.population_origin());
      history.put_population_members(store, rows);
      if (!o.members_csv.empty()) write_file_atomically(o.members_csv, members_csv(rows));
    }
    if (!o.quiet) {
      const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
      fmt::print(
          "kaiten batch: {} ({}), {} days from {}: {} simulated, {} already in the history\n"
          "  {} days run on without stock limits, from their last checkpoint, for true demand\n",
          store, to_string(policy), o.days, start->to_string(), simulated, skipped,
          days.run_on_unlimited());
      if (const Population* pop = days.population()) print_population(*pop);
      fmt::print("  {} plates sold; {:.1f} s ({:.0f} ms per simulated day); history {}\n",
                 plates_sold, seconds, simulated > 0 ? 1000.0 * seconds / simulated : 0.0,
                 o.history);
    }
  } catch (const HistoryError& e) {
    fmt::print(stderr, "kaiten batch: {}\n", e.what());
    return kExitFailed;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kaiten batch: {}\n", e.what());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace kaiten::app
