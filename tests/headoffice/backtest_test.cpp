#include "kaiten/headoffice/backtest.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace kaiten::headoffice {
namespace {

using test::TempDir;

const Date kStart = *Date::parse("2025-01-06");

/// 112 days of the synthetic store, with the Poisson mean as the oracle's expected demand and,
/// from day 56 on, ingredient stock rows as a batch would write them.
void fill(HistoryStore& h) {
  h.ensure_store("s", StoreSource::sim);
  h.put_catalogue("s", test::small_catalogue());
  std::mt19937_64 rng(8);
  std::vector<DayRecord> days;
  for (int k = 0; k < 112; ++k) {
    const Date d = kStart + k;
    DayRecord r = test::synthetic_day("s", d, rng);
    r.items[0].expected_demand = 200 * test::weekday_factor(d);
    r.items[1].expected_demand = 300 * test::weekday_factor(d);
    if (k >= 56) {
      r.items[0].true_demand = *r.items[0].true_demand + 10;  // 10 plates lost every day
      r.stock = {{"tuna", "fixed", 5000, 5000, 4000, 1000, 0}};
    }
    days.push_back(std::move(r));
  }
  h.write_days(days);
}

TEST(Backtest, ModelsBeatSeasonalNaiveAndTheOracleBeatsThem) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  fill(h);
  BacktestOptions o;
  o.from = kStart + 84;
  o.to = kStart + 111;
  o.models = {"seasonal_naive", "mean4", "holt_winters", "auto"};
  const BacktestResult r = run_backtest(h, "s", o);
  EXPECT_EQ(r.days, 28);
  EXPECT_EQ(r.actuals, "true_demand");
  ASSERT_EQ(r.models.size(), 5U);  // four and the oracle
  const ModelScore& sn = r.models[0];
  const ModelScore& hw = r.models[2];
  const ModelScore& oracle = r.models[4];
  EXPECT_EQ(oracle.model, "oracle");
  // Poisson noise only: seasonal naive errs by the noise of two days, a smoothed model by about
  // one day's, the oracle by exactly one day's (RMSSE near 1/√2 of seasonal naive's).
  EXPECT_NEAR(sn.rmsse_items, 1.0, 0.3);
  EXPECT_LT(hw.rmsse_items, 0.85 * sn.rmsse_items);
  EXPECT_LT(oracle.rmsse_items, hw.rmsse_items + 0.05);
  EXPECT_NEAR(oracle.rmsse_items / sn.rmsse_items, std::sqrt(0.5), 0.15);
  EXPECT_DOUBLE_EQ(oracle.gap_closed, 1.0);
  EXPECT_DOUBLE_EQ(sn.gap_closed, 0.0);
  EXPECT_GT(hw.gap_closed, 0.5);
  EXPECT_LT(hw.rmsse_total, sn.rmsse_total);
  EXPECT_GT(hw.spl_items, 0);
  // Ordering on paper: better forecasts waste less at a similar fill rate.
  EXPECT_LT(hw.business.cost_yen, sn.business.cost_yen);
  EXPECT_GT(hw.business.fill_rate, 0.9);
  EXPECT_FALSE(r.models[3].chosen.empty());  // auto records its choices
  EXPECT_EQ(r.fixed_orders_g.size(), 3U);
  EXPECT_GT(r.fixed_orders.cost_yen, 0);
  // As run: the stock rows and the lost plates (true demand above sales).
  ASSERT_TRUE(r.as_run.has_value());
  EXPECT_EQ(r.as_run->days, 28);
  EXPECT_DOUBLE_EQ(r.as_run->expired_kg, 28.0);
  EXPECT_DOUBLE_EQ(r.as_run->expired_yen, 28.0 * 2400);
  EXPECT_DOUBLE_EQ(r.as_run->lost_plates, 280);
  EXPECT_DOUBLE_EQ(r.as_run->lost_margin_yen, 280.0 * 62);
  EXPECT_LT(r.as_run->fill_rate, 1.0);
}

TEST(Backtest, PairedBootstrapCoverageAndTopDown) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  fill(h);
  BacktestOptions o;
  o.from = kStart + 84;
  o.to = kStart + 111;
  o.models = {"seasonal_naive", "top_down", "auto"};
  o.compare = {{"top_down", "seasonal_naive"}, {"auto", "auto"}};
  o.bootstrap_replicates = 500;
  const BacktestResult r = run_backtest(h, "s", o);
  ASSERT_EQ(r.comparisons.size(), 2U);
  const ModelComparison& c = r.comparisons[0];
  // Poisson noise only: top-down errs by about one day's noise, seasonal naive by two days'.
  EXPECT_LT(c.items_diff, 0);
  EXPECT_LE(c.items_lo, c.items_diff);
  EXPECT_GE(c.items_hi, c.items_diff);
  EXPECT_LT(c.items_hi, 0);  // the interval excludes no difference
  EXPECT_EQ(c.items, 2);
  EXPECT_EQ(c.items_a_better, 2);
  // A model against itself: exactly zero, on every resample.
  EXPECT_DOUBLE_EQ(r.comparisons[1].items_diff, 0.0);
  EXPECT_DOUBLE_EQ(r.comparisons[1].items_lo, 0.0);
  EXPECT_DOUBLE_EQ(r.comparisons[1].total_hi, 0.0);
  // auto is the top-down model here (12 weeks of history).
  EXPECT_DOUBLE_EQ(r.models[1].rmsse_items, r.models[2].rmsse_items);
  EXPECT_EQ(r.models[2].chosen.at("top_down"), 2 * 28);
  // 90 % intervals of Poisson(200..480) demand: most of the 56 item-days inside.
  EXPECT_GT(r.models[1].coverage90, 0.75);
  EXPECT_LE(r.models[1].coverage90, 1.0);
  o.compare = {{"top_down", "ets"}};  // ets not scored
  EXPECT_THROW(run_backtest(h, "s", o), std::invalid_argument);
}

TEST(Backtest, ChainHistoryPoolsTheShock) {
  // A second store in the same history: its deviations pool into the shock's persistence, so
  // the top-down forecasts change; without pooling they are the single store's.
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  fill(h);
  h.ensure_store("t", StoreSource::sim);
  h.put_catalogue("t", test::small_catalogue());
  std::mt19937_64 rng(99);
  std::vector<DayRecord> days;
  for (int k = 0; k < 112; ++k) days.push_back(test::synthetic_day("t", kStart + k, rng, 400, 500));
  h.write_days(days);
  BacktestOptions o;
  o.from = kStart + 100;
  o.to = kStart + 111;
  o.models = {"top_down"};
  const BacktestResult pooled = run_backtest(h, "s", o);
  o.pool_chain = false;
  const BacktestResult alone = run_backtest(h, "s", o);
  EXPECT_NE(pooled.models[0].rmsse_items, alone.models[0].rmsse_items);
  EXPECT_NEAR(pooled.models[0].rmsse_items, alone.models[0].rmsse_items, 0.1);
}

TEST(Backtest, AgainstSalesAndBadInput) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  fill(h);
  BacktestOptions o;
  o.from = kStart + 100;
  o.to = kStart + 104;
  o.models = {"seasonal_naive", "seasonal_naive:adjusted"};
  o.actuals = Actuals::sold;
  const BacktestResult r = run_backtest(h, "s", o);
  EXPECT_EQ(r.actuals, "sold");
  EXPECT_EQ(r.days, 5);
  // Without holidays or sold-out days the adjusted baseline is the baseline.
  EXPECT_DOUBLE_EQ(r.models[0].rmsse_items, r.models[1].rmsse_items);
  o.models = {"arima"};
  EXPECT_THROW(run_backtest(h, "s", o), std::invalid_argument);
  o.models = {"seasonal_naive:raw"};
  EXPECT_THROW(run_backtest(h, "s", o), std::invalid_argument);
  for (const char* name : {"seasonal_naive", "combination", "auto", "seasonal_naive:adjusted"})
    EXPECT_TRUE(is_backtest_model(name)) << name;
  for (const char* name : {"arima", "seasonal_naive:raw", "", ":adjusted", "Auto"})
    EXPECT_FALSE(is_backtest_model(name)) << name;
  EXPECT_EQ(backtest_model_names(),
            "seasonal_naive, mean4, ses, holt_winters, croston, tsb, combination, ets, top_down, "
            "MODEL:adjusted, auto");
  o.models = {};
  o.to = o.from - 1;
  EXPECT_THROW(run_backtest(h, "s", o), std::invalid_argument);
}

}  // namespace
}  // namespace kaiten::headoffice
