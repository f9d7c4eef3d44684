#pragma once
// Next-day forecasting models for one daily series (docs/headoffice.md, DESIGN.md section 6).
// Each fit runs the model's recursion over the series and keeps its one-step-ahead forecasts
// (fitted[t] predicts y[t] from y[0..t-1]) and its forecasts 1..H days past the end.
//
// Formulas (m = 7, the week):
//   seasonal naive   ŷ[t] = y[t-7]
//   mean of 4        ŷ[t] = mean(y[t-7], y[t-14], y[t-21], y[t-28]) (those that exist)
//   SES              ℓ[t] = ℓ[t-1] + α e[t],                    ŷ[t] = ℓ[t-1]
//   Holt-Winters     ŷ[t] = ℓ[t-1] + b[t-1] + s[t-m],           e[t] = y[t] - ŷ[t]
//   (additive, the   ℓ[t] = ℓ[t-1] + b[t-1] + α e[t]
//    component form  b[t] = b[t-1] + α β e[t]   (β is β* of Hyndman & Athanasopoulos)
//    of FPP3 §8.3)   s[t] = s[t-m] + γ e[t]
//                    ŷ[T+h|T] = ℓ[T] + h b[T] + s[T+h-m(k+1)], k = ⌊(h-1)/m⌋
//   Croston (1972)   on a day with demand y > 0, q days after the previous one:
//                    z ← z + α (y - z), p ← p + α (q - p); forecast z / p
//   TSB (Teunter, Syntetos & Babai 2011): every day d ← d + β (1[y > 0] - d);
//                    on a day with demand z ← z + α (y - z); forecast d z
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kaiten::headoffice {

inline constexpr int kSeason = 7;  ///< days in the weekly season

enum class Model : std::uint8_t {
  seasonal_naive,
  mean4,  ///< mean of the last 4 same weekdays
  ses,
  holt_winters,
  croston,
  tsb,
  combination,  ///< mean of holt_winters and mean4
  ets,       ///< the exponential-smoothing family by maximum likelihood, chosen by AICc (ets.hpp)
  top_down,  ///< the store total's model, items as shares of it (store_model.hpp)
};
inline constexpr std::array kAllModels{Model::seasonal_naive, Model::mean4,   Model::ses,
                                       Model::holt_winters,   Model::croston, Model::tsb,
                                       Model::combination,    Model::ets,     Model::top_down};

const char* to_string(Model model);
std::optional<Model> model_from_string(std::string_view name);

/// Smoothing parameters; which ones a model uses is in the formulas above.
struct ModelParams {
  double alpha = 0.0;
  double beta = 0.0;
  double gamma = 0.0;
  bool trend = false;  ///< Holt-Winters: with a trend term (else b = 0, β unused)
};

/// Holt-Winters state after day T: level, trend, and the seasonal terms of days T-m+1 .. T
/// (oldest first). The state before a series (T = -1) holds the terms of days -m .. -1.
struct HoltWintersState {
  double level = 0.0;
  double trend = 0.0;
  std::array<double, kSeason> season{};
};

struct ModelFit {
  Model model = Model::seasonal_naive;
  ModelParams params;
  std::vector<double> fitted;  ///< one-step-ahead forecasts, NaN where the model has none
  std::vector<double> ahead;   ///< forecasts of y[n], y[n+1], ... (horizons 1..H)
  /// The model's own forecast variance per horizon (ets); empty when it has none.
  std::vector<double> ahead_variance;
  std::string detail;  ///< ets, top_down: the ETS model chosen, e.g. "ETS(M,N,M)"
  /// top_down: the part of the forecast's standard deviation common to all items (p_i × the
  /// total's), at the last horizon.
  double common_sd = 0.0;
  double sse = 0.0;  ///< over the days with a forecast and an observation
  int sse_count = 0;
};

// --- the models, with given parameters --------------------------------------------------------
// `y` must have no NaN (see fill_missing). `horizon` >= 1.

ModelFit seasonal_naive(const std::vector<double>& y, int horizon);
ModelFit mean_of_last_weeks(const std::vector<double>& y, int horizon, int weeks = 4);
/// SES with smoothing α; ℓ[0] = `level0` (default: y[0]).
ModelFit ses(const std::vector<double>& y, int horizon, double alpha,
             std::optional<double> level0 = std::nullopt);
/// Holt-Winters additive from `initial`, the state before y[0] (so y[j] uses initial.season[j]
/// for j < m). `final` (optional) receives the state after the last day.
ModelFit holt_winters(const std::vector<double>& y, int horizon, const ModelParams& params,
                      const HoltWintersState& initial, HoltWintersState* final = nullptr);
/// Initial Holt-Winters state by least squares (Eigen) over the first weeks: y = ℓ0 + b0 t +
/// s[t mod m] with the seasonal terms summing to zero.
HoltWintersState holt_winters_initial_state(const std::vector<double>& y, bool trend);
/// Croston's method (sba: the Syntetos-Boylan bias correction × (1 - α/2)).
ModelFit croston(const std::vector<double>& y, int horizon, double alpha, bool sba = false);
ModelFit tsb(const std::vector<double>& y, int horizon, double alpha, double beta);

// --- fitting parameters and choosing ----------------------------------------------------------

/// Fits `model`'s parameters by minimising the one-step in-sample squared error over a fixed grid
/// (deterministic), then runs it over the whole series.
ModelFit fit_model(Model model, const std::vector<double>& y, int horizon);

/// The exponential-smoothing family (ets.hpp): every admissible model fitted by maximum
/// likelihood, the one with the lowest AICc kept; with its forecast variances.
ModelFit ets_model(const std::vector<double>& y, int horizon);

/// Parameters fitted on `train` and kept fixed: one-step forecasts over y[train..n) from the
/// recursion that continues with the actual values. Returns the fit over the whole series.
ModelFit fit_then_run(Model model, const std::vector<double>& y, std::size_t train, int horizon);

/// Share of zero days, and the average interval between non-zero days (ADI).
struct Intermittency {
  double zero_share = 0.0;
  double adi = 1.0;
};
Intermittency intermittency(const std::vector<double>& y);
/// Sparse (ADI > 1.32, Syntetos-Boylan): Croston and TSB are candidates.
bool is_sparse(const std::vector<double>& y);

/// The candidate models for a series: the baselines, SES, Holt-Winters and the combination when
/// there are at least two weeks, Croston and TSB when it is sparse.
std::vector<Model> candidate_models(const std::vector<double>& y);

/// Chooses among `candidates` by the mean squared one-step error over the last `holdout` days,
/// parameters fitted on the days before. `preferred` (when a candidate) is kept unless another
/// model's error is lower by more than `margin` (a share): holdouts are short and noisy. With too
/// short a series, mean4.
Model select_model(const std::vector<double>& y, const std::vector<Model>& candidates,
                   int holdout = 28, Model preferred = Model::combination, double margin = 0.05);

/// Replaces NaN values: by the same weekday a week earlier, else later, else the series mean
/// (0 if none is known).
std::vector<double> fill_missing(const std::vector<double>& y);

}  // namespace kaiten::headoffice
