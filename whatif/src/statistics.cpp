#include "kaiten/whatif/statistics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace kaiten::whatif {

Interval mean_interval(const std::vector<double>& values) {
  const auto n = static_cast<double>(values.size());
  if (values.empty()) return {};
  double sum = 0;
  for (double v : values) sum += v;
  const double mean = sum / n;
  if (values.size() < 2) return {mean, 0};
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  const boost::math::students_t t(n - 1);
  return {mean,
          boost::math::quantile(boost::math::complement(t, 0.025)) * std::sqrt(ss / (n - 1) / n)};
}

std::vector<double> differences(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) out.push_back(a[i] - b[i]);
  return out;
}

std::string format_interval(const Interval& i) {
  const double scale = std::max(std::abs(i.mean), i.half_width);
  const int digits = scale >= 1000 ? 0 : (scale >= 10 ? 1 : 2);
  return fmt::format("{:.{}f} ± {:.{}f}", i.mean, digits, i.half_width, digits);
}

}  // namespace kaiten::whatif
