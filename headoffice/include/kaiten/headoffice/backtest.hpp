#pragma once
// Rolling-origin evaluation: for every day D of [from, to] in the history, each model forecasts D
// from the days before it only (as `kaiten forecast` would have the night before), and is scored
// against what happened. docs/headoffice.md defines every figure.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaiten/headoffice/date.hpp"
#include "kaiten/headoffice/forecast.hpp"
#include "kaiten/headoffice/history.hpp"

namespace kaiten::headoffice {

/// What forecasts are scored against.
enum class Actuals : std::uint8_t {
  automatic,    ///< true_demand when the history has it for every scored day, else sold
  true_demand,  ///< the simulation's true demand (an error if missing)
  sold,         ///< plates sold (censored on sold-out days)
};

struct BacktestOptions {
  Date from;
  Date to;
  ForecastOptions forecast;
  /// Model names to evaluate ("auto" = per-item selection); empty: every model and auto.
  std::vector<std::string> models;
  Actuals actuals = Actuals::automatic;
  int fixed_window_days = 56;  ///< training days of the fixed-order baseline
  /// Pairs of model names to compare by a paired block bootstrap; empty: every model against
  /// "auto" (when scored).
  std::vector<std::pair<std::string, std::string>> compare;
  int bootstrap_replicates = 2000;
  int bootstrap_block_days = 7;  ///< days resampled together (the week, and the shock's memory)
  std::uint64_t bootstrap_seed = 1;
  /// Pool the shared shock's persistence over the history's other stores (a chain history).
  bool pool_chain = true;
};

/// Ordering outcome: ingredient orders against the need that materialised, single period.
struct BusinessOutcome {
  double ordered_kg = 0.0;
  double waste_yen = 0.0;     ///< kg left over × overage cost
  double shortage_yen = 0.0;  ///< kg short × underage cost
  double cost_yen = 0.0;      ///< waste + shortage
  double fill_rate = 0.0;     ///< value-weighted share of the need that was covered
};

struct ModelScore {
  std::string model;
  double rmsse_items = 0.0;  ///< mean over items of their RMSSE
  double wrmsse = 0.0;       ///< revenue-weighted mean (M5 style)
  double mase_items = 0.0;
  double spl_items = 0.0;    ///< scaled pinball loss at each item's order quantile, mean
  double rmsse_total = 0.0;  ///< store total: sum of the item forecasts
  double mase_total = 0.0;
  double gap_closed =
      0.0;  ///< share of the seasonal-naive-to-oracle RMSSE gap closed (NaN: no oracle)
  double coverage90 = 0.0;  ///< share of item-days inside the forecast's 5 %-95 % interval
  BusinessOutcome business;
  std::map<std::string, int> chosen;  ///< auto: item-days each model was chosen
};

/// The store's orders as the batch actually ran them (from the stock and sales tables).
struct AsRunOutcome {
  int days = 0;
  std::map<std::string, int> policy_days;
  double ordered_kg = 0.0;
  double used_kg = 0.0;
  double expired_kg = 0.0;
  double expired_yen = 0.0;  ///< at ingredient cost
  double demand_plates = 0.0;
  double sold_plates = 0.0;
  double lost_plates = 0.0;       ///< Σ max(0, true demand - sold)
  double lost_margin_yen = 0.0;   ///< lost plates × (price - cost)
  double cost_yen = 0.0;          ///< expired + lost margin
  double fill_rate = 0.0;         ///< Σ min(sold, demand) / Σ demand
  double discarded_plates = 0.0;  ///< belt waste (not an ordering cost)
};

struct ItemScore {
  std::string item;
  std::string model;
  double rmsse = 0.0;
  double mase = 0.0;
};

/// Model a against model b on the same days: differences a - b (negative: a is better) of the
/// item RMSSE and the store-total RMSSE, each with a 90 % interval from a paired moving-block
/// bootstrap over the scored days (both models' errors on the same resampled days).
struct ModelComparison {
  std::string a;
  std::string b;
  double items_diff = 0.0;
  double items_lo = 0.0;
  double items_hi = 0.0;
  double total_diff = 0.0;
  double total_lo = 0.0;
  double total_hi = 0.0;
  int items_a_better = 0;  ///< items on which a's RMSSE is below b's
  int items = 0;
};

struct BacktestResult {
  std::string store;
  Date from;
  Date to;
  int days = 0;                    ///< scored days
  std::string actuals;             ///< "true_demand" or "sold"
  std::vector<ModelScore> models;  ///< "oracle" last when the history has expected demand
  BusinessOutcome fixed_orders;    ///< the stationary newsvendor order over the window
  std::vector<std::pair<std::string, double>> fixed_orders_g;  ///< that order, per ingredient
  std::optional<AsRunOutcome> as_run;
  std::vector<ItemScore> item_scores;
  std::vector<ModelComparison> comparisons;
};

/// True when run_backtest scores `name`: a model (models.hpp) or "auto" (the per-item choice),
/// either with ":adjusted" (baselines with the holiday factor and uncensoring).
bool is_backtest_model(std::string_view name);
/// Every name is_backtest_model() accepts, for messages and help: "seasonal_naive, ..., auto".
std::string backtest_model_names();

/// Runs the evaluation. Throws std::invalid_argument for a bad range, an unknown model or missing
/// data.
BacktestResult run_backtest(const HistoryStore& store, const std::string& store_id,
                            const BacktestOptions& options);

}  // namespace kaiten::headoffice
