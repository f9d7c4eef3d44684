#pragma once
// The exponential-smoothing family in innovations state-space form (Hyndman, Koehler, Ord &
// Snyder 2008, "Forecasting with Exponential Smoothing", ch. 2, 5, 6; FPP3 §8.5-8.7), written
// ETS(error, trend, season): error A or M, trend N, A or Ad (damped), season N, A or M, with a
// season of `period` days. With T = ℓ + φb (φ = 1 without damping, b = 0 without trend) and s the
// seasonal term of a period ago:
//
//   one-step forecast   μ = T (N),  T + s (A),  T s (M)          e = y - μ
//   innovation          ε = e (additive error),  e / μ (multiplicative error)
//   season N or A       ℓ ← T + α e        b ← φb + β e        s ← s + γ e
//   season M            ℓ ← T + α e / s    b ← φb + β e / s    s ← s + γ e / T
//
// These are the book's Table 2.3 written with the raw error e: the state recursions are the same
// for both error types, which differ only in the likelihood and the prediction distributions.
// Likelihood (Gaussian innovations, σ² concentrated out, book eq. 5.2-5.3):
//   -2 log L = n log(2π e σ̂²) + 2 Σ log|μ_t| (the sum only for multiplicative errors),
//   σ̂² = Σ ε² / n;  AIC = -2 log L + 2k;  AICc = AIC + 2k(k+1)/(n-k-1),
// k = smoothing parameters + initial states (ℓ0, b0, period-1 seasonal terms) + 1 (σ²).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kaiten::headoffice {

enum class EtsError : std::uint8_t { additive, multiplicative };
enum class EtsTrend : std::uint8_t { none, additive, damped };
enum class EtsSeason : std::uint8_t { none, additive, multiplicative };

struct EtsSpec {
  EtsError error = EtsError::additive;
  EtsTrend trend = EtsTrend::none;
  EtsSeason season = EtsSeason::none;
  /// With AR(1) errors: y = μ + z (additive) or μ (1 + z), z[t] = ar z[t-1] + ε[t], the states
  /// updated by the innovation ε (the model nests the plain one at ar = 0; Hyndman et al. 2008
  /// ch. 11 treats ETS with ARMA errors). The one-step forecast carries ar × the last deviation.
  bool ar1 = false;
  friend bool operator==(const EtsSpec&, const EtsSpec&) = default;
};

/// "ETS(M,Ad,M)", "ETS(A,N,A)+AR(1)".
std::string to_string(const EtsSpec& spec);
/// From three letters and an optional "d": "MAdM", "ANN", "AAdA" (else nullopt).
std::optional<EtsSpec> ets_spec_from_string(std::string_view code);

/// The admissible specs: every combination but additive error with multiplicative season
/// (numerically unstable; R forecast's ets leaves them out too unless told otherwise);
/// multiplicative error or season only for data > 0; seasonal ones only when `seasonal`; trended
/// ones only when `trend`.
std::vector<EtsSpec> ets_specs(bool positive_data, bool seasonal, bool trend);

/// Smoothing parameters of the state-space form (β is the state β, = α β* of the component form).
struct EtsParams {
  double alpha = 0.1;
  double beta = 0.0;
  double gamma = 0.0;
  double phi = 1.0;  ///< damping; 1 for an undamped trend
  double ar = 0.0;   ///< AR(1) coefficient of the errors (specs with ar1)
};

/// The state after day t: level, trend and the seasonal terms of days t-period+1 .. t, oldest
/// first (before a series, t = -1: the terms of days -period .. -1).
struct EtsState {
  double level = 0.0;
  double trend = 0.0;
  std::vector<double> season;
  double deviation = 0.0;  ///< z of the AR(1) errors (0 before the series)
};

/// The recursion over a series from an initial state.
struct EtsRun {
  std::vector<double> fitted;       ///< one-step forecasts μ_t
  std::vector<double> innovations;  ///< ε_t
  EtsState final;
  double sum_squares = 0.0;  ///< Σ ε²
  double sum_log_mu = 0.0;   ///< Σ log μ (multiplicative error)
  bool ok = true;  ///< false when a multiplicative term met μ <= 0 or T <= 0, or overflowed
};

/// Runs the model over `y` (no NaN) from `initial` (season: `period` terms, or none).
EtsRun ets_run(const std::vector<double>& y, const EtsSpec& spec, const EtsParams& params,
               const EtsState& initial);

/// -2 log-likelihood of a run over n observations (infinite if the run failed).
double ets_neg2_loglik(const EtsRun& run, const EtsSpec& spec);

/// Parameters estimated for a model: smoothing ones plus initial states, plus σ².
int ets_parameter_count(const EtsSpec& spec, int period);

struct EtsFit {
  EtsSpec spec;
  int period = 7;
  EtsParams params;
  EtsState initial;
  EtsState final;
  std::vector<double> fitted;
  std::vector<double> innovations;
  double sigma2 = 0.0;  ///< Σ ε² / (n - k): the innovation variance, unbiased for the parameters
  double neg2_loglik = 0.0;
  double aicc = 0.0;
  int parameters = 0;   ///< k
  int evaluations = 0;  ///< likelihood evaluations of the optimiser
};

struct EtsOptions {
  int period = 7;
  int max_evaluations = 200;         ///< of the optimiser over the smoothing parameters
  double relative_tolerance = 1e-7;  ///< on -2 log L
  bool ar1_errors = false;           ///< fit_ets_auto: also every model with AR(1) errors
  int state_rounds = 2;  ///< Gauss-Newton steps on the initial states, each followed by the
                         ///< parameters again (0: initial states from the decomposition only)
};

/// Maximum likelihood over the smoothing parameters, in the "usual" region 0 < α < 1,
/// 0 < β < α, 0 < γ < 1 - α, 0.8 <= φ <= 0.98 (NLopt's BOBYQA, bounded and derivative-free), and
/// the initial states (started from a classical decomposition, then Gauss-Newton steps),
/// alternately. Needs at least 2 periods of data for a seasonal model and more days than
/// parameters (else nullopt), and data > 0 for a multiplicative one.
std::optional<EtsFit> fit_ets(const std::vector<double>& y, const EtsSpec& spec,
                              const EtsOptions& options = {});

/// The model of `specs` (default: every admissible one) with the lowest AICc. ETS(A,N,N) at
/// least is always fitted.
EtsFit fit_ets_auto(const std::vector<double>& y, const EtsOptions& options = {},
                    const std::vector<EtsSpec>& specs = {});

/// Point forecasts for horizons 1..H after the last day of the fit.
std::vector<double> ets_forecast(const EtsFit& fit, int horizon);

/// Forecast variance for horizons 1..H. Class 1 (additive error, no multiplicative season):
/// σ²[1 + Σ_{j<h} c_j²], c_j = α + β φ_j + γ [j mod period = 0], φ_j = φ + .. + φ^j (book Table
/// 6.1); horizon 1 of every model: σ² or μ²σ²; otherwise the variance of `paths` simulated
/// sample paths (seeded, deterministic).
std::vector<double> ets_forecast_variance(const EtsFit& fit, int horizon, int paths = 2000,
                                          std::uint64_t seed = 1);

/// Sample paths of the next `horizon` days: paths[p][h-1], Gaussian innovations of variance σ².
std::vector<std::vector<double>> ets_simulate(const EtsFit& fit, int horizon, int paths,
                                              std::uint64_t seed);

}  // namespace kaiten::headoffice
