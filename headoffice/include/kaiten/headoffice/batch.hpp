#pragma once
// The pieces of a multi-day batch that do not run the simulation themselves: each day's scenario
// (weekday, holiday, popularity drift, weather shock), what a day's ground truth says per item,
// the day's record for the history, and ingredient stock carried between days
// (docs/headoffice.md). `kaiten batch` (app/) strings them together around the store's day.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/headoffice/date.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/sim/truth.hpp"

namespace kaiten::headoffice {

/// The simulation seed of `date` (replication 0 is the day itself; others are for the oracle):
/// SplitMix64 over (batch seed, date, replication), so any day can be rerun alone.
std::uint64_t day_seed(std::uint64_t seed, Date date, std::uint32_t replication = 0);

/// Day-level demand variation, one step per day from the batch's first day, each day's draws
/// seeded from (seed, date) only: the weather shock s (AR(1), stationary from the first day) and
/// every item's log-popularity random walk (0 on the first day).
class DemandPath {
 public:
  DemandPath(const ScenarioDef& base, std::uint64_t seed, Date first);

  /// Steps day by day up to `date` (not before the current day).
  void advance_to(Date date);
  Date date() const { return date_; }
  double shock() const { return shock_; }  ///< log arrival shock of the current day
  const std::vector<double>& log_popularity() const { return walk_; }

 private:
  void draw(bool first);
  DemandDef demand_;
  std::uint64_t seed_;
  Date date_;
  double shock_ = 0.0;
  std::vector<double> walk_;
};

bool is_holiday(const ScenarioDef& def, Date date);

/// `base` for one day: customers' weekday from the date, the holiday flag from the calendar,
/// hourly arrivals × exp(s - sd²/2), popularity × exp(walk). Stock is left as in `base`.
ScenarioDef scenario_for_day(const ScenarioDef& base, Date date, const DemandPath& path);

/// Watches a day's ground truth for what DayResult does not hold per item: panel orders, plates
/// taken from stock and when each item ran out of its stock_plates.
class ItemDaySink final : public TruthSink {
 public:
  explicit ItemDaySink(const ScenarioDef& day_def);
  void on_event(const TruthEvent& event) override;

  std::int64_t panel_orders(std::size_t item) const { return panel_orders_[item]; }
  /// Plates that took stock: free-running plates made plus panel orders placed.
  std::int64_t stock_taken(std::size_t item) const { return taken_[item]; }
  std::optional<SimTime> sold_out_at(std::size_t item) const { return sold_out_[item]; }

 private:
  std::vector<std::optional<std::int64_t>> limit_;
  std::vector<std::int64_t> panel_orders_;
  std::vector<std::int64_t> taken_;
  std::vector<std::optional<SimTime>> sold_out_;
};

/// The history record of one simulated day (items, hours, parties). `true_demand` and
/// `expected_demand` (per menu item; may be empty) go into their own columns.
DayRecord make_day_record(const std::string& store, Date date, const ScenarioDef& day_def,
                          const DayResult& result, const ItemDaySink& sink,
                          const std::vector<std::int64_t>& true_demand,
                          const std::vector<double>& expected_demand, std::optional<double> shock);

/// The scenario's menu, ingredients and recipes, for the history.
Catalogue catalogue_of(const ScenarioDef& def);
std::vector<Date> holidays_of(const ScenarioDef& def);

/// Ingredient stock as lots, each usable through its expiry date; used first-expiring first.
class Inventory {
 public:
  void deliver(const std::string& ingredient, double grams, Date expires);
  double on_hand(const std::string& ingredient) const;
  /// Takes up to `grams`, earliest expiry first; returns what was taken.
  double take(const std::string& ingredient, double grams);
  /// Removes every lot expiring on or before `date`; grams removed per ingredient.
  std::map<std::string, double> expire(Date date);
  std::vector<StockLot> lots() const;
  void restore(const std::vector<StockLot>& lots);

 private:
  std::map<std::string, std::vector<std::pair<Date, double>>> lots_;  // sorted by expiry
};

/// Opening stock in plates per menu item from ingredient stock: each ingredient is split among
/// the items using it in proportion to their expected grams (expected_plates[i] × grams), and an
/// item gets the plates its scarcest ingredient allows. Items without a recipe: unset (no limit).
std::vector<std::optional<std::int32_t>> allocate_plates(
    const ScenarioDef& def, const std::map<std::string, double>& on_hand_g,
    const std::vector<double>& expected_plates);

/// Grams of each ingredient taken by `plates[i]` plates of each menu item.
std::map<std::string, double> ingredient_use(const ScenarioDef& def,
                                             const std::vector<std::int64_t>& plates);

const char* to_string(StockPolicy policy);

}  // namespace kaiten::headoffice
