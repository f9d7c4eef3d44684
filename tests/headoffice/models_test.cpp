#include "kaiten/headoffice/models.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace kaiten::headoffice {
namespace {

constexpr double kTol = 1e-6;

TEST(SeasonalNaive, SameWeekdayLastWeek) {
  const std::vector<double> y{1, 2, 3, 4, 5, 6, 7, 8, 9};
  const ModelFit f = seasonal_naive(y, 8);
  EXPECT_TRUE(std::isnan(f.fitted[6]));
  EXPECT_DOUBLE_EQ(f.fitted[7], 1);
  EXPECT_DOUBLE_EQ(f.fitted[8], 2);
  // Day 9 is y[2]; day 14 is y[7]; day 16 (h = 8) is y[9] (unknown) -> y[2].
  EXPECT_DOUBLE_EQ(f.ahead[0], 3);
  EXPECT_DOUBLE_EQ(f.ahead[5], 8);
  EXPECT_DOUBLE_EQ(f.ahead[7], 3);
  EXPECT_DOUBLE_EQ(f.sse, (8 - 1) * (8 - 1) + (9 - 2) * (9 - 2));
}

TEST(MeanOfLastWeeks, AveragesUpToFourSameWeekdays) {
  std::vector<double> y(35);
  for (std::size_t t = 0; t < y.size(); ++t) y[t] = static_cast<double>(t);
  const ModelFit f = mean_of_last_weeks(y, 1);
  EXPECT_TRUE(std::isnan(f.fitted[3]));
  EXPECT_DOUBLE_EQ(f.fitted[10], 3);                         // only y[3]
  EXPECT_DOUBLE_EQ(f.fitted[17], (10 + 3) / 2.0);            // y[10], y[3]
  EXPECT_DOUBLE_EQ(f.fitted[34], (27 + 20 + 13 + 6) / 4.0);  // four weeks, not five
  EXPECT_DOUBLE_EQ(f.ahead[0], (28 + 21 + 14 + 7) / 4.0);    // day 35
}

TEST(Ses, HandComputedRecursion) {
  // ℓ0 = 10, α = 0.5: ŷ = 10, 10, 11, 11; ℓ after the series = 12.
  const std::vector<double> y{10, 12, 11, 13};
  const ModelFit f = ses(y, 2, 0.5, 10.0);
  ASSERT_EQ(f.fitted.size(), 4U);
  EXPECT_DOUBLE_EQ(f.fitted[0], 10);
  EXPECT_DOUBLE_EQ(f.fitted[1], 10);
  EXPECT_DOUBLE_EQ(f.fitted[2], 11);
  EXPECT_DOUBLE_EQ(f.fitted[3], 11);
  EXPECT_DOUBLE_EQ(f.ahead[0], 12);
  EXPECT_DOUBLE_EQ(f.ahead[1], 12);    // flat
  EXPECT_DOUBLE_EQ(f.sse, 4 + 0 + 4);  // from t = 1
}

TEST(Ses, FitChoosesAlphaOneForARandomWalkAndSmallForNoise) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> z(0, 1);
  std::vector<double> walk{0};
  std::vector<double> noise;
  for (int t = 0; t < 300; ++t) {
    walk.push_back(walk.back() + z(rng));
    noise.push_back(50 + z(rng));
  }
  EXPECT_GT(fit_model(Model::ses, walk, 1).params.alpha, 0.8);
  EXPECT_LT(fit_model(Model::ses, noise, 1).params.alpha, 0.1);
}

// The textbook component form of additive Holt-Winters (Hyndman & Athanasopoulos, FPP3 §8.3):
//   ℓt = α(yt − st−m) + (1 − α)(ℓt−1 + bt−1)
//   bt = β*(ℓt − ℓt−1) + (1 − β*)bt−1
//   st = γ(yt − ℓt−1 − bt−1) + (1 − γ)st−m
// written out independently of the implementation's error-correction form.
struct TextbookHw {
  std::vector<double> fitted;
  std::vector<double> ahead;
};
TextbookHw textbook_hw(const std::vector<double>& y, double alpha, double beta, double gamma,
                       double level, double trend, std::vector<double> season, int horizon) {
  TextbookHw out;
  std::vector<double> s = std::move(season);  // s[k] is the term of day k - 7
  for (std::size_t k = 0; k < y.size(); ++k) {
    const double sm = s[k];
    out.fitted.push_back(level + trend + sm);
    const double l = alpha * (y[k] - sm) + (1 - alpha) * (level + trend);
    const double b = beta * (l - level) + (1 - beta) * trend;
    s.push_back(gamma * (y[k] - level - trend) + (1 - gamma) * sm);
    level = l;
    trend = b;
  }
  const int n = static_cast<int>(y.size());
  for (int h = 1; h <= horizon; ++h) {
    const int k = (h - 1) / 7;
    const int day = n - 1 + h - 7 * (k + 1);
    out.ahead.push_back(level + h * trend + s[static_cast<std::size_t>(day + 7)]);
  }
  return out;
}

TEST(HoltWinters, MatchesTheTextbookRecursionsOnAShortSeries) {
  const std::vector<double> y{12, 9, 10, 11, 14, 20, 18, 13, 10, 9, 12, 15, 22, 19};
  const std::vector<double> season{1, -2, -1, 0, 2, 5, -5};
  HoltWintersState init;
  init.level = 10;
  init.trend = 0.5;
  std::copy(season.begin(), season.end(), init.season.begin());
  const ModelParams p{0.5, 0.1, 0.2, true};
  HoltWintersState final;
  const ModelFit f = holt_winters(y, 8, p, init, &final);

  // By hand: ŷ0 = 10 + 0.5 + 1 = 11.5; e0 = 0.5; ℓ0 = 0.5·11 + 0.5·10.5 = 10.75;
  // b0 = 0.1·0.75 + 0.9·0.5 = 0.525; s0 = 0.2·1.5 + 0.8·1 = 1.1; ŷ1 = 10.75 + 0.525 − 2 = 9.275.
  EXPECT_NEAR(f.fitted[0], 11.5, kTol);
  EXPECT_NEAR(f.fitted[1], 9.275, kTol);
  EXPECT_NEAR(f.fitted[2], 10.64875, kTol);
  EXPECT_NEAR(f.fitted[7], 20.746061, kTol);  // the first day on an updated seasonal term
  EXPECT_NEAR(f.fitted[13], 11.81566, kTol);
  EXPECT_NEAR(final.level, 18.660166833147525, 1e-9);
  EXPECT_NEAR(final.trend, 0.7227636652235646, 1e-9);
  EXPECT_NEAR(f.ahead[0], 18.933718, kTol);
  EXPECT_NEAR(f.ahead[6], 21.904044, kTol);
  EXPECT_NEAR(f.ahead[7], 23.993064, kTol);  // h = 8 reuses the season of h = 1

  const TextbookHw ref = textbook_hw(y, 0.5, 0.1, 0.2, 10, 0.5, season, 8);
  for (std::size_t t = 0; t < y.size(); ++t) EXPECT_NEAR(f.fitted[t], ref.fitted[t], 1e-9) << t;
  for (std::size_t h = 0; h < 8; ++h) EXPECT_NEAR(f.ahead[h], ref.ahead[h], 1e-9) << h;
}

TEST(HoltWinters, WithoutTrendIgnoresBeta) {
  const std::vector<double> y{12, 9, 10, 11, 14, 20, 18, 13, 10, 9};
  HoltWintersState init;
  init.level = 12;
  init.trend = 3;  // ignored without a trend term
  const ModelFit a = holt_winters(y, 1, {0.3, 0.0, 0.1, false}, init);
  const ModelFit b = holt_winters(y, 1, {0.3, 0.9, 0.1, false}, init);
  const TextbookHw ref = textbook_hw(y, 0.3, 0.0, 0.1, 12, 0, std::vector<double>(7, 0.0), 1);
  for (std::size_t t = 0; t < y.size(); ++t) {
    EXPECT_NEAR(a.fitted[t], ref.fitted[t], 1e-12);
    EXPECT_DOUBLE_EQ(a.fitted[t], b.fitted[t]);
  }
}

TEST(HoltWinters, InitialStateRecoversAnExactSeasonalLine) {
  // y = 100 + 2 (t + 1) + s[t mod 7], s summing to zero: least squares finds it exactly, and the
  // model then forecasts the line without error.
  const std::vector<double> s{5, -3, 0, 2, 10, -4, -10};
  std::vector<double> y;
  for (int t = 0; t < 42; ++t)
    y.push_back(100 + 2.0 * (t + 1) + s[static_cast<std::size_t>(t % 7)]);
  const HoltWintersState init = holt_winters_initial_state(y, true);
  EXPECT_NEAR(init.level, 100, 1e-8);
  EXPECT_NEAR(init.trend, 2, 1e-8);
  for (std::size_t j = 0; j < 7; ++j) EXPECT_NEAR(init.season[j], s[j], 1e-8);
  const ModelFit f = holt_winters(y, 7, {0.3, 0.1, 0.1, true}, init);
  for (std::size_t t = 0; t < y.size(); ++t) EXPECT_NEAR(f.fitted[t], y[t], 1e-8);
  for (int h = 1; h <= 7; ++h)
    EXPECT_NEAR(f.ahead[static_cast<std::size_t>(h - 1)],
                100 + 2.0 * (42 + h) + s[static_cast<std::size_t>((41 + h) % 7)], 1e-8);
}

TEST(HoltWinters, FitTracksALevelShiftAndKeepsTheWeek) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> z(0, 2);
  const std::vector<double> s{10, 0, -5, -5, 0, 15, -15};
  std::vector<double> y;
  for (int t = 0; t < 140; ++t)
    y.push_back((t < 100 ? 100.0 : 130.0) + s[static_cast<std::size_t>(t % 7)] + z(rng));
  const ModelFit f = fit_model(Model::holt_winters, y, 7);
  for (int h = 1; h <= 7; ++h)
    EXPECT_NEAR(f.ahead[static_cast<std::size_t>(h - 1)],
                130 + s[static_cast<std::size_t>((139 + h) % 7)], 4.0)
        << h;
}

TEST(Croston, HandComputed) {
  // Demands 3 (after 3 days), 5 (after 4), 2 (after 2); α = 0.5.
  // After the first: z = 3, p = 3 -> 1.0. After the second: z = 4, p = 3.5 -> 1.142857.
  // After the third: z = 3, p = 2.75 -> 1.090909.
  const std::vector<double> y{0, 0, 3, 0, 0, 0, 5, 0, 2};
  const ModelFit f = croston(y, 1, 0.5);
  for (std::size_t t = 0; t <= 2; ++t) EXPECT_TRUE(std::isnan(f.fitted[t]));
  for (std::size_t t = 3; t <= 6; ++t) EXPECT_NEAR(f.fitted[t], 1.0, kTol);
  EXPECT_NEAR(f.fitted[7], 4.0 / 3.5, kTol);
  EXPECT_NEAR(f.fitted[8], 4.0 / 3.5, kTol);
  EXPECT_NEAR(f.ahead[0], 3.0 / 2.75, kTol);
  // Syntetos-Boylan approximation: × (1 - α/2).
  EXPECT_NEAR(croston(y, 1, 0.5, true).ahead[0], 0.75 * 3.0 / 2.75, kTol);
}

TEST(Tsb, HandComputed) {
  // Start after the first demand: z = 3, d = 1/3. α = 0.5, β = 0.2.
  const std::vector<double> y{0, 0, 3, 0, 0, 0, 5, 0, 2};
  const ModelFit f = tsb(y, 1, 0.5, 0.2);
  EXPECT_TRUE(std::isnan(f.fitted[2]));
  EXPECT_NEAR(f.fitted[3], 1.0, kTol);        // d z = 1/3 · 3
  EXPECT_NEAR(f.fitted[4], 0.8, kTol);        // d = 0.266667
  EXPECT_NEAR(f.fitted[5], 0.64, kTol);       // d = 0.213333
  EXPECT_NEAR(f.fitted[6], 0.512, kTol);      // d = 0.170667
  EXPECT_NEAR(f.fitted[7], 1.346133, kTol);   // d = 0.336533, z = 4
  EXPECT_NEAR(f.fitted[8], 1.0769067, kTol);  // d = 0.269227
  EXPECT_NEAR(f.ahead[0], 1.2461440, kTol);   // d = 0.415381, z = 3
}

TEST(Tsb, ForecastDecaysWhenDemandStops) {
  std::vector<double> y{4, 0, 5, 0, 3, 0};
  y.insert(y.end(), 30, 0.0);
  // Croston keeps its last estimate; TSB's probability falls with every empty day.
  const double croston_next = croston(y, 1, 0.2).ahead[0];
  const double tsb_next = tsb(y, 1, 0.2, 0.2).ahead[0];
  EXPECT_GT(croston_next, 1.0);
  EXPECT_LT(tsb_next, 0.01);
}

TEST(Intermittency, Classification) {
  EXPECT_FALSE(is_sparse({3, 4, 5, 2, 6, 1, 2}));
  EXPECT_TRUE(is_sparse({0, 0, 3, 0, 1, 0, 0}));
  const Intermittency i = intermittency({0, 2, 0, 2});
  EXPECT_DOUBLE_EQ(i.zero_share, 0.5);
  EXPECT_DOUBLE_EQ(i.adi, 2.0);
  const std::vector<Model> sparse =
      candidate_models(std::vector<double>{0, 0, 0, 1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 1});
  EXPECT_NE(std::find(sparse.begin(), sparse.end(), Model::croston), sparse.end());
  EXPECT_NE(std::find(sparse.begin(), sparse.end(), Model::tsb), sparse.end());
  const std::vector<Model> dense = candidate_models(std::vector<double>(20, 5.0));
  EXPECT_EQ(std::find(dense.begin(), dense.end(), Model::croston), dense.end());
}

TEST(SelectModel, SeasonalSeriesAvoidsSes) {
  std::mt19937_64 rng(9);
  std::normal_distribution<double> z(0, 1);
  const std::vector<double> s{10, 0, -5, -5, 0, 15, -15};
  std::vector<double> y;
  for (int t = 0; t < 112; ++t) y.push_back(100 + s[static_cast<std::size_t>(t % 7)] + z(rng));
  const Model m = select_model(y, candidate_models(y));
  EXPECT_NE(m, Model::ses);
  EXPECT_NE(m, Model::seasonal_naive);  // noisier than the smoothed models
  // Too short for a holdout: the mean of the last weeks.
  EXPECT_EQ(select_model(std::vector<double>(20, 1.0), candidate_models(y)), Model::mean4);
}

TEST(SelectModel, PreferredModelKeepsItsPlaceWithinTheMargin) {
  // A constant series: every smoothed model is as good as any other; the preferred one stays.
  std::vector<double> y(84, 50.0);
  EXPECT_EQ(select_model(y, {Model::mean4, Model::holt_winters, Model::combination}),
            Model::combination);
}

TEST(FillMissing, SameWeekdayThenLaterThenMean) {
  const double nan = std::nan("");
  const std::vector<double> y{nan, 1, 2, 3, 4, 5, 6, 7, nan, 9, 10, 11, 12, 13, 14};
  const std::vector<double> f = fill_missing(y);
  EXPECT_DOUBLE_EQ(f[0], 7);  // nothing a week before: a week after
  EXPECT_DOUBLE_EQ(f[8], 1);  // a week before
  EXPECT_EQ(fill_missing({nan, nan})[0], 0.0);
}

TEST(ModelNames, RoundTrip) {
  for (const Model m : kAllModels) EXPECT_EQ(model_from_string(to_string(m)), m);
  EXPECT_FALSE(model_from_string("arima").has_value());
}

}  // namespace
}  // namespace kaiten::headoffice
