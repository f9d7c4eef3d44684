#pragma once
// A store's next-day forecast from its sales history: per item a point forecast, quantiles and
// joint sample paths; per ingredient the newsvendor order (docs/headoffice.md).
//
// Pipeline: per item, sold-out days uncensored (censoring.hpp) → holidays divided by the store's
// holiday factor → missing days filled; then the model: by default the top-down store model
// (store_model.hpp: the store total forecast by its own model, items as shares of it) once there
// are 4 weeks of history, or one model forced for every item; forecast for the target day (× the
// holiday factor on a holiday, at least 0). Uncertainty from the model: each item normal with the
// model's variance, drawn jointly (items covary through the total under the top-down model, with
// their shrunk residual correlation otherwise) into sample paths for the newsvendor.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kaiten/headoffice/date.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/headoffice/models.hpp"
#include "kaiten/headoffice/newsvendor.hpp"

namespace kaiten::headoffice {

struct ForecastOptions {
  int holdout_days = 28;       ///< holdout of the short-history choice (select_model)
  int residual_days = 56;      ///< days of one-step errors for variances and correlations
  int sample_paths = 2000;     ///< joint sample paths
  int max_history_days = 364;  ///< days of history used (the window before the target)
  std::uint64_t seed = 1;      ///< of the sample paths
  bool use_calendar = true;    ///< holiday factor on and off (an ablation)
  bool uncensor = true;        ///< censored-demand correction on and off
  /// The share of a sold-out item's lost demand that its customers take in other items. The
  /// top-down model's store total is the plates sold plus (1 - substitution) × the lost demand
  /// (the items' uncensored demand minus their sales). 1 (the default): a customer eats to
  /// their appetite whatever is left, as in the simulation, where the day's true total demand
  /// is within 1 % of its sales even when most items sell out, while the uncensored items add
  /// up to as much as 1.4 × it (docs/headoffice.md); 0: lost demand is lost.
  double substitution = 1.0;
  /// The top-down model's leading items, a share group of their own (TopDownOptions); 0: none.
  std::size_t share_leaders = 0;
  std::optional<Model> model;  ///< force one model for every item (backtests); else automatic
  /// The chain's other stores: their log deviations from their weekly profiles (store_model.hpp,
  /// chain_deviations), pooled into the top-down model's shock persistence.
  std::vector<std::vector<double>> peer_deviations;
  /// With a forced baseline model (seasonal_naive, mean4, ses): false runs it as the textbook
  /// baseline, on the sales as recorded (no holiday factor, no uncensoring); true adjusts it
  /// like the other models.
  bool adjust_baselines = false;
  std::vector<double> quantile_levels = {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95};
  /// Head-office purchasing for a chain (purchasing.hpp): one standard normal per sample path,
  /// used as the paths' standardized store-total deviation, so that stores drawn with correlated
  /// shocks keep their correlation. Empty (the default): the paths as drawn.
  std::vector<double> total_shock;
};

struct ItemForecast {
  std::string item;
  Model model = Model::seasonal_naive;
  std::string detail;             ///< ets, top_down: the ETS model, e.g. "ETS(M,N,M)"
  double mean = 0.0;              ///< point forecast, plates
  double sd = 0.0;                ///< the forecast's standard deviation (before the cut at 0)
  std::vector<double> quantiles;  ///< at ForecastOptions::quantile_levels
  double plates_per_sale = 1.0;   ///< plates made per plate sold (belt waste), recent days
  double critical_ratio = 0.5;    ///< the item's own: (price - cost) / price
  double order_quantile = 0.0;    ///< quantile at that ratio (plates)
  bool censored_days = false;     ///< some days of its history were sold out
};

struct StoreForecast {
  std::string store;
  Date date;
  int horizon = 1;  ///< days from the last day of history to the target
  bool holiday = false;
  double holiday_factor = 1.0;
  std::vector<ItemForecast> items;
  SamplePaths paths;
};

/// Whether `model` is one of the baselines (seasonal naive, mean of 4 weeks, SES).
bool is_baseline(Model model);

/// Forecasts `target` from `history` (its days before `target`; at least one). Throws
/// std::invalid_argument when the history holds no day before the target.
StoreForecast forecast_store(const StoreHistory& history, Date target,
                             const ForecastOptions& options = {});

/// What every model sees: per item the demand estimate (sold-out days uncensored) over the
/// window before `target`, holidays divided by the holiday factor, missing days filled.
struct PreparedSeries {
  std::size_t begin = 0;  ///< the window in the history's days: [begin, end)
  std::size_t end = 0;
  bool use_calendar = true;
  double holiday_factor = 1.0;
  std::vector<std::vector<double>> items;  ///< [item][t - begin]
  /// The store's daily total for the top-down model: plates sold + (1 - substitution) × lost
  /// demand (ForecastOptions::substitution), holidays divided by the factor, missing days filled.
  std::vector<double> store_total;
  /// [item][t - begin]: 1 where the item sold out and its sales were uncensored, and what it
  /// sold (holidays divided like the items): the censoring the top-down model's item noise
  /// allows for. Empty when not uncensoring.
  std::vector<std::vector<std::uint8_t>> sold_out;
  std::vector<std::vector<double>> sold;
};
PreparedSeries prepare_series(const StoreHistory& history, Date target,
                              const ForecastOptions& options = {});

/// The log deviations of the store's daily total (as prepared) from its weekly profile over the
/// window before `target` (store_model.hpp): a chain's store's contribution to the pooled
/// persistence of the shared shock in the others' forecasts.
std::vector<double> profile_deviations(const StoreHistory& history, Date target,
                                       const ForecastOptions& options = {});

/// The store's holiday factor: the geometric mean of holiday totals over the mean of up to 4
/// preceding non-holiday same weekdays, shrunk towards 1 as if one more holiday had ratio 1.
double holiday_factor(const std::vector<double>& totals, const std::vector<std::uint8_t>& holiday);

/// Plates made per plate sold for each item over its recent uncensored days of the target's
/// weekday (last 4; else the last 28 days), at least 1; 1 when made is unknown.
std::map<std::string, double> plates_per_sale(const StoreHistory& history, Date target);

/// `history` restricted to [from, to] (both within it).
StoreHistory slice(const StoreHistory& history, Date from, Date to);

/// Orders per ingredient for the forecast day, given usable stock on hand.
std::vector<IngredientOrder> forecast_orders(const StoreForecast& forecast,
                                             const Catalogue& catalogue,
                                             const std::map<std::string, double>& on_hand_g,
                                             const std::vector<double>& quantile_levels = {});

}  // namespace kaiten::headoffice
