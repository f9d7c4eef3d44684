#include "kaiten/headoffice/forecast.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "kaiten/core/rng.hpp"
#include "kaiten/headoffice/censoring.hpp"
#include "kaiten/headoffice/metrics.hpp"
#include "kaiten/headoffice/store_model.hpp"

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

/// The one-step forecast's standard deviation: the model's own variance at the horizon when it
/// has one (ets, top_down), else the root mean square of its one-step errors over the last
/// `days` days; at least 1 plate.
double predictive_sd(const ModelFit& fit, const std::vector<double>& y, int days) {
  if (!fit.ahead_variance.empty() && std::isfinite(fit.ahead_variance.back()))
    return std::max(1.0, std::sqrt(std::max(0.0, fit.ahead_variance.back())));
  const std::size_t n = y.size();
  const std::size_t from =
      n > static_cast<std::size_t>(days) ? n - static_cast<std::size_t>(days) : 0;
  double sum = 0;
  int count = 0;
  for (std::size_t t = from; t < n; ++t) {
    if (std::isnan(fit.fitted[t])) continue;
    sum += (y[t] - fit.fitted[t]) * (y[t] - fit.fitted[t]);
    ++count;
  }
  return std::max(1.0,
                  count > 1 ? std::sqrt(sum / count) : std::sqrt(std::max(1.0, finite_mean(y))));
}

/// Items' joint covariance as a Cholesky factor.
struct Covariance {
  Eigen::MatrixXd factor;  ///< lower triangular L, L Lᵀ = Σ
};

/// The forecasts' covariance: for top-down fits the model's own (items covary through the
/// total: p_i p_j Var(total), plus each item's noise on the diagonal); otherwise the standard
/// deviations with the correlation of the one-step errors over the last `days` days, shrunk
/// half-way towards none (24 items on 56 days give a noisy sample correlation).
Covariance forecast_covariance(const std::vector<ModelFit>& fits,
                               const std::vector<std::vector<double>>& y,
                               const std::vector<double>& sd, int days) {
  const auto k = static_cast<Eigen::Index>(fits.size());
  Eigen::MatrixXd sigma = Eigen::MatrixXd::Zero(k, k);
  const bool top = !fits.empty() && std::all_of(fits.begin(), fits.end(), [](const ModelFit& m) {
    return m.model == Model::top_down && !m.ahead_variance.empty();
  });
  if (top) {
    // sd_i² = p_i² V + v_i: recover the common part from the share of each item.
    for (Eigen::Index i = 0; i < k; ++i)
      sigma(i, i) = sd[static_cast<std::size_t>(i)] * sd[static_cast<std::size_t>(i)];
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index j = 0; j < k; ++j)
        if (i != j)
          sigma(i, j) = fits[static_cast<std::size_t>(i)].common_sd *
                        fits[static_cast<std::size_t>(j)].common_sd;
  } else {
    const std::size_t n = y.empty() ? 0 : y.front().size();
    const std::size_t from =
        n > static_cast<std::size_t>(days) ? n - static_cast<std::size_t>(days) : 0;
    std::vector<std::vector<double>> z(fits.size());
    for (std::size_t i = 0; i < fits.size(); ++i) {
      for (std::size_t t = from; t < n; ++t) {
        const double e = std::isnan(fits[i].fitted[t]) ? 0.0 : y[i][t] - fits[i].fitted[t];
        z[i].push_back(e);
      }
    }
    for (Eigen::Index i = 0; i < k; ++i) {
      for (Eigen::Index j = 0; j <= i; ++j) {
        const auto& a = z[static_cast<std::size_t>(i)];
        const auto& b = z[static_cast<std::size_t>(j)];
        double ab = 0, aa = 0, bb = 0;
        for (std::size_t t = 0; t < a.size(); ++t) {
          ab += a[t] * b[t];
          aa += a[t] * a[t];
          bb += b[t] * b[t];
        }
        const double r = i == j ? 1.0 : (aa > 0 && bb > 0 ? 0.5 * ab / std::sqrt(aa * bb) : 0.0);
        sigma(i, j) = sigma(j, i) =
            r * sd[static_cast<std::size_t>(i)] * sd[static_cast<std::size_t>(j)];
      }
    }
  }
  Covariance c;
  Eigen::LLT<Eigen::MatrixXd> llt(sigma);
  if (llt.info() != Eigen::Success) {
    sigma.diagonal() *= 1.0 + 1e-6;
    llt.compute(sigma);
  }
  c.factor = llt.info() == Eigen::Success
                 ? Eigen::MatrixXd(llt.matrixL())
                 : Eigen::MatrixXd(sigma.diagonal().cwiseSqrt().asDiagonal());
  return c;
}

/// `paths` draws of max(0, mean + L z), z standard normal: samples[item][path]. With
/// `total_shock` (one per path), z's component along v = Lᵀ1 / |Lᵀ1| (the direction that moves
/// the items' sum, 1ᵀ L z = |Lᵀ1| vᵀz) is replaced by that path's shock: z stays standard normal,
/// and the sum's standardized deviation is the shock given.
std::vector<std::vector<double>> sample_paths(const std::vector<double>& mean,
                                              const Covariance& cov, int paths,
                                              std::mt19937_64& rng,
                                              const std::vector<double>& total_shock) {
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  const auto k = static_cast<Eigen::Index>(mean.size());
  std::vector<std::vector<double>> out(mean.size(),
                                       std::vector<double>(static_cast<std::size_t>(paths)));
  Eigen::VectorXd v;  // the direction of the items' sum, only when a shock is given
  if (total_shock.size() >= static_cast<std::size_t>(paths) && !total_shock.empty())
    v = cov.factor.transpose() * Eigen::VectorXd::Ones(k);
  const bool shocked = v.size() > 0 && v.norm() > 0;
  if (shocked) v /= v.norm();
  Eigen::VectorXd z(k);
  for (int p = 0; p < paths; ++p) {
    for (Eigen::Index i = 0; i < k; ++i) z(i) = normal(rng);
    if (shocked) z += (total_shock[static_cast<std::size_t>(p)] - v.dot(z)) * v;
    const Eigen::VectorXd x = cov.factor * z;
    for (Eigen::Index i = 0; i < k; ++i)
      out[static_cast<std::size_t>(i)][static_cast<std::size_t>(p)] =
          std::max(0.0, mean[static_cast<std::size_t>(i)] + x(i));
  }
  return out;
}

/// Days of history from which the automatic choice is the top-down store model.
constexpr std::size_t kTopDownMinDays = 4 * kSeason;

/// Every item's fit: the forced model, or the automatic choice: the top-down store model once
/// there are 4 weeks of history (docs/headoffice.md: a per-item holdout choice cost accuracy);
/// before, each item's choice among the simple models (select_model).
std::vector<ModelFit> fit_items(const PreparedSeries& prepared, int horizon,
                                const ForecastOptions& options) {
  const std::vector<std::vector<double>>& y = prepared.items;
  const std::size_t n = y.empty() ? 0 : y.front().size();
  const bool top = options.model ? *options.model == Model::top_down : n >= kTopDownMinDays;
  if (top) {
    TopDownOptions o;
    o.residual_days = options.residual_days;
    o.peer_deviations = options.peer_deviations;
    o.total = prepared.store_total;
    o.sold_out = prepared.sold_out;
    o.sold = prepared.sold;
    o.share_leaders = options.share_leaders;
    return top_down(y, horizon, o).items;
  }
  std::vector<ModelFit> fits;
  for (const std::vector<double>& series : y) {
    const Model m = options.model
                        ? *options.model
                        : select_model(series, candidate_models(series), options.holdout_days);
    fits.push_back(fit_model(m, series, horizon));
  }
  return fits;
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

PreparedSeries prepare_series(const StoreHistory& history, Date target,
                              const ForecastOptions& options) {
  PreparedSeries p;
  // The window: present days before the target, at most max_history_days.
  std::size_t end = 0;
  while (end < history.dates.size() && history.dates[end] < target) ++end;
  std::size_t begin = end > static_cast<std::size_t>(options.max_history_days)
                          ? end - static_cast<std::size_t>(options.max_history_days)
                          : 0;
  while (begin < end && history.present[begin] == 0) ++begin;
  if (begin >= end) throw std::invalid_argument("no sales history before " + target.to_string());
  p.begin = begin;
  p.end = end;
  const std::size_t n = end - begin;
  const bool raw = options.model && is_baseline(*options.model) && !options.adjust_baselines;
  p.use_calendar = options.use_calendar && !raw;
  const bool uncensor_days = options.uncensor && !raw;
  const std::vector<std::uint8_t> holiday = sub(history.holiday, begin, end);

  // Demand estimates per item (uncensored), and the store totals for the holiday factor.
  std::vector<std::vector<double>> demand;
  std::vector<double> totals(n, 0.0);
  std::vector<double> store(n, 0.0);  // sold + (1 - substitution) × lost
  const double lost_share = 1.0 - std::clamp(options.substitution, 0.0, 1.0);
  for (const ItemSeries& s : history.items) {
    std::vector<double> y = sub(s.sold, begin, end);
    const std::vector<double> sold = y;
    if (uncensor_days)
      y = uncensor(y, sub(s.stock_out, begin, end), sub(s.sold_before_out, begin, end));
    for (std::size_t t = 0; t < n; ++t) {
      if (std::isnan(y[t])) continue;
      totals[t] += y[t];
      store[t] += lost_share * y[t] + (1 - lost_share) * sold[t];
    }
    demand.push_back(std::move(y));
    if (uncensor_days) {
      std::vector<std::uint8_t> out = sub(s.stock_out, begin, end);
      std::vector<double> bound = sold;
      for (std::size_t t = 0; t < n; ++t)
        if (std::isnan(bound[t])) out[t] = 0;  // a missing day is filled, not censored
      p.sold_out.push_back(std::move(out));
      p.sold.push_back(std::move(bound));
    }
  }
  for (std::size_t t = 0; t < n; ++t)
    if (history.present[begin + t] == 0) totals[t] = store[t] = kNaN;
  p.holiday_factor = p.use_calendar ? holiday_factor(totals, holiday) : 1.0;

  // The series each model sees: holidays divided by the factor, missing days filled.
  for (std::size_t i = 0; i < history.items.size(); ++i) {
    std::vector<double> y = demand[i];
    if (p.use_calendar)
      for (std::size_t t = 0; t < n; ++t)
        if (holiday[t] != 0 && !std::isnan(y[t])) y[t] /= p.holiday_factor;
    p.items.push_back(fill_missing(y));
    if (!p.sold.empty()) {
      std::vector<double>& bound = p.sold[i];
      if (p.use_calendar)
        for (std::size_t t = 0; t < n; ++t)
          if (holiday[t] != 0 && !std::isnan(bound[t])) bound[t] /= p.holiday_factor;
      bound = fill_missing(bound);
    }
  }
  if (p.use_calendar)
    for (std::size_t t = 0; t < n; ++t)
      if (holiday[t] != 0 && !std::isnan(store[t])) store[t] /= p.holiday_factor;
  p.store_total = fill_missing(store);
  return p;
}

std::vector<double> profile_deviations(const StoreHistory& history, Date target,
                                       const ForecastOptions& options) {
  const PreparedSeries p = prepare_series(history, target, options);
  return weekly_profile_ar1(p.store_total, 1).deviations;
}

StoreForecast forecast_store(const StoreHistory& history, Date target,
                             const ForecastOptions& options) {
  StoreForecast f;
  f.store = history.store;
  f.date = target;
  f.holiday = history.is_holiday(target);
  const PreparedSeries prepared = prepare_series(history, target, options);
  const std::size_t begin = prepared.begin;
  const std::size_t end = prepared.end;
  const std::size_t n = end - begin;
  f.horizon = target - history.dates[end - 1];
  f.holiday_factor = prepared.holiday_factor;
  const double target_factor = f.holiday && prepared.use_calendar ? f.holiday_factor : 1.0;
  const std::vector<std::vector<double>>& adjusted = prepared.items;
  std::vector<ModelFit> fits = fit_items(prepared, f.horizon, options);

  const std::map<std::string, double> per_sale = plates_per_sale(history, target);
  std::vector<double> sd;  // predictive standard deviation per item
  for (std::size_t i = 0; i < history.items.size(); ++i) {
    const ItemSeries& s = history.items[i];
    const ModelFit& fit = fits[i];
    const std::vector<double>& y = adjusted[i];
    ItemForecast item;
    item.item = s.item;
    item.model = fit.model;
    item.detail = fit.detail;
    double mean = fit.ahead.empty() ? kNaN : fit.ahead.back();
    if (std::isnan(mean)) mean = finite_mean(sub(y, n > 7 ? n - 7 : 0, n));
    if (std::isnan(mean)) mean = 0.0;
    item.mean = std::max(0.0, mean) * target_factor;
    sd.push_back(predictive_sd(fit, y, options.residual_days) * target_factor);
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

  // Joint sample paths from the multivariate normal of the forecasts, cut at zero.
  const Covariance cov = forecast_covariance(fits, adjusted, sd, options.residual_days);
  std::mt19937_64 rng(splitmix64(options.seed ^ fnv1a(history.store) ^
                                 (static_cast<std::uint64_t>(target.days) << 20)));
  std::vector<double> means;
  for (const ItemForecast& it : f.items) means.push_back(it.mean);
  f.paths.items.clear();
  for (const ItemForecast& it : f.items) f.paths.items.push_back(it.item);
  f.paths.samples =
      sample_paths(means, cov, std::max(1, options.sample_paths), rng, options.total_shock);
  for (std::size_t i = 0; i < f.items.size(); ++i) {
    ItemForecast& it = f.items[i];
    it.sd = sd[i];
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
