#pragma once
// Forecast accuracy scaled by the seasonal naive forecast, as DESIGN.md section 6 asks (no MAPE:
// items have zero days). The scale is the in-sample error of the same-weekday-last-week forecast
// over the training days, so a score of 1 means "as good as seasonal naive was in training".
//   MASE   = mean |y - ŷ| / mean_train |y[t] - y[t-7]|
//   RMSSE  = sqrt( mean (y - ŷ)² / mean_train (y[t] - y[t-7])² )
//   pinball loss at τ of a quantile q: τ (y - q) if y >= q, else (1 - τ)(q - y); scaled (SPL)
//   by the same MAE scale as MASE.
#include <vector>

namespace kaiten::headoffice {

/// In-sample errors of the lag-m seasonal naive forecast over `train` (NaN values skipped).
struct NaiveScale {
  double mae = 0.0;
  double mse = 0.0;
  int count = 0;
};
NaiveScale seasonal_naive_scale(const std::vector<double>& train, int m = 7);

/// Pairs with a NaN on either side are skipped. A zero scale gives NaN.
double mase(const std::vector<double>& actual, const std::vector<double>& forecast,
            const NaiveScale& scale);
double rmsse(const std::vector<double>& actual, const std::vector<double>& forecast,
             const NaiveScale& scale);
double pinball_loss(double actual, double quantile, double tau);
/// Mean pinball loss over pairs, divided by scale.mae.
double scaled_pinball(const std::vector<double>& actual, const std::vector<double>& quantile,
                      double tau, const NaiveScale& scale);

/// Mean of the values that are not NaN; NaN if there are none.
double finite_mean(const std::vector<double>& v);

}  // namespace kaiten::headoffice
