#include "kaiten/headoffice/ets.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>
#include <nlopt.hpp>
#include <numbers>
#include <numeric>
#include <random>

#include "kaiten/core/rng.hpp"

namespace kaiten::headoffice {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
/// What the optimiser sees for a failed run: large but finite, so BOBYQA's quadratic models stay
/// usable.
constexpr double kPenalty = 1e12;
constexpr int kMaxPeriod = 64;

bool has_trend(const EtsSpec& s) {
  return s.trend != EtsTrend::none;
}
bool has_season(const EtsSpec& s) {
  return s.season != EtsSeason::none;
}
bool is_multiplicative(const EtsSpec& s) {
  return s.error == EtsError::multiplicative || s.season == EtsSeason::multiplicative;
}

struct Sums {
  double squares = 0.0;
  double log_mu = 0.0;
  bool ok = true;
};

/// The recursion of the header, one instantiation per trend, season and error type. `s` is a
/// circular buffer: s[t mod period] holds the seasonal term of day t - period while day t is
/// processed. With Keep, writes the one-step forecasts and innovations.
template <EtsTrend Trend, EtsSeason Season, bool MultError, bool Keep>
Sums recurse(const double* y, std::size_t n, int period, const EtsParams& p, double& level,
             double& trend, double& dev, double* s, double* fitted, double* innovations) {
  Sums out;
  double l = level;
  double b = Trend == EtsTrend::none ? 0.0 : trend;
  const double phi = Trend == EtsTrend::damped ? p.phi : 1.0;
  int j = 0;
  for (std::size_t t = 0; t < n; ++t) {
    const double damped = Trend == EtsTrend::none ? 0.0 : phi * b;
    const double total = l + damped;
    double base = total;
    if constexpr (Season == EtsSeason::additive) base = total + s[j];
    if constexpr (Season == EtsSeason::multiplicative) base = total * s[j];
    if constexpr (MultError || Season == EtsSeason::multiplicative) {
      if (!(base > 0.0) || !(total > 0.0)) {
        out.ok = false;
        return out;
      }
    }
    // With AR(1) errors the forecast carries on yesterday's deviation.
    const double mu = MultError ? base * (1.0 + p.ar * dev) : base + p.ar * dev;
    const double e = y[t] - mu;
    const double eps = MultError ? e / base : e;
    dev = p.ar * dev + eps;
    out.squares += eps * eps;
    if constexpr (MultError) out.log_mu += std::log(base);
    if constexpr (Keep) {
      fitted[t] = mu;
      innovations[t] = eps;
    }
    if constexpr (Season == EtsSeason::multiplicative) {
      const double es = e / s[j];
      l = total + p.alpha * es;
      if constexpr (Trend != EtsTrend::none) b = damped + p.beta * es;
      s[j] += p.gamma * e / total;
    } else {
      l = total + p.alpha * e;
      if constexpr (Trend != EtsTrend::none) b = damped + p.beta * e;
      if constexpr (Season == EtsSeason::additive) s[j] += p.gamma * e;
    }
    if (++j == period) j = 0;
  }
  if (!std::isfinite(out.squares) || !std::isfinite(l) || !std::isfinite(b)) out.ok = false;
  level = l;
  trend = b;
  return out;
}

template <EtsTrend Trend, EtsSeason Season, bool Keep>
Sums recurse_error(bool mult, const double* y, std::size_t n, int period, const EtsParams& p,
                   double& level, double& trend, double& dev, double* s, double* fitted,
                   double* innovations) {
  return mult ? recurse<Trend, Season, true, Keep>(y, n, period, p, level, trend, dev, s, fitted,
                                                   innovations)
              : recurse<Trend, Season, false, Keep>(y, n, period, p, level, trend, dev, s, fitted,
                                                    innovations);
}

template <EtsTrend Trend, bool Keep>
Sums recurse_season(const EtsSpec& spec, const double* y, std::size_t n, int period,
                    const EtsParams& p, double& level, double& trend, double& dev, double* s,
                    double* fitted, double* innovations) {
  const bool mult = spec.error == EtsError::multiplicative;
  switch (spec.season) {
    case EtsSeason::none:
      return recurse_error<Trend, EtsSeason::none, Keep>(mult, y, n, period, p, level, trend, dev,
                                                         s, fitted, innovations);
    case EtsSeason::additive:
      return recurse_error<Trend, EtsSeason::additive, Keep>(mult, y, n, period, p, level, trend,
                                                             dev, s, fitted, innovations);
    case EtsSeason::multiplicative:
      return recurse_error<Trend, EtsSeason::multiplicative, Keep>(
          mult, y, n, period, p, level, trend, dev, s, fitted, innovations);
  }
  return {};
}

template <bool Keep>
Sums recurse_spec(const EtsSpec& spec, const double* y, std::size_t n, int period,
                  const EtsParams& p, double& level, double& trend, double& dev, double* s,
                  double* fitted, double* innovations) {
  switch (spec.trend) {
    case EtsTrend::none:
      return recurse_season<EtsTrend::none, Keep>(spec, y, n, period, p, level, trend, dev, s,
                                                  fitted, innovations);
    case EtsTrend::additive:
      return recurse_season<EtsTrend::additive, Keep>(spec, y, n, period, p, level, trend, dev, s,
                                                      fitted, innovations);
    case EtsTrend::damped:
      return recurse_season<EtsTrend::damped, Keep>(spec, y, n, period, p, level, trend, dev, s,
                                                    fitted, innovations);
  }
  return {};
}

/// The seasonal terms of `state` in the circular layout of `recurse` (day t - period at t mod
/// period, for t = 0); a non-seasonal model gets one unused slot.
std::vector<double> circular_season(const EtsState& state, int period, bool seasonal) {
  if (!seasonal) return std::vector<double>(1, 0.0);
  std::vector<double> s(static_cast<std::size_t>(period), 0.0);
  for (std::size_t k = 0; k < s.size() && k < state.season.size(); ++k) s[k] = state.season[k];
  return s;
}

double neg2_loglik(const Sums& sums, std::size_t n, EtsError error) {
  if (!sums.ok || n == 0 || !(sums.squares > 0.0)) return kInf;
  const double nn = static_cast<double>(n);
  double v = nn * std::log(2.0 * std::numbers::pi * std::numbers::e * sums.squares / nn);
  if (error == EtsError::multiplicative) v += 2.0 * sums.log_mu;
  return v;
}

/// Starting values (in the spirit of Hyndman et al. 2008 §2.6.1): the seasonal terms from a
/// classical decomposition of the whole series (the mean by day of the period of y minus, or
/// over, its centred moving average of one period), then ℓ0 and b0 by least squares on the
/// first seasonally adjusted days (at least 10, 2 periods when seasonal): y[t] = ℓ0 + (t + 1) b0.
EtsState heuristic_state(const std::vector<double>& y, const EtsSpec& spec, int period) {
  EtsState state;
  const bool seasonal = has_season(spec);
  const bool mult = spec.season == EtsSeason::multiplicative;
  const std::size_t n = y.size();
  const auto m = static_cast<std::size_t>(period);
  std::vector<double> adjusted = y;
  if (seasonal) {
    state.season.assign(m, mult ? 1.0 : 0.0);
    if (n >= 2 * m) {
      // Centred moving average of one period (2 × m for an even period).
      std::vector<double> sum(m, 0.0);
      std::vector<int> count(m, 0);
      const std::size_t half = m / 2;
      for (std::size_t t = half; t + half < n; ++t) {
        double ma = 0;
        if (m % 2 == 1) {
          for (std::size_t k = t - half; k <= t + half; ++k) ma += y[k];
          ma /= static_cast<double>(m);
        } else {
          if (t + half >= n) break;
          for (std::size_t k = t - half; k <= t + half; ++k)
            ma += (k == t - half || k == t + half ? 0.5 : 1.0) * y[k];
          ma /= static_cast<double>(m);
        }
        if (mult && !(ma > 0)) continue;
        sum[t % m] += mult ? y[t] / ma : y[t] - ma;
        ++count[t % m];
      }
      double total = 0;
      for (std::size_t j = 0; j < m; ++j) {
        state.season[j] = count[j] > 0 ? sum[j] / count[j] : (mult ? 1.0 : 0.0);
        total += state.season[j];
      }
      for (double& v : state.season) {
        if (mult) {
          v = std::max(0.05, v * static_cast<double>(m) / total);
        } else {
          v -= total / static_cast<double>(m);
        }
      }
      for (std::size_t t = 0; t < n; ++t)
        adjusted[t] = mult ? y[t] / state.season[t % m] : y[t] - state.season[t % m];
    }
  }
  const bool trend = has_trend(spec);
  const std::size_t rows = std::min(n, seasonal ? std::max<std::size_t>(10, 2 * m) : 10);
  if (rows == 0) return state;
  if (!trend || rows < 3) {
    state.level =
        std::accumulate(adjusted.begin(), adjusted.begin() + static_cast<long>(rows), 0.0) /
        static_cast<double>(rows);
  } else {
    // Least squares line through (t + 1, adjusted[t]).
    double st = 0;
    double sy = 0;
    double stt = 0;
    double sty = 0;
    for (std::size_t t = 0; t < rows; ++t) {
      const double x = static_cast<double>(t + 1);
      st += x;
      sy += adjusted[t];
      stt += x * x;
      sty += x * adjusted[t];
    }
    const double r = static_cast<double>(rows);
    state.trend = (r * sty - st * sy) / (r * stt - st * st);
    state.level = (sy - state.trend * st) / r;
  }
  if (spec.season == EtsSeason::multiplicative || spec.error == EtsError::multiplicative)
    state.level = std::max(state.level, 1e-3);
  return state;
}

/// The optimiser's vector: α, β* (β = β* α), γ* (γ = γ* (1 - α)), φ; then offsets of ℓ0, b0 and
/// the first period-1 seasonal terms from their starting values, in units of `scale` (the last
/// seasonal term keeps the sum).
struct Layout {
  EtsSpec spec;
  int period = 7;
  EtsState start;
  double scale = 1.0;      ///< of level, trend (÷ period) and additive seasonal offsets
  std::size_t states = 0;  ///< index of the first state offset
  std::size_t size = 0;

  Layout(const EtsSpec& s, int m, EtsState st, double sc)
      : spec(s), period(m), start(std::move(st)), scale(sc) {
    states = 1 + (has_trend(spec) ? 1 : 0) + (has_season(spec) ? 1 : 0) +
             (spec.trend == EtsTrend::damped ? 1 : 0) + (spec.ar1 ? 1 : 0);
    size = states + 1 + (has_trend(spec) ? 1 : 0) +
           (has_season(spec) ? static_cast<std::size_t>(period - 1) : 0);
  }

  void decode(const double* x, EtsParams& p, EtsState& st) const {
    std::size_t k = 0;
    p.alpha = x[k++];
    p.beta = has_trend(spec) ? x[k++] * p.alpha : 0.0;
    p.gamma = has_season(spec) ? x[k++] * (1.0 - p.alpha) : 0.0;
    p.phi = spec.trend == EtsTrend::damped ? x[k++] : 1.0;
    p.ar = spec.ar1 ? x[k++] : 0.0;
    st.level = start.level + scale * x[k++];
    st.trend = has_trend(spec) ? start.trend + scale / period * x[k++] : 0.0;
    st.season.clear();
    if (has_season(spec)) {
      const bool mult = spec.season == EtsSeason::multiplicative;
      st.season.resize(static_cast<std::size_t>(period));
      double sum = 0;
      for (std::size_t j = 0; j + 1 < st.season.size(); ++j) {
        st.season[j] = start.season[j] + (mult ? 1.0 : scale) * x[k++];
        sum += st.season[j];
      }
      st.season.back() = (mult ? static_cast<double>(period) : 0.0) - sum;
    }
  }
};

struct Objective {
  const std::vector<double>* y = nullptr;
  const Layout* layout = nullptr;
  std::vector<double> season;  // scratch
  int evaluations = 0;
  double best = kInf;
  std::vector<double> best_x;

  double operator()(const std::vector<double>& x) {
    ++evaluations;
    EtsParams p;
    EtsState st;
    layout->decode(x.data(), p, st);
    season = circular_season(st, layout->period, has_season(layout->spec));
    if (layout->spec.season == EtsSeason::multiplicative &&
        std::any_of(season.begin(), season.end(), [](double s) { return !(s > 0.0); }))
      return kPenalty;
    double level = st.level;
    double trend = st.trend;
    double dev = 0.0;
    const Sums sums = recurse_spec<false>(layout->spec, y->data(), y->size(), layout->period, p,
                                          level, trend, dev, season.data(), nullptr, nullptr);
    const double v = neg2_loglik(sums, y->size(), layout->spec.error);
    if (!std::isfinite(v)) return kPenalty;
    if (v < best) {
      best = v;
      best_x = x;
    }
    return v;
  }
};

double nlopt_objective(unsigned n, const double* x, double* grad, void* data) {
  (void)grad;  // derivative-free
  auto* obj = static_cast<Objective*>(data);
  return (*obj)(std::vector<double>(x, x + n));
}

/// One Gauss-Newton step on the initial states (the optimiser coordinates from layout.states
/// on), the smoothing parameters held: the innovations are affine in the initial states for
/// every model without a multiplicative season (so the step solves the additive-error case
/// exactly), and nearly so otherwise; the step is halved until -2 log L improves. The Jacobian
/// is by forward differences. Returns whether the states moved.
bool refine_states(const std::vector<double>& y, const Layout& layout,
                   const std::vector<double>& lower, const std::vector<double>& upper,
                   std::vector<double>& x, Objective& objective) {
  const std::size_t n = y.size();
  const std::size_t first = layout.states;
  const auto p = static_cast<Eigen::Index>(layout.size - first);
  if (p <= 0) return false;
  const auto innovations = [&](const std::vector<double>& at, std::vector<double>& out) {
    EtsParams params;
    EtsState state;
    layout.decode(at.data(), params, state);
    const EtsRun run = ets_run(y, layout.spec, params, state);
    if (!run.ok) return false;
    out = run.innovations;
    return true;
  };
  std::vector<double> base;
  if (!innovations(x, base)) return false;
  Eigen::MatrixXd jacobian(static_cast<Eigen::Index>(n), p);
  std::vector<double> moved;
  constexpr double kDelta = 1e-4;
  for (Eigen::Index k = 0; k < p; ++k) {
    std::vector<double> at = x;
    at[first + static_cast<std::size_t>(k)] += kDelta;
    if (!innovations(at, moved)) return false;
    for (std::size_t t = 0; t < n; ++t)
      jacobian(static_cast<Eigen::Index>(t), k) = (moved[t] - base[t]) / kDelta;
  }
  const Eigen::Map<const Eigen::VectorXd> r(base.data(), static_cast<Eigen::Index>(n));
  Eigen::MatrixXd normal = jacobian.transpose() * jacobian;
  normal.diagonal().array() += 1e-10 * (normal.diagonal().array().abs().maxCoeff() + 1.0);
  const Eigen::VectorXd step = normal.ldlt().solve(-jacobian.transpose() * r);
  if (!step.allFinite()) return false;
  const double before = objective.best;
  for (double shrink = 1.0; shrink > 0.01; shrink *= 0.5) {
    std::vector<double> at = x;
    for (Eigen::Index k = 0; k < p; ++k) {
      const std::size_t j = first + static_cast<std::size_t>(k);
      at[j] = std::clamp(at[j] + shrink * step(k), lower[j], upper[j]);
    }
    if (objective(at) < before) {
      x = objective.best_x;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string to_string(const EtsSpec& spec) {
  const char* error = spec.error == EtsError::additive ? "A" : "M";
  const char* trend = spec.trend == EtsTrend::none       ? "N"
                      : spec.trend == EtsTrend::additive ? "A"
                                                         : "Ad";
  const char* season = spec.season == EtsSeason::none       ? "N"
                       : spec.season == EtsSeason::additive ? "A"
                                                            : "M";
  return std::string("ETS(") + error + "," + trend + "," + season + ")" +
         (spec.ar1 ? "+AR(1)" : "");
}

std::optional<EtsSpec> ets_spec_from_string(std::string_view code) {
  EtsSpec s;
  std::size_t k = 0;
  const auto next = [&]() -> char { return k < code.size() ? code[k++] : '\0'; };
  const char e = next();
  if (e == 'A') {
    s.error = EtsError::additive;
  } else if (e == 'M') {
    s.error = EtsError::multiplicative;
  } else {
    return std::nullopt;
  }
  const char t = next();
  if (t == 'N') {
    s.trend = EtsTrend::none;
  } else if (t == 'A') {
    s.trend = EtsTrend::additive;
    if (k < code.size() && code[k] == 'd') {
      s.trend = EtsTrend::damped;
      ++k;
    }
  } else {
    return std::nullopt;
  }
  const char z = next();
  if (z == 'N') {
    s.season = EtsSeason::none;
  } else if (z == 'A') {
    s.season = EtsSeason::additive;
  } else if (z == 'M') {
    s.season = EtsSeason::multiplicative;
  } else {
    return std::nullopt;
  }
  if (k != code.size()) return std::nullopt;
  return s;
}

std::vector<EtsSpec> ets_specs(bool positive_data, bool seasonal, bool trend) {
  std::vector<EtsSpec> out;
  for (const EtsError e : {EtsError::additive, EtsError::multiplicative}) {
    if (e == EtsError::multiplicative && !positive_data) continue;
    for (const EtsTrend t : {EtsTrend::none, EtsTrend::additive, EtsTrend::damped}) {
      if (t != EtsTrend::none && !trend) continue;
      for (const EtsSeason z : {EtsSeason::none, EtsSeason::additive, EtsSeason::multiplicative}) {
        if (z != EtsSeason::none && !seasonal) continue;
        if (z == EtsSeason::multiplicative && (!positive_data || e == EtsError::additive)) continue;
        out.push_back({e, t, z});
      }
    }
  }
  return out;
}

EtsRun ets_run(const std::vector<double>& y, const EtsSpec& spec, const EtsParams& params,
               const EtsState& initial) {
  EtsRun run;
  const int period = has_season(spec) ? static_cast<int>(initial.season.size()) : 1;
  std::vector<double> s = circular_season(initial, period, has_season(spec));
  run.fitted.assign(y.size(), std::numeric_limits<double>::quiet_NaN());
  run.innovations.assign(y.size(), std::numeric_limits<double>::quiet_NaN());
  double level = initial.level;
  double trend = initial.trend;
  double dev = initial.deviation;
  const Sums sums = recurse_spec<true>(spec, y.data(), y.size(), period, params, level, trend, dev,
                                       s.data(), run.fitted.data(), run.innovations.data());
  run.sum_squares = sums.squares;
  run.sum_log_mu = sums.log_mu;
  run.ok = sums.ok;
  run.final.level = level;
  run.final.trend = has_trend(spec) ? trend : 0.0;
  run.final.deviation = spec.ar1 ? dev : 0.0;
  if (has_season(spec)) {
    const std::size_t m = s.size();
    run.final.season.resize(m);
    for (std::size_t k = 0; k < m; ++k) run.final.season[k] = s[(y.size() + k) % m];
  }
  return run;
}

double ets_neg2_loglik(const EtsRun& run, const EtsSpec& spec) {
  return neg2_loglik(Sums{run.sum_squares, run.sum_log_mu, run.ok}, run.fitted.size(), spec.error);
}

int ets_parameter_count(const EtsSpec& spec, int period) {
  int k = 1;                                    // α
  if (has_trend(spec)) k += 2;                  // β, b0
  if (spec.trend == EtsTrend::damped) ++k;      // φ
  if (has_season(spec)) k += 1 + (period - 1);  // γ, seasonal terms
  if (spec.ar1) ++k;                            // the errors' AR(1) coefficient
  return k + 1 + 1;                             // ℓ0, σ²
}

std::optional<EtsFit> fit_ets(const std::vector<double>& y, const EtsSpec& spec,
                              const EtsOptions& options) {
  const int period = options.period;
  if (period < 2 || period > kMaxPeriod) return std::nullopt;
  const std::size_t n = y.size();
  const int k = ets_parameter_count(spec, period);
  if (n < static_cast<std::size_t>(k + 2)) return std::nullopt;
  if (has_season(spec) && n < static_cast<std::size_t>(2 * period)) return std::nullopt;
  if (is_multiplicative(spec) && std::any_of(y.begin(), y.end(), [](double v) { return !(v > 0); }))
    return std::nullopt;
  const EtsState start = heuristic_state(y, spec, period);
  double mean = 0;
  for (const double v : y) mean += v;
  mean /= static_cast<double>(n);
  double var = 0;
  for (const double v : y) var += (v - mean) * (v - mean);
  const double scale =
      std::max({std::sqrt(var / static_cast<double>(n)), 1e-3 * std::abs(mean), 1e-9});
  const Layout layout(spec, period, start, scale);

  std::vector<double> x(layout.size, 0.0);
  std::vector<double> lower(layout.size, -10.0);
  std::vector<double> upper(layout.size, 10.0);
  std::vector<double> step(layout.size, 0.5);
  std::size_t i = 0;
  const auto smoothing = [&](double x0, double lo, double hi, double dx) {
    x[i] = x0;
    lower[i] = lo;
    upper[i] = hi;
    step[i] = dx;
    ++i;
  };
  smoothing(0.2, 1e-4, 0.9999, 0.1);                                     // α
  if (has_trend(spec)) smoothing(0.1, 1e-4, 0.9999, 0.05);               // β*
  if (has_season(spec)) smoothing(0.05, 1e-4, 0.9999, 0.05);             // γ*
  if (spec.trend == EtsTrend::damped) smoothing(0.97, 0.8, 0.98, 0.04);  // φ
  if (spec.ar1) smoothing(0.2, -0.9, 0.9, 0.1);                          // AR(1) of the errors
  if (spec.season == EtsSeason::multiplicative) {
    for (std::size_t j = i + 1 + (has_trend(spec) ? 1 : 0); j < layout.size; ++j) {
      lower[j] = -0.95;
      upper[j] = 2.0;
      step[j] = 0.05;
    }
  }

  Objective objective;
  objective.y = &y;
  objective.layout = &layout;
  // The smoothing parameters by BOBYQA with the initial states held (a handful of dimensions,
  // where it converges quickly and reliably), then the initial states by Gauss-Newton given the
  // parameters, then the parameters again from there.
  const auto optimise_parameters = [&](int max_evals) {
    nlopt::opt opt(nlopt::LN_BOBYQA, static_cast<unsigned>(layout.size));
    std::vector<double> lo = lower;
    std::vector<double> hi = upper;
    for (std::size_t j = layout.states; j < layout.size; ++j) lo[j] = hi[j] = x[j];
    opt.set_lower_bounds(lo);
    opt.set_upper_bounds(hi);
    opt.set_initial_step(step);
    opt.set_min_objective(nlopt_objective, &objective);
    opt.set_ftol_rel(options.relative_tolerance);
    opt.set_maxeval(max_evals);
    double value = kInf;
    try {
      opt.optimize(x, value);
    } catch (const std::exception&) {
      // Round-off or a failed step: the best point evaluated so far stands.
    }
    if (!objective.best_x.empty()) x = objective.best_x;
  };
  optimise_parameters(options.max_evaluations);
  for (int round = 0; round < options.state_rounds && std::isfinite(objective.best); ++round) {
    if (!refine_states(y, layout, lower, upper, x, objective)) break;
    optimise_parameters(options.max_evaluations / 4);
  }
  if (!std::isfinite(objective.best)) return std::nullopt;

  EtsFit fit;
  fit.spec = spec;
  fit.period = period;
  layout.decode(objective.best_x.data(), fit.params, fit.initial);
  const EtsRun run = ets_run(y, spec, fit.params, fit.initial);
  if (!run.ok) return std::nullopt;
  fit.final = run.final;
  fit.fitted = run.fitted;
  fit.innovations = run.innovations;
  fit.parameters = k;
  fit.neg2_loglik = ets_neg2_loglik(run, spec);
  fit.sigma2 = run.sum_squares / static_cast<double>(static_cast<int>(n) - k);
  const double nn = static_cast<double>(n);
  fit.aicc = fit.neg2_loglik + 2.0 * k + 2.0 * k * (k + 1) / (nn - k - 1);
  fit.evaluations = objective.evaluations;
  return fit;
}

EtsFit fit_ets_auto(const std::vector<double>& y, const EtsOptions& options,
                    const std::vector<EtsSpec>& specs) {
  std::vector<EtsSpec> candidates = specs;
  if (candidates.empty()) {
    const bool positive = std::all_of(y.begin(), y.end(), [](double v) { return v > 0; });
    const bool seasonal = y.size() >= static_cast<std::size_t>(2 * options.period + 2);
    candidates = ets_specs(positive, seasonal, y.size() >= 10);
    if (options.ar1_errors) {
      const std::size_t plain = candidates.size();
      for (std::size_t k = 0; k < plain; ++k) {
        EtsSpec with_ar = candidates[k];
        with_ar.ar1 = true;
        candidates.push_back(with_ar);
      }
    }
  }
  std::optional<EtsFit> best;
  for (const EtsSpec& spec : candidates) {
    std::optional<EtsFit> f = fit_ets(y, spec, options);
    if (f && (!best || f->aicc < best->aicc)) best = std::move(f);
  }
  if (best) return *best;
  // Too short for the likelihood: ETS(A,N,N) with α = 0.2 from the mean.
  EtsFit fit;
  fit.period = options.period;
  fit.params.alpha = 0.2;
  double mean = 0;
  for (const double v : y) mean += v;
  fit.initial.level = y.empty() ? 0.0 : mean / static_cast<double>(y.size());
  const EtsRun run = ets_run(y, fit.spec, fit.params, fit.initial);
  fit.final = run.final;
  fit.fitted = run.fitted;
  fit.innovations = run.innovations;
  fit.parameters = 0;
  fit.sigma2 = y.size() > 1 ? run.sum_squares / static_cast<double>(y.size() - 1)
                            : std::max(fit.initial.level, 1.0);
  fit.neg2_loglik = kInf;
  fit.aicc = kInf;
  return fit;
}

std::vector<double> ets_forecast(const EtsFit& fit, int horizon) {
  std::vector<double> out;
  const EtsState& x = fit.final;
  const double phi = fit.spec.trend == EtsTrend::damped ? fit.params.phi : 1.0;
  double damp_sum = 0;  // φ + φ² + .. + φ^h
  double power = 1;
  double carried = x.deviation;  // ar^h × the last deviation
  const std::size_t m = x.season.size();
  for (int h = 1; h <= horizon; ++h) {
    power *= phi;
    damp_sum += power;
    carried *= fit.params.ar;
    const double total = x.level + (has_trend(fit.spec) ? damp_sum * x.trend : 0.0);
    double mu = total;
    if (has_season(fit.spec)) {
      const double s = x.season[static_cast<std::size_t>(h - 1) % m];
      mu = fit.spec.season == EtsSeason::additive ? total + s : total * s;
    }
    if (fit.spec.ar1)
      mu = fit.spec.error == EtsError::multiplicative ? mu * (1.0 + carried) : mu + carried;
    out.push_back(mu);
  }
  return out;
}

std::vector<std::vector<double>> ets_simulate(const EtsFit& fit, int horizon, int paths,
                                              std::uint64_t seed) {
  std::vector<std::vector<double>> out(static_cast<std::size_t>(std::max(0, paths)));
  std::mt19937_64 rng(splitmix64(seed));
  boost::random::normal_distribution<double> normal(0.0, std::sqrt(std::max(fit.sigma2, 0.0)));
  const EtsSpec& spec = fit.spec;
  const double phi = spec.trend == EtsTrend::damped ? fit.params.phi : 1.0;
  const EtsParams& p = fit.params;
  for (std::vector<double>& path : out) {
    double l = fit.final.level;
    double b = has_trend(spec) ? fit.final.trend : 0.0;
    double dev = spec.ar1 ? fit.final.deviation : 0.0;
    std::vector<double> s =
        fit.final.season;  // s[k]: day T - m + 1 + k; day T + h uses (h-1) mod m
    const std::size_t m = std::max<std::size_t>(s.size(), 1);
    for (int h = 1; h <= horizon; ++h) {
      const double damped = has_trend(spec) ? phi * b : 0.0;
      const double total = l + damped;
      const std::size_t j = static_cast<std::size_t>(h - 1) % m;
      double base = total;
      if (spec.season == EtsSeason::additive) base = total + s[j];
      if (spec.season == EtsSeason::multiplicative) base = total * s[j];
      const double eps = normal(rng);
      const bool additive = spec.error == EtsError::additive;
      const double mu = additive ? base + p.ar * dev : base * (1.0 + p.ar * dev);
      const double y = additive ? mu + eps : mu + base * eps;
      const double e = y - mu;
      dev = p.ar * dev + eps;
      if (spec.season == EtsSeason::multiplicative) {
        const double es = s[j] != 0.0 ? e / s[j] : 0.0;
        l = total + p.alpha * es;
        b = damped + p.beta * es;
        if (total != 0.0) s[j] += p.gamma * e / total;
      } else {
        l = total + p.alpha * e;
        b = damped + p.beta * e;
        if (spec.season == EtsSeason::additive) s[j] += p.gamma * e;
      }
      path.push_back(y);
    }
  }
  return out;
}

std::vector<double> ets_forecast_variance(const EtsFit& fit, int horizon, int paths,
                                          std::uint64_t seed) {
  std::vector<double> out;
  const EtsSpec& spec = fit.spec;
  const bool class1 =
      spec.error == EtsError::additive && spec.season != EtsSeason::multiplicative && !spec.ar1;
  if (class1 || horizon <= 1) {
    const std::vector<double> mean = ets_forecast(fit, std::max(horizon, 1));
    const double phi = spec.trend == EtsTrend::damped ? fit.params.phi : 1.0;
    const int m = std::max<int>(static_cast<int>(fit.final.season.size()), 1);
    double sum_c2 = 0;
    double phi_j = 0;
    double power = 1;
    for (int h = 1; h <= horizon; ++h) {
      if (!class1) {  // horizon 1: σ², or μ² σ² for a multiplicative error (μ before the AR)
        const double base = spec.error == EtsError::additive ? 1.0
                            : spec.ar1 ? mean[0] / (1.0 + fit.params.ar * fit.final.deviation)
                                       : mean[0];
        out.push_back(base * base * fit.sigma2);
        break;
      }
      out.push_back(fit.sigma2 * (1.0 + sum_c2));
      // c_h for the next horizon's sum.
      power *= phi;
      phi_j += power;
      double c = fit.params.alpha;
      if (has_trend(spec)) c += fit.params.beta * phi_j;
      if (has_season(spec) && h % m == 0) c += fit.params.gamma;
      sum_c2 += c * c;
    }
    return out;
  }
  const auto sims = ets_simulate(fit, horizon, paths, seed);
  for (int h = 0; h < horizon; ++h) {
    double mean = 0;
    for (const auto& path : sims) mean += path[static_cast<std::size_t>(h)];
    mean /= static_cast<double>(sims.size());
    double var = 0;
    for (const auto& path : sims)
      var +=
          (path[static_cast<std::size_t>(h)] - mean) * (path[static_cast<std::size_t>(h)] - mean);
    out.push_back(sims.size() > 1 ? var / static_cast<double>(sims.size() - 1) : 0.0);
  }
  return out;
}

}  // namespace kaiten::headoffice
