#include "kaiten/headoffice/backtest.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "kaiten/core/rng.hpp"
#include "kaiten/headoffice/metrics.hpp"
#include "kaiten/headoffice/newsvendor.hpp"

namespace kaiten::headoffice {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Grams of each ingredient per plate of each item: recipe[ingredient][item index].
struct RecipeMatrix {
  std::vector<std::string> ingredients;
  std::vector<std::vector<double>> grams;
  std::vector<double> cost_per_kg;
};

RecipeMatrix recipe_matrix(const Catalogue& c, const std::vector<std::string>& items) {
  RecipeMatrix r;
  for (const CatalogueIngredient& ing : c.ingredients) {
    r.ingredients.push_back(ing.ingredient);
    r.cost_per_kg.push_back(ing.cost_yen_per_kg);
    std::vector<double> g(items.size(), 0.0);
    for (const CatalogueRecipe& line : c.recipes) {
      if (line.ingredient != ing.ingredient) continue;
      const auto it = std::find(items.begin(), items.end(), line.item);
      if (it != items.end()) g[static_cast<std::size_t>(it - items.begin())] = line.grams;
    }
    r.grams.push_back(std::move(g));
  }
  return r;
}

/// Adds one day's single-period outcome of ordering `order_g` against `need_g`.
void add_outcome(BusinessOutcome& out, double& covered_value, double& need_value,
                 const std::vector<double>& order_g, const std::vector<double>& need_g,
                 const std::vector<IngredientCosts>& costs,
                 const std::vector<double>& cost_per_kg) {
  for (std::size_t j = 0; j < order_g.size(); ++j) {
    const double q = order_g[j];
    const double d = need_g[j];
    out.ordered_kg += q / 1000.0;
    out.waste_yen += std::max(0.0, q - d) / 1000.0 * costs[j].overage_yen_per_kg;
    out.shortage_yen += std::max(0.0, d - q) / 1000.0 * costs[j].underage_yen_per_kg;
    covered_value += std::min(q, d) / 1000.0 * cost_per_kg[j];
    need_value += d / 1000.0 * cost_per_kg[j];
  }
}

void finish_outcome(BusinessOutcome& out, double covered_value, double need_value) {
  out.cost_yen = out.waste_yen + out.shortage_yen;
  out.fill_rate = need_value > 0 ? covered_value / need_value : kNaN;
}

/// Squared scaled errors of one model: item[i][k] = (y - ŷ)² / s_i², total[k] likewise (NaN
/// where the day or the value is missing).
struct ScaledErrors {
  std::vector<std::vector<double>> item;
  std::vector<double> total;
};

/// Mean over items of √(mean over `days` of item[i][k]), and √(mean of total[k]), NaN skipped.
std::pair<double, double> rmsse_on(const ScaledErrors& e, const std::vector<std::size_t>& days) {
  double sum = 0;
  int items = 0;
  for (const std::vector<double>& row : e.item) {
    double s = 0;
    int c = 0;
    for (const std::size_t k : days) {
      if (std::isnan(row[k])) continue;
      s += row[k];
      ++c;
    }
    if (c == 0) continue;
    sum += std::sqrt(s / c);
    ++items;
  }
  double t = 0;
  int c = 0;
  for (const std::size_t k : days) {
    if (std::isnan(e.total[k])) continue;
    t += e.total[k];
    ++c;
  }
  return {items > 0 ? sum / items : kNaN, c > 0 ? std::sqrt(t / c) : kNaN};
}

/// The paired moving-block bootstrap of the header: blocks of `block` consecutive scored days
/// (wrapping round) drawn with replacement until as many days as scored; 5 % and 95 %
/// percentiles of the differences.
ModelComparison compare_models(const std::string& a_name, const ScaledErrors& a,
                               const std::string& b_name, const ScaledErrors& b,
                               const std::vector<std::size_t>& scored, int replicates, int block,
                               std::uint64_t seed) {
  ModelComparison c;
  c.a = a_name;
  c.b = b_name;
  const auto [ia, ta] = rmsse_on(a, scored);
  const auto [ib, tb] = rmsse_on(b, scored);
  c.items_diff = ia - ib;
  c.total_diff = ta - tb;
  for (std::size_t i = 0; i < a.item.size(); ++i) {
    const auto one = [&](const ScaledErrors& e) {
      double s = 0;
      int n = 0;
      for (const std::size_t k : scored) {
        if (std::isnan(e.item[i][k])) continue;
        s += e.item[i][k];
        ++n;
      }
      return n > 0 ? s / n : kNaN;
    };
    const double ea = one(a);
    const double eb = one(b);
    if (std::isnan(ea) || std::isnan(eb)) continue;
    ++c.items;
    if (ea < eb) ++c.items_a_better;
  }
  const std::size_t n = scored.size();
  if (n == 0 || replicates < 2) {
    c.items_lo = c.items_hi = c.items_diff;
    c.total_lo = c.total_hi = c.total_diff;
    return c;
  }
  std::uint64_t h = seed;
  for (const char ch : a_name + "|" + b_name) h = splitmix64(h ^ static_cast<unsigned char>(ch));
  std::mt19937_64 rng(h);
  boost::random::uniform_int_distribution<std::size_t> start(0, n - 1);
  const auto len = static_cast<std::size_t>(std::max(1, block));
  std::vector<double> items_d;
  std::vector<double> total_d;
  std::vector<std::size_t> days;
  for (int r = 0; r < replicates; ++r) {
    days.clear();
    while (days.size() < n) {
      const std::size_t s0 = start(rng);
      for (std::size_t j = 0; j < len && days.size() < n; ++j) days.push_back(scored[(s0 + j) % n]);
    }
    const auto [ra, rta] = rmsse_on(a, days);
    const auto [rb, rtb] = rmsse_on(b, days);
    items_d.push_back(ra - rb);
    total_d.push_back(rta - rtb);
  }
  c.items_lo = empirical_quantile(items_d, 0.05);
  c.items_hi = empirical_quantile(items_d, 0.95);
  c.total_lo = empirical_quantile(total_d, 0.05);
  c.total_hi = empirical_quantile(total_d, 0.95);
  return c;
}

}  // namespace

bool is_backtest_model(std::string_view name) {
  const auto colon = name.find(':');
  const std::string_view base = name.substr(0, colon);
  if (colon != std::string_view::npos && name.substr(colon + 1) != "adjusted") return false;
  return base == "auto" || model_from_string(base).has_value();
}

std::string backtest_model_names() {
  std::string out;
  for (const Model m : kAllModels) out += std::string(to_string(m)) + ", ";
  return out + "MODEL:adjusted, auto";
}

BacktestResult run_backtest(const HistoryStore& store, const std::string& store_id,
                            const BacktestOptions& options) {
  if (options.to < options.from) throw std::invalid_argument("--to is before --from");
  const int window = options.forecast.max_history_days;
  const Date load_from = options.from - window;
  const StoreHistory h = store.load(store_id, load_from, options.to);
  if (h.items.empty()) throw std::invalid_argument("no sales for store " + store_id);
  const std::size_t offset = static_cast<std::size_t>(options.from - load_from);
  const std::size_t days = static_cast<std::size_t>(options.to - options.from + 1);
  const std::size_t n_items = h.items.size();
  std::vector<std::string> item_ids;
  for (const ItemSeries& s : h.items) item_ids.push_back(s.item);

  BacktestResult result;
  result.store = store_id;
  result.from = options.from;
  result.to = options.to;

  // Actuals.
  bool have_true = true;
  bool have_expected = true;
  for (const ItemSeries& s : h.items) {
    for (std::size_t k = 0; k < days; ++k) {
      if (h.present[offset + k] == 0) continue;
      have_true = have_true && !std::isnan(s.true_demand[offset + k]);
      have_expected = have_expected && !std::isnan(s.expected_demand[offset + k]);
    }
  }
  if (options.actuals == Actuals::true_demand && !have_true)
    throw std::invalid_argument("the history has no true demand for every day of the range");
  const bool use_true = options.actuals == Actuals::true_demand ||
                        (options.actuals == Actuals::automatic && have_true);
  result.actuals = use_true ? "true_demand" : "sold";
  std::vector<std::vector<double>> actual(n_items);  // over the whole loaded window
  for (std::size_t i = 0; i < n_items; ++i) {
    const ItemSeries& s = h.items[i];
    actual[i] = use_true ? s.true_demand : s.sold;
    // Before the range, days without true demand (e.g. imported) fall back to sales.
    for (std::size_t t = 0; t < actual[i].size(); ++t)
      if (std::isnan(actual[i][t])) actual[i][t] = s.sold[t];
  }

  // Models to run.
  std::vector<std::string> names = options.models;
  if (names.empty()) {
    for (const Model m : kAllModels) names.emplace_back(to_string(m));
    names.emplace_back("seasonal_naive:adjusted");
    names.emplace_back("auto");
  }
  // "MODEL" or "MODEL:adjusted" (a baseline with the holiday factor and uncensoring), or "auto".
  const auto parse_name = [](const std::string& name) {
    const auto colon = name.find(':');
    return std::pair(name.substr(0, colon), colon != std::string::npos);
  };
  for (const std::string& name : names)
    if (!is_backtest_model(name))
      throw std::invalid_argument("unknown model " + name + " (models: " + backtest_model_names() +
                                  ")");

  const RecipeMatrix recipes = recipe_matrix(h.catalogue, item_ids);
  const std::size_t n_ing = recipes.ingredients.size();

  // Per model: forecasts and order quantiles per item and day; business outcome.
  struct Run {
    std::vector<std::vector<double>> mean;      // [item][day]
    std::vector<std::vector<double>> quantile;  // [item][day]
    std::vector<std::vector<double>> lo;        // [item][day]: 5 % quantile
    std::vector<std::vector<double>> hi;        // 95 %
    BusinessOutcome business;
    double covered = 0;
    double need = 0;
    std::map<std::string, int> chosen;
  };
  std::vector<Run> runs(names.size());
  for (Run& r : runs) {
    r.mean.assign(n_items, std::vector<double>(days, kNaN));
    r.quantile.assign(n_items, std::vector<double>(days, kNaN));
    r.lo.assign(n_items, std::vector<double>(days, kNaN));
    r.hi.assign(n_items, std::vector<double>(days, kNaN));
  }
  const std::vector<double>& levels = options.forecast.quantile_levels;
  const auto level_index = [&](double p) {
    for (std::size_t q = 0; q < levels.size(); ++q)
      if (std::abs(levels[q] - p) < 1e-9) return static_cast<std::ptrdiff_t>(q);
    return static_cast<std::ptrdiff_t>(-1);
  };
  const std::ptrdiff_t q05 = level_index(0.05);
  const std::ptrdiff_t q95 = level_index(0.95);

  // A chain history: the other stores' windows, for the pooled persistence of the shared shock.
  std::vector<StoreHistory> peers;
  if (options.pool_chain) {
    for (const std::string& other : store.stores()) {
      if (other == store_id) continue;
      StoreHistory p = store.load(other, load_from, options.to);
      if (!p.items.empty()) peers.push_back(std::move(p));
    }
  }
  std::vector<double> item_cr(n_items, 0.5);

  // Fixed-order baseline: the newsvendor quantile of the need over the days before the range.
  const std::map<std::string, double> per_sale_at_start = plates_per_sale(h, options.from);
  std::vector<double> fixed_q(n_ing, 0.0);
  std::vector<IngredientCosts> fixed_costs(n_ing);
  {
    std::map<std::string, double> mean_plates;
    std::vector<std::vector<double>> need(n_ing);
    const std::size_t first = offset > static_cast<std::size_t>(options.fixed_window_days)
                                  ? offset - static_cast<std::size_t>(options.fixed_window_days)
                                  : 0;
    for (std::size_t t = first; t < offset; ++t) {
      if (h.present[t] == 0) continue;
      for (std::size_t j = 0; j < n_ing; ++j) {
        double g = 0;
        for (std::size_t i = 0; i < n_items; ++i)
          g += recipes.grams[j][i] * actual[i][t] * per_sale_at_start.at(item_ids[i]);
        need[j].push_back(g);
      }
      for (std::size_t i = 0; i < n_items; ++i) mean_plates[item_ids[i]] += actual[i][t];
    }
    for (std::size_t j = 0; j < n_ing; ++j) {
      fixed_costs[j] = ingredient_costs(h.catalogue.ingredients[j], h.catalogue, mean_plates);
      const double cr =
          critical_ratio(fixed_costs[j].underage_yen_per_kg, fixed_costs[j].overage_yen_per_kg);
      fixed_q[j] = need[j].empty() ? kNaN : empirical_quantile(need[j], cr);
      if (!need[j].empty()) result.fixed_orders_g.emplace_back(recipes.ingredients[j], fixed_q[j]);
    }
  }
  double fixed_covered = 0;
  double fixed_need = 0;

  for (std::size_t k = 0; k < days; ++k) {
    const std::size_t t = offset + k;
    if (h.present[t] == 0) continue;
    const Date day = h.dates[t];
    const StoreHistory past = slice(h, day - window, day - 1);
    if (past.dates.empty() ||
        std::none_of(past.present.begin(), past.present.end(), [](auto p) { return p != 0; }))
      continue;
    ++result.days;
    const std::map<std::string, double> per_sale = plates_per_sale(past, day);
    std::vector<double> need_g(n_ing, 0.0);
    for (std::size_t j = 0; j < n_ing; ++j)
      for (std::size_t i = 0; i < n_items; ++i)
        need_g[j] += recipes.grams[j][i] * actual[i][t] * per_sale.at(item_ids[i]);
    if (!result.fixed_orders_g.empty()) {  // without training days there is no fixed baseline
      add_outcome(result.fixed_orders, fixed_covered, fixed_need, fixed_q, need_g, fixed_costs,
                  recipes.cost_per_kg);
    }
    std::vector<std::vector<double>> peer_deviations;
    for (const StoreHistory& p : peers) {
      const StoreHistory before = slice(p, day - window, day - 1);
      if (std::none_of(before.present.begin(), before.present.end(), [](auto v) { return v != 0; }))
        continue;
      peer_deviations.push_back(profile_deviations(before, day, options.forecast));
    }
    for (std::size_t m = 0; m < names.size(); ++m) {
      ForecastOptions fo = options.forecast;
      fo.peer_deviations = peer_deviations;
      const auto [base, adjusted] = parse_name(names[m]);
      fo.model = base == "auto" ? std::nullopt : model_from_string(base);
      fo.adjust_baselines = adjusted;
      const StoreForecast fc = forecast_store(past, day, fo);
      Run& run = runs[m];
      for (std::size_t i = 0; i < n_items && i < fc.items.size(); ++i) {
        run.mean[i][k] = fc.items[i].mean;
        run.quantile[i][k] = fc.items[i].order_quantile;
        if (q05 >= 0 && q95 >= 0) {
          run.lo[i][k] = fc.items[i].quantiles[static_cast<std::size_t>(q05)];
          run.hi[i][k] = fc.items[i].quantiles[static_cast<std::size_t>(q95)];
        }
        item_cr[i] = fc.items[i].critical_ratio;
        if (names[m] == "auto") ++run.chosen[to_string(fc.items[i].model)];
      }
      const std::vector<IngredientOrder> orders = forecast_orders(fc, past.catalogue, {});
      std::vector<double> order_g(n_ing, 0.0);
      std::vector<IngredientCosts> costs(n_ing);
      for (std::size_t j = 0; j < n_ing && j < orders.size(); ++j) {
        order_g[j] = orders[j].order_g;
        costs[j] = orders[j].costs;
      }
      add_outcome(run.business, run.covered, run.need, order_g, need_g, costs, recipes.cost_per_kg);
    }
  }
  finish_outcome(result.fixed_orders, fixed_covered, fixed_need);
  if (result.fixed_orders_g.empty())
    result.fixed_orders = BusinessOutcome{kNaN, kNaN, kNaN, kNaN, kNaN};

  // Scores. Scales from the training days before the range.
  std::vector<NaiveScale> scales(n_items);
  std::vector<double> revenue(n_items, 0.0);
  std::vector<double> total_train(offset, 0.0);
  for (std::size_t i = 0; i < n_items; ++i) {
    const std::vector<double> train(actual[i].begin(),
                                    actual[i].begin() + static_cast<long>(offset));
    scales[i] = seasonal_naive_scale(train);
    for (std::size_t t = 0; t < offset; ++t) total_train[t] += train[t];
    const auto cat = std::find_if(h.catalogue.items.begin(), h.catalogue.items.end(),
                                  [&](const CatalogueItem& c) { return c.item == item_ids[i]; });
    const double price = cat == h.catalogue.items.end() ? 1.0 : cat->price_yen;
    for (std::size_t t = offset >= 28 ? offset - 28 : 0; t < offset; ++t)
      if (!std::isnan(actual[i][t])) revenue[i] += price * actual[i][t];
  }
  for (std::size_t t = 0; t < offset; ++t)
    if (h.present[t] == 0) total_train[t] = kNaN;
  const NaiveScale total_scale = seasonal_naive_scale(total_train);
  double revenue_sum = 0;
  for (const double r : revenue) revenue_sum += r;

  std::vector<std::vector<double>> actual_range(n_items);
  std::vector<double> total_actual(days, 0.0);
  for (std::size_t i = 0; i < n_items; ++i) {
    actual_range[i].assign(actual[i].begin() + static_cast<long>(offset), actual[i].end());
    for (std::size_t k = 0; k < days; ++k) {
      if (h.present[offset + k] == 0) actual_range[i][k] = kNaN;
      total_actual[k] += actual_range[i][k];
    }
  }

  std::vector<ScaledErrors> scaled(names.size());
  const auto scaled_errors = [&](const std::vector<std::vector<double>>& mean) {
    ScaledErrors e;
    e.item.assign(n_items, std::vector<double>(days, kNaN));
    e.total.assign(days, kNaN);
    for (std::size_t k = 0; k < days; ++k) {
      double total_fc = 0;
      for (std::size_t i = 0; i < n_items; ++i) {
        const double d = actual_range[i][k] - mean[i][k];
        total_fc += mean[i][k];
        if (scales[i].mse > 0) e.item[i][k] = d * d / scales[i].mse;
      }
      const double d = total_actual[k] - total_fc;
      if (total_scale.mse > 0) e.total[k] = d * d / total_scale.mse;
    }
    return e;
  };
  const auto score = [&](const std::string& name, const std::vector<std::vector<double>>& mean,
                         const std::vector<std::vector<double>>* quantile,
                         const std::vector<std::vector<double>>* lo = nullptr,
                         const std::vector<std::vector<double>>* hi = nullptr) {
    ModelScore s;
    s.model = name;
    s.coverage90 = kNaN;
    if (lo != nullptr && hi != nullptr) {
      int inside = 0;
      int count = 0;
      for (std::size_t i = 0; i < n_items; ++i) {
        for (std::size_t k = 0; k < days; ++k) {
          const double y = actual_range[i][k];
          if (std::isnan(y) || std::isnan((*lo)[i][k])) continue;
          ++count;
          if (y >= (*lo)[i][k] && y <= (*hi)[i][k]) ++inside;
        }
      }
      if (count > 0) s.coverage90 = static_cast<double>(inside) / count;
    }
    std::vector<double> r(n_items);
    std::vector<double> m(n_items);
    std::vector<double> p(n_items, kNaN);
    std::vector<double> total_fc(days, 0.0);
    double weighted = 0;
    for (std::size_t i = 0; i < n_items; ++i) {
      r[i] = rmsse(actual_range[i], mean[i], scales[i]);
      m[i] = mase(actual_range[i], mean[i], scales[i]);
      if (quantile != nullptr)
        p[i] = scaled_pinball(actual_range[i], (*quantile)[i], item_cr[i], scales[i]);
      if (!std::isnan(r[i]) && revenue_sum > 0) weighted += revenue[i] / revenue_sum * r[i];
      for (std::size_t k = 0; k < days; ++k) total_fc[k] += mean[i][k];
      result.item_scores.push_back({item_ids[i], name, r[i], m[i]});
    }
    s.rmsse_items = finite_mean(r);
    s.mase_items = finite_mean(m);
    s.spl_items = finite_mean(p);
    s.wrmsse = revenue_sum > 0 && !std::isnan(s.rmsse_items) ? weighted : kNaN;
    s.rmsse_total = rmsse(total_actual, total_fc, total_scale);
    s.mase_total = mase(total_actual, total_fc, total_scale);
    s.gap_closed = kNaN;
    return s;
  };
  for (std::size_t m = 0; m < names.size(); ++m) {
    ModelScore s = score(names[m], runs[m].mean, &runs[m].quantile, &runs[m].lo, &runs[m].hi);
    scaled[m] = scaled_errors(runs[m].mean);
    finish_outcome(runs[m].business, runs[m].covered, runs[m].need);
    s.business = runs[m].business;
    s.chosen = runs[m].chosen;
    result.models.push_back(std::move(s));
  }
  if (have_expected) {
    std::vector<std::vector<double>> oracle(n_items);
    for (std::size_t i = 0; i < n_items; ++i)
      oracle[i].assign(h.items[i].expected_demand.begin() + static_cast<long>(offset),
                       h.items[i].expected_demand.end());
    ModelScore o = score("oracle", oracle, nullptr);
    o.business.fill_rate = kNaN;
    const auto sn = std::find_if(result.models.begin(), result.models.end(),
                                 [](const ModelScore& s) { return s.model == "seasonal_naive"; });
    if (sn != result.models.end()) {
      for (ModelScore& s : result.models) {
        const double gap = sn->rmsse_items - o.rmsse_items;
        s.gap_closed = gap > 0 ? (sn->rmsse_items - s.rmsse_items) / gap : kNaN;
      }
    }
    o.gap_closed = 1.0;
    result.models.push_back(std::move(o));
  }

  // Paired comparisons.
  std::vector<std::size_t> scored_days;
  for (std::size_t k = 0; k < days; ++k)
    if (h.present[offset + k] != 0 && !std::isnan(total_actual[k])) scored_days.push_back(k);
  std::vector<std::pair<std::string, std::string>> pairs = options.compare;
  const auto index_of = [&](const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? std::ptrdiff_t{-1} : it - names.begin();
  };
  if (pairs.empty() && index_of("auto") >= 0)
    for (const std::string& name : names)
      if (name != "auto") pairs.emplace_back("auto", name);
  for (const auto& [a, b] : pairs) {
    const std::ptrdiff_t ia = index_of(a);
    const std::ptrdiff_t ib = index_of(b);
    if (ia < 0 || ib < 0)
      throw std::invalid_argument("--compare " + a + ":" + b + ": both models must be scored");
    result.comparisons.push_back(compare_models(
        a, scaled[static_cast<std::size_t>(ia)], b, scaled[static_cast<std::size_t>(ib)],
        scored_days, options.bootstrap_replicates, options.bootstrap_block_days,
        options.bootstrap_seed));
  }

  // The orders as run.
  const auto rows = store.stock_rows(store_id, options.from, options.to);
  if (!rows.empty()) {
    AsRunOutcome a;
    std::map<std::string, double> cost_per_kg;
    for (const CatalogueIngredient& ing : h.catalogue.ingredients)
      cost_per_kg[ing.ingredient] = ing.cost_yen_per_kg;
    Date last{-1};
    for (const auto& [date, row] : rows) {
      if (date != last) {
        ++a.days;
        ++a.policy_days[row.policy];
        last = date;
      }
      a.ordered_kg += row.ordered_g / 1000.0;
      a.used_kg += row.used_g / 1000.0;
      a.expired_kg += row.expired_g / 1000.0;
      a.expired_yen += row.expired_g / 1000.0 * cost_per_kg[row.ingredient];
    }
    double covered = 0;
    for (std::size_t i = 0; i < n_items; ++i) {
      const ItemSeries& s = h.items[i];
      const auto cat = std::find_if(h.catalogue.items.begin(), h.catalogue.items.end(),
                                    [&](const CatalogueItem& c) { return c.item == s.item; });
      const double margin =
          cat == h.catalogue.items.end() ? 0.0 : std::max(0, cat->price_yen - cat->cost_yen);
      for (std::size_t k = 0; k < days; ++k) {
        const std::size_t t = offset + k;
        if (h.present[t] == 0) continue;
        const double sold = s.sold[t];
        const double demand = std::isnan(s.true_demand[t]) ? sold : s.true_demand[t];
        a.sold_plates += sold;
        a.demand_plates += demand;
        a.lost_plates += std::max(0.0, demand - sold);
        a.lost_margin_yen += std::max(0.0, demand - sold) * margin;
        covered += std::min(sold, demand);
        if (!std::isnan(s.discarded[t])) a.discarded_plates += s.discarded[t];
      }
    }
    a.cost_yen = a.expired_yen + a.lost_margin_yen;
    a.fill_rate = a.demand_plates > 0 ? covered / a.demand_plates : kNaN;
    result.as_run = a;
  }
  return result;
}

}  // namespace kaiten::headoffice
