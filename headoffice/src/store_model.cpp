#include "kaiten/headoffice/store_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "kaiten/headoffice/ets.hpp"

namespace kaiten::headoffice {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// κ, the drift-to-noise ratio per unit of daily volume: log-spaced, gains from ~0.01 for an
/// item of 10 a day at the smallest to ~0.9 for one of 1000 at the largest.
constexpr std::array kShareGrid{1e-5, 2e-5,   4e-5, 7e-5, 1.2e-4, 2e-4,   3.5e-4, 6e-4,
                                1e-3, 1.7e-3, 3e-3, 5e-3, 8e-3,   1.3e-2, 2e-2,   3.5e-2};
constexpr double kMinShareGain = 0.005;   ///< a floor: even a rare item's share follows, slowly
constexpr double kMinShareFactor = 0.05;  ///< keeps a weekday factor positive (it divides)
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

double local_level_gain(double ratio) {
  if (!(ratio > 0)) return 0.0;
  return (-ratio + std::sqrt(ratio * ratio + 4 * ratio)) / 2;
}

std::vector<std::vector<double>> weekday_share_factors(
    const std::vector<std::vector<double>>& items, const std::vector<double>& total) {
  const std::size_t n = total.size();
  std::vector<std::vector<double>> out;
  for (const std::vector<double>& y : items) {
    // Ratio of each day's share to its centred 7-day mean (the drift of tastes divides out).
    std::vector<std::vector<double>> ratios(kSeason);
    for (std::size_t t = 3; t + 3 < n; ++t) {
      double mean = 0;
      bool ok = total[t] > 0;
      for (std::size_t j = t - 3; j <= t + 3; ++j) {
        if (!(total[j] > 0)) ok = false;
        mean += total[j] > 0 ? y[j] / total[j] / kSeason : 0.0;
      }
      if (ok && mean > 0) ratios[t % kSeason].push_back(y[t] / total[t] / mean);
    }
    std::vector<double> f(kSeason, 1.0);
    bool complete = true;
    for (std::size_t d = 0; d < kSeason; ++d) {
      if (ratios[d].empty()) complete = false;
      double sum = 0;
      for (const double x : ratios[d]) sum += x;
      if (!ratios[d].empty()) f[d] = sum / static_cast<double>(ratios[d].size());
    }
    double mean = 0;
    for (const double x : f) mean += x / kSeason;
    if (complete && mean > 0) {
      for (double& x : f) x = std::max(kMinShareFactor, x / mean);
    } else {
      f.assign(kSeason, 1.0);
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<double> shares_on(const SharesFit& fit, std::size_t day) {
  std::vector<double> out;
  double sum = 0;
  for (std::size_t i = 0; i < fit.shares.size(); ++i) {
    out.push_back(fit.shares[i] * fit.factors[i][day % kSeason]);
    sum += out.back();
  }
  if (sum > 0)
    for (double& p : out) p /= sum;
  return out;
}

double censored_dispersion(const std::vector<double>& e, const std::vector<double>& m,
                           const std::vector<std::uint8_t>& censored) {
  double plain = 0;
  int observed = 0;
  for (std::size_t t = 0; t < e.size(); ++t) {
    if (!(m[t] > 0)) continue;
    if (censored[t] == 0) {
      plain += e[t] * e[t] / m[t];
      ++observed;
    }
  }
  const bool any_censored =
      std::any_of(censored.begin(), censored.end(), [](auto c) { return c != 0; });
  if (observed == 0) return any_censored ? kNaN : 0.0;
  plain /= observed;
  if (!any_censored) return plain;
  // log L(d) = Σ_obs [-½ log d - e² / (2 d m)] + Σ_cens log Q(e / √(d m)), Q the normal's upper
  // tail; unimodal in log d (concave in 1/√d, Olsen 1978): golden-section search on log d.
  const auto log_upper = [](double z) {
    if (z < 30) return std::log(0.5 * std::erfc(z / std::sqrt(2.0)));
    return -0.5 * z * z - std::log(z * std::sqrt(2 * std::acos(-1.0)));  // Mills ratio asymptote
  };
  const auto log_l = [&](double log_d) {
    const double d = std::exp(log_d);
    double sum = 0;
    for (std::size_t t = 0; t < e.size(); ++t) {
      if (!(m[t] > 0)) continue;
      if (censored[t] == 0) {
        sum += -0.5 * log_d - e[t] * e[t] / (2 * d * m[t]);
      } else {
        sum += log_upper(e[t] / std::sqrt(d * m[t]));
      }
    }
    return sum;
  };
  const double floor = std::max(plain, 1e-9);
  double a = std::log(floor) - std::log(1e3);
  double b = std::log(floor) + std::log(1e3);
  const double r = (std::sqrt(5.0) - 1) / 2;
  double x1 = b - r * (b - a);
  double x2 = a + r * (b - a);
  double f1 = log_l(x1);
  double f2 = log_l(x2);
  for (int it = 0; it < 80; ++it) {
    if (f1 < f2) {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + r * (b - a);
      f2 = log_l(x2);
    } else {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - r * (b - a);
      f1 = log_l(x1);
    }
  }
  return std::exp(0.5 * (a + b));
}

SharesFit fit_shares(const std::vector<std::vector<double>>& items,
                     const std::vector<double>& total, int residual_days,
                     const std::vector<std::vector<std::uint8_t>>& sold_out,
                     const std::vector<std::vector<double>>& sold, std::size_t leaders) {
  SharesFit out;
  const std::size_t n = total.size();
  const std::size_t k = items.size();
  out.factors = weekday_share_factors(items, total);
  // The items and total with the weekday pattern of the shares divided out.
  std::vector<std::vector<double>> level(k, std::vector<double>(n, 0.0));
  std::vector<double> level_total(n, 0.0);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t t = 0; t < n; ++t) {
      level[i][t] = items[i][t] / out.factors[i][t % kSeason];
      level_total[t] += level[i][t];
    }
  // Each item's scale: its in-sample seasonal-naive mean square error; its volume: its mean
  // daily count.
  std::vector<double> scale(k, 1.0);
  std::vector<double> volume(k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    double sum = 0;
    int count = 0;
    for (std::size_t t = kSeason; t < n; ++t) {
      const double d = items[i][t] - items[i][t - kSeason];
      sum += d * d;
      ++count;
    }
    if (count > 0 && sum > 0) scale[i] = sum / count;
    for (const double y : items[i]) volume[i] += y;
    if (n > 0) volume[i] /= static_cast<double>(n);
  }
  // The leading items: by mean daily count, descending (ties by index, deterministic).
  std::vector<std::size_t> by_volume(k);
  for (std::size_t i = 0; i < k; ++i) by_volume[i] = i;
  std::stable_sort(by_volume.begin(), by_volume.end(),
                   [&](std::size_t x, std::size_t y) { return volume[x] > volume[y]; });
  // One-step shares p_i[t|t-1] for a drift-to-noise ratio κ and the `lead` biggest items as
  // their own group: each item's deseasonalised share of its group by its own gain, times the
  // group's share of the total (by the group's gain), times the item's weekday factor,
  // renormalised to sum 1 on each day. With no leaders, one group: the share of the total.
  const std::size_t lead = std::min(leaders, k);
  const auto paths = [&](double kappa, std::vector<double>* gains, std::vector<double>* last) {
    std::vector<std::size_t> group(k, 0);
    for (std::size_t r = 0; r < lead; ++r) group[by_volume[r]] = 1;
    const std::size_t groups = lead > 0 && lead < k ? 2 : 1;
    if (groups == 1) group.assign(k, 0);
    std::vector<std::vector<double>> group_level(groups, std::vector<double>(n, 0.0));
    std::vector<double> group_volume(groups, 0.0);
    for (std::size_t i = 0; i < k; ++i) {
      group_volume[group[i]] += volume[i];
      for (std::size_t t = 0; t < n; ++t) group_level[group[i]][t] += level[i][t];
    }
    std::vector<std::vector<double>> group_path(groups);
    std::vector<double> group_end(groups, 1.0);
    for (std::size_t g = 0; g < groups; ++g) {
      if (groups == 1) {
        group_path[g].assign(n, 1.0);
        continue;
      }
      const double a = std::clamp(local_level_gain(kappa * group_volume[g]), kMinShareGain, 1.0);
      group_path[g] = share_path(group_level[g], level_total, a, &group_end[g]);
    }
    std::vector<std::vector<double>> p(k);
    std::vector<double> end(k, 0.0);
    for (std::size_t i = 0; i < k; ++i) {
      const double a = std::clamp(local_level_gain(kappa * volume[i]), kMinShareGain, 1.0);
      if (gains != nullptr) gains->push_back(a);
      const std::size_t g = group[i];
      double within_end = 0;
      p[i] = share_path(level[i], group_level[g], a, &within_end);
      for (std::size_t t = 0; t < n; ++t) p[i][t] *= group_path[g][t];
      end[i] = within_end * group_end[g];
    }
    for (std::size_t t = 0; t < n; ++t) {
      double sum = 0;
      for (std::size_t i = 0; i < k; ++i) {
        if (std::isnan(p[i][t])) continue;
        p[i][t] *= out.factors[i][t % kSeason];
        sum += p[i][t];
      }
      if (sum > 0)
        for (std::size_t i = 0; i < k; ++i) p[i][t] /= sum;
    }
    double sum = 0;
    for (const double e : end) sum += e;
    if (sum > 0)
      for (double& e : end) e /= sum;
    if (last != nullptr) *last = end;
    return p;
  };
  double best = std::numeric_limits<double>::infinity();
  for (const double kappa : kShareGrid) {
    const std::vector<std::vector<double>> p = paths(kappa, nullptr, nullptr);
    double loss = 0;
    for (std::size_t i = 0; i < k; ++i) {
      double sse = 0;
      for (std::size_t t = kShareBurnIn; t < n; ++t) {
        const double e = items[i][t] - p[i][t] * total[t];
        sse += e * e;
      }
      loss += sse / scale[i];
    }
    if (loss < best) {
      best = loss;
      out.kappa = kappa;
    }
  }
  out.leaders = lead;
  out.ahead = paths(out.kappa, &out.gains, &out.shares);
  const std::size_t from = n > static_cast<std::size_t>(residual_days)
                               ? n - static_cast<std::size_t>(residual_days)
                               : std::min(n, kShareBurnIn);
  for (std::size_t i = 0; i < k; ++i) {
    double sum = 0;
    double expected = 0;
    int count = 0;
    for (std::size_t t = std::max<std::size_t>(from, 1); t < n; ++t) {
      const double e = items[i][t] - out.ahead[i][t] * total[t];
      sum += e * e;
      expected += out.ahead[i][t] * total[t];
      ++count;
    }
    out.noise_variance.push_back(count > 0 ? sum / count : 0.0);
    // The weekday factors were fitted to the same days: divide by n - 7 rather than n (as an
    // unbiased residual variance does for 7 fitted parameters).
    const double dof =
        n > 2 * kSeason ? static_cast<double>(n) / static_cast<double>(n - kSeason) : 1.0;
    // Sold-out days: the demand was at least what was sold; the noise by the censored
    // likelihood over the same likelihood taking the uncensored estimates as observed.
    double factor = 1.0;
    if (sold_out.size() == k && sold.size() == k && sold_out[i].size() == n &&
        sold[i].size() == n) {
      std::vector<double> e_obs;
      std::vector<double> e_cens;
      std::vector<double> m;
      std::vector<std::uint8_t> flags;
      for (std::size_t t = std::max<std::size_t>(from, 1); t < n; ++t) {
        const double mean = out.ahead[i][t] * total[t];
        e_obs.push_back(items[i][t] - mean);
        e_cens.push_back(sold_out[i][t] != 0 ? sold[i][t] - mean : items[i][t] - mean);
        m.push_back(mean);
        flags.push_back(sold_out[i][t]);
      }
      const double censored = censored_dispersion(e_cens, m, flags);
      const double observed = censored_dispersion(e_obs, m, std::vector<std::uint8_t>(m.size(), 0));
      if (std::isfinite(censored) && observed > 0) factor = std::max(1.0, censored / observed);
    }
    out.censoring_factor.push_back(factor);
    out.dispersion.push_back(expected > 0 ? factor * dof * sum / expected : 0.0);
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
  // The total to forecast: the store's sales when given (a sold-out item's customers mostly
  // take another: the uncensored items overstate the day), else the items' sum.
  const std::vector<double>& store_total = options.total.size() == n ? options.total : total;
  out.total =
      total_model(store_total, horizon, options.peer_deviations, &out.ar, &out.total_deviations);
  if (&store_total != &total) {
    // The sold total is censored: on a busy day more items sell out and not every customer
    // finds another plate, so its day-to-day swings understate the demand's. The uncensored
    // items' sum restores the busy days (and overstates their level, so it does not give the
    // mean): the total's spread is widened to that sum's shock variance when larger.
    // Over the recent days only, as the item noise: a history's first weeks may sell out far
    // more often (before forecasts ordered the stock), inflating the uncensored sum's swings.
    const ProfileFit sold = weekly_profile_ar1(store_total, horizon, options.peer_deviations);
    const ProfileFit demand = weekly_profile_ar1(total, horizon, options.peer_deviations);
    const auto recent_shock_variance = [&](const ProfileFit& f) {
      const std::size_t from = n > static_cast<std::size_t>(options.residual_days)
                                   ? n - static_cast<std::size_t>(options.residual_days)
                                   : 1;
      double sum = 0;
      int used = 0;
      for (std::size_t t = std::max<std::size_t>(from, 1); t < n; ++t) {
        if (std::isnan(f.deviations[t]) || std::isnan(f.deviations[t - 1])) continue;
        const double eta = f.deviations[t] - f.ar * f.deviations[t - 1];
        sum += eta * eta;
        ++used;
      }
      return used > 1 ? sum / used : 0.0;
    };
    if (sold.ok && demand.ok) {
      const double s = recent_shock_variance(sold);
      const double d = recent_shock_variance(demand);
      if (s > 0 && d > s) {
        out.censoring_widening = d / s;
        for (double& v : out.total.ahead_variance) v *= out.censoring_widening;
      }
    }
  }
  out.shares = fit_shares(items, total, options.residual_days, options.sold_out, options.sold,
                          options.share_leaders);
  std::vector<std::vector<double>> ahead_shares;  // [h][item]
  for (std::size_t h = 1; h <= out.total.ahead.size(); ++h)
    ahead_shares.push_back(shares_on(out.shares, n - 1 + h));
  for (std::size_t i = 0; i < items.size(); ++i) {
    ModelFit f;
    f.model = Model::top_down;
    f.detail = out.total.detail;
    f.params = out.total.params;
    f.fitted.assign(n, kNaN);
    for (std::size_t t = 0; t < n; ++t) f.fitted[t] = out.shares.ahead[i][t] * out.total.fitted[t];
    for (std::size_t h = 0; h < out.total.ahead.size(); ++h) {
      const double p = ahead_shares[h][i];
      f.ahead.push_back(p * out.total.ahead[h]);
      // The item's own noise grows with its expected count (count data): v_i per plate × plates.
      const double noise = out.shares.dispersion[i] * p * out.total.ahead[h];
      f.ahead_variance.push_back(p * p * out.total.ahead_variance[h] + noise);
    }
    if (!out.total.ahead_variance.empty())
      f.common_sd =
          ahead_shares.back()[i] * std::sqrt(std::max(0.0, out.total.ahead_variance.back()));
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
