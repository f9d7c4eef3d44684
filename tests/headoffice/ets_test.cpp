#include "kaiten/headoffice/ets.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace kaiten::headoffice {
namespace {

EtsSpec spec(const char* code) {
  return *ets_spec_from_string(code);
}

TEST(Ets, SpecNamesAndTheAdmissibleFamily) {
  EXPECT_EQ(to_string(spec("MAdM")), "ETS(M,Ad,M)");
  EXPECT_EQ(to_string(spec("ANN")), "ETS(A,N,N)");
  EXPECT_FALSE(ets_spec_from_string("AXN"));
  EXPECT_FALSE(ets_spec_from_string("ANNN"));
  // 3 trends × 3 seasons × 2 errors, less additive error with multiplicative season: 15.
  EXPECT_EQ(ets_specs(true, true, true).size(), 15U);
  // Zeros in the data: additive error and season only (ANN, ANA, AAN, AAA, AAdN, AAdA).
  EXPECT_EQ(ets_specs(false, true, true).size(), 6U);
  EXPECT_EQ(ets_specs(true, false, false).size(), 2U);  // ANN, MNN
  // k: ETS(M,Ad,M) with a week: α β γ φ, ℓ0 b0, 6 free seasonal terms, σ² = 13.
  EXPECT_EQ(ets_parameter_count(spec("MAdM"), 7), 13);
  EXPECT_EQ(ets_parameter_count(spec("ANN"), 7), 3);
}

TEST(Ets, SimpleExponentialSmoothingByHand) {
  // ETS(A,N,N), α = 0.5, ℓ0 = 10 on 12, 8, 11 (FPP3 §8.1 component form ℓ = αy + (1-α)ℓ):
  // forecasts 10, 11, 9.5; errors 2, -3, 1.5; final level 10.25.
  EtsState x;
  x.level = 10;
  const EtsRun run = ets_run({12, 8, 11}, spec("ANN"), {0.5, 0, 0, 1}, x);
  ASSERT_TRUE(run.ok);
  EXPECT_DOUBLE_EQ(run.fitted[0], 10);
  EXPECT_DOUBLE_EQ(run.fitted[1], 11);
  EXPECT_DOUBLE_EQ(run.fitted[2], 9.5);
  EXPECT_DOUBLE_EQ(run.final.level, 10.25);
  EXPECT_DOUBLE_EQ(run.sum_squares, 4 + 9 + 2.25);
  // -2 log L = n log(2π e σ̂²), σ̂² = 15.25 / 3 (Hyndman et al. 2008 §5.1).
  EXPECT_NEAR(ets_neg2_loglik(run, spec("ANN")),
              3 * std::log(2 * std::numbers::pi * std::numbers::e * 15.25 / 3), 1e-12);
}

TEST(Ets, MultiplicativeHoltWintersAgainstTheBooksErrorCorrectionForm) {
  // ETS(M,A,M) in the form of Hyndman et al. 2008 Table 2.3 (with ε = (y - μ) / μ):
  //   ℓ = (ℓ + b)(1 + αε), b = b + β(ℓ + b)ε, s = s(1 + γε).
  // A season of 2 days: ℓ0 = 10, b0 = 1, s = 0.8, 1.2; α = 0.5, β = 0.1, γ = 0.2; y = 9, 14.
  // By hand, day 0: μ = 11 × 0.8 = 8.8, ε = 0.2/8.8; ℓ = 11.125, b = 1.025, s = 0.80363636..
  EtsState x;
  x.level = 10;
  x.trend = 1;
  x.season = {0.8, 1.2};
  const EtsParams p{0.5, 0.1, 0.2, 1};
  const std::vector<double> y{9, 14, 10, 16, 12};
  const EtsRun run = ets_run(y, spec("MAM"), p, x);
  ASSERT_TRUE(run.ok);
  EXPECT_DOUBLE_EQ(run.fitted[0], 8.8);
  EXPECT_NEAR(run.fitted[1], (11.125 + 1.025) * 1.2, 1e-12);
  double l = 10;
  double b = 1;
  std::vector<double> s{0.8, 1.2};
  double log_mu = 0;
  double squares = 0;
  for (std::size_t t = 0; t < y.size(); ++t) {
    const double mu = (l + b) * s[t % 2];
    const double eps = (y[t] - mu) / mu;
    EXPECT_NEAR(run.fitted[t], mu, 1e-12) << t;
    EXPECT_NEAR(run.innovations[t], eps, 1e-12) << t;
    const double lb = l + b;
    l = lb * (1 + p.alpha * eps);
    b = b + p.beta * lb * eps;
    s[t % 2] *= 1 + p.gamma * eps;
    log_mu += std::log(mu);
    squares += eps * eps;
  }
  EXPECT_NEAR(run.final.level, l, 1e-12);
  EXPECT_NEAR(run.final.trend, b, 1e-12);
  // Oldest first: day 3 (index 1 of the circle), then day 4 (index 0).
  EXPECT_NEAR(run.final.season[0], s[1], 1e-12);
  EXPECT_NEAR(run.final.season[1], s[0], 1e-12);
  // Multiplicative error: -2 log L = n log(2π e Σε²/n) + 2 Σ log μ (book eq. 5.3 with σ² out).
  const double n = 5;
  EXPECT_NEAR(ets_neg2_loglik(run, spec("MAM")),
              n * std::log(2 * std::numbers::pi * std::numbers::e * squares / n) + 2 * log_mu,
              1e-9);
}

TEST(Ets, DampedAdditiveAgainstTheComponentForm) {
  // ETS(A,Ad,A) is damped Holt-Winters (FPP3 §8.3, FPP2 §7.6): with β = αβ* and γ = (1-α)γ*
  // the component form ℓ' = α(y - s) + (1-α)(ℓ + φb), b' = β*(ℓ' - ℓ) + (1-β*)φb,
  // s' = γ*(y - ℓ') + (1-γ*)s gives the same forecasts.
  EtsState x;
  x.level = 50;
  x.trend = 2;
  x.season = {-5, 0, 5};
  const double alpha = 0.4;
  const double beta_star = 0.3;
  const double gamma_star = 0.25;
  const double phi = 0.9;
  const EtsParams p{alpha, alpha * beta_star, (1 - alpha) * gamma_star, phi};
  const std::vector<double> y{47, 55, 60, 50, 54, 63, 49};
  const EtsRun run = ets_run(y, spec("AAdA"), p, x);
  double l = 50;
  double b = 2;
  std::vector<double> s{-5, 0, 5};
  for (std::size_t t = 0; t < y.size(); ++t) {
    EXPECT_NEAR(run.fitted[t], l + phi * b + s[t % 3], 1e-9) << t;
    const double new_l = alpha * (y[t] - s[t % 3]) + (1 - alpha) * (l + phi * b);
    const double new_b = beta_star * (new_l - l) + (1 - beta_star) * phi * b;
    s[t % 3] = gamma_star * (y[t] - new_l) + (1 - gamma_star) * s[t % 3];
    l = new_l;
    b = new_b;
  }
  EXPECT_NEAR(run.final.level, l, 1e-9);
  EXPECT_NEAR(run.final.trend, b, 1e-9);
}

EtsFit fit_with(const char* code, double alpha, double beta, double gamma, double phi,
                double sigma2, int period = 4) {
  EtsFit f;
  f.spec = spec(code);
  f.period = period;
  f.params = {alpha, beta, gamma, phi};
  f.final.level = 100;
  f.final.trend = f.spec.trend == EtsTrend::none ? 0.0 : 2.0;
  if (f.spec.season == EtsSeason::additive) f.final.season = {-10, 5, 10, -5};
  if (f.spec.season == EtsSeason::multiplicative) f.final.season = {0.9, 1.05, 1.1, 0.95};
  f.sigma2 = sigma2;
  return f;
}

TEST(Ets, ForecastVariancesMatchTheClosedForms) {
  // FPP3 Table 8.8 (Hyndman et al. 2008 Table 6.1), class 1 models, k = ⌊(h-1)/m⌋:
  //   ETS(A,N,N)  σ²[1 + α²(h-1)]
  //   ETS(A,A,N)  σ²[1 + (h-1){α² + αβh + β²h(2h-1)/6}]
  //   ETS(A,N,A)  σ²[1 + α²(h-1) + γk(2α + γ)]
  //   ETS(A,A,A)  σ²[1 + (h-1){α² + αβh + β²h(2h-1)/6} + γk{2α + γ + βm(k+1)}]
  const double a = 0.3;
  const double b = 0.05;
  const double g = 0.2;
  const double v = 4.0;
  const int m = 4;
  const auto ann = ets_forecast_variance(fit_with("ANN", a, 0, 0, 1, v), 10);
  const auto aan = ets_forecast_variance(fit_with("AAN", a, b, 0, 1, v), 10);
  const auto ana = ets_forecast_variance(fit_with("ANA", a, 0, g, 1, v), 10);
  const auto aaa = ets_forecast_variance(fit_with("AAA", a, b, g, 1, v), 10);
  for (int h = 1; h <= 10; ++h) {
    const auto i = static_cast<std::size_t>(h - 1);
    const double k = (h - 1) / m;
    const double trend = (h - 1) * (a * a + a * b * h + b * b * h * (2.0 * h - 1) / 6);
    EXPECT_NEAR(ann[i], v * (1 + a * a * (h - 1)), 1e-9) << h;
    EXPECT_NEAR(aan[i], v * (1 + trend), 1e-9) << h;
    EXPECT_NEAR(ana[i], v * (1 + a * a * (h - 1) + g * k * (2 * a + g)), 1e-9) << h;
    EXPECT_NEAR(aaa[i], v * (1 + trend + g * k * (2 * a + g + b * m * (k + 1))), 1e-9) << h;
  }
}

TEST(Ets, SimulatedVarianceAgreesWithTheAnalyticOne) {
  // A second route to the same number: sample paths of ETS(A,Ad,A) against the c_j sum.
  const EtsFit f = fit_with("AAdA", 0.3, 0.05, 0.2, 0.9, 4.0);
  const auto analytic = ets_forecast_variance(f, 9);
  const auto paths = ets_simulate(f, 9, 40000, 7);
  const auto mean = ets_forecast(f, 9);
  for (std::size_t h = 0; h < 9; ++h) {
    double m = 0;
    double var = 0;
    for (const auto& p : paths) m += p[h];
    m /= static_cast<double>(paths.size());
    for (const auto& p : paths) var += (p[h] - m) * (p[h] - m);
    var /= static_cast<double>(paths.size() - 1);
    EXPECT_NEAR(m, mean[h], 0.05) << h;
    EXPECT_NEAR(var / analytic[h], 1.0, 0.03) << h;
  }
  // Horizon 1 of a multiplicative-error model: μ² σ².
  const EtsFit mult = fit_with("MNM", 0.3, 0, 0.1, 1, 0.01);
  EXPECT_NEAR(ets_forecast_variance(mult, 1)[0], std::pow(ets_forecast(mult, 1)[0], 2) * 0.01,
              1e-9);
  // Horizons beyond are simulated: grow with the horizon.
  const auto grow = ets_forecast_variance(mult, 8, 20000, 3);
  EXPECT_GT(grow[7] / std::pow(ets_forecast(mult, 8)[7], 2), 0.01 * (1 + 0.3 * 0.3 * 6));
}

TEST(Ets, MaximumLikelihoodRecoversTheParametersOfASimulatedSeries) {
  // 3 years of a weekly-seasonal ETS(A,N,A) with α = 0.3, γ = 0.1, σ = 5.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(0.0, 5.0);
  std::vector<double> s{-20, -10, 0, 0, 5, 15, 10};
  double l = 200;
  std::vector<double> y;
  for (int t = 0; t < 3 * 364; ++t) {
    const double e = noise(rng);
    y.push_back(l + s[static_cast<std::size_t>(t % 7)] + e);
    l += 0.3 * e;
    s[static_cast<std::size_t>(t % 7)] += 0.1 * e;
  }
  const auto f = fit_ets(y, spec("ANA"));
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->params.alpha, 0.3, 0.05);
  EXPECT_NEAR(f->params.gamma, 0.1, 0.05);
  EXPECT_NEAR(std::sqrt(f->sigma2), 5.0, 0.3);
  // AICc prefers the true family to a non-seasonal or a trended one.
  const EtsFit best = fit_ets_auto(y, {}, {spec("ANN"), spec("ANA"), spec("AAA"), spec("AAN")});
  EXPECT_EQ(best.spec, spec("ANA"));
}

// AirPassengers (Box & Jenkins; monthly airline passengers, thousands, 1949-1960).
const std::vector<double> kAirPassengers{
    112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149,
    170, 170, 158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166,
    171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243,
    264, 272, 237, 211, 180, 201, 204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229,
    242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374,
    413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336,
    340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472,
    548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432};

TEST(Ets, AirPassengersLikeRForecast) {
  // Reference values of R's forecast package (ses(); ets(y, "MAM")), as recorded in the test
  // suite of Durbyn.jl: SES α = 0.9999 with every forecast 431.9958; ETS(M,A,M) forecasts
  // 441.80, 434.12, 496.63 .. 451.97 for the 12 months of 1961.
  EtsOptions o;
  o.period = 12;
  const auto ses = fit_ets(kAirPassengers, spec("ANN"), o);
  ASSERT_TRUE(ses);
  EXPECT_NEAR(ses->params.alpha, 0.9999, 1e-3);
  EXPECT_NEAR(ets_forecast(*ses, 1)[0], 431.9958, 0.05);
  const auto mam = fit_ets(kAirPassengers, spec("MAM"), o);
  ASSERT_TRUE(mam);
  const std::vector<double> r{441.8018, 434.1186, 496.63,   483.2375, 483.9914, 551.0244,
                              613.1797, 609.3648, 530.5408, 463.0332, 402.7478, 451.9694};
  const auto fc = ets_forecast(*mam, 12);
  for (std::size_t h = 0; h < 12; ++h) EXPECT_NEAR(fc[h] / r[h], 1.0, 0.03) << h;
  // A multiplicative season and error, as R's automatic ets chooses for this series.
  const EtsFit best = fit_ets_auto(kAirPassengers, o);
  EXPECT_EQ(best.spec.error, EtsError::multiplicative);
  EXPECT_EQ(best.spec.season, EtsSeason::multiplicative);
  EXPECT_LE(best.aicc, mam->aicc);
}

TEST(Ets, RefusesWhatItCannotFit) {
  EXPECT_FALSE(fit_ets({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, spec("ANA")));  // under 2 weeks
  std::vector<double> zeros(40, 5.0);
  zeros[3] = 0;
  EXPECT_FALSE(fit_ets(zeros, spec("MNN")));  // multiplicative needs data > 0
  EXPECT_TRUE(fit_ets(zeros, spec("ANN")));
  // Too short for any likelihood: ETS(A,N,N) from the mean, finite forecasts.
  const EtsFit tiny = fit_ets_auto({3, 5});
  EXPECT_EQ(tiny.spec, spec("ANN"));
  EXPECT_TRUE(std::isfinite(ets_forecast(tiny, 1)[0]));
}

}  // namespace
}  // namespace kaiten::headoffice
