#include "kaiten/headoffice/censoring.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "kaiten/headoffice/models.hpp"

namespace kaiten::headoffice {

double normal_mean_above(double mean, double sd, double c) {
  if (sd <= 0) return std::max(mean, c);
  const boost::math::normal_distribution<double> z(0.0, 1.0);
  const double a = (c - mean) / sd;
  if (a > 8.0) return c + sd / a;  // the tail: E[D | D >= c] ≈ c + σ/a (Mills ratio asymptote)
  const double tail = boost::math::cdf(boost::math::complement(z, a));
  return mean + sd * boost::math::pdf(z, a) / tail;
}

std::vector<double> uncensor(const std::vector<double>& sold,
                             const std::vector<std::uint8_t>& stock_out,
                             const std::vector<double>& share_before_out,
                             const CensorOptions& options) {
  std::vector<double> out = sold;
  const std::size_t n = sold.size();
  for (std::size_t t = 0; t < n; ++t) {
    if (stock_out[t] == 0 || std::isnan(sold[t])) continue;
    const double share = share_before_out[t];
    if (!std::isnan(share) && share >= options.min_share) {
      out[t] = std::max(sold[t], sold[t] / std::min(1.0, share));
      continue;
    }
    // Same weekday, up to 4 weeks either side, uncensored.
    std::vector<double> peers;
    for (int k = -4; k <= 4; ++k) {
      if (k == 0) continue;
      const long u = static_cast<long>(t) + k * kSeason;
      if (u < 0 || u >= static_cast<long>(n)) continue;
      const auto i = static_cast<std::size_t>(u);
      if (stock_out[i] == 0 && !std::isnan(sold[i])) peers.push_back(sold[i]);
    }
    if (peers.empty()) continue;  // nothing to go by: keep what was sold
    double mean = 0;
    for (const double v : peers) mean += v;
    mean /= static_cast<double>(peers.size());
    double var = 0;
    for (const double v : peers) var += (v - mean) * (v - mean);
    var = peers.size() > 1 ? var / static_cast<double>(peers.size() - 1) : 0.0;
    const double sd = std::max(std::sqrt(var), std::sqrt(std::max(mean, 1.0)));
    out[t] = std::max(sold[t], normal_mean_above(mean, sd, sold[t]));
  }
  return out;
}

}  // namespace kaiten::headoffice
