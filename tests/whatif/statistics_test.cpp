#include "kaiten/whatif/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace kaiten::whatif {
namespace {

// Hand-computed: mean 3, s² = 2.5, t(0.975, 4) = 2.7764451, half-width = t s / √5.
TEST(Statistics, MeanIntervalIsStudentsT) {
  const Interval i = mean_interval({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(i.mean, 3.0);
  EXPECT_NEAR(i.half_width, 2.7764451 * std::sqrt(2.5) / std::sqrt(5.0), 1e-6);
  EXPECT_NEAR(i.low(), 3.0 - 1.9632432, 1e-6);
  // Two values: t(0.975, 1) = 12.706205; s = |a - b| / √2.
  EXPECT_NEAR(mean_interval({10, 12}).half_width, 12.706205 * std::sqrt(2.0) / std::sqrt(2.0),
              1e-5);
  EXPECT_EQ(mean_interval({7}).half_width, 0.0);
  EXPECT_EQ(mean_interval({}).mean, 0.0);
}

TEST(Statistics, PairedDifferencesAndTheirFormat) {
  EXPECT_EQ(differences({5, 7, 9}, {1, 2, 3}), (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(format_interval({3.14159, 0.5}), "3.14 ± 0.50");
  EXPECT_EQ(format_interval({42.25, 1}), "42.2 ± 1.0");
  EXPECT_EQ(format_interval({123456.4, 700}), "123456 ± 700");
}

}  // namespace
}  // namespace kaiten::whatif
