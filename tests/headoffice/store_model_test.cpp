#include "kaiten/headoffice/store_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace kaiten::headoffice {
namespace {

constexpr double kWeek[] = {1.0, 0.95, 0.95, 1.0, 1.15, 1.45, 1.4};

/// A store total: level × weekday × exp(u), u AR(1) with persistence `phi` and sd `sd` (its
/// stationary sd), as the batch simulates the weather shock (docs/headoffice.md).
std::vector<double> shocked_total(int days, double phi, double sd, std::uint64_t seed,
                                  std::vector<double>* shock = nullptr) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  double u = sd * normal(rng);
  std::vector<double> out;
  for (int t = 0; t < days; ++t) {
    if (t > 0) u = phi * u + sd * std::sqrt(1 - phi * phi) * normal(rng);
    out.push_back(8000 * kWeek[t % 7] * std::exp(u));
    if (shock != nullptr) shock->push_back(u);
  }
  return out;
}

TEST(StoreModel, PooledAr1OfKnownSeries) {
  // Lag-1 regression through the origin: fewer than 14 pairs give 0; x = 1.1^t gives
  // Σ x_t x_{t-1} / Σ x_{t-1}² = 1.1 exactly, clamped to 0.9.
  EXPECT_DOUBLE_EQ(pooled_ar1({{1, 2, 4, 8}}), 0.0);
  std::vector<double> doubling;
  for (int t = 0; t < 20; ++t) doubling.push_back(std::pow(1.1, t));
  EXPECT_DOUBLE_EQ(pooled_ar1({doubling}), 0.9);
  // Simulated AR(1) with φ = 0.4: the estimate is near, and closer when two stores pool.
  std::vector<double> a;
  std::vector<double> b;
  shocked_total(150, 0.4, 0.1, 3, &a);
  shocked_total(150, 0.4, 0.1, 4, &b);
  EXPECT_NEAR(pooled_ar1({a}), 0.4, 0.2);
  std::vector<double> long_a;
  shocked_total(3000, 0.4, 0.1, 5, &long_a);
  EXPECT_NEAR(pooled_ar1({long_a}), 0.4, 0.05);
  // Scale does not matter: each series is standardised before pooling.
  std::vector<double> scaled = b;
  for (double& v : scaled) v *= 100;
  EXPECT_NEAR(pooled_ar1({a, b}), pooled_ar1({a, scaled}), 1e-12);
}

TEST(StoreModel, WeeklyProfileCarriesYesterdaysShock) {
  std::vector<double> shock;
  const std::vector<double> total = shocked_total(364, 0.4, 0.1, 9, &shock);
  const ProfileFit p = weekly_profile_ar1(total, 2);
  ASSERT_TRUE(p.ok);
  EXPECT_NEAR(p.ar, 0.4, 0.12);
  // σ_η² ≈ 0.1² (1 - 0.4²) = 0.0084.
  EXPECT_NEAR(p.shock_variance, 0.0084, 0.002);
  // Tomorrow (day 364, a Monday): the profile × exp(φ u_T + σ²/2), u_T the deviation of the
  // last day; the day after, φ² u_T and a wider spread.
  // The profile of weekday w is exp(mean log total) = 8000 × week[w] × exp(mean shock on w), so
  // the deviation is the shock less its weekday mean, exactly.
  const auto mean_shock = [&](std::size_t w) {
    double sum = 0;
    int count = 0;
    for (std::size_t t = w; t < shock.size(); t += 7) {
      sum += shock[t];
      ++count;
    }
    return sum / count;
  };
  const double u = p.deviations.back();  // day 363, a Sunday
  EXPECT_NEAR(u, shock.back() - mean_shock(363 % 7), 1e-9);
  EXPECT_NEAR(p.ahead[0],
              8000 * kWeek[0] * std::exp(mean_shock(0) + p.ar * u + p.shock_variance / 2),
              1e-6 * p.ahead[0]);
  EXPECT_GT(p.ahead_variance[1] / (p.ahead[1] * p.ahead[1]),
            p.ahead_variance[0] / (p.ahead[0] * p.ahead[0]));
  // The forecast knows more than the profile: its one-step errors are smaller than the
  // profile alone would make them (φ² of the shock's variance is predictable).
  double with = 0;
  double without = 0;
  for (std::size_t t = 1; t < total.size(); ++t) {
    with += std::pow(std::log(total[t] / p.fitted[t]), 2);
    without += std::pow(std::log(total[t] / (8000 * kWeek[t % 7])), 2);
  }
  EXPECT_LT(with, 0.95 * without);
}

TEST(StoreModel, SharesAreCoherentAndExactWithoutNoise) {
  // Three items at fixed shares 0.2, 0.3, 0.5 of a total that moves: the shares are recovered
  // exactly, with no item noise, and the item forecasts add up to the total's.
  const std::vector<double> total = shocked_total(120, 0.4, 0.1, 2);
  std::vector<std::vector<double>> items(3);
  for (const double t : total) {
    items[0].push_back(0.2 * t);
    items[1].push_back(0.3 * t);
    items[2].push_back(0.5 * t);
  }
  const SharesFit s = fit_shares(items, total);
  EXPECT_NEAR(s.shares[0], 0.2, 1e-12);
  EXPECT_NEAR(s.shares[1], 0.3, 1e-12);
  EXPECT_NEAR(s.shares[2], 0.5, 1e-12);
  for (const double v : s.noise_variance) EXPECT_NEAR(v, 0.0, 1e-6);
  const TopDownFit td = top_down(items, 3);
  for (std::size_t h = 0; h < 3; ++h) {
    double sum = 0;
    for (const ModelFit& f : td.items) sum += f.ahead[h];
    EXPECT_NEAR(sum, td.total.ahead[h], 1e-6 * td.total.ahead[h]);
    // Variance p² Var(total) (+ no noise here).
    EXPECT_NEAR(td.items[1].ahead_variance[h], 0.09 * td.total.ahead_variance[h],
                1e-9 * td.total.ahead_variance[h]);
  }
  EXPECT_NEAR(td.items[2].common_sd, 0.5 * std::sqrt(td.total.ahead_variance.back()), 1e-9);
}

TEST(StoreModel, SharesFollowADriftingItem) {
  // Item a's share drifts from 0.3 to 0.45 over 100 days: the exponentially weighted share ends
  // near the recent level, not the average.
  std::vector<double> total(100, 1000.0);
  std::vector<std::vector<double>> items(2);
  for (int t = 0; t < 100; ++t) {
    const double share = 0.3 + 0.15 * t / 99.0;
    items[0].push_back(share * 1000);
    items[1].push_back((1 - share) * 1000);
  }
  const SharesFit s = fit_shares(items, total);
  EXPECT_GT(s.shares[0], 0.42);
  EXPECT_NEAR(s.shares[0] + s.shares[1], 1.0, 1e-12);
}

TEST(StoreModel, LocalLevelGainMatchesTheKalmanFilter) {
  // Closed form: a²/(1 - a) = λ; λ = 0.5 gives a = 0.5 exactly, λ = 2 gives √3 - 1.
  EXPECT_NEAR(local_level_gain(0.5), 0.5, 1e-15);
  EXPECT_NEAR(local_level_gain(2.0), std::sqrt(3.0) - 1, 1e-15);
  EXPECT_EQ(local_level_gain(0.0), 0.0);
  // Against the Riccati recursion of the local-level filter (random walk variance q, observation
  // noise r) run to its steady state: gain K = (P + q) / (P + q + r), P ← (1 - K)(P + q).
  for (const double ratio : {1e-4, 0.01, 0.3, 5.0}) {
    const double q = ratio;
    const double r = 1.0;
    double p = 1.0;
    double gain = 0;
    for (int i = 0; i < 100000; ++i) {
      gain = (p + q) / (p + q + r);
      p = (1 - gain) * (p + q);
    }
    EXPECT_NEAR(local_level_gain(ratio), gain, 1e-9) << ratio;
  }
}

TEST(StoreModel, BusyItemsShareFollowsFasterThanRareOnes) {
  // Two items with the same relative drift, one selling 20 times as much: each gain is the
  // local-level gain at λ_i = κ m_i (m_i the mean daily count) with one κ, so the busy item's is
  // larger; the shares are renormalised to 1 on every day.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::vector<double>> items(3);
  std::vector<double> total;
  double w0 = 0;
  double w1 = 0;
  for (int t = 0; t < 140; ++t) {
    w0 += 0.02 * normal(rng);
    w1 += 0.02 * normal(rng);
    const double m0 = 400 * std::exp(w0);
    const double m1 = 20 * std::exp(w1);
    items[0].push_back(std::max(0.0, std::round(m0 + std::sqrt(m0) * normal(rng))));
    items[1].push_back(std::max(0.0, std::round(m1 + std::sqrt(m1) * normal(rng))));
    items[2].push_back(std::max(0.0, std::round(600 + std::sqrt(600.0) * normal(rng))));
    total.push_back(items[0].back() + items[1].back() + items[2].back());
  }
  const SharesFit s = fit_shares(items, total);
  ASSERT_EQ(s.gains.size(), 3u);
  EXPECT_GT(s.gains[0], s.gains[1]);
  for (std::size_t i = 0; i < 3; ++i) {
    const double m = std::accumulate(items[i].begin(), items[i].end(), 0.0) / 140;
    EXPECT_NEAR(s.gains[i], std::max(0.005, local_level_gain(s.kappa * m)), 1e-12);
  }
  EXPECT_NEAR(s.shares[0] + s.shares[1] + s.shares[2], 1.0, 1e-12);
  for (std::size_t t = 1; t < 140; ++t)
    EXPECT_NEAR(s.ahead[0][t] + s.ahead[1][t] + s.ahead[2][t], 1.0, 1e-12);
}

TEST(StoreModel, WeekdayShareFactorsExactWithoutNoise) {
  // Item a sells 0.2 g_d of the total, g = 1 on weekdays 0-4 and 1.5 on 5-6; item b the rest.
  // Any 7 consecutive days hold each weekday once, so the ratios to the centred 7-day mean are
  // exact: f_a = g / mean g = 0.875 and 1.3125; f_b = (1 - 0.2 g) / mean(1 - 0.2 g) =
  // 0.8 / (5.4 / 7) = 28/27 and 0.7 / (5.4 / 7) = 49/54.
  std::vector<double> total;
  std::vector<std::vector<double>> items(2);
  for (int t = 0; t < 70; ++t) {
    const double g = t % 7 >= 5 ? 1.5 : 1.0;
    total.push_back(t % 3 == 0 ? 900.0 : 1100.0);
    items[0].push_back(0.2 * g * total.back());
    items[1].push_back(total.back() - items[0].back());
  }
  const std::vector<std::vector<double>> f = weekday_share_factors(items, total);
  for (std::size_t d = 0; d < 7; ++d) {
    EXPECT_NEAR(f[0][d], d >= 5 ? 1.3125 : 0.875, 1e-12) << d;
    EXPECT_NEAR(f[1][d], d >= 5 ? 49.0 / 54 : 28.0 / 27, 1e-12) << d;
  }
  // The top-down shares follow the weekday: a's forecast share on a day of class 5 is 0.3.
  const SharesFit s = fit_shares(items, total);
  EXPECT_NEAR(shares_on(s, 75)[0], 0.3, 1e-9);  // 75 mod 7 = 5
  EXPECT_NEAR(shares_on(s, 71)[0], 0.2, 1e-9);  // 71 mod 7 = 1
  const TopDownFit td = top_down(items, 7);
  for (std::size_t h = 0; h < 7; ++h) {
    const double g = (70 + h) % 7 >= 5 ? 1.5 : 1.0;
    EXPECT_NEAR(td.items[0].ahead[h], 0.2 * g * td.total.ahead[h], 1e-6 * td.total.ahead[h]);
  }
}

TEST(StoreModel, WeekdayShareFactorsUnderCountNoise) {
  // Counts Poisson around a total of 1000: an item with no weekday pattern (30 a day) and one
  // at 200 on weekdays, 280 on weekdays 5-6 (factors 1 and 1.4 over their mean 7.8/7). Each
  // factor is a mean of ~19 ratios: the flat item's scatter by ~0.18/√19 ≈ 0.04 about 1, the
  // busy one's by ~0.07/√19 ≈ 0.016 about its truth.
  std::mt19937_64 rng(11);
  std::vector<double> total(140, 1000.0);
  std::vector<std::vector<double>> items(3);
  for (int t = 0; t < 140; ++t) {
    std::poisson_distribution<int> flat(30.0);
    std::poisson_distribution<int> weekend(t % 7 >= 5 ? 280.0 : 200.0);
    items[0].push_back(flat(rng));
    items[1].push_back(weekend(rng));
    items[2].push_back(1000.0 - items[0].back() - items[1].back());
  }
  const std::vector<std::vector<double>> f = weekday_share_factors(items, total);
  const double mean = (5 * 1.0 + 2 * 1.4) / 7;
  for (std::size_t d = 0; d < 7; ++d) {
    EXPECT_NEAR(f[0][d], 1.0, 0.15) << d;  // > 3 sd
    EXPECT_NEAR(f[1][d], (d >= 5 ? 1.4 : 1.0) / mean, 0.06) << d;
  }
  double sum = 0;
  for (const double x : f[0]) sum += x;
  EXPECT_NEAR(sum, 7.0, 1e-12);  // scaled to mean 1
}

TEST(StoreModel, CensoredDispersionClosedFormsAndLikelihood) {
  // No censored day: the mean of e² / m. (2² / 4 + 3² / 9 + 1² / 1) / 3 = 1.
  EXPECT_DOUBLE_EQ(censored_dispersion({2, -3, 1}, {4, 9, 1}, {0, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(censored_dispersion({}, {}, {}), 0.0);
  EXPECT_TRUE(std::isnan(censored_dispersion({1}, {1}, {1})));
  // One observed e = 1 (m = 1) and one day censored at c = 0 (m = 1): the censored term is
  // log P(N(0, d) >= 0) = log ½ whatever d, so the estimate is the observed day's alone, 1.
  EXPECT_NEAR(censored_dispersion({1, 0}, {1, 1}, {0, 1}), 1.0, 1e-6);
  // Observed e = 1 and censored at c = 1 (m = 1): -½ log d - 1 / (2d) + log Q(1 / √d); its
  // maximum found by a fine grid here (a second implementation), above 1: a day known to be
  // at least 1 plate over the mean pushes the spread up.
  const auto log_l = [](double d) {
    return -0.5 * std::log(d) - 1 / (2 * d) + std::log(0.5 * std::erfc(1 / std::sqrt(2 * d)));
  };
  double best = 0;
  double best_l = -1e300;
  for (double d = 0.01; d < 20; d += 1e-4) {
    if (log_l(d) > best_l) {
      best_l = log_l(d);
      best = d;
    }
  }
  const double mle = censored_dispersion({1, 1}, {1, 1}, {0, 1});
  EXPECT_GT(mle, 1.0);
  EXPECT_NEAR(mle, best, 2e-4);
  // Normal errors with d = 2 per unit, m = 50, censored above the 60 % quantile (as a stock
  // set near the median): the censored likelihood recovers d; the days not censored alone
  // understate it: E[X² | X < c] = σ² (1 - c φ(c) / Φ(c)) for X ~ N(0, σ²) and c in sd units,
  // 2 × (1 - 0.2533 × 0.38634 / 0.6) = 1.674.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> e;
  std::vector<double> m;
  std::vector<std::uint8_t> c;
  const double sd = std::sqrt(2.0 * 50);
  const double cut = 0.2533 * sd;  // Φ⁻¹(0.6)
  for (int t = 0; t < 4000; ++t) {
    const double x = sd * normal(rng);
    m.push_back(50);
    c.push_back(x > cut ? 1 : 0);
    e.push_back(x > cut ? cut : x);
  }
  EXPECT_NEAR(censored_dispersion(e, m, c), 2.0, 0.12);
  std::vector<double> kept;
  std::vector<double> kept_m;
  for (std::size_t t = 0; t < e.size(); ++t)
    if (c[t] == 0) {
      kept.push_back(e[t]);
      kept_m.push_back(50);
    }
  EXPECT_NEAR(censored_dispersion(kept, kept_m, std::vector<std::uint8_t>(kept.size(), 0)), 1.674,
              0.1);
}

TEST(StoreModel, CensoredItemNoiseWidensOnlySoldOutItems) {
  // Two items at shares 0.3 and 0.7 of a total, with count noise; item 0's demand censored
  // at a stock near its mean on the days it exceeds it, its uncensored estimate set to the
  // stock (an estimate as smooth as the stock): its noise factor is above 1, item 1's is 1,
  // and without censoring information both are 1.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::vector<double>> items(2);
  std::vector<std::vector<double>> sold(2);
  std::vector<std::vector<std::uint8_t>> out(2);
  std::vector<double> total;
  for (int t = 0; t < 112; ++t) {
    const double a = 300 + std::sqrt(300.0) * 2 * normal(rng);
    const double b = 700 + std::sqrt(700.0) * 2 * normal(rng);
    const bool cut = a > 305;
    items[0].push_back(cut ? 305 : a);
    sold[0].push_back(cut ? 305 : a);
    out[0].push_back(cut ? 1 : 0);
    items[1].push_back(b);
    sold[1].push_back(b);
    out[1].push_back(0);
    total.push_back(items[0].back() + b);
  }
  const SharesFit plain = fit_shares(items, total);
  const SharesFit censored = fit_shares(items, total, 56, out, sold);
  EXPECT_DOUBLE_EQ(plain.censoring_factor[0], 1.0);
  EXPECT_GT(censored.censoring_factor[0], 1.5);
  EXPECT_DOUBLE_EQ(censored.censoring_factor[1], 1.0);
  EXPECT_DOUBLE_EQ(censored.dispersion[1], plain.dispersion[1]);
  EXPECT_NEAR(censored.dispersion[0], censored.censoring_factor[0] * plain.dispersion[0],
              1e-12 * censored.dispersion[0]);
}

TEST(StoreModel, CensoredTotalWidensTheSpreadByTheVarianceRatio) {
  // The items' sum swings with log deviations u[t]; the sold total given swings half as much
  // (busy days censored): the standardised deviations are the same, so is φ, and the shock
  // variance of the sum is exactly 4 × the sold total's: the total's variance × 4.
  const std::vector<double> sum = shocked_total(140, 0.4, 0.1, 21);
  std::vector<double> sold;
  for (std::size_t t = 0; t < sum.size(); ++t)
    sold.push_back(8000 * kWeek[t % 7] * std::sqrt(sum[t] / (8000 * kWeek[t % 7])));
  std::vector<std::vector<double>> items(2);
  for (const double v : sum) {
    items[0].push_back(0.4 * v);
    items[1].push_back(0.6 * v);
  }
  TopDownOptions o;
  o.total = sold;
  const TopDownFit td = top_down(items, 1, o);
  EXPECT_NEAR(td.censoring_widening, 4.0, 1e-9);
  const ModelFit plain = total_model(sold, 1);
  EXPECT_NEAR(td.total.ahead_variance[0], 4.0 * plain.ahead_variance[0],
              1e-9 * plain.ahead_variance[0]);
  // The sold total varying as much as the sum (no censoring): no widening.
  o.total = sum;
  EXPECT_DOUBLE_EQ(top_down(items, 1, o).censoring_widening, 1.0);
}

}  // namespace
}  // namespace kaiten::headoffice

namespace kaiten::headoffice {
namespace {

/// Σ_t (1 - a)^(T - t) num[t] / Σ_t (1 - a)^(T - t) den[t]: the exponentially weighted ratio
/// written as the weighted sums (not the recursion the model runs).
double weighted_ratio(const std::vector<double>& num, const std::vector<double>& den, double a) {
  double n = 0;
  double d = 0;
  const std::size_t last = num.size() - 1;
  for (std::size_t t = 0; t < num.size(); ++t) {
    const double w = std::pow(1 - a, static_cast<double>(last - t));
    n += w * num[t];
    d += w * den[t];
  }
  return n / d;
}

TEST(StoreModel, LeadingItemsFormAShareGroup) {
  // A leader whose sales triple on day 56 while the two small items stay put: their true shares
  // fall at once. With the leader as a group of its own, the small items' share is the group's,
  // followed by the gain of their joint volume, split by their (constant) shares within it.
  const std::size_t n = 84;
  std::vector<std::vector<double>> items(3, std::vector<double>(n));
  std::vector<double> total(n);
  for (std::size_t t = 0; t < n; ++t) {
    items[0][t] = t < 56 ? 100.0 : 300.0;
    items[1][t] = 10.0;
    items[2][t] = 30.0;
    total[t] = items[0][t] + items[1][t] + items[2][t];
  }
  const SharesFit one = fit_shares(items, total);
  const SharesFit grouped = fit_shares(items, total, 56, {}, {}, 1);
  EXPECT_EQ(one.leaders, 0U);
  ASSERT_EQ(grouped.leaders, 1U);
  // By hand: the series with the weekday factors divided out, each group's weighted share.
  std::vector<std::vector<double>> level(3, std::vector<double>(n));
  std::vector<double> level_total(n, 0.0);
  std::vector<double> small(n, 0.0);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t t = 0; t < n; ++t) {
      level[i][t] = items[i][t] / grouped.factors[i][t % 7];
      level_total[t] += level[i][t];
      if (i > 0) small[t] += level[i][t];
    }
  const auto gain = [&](double volume) {
    return std::clamp(local_level_gain(grouped.kappa * volume), 0.005, 1.0);
  };
  const double mean_a = (56 * 100.0 + 28 * 300.0) / n;
  const double small_share = weighted_ratio(small, level_total, gain(40));
  const double leader_share = weighted_ratio(level[0], level_total, gain(mean_a));
  const double b = small_share * weighted_ratio(level[1], small, gain(10));
  const double c = small_share * weighted_ratio(level[2], small, gain(30));
  const double sum = leader_share + b + c;
  EXPECT_NEAR(grouped.shares[0], leader_share / sum, 1e-9);
  EXPECT_NEAR(grouped.shares[1], b / sum, 1e-9);
  EXPECT_NEAR(grouped.shares[2], c / sum, 1e-9);
  // The small items' ratio within their group is exact (both constant).
  EXPECT_NEAR(grouped.shares[2] / grouped.shares[1], 3.0, 1e-9);
  // Every item a leader is one group again: the plain shares.
  const SharesFit all = fit_shares(items, total, 56, {}, {}, 3);
  EXPECT_EQ(all.leaders, 3U);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(all.shares[i], one.shares[i]);
}

}  // namespace
}  // namespace kaiten::headoffice
