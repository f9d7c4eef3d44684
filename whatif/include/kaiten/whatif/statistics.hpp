#pragma once
// Means over replications with 95 % confidence intervals (Student's t), as every what-if report
// gives them.
#include <string>
#include <vector>

namespace kaiten::whatif {

struct Interval {
  double mean = 0;
  double half_width = 0;  ///< 95 % confidence half-width of the mean; 0 with fewer than 2 values
  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
};

/// The mean of `values` and its 95 % interval, mean ± t(0.975, n-1) s / sqrt(n). Values are summed
/// in order, so the same values give the same bits.
Interval mean_interval(const std::vector<double>& values);

/// `a[i] - b[i]` for every i (paired differences on common random numbers).
std::vector<double> differences(const std::vector<double>& a, const std::vector<double>& b);

/// "12.3 ± 0.4", with as many decimals as the larger of the two needs (0 from 1000, 1 from 10).
std::string format_interval(const Interval& i);

}  // namespace kaiten::whatif
