#pragma once
// The day's shared signal (docs/headoffice.md, "Top-down"): every item of a store rises and falls
// with the store's traffic (weather, events), and that shock persists from one day to the next.
// Forecast alone, an item sees the shock through its own noise; the store total shows it clearly.
// So the total is forecast by its own model and each item as a share of it:
//
//   total      the mean of two forecasts of the daily total (a forecast combination): ETS chosen
//              by AICc (ets.hpp), which adapts to a level that moves, and a weekly profile
//              with an AR(1) shock, which holds a level that does not:
//                log total[t] = w[t mod 7] + u[t],  u[t] = φ u[t-1] + η[t],
//              w the weekday means of log total over the window, φ = Σ u_t u_{t-1} / Σ u_{t-1}²
//              (on standardised deviations, pooled over the chain's stores when their
//              deviations are given): yesterday's store-wide surprise u[T] carries into today as
//              φ u[T]; forecast exp(w + φ^h u[T] + σ_h²/2), σ_h² = σ_η² (1 + φ² + .. + φ^2(h-1)).
//   shares     p_i = Σ_t w_t y_i[t] / Σ_t w_t total[t], w_t = (1 - a)^(T - t): an exponentially
//              weighted share, one smoothing a for all items, chosen on a grid by the one-step
//              error of p_i × total over all items (each scaled by its seasonal-naive error).
//   items      ŷ_i = p_i × total forecast: coherent (the items add up to the total) by
//              construction. Variance p_i² Var(total) + v_i, v_i the mean square of
//              y_i - p_i[t|t-1] total[t] over the recent days (the item's own noise given the
//              day's total); items covary through the total only.
#include <vector>

#include "kaiten/headoffice/models.hpp"

namespace kaiten::headoffice {

struct TopDownOptions {
  int residual_days = 56;  ///< days of item noise kept for v_i
  /// Log deviations from the weekly profile of the chain's other stores (weekly_profile_ar1),
  /// pooled into the shock's AR(1) coefficient; empty: this store's own.
  std::vector<std::vector<double>> peer_deviations;
};

/// The weekly profile with an AR(1) shock on the log total (above).
struct ProfileFit {
  bool ok = false;  ///< false without every weekday in the window, or a total <= 0 throughout
  double ar = 0.0;
  double shock_variance = 0.0;         ///< σ_η²
  std::vector<double> deviations;      ///< u[t] (NaN where the total is 0)
  std::vector<double> fitted;          ///< one-step forecasts
  std::vector<double> ahead;           ///< horizons 1..H
  std::vector<double> ahead_variance;  ///< mean² (exp(σ_h²) - 1)
};
ProfileFit weekly_profile_ar1(const std::vector<double>& total, int horizon,
                              const std::vector<std::vector<double>>& peer_deviations = {});

/// The total's model: the mean of ETS by AICc and the weekly profile with its AR(1) shock. `ar`
/// (optional) receives φ; `deviations` (optional) the profile's log deviations (for pooling).
ModelFit total_model(const std::vector<double>& total, int horizon,
                     const std::vector<std::vector<double>>& peer_deviations = {},
                     double* ar = nullptr, std::vector<double>* deviations = nullptr);

/// φ from series standardised each by its own RMS, lag-1 products summed over all of them (NaN
/// pairs skipped); 0 with fewer than 14 pairs; clamped to [-0.9, 0.9].
double pooled_ar1(const std::vector<std::vector<double>>& innovations);

struct SharesFit {
  double alpha = 0.2;                      ///< the common smoothing of the shares
  std::vector<double> shares;              ///< p_i after the last day (sum 1)
  std::vector<std::vector<double>> ahead;  ///< [item][t]: p_i[t|t-1] (NaN before the first day)
  std::vector<double> noise_variance;      ///< v_i
};

/// Exponentially weighted shares of `total` (items[i][t], no NaN; total = Σ_i items[i]).
SharesFit fit_shares(const std::vector<std::vector<double>>& items,
                     const std::vector<double>& total, int residual_days = 56);

struct TopDownFit {
  ModelFit total;  ///< the total's model
  double ar = 0.0;
  std::vector<double> total_deviations;  ///< the profile's, for pooling
  SharesFit shares;
  /// Per item: one-step fitted values p_i[t|t-1] × total fitted[t], forecasts p_i × total
  /// ahead, variances p_i² Var(total) + v_i.
  std::vector<ModelFit> items;
};

/// The top-down forecast of `items` (each a series over the same days, no NaN).
TopDownFit top_down(const std::vector<std::vector<double>>& items, int horizon,
                    const TopDownOptions& options = {});

}  // namespace kaiten::headoffice
