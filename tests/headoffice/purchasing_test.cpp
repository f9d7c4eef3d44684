#include "kaiten/headoffice/purchasing.hpp"

#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <random>

#include "test_support.hpp"

namespace kaiten::headoffice {
namespace {

double sample_correlation(const std::vector<double>& a, const std::vector<double>& b) {
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= static_cast<double>(a.size());
  mb /= static_cast<double>(b.size());
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) * (a[i] - ma);
    bb += (b[i] - mb) * (b[i] - mb);
  }
  return ab / std::sqrt(aa * bb);
}

TEST(Purchasing, CorrelatedShocksHaveUnitVarianceAndTheCorrelationsAsked) {
  const ShockCorrelation c{{"east", "west"}, {0.6, 0.3}, 0.1};
  const std::vector<std::string> regions = {"east", "east", "west", "west"};
  const auto s = correlated_shocks(c, regions, 40000, 7);
  ASSERT_EQ(s.size(), 4u);
  for (const auto& x : s) {
    double sum = 0, sq = 0;
    for (const double v : x) {
      sum += v;
      sq += v * v;
    }
    const double n = static_cast<double>(x.size());
    EXPECT_NEAR(sum / n, 0.0, 0.02);
    EXPECT_NEAR(sq / n - (sum / n) * (sum / n), 1.0, 0.03);
  }
  EXPECT_NEAR(sample_correlation(s[0], s[1]), 0.6, 0.02);
  EXPECT_NEAR(sample_correlation(s[2], s[3]), 0.3, 0.02);
  EXPECT_NEAR(sample_correlation(s[0], s[2]), 0.1, 0.02);
  // The same seed, the same draws.
  EXPECT_EQ(correlated_shocks(c, regions, 100, 7)[3], correlated_shocks(c, regions, 100, 7)[3]);
}

TEST(Purchasing, ShockCorrelationIsRecoveredFromAr1Deviations) {
  // Two regions of three stores; innovations with correlation 0.5 within a region and 0.1
  // between, carried by AR(1) deviations (persistence 0.4, as in the simulated store).
  const ShockCorrelation truth{{"a", "b"}, {0.5, 0.5}, 0.1};
  const std::vector<std::string> regions = {"a", "a", "a", "b", "b", "b"};
  const auto innovations = correlated_shocks(truth, regions, 600, 3);
  std::vector<std::vector<double>> deviations(6);
  for (std::size_t j = 0; j < 6; ++j) {
    double d = 0;
    for (const double e : innovations[j]) deviations[j].push_back(d = 0.4 * d + 0.1 * e);
  }
  const ShockCorrelation c = estimate_shock_correlation(deviations, regions);
  ASSERT_EQ(c.regions, (std::vector<std::string>{"a", "b"}));
  EXPECT_NEAR(c.within[0], 0.5, 0.08);
  EXPECT_NEAR(c.within[1], 0.5, 0.08);
  EXPECT_NEAR(c.between, 0.1, 0.08);
  // A region of one store cannot show its own correlation: it gets the between-region one.
  const ShockCorrelation single =
      estimate_shock_correlation({deviations[0], deviations[1], deviations[3]}, {"a", "a", "b"});
  EXPECT_EQ(single.within[1], single.between);
}

/// A store whose only item needs one gram of "rice" a plate, with demand on path s of
/// mean + sd × shock[s] (normal), and the ingredient's costs configured.
struct NormalStore {
  StoreForecast forecast;
  Catalogue catalogue;
};
NormalStore normal_store(const std::string& id, double mean, double sd,
                         const std::vector<double>& shock) {
  NormalStore s;
  s.forecast.store = id;
  ItemForecast item;
  item.item = "maguro";
  item.mean = mean;
  s.forecast.items = {item};
  s.forecast.paths.items = {"maguro"};
  s.forecast.paths.samples = {{}};
  for (const double z : shock) s.forecast.paths.samples[0].push_back(mean + sd * z);
  s.catalogue.items = {{"maguro", "Tuna", 120, 58}};
  // Underage 3000 and overage 1000 yen/kg: critical ratio 0.75.
  s.catalogue.ingredients = {{"rice", "Rice", 450, 1, 3000.0, 1000.0}};
  s.catalogue.recipes = {{"maguro", "rice", 1.0}};
  return s;
}

/// The centre's orders for stores of the given means and sds, drawn with `within` correlation.
CentreOrder pooled(const std::vector<double>& mean, const std::vector<double>& sd, double within) {
  const std::vector<std::string> regions(mean.size(), "r");
  const auto shocks = correlated_shocks({{"r"}, {within}, 0.0}, regions, 100000, 11);
  std::vector<NormalStore> stores;
  for (std::size_t j = 0; j < mean.size(); ++j)
    stores.push_back(normal_store("s" + std::to_string(j), mean[j], sd[j], shocks[j]));
  std::vector<ChainMember> members;
  for (std::size_t j = 0; j < stores.size(); ++j)
    members.push_back(
        {stores[j].forecast.store, "dc", &stores[j].forecast, &stores[j].catalogue, {}, j});
  const std::vector<CentreOrder> orders = centre_orders(members);
  EXPECT_EQ(orders.size(), 1u);
  return orders.empty() ? CentreOrder{} : orders[0];
}

// The pooled quantile against the closed form for normal needs: independent stores have the sum's
// sd √Σσ², perfectly correlated ones Σσ; the expected cost at the optimum is (cu + co) σ φ(z).
TEST(Purchasing, PooledQuantileMatchesTheNormalClosedForms) {
  const std::vector<double> mean = {1000, 800, 600};
  const std::vector<double> sd = {100, 80, 60};
  const boost::math::normal standard;
  const double z = boost::math::quantile(standard, 0.75);
  const double phi = boost::math::pdf(standard, z);
  const double separate = (1000 + 800 + 600) + z * (100 + 80 + 60);
  // cu + co = 3000 + 1000 yen/kg = 4 yen a gram.
  const double separate_cost = 4.0 * (100 + 80 + 60) * phi;

  const CentreOrder independent = pooled(mean, sd, 0.0);
  EXPECT_NEAR(independent.critical_ratio, 0.75, 1e-12);
  const double sd_sum = std::sqrt(100.0 * 100 + 80 * 80 + 60 * 60);
  EXPECT_NEAR(independent.pooled_target_g, 2400 + z * sd_sum, 2.0);
  EXPECT_NEAR(independent.separate_target_g, separate, 2.0);
  EXPECT_NEAR(independent.pooled_cost_yen, 4.0 * sd_sum * phi, 0.01 * 4.0 * sd_sum * phi);
  EXPECT_NEAR(independent.separate_cost_yen, separate_cost, 0.01 * separate_cost);
  EXPECT_LT(independent.pooled_cost_yen, independent.separate_cost_yen);

  const CentreOrder perfect = pooled(mean, sd, 1.0 - 1e-12);
  EXPECT_NEAR(perfect.pooled_target_g, separate, 2.0);
  EXPECT_NEAR(perfect.pooled_cost_yen, separate_cost, 0.01 * separate_cost);
  EXPECT_NEAR(perfect.separate_cost_yen, separate_cost, 0.01 * separate_cost);
  EXPECT_EQ(perfect.stores, 3);
  EXPECT_NEAR(perfect.mean_need_g, 2400, 2.0);
}

TEST(Purchasing, OrdersNetTheStockOnHandPerStoreAndPooled) {
  const auto shocks = correlated_shocks({{"r"}, {0.0}, 0.0}, {"r", "r"}, 2000, 5);
  const NormalStore a = normal_store("a", 1000, 100, shocks[0]);
  const NormalStore b = normal_store("b", 1000, 100, shocks[1]);
  // Store a holds more than its target, store b none: the pooled order counts a's surplus.
  const std::vector<ChainMember> members = {
      {"a", "dc", &a.forecast, &a.catalogue, {{"rice", 2000}}, 0},
      {"b", "dc", &b.forecast, &b.catalogue, {}, 1}};
  const CentreOrder o = centre_orders(members).at(0);
  const double target_b = empirical_quantile(b.forecast.paths.samples[0], 0.75);
  EXPECT_NEAR(o.separate_order_g, target_b, 1e-9);  // a orders nothing
  EXPECT_NEAR(o.on_hand_g, 2000, 1e-9);
  EXPECT_NEAR(o.pooled_order_g, std::max(0.0, o.pooled_target_g - 2000), 1e-9);
}

TEST(Purchasing, ADeliveryCoversTheDaysToTheNextOne) {
  const Date monday = *Date::parse("2025-03-03");
  const std::vector<int> mon_wed_fri = {0, 2, 4};
  EXPECT_EQ(covered_days(monday, {}), 1);               // every day
  EXPECT_EQ(covered_days(monday, mon_wed_fri), 2);      // Monday and Tuesday
  EXPECT_EQ(covered_days(monday + 1, mon_wed_fri), 0);  // no delivery on Tuesday
  EXPECT_EQ(covered_days(monday + 4, mon_wed_fri), 3);  // Friday to Sunday
  EXPECT_EQ(covered_days(monday + 2, {2}), 7);          // weekly, on Wednesdays
}

TEST(Purchasing, AGivenTotalShockMakesStoresTotalsMoveTogether) {
  test::TempDir dir;
  HistoryStore h(dir.file("h.db"));
  const Date start = *Date::parse("2025-01-06");
  std::vector<StoreHistory> stores;
  for (const std::string id : {"s", "t"}) {
    h.ensure_store(id, StoreSource::sim);
    h.put_catalogue(id, test::small_catalogue());
    std::mt19937_64 rng(id == "s" ? 1 : 2);
    std::vector<DayRecord> records;
    for (int k = 0; k < 84; ++k) records.push_back(test::synthetic_day(id, start + k, rng));
    h.write_days(records);
    stores.push_back(h.load(id, start, start + 83));
  }
  const auto totals = [&](double within) {
    const auto shocks = correlated_shocks({{"r"}, {within}, 0.0}, {"r", "r"}, 4000, 9);
    std::vector<std::vector<double>> out;
    for (std::size_t j = 0; j < 2; ++j) {
      ForecastOptions o;
      o.sample_paths = 4000;
      o.total_shock = shocks[j];
      const StoreForecast f = forecast_store(stores[j], start + 84, o);
      std::vector<double> sum(4000, 0.0);
      for (const auto& item : f.paths.samples)
        for (std::size_t s = 0; s < sum.size(); ++s) sum[s] += item[s];
      out.push_back(sum);
    }
    return sample_correlation(out[0], out[1]);
  };
  EXPECT_NEAR(totals(0.0), 0.0, 0.05);
  EXPECT_NEAR(totals(0.5), 0.5, 0.05);
  EXPECT_GT(totals(1.0 - 1e-12), 0.99);
  // Without a shock the paths are the store's own, as before.
  ForecastOptions plain;
  ForecastOptions shocked;
  shocked.total_shock = correlated_shocks({{"r"}, {0.0}, 0.0}, {"r"}, plain.sample_paths, 1)[0];
  EXPECT_NE(forecast_store(stores[0], start + 84, plain).paths.samples,
            forecast_store(stores[0], start + 84, shocked).paths.samples);
}

}  // namespace
}  // namespace kaiten::headoffice
