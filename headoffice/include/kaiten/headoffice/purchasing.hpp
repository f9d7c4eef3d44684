#pragma once
// Head-office purchasing for a chain (docs/headoffice.md, "Purchasing per centre"): every store's
// next-day forecast drawn on joint sample paths that keep the stores' correlation (their daily
// totals share regional shocks), and each distribution centre's order of each ingredient by the
// newsvendor rule on the pooled need of its stores, beside the sum of the stores' own orders.
//
// Pooling assumes the centre's stock can serve whichever of its stores needs it on the day (a
// delivery from the centre after the morning's needs are known): the textbook risk-pooling
// setting (Eppen 1979), an upper bound on what pooling is worth when stock must be split first.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kaiten/headoffice/forecast.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/headoffice/newsvendor.hpp"

namespace kaiten::headoffice {

/// Correlation of the stores' daily total shocks: within each region, and between regions.
struct ShockCorrelation {
  std::vector<std::string> regions;  ///< in order of each region's first store
  std::vector<double> within;        ///< per region
  double between = 0.0;
};

/// Estimated from each store's one-step innovations of its total's log deviation from its weekly
/// profile (`deviations[store]`, from profile_deviations; e[t] = d[t] - φ d[t-1], φ the store's
/// lag-1 least-squares coefficient), on the last days every store has: the mean correlation over
/// pairs of one region's stores, and over pairs of stores of different regions. Clamped so that
/// 0 <= between <= within <= 0.95; a region of one store, which cannot show its own, gets
/// `between`.
ShockCorrelation estimate_shock_correlation(const std::vector<std::vector<double>>& deviations,
                                            const std::vector<std::string>& store_regions);

/// Standard normal shocks per store and path with that correlation, by one chain factor g, one
/// factor h_r per region and one e_j per store: s_j = √b g + √(w_r − b) h_r + √(1 − w_r) e_j.
/// shocks[store][path]; deterministic in `seed`.
std::vector<std::vector<double>> correlated_shocks(const ShockCorrelation& correlation,
                                                   const std::vector<std::string>& store_regions,
                                                   int paths, std::uint64_t seed);

/// One store of a centre: its forecast (with sample paths), catalogue and usable stock.
struct ChainMember {
  std::string store;
  std::string centre;
  const StoreForecast* forecast = nullptr;
  const Catalogue* catalogue = nullptr;
  std::map<std::string, double> on_hand_g;
  std::size_t store_index = 0;  ///< the store's index in the chain (CentreOrder::store_targets_g)
};

/// A centre's order of one ingredient: pooled against the sum of its stores' own.
struct CentreOrder {
  std::string centre;
  std::string ingredient;
  int stores = 0;
  double mean_need_g = 0.0;
  IngredientCosts costs;  ///< from the centre's stores' expected plates together
  double critical_ratio = 0.0;
  double pooled_target_g = 0.0;    ///< quantile of the stores' summed need, path by path
  double separate_target_g = 0.0;  ///< Σ each store's own quantile
  double on_hand_g = 0.0;          ///< the stores' usable stock together
  double pooled_order_g = 0.0;     ///< max(0, pooled target − on hand)
  double separate_order_g = 0.0;   ///< Σ max(0, store target − store's on hand)
  /// Expected shortage + leftover cost on the sample paths: of the pooled target against the
  /// summed need, and of each store's target against its own need, summed.
  double pooled_cost_yen = 0.0;
  double separate_cost_yen = 0.0;
  /// Each store's own target, for the stores using the ingredient (their store_index).
  std::vector<std::pair<std::size_t, double>> store_targets_g;
};

/// A store of the chain as head office sees it: where it is and who supplies it.
struct ChainStoreRef {
  std::string store;
  std::string region;
  std::string centre;
  /// The centre's lead time: the order for day D is placed with the sales up to day
  /// D − max(1, lead_days) known (1, the default: the night before).
  int lead_days = 1;
  /// The centre's delivery weekdays (0 = Monday); empty: every day.
  std::vector<int> delivery_weekdays;
};

/// The days a delivery on `delivery` covers: up to the next delivery weekday (1 when the centre
/// delivers every day; 0 when it does not deliver that day).
int covered_days(Date delivery, const std::vector<int>& delivery_weekdays);

/// The last day of sales known when ordering for `target` at this lead time.
inline Date last_known_day(Date target, int lead_days) {
  return target - std::max(1, lead_days);
}

/// Every store's forecast for `target` on correlated shocks, its own orders and the centres'.
struct ChainForecast {
  ShockCorrelation correlation;
  std::vector<StoreForecast> stores;  ///< the target day's, in the order of the refs
  /// What each store's delivery covers: the target day, or with a delivery schedule the days to
  /// the next delivery summed path by path (means and samples); the orders are of these.
  std::vector<StoreForecast> covering;
  std::vector<int> covered_days;  ///< per store (0: its centre does not deliver on the target)
  std::vector<std::vector<IngredientOrder>> store_orders;  ///< empty without a delivery
  std::vector<CentreOrder> centres;
};

/// The chain's forecast for `target`: `pasts[j]` is store j's history before the target (at
/// least one day with sales), `on_hand[j]` its usable stock. A store whose centre delivers on
/// some weekdays only orders, on a delivery day, for the days to the next delivery: each day
/// forecast on shocks that persist from day to day (φ, the stores' pooled lag-1 coefficient of
/// their deviations), summed path by path; on another day, nothing. Each store's forecast pools the
/// others' shock persistence (as `kaiten forecast` does in a chain history) and draws its paths on
/// its correlated shock (seeded from options.seed and the target). Throws std::invalid_argument
/// naming a store without sales.
ChainForecast forecast_chain(const std::vector<StoreHistory>& pasts,
                             const std::vector<ChainStoreRef>& refs,
                             const std::vector<std::map<std::string, double>>& on_hand, Date target,
                             const ForecastOptions& options);

/// Every centre's orders, centres and ingredients in order of first appearance. Stores' need on
/// path s: Σ_items grams × demand[s] × plates per sale, as ingredient_orders computes it.
std::vector<CentreOrder> centre_orders(const std::vector<ChainMember>& members);

/// One ordering rule's single-period outcome against the needs that materialised.
struct RuleOutcome {
  double ordered_kg = 0.0;
  double shortage_yen = 0.0;  ///< kg short × underage cost
  double leftover_yen = 0.0;  ///< kg over × overage cost
  double cost_yen = 0.0;      ///< shortage + leftover
  double fill_rate = 0.0;     ///< share of the need's value (at ingredient cost) covered
  double covered_value = 0.0;
  double need_value = 0.0;
};

/// A centre's (or the chain's) backtest of three rules: the pooled order, the sum of the stores'
/// own newsvendor orders, and a fixed par level per store.
struct CentreBacktest {
  std::string centre;  ///< "chain" for the total
  RuleOutcome pooled;
  RuleOutcome separate;
  RuleOutcome fixed;
};

struct ChainBacktestOptions {
  Date from;
  Date to;
  ForecastOptions forecast;
  int fixed_window_days = 56;  ///< days before `from` whose needs set the fixed par levels
  /// Applied to each store's catalogue as loaded (store index, catalogue): e.g. the centre's own
  /// ingredient costs.
  std::function<void(std::size_t, Catalogue&)> adjust_catalogue;
};

struct ChainBacktestResult {
  Date from;
  Date to;
  int days = 0;         ///< scored days (every store present)
  std::string actuals;  ///< "true_demand" or "sold"
  std::vector<CentreBacktest> centres;
  CentreBacktest chain;
};

/// Rolling origin over [from, to]: each day every store is forecast from the days before it
/// (forecast_chain, no stock on hand: one period, as `kaiten backtest` orders on paper), and the
/// three rules are scored on the need that materialised (true demand where the history has it
/// for every scored day, else sales; × grams × plates per sale), every rule at the centre's
/// costs of the day. Fixed par: per store and ingredient, the critical-ratio quantile of its daily
/// need over the `fixed_window_days` before `from`. Throws std::invalid_argument for a store
/// without history or a range without days.
ChainBacktestResult backtest_chain(const HistoryStore& history,
                                   const std::vector<ChainStoreRef>& refs,
                                   const ChainBacktestOptions& options);

}  // namespace kaiten::headoffice
