#include "kaiten/headoffice/censoring.hpp"

#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <random>

namespace kaiten::headoffice {
namespace {

const double kNaN = std::nan("");

TEST(Censoring, ConditionalMeanOfANormalAboveAPoint) {
  // At the mean: μ + σ φ(0) / (1/2) = μ + σ √(2/π).
  EXPECT_NEAR(normal_mean_above(100, 10, 100), 100 + 10 * std::sqrt(2 / M_PI), 1e-9);
  // Far below the mean the condition says nothing: μ.
  EXPECT_NEAR(normal_mean_above(100, 10, 0), 100, 1e-6);
  // Far above: just above the point (c + σ²/(c - μ) asymptotically).
  EXPECT_NEAR(normal_mean_above(100, 10, 200), 200 + 10.0 / 10.0, 0.02);
  // Against numerical integration of x φ over [c, ∞).
  const boost::math::normal_distribution<double> d(50, 8);
  double num = 0;
  double den = 0;
  for (double x = 55; x < 150; x += 0.001) {
    num += x * boost::math::pdf(d, x) * 0.001;
    den += boost::math::pdf(d, x) * 0.001;
  }
  EXPECT_NEAR(normal_mean_above(50, 8, 55), num / den, 1e-3);
}

TEST(Censoring, ProfileShareScalesUp) {
  // Sold 60 when 3/4 of the day's store sales had happened: about 80 wanted.
  const std::vector<double> sold{100, 60, 90};
  const std::vector<std::uint8_t> out{0, 1, 0};
  const std::vector<double> share{kNaN, 0.75, kNaN};
  const std::vector<double> d = uncensor(sold, out, share);
  EXPECT_DOUBLE_EQ(d[0], 100);
  EXPECT_DOUBLE_EQ(d[1], 80);
  EXPECT_DOUBLE_EQ(d[2], 90);
  // Too early in the day to trust the profile: the same-weekday method (no peers here: kept).
  const std::vector<double> early = uncensor(sold, out, {kNaN, 0.1, kNaN});
  EXPECT_DOUBLE_EQ(early[1], 60);
}

TEST(Censoring, SameWeekdayConditionalMean) {
  // Same weekday a week either side sold 100 and 110 (uncensored); the censored day sold 95.
  std::vector<double> sold(21, 50.0);
  std::vector<std::uint8_t> out(21, 0);
  sold[3] = 100;
  sold[10] = 95;
  sold[17] = 110;
  out[10] = 1;
  const std::vector<double> d = uncensor(sold, out, std::vector<double>(21, kNaN));
  const double mean = 105;
  const double sd = std::max(std::sqrt(50.0), std::sqrt(105.0));  // sample sd 7.07 vs √105
  EXPECT_NEAR(d[10], normal_mean_above(mean, sd, 95), 1e-9);
  EXPECT_GT(d[10], 95);
  for (std::size_t t = 0; t < 21; ++t) {
    if (t != 10) {
      EXPECT_DOUBLE_EQ(d[t], sold[t]);
    }
  }
}

TEST(Censoring, CorrectionRemovesMostOfTheBiasOfSoldOutDays) {
  // Demand N(100, 15²) every day; stock of 100 plates on odd weeks: sold = min(demand, 100).
  std::mt19937_64 rng(17);
  std::normal_distribution<double> draw(100, 15);
  std::vector<double> demand;
  std::vector<double> sold;
  std::vector<std::uint8_t> out;
  for (int t = 0; t < 7 * 60; ++t) {
    const double d = std::round(draw(rng));
    const bool limited = (t / 7) % 2 == 1;
    demand.push_back(d);
    sold.push_back(limited ? std::min(d, 100.0) : d);
    out.push_back(limited && d >= 100 ? 1 : 0);
  }
  const std::vector<double> corrected = uncensor(sold, out, std::vector<double>(sold.size(), kNaN));
  double true_mean = 0;
  double sold_mean = 0;
  double corrected_mean = 0;
  for (std::size_t t = 0; t < sold.size(); ++t) {
    true_mean += demand[t];
    sold_mean += sold[t];
    corrected_mean += corrected[t];
  }
  const auto n = static_cast<double>(sold.size());
  true_mean /= n;
  sold_mean /= n;
  corrected_mean /= n;
  const double bias_before = true_mean - sold_mean;
  const double bias_after = std::abs(true_mean - corrected_mean);
  EXPECT_GT(bias_before, 2.0);                // sold-out days hide about 3 plates a day
  EXPECT_LT(bias_after, 0.25 * bias_before);  // most of it recovered
}

}  // namespace
}  // namespace kaiten::headoffice
