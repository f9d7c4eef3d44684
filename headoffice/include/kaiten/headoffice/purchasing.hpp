#pragma once
// Head-office purchasing for a chain (docs/headoffice.md, "Purchasing per centre"): every store's
// next-day forecast drawn on joint sample paths that keep the stores' correlation (their daily
// totals share regional shocks), and each distribution centre's order of each ingredient by the
// newsvendor rule on the pooled need of its stores, beside the sum of the stores' own orders.
//
// Pooling assumes the centre's stock can serve whichever of its stores needs it on the day (a
// delivery from the centre after the morning's needs are known): the textbook risk-pooling
// setting (Eppen 1979), an upper bound on what pooling is worth when stock must be split first.
#include <cstdint>
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
};

/// Every centre's orders, centres and ingredients in order of first appearance. Stores' need on
/// path s: Σ_items grams × demand[s] × plates per sale, as ingredient_orders computes it.
std::vector<CentreOrder> centre_orders(const std::vector<ChainMember>& members);

}  // namespace kaiten::headoffice
