#pragma once
// The day's shared signal (docs/headoffice.md, "Top-down"): every item of a store rises and falls
// with the store's traffic (weather, events), and that shock persists from one day to the next.
// Forecast alone, an item sees the shock through its own noise; the store total shows it clearly.
// So the total is forecast by its own model and each item as a share of it:
//
//   total      the store's daily total (TopDownOptions::total: the plates sold, as a sold-out
//              item's customers mostly take another), forecast by the mean of two models (a
//              forecast combination): ETS chosen by AICc (ets.hpp), which adapts to a level
//              that moves, and a weekly profile with an AR(1) shock, which holds a level that
//              does not:
//                log total[t] = w[t mod 7] + u[t],  u[t] = φ u[t-1] + η[t],
//              w the weekday means of log total over the window, φ = Σ u_t u_{t-1} / Σ u_{t-1}²
//              (on standardised deviations, pooled over the chain's stores when their
//              deviations are given): yesterday's store-wide surprise u[T] carries into today as
//              φ u[T]; forecast exp(w + φ^h u[T] + σ_h²/2), σ_h² = σ_η² (1 + φ² + .. + φ^2(h-1)).
//   shares     of the items' (uncensored) sum, with a weekday pattern: p_i[t] = ℓ_i f_i[t mod 7]
//              / Σ_j ℓ_j f_j[t mod 7]. f_i: the item's weekday factors (families buy more
//              inari at weekends), a classical decomposition of its share
//              (weekday_share_factors). ℓ_i = Σ_t w_t y'_i[t] / Σ_t w_t total'[t], w_t =
//              (1 - a_i)^(T - t), on the series with the weekday factors divided out: an
//              exponentially weighted share. The smoothing a_i is the steady-state gain of a
//              local-level model (a share that drifts as a random walk, observed with count
//              noise): tastes drift alike for every item, but a day's share is noisier the fewer
//              plates the item sells (relative variance ∝ 1/volume), so the signal-to-noise
//              ratio is λ_i = κ m_i, m_i the item's mean daily count, and a busy item's share
//              follows faster than a rare one's. One κ for all items, chosen on a grid by the
//              one-step error of p_i × total over all items (each scaled by its seasonal-naive
//              error).
//   items      ŷ_i = p_i × total forecast: coherent (the items add up to the total) by
//              construction. Variance p_i² Var(total) + d_i ŷ_i, d_i = Σ e² / Σ p_i[t|t-1]
//              total[t], e = y_i - p_i[t|t-1] total[t] over the recent days: the item's own
//              noise given the day's total, in proportion to its expected count (count data);
//              items covary through the total only.
//   censoring  a history with sold-out days is less variable than the demand: the total's
//              variance is widened to the uncensored items' sum's shock variance when larger
//              (TopDownFit::censoring_widening), and d_i allows for the sold-out days as
//              censored observations (censored_dispersion).
#include <cstdint>
#include <vector>

#include "kaiten/headoffice/models.hpp"

namespace kaiten::headoffice {

struct TopDownOptions {
  int residual_days = 56;  ///< days of item noise kept for d_i
  /// Log deviations from the weekly profile of the chain's other stores (weekly_profile_ar1),
  /// pooled into the shock's AR(1) coefficient; empty: this store's own.
  std::vector<std::vector<double>> peer_deviations;
  /// The store's daily total to forecast, when it differs from the items' sum: the plates sold
  /// (forecast.cpp), as a sold-out item's customers mostly buy another item, so summing the
  /// items' uncensored demand overstates the day. Empty (or of another length): Σ_i items[i].
  std::vector<double> total;
  /// Censoring, for the item noise: [item][t] 1 where the item sold out (its demand was at least
  /// `sold`, and items[i][t] an estimate), and [item][t] what it sold (as the items, holidays
  /// divided). Empty: no day censored.
  std::vector<std::vector<std::uint8_t>> sold_out;
  std::vector<std::vector<double>> sold;
  /// The biggest items forming a group of their own for the shares (fit_shares); 0: one group.
  /// Not the default: it helped on one simulated history and not on another (docs/headoffice.md).
  std::size_t share_leaders = 0;
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

/// The steady-state gain of the local-level model (a random walk observed with noise) at
/// signal-to-noise ratio q/r: a = (-λ + √(λ² + 4λ)) / 2 (Harvey 1989 §4.1; the exponential
/// smoothing it equals); 0 for λ <= 0.
double local_level_gain(double ratio);

/// Each item's weekday factors f_i[d] (d = t mod 7, mean 1 over the week) on its share of the
/// total: the mean ratio of the day's share to its centred 7-day mean (a classical
/// multiplicative decomposition of the share: the drift of tastes divides out), scaled to mean 1.
/// All 1 when a weekday has no ratio. Not shrunk towards 1: an empirical-Bayes shrinkage by
/// the factors' sampling variance measured worse on both bundled histories
/// (docs/headoffice.md).
std::vector<std::vector<double>> weekday_share_factors(
    const std::vector<std::vector<double>>& items, const std::vector<double>& total);

struct SharesFit {
  double kappa = 0.0;         ///< the chosen drift-to-noise ratio per unit of volume
  std::size_t leaders = 0;    ///< the biggest items forming their own group (0: one group)
  std::vector<double> gains;  ///< each item's smoothing a_i
  std::vector<std::vector<double>> factors;  ///< [item][t mod 7]: weekday factors of the share
  std::vector<double> shares;  ///< p_i after the last day, weekday pattern divided out (sum 1)
  /// [item][t]: p_i[t|t-1] with day t's weekday factors, sum 1 (NaN before the first day)
  std::vector<std::vector<double>> ahead;
  std::vector<double> noise_variance;    ///< v_i: the mean square of e over the recent days
  std::vector<double> dispersion;        ///< d_i: v_i per plate expected (above)
  std::vector<double> censoring_factor;  ///< d_i's factor for its censored days (1: none)
};

/// The shares on day `day` of the window (counted from its first day, so its weekday is
/// day mod 7; the horizon's days continue the count): p_i f_i[d] / Σ_j p_j f_j[d], d = day mod 7.
std::vector<double> shares_on(const SharesFit& fit, std::size_t day);

/// The noise per unit of expectation d of errors e[t] ~ N(0, d m[t]) by maximum likelihood,
/// where the days with censored[t] are only known to have e[t] >= e[t] (demand at least what
/// was sold: the likelihood's term is log P(N(0, d m) >= e)), the others observed (a Tobit
/// likelihood, the mean held). Without censored days, mean(e² / m). 0 without days; NaN if
/// every day is censored.
double censored_dispersion(const std::vector<double>& e, const std::vector<double>& m,
                           const std::vector<std::uint8_t>& censored);

/// Exponentially weighted shares of `total` (items[i][t], no NaN; total = Σ_i items[i]). With
/// `leaders` > 0 (and < the items), the `leaders` items of the highest mean daily count form a
/// group of their own: each item's share is its share of its group (by its own gain) times the
/// group's share of the total (by the gain of the group's volume), so a leader's day-to-day
/// swing moves the other group's share, followed fast, not every small item's slow own share.
/// With
/// `sold_out` and `sold` ([item][t], as TopDownOptions), an item's noise d_i is the plain
/// estimate times censored_dispersion with its sold-out days censored at what it sold over
/// the same with them taken as observed (1 when the item never sold out): the uncensored
/// estimate of a sold-out day is a scaled-up sale of a stock set from the forecast, less
/// variable than the demand it stands for.
SharesFit fit_shares(const std::vector<std::vector<double>>& items,
                     const std::vector<double>& total, int residual_days = 56,
                     const std::vector<std::vector<std::uint8_t>>& sold_out = {},
                     const std::vector<std::vector<double>>& sold = {}, std::size_t leaders = 0);

struct TopDownFit {
  ModelFit total;  ///< the total's model
  double ar = 0.0;
  std::vector<double> total_deviations;  ///< the profile's, for pooling
  /// The total's variance × this (≥ 1): the uncensored items' sum's mean squared shock
  /// innovation over the sold total's, both over the last residual_days days, when a sold total
  /// is given and varies less (censored busy days).
  double censoring_widening = 1.0;
  SharesFit shares;
  /// Per item: one-step fitted values p_i[t|t-1] × total fitted[t], forecasts p_i × total
  /// ahead, variances p_i² Var(total) + v_i.
  std::vector<ModelFit> items;
};

/// The top-down forecast of `items` (each a series over the same days, no NaN).
TopDownFit top_down(const std::vector<std::vector<double>>& items, int horizon,
                    const TopDownOptions& options = {});

}  // namespace kaiten::headoffice
