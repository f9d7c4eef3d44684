#include "kaiten/headoffice/metrics.hpp"

#include <cmath>
#include <limits>

namespace kaiten::headoffice {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

NaiveScale seasonal_naive_scale(const std::vector<double>& train, int m) {
  NaiveScale s;
  for (std::size_t t = static_cast<std::size_t>(m); t < train.size(); ++t) {
    const double a = train[t];
    const double b = train[t - static_cast<std::size_t>(m)];
    if (std::isnan(a) || std::isnan(b)) continue;
    s.mae += std::abs(a - b);
    s.mse += (a - b) * (a - b);
    ++s.count;
  }
  if (s.count > 0) {
    s.mae /= s.count;
    s.mse /= s.count;
  }
  return s;
}

double mase(const std::vector<double>& actual, const std::vector<double>& forecast,
            const NaiveScale& scale) {
  double sum = 0;
  int count = 0;
  for (std::size_t t = 0; t < actual.size() && t < forecast.size(); ++t) {
    if (std::isnan(actual[t]) || std::isnan(forecast[t])) continue;
    sum += std::abs(actual[t] - forecast[t]);
    ++count;
  }
  if (count == 0 || scale.mae <= 0) return kNaN;
  return sum / count / scale.mae;
}

double rmsse(const std::vector<double>& actual, const std::vector<double>& forecast,
             const NaiveScale& scale) {
  double sum = 0;
  int count = 0;
  for (std::size_t t = 0; t < actual.size() && t < forecast.size(); ++t) {
    if (std::isnan(actual[t]) || std::isnan(forecast[t])) continue;
    sum += (actual[t] - forecast[t]) * (actual[t] - forecast[t]);
    ++count;
  }
  if (count == 0 || scale.mse <= 0) return kNaN;
  return std::sqrt(sum / count / scale.mse);
}

double pinball_loss(double actual, double quantile, double tau) {
  return actual >= quantile ? tau * (actual - quantile) : (1.0 - tau) * (quantile - actual);
}

double scaled_pinball(const std::vector<double>& actual, const std::vector<double>& quantile,
                      double tau, const NaiveScale& scale) {
  double sum = 0;
  int count = 0;
  for (std::size_t t = 0; t < actual.size() && t < quantile.size(); ++t) {
    if (std::isnan(actual[t]) || std::isnan(quantile[t])) continue;
    sum += pinball_loss(actual[t], quantile[t], tau);
    ++count;
  }
  if (count == 0 || scale.mae <= 0) return kNaN;
  return sum / count / scale.mae;
}

double finite_mean(const std::vector<double>& v) {
  double sum = 0;
  int count = 0;
  for (const double x : v) {
    if (std::isnan(x)) continue;
    sum += x;
    ++count;
  }
  return count > 0 ? sum / count : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace kaiten::headoffice
