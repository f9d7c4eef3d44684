#pragma once
// Order quantities by the newsvendor rule: with underage cost cu (a unit short) and overage cost
// co (a unit left over), the order that minimises the expected cost is the demand distribution's
// quantile at the critical ratio cu / (cu + co). Ingredient demand is a sum over the items whose
// recipes use it; its quantile is taken from joint sample paths summed over items, never from a
// sum of item quantiles (which would overstate the spread of a sum). docs/headoffice.md explains
// where the costs come from.
#include <map>
#include <string>
#include <vector>

#include "kaiten/headoffice/history.hpp"

namespace kaiten::headoffice {

/// cu / (cu + co); both costs > 0.
double critical_ratio(double underage, double overage);

/// The smallest sample x with at least a share p of the samples <= x (the inverse of the
/// empirical distribution function). `samples` need not be sorted; p in (0, 1).
double empirical_quantile(std::vector<double> samples, double p);

/// Expected newsvendor cost of ordering q against the empirical distribution of `samples`.
double expected_cost(const std::vector<double>& samples, double q, double underage, double overage);

/// An ingredient's costs per kg, as configured or derived (docs/headoffice.md):
///   overage  = cost_yen_per_kg / shelf_life_days
///   underage = margin lost per kg short: Σ_i w_i (price_i - cost_i) / Σ_i w_i g_i × 1000, over
///              the items i using the ingredient (g_i grams per plate), weighted by their
///              expected plates w_i.
struct IngredientCosts {
  double underage_yen_per_kg = 0.0;
  double overage_yen_per_kg = 0.0;
  bool underage_derived = false;
  bool overage_derived = false;
};
IngredientCosts ingredient_costs(const CatalogueIngredient& ingredient, const Catalogue& catalogue,
                                 const std::map<std::string, double>& expected_plates);

/// Demand sample paths for next day: samples[i][s] is item i's demand (plates) on path s; the
/// paths of different items are drawn together, so that they keep their correlation.
struct SamplePaths {
  std::vector<std::string> items;
  std::vector<std::vector<double>> samples;
  std::size_t paths() const { return samples.empty() ? 0 : samples.front().size(); }
};

struct IngredientOrder {
  std::string ingredient;
  double mean_need_g = 0.0;  ///< expected grams needed
  double critical_ratio = 0.0;
  double target_g = 0.0;   ///< quantile of the need at the critical ratio
  double on_hand_g = 0.0;  ///< usable stock carried over
  double order_g = 0.0;    ///< max(0, target - on hand)
  IngredientCosts costs;
  std::vector<double> need_quantiles_g;  ///< at ForecastOptions-like levels given to the call
};

/// Newsvendor orders per ingredient from item sample paths: need on path s = Σ_i grams_i ×
/// samples[i][s] × plates_per_sale[i]. `plates_per_sale` (by item; default 1) covers plates made
/// but not sold (belt waste). `on_hand_g` (by ingredient) is subtracted from the target.
std::vector<IngredientOrder> ingredient_orders(const Catalogue& catalogue, const SamplePaths& paths,
                                               const std::map<std::string, double>& plates_per_sale,
                                               const std::map<std::string, double>& on_hand_g,
                                               const std::vector<double>& quantile_levels);

}  // namespace kaiten::headoffice
