#include "kaiten/headoffice/batch.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "kaiten/io/scenario_loader.hpp"

namespace kaiten::headoffice {
namespace {

ScenarioDef load(const std::string& name) {
  const LoadResult r = load_scenario_file(std::string(KAITEN_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front().to_string());
  return *r.scenario;
}

const Date kMonday = *Date::parse("2025-01-06");

TEST(Batch, DaySeedsAreDistinctAndStable) {
  std::set<std::uint64_t> seen;
  for (int k = 0; k < 400; ++k) {
    seen.insert(day_seed(1, kMonday + k));
    seen.insert(day_seed(2, kMonday + k));
    seen.insert(day_seed(1, kMonday + k, 1));
  }
  EXPECT_EQ(seen.size(), 1200U);
  EXPECT_EQ(day_seed(7, kMonday, 3), day_seed(7, kMonday, 3));
}

TEST(Batch, DemandPathWithoutVariationIsFlat) {
  ScenarioDef def = load("default.yaml");
  DemandPath path(def, 1, kMonday);
  path.advance_to(kMonday + 30);
  EXPECT_EQ(path.date(), kMonday + 30);
  EXPECT_DOUBLE_EQ(path.shock(), 0.0);
  for (const double w : path.log_popularity()) EXPECT_DOUBLE_EQ(w, 0.0);
}

TEST(Batch, DemandPathHasTheConfiguredStatistics) {
  ScenarioDef def = load("default.yaml");
  def.demand = {0.02, 0.1, 0.4};
  DemandPath path(def, 3, kMonday);
  std::vector<double> shocks{path.shock()};
  std::vector<double> steps;
  std::vector<double> walk = path.log_popularity();
  for (int k = 1; k < 4000; ++k) {
    path.advance_to(kMonday + k);
    shocks.push_back(path.shock());
    steps.push_back(path.log_popularity()[0] - walk[0]);
    walk = path.log_popularity();
  }
  const auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (const double x : v) s += x;
    return s / static_cast<double>(v.size());
  };
  const double m = mean(shocks);
  double var = 0;
  double cov = 0;
  for (std::size_t t = 0; t < shocks.size(); ++t) {
    var += (shocks[t] - m) * (shocks[t] - m);
    if (t > 0) cov += (shocks[t] - m) * (shocks[t - 1] - m);
  }
  EXPECT_NEAR(std::sqrt(var / static_cast<double>(shocks.size())), 0.1, 0.01);
  EXPECT_NEAR(cov / var, 0.4, 0.05);
  double step_var = 0;
  for (const double s : steps) step_var += s * s;
  EXPECT_NEAR(std::sqrt(step_var / static_cast<double>(steps.size())), 0.02, 0.002);

  // The same path whether advanced day by day or in one jump; a day's draws depend on the date.
  DemandPath jump(def, 3, kMonday);
  jump.advance_to(kMonday + 3999);
  EXPECT_DOUBLE_EQ(jump.shock(), shocks.back());
  EXPECT_EQ(jump.log_popularity(), walk);
}

TEST(Batch, ScenarioForADay) {
  ScenarioDef def = load("chain_store.yaml");
  def.demand = {0.05, 0.1, 0.0};
  DemandPath path(def, 1, kMonday);
  path.advance_to(kMonday + 7);  // 2025-01-13, Coming of Age Day (a Monday)
  const ScenarioDef day = scenario_for_day(def, kMonday + 7, path);
  EXPECT_EQ(day.customers.day, Weekday::mon);
  EXPECT_TRUE(day.customers.holiday);
  EXPECT_FALSE(scenario_for_day(def, kMonday + 1, path).customers.holiday);
  EXPECT_EQ(scenario_for_day(def, kMonday + 5, path).customers.day, Weekday::sat);
  const double factor = std::exp(path.shock() - 0.5 * 0.1 * 0.1);
  EXPECT_NEAR(day.customers.hourly_parties[12], def.customers.hourly_parties[12] * factor, 1e-9);
  EXPECT_NEAR(day.menu[3].popularity, def.menu[3].popularity * std::exp(path.log_popularity()[3]),
              1e-9);
  EXPECT_NE(day.menu[3].popularity, def.menu[3].popularity);
}

TEST(Batch, SinkSeesStockRunOut) {
  // faults.yaml: sea urchin has 60 plates of stock.
  const ScenarioDef def = load("faults.yaml");
  const int uni = find_item(def, "uni");
  ASSERT_GE(uni, 0);
  const auto u = static_cast<std::size_t>(uni);
  ItemDaySink sink(def);
  const DayResult result = simulate_day(def, 5, &sink);
  ASSERT_TRUE(sink.sold_out_at(u).has_value());
  EXPECT_EQ(sink.stock_taken(u), 60);
  EXPECT_GT(*sink.sold_out_at(u), def.open);
  EXPECT_LT(*sink.sold_out_at(u), def.close);
  EXPECT_LE(result.items[u].made, 60);
  std::int64_t orders = 0;
  for (const PartyResult& p : result.parties) orders += p.panel_orders;
  std::int64_t counted = 0;
  for (std::size_t i = 0; i < def.menu.size(); ++i) {
    counted += sink.panel_orders(i);
    EXPECT_GE(sink.stock_taken(i), result.items[i].made - sink.panel_orders(i));
    if (i != u) {
      EXPECT_FALSE(sink.sold_out_at(i).has_value());
    }
  }
  EXPECT_EQ(counted, orders);

  const DayRecord r = make_day_record("store", kMonday, def, result, sink, {}, {}, std::nullopt);
  EXPECT_EQ(r.items.size(), def.menu.size());
  EXPECT_EQ(r.items[u].stock_plates, 60);
  EXPECT_TRUE(r.items[u].stock_out);
  EXPECT_EQ(r.items[u].stock_out_min, *sink.sold_out_at(u) / kMsPerMinute);
  EXPECT_EQ(r.items[0].sold, result.items[0].eaten);
  EXPECT_EQ(r.items[0].made, result.items[0].made);
  EXPECT_FALSE(r.items[0].true_demand.has_value());
  std::int64_t hourly = 0;
  for (const auto h : r.hourly_sold) hourly += h;
  EXPECT_EQ(hourly, result.eaten);
  EXPECT_EQ(r.parties, static_cast<std::int64_t>(result.parties.size()));
}

TEST(Batch, InventoryUsesTheOldestFirstAndExpires) {
  Inventory inv;
  inv.deliver("fish", 100, kMonday + 1);
  inv.deliver("fish", 50, kMonday);
  inv.deliver("rice", 1000, kMonday + 30);
  EXPECT_DOUBLE_EQ(inv.on_hand("fish"), 150);
  EXPECT_DOUBLE_EQ(inv.take("fish", 70), 70);  // 50 expiring today, then 20 of tomorrow's
  const auto gone = inv.expire(kMonday);
  EXPECT_DOUBLE_EQ(gone.at("fish"), 0);
  EXPECT_DOUBLE_EQ(inv.on_hand("fish"), 80);
  EXPECT_DOUBLE_EQ(inv.take("fish", 500), 80);  // short
  EXPECT_DOUBLE_EQ(inv.take("nothing", 5), 0);
  inv.deliver("fish", 30, kMonday + 1);
  EXPECT_DOUBLE_EQ(inv.expire(kMonday + 1).at("fish"), 30);
  const auto lots = inv.lots();
  ASSERT_EQ(lots.size(), 1U);
  EXPECT_EQ(lots[0].ingredient, "rice");
  Inventory copy;
  copy.restore(lots);
  EXPECT_DOUBLE_EQ(copy.on_hand("rice"), 1000);
}

TEST(Batch, AllocationFollowsExpectedUseAndTheScarcestIngredient) {
  ScenarioDef def;
  def.menu.resize(3);
  def.menu[0].recipe = {{"rice", 30}, {"salmon", 20}};
  def.menu[1].recipe = {{"rice", 30}, {"tuna", 18}};
  // menu[2]: no recipe, no limit
  const auto plates =
      allocate_plates(def, {{"rice", 9000}, {"salmon", 2000}, {"tuna", 3600}}, {100, 200, 50});
  // Rice split 1:2 -> 3000 g and 6000 g -> 100 and 200 plates; salmon 100, tuna 200 plates.
  EXPECT_EQ(plates[0], 100);
  EXPECT_EQ(plates[1], 200);
  EXPECT_FALSE(plates[2].has_value());
  const auto scarce =
      allocate_plates(def, {{"rice", 9000}, {"salmon", 1000}, {"tuna", 3600}}, {100, 200, 50});
  EXPECT_EQ(scarce[0], 50);  // salmon binds
  const auto use = ingredient_use(def, {10, 20, 5});
  EXPECT_DOUBLE_EQ(use.at("rice"), 900);
  EXPECT_DOUBLE_EQ(use.at("salmon"), 200);
  EXPECT_DOUBLE_EQ(use.at("tuna"), 360);
}

TEST(Batch, CatalogueAndHolidaysFromTheScenario) {
  const ScenarioDef def = load("chain_store.yaml");
  const Catalogue c = catalogue_of(def);
  EXPECT_EQ(c.items.size(), def.menu.size());
  EXPECT_EQ(c.ingredients.size(), def.ingredients.size());
  std::size_t lines = 0;
  for (const MenuItem& item : def.menu) lines += item.recipe.size();
  EXPECT_EQ(c.recipes.size(), lines);
  EXPECT_TRUE(std::is_sorted(c.items.begin(), c.items.end(),
                             [](const auto& a, const auto& b) { return a.item < b.item; }));
  const std::vector<Date> holidays = holidays_of(def);
  EXPECT_EQ(holidays.size(), def.calendar.holidays.size());
  EXPECT_TRUE(is_holiday(def, *Date::parse("2025-05-05")));
  EXPECT_FALSE(is_holiday(def, *Date::parse("2025-05-07")));
}

}  // namespace
}  // namespace kaiten::headoffice
