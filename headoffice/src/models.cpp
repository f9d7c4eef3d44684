#include "kaiten/headoffice/models.hpp"

#include "kaiten/headoffice/ets.hpp"
#include "kaiten/headoffice/store_model.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

namespace kaiten::headoffice {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t as_size(int v) {
  return static_cast<std::size_t>(v);
}

/// Accumulates the squared one-step errors of `fit` from index `from` on.
void score(ModelFit& fit, const std::vector<double>& y, std::size_t from = 0) {
  fit.sse = 0.0;
  fit.sse_count = 0;
  for (std::size_t t = from; t < y.size(); ++t) {
    if (std::isnan(fit.fitted[t])) continue;
    const double e = y[t] - fit.fitted[t];
    fit.sse += e * e;
    ++fit.sse_count;
  }
}

/// The index `h` days past the end of `y` mapped back into the series by whole weeks.
std::optional<std::size_t> same_weekday_before(std::size_t n, std::size_t day, int weeks_back) {
  const std::size_t back = as_size(weeks_back * kSeason);
  if (day < back) return std::nullopt;
  const std::size_t t = day - back;
  if (t >= n) return std::nullopt;
  return t;
}

constexpr std::array kAlphaGrid{0.01, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7};
constexpr std::array kGammaGrid{0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3};
constexpr std::array kBetaGrid{0.01, 0.05, 0.1, 0.2};
constexpr std::array kSparseGrid{0.05, 0.1, 0.15, 0.2, 0.3};

double aicc(double sse, int count, int k) {
  if (count <= k + 1 || sse <= 0) return std::numeric_limits<double>::infinity();
  const double n = count;
  return n * std::log(sse / n) + 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1);
}

ModelFit combine(const ModelFit& a, const ModelFit& b, const std::vector<double>& y) {
  ModelFit c;
  c.model = Model::combination;
  c.params = a.params;
  const auto mix = [](double x, double z) {
    if (std::isnan(x)) return z;
    if (std::isnan(z)) return x;
    return 0.5 * (x + z);
  };
  c.fitted.resize(y.size());
  for (std::size_t t = 0; t < y.size(); ++t) c.fitted[t] = mix(a.fitted[t], b.fitted[t]);
  c.ahead.resize(a.ahead.size());
  for (std::size_t h = 0; h < a.ahead.size(); ++h) c.ahead[h] = mix(a.ahead[h], b.ahead[h]);
  score(c, y, as_size(kSeason));
  return c;
}

/// The Holt-Winters recursion's squared one-step errors from day `from` on, without keeping the
/// fitted values (the inner loop of the parameter grid).
double holt_winters_sse(const std::vector<double>& y, const ModelParams& p,
                        const HoltWintersState& initial, std::size_t from, int& count) {
  double level = initial.level;
  double trend = p.trend ? initial.trend : 0.0;
  std::array<double, kSeason> s = initial.season;
  double sse = 0;
  count = 0;
  std::size_t j = 0;  // t mod m
  for (std::size_t t = 0; t < y.size(); ++t) {
    const double e = y[t] - (level + trend + s[j]);
    if (t >= from) {
      sse += e * e;
      ++count;
    }
    level += trend + p.alpha * e;
    if (p.trend) trend += p.alpha * p.beta * e;
    s[j] += p.gamma * e;
    if (++j == kSeason) j = 0;
  }
  return sse;
}

struct GridFit {
  ModelFit fit;
  HoltWintersState initial;
};

GridFit fit_holt_winters(const std::vector<double>& y, int horizon) {
  GridFit best;
  double best_aicc = std::numeric_limits<double>::infinity();
  for (const bool trend : {false, true}) {
    if (trend && y.size() < as_size(3 * kSeason)) continue;
    const HoltWintersState init = holt_winters_initial_state(y, trend);
    ModelParams best_params;
    double best_sse = std::numeric_limits<double>::infinity();
    int best_count = 0;
    for (const double alpha : kAlphaGrid) {
      for (const double gamma : kGammaGrid) {
        if (gamma > 1.0 - alpha) continue;
        for (const double beta : kBetaGrid) {
          const ModelParams p{alpha, trend ? beta : 0.0, gamma, trend};
          int count = 0;
          const double sse = holt_winters_sse(y, p, init, as_size(kSeason), count);
          if (sse < best_sse) {
            best_sse = sse;
            best_count = count;
            best_params = p;
          }
          if (!trend) break;  // β unused
        }
      }
    }
    ModelFit best_trend = holt_winters(y, horizon, best_params, init);
    best_trend.sse = best_sse;
    best_trend.sse_count = best_count;
    const int k = 2 + (trend ? 2 : 0) + 1 + (kSeason - 1);
    const double criterion = aicc(best_trend.sse, best_trend.sse_count, k);
    if (best.fit.fitted.empty() || criterion < best_aicc) {
      best_aicc = criterion;
      best.fit = std::move(best_trend);
      best.initial = init;
    }
  }
  return best;
}

/// The model over `y` with the parameters of `params` (Holt-Winters started from `init`).
ModelFit run_with(Model model, const std::vector<double>& y, int horizon, const ModelParams& params,
                  const HoltWintersState& init) {
  switch (model) {
    case Model::seasonal_naive:
      return seasonal_naive(y, horizon);
    case Model::mean4:
      return mean_of_last_weeks(y, horizon);
    case Model::ses:
      return ses(y, horizon, params.alpha);
    case Model::holt_winters:
      return holt_winters(y, horizon, params, init);
    case Model::croston:
      return croston(y, horizon, params.alpha);
    case Model::tsb:
      return tsb(y, horizon, params.alpha, params.beta);
    case Model::combination:
      return combine(holt_winters(y, horizon, params, init), mean_of_last_weeks(y, horizon), y);
    case Model::ets:
    case Model::top_down:
      return fit_model(model, y, horizon);
  }
  return seasonal_naive(y, horizon);
}

}  // namespace

ModelFit ets_model(const std::vector<double>& y, int horizon) {
  const EtsFit e = fit_ets_auto(y);
  ModelFit f;
  f.model = Model::ets;
  f.params.alpha = e.params.alpha;
  f.params.beta = e.params.beta;
  f.params.gamma = e.params.gamma;
  f.params.trend = e.spec.trend != EtsTrend::none;
  f.fitted = e.fitted;
  f.ahead = ets_forecast(e, horizon);
  f.ahead_variance = ets_forecast_variance(e, horizon);
  f.detail = to_string(e.spec);
  score(f, y);
  return f;
}

const char* to_string(Model model) {
  switch (model) {
    case Model::seasonal_naive:
      return "seasonal_naive";
    case Model::mean4:
      return "mean4";
    case Model::ses:
      return "ses";
    case Model::holt_winters:
      return "holt_winters";
    case Model::croston:
      return "croston";
    case Model::tsb:
      return "tsb";
    case Model::combination:
      return "combination";
    case Model::ets:
      return "ets";
    case Model::top_down:
      return "top_down";
  }
  return "?";
}

std::optional<Model> model_from_string(std::string_view name) {
  for (const Model m : kAllModels)
    if (name == to_string(m)) return m;
  return std::nullopt;
}

ModelFit seasonal_naive(const std::vector<double>& y, int horizon) {
  ModelFit f;
  f.model = Model::seasonal_naive;
  const std::size_t n = y.size();
  f.fitted.assign(n, kNaN);
  for (std::size_t t = as_size(kSeason); t < n; ++t) f.fitted[t] = y[t - as_size(kSeason)];
  for (int h = 1; h <= horizon; ++h) {
    const std::size_t day = n - 1 + as_size(h);
    double v = kNaN;
    for (int k = 1; k <= h / kSeason + 1; ++k) {
      if (const auto t = same_weekday_before(n, day, k)) {
        v = y[*t];
        break;
      }
    }
    f.ahead.push_back(v);
  }
  score(f, y);
  return f;
}

ModelFit mean_of_last_weeks(const std::vector<double>& y, int horizon, int weeks) {
  ModelFit f;
  f.model = Model::mean4;
  const std::size_t n = y.size();
  const auto mean_before = [&](std::size_t day, std::size_t known) {
    double sum = 0;
    int count = 0;
    for (int k = 1; count < weeks && as_size(k * kSeason) <= day; ++k) {
      const std::size_t t = day - as_size(k * kSeason);
      if (t >= known) continue;
      sum += y[t];
      ++count;
    }
    return count > 0 ? sum / count : kNaN;
  };
  f.fitted.resize(n);
  for (std::size_t t = 0; t < n; ++t) f.fitted[t] = mean_before(t, t);
  for (int h = 1; h <= horizon; ++h) f.ahead.push_back(mean_before(n - 1 + as_size(h), n));
  score(f, y);
  return f;
}

ModelFit ses(const std::vector<double>& y, int horizon, double alpha,
             std::optional<double> level0) {
  ModelFit f;
  f.model = Model::ses;
  f.params.alpha = alpha;
  double level = level0 ? *level0 : (y.empty() ? 0.0 : y[0]);
  f.fitted.resize(y.size());
  for (std::size_t t = 0; t < y.size(); ++t) {
    f.fitted[t] = level;
    level += alpha * (y[t] - level);
  }
  f.ahead.assign(as_size(horizon), level);
  score(f, y, 1);
  return f;
}

ModelFit holt_winters(const std::vector<double>& y, int horizon, const ModelParams& params,
                      const HoltWintersState& initial, HoltWintersState* final) {
  ModelFit f;
  f.model = Model::holt_winters;
  f.params = params;
  double level = initial.level;
  double trend = params.trend ? initial.trend : 0.0;
  // s[d mod m] holds the latest seasonal term of weekday class d mod m.
  std::array<double, kSeason> s = initial.season;
  f.fitted.resize(y.size());
  for (std::size_t t = 0; t < y.size(); ++t) {
    double& season = s[t % kSeason];
    const double forecast = level + trend + season;
    f.fitted[t] = forecast;
    const double e = y[t] - forecast;
    level = level + trend + params.alpha * e;
    if (params.trend) trend += params.alpha * params.beta * e;
    season += params.gamma * e;
  }
  const std::size_t n = y.size();
  for (int h = 1; h <= horizon; ++h)
    f.ahead.push_back(level + h * trend + s[(n - 1 + as_size(h)) % kSeason]);
  if (final != nullptr) {
    final->level = level;
    final->trend = trend;
    for (std::size_t j = 0; j < as_size(kSeason); ++j)
      final->season[j] = s[(n + j) % kSeason];  // day n-m+j ≡ n+j (mod m)
  }
  score(f, y);
  return f;
}

HoltWintersState holt_winters_initial_state(const std::vector<double>& y, bool trend) {
  HoltWintersState state;
  const std::size_t n = std::min(y.size(), as_size(4 * kSeason));
  if (n < as_size(kSeason)) {
    const double mean = n == 0 ? 0.0
                               : std::accumulate(y.begin(), y.begin() + static_cast<long>(n), 0.0) /
                                     static_cast<double>(n);
    state.level = mean;
    return state;
  }
  const Eigen::Index rows = static_cast<Eigen::Index>(n);
  const Eigen::Index cols = (trend ? 2 : 1) + (kSeason - 1);
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(rows, cols);
  Eigen::VectorXd v(rows);
  for (Eigen::Index t = 0; t < rows; ++t) {
    x(t, 0) = 1.0;
    if (trend) x(t, 1) = static_cast<double>(t + 1);
    const Eigen::Index first_season = trend ? 2 : 1;
    const Eigen::Index j = t % kSeason;
    if (j < kSeason - 1) {
      x(t, first_season + j) = 1.0;
    } else {
      for (Eigen::Index k = 0; k < kSeason - 1; ++k) x(t, first_season + k) = -1.0;
    }
    v(t) = y[static_cast<std::size_t>(t)];
  }
  const Eigen::VectorXd beta = x.colPivHouseholderQr().solve(v);
  state.level = beta(0);
  state.trend = trend ? beta(1) : 0.0;
  const Eigen::Index first_season = trend ? 2 : 1;
  double sum = 0;
  for (Eigen::Index k = 0; k < kSeason - 1; ++k) {
    state.season[static_cast<std::size_t>(k)] = beta(first_season + k);
    sum += beta(first_season + k);
  }
  state.season[kSeason - 1] = -sum;
  return state;
}

ModelFit croston(const std::vector<double>& y, int horizon, double alpha, bool sba) {
  ModelFit f;
  f.model = Model::croston;
  f.params.alpha = alpha;
  const double correction = sba ? 1.0 - alpha / 2.0 : 1.0;
  f.fitted.assign(y.size(), kNaN);
  bool started = false;
  double z = 0;
  double p = 0;
  std::size_t last = 0;
  for (std::size_t t = 0; t < y.size(); ++t) {
    if (started) f.fitted[t] = correction * z / p;
    if (y[t] <= 0) continue;
    const double q = started ? static_cast<double>(t - last) : static_cast<double>(t + 1);
    if (!started) {
      z = y[t];
      p = q;
      started = true;
    } else {
      z += alpha * (y[t] - z);
      p += alpha * (q - p);
    }
    last = t;
  }
  f.ahead.assign(as_size(horizon), started ? correction * z / p : 0.0);
  score(f, y);
  return f;
}

ModelFit tsb(const std::vector<double>& y, int horizon, double alpha, double beta) {
  ModelFit f;
  f.model = Model::tsb;
  f.params.alpha = alpha;
  f.params.beta = beta;
  f.fitted.assign(y.size(), kNaN);
  bool started = false;
  double z = 0;
  double d = 0;
  for (std::size_t t = 0; t < y.size(); ++t) {
    if (!started) {
      if (y[t] > 0) {
        z = y[t];
        d = 1.0 / static_cast<double>(t + 1);
        started = true;
      }
      continue;
    }
    f.fitted[t] = d * z;
    const bool demand = y[t] > 0;
    d += beta * ((demand ? 1.0 : 0.0) - d);
    if (demand) z += alpha * (y[t] - z);
  }
  f.ahead.assign(as_size(horizon), started ? d * z : 0.0);
  score(f, y);
  return f;
}

ModelFit fit_model(Model model, const std::vector<double>& y, int horizon) {
  switch (model) {
    case Model::seasonal_naive:
      return seasonal_naive(y, horizon);
    case Model::mean4:
      return mean_of_last_weeks(y, horizon);
    case Model::ses: {
      double best_alpha = 0.01;
      double best_sse = std::numeric_limits<double>::infinity();
      for (int a = 1; a <= 99; ++a) {
        const double alpha = a / 100.0;
        double level = y.empty() ? 0.0 : y[0];
        double sse = 0;
        for (std::size_t t = 1; t < y.size(); ++t) {
          level += alpha * (y[t - 1] - level);
          sse += (y[t] - level) * (y[t] - level);
        }
        if (sse < best_sse) {
          best_sse = sse;
          best_alpha = alpha;
        }
      }
      return ses(y, horizon, best_alpha);
    }
    case Model::holt_winters:
      return fit_holt_winters(y, horizon).fit;
    case Model::croston: {
      ModelFit best;
      for (const double a : kSparseGrid) {
        ModelFit f = croston(y, horizon, a);
        if (best.fitted.empty() || f.sse < best.sse) best = std::move(f);
      }
      return best;
    }
    case Model::tsb: {
      ModelFit best;
      for (const double a : kSparseGrid) {
        for (const double b : kSparseGrid) {
          ModelFit f = tsb(y, horizon, a, b);
          if (best.fitted.empty() || f.sse < best.sse) best = std::move(f);
        }
      }
      return best;
    }
    case Model::combination: {
      const GridFit hw = fit_holt_winters(y, horizon);
      return combine(hw.fit, mean_of_last_weeks(y, horizon), y);
    }
    case Model::ets:
      return ets_model(y, horizon);
    case Model::top_down:  // one series is its own total
      return total_model(y, horizon);
  }
  return seasonal_naive(y, horizon);
}

ModelFit fit_then_run(Model model, const std::vector<double>& y, std::size_t train, int horizon) {
  assert(train <= y.size());
  const std::vector<double> head(y.begin(), y.begin() + static_cast<long>(train));
  ModelParams params;
  HoltWintersState init;
  if (model == Model::holt_winters || model == Model::combination) {
    const GridFit hw = fit_holt_winters(head, 1);
    params = hw.fit.params;
    init = hw.initial;
  } else {
    params = fit_model(model, head, 1).params;
  }
  return run_with(model, y, horizon, params, init);
}

Intermittency intermittency(const std::vector<double>& y) {
  Intermittency out;
  if (y.empty()) return out;
  std::size_t nonzero = 0;
  for (const double v : y) nonzero += v > 0 ? 1 : 0;
  out.zero_share = 1.0 - static_cast<double>(nonzero) / static_cast<double>(y.size());
  out.adi = nonzero == 0 ? std::numeric_limits<double>::infinity()
                         : static_cast<double>(y.size()) / static_cast<double>(nonzero);
  return out;
}

bool is_sparse(const std::vector<double>& y) {
  return intermittency(y).adi > 1.32;
}

std::vector<Model> candidate_models(const std::vector<double>& y) {
  // push_back rather than insert(initializer_list): GCC 12 at -O3 reports a false array-bounds
  // error for the latter.
  std::vector<Model> models{Model::seasonal_naive, Model::mean4};
  if (y.size() >= as_size(2 * kSeason)) {
    models.push_back(Model::ses);
    models.push_back(Model::holt_winters);
    models.push_back(Model::combination);
  }
  if (is_sparse(y)) {
    models.push_back(Model::croston);
    models.push_back(Model::tsb);
  }
  return models;
}

Model select_model(const std::vector<double>& y, const std::vector<Model>& candidates, int holdout,
                   Model preferred, double margin) {
  const std::size_t n = y.size();
  if (candidates.empty()) return Model::mean4;
  if (n < as_size(holdout + 2 * kSeason)) {
    return std::find(candidates.begin(), candidates.end(), Model::mean4) != candidates.end()
               ? Model::mean4
               : candidates.front();
  }
  const std::size_t train = n - as_size(holdout);
  Model best = candidates.front();
  double best_mse = std::numeric_limits<double>::infinity();
  double default_mse = std::numeric_limits<double>::infinity();
  for (const Model m : candidates) {
    const ModelFit f = fit_then_run(m, y, train, 1);
    double sse = 0;
    int count = 0;
    for (std::size_t t = train; t < n; ++t) {
      if (std::isnan(f.fitted[t])) continue;
      sse += (y[t] - f.fitted[t]) * (y[t] - f.fitted[t]);
      ++count;
    }
    if (count == 0) continue;
    const double mse = sse / count;
    if (m == preferred) default_mse = mse;
    if (mse < best_mse) {
      best_mse = mse;
      best = m;
    }
  }
  // A short holdout is noisy: the preferred model keeps its place unless beaten by the margin.
  if (best != preferred && std::isfinite(default_mse) && best_mse >= default_mse * (1.0 - margin))
    return preferred;
  return best;
}

std::vector<double> fill_missing(const std::vector<double>& y) {
  std::vector<double> out = y;
  double sum = 0;
  int count = 0;
  for (const double v : y) {
    if (std::isnan(v)) continue;
    sum += v;
    ++count;
  }
  const double mean = count > 0 ? sum / count : 0.0;
  const std::size_t m = as_size(kSeason);
  for (std::size_t t = 0; t < out.size(); ++t) {
    if (!std::isnan(out[t])) continue;
    if (t >= m && !std::isnan(out[t - m])) {
      out[t] = out[t - m];
      continue;
    }
    double later = kNaN;
    for (std::size_t u = t + m; u < y.size(); u += m) {
      if (!std::isnan(y[u])) {
        later = y[u];
        break;
      }
    }
    out[t] = std::isnan(later) ? mean : later;
  }
  return out;
}

}  // namespace kaiten::headoffice
