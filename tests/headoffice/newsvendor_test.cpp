#include "kaiten/headoffice/newsvendor.hpp"

#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <random>

namespace kaiten::headoffice {
namespace {

TEST(Newsvendor, CriticalRatio) {
  EXPECT_DOUBLE_EQ(critical_ratio(3, 1), 0.75);
  EXPECT_DOUBLE_EQ(critical_ratio(1, 1), 0.5);
}

TEST(Newsvendor, EmpiricalQuantileIsTheInverseDistributionFunction) {
  const std::vector<double> s{5, 1, 4, 2, 3};  // sorted 1..5
  EXPECT_DOUBLE_EQ(empirical_quantile(s, 0.2), 1);
  EXPECT_DOUBLE_EQ(empirical_quantile(s, 0.21), 2);
  EXPECT_DOUBLE_EQ(empirical_quantile(s, 0.6), 3);
  EXPECT_DOUBLE_EQ(empirical_quantile(s, 0.99), 5);
  EXPECT_DOUBLE_EQ(empirical_quantile(s, 0.01), 1);
}

TEST(Newsvendor, OrderFromSamplesIsTheCriticalRatioQuantileOfANormal) {
  // cu = 3, co = 1: order the 0.75 quantile, μ + 0.6745 σ.
  const boost::math::normal_distribution<double> demand(200.0, 30.0);
  const double cr = critical_ratio(3, 1);
  const double exact = boost::math::quantile(demand, cr);
  std::mt19937_64 rng(11);
  std::normal_distribution<double> draw(200.0, 30.0);
  std::vector<double> samples(200'000);
  for (double& v : samples) v = draw(rng);
  const double q = empirical_quantile(samples, cr);
  EXPECT_NEAR(q, exact, 0.5);
  EXPECT_NEAR(exact, 200 + 30 * 0.6744897501960817, 1e-9);
  // It minimises the expected cost: nearby orders cost more.
  const double at_q = expected_cost(samples, q, 3, 1);
  EXPECT_LT(at_q, expected_cost(samples, q - 5, 3, 1));
  EXPECT_LT(at_q, expected_cost(samples, q + 5, 3, 1));
}

TEST(Newsvendor, DiscreteDemandBruteForceMatchesTheBoostQuantile) {
  // Poisson(40) demand, cu = 2, co = 1: the cheapest integer order, found by summing the
  // expected cost over the distribution, is the smallest q with F(q) >= 2/3.
  const boost::math::poisson_distribution<double> demand(40.0);
  const double cr = critical_ratio(2, 1);
  int best = 0;
  double best_cost = INFINITY;
  for (int q = 0; q <= 100; ++q) {
    double cost = 0;
    for (int d = 0; d <= 150; ++d) {
      const double p = boost::math::pdf(demand, d);
      cost += p * (d > q ? 2.0 * (d - q) : 1.0 * (q - d));
    }
    if (cost < best_cost) {
      best_cost = cost;
      best = q;
    }
  }
  int smallest = 0;
  while (boost::math::cdf(demand, smallest) < cr) ++smallest;
  EXPECT_EQ(best, smallest);
  // And from samples.
  std::mt19937_64 rng(5);
  std::poisson_distribution<int> draw(40.0);
  std::vector<double> samples(100'000);
  for (double& v : samples) v = draw(rng);
  EXPECT_EQ(empirical_quantile(samples, cr), best);
}

Catalogue two_item_catalogue() {
  Catalogue c;
  c.items = {{"a", "A", 120, 60}, {"b", "B", 120, 60}};
  c.ingredients = {{"fish", "Fish", 2000, 1, std::nullopt, std::nullopt}};
  c.recipes = {{"a", "fish", 20}, {"b", "fish", 20}};
  return c;
}

TEST(Newsvendor, IngredientQuantileFromSummedPathsNotFromSummedItemQuantiles) {
  // Two independent items N(100, 20²) using 20 g each. The ingredient need is N(4000, (20·20·√2)²)
  // g: its quantile is 4000 + z·566, not 2 × (2000 + z·400) (which assumes perfect correlation).
  const Catalogue c = two_item_catalogue();
  const IngredientCosts costs = ingredient_costs(c.ingredients[0], c, {});
  // Underage: margin 60 yen per 20 g plate = 3000 yen/kg; overage 2000 yen/kg (1-day life).
  EXPECT_DOUBLE_EQ(costs.underage_yen_per_kg, 3000);
  EXPECT_DOUBLE_EQ(costs.overage_yen_per_kg, 2000);
  const double cr = critical_ratio(3000, 2000);
  EXPECT_DOUBLE_EQ(cr, 0.6);
  std::mt19937_64 rng(21);
  std::normal_distribution<double> draw(100, 20);
  SamplePaths paths;
  paths.items = {"a", "b"};
  paths.samples.assign(2, std::vector<double>(100'000));
  for (std::size_t s = 0; s < 100'000; ++s) {
    paths.samples[0][s] = draw(rng);
    paths.samples[1][s] = draw(rng);
  }
  const auto orders = ingredient_orders(c, paths, {}, {}, {0.5});
  ASSERT_EQ(orders.size(), 1U);
  const boost::math::normal_distribution<double> sum(4000, 20 * 20 * std::sqrt(2.0));
  EXPECT_NEAR(orders[0].target_g, boost::math::quantile(sum, cr), 8.0);
  EXPECT_NEAR(orders[0].mean_need_g, 4000, 8.0);
  EXPECT_NEAR(orders[0].need_quantiles_g[0], 4000, 8.0);
  const boost::math::normal_distribution<double> item(2000, 400);
  const double summed_quantiles = 2 * boost::math::quantile(item, cr);
  EXPECT_LT(orders[0].target_g, summed_quantiles - 40);

  // Perfectly correlated paths (the same draw for both) do add up quantile for quantile.
  paths.samples[1] = paths.samples[0];
  const auto together = ingredient_orders(c, paths, {}, {}, {});
  EXPECT_NEAR(together[0].target_g, summed_quantiles, 10.0);
}

TEST(Newsvendor, OnHandStockAndPlatesPerSale) {
  const Catalogue c = two_item_catalogue();
  SamplePaths paths;
  paths.items = {"a", "b"};
  paths.samples = {std::vector<double>(10, 100.0), std::vector<double>(10, 50.0)};
  // Need = 20 × 100 × 1.5 + 20 × 50 × 1 = 4000 g on every path.
  const auto orders = ingredient_orders(c, paths, {{"a", 1.5}}, {{"fish", 1500.0}}, {});
  EXPECT_DOUBLE_EQ(orders[0].target_g, 4000);
  EXPECT_DOUBLE_EQ(orders[0].on_hand_g, 1500);
  EXPECT_DOUBLE_EQ(orders[0].order_g, 2500);
  const auto plenty = ingredient_orders(c, paths, {{"a", 1.5}}, {{"fish", 9000.0}}, {});
  EXPECT_DOUBLE_EQ(plenty[0].order_g, 0);
}

TEST(Newsvendor, DerivedCostsWeightItemsByExpectedPlates) {
  Catalogue c;
  c.items = {{"cheap", "", 120, 60}, {"dear", "", 360, 180}};
  c.ingredients = {{"rice", "", 400, 30, std::nullopt, std::nullopt},
                   {"set", "", 1000, 2, 5000.0, 700.0}};
  c.recipes = {{"cheap", "rice", 30}, {"dear", "rice", 30}, {"cheap", "set", 10}};
  // Underage of rice: (3 × 60 + 1 × 180) / (3 × 30 + 1 × 30) g = 3 yen/g = 3000 yen/kg.
  const IngredientCosts rice = ingredient_costs(c.ingredients[0], c, {{"cheap", 3}, {"dear", 1}});
  EXPECT_DOUBLE_EQ(rice.underage_yen_per_kg, 3000);
  EXPECT_DOUBLE_EQ(rice.overage_yen_per_kg, 400.0 / 30);
  EXPECT_TRUE(rice.underage_derived && rice.overage_derived);
  const IngredientCosts set = ingredient_costs(c.ingredients[1], c, {});
  EXPECT_DOUBLE_EQ(set.underage_yen_per_kg, 5000);  // configured
  EXPECT_DOUBLE_EQ(set.overage_yen_per_kg, 700);
  EXPECT_FALSE(set.underage_derived || set.overage_derived);
}

}  // namespace
}  // namespace kaiten::headoffice
