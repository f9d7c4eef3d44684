#pragma once
// One store's consecutive simulated days, as `kaiten batch` and `kaiten chain batch` run them:
// each day's scenario (weekday, holiday, drift, shocks), its opening stock by the stock policy
// (forecasts read the store's past days from a history), the simulation, and the record for the
// history (docs/headoffice.md). Stock carries over, so days are simulated in order.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/headoffice/batch.hpp"
#include "kaiten/headoffice/forecast.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/sim/population.hpp"

namespace kaiten::app {

/// A region's shared demand shock (headoffice/chain.hpp); sd 0: none.
struct RegionShock {
  std::uint64_t chain_seed = 0;
  std::string region;
  double sd = 0.0;
  double persistence = 0.0;
};

/// Whether `def` can run under `policy` (ingredients and recipes; par levels for `fixed`); prints
/// "kaiten COMMAND: ..." otherwise (naming `scenario` when it has no ingredients).
bool check_stock_policy(std::string_view command, const ScenarioDef& def, StockPolicy policy,
                        const std::string& scenario);

/// A population day as the history keeps it.
headoffice::PopulationDayRow population_row(const PopulationDay& day);
/// The population's members as the history keeps them; day indexes count from `first`.
std::vector<headoffice::PopulationMemberRow> member_rows(const Population& population,
                                                         headoffice::Date first);

/// The days of one store from `first` on. Not thread-safe; each store its own.
class StoreDays {
 public:
  StoreDays(std::string store, ScenarioDef def, std::uint64_t seed, StockPolicy policy,
            headoffice::Date first, int oracle_reps = 0, RegionShock region = {});

  /// Each simulated day's record carries the population's state after it (the members it
  /// changed), so that a batch can resume with the same members (`kaiten batch`).
  void keep_population_state() { keep_population_state_ = true; }
  /// The next day to simulate is `next`: continues the population from the state `history`
  /// holds after `next` - 1. False when it holds none for that day (or one that does not fit
  /// this scenario); true, changing nothing, without a population.
  bool resume_population(const headoffice::HistoryStore& history, headoffice::Date next);
  /// Before the first day: the stock carried into it from `history`'s day before, if present.
  void restore_before_first(const headoffice::HistoryStore& history);
  /// The next day is `date` and `history` holds it already: carries its closing stock on.
  void skip(headoffice::Date date, const headoffice::HistoryStore& history);
  /// Simulates the next day, `date`, with forecasts from the store's days in `history`; returns
  /// its record (written by the caller) and, when `day` is given, the day's result in it (for the
  /// day measures of `kaiten compare --days`).
  headoffice::DayRecord simulate(headoffice::Date date, const headoffice::HistoryStore& history,
                                 DayResult* day = nullptr);

  const std::string& store() const { return store_; }
  /// Days whose stock limits changed a decision, so that their unlimited twin was run on for
  /// true demand (docs/headoffice.md).
  int run_on_unlimited() const { return run_on_unlimited_; }
  /// The customer population (docs/loyalty.md), when the scenario enables one; its state after
  /// the days simulated so far (skipped days are not in it).
  const Population* population() const { return population_ ? &*population_ : nullptr; }
  /// The date of the population's day index 0 (a resumed population's own first day).
  headoffice::Date population_origin() const { return population_origin_; }

 private:
  std::string store_;
  ScenarioDef def_;
  std::uint64_t seed_;
  StockPolicy policy_;
  int oracle_reps_;
  RegionShock region_;
  headoffice::DemandPath path_;
  headoffice::Inventory stock_;
  headoffice::Catalogue catalogue_;
  headoffice::ForecastOptions forecast_options_;
  std::map<std::string, double> fixed_orders_;
  int run_on_unlimited_ = 0;
  std::optional<Population> population_;
  headoffice::Date population_origin_;  ///< the population's day index 0
  bool keep_population_state_ = false;
};

}  // namespace kaiten::app
