#include "kaiten/headoffice/forecast.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "kaiten/core/rng.hpp"
#include "kaiten/headoffice/censoring.hpp"
#include "kaiten/headoffice/metrics.hpp"

namespace kaiten::headoffice {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

template <class T>
std::vector<T> sub(const std::vector<T>& v, std::size_t from, std::size_t to) {
  return std::vector<T>(v.begin() + static_cast<long>(from), v.begin() + static_cast<long>(to));
}

}  // namespace

bool is_baseline(Model model) {
  return model == Model::seasonal_naive || model == Model::mean4 || model == Model::ses;
}

StoreHistory slice(const StoreHistory& h, Date from, Date to) {
  StoreHistory out;
  out.store = h.store;
  out.catalogue = h.catalogue;
  out.holidays = h.holidays;
  if (h.dates.empty() || to < from) return out;
  const Date first = h.dates.front();
  const auto a = static_cast<std::size_t>(std::max(0, from - first));
  const auto b = static_cast<std::size_t>(
      std::clamp<std::int32_t>(to - first + 1, 0, static_cast<std::int32_t>(h.dates.size())));
  if (a >= b) return out;
  out.dates = sub(h.dates, a, b);
  out.present = sub(h.present, a, b);
  out.holiday = sub(h.holiday, a, b);
  for (const ItemSeries& s : h.items) {
    ItemSeries c;
    c.item = s.item;
    c.sold = sub(s.sold, a, b);
    c.made = sub(s.made, a, b);
    c.discarded = sub(s.discarded, a, b);
    c.stock_out = sub(s.stock_out, a, b);
    c.sold_before_out = sub(s.sold_before_out, a, b);
    c.true_demand = sub(s.true_demand, a, b);
    c.expected_demand = sub(s.expected_demand, a, b);
    out.items.push_back(std::move(c));
  }
  return out;
}

double holiday_factor(const std::vector<double>& totals, const std::vector<std::uint8_t>& holiday) {
  double log_sum = 0;
  int count = 0;
  for (std::size_t t = 0; t < totals.size(); ++t) {
    if (holiday[t] == 0 || std::isnan(totals[t])) continue;
    double base = 0;
    int weeks = 0;
    for (std::size_t k = 1; weeks < 4 && k * kSeason <= t; ++k) {
      const std::size_t u = t - k * kSeason;
      if (holiday[u] != 0 || std::isnan(totals[u])) continue;
      base += totals[u];
      ++weeks;
    }
    if (weeks == 0 || base <= 0 || totals[t] <= 0) continue;
    log_sum += std::log(totals[t] / (base / weeks));
    ++count;
  }
  return std::exp(log_sum / (count + 1));
}

std::map<std::string, double> plates_per_sale(const StoreHistory& history, Date target) {
  std::map<std::string, double> out;
  const std::size_t n = history.dates.size();
  for (const ItemSeries& s : history.items) {
    const auto ratio_over = [&](bool same_weekday, std::size_t max_days) {
      double made = 0;
      double sold = 0;
      std::size_t used = 0;
      for (std::size_t k = n; k-- > 0 && used < max_days;) {
        if (history.dates[k] >= target) continue;
        if (same_weekday && history.dates[k].weekday() != target.weekday()) continue;
        if (s.stock_out[k] != 0 || std::isnan(s.made[k]) || std::isnan(s.sold[k])) continue;
        made += s.made[k];
        sold += s.sold[k];
        ++used;
      }
      return sold > 0 ? made / sold : kNaN;
    };
    double r = ratio_over(true, 4);
    if (std::isnan(r)) r = ratio_over(false, 28);
    out[s.item] = std::isnan(r) ? 1.0 : std::clamp(r, 1.0, 3.0);
  }
  return out;
}

StoreForecast forecast_store(const StoreHistory& history, Date target,
                             const ForecastOptions& options) {
  StoreForecast f;
  f.store = history.store;
  f.date = target;
  f.holiday = history.is_holiday(target);
  // The window: present days before the target, at most max_history_days.
  std::size_t end = 0;
  while (end < history.dates.size() && history.dates[end] < target) ++end;
  std::size_t begin = end > static_cast<std::size_t>(options.max_history_days)
                          ? end - static_cast<std::size_t>(options.max_history_days)
                          : 0;
  while (begin < end && history.present[begin] == 0) ++begin;
  if (begin >= end) throw std::invalid_argument("no sales history before " + target.to_string());
  const std::size_t n = end - begin;
  const bool raw = options.model && is_baseline(*options.model) && !options.adjust_baselines;
  const bool use_calendar = options.use_calendar && !raw;
  const bool uncensor_days = options.uncensor && !raw;
  f.horizon = target - history.dates[end - 1];
  const std::vector<std::uint8_t> holiday = sub(history.holiday, begin, end);

  // Demand estimates per item (uncensored), and the store totals for the holiday factor.
  std::vector<std::vector<double>> demand;
  std::vector<double> totals(n, 0.0);
  for (const ItemSeries& s : history.items) {
    std::vector<double> y = sub(s.sold, begin, end);
    if (uncensor_days)
      y = uncensor(y, sub(s.stock_out, begin, end), sub(s.sold_before_out, begin, end));
    for (std::size_t t = 0; t < n; ++t) totals[t] += std::isnan(y[t]) ? 0.0 : y[t];
    demand.push_back(std::move(y));
  }
  for (std::size_t t = 0; t < n; ++t)
    if (history.present[begin + t] == 0) totals[t] = kNaN;
  f.holiday_factor = use_calendar ? holiday_factor(totals, holiday) : 1.0;
  const double target_factor = f.holiday && use_calendar ? f.holiday_factor : 1.0;

  const std::size_t r_days = std::min(n, static_cast<std::size_t>(options.residual_days));
  const std::size_t r_from = n - r_days;
  std::vector<std::vector<double>> residuals;  // [item][t - r_from], NaN where none
  const std::map<std::string, double> per_sale = plates_per_sale(history, target);

  for (std::size_t i = 0; i < history.items.size(); ++i) {
    const ItemSeries& s = history.items[i];
    std::vector<double> y = demand[i];
    if (use_calendar)
      for (std::size_t t = 0; t < n; ++t)
        if (holiday[t] != 0 && !std::isnan(y[t])) y[t] /= f.holiday_factor;
    y = fill_missing(y);
    ItemForecast item;
    item.item = s.item;
    item.model =
        options.model ? *options.model : select_model(y, candidate_models(y), options.holdout_days);
    const ModelFit fit = fit_model(item.model, y, f.horizon);
    double mean = fit.ahead.empty() ? kNaN : fit.ahead.back();
    if (std::isnan(mean)) mean = finite_mean(sub(y, n > 7 ? n - 7 : 0, n));
    if (std::isnan(mean)) mean = 0.0;
    item.mean = std::max(0.0, mean) * target_factor;
    std::vector<double> r(r_days, kNaN);
    for (std::size_t t = r_from; t < n; ++t) {
      const double fit_t = fit.fitted[t];
      if (std::isnan(fit_t)) continue;
      r[t - r_from] = (y[t] - fit_t) / std::sqrt(std::max(std::abs(fit_t), 1.0));
    }
    residuals.push_back(std::move(r));
    const auto ps = per_sale.find(s.item);
    item.plates_per_sale = ps == per_sale.end() ? 1.0 : ps->second;
    for (std::size_t t = begin; t < end; ++t) item.censored_days |= s.stock_out[t] != 0;
    const auto cat = std::find_if(history.catalogue.items.begin(), history.catalogue.items.end(),
                                  [&](const CatalogueItem& c) { return c.item == s.item; });
    if (cat != history.catalogue.items.end() && cat->price_yen > 0)
      item.critical_ratio = std::clamp(
          static_cast<double>(cat->price_yen - cat->cost_yen) / cat->price_yen, 0.01, 0.99);
    f.items.push_back(std::move(item));
  }

  // Joint sample paths: one past day's residuals for all items, smoothed.
  const std::size_t items = f.items.size();
  std::vector<double> r_mean(items, 0.0);
  std::vector<double> r_sd(items, 0.0);
  std::vector<std::vector<double>> valid(items);
  for (std::size_t i = 0; i < items; ++i) {
    for (const double v : residuals[i])
      if (!std::isnan(v)) valid[i].push_back(v);
    if (valid[i].empty()) continue;
    r_mean[i] = finite_mean(valid[i]);
    double var = 0;
    for (const double v : valid[i]) var += (v - r_mean[i]) * (v - r_mean[i]);
    r_sd[i] = valid[i].size() > 1 ? std::sqrt(var / static_cast<double>(valid[i].size() - 1)) : 0;
  }
  std::mt19937_64 rng(splitmix64(options.seed ^ fnv1a(history.store) ^
                                 (static_cast<std::uint64_t>(target.days) << 20)));
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  const auto paths = static_cast<std::size_t>(std::max(1, options.sample_paths));
  f.paths.items.clear();
  f.paths.samples.assign(items, std::vector<double>(paths, 0.0));
  for (const ItemForecast& it : f.items) f.paths.items.push_back(it.item);
  for (std::size_t p = 0; p < paths; ++p) {
    const std::size_t day =
        r_days > 0 ? boost::random::uniform_int_distribution<std::size_t>(0, r_days - 1)(rng) : 0;
    for (std::size_t i = 0; i < items; ++i) {
      double r = 0;
      if (!valid[i].empty()) {
        r = r_days > 0 ? residuals[i][day] : kNaN;
        if (std::isnan(r)) {
          r = valid[i][boost::random::uniform_int_distribution<std::size_t>(
              0, valid[i].size() - 1)(rng)];
        }
        // Smoothed bootstrap (Silverman bandwidth), rescaled to keep the residuals' variance.
        const double nv = static_cast<double>(valid[i].size());
        const double bw = 1.06 * r_sd[i] * std::pow(nv, -0.2);
        const double shrink =
            r_sd[i] > 0 ? 1.0 / std::sqrt(1.0 + (bw * bw) / (r_sd[i] * r_sd[i])) : 1.0;
        r = r_mean[i] + (r - r_mean[i] + bw * normal(rng)) * shrink;
      } else {
        (void)normal(rng);
      }
      const double mean = f.items[i].mean;
      f.paths.samples[i][p] = std::max(0.0, mean + std::sqrt(std::max(mean, 1.0)) * r);
    }
  }
  for (std::size_t i = 0; i < items; ++i) {
    ItemForecast& it = f.items[i];
    for (const double q : options.quantile_levels)
      it.quantiles.push_back(empirical_quantile(f.paths.samples[i], q));
    it.order_quantile = empirical_quantile(f.paths.samples[i], it.critical_ratio);
  }
  return f;
}

std::vector<IngredientOrder> forecast_orders(const StoreForecast& forecast,
                                             const Catalogue& catalogue,
                                             const std::map<std::string, double>& on_hand_g,
                                             const std::vector<double>& quantile_levels) {
  std::map<std::string, double> per_sale;
  for (const ItemForecast& it : forecast.items) per_sale[it.item] = it.plates_per_sale;
  return ingredient_orders(catalogue, forecast.paths, per_sale, on_hand_g, quantile_levels);
}

}  // namespace kaiten::headoffice
