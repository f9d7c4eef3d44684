#include "kaiten/headoffice/newsvendor.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace kaiten::headoffice {

double critical_ratio(double underage, double overage) {
  assert(underage > 0 && overage > 0);
  return underage / (underage + overage);
}

double empirical_quantile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0.0;
  const auto n = static_cast<double>(samples.size());
  auto k = static_cast<std::size_t>(std::ceil(p * n));
  k = std::clamp<std::size_t>(k, 1, samples.size());
  std::nth_element(samples.begin(), samples.begin() + static_cast<long>(k - 1), samples.end());
  return samples[k - 1];
}

double expected_cost(const std::vector<double>& samples, double q, double underage,
                     double overage) {
  if (samples.empty()) return 0.0;
  double cost = 0;
  for (const double d : samples) cost += d > q ? underage * (d - q) : overage * (q - d);
  return cost / static_cast<double>(samples.size());
}

IngredientCosts ingredient_costs(const CatalogueIngredient& ingredient, const Catalogue& catalogue,
                                 const std::map<std::string, double>& expected_plates) {
  IngredientCosts c;
  if (ingredient.overage_yen_per_kg) {
    c.overage_yen_per_kg = *ingredient.overage_yen_per_kg;
  } else {
    c.overage_yen_per_kg =
        ingredient.cost_yen_per_kg / static_cast<double>(std::max(1, ingredient.shelf_life_days));
    c.overage_derived = true;
  }
  if (ingredient.underage_yen_per_kg) {
    c.underage_yen_per_kg = *ingredient.underage_yen_per_kg;
  } else {
    double margin = 0;
    double grams = 0;
    for (const CatalogueRecipe& line : catalogue.recipes) {
      if (line.ingredient != ingredient.ingredient) continue;
      const auto item = std::find_if(catalogue.items.begin(), catalogue.items.end(),
                                     [&](const CatalogueItem& i) { return i.item == line.item; });
      if (item == catalogue.items.end()) continue;
      const auto w_it = expected_plates.find(line.item);
      const double w = w_it == expected_plates.end() ? 1.0 : std::max(w_it->second, 1e-9);
      margin += w * std::max(0, item->price_yen - item->cost_yen);
      grams += w * line.grams;
    }
    c.underage_yen_per_kg = grams > 0 ? margin / grams * 1000.0 : 0.0;
    c.underage_derived = true;
  }
  // Keep both strictly positive so that the critical ratio is defined.
  c.underage_yen_per_kg = std::max(c.underage_yen_per_kg, 1e-6);
  c.overage_yen_per_kg = std::max(c.overage_yen_per_kg, 1e-6);
  return c;
}

std::vector<IngredientOrder> ingredient_orders(const Catalogue& catalogue, const SamplePaths& paths,
                                               const std::map<std::string, double>& plates_per_sale,
                                               const std::map<std::string, double>& on_hand_g,
                                               const std::vector<double>& quantile_levels) {
  std::vector<IngredientOrder> orders;
  const std::size_t s_count = paths.paths();
  std::map<std::string, double> expected_plates;
  for (std::size_t i = 0; i < paths.items.size(); ++i) {
    double mean = 0;
    for (const double v : paths.samples[i]) mean += v;
    expected_plates[paths.items[i]] = s_count > 0 ? mean / static_cast<double>(s_count) : 0.0;
  }
  for (const CatalogueIngredient& ing : catalogue.ingredients) {
    IngredientOrder o;
    o.ingredient = ing.ingredient;
    o.costs = ingredient_costs(ing, catalogue, expected_plates);
    o.critical_ratio = critical_ratio(o.costs.underage_yen_per_kg, o.costs.overage_yen_per_kg);
    std::vector<double> need(s_count, 0.0);
    for (const CatalogueRecipe& line : catalogue.recipes) {
      if (line.ingredient != ing.ingredient) continue;
      const auto it = std::find(paths.items.begin(), paths.items.end(), line.item);
      if (it == paths.items.end()) continue;
      const auto& item_samples = paths.samples[static_cast<std::size_t>(it - paths.items.begin())];
      const auto r = plates_per_sale.find(line.item);
      const double per_sale = r == plates_per_sale.end() ? 1.0 : r->second;
      for (std::size_t s = 0; s < s_count; ++s) need[s] += line.grams * item_samples[s] * per_sale;
    }
    for (const double v : need) o.mean_need_g += v;
    o.mean_need_g = s_count > 0 ? o.mean_need_g / static_cast<double>(s_count) : 0.0;
    o.target_g = empirical_quantile(need, o.critical_ratio);
    for (const double p : quantile_levels)
      o.need_quantiles_g.push_back(empirical_quantile(need, p));
    const auto hand = on_hand_g.find(ing.ingredient);
    o.on_hand_g = hand == on_hand_g.end() ? 0.0 : hand->second;
    o.order_g = std::max(0.0, o.target_g - o.on_hand_g);
    orders.push_back(std::move(o));
  }
  return orders;
}

}  // namespace kaiten::headoffice
