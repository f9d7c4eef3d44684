#include "kaiten/headoffice/store_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "kaiten/headoffice/ets.hpp"

namespace kaiten::headoffice {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::array kShareGrid{0.02, 0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4, 0.5};
constexpr std::size_t kShareBurnIn = 14;  ///< days before share errors count

/// Divides a series by its root mean square (NaN skipped); empty if it has none.
std::vector<double> standardise(const std::vector<double>& v) {
  double sum = 0;
  int count = 0;
  for (const double x : v) {
    if (std::isnan(x)) continue;
    sum += x * x;
    ++count;
  }
  if (count == 0 || sum <= 0) return {};
  const double rms = std::sqrt(sum / count);
  std::vector<double> out;
  out.reserve(v.size());
  for (const double x : v) out.push_back(x / rms);
  return out;
}

/// One-step share forecasts p[t|t-1] for smoothing a (NaN at t = 0).
std::vector<double> share_path(const std::vector<double>& y, const std::vector<double>& total,
                               double a, double* last) {
  std::vector<double> out(y.size(), kNaN);
  double num = 0;
  double den = 0;
  for (std::size_t t = 0; t < y.size(); ++t) {
    if (den > 0) out[t] = num / den;
    num = (1 - a) * num + y[t];
    den = (1 - a) * den + total[t];
  }
  if (last != nullptr) *last = den > 0 ? num / den : 0.0;
  return out;
}

}  // namespace

double pooled_ar1(const std::vector<std::vector<double>>& innovations) {
  double cross = 0;
  double lagged = 0;
  int pairs = 0;
  for (const std::vector<double>& series : innovations) {
    const std::vector<double> z = standardise(series);
    for (std::size_t t = 1; t < z.size(); ++t) {
      if (std::isnan(z[t]) || std::isnan(z[t - 1])) continue;
      cross += z[t] * z[t - 1];
      lagged += z[t - 1] * z[t - 1];
      ++pairs;
    }
  }
  if (pairs < 14 || lagged <= 0) return 0.0;
  return std::clamp(cross / lagged, -0.9, 0.9);
}

ProfileFit weekly_profile_ar1(const std::vector<double>& total, int horizon,
                              const std::vector<std::vector<double>>& peer_deviations) {
  ProfileFit out;
  const std::size_t n = total.size();
  out.fitted.assign(n, kNaN);
  std::vector<double> log_mean(kSeason, 0.0);
  std::vector<int> count(kSeason, 0);
  for (std::size_t t = 0; t < n; ++t) {
    if (!(total[t] > 0)) continue;
    log_mean[t % kSeason] += std::log(total[t]);
    ++count[t % kSeason];
  }
  for (std::size_t w = 0; w < kSeason; ++w) {
    if (count[w] == 0) return out;  // a weekday never seen: no profile
    log_mean[w] /= count[w];
  }
  out.deviations.assign(n, kNaN);
  for (std::size_t t = 0; t < n; ++t)
    if (total[t] > 0) out.deviations[t] = std::log(total[t]) - log_mean[t % kSeason];
  std::vector<std::vector<double>> pool = peer_deviations;
  pool.push_back(out.deviations);
  out.ar = pooled_ar1(pool);
  double sum = 0;
  int used = 0;
  for (std::size_t t = 1; t < n; ++t) {
    if (std::isnan(out.deviations[t]) || std::isnan(out.deviations[t - 1])) continue;
    const double eta = out.deviations[t] - out.ar * out.deviations[t - 1];
    sum += eta * eta;
    ++used;
  }
  if (used < 2) return out;
  out.shock_variance = sum / (used - 1);
  const double half = out.shock_variance / 2;
  for (std::size_t t = 1; t < n; ++t) {
    const double prev = std::isnan(out.deviations[t - 1]) ? 0.0 : out.deviations[t - 1];
    out.fitted[t] = std::exp(log_mean[t % kSeason] + out.ar * prev + half);
  }
  const double last = std::isnan(out.deviations[n - 1]) ? 0.0 : out.deviations[n - 1];
  double carried = last;
  double log_var = 0;
  double power2 = 1;
  for (int h = 1; h <= horizon; ++h) {
    carried *= out.ar;
    log_var += out.shock_variance * power2;  // σ² (1 + φ² + .. + φ^(2(h-1)))
    power2 *= out.ar * out.ar;
    const double mean =
        std::exp(log_mean[(n - 1 + static_cast<std::size_t>(h)) % kSeason] + carried + log_var / 2);
    out.ahead.push_back(mean);
    out.ahead_variance.push_back(mean * mean * (std::exp(log_var) - 1));
  }
  out.ok = true;
  return out;
}

ModelFit total_model(const std::vector<double>& total, int horizon,
                     const std::vector<std::vector<double>>& peer_deviations, double* ar,
                     std::vector<double>* deviations) {
  const EtsFit e = fit_ets_auto(total);
  const ProfileFit profile = weekly_profile_ar1(total, horizon, peer_deviations);
  ModelFit f;
  f.model = Model::top_down;
  f.detail = to_string(e.spec) + (profile.ok ? " + weekly profile AR(1)" : "");
  f.params.alpha = e.params.alpha;
  f.params.beta = profile.ar;  // reported as the shock's AR coefficient
  f.params.gamma = e.params.gamma;
  const std::size_t n = total.size();
  const std::vector<double> mean = ets_forecast(e, horizon);
  const std::vector<double> var = ets_forecast_variance(e, horizon);
  f.fitted = e.fitted;
  for (int h = 1; h <= horizon; ++h) {
    const auto k = static_cast<std::size_t>(h - 1);
    f.ahead.push_back(mean[k]);
    f.ahead_variance.push_back(var[k]);
  }
  if (profile.ok) {
    // The mean of the two; its spread as if their errors moved together (a little wide).
    for (std::size_t t = 0; t < n; ++t)
      if (!std::isnan(profile.fitted[t]) && !std::isnan(f.fitted[t]))
        f.fitted[t] = 0.5 * (f.fitted[t] + profile.fitted[t]);
    for (std::size_t k = 0; k < f.ahead.size(); ++k) {
      f.ahead[k] = 0.5 * (f.ahead[k] + profile.ahead[k]);
      const double sd = 0.5 * (std::sqrt(std::max(0.0, f.ahead_variance[k])) +
                               std::sqrt(std::max(0.0, profile.ahead_variance[k])));
      f.ahead_variance[k] = sd * sd;
    }
  }
  for (std::size_t t = 0; t < n; ++t) {
    if (std::isnan(f.fitted[t])) continue;
    const double err = total[t] - f.fitted[t];
    f.sse += err * err;
    ++f.sse_count;
  }
  if (ar != nullptr) *ar = profile.ar;
  if (deviations != nullptr) *deviations = profile.deviations;
  return f;
}

SharesFit fit_shares(const std::vector<std::vector<double>>& items,
                     const std::vector<double>& total, int residual_days) {
  SharesFit out;
  const std::size_t n = total.size();
  // Each item's scale: its in-sample seasonal-naive mean square error.
  std::vector<double> scale(items.size(), 1.0);
  for (std::size_t i = 0; i < items.size(); ++i) {
    double sum = 0;
    int count = 0;
    for (std::size_t t = kSeason; t < n; ++t) {
      const double d = items[i][t] - items[i][t - kSeason];
      sum += d * d;
      ++count;
    }
    if (count > 0 && sum > 0) scale[i] = sum / count;
  }
  double best = std::numeric_limits<double>::infinity();
  for (const double a : kShareGrid) {
    double loss = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::vector<double> p = share_path(items[i], total, a, nullptr);
      double sse = 0;
      for (std::size_t t = kShareBurnIn; t < n; ++t) {
        const double e = items[i][t] - p[t] * total[t];
        sse += e * e;
      }
      loss += sse / scale[i];
    }
    if (loss < best) {
      best = loss;
      out.alpha = a;
    }
  }
  const std::size_t from = n > static_cast<std::size_t>(residual_days)
                               ? n - static_cast<std::size_t>(residual_days)
                               : std::min(n, kShareBurnIn);
  for (const std::vector<double>& y : items) {
    double last = 0;
    out.ahead.push_back(share_path(y, total, out.alpha, &last));
    out.shares.push_back(last);
    double sum = 0;
    int count = 0;
    for (std::size_t t = std::max<std::size_t>(from, 1); t < n; ++t) {
      const double e = y[t] - out.ahead.back()[t] * total[t];
      sum += e * e;
      ++count;
    }
    out.noise_variance.push_back(count > 0 ? sum / count : 0.0);
  }
  return out;
}

TopDownFit top_down(const std::vector<std::vector<double>>& items, int horizon,
                    const TopDownOptions& options) {
  TopDownFit out;
  const std::size_t n = items.empty() ? 0 : items.front().size();
  std::vector<double> total(n, 0.0);
  for (const std::vector<double>& y : items)
    for (std::size_t t = 0; t < n; ++t) total[t] += y[t];
  out.total = total_model(total, horizon, options.peer_deviations, &out.ar, &out.total_deviations);
  out.shares = fit_shares(items, total, options.residual_days);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const double p = out.shares.shares[i];
    ModelFit f;
    f.model = Model::top_down;
    f.detail = out.total.detail;
    f.params = out.total.params;
    f.fitted.assign(n, kNaN);
    for (std::size_t t = 0; t < n; ++t) f.fitted[t] = out.shares.ahead[i][t] * out.total.fitted[t];
    for (std::size_t h = 0; h < out.total.ahead.size(); ++h) {
      f.ahead.push_back(p * out.total.ahead[h]);
      f.ahead_variance.push_back(p * p * out.total.ahead_variance[h] +
                                 out.shares.noise_variance[i]);
    }
    if (!out.total.ahead_variance.empty())
      f.common_sd = p * std::sqrt(std::max(0.0, out.total.ahead_variance.back()));
    for (std::size_t t = 0; t < n; ++t) {
      if (std::isnan(f.fitted[t])) continue;
      const double e = items[i][t] - f.fitted[t];
      f.sse += e * e;
      ++f.sse_count;
    }
    out.items.push_back(std::move(f));
  }
  return out;
}

}  // namespace kaiten::headoffice
