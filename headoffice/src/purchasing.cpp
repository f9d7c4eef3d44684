#include "kaiten/headoffice/purchasing.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <random>

namespace kaiten::headoffice {
namespace {

/// The one-step innovations of a deviation series: e[t] = d[t] − φ d[t−1].
std::vector<double> innovations(const std::vector<double>& d) {
  double num = 0, den = 0;
  for (std::size_t t = 1; t < d.size(); ++t) {
    num += d[t] * d[t - 1];
    den += d[t - 1] * d[t - 1];
  }
  const double phi = den > 0 ? num / den : 0.0;
  std::vector<double> e;
  for (std::size_t t = 1; t < d.size(); ++t) e.push_back(d[t] - phi * d[t - 1]);
  return e;
}

/// Pearson correlation of the last `n` values of a and b (0 when either does not vary).
double correlation(const std::vector<double>& a, const std::vector<double>& b, std::size_t n) {
  const std::size_t oa = a.size() - n, ob = b.size() - n;
  double ma = 0, mb = 0;
  for (std::size_t t = 0; t < n; ++t) {
    ma += a[oa + t];
    mb += b[ob + t];
  }
  ma /= static_cast<double>(n);
  mb /= static_cast<double>(n);
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t t = 0; t < n; ++t) {
    const double x = a[oa + t] - ma, y = b[ob + t] - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

ShockCorrelation estimate_shock_correlation(const std::vector<std::vector<double>>& deviations,
                                            const std::vector<std::string>& store_regions) {
  ShockCorrelation c;
  std::vector<std::size_t> region_of;
  for (const std::string& r : store_regions) {
    auto it = std::find(c.regions.begin(), c.regions.end(), r);
    if (it == c.regions.end()) it = c.regions.insert(c.regions.end(), r);
    region_of.push_back(static_cast<std::size_t>(it - c.regions.begin()));
  }
  std::vector<std::vector<double>> e;
  std::size_t n = SIZE_MAX;
  for (const std::vector<double>& d : deviations) {
    e.push_back(innovations(d));
    n = std::min(n, e.back().size());
  }
  const std::size_t regions = c.regions.size();
  std::vector<double> within_sum(regions, 0.0), within_pairs(regions, 0.0);
  double between_sum = 0, between_pairs = 0;
  if (n != SIZE_MAX && n >= 3) {
    for (std::size_t a = 0; a < e.size(); ++a)
      for (std::size_t b = a + 1; b < e.size(); ++b) {
        const double r = correlation(e[a], e[b], n);
        if (region_of[a] == region_of[b]) {
          within_sum[region_of[a]] += r;
          within_pairs[region_of[a]] += 1;
        } else {
          between_sum += r;
          between_pairs += 1;
        }
      }
  }
  constexpr double kMaxWithin = 0.95;
  c.between = between_pairs > 0 ? std::clamp(between_sum / between_pairs, 0.0, kMaxWithin) : 0.0;
  for (std::size_t r = 0; r < regions; ++r)
    c.within.push_back(within_pairs[r] > 0
                           ? std::clamp(within_sum[r] / within_pairs[r], c.between, kMaxWithin)
                           : c.between);
  return c;
}

std::vector<std::vector<double>> correlated_shocks(const ShockCorrelation& correlation,
                                                   const std::vector<std::string>& store_regions,
                                                   int paths, std::uint64_t seed) {
  std::vector<std::size_t> region_of;
  for (const std::string& r : store_regions) {
    const auto it = std::find(correlation.regions.begin(), correlation.regions.end(), r);
    region_of.push_back(it == correlation.regions.end()
                            ? correlation.regions.size()
                            : static_cast<std::size_t>(it - correlation.regions.begin()));
  }
  const auto within = [&](std::size_t r) {
    return r < correlation.within.size() ? correlation.within[r] : correlation.between;
  };
  const std::size_t regions = correlation.regions.size() + 1;  // and one for unknown regions
  std::mt19937_64 rng(mix(seed));
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::vector<double>> out(store_regions.size(),
                                       std::vector<double>(static_cast<std::size_t>(paths)));
  std::vector<double> h(regions);
  const double b = correlation.between;
  for (int p = 0; p < paths; ++p) {
    const double g = normal(rng);
    for (double& x : h) x = normal(rng);
    for (std::size_t j = 0; j < store_regions.size(); ++j) {
      const double w = within(region_of[j]);
      out[j][static_cast<std::size_t>(p)] = std::sqrt(b) * g +
                                            std::sqrt(std::max(0.0, w - b)) * h[region_of[j]] +
                                            std::sqrt(std::max(0.0, 1.0 - w)) * normal(rng);
    }
  }
  return out;
}

std::vector<CentreOrder> centre_orders(const std::vector<ChainMember>& members) {
  std::vector<std::string> centres;
  for (const ChainMember& m : members)
    if (std::find(centres.begin(), centres.end(), m.centre) == centres.end())
      centres.push_back(m.centre);
  std::vector<CentreOrder> out;
  for (const std::string& centre : centres) {
    std::vector<const ChainMember*> stores;
    for (const ChainMember& m : members)
      if (m.centre == centre) stores.push_back(&m);
    // Ingredients in order of first appearance in the stores' catalogues; expected plates of the
    // centre's stores together weight the derived underage cost.
    std::vector<std::pair<std::string, const ChainMember*>> ingredients;
    std::map<std::string, double> expected_plates;
    for (const ChainMember* m : stores) {
      for (const CatalogueIngredient& ing : m->catalogue->ingredients)
        if (std::none_of(ingredients.begin(), ingredients.end(),
                         [&](const auto& x) { return x.first == ing.ingredient; }))
          ingredients.emplace_back(ing.ingredient, m);
      for (const ItemForecast& it : m->forecast->items) expected_plates[it.item] += it.mean;
    }
    for (const auto& [ingredient, first] : ingredients) {
      CentreOrder o;
      o.centre = centre;
      o.ingredient = ingredient;
      const auto def =
          std::find_if(first->catalogue->ingredients.begin(), first->catalogue->ingredients.end(),
                       [&](const CatalogueIngredient& c) { return c.ingredient == ingredient; });
      o.costs = ingredient_costs(*def, *first->catalogue, expected_plates);
      o.critical_ratio = critical_ratio(o.costs.underage_yen_per_kg, o.costs.overage_yen_per_kg);
      const double cu = o.costs.underage_yen_per_kg / 1000.0;  // per gram
      const double co = o.costs.overage_yen_per_kg / 1000.0;
      std::vector<double> pooled;
      for (const ChainMember* m : stores) {
        const SamplePaths& paths = m->forecast->paths;
        std::vector<double> need(paths.paths(), 0.0);
        bool uses = false;
        for (const CatalogueRecipe& line : m->catalogue->recipes) {
          if (line.ingredient != ingredient) continue;
          const auto at = std::find(paths.items.begin(), paths.items.end(), line.item);
          if (at == paths.items.end()) continue;
          const auto i = static_cast<std::size_t>(at - paths.items.begin());
          const double per_sale = m->forecast->items[i].plates_per_sale;
          for (std::size_t s = 0; s < need.size(); ++s)
            need[s] += line.grams * paths.samples[i][s] * per_sale;
          uses = true;
        }
        if (!uses) continue;
        ++o.stores;
        const double target = empirical_quantile(need, o.critical_ratio);
        const auto hand = m->on_hand_g.find(ingredient);
        const double on_hand = hand == m->on_hand_g.end() ? 0.0 : hand->second;
        o.separate_target_g += target;
        o.on_hand_g += on_hand;
        o.separate_order_g += std::max(0.0, target - on_hand);
        o.separate_cost_yen += expected_cost(need, target, cu, co);
        if (pooled.empty()) pooled.assign(need.size(), 0.0);
        for (std::size_t s = 0; s < need.size() && s < pooled.size(); ++s) pooled[s] += need[s];
      }
      if (o.stores == 0) continue;
      double sum = 0;
      for (const double x : pooled) sum += x;
      o.mean_need_g = sum / static_cast<double>(pooled.size());
      o.pooled_target_g = empirical_quantile(pooled, o.critical_ratio);
      o.pooled_order_g = std::max(0.0, o.pooled_target_g - o.on_hand_g);
      o.pooled_cost_yen = expected_cost(pooled, o.pooled_target_g, cu, co);
      out.push_back(std::move(o));
    }
  }
  return out;
}

}  // namespace kaiten::headoffice
