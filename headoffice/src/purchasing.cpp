#include "kaiten/headoffice/purchasing.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "kaiten/core/rng.hpp"
#include "kaiten/headoffice/store_model.hpp"

namespace kaiten::headoffice {
namespace {

/// The one-step innovations of a deviation series: e[t] = d[t] − φ d[t−1], φ its own lag-1
/// coefficient (pooled_ar1 of the one series).
std::vector<double> innovations(const std::vector<double>& d) {
  const double phi = pooled_ar1({d});
  std::vector<double> e;
  for (std::size_t t = 1; t < d.size(); ++t) e.push_back(d[t] - phi * d[t - 1]);
  return e;
}

/// Pearson correlation of the last `n` values of a and b over the days both are finite (a day
/// whose total was 0 has no deviation); 0 when either does not vary.
double correlation(const std::vector<double>& a, const std::vector<double>& b, std::size_t n) {
  const std::size_t oa = a.size() - n, ob = b.size() - n;
  double ma = 0, mb = 0, m = 0;
  const auto both = [&](std::size_t t) {
    return std::isfinite(a[oa + t]) && std::isfinite(b[ob + t]);
  };
  for (std::size_t t = 0; t < n; ++t)
    if (both(t)) {
      ma += a[oa + t];
      mb += b[ob + t];
      m += 1;
    }
  if (m == 0) return 0.0;
  ma /= m;
  mb /= m;
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t t = 0; t < n; ++t) {
    if (!both(t)) continue;
    const double x = a[oa + t] - ma, y = b[ob + t] - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
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
  std::mt19937_64 rng(splitmix64(seed));
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

int covered_days(Date delivery, const std::vector<int>& delivery_weekdays) {
  if (delivery_weekdays.empty()) return 1;
  const auto delivers = [&](Date d) {
    return std::find(delivery_weekdays.begin(), delivery_weekdays.end(), d.weekday_index()) !=
           delivery_weekdays.end();
  };
  if (!delivers(delivery)) return 0;
  int k = 1;
  while (k < 7 && !delivers(delivery + k)) ++k;
  return k;
}

ChainForecast forecast_chain(const std::vector<StoreHistory>& pasts,
                             const std::vector<ChainStoreRef>& refs,
                             const std::vector<std::map<std::string, double>>& on_hand, Date target,
                             const ForecastOptions& options) {
  ChainForecast out;
  std::vector<std::vector<double>> deviations;
  std::vector<std::string> regions;
  int days = 1;
  for (std::size_t j = 0; j < refs.size(); ++j) {
    const StoreHistory& past = pasts[j];
    if (std::none_of(past.present.begin(), past.present.end(), [](auto p) { return p != 0; }))
      throw std::invalid_argument("store " + refs[j].store + " has no sales before " +
                                  target.to_string());
    deviations.push_back(profile_deviations(past, target, options));
    regions.push_back(refs[j].region);
    out.covered_days.push_back(covered_days(target, refs[j].delivery_weekdays));
    days = std::max(days, out.covered_days.back());
  }
  out.correlation = estimate_shock_correlation(deviations, regions);
  // Day to day, the stores' shocks persist: day d's is φ × day d−1's plus a fresh correlated
  // draw, φ the stores' pooled lag-1 coefficient of their deviations (no negative persistence).
  const double phi = std::max(0.0, pooled_ar1(deviations));
  const int paths = std::max(1, options.sample_paths);
  std::vector<std::vector<double>> shocks;
  for (int d = 0; d < days; ++d) {
    const std::vector<std::vector<double>> fresh =
        correlated_shocks(out.correlation, regions, paths,
                          options.seed ^ (static_cast<std::uint64_t>((target + d).days) << 20));
    if (d == 0) {
      shocks = fresh;
    } else {
      for (std::size_t j = 0; j < shocks.size(); ++j)
        for (std::size_t p = 0; p < shocks[j].size(); ++p)
          shocks[j][p] = phi * shocks[j][p] + std::sqrt(1 - phi * phi) * fresh[j][p];
    }
    for (std::size_t j = 0; j < refs.size(); ++j) {
      if (d > 0 && d >= out.covered_days[j]) continue;
      ForecastOptions o = options;
      o.peer_deviations.clear();
      for (std::size_t k = 0; k < refs.size(); ++k)
        if (k != j) o.peer_deviations.push_back(deviations[k]);
      o.total_shock = shocks[j];
      StoreForecast f = forecast_store(pasts[j], target + d, o);
      if (d == 0) {
        out.stores.push_back(f);
        out.covering.push_back(std::move(f));
        continue;
      }
      // The order covers this day too: its demand added path by path.
      StoreForecast& c = out.covering[j];
      for (std::size_t i = 0; i < c.items.size() && i < f.items.size(); ++i) {
        c.items[i].mean += f.items[i].mean;
        for (std::size_t p = 0; p < c.paths.samples[i].size(); ++p)
          c.paths.samples[i][p] += f.paths.samples[i][p];
      }
    }
  }
  std::vector<ChainMember> members;
  for (std::size_t j = 0; j < refs.size(); ++j) {
    if (out.covered_days[j] == 0) {  // no delivery that day
      out.store_orders.emplace_back();
      continue;
    }
    out.store_orders.push_back(
        forecast_orders(out.covering[j], pasts[j].catalogue, on_hand[j], options.quantile_levels));
    members.push_back(
        {refs[j].store, refs[j].centre, &out.covering[j], &pasts[j].catalogue, on_hand[j], j});
  }
  out.centres = centre_orders(members);
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
    for (const auto& entry : ingredients) {
      // Named, not a structured binding: clang 14 cannot capture those in the lambda below.
      const std::string& ingredient = entry.first;
      const ChainMember* first = entry.second;
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
        o.store_targets_g.emplace_back(m->store_index, target);
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

namespace {

void add_outcome(RuleOutcome& r, double stock_g, double need_g, const IngredientCosts& costs,
                 double cost_per_kg) {
  r.ordered_kg += stock_g / 1000.0;
  r.shortage_yen += std::max(0.0, need_g - stock_g) / 1000.0 * costs.underage_yen_per_kg;
  r.leftover_yen += std::max(0.0, stock_g - need_g) / 1000.0 * costs.overage_yen_per_kg;
  r.covered_value += std::min(stock_g, need_g) / 1000.0 * cost_per_kg;
  r.need_value += need_g / 1000.0 * cost_per_kg;
}

void add_into(RuleOutcome& total, const RuleOutcome& part) {
  total.ordered_kg += part.ordered_kg;
  total.shortage_yen += part.shortage_yen;
  total.leftover_yen += part.leftover_yen;
  total.covered_value += part.covered_value;
  total.need_value += part.need_value;
}

void finish(RuleOutcome& r) {
  r.cost_yen = r.shortage_yen + r.leftover_yen;
  r.fill_rate = r.need_value > 0 ? r.covered_value / r.need_value : 0.0;
}

/// Grams of `ingredient` a day of `demand` (by item, plates) needs at the given plates per sale.
double need_of(const Catalogue& catalogue, const std::string& ingredient,
               const std::map<std::string, double>& demand,
               const std::map<std::string, double>& per_sale) {
  double g = 0;
  for (const CatalogueRecipe& line : catalogue.recipes) {
    if (line.ingredient != ingredient) continue;
    const auto d = demand.find(line.item);
    if (d == demand.end()) continue;
    const auto ps = per_sale.find(line.item);
    g += line.grams * d->second * (ps == per_sale.end() ? 1.0 : ps->second);
  }
  return g;
}

double cost_per_kg(const Catalogue& catalogue, const std::string& ingredient) {
  for (const CatalogueIngredient& c : catalogue.ingredients)
    if (c.ingredient == ingredient) return c.cost_yen_per_kg;
  return 0.0;
}

}  // namespace

ChainBacktestResult backtest_chain(const HistoryStore& history,
                                   const std::vector<ChainStoreRef>& refs,
                                   const ChainBacktestOptions& options) {
  if (options.to < options.from) throw std::invalid_argument("--to is before --from");
  const int window = options.forecast.max_history_days;
  const Date load_from = options.from - std::max(window, options.fixed_window_days);
  std::vector<StoreHistory> full;
  for (const ChainStoreRef& r : refs) {
    // Up to a week past the range: a delivery on its last day may cover the days after it.
    full.push_back(history.load(r.store, load_from, options.to + 6));
    if (full.back().items.empty()) throw std::invalid_argument("no sales for store " + r.store);
    if (options.adjust_catalogue) options.adjust_catalogue(full.size() - 1, full.back().catalogue);
  }
  ChainBacktestResult result;
  result.from = options.from;
  result.to = options.to;
  // Actuals: true demand when every store has it on every scored day.
  bool have_true = true;
  for (const StoreHistory& h : full)
    for (std::size_t t = 0; t < h.dates.size(); ++t)
      if (h.dates[t] >= options.from && h.present[t] != 0)
        for (const ItemSeries& s : h.items) have_true = have_true && !std::isnan(s.true_demand[t]);
  result.actuals = have_true ? "true_demand" : "sold";
  const auto demand_on = [&](const StoreHistory& h, std::size_t t) {
    std::map<std::string, double> d;
    for (const ItemSeries& s : h.items) {
      const double v = have_true && !std::isnan(s.true_demand[t]) ? s.true_demand[t] : s.sold[t];
      d[s.item] = std::isnan(v) ? 0.0 : v;
    }
    return d;
  };

  // Fixed par levels per store and ingredient, from the needs before the range: for a delivery
  // covering k days, the critical-ratio quantile of the k-day sums of the daily needs.
  std::vector<std::map<std::string, std::vector<double>>> daily_need(refs.size());
  std::vector<std::map<std::string, double>> par_ratio(refs.size());
  for (std::size_t j = 0; j < refs.size(); ++j) {
    const StoreHistory& h = full[j];
    const std::map<std::string, double> per_sale = plates_per_sale(h, options.from);
    std::map<std::string, double> mean_plates;
    for (std::size_t t = 0; t < h.dates.size(); ++t) {
      if (h.dates[t] >= options.from || h.dates[t] < options.from - options.fixed_window_days ||
          h.present[t] == 0)
        continue;
      const std::map<std::string, double> demand = demand_on(h, t);
      for (const auto& [item, plates] : demand) mean_plates[item] += plates;
      for (const CatalogueIngredient& ing : h.catalogue.ingredients)
        daily_need[j][ing.ingredient].push_back(
            need_of(h.catalogue, ing.ingredient, demand, per_sale));
    }
    for (const CatalogueIngredient& ing : h.catalogue.ingredients) {
      const IngredientCosts c = ingredient_costs(ing, h.catalogue, mean_plates);
      par_ratio[j][ing.ingredient] = critical_ratio(c.underage_yen_per_kg, c.overage_yen_per_kg);
    }
  }
  const auto par = [&](std::size_t j, const std::string& ingredient, int k) {
    const auto need = daily_need[j].find(ingredient);
    if (need == daily_need[j].end() || need->second.size() < static_cast<std::size_t>(k))
      return 0.0;
    std::vector<double> sums;
    for (std::size_t t = 0; t + static_cast<std::size_t>(k) <= need->second.size(); ++t) {
      double sum = 0;
      for (int d = 0; d < k; ++d) sum += need->second[t + static_cast<std::size_t>(d)];
      sums.push_back(sum);
    }
    return empirical_quantile(sums, par_ratio[j][ingredient]);
  };

  std::map<std::string, CentreBacktest> by_centre;
  std::vector<std::string> centre_order;
  const std::vector<std::map<std::string, double>> no_stock(refs.size());
  for (Date day = options.from; day <= options.to; day = day + 1) {
    std::vector<StoreHistory> pasts;
    std::vector<std::size_t> at;
    bool all_present = true;
    bool delivery = false;
    for (std::size_t j = 0; j < full.size(); ++j) {
      const StoreHistory& h = full[j];
      const auto t = static_cast<std::size_t>(day - h.dates.front());
      // Every day a delivery covers must be in the history, to know its need.
      const int k = covered_days(day, refs[j].delivery_weekdays);
      delivery = delivery || k > 0;
      for (int d = 0; d < std::max(1, k); ++d) {
        const std::size_t u = t + static_cast<std::size_t>(d);
        all_present = all_present && u < h.dates.size() && h.present[u] != 0;
      }
      at.push_back(t);
      const Date known = last_known_day(day, refs[j].lead_days);
      pasts.push_back(slice(h, known - (window - 1), known));
    }
    if (!all_present || !delivery) continue;
    ++result.days;
    const ChainForecast fc = forecast_chain(pasts, refs, no_stock, day, options.forecast);
    std::vector<std::vector<std::map<std::string, double>>> demand(refs.size());
    std::vector<std::map<std::string, double>> per_sale;
    for (std::size_t j = 0; j < refs.size(); ++j) {
      for (int d = 0; d < fc.covered_days[j]; ++d)
        demand[j].push_back(demand_on(full[j], at[j] + static_cast<std::size_t>(d)));
      std::map<std::string, double> ps;
      for (const ItemForecast& it : fc.stores[j].items) ps[it.item] = it.plates_per_sale;
      per_sale.push_back(std::move(ps));
    }
    for (const CentreOrder& c : fc.centres) {
      if (!by_centre.count(c.centre)) centre_order.push_back(c.centre);
      CentreBacktest& b = by_centre[c.centre];
      b.centre = c.centre;
      double pooled_need = 0;
      const double value =
          cost_per_kg(pasts[c.store_targets_g.front().first].catalogue, c.ingredient);
      for (const auto& [j, target] : c.store_targets_g) {
        double need = 0;
        for (const auto& day_demand : demand[j])
          need += need_of(pasts[j].catalogue, c.ingredient, day_demand, per_sale[j]);
        pooled_need += need;
        add_outcome(b.separate, target, need, c.costs, value);
        add_outcome(b.fixed, par(j, c.ingredient, fc.covered_days[j]), need, c.costs, value);
      }
      add_outcome(b.pooled, c.pooled_target_g, pooled_need, c.costs, value);
    }
  }
  if (result.days == 0)
    throw std::invalid_argument(
        "no delivery day of the range has every store's sales for the days it covers");
  result.chain.centre = "chain";
  for (const std::string& c : centre_order) {
    CentreBacktest b = by_centre[c];
    add_into(result.chain.pooled, b.pooled);
    add_into(result.chain.separate, b.separate);
    add_into(result.chain.fixed, b.fixed);
    finish(b.pooled);
    finish(b.separate);
    finish(b.fixed);
    result.centres.push_back(b);
  }
  finish(result.chain.pooled);
  finish(result.chain.separate);
  finish(result.chain.fixed);
  return result;
}

}  // namespace kaiten::headoffice
