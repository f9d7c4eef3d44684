#include "kaiten/headoffice/forecast.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace kaiten::headoffice {
namespace {

using test::TempDir;

const Date kStart = *Date::parse("2025-01-06");  // a Monday

/// `days` synthetic days of store "s" (holidays: every date in `holidays`, sales × 1.5).
StoreHistory synthetic_history(HistoryStore& h, int days, const std::vector<Date>& holidays = {},
                               std::uint64_t seed = 1) {
  h.ensure_store("s", StoreSource::sim);
  h.put_catalogue("s", test::small_catalogue());
  h.put_holidays("s", holidays);
  std::mt19937_64 rng(seed);
  std::vector<DayRecord> records;
  for (int k = 0; k < days; ++k) {
    const Date d = kStart + k;
    const bool holiday = std::find(holidays.begin(), holidays.end(), d) != holidays.end();
    DayRecord r = test::synthetic_day("s", d, rng, holiday ? 300 : 200, holiday ? 450 : 300);
    r.holiday = holiday;
    records.push_back(std::move(r));
  }
  h.write_days(records);
  return h.load("s", kStart, kStart + (days - 1));
}

TEST(Forecast, FollowsTheWeekAndGivesOrderedQuantiles) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  const StoreHistory past = synthetic_history(h, 84);
  for (int ahead = 0; ahead < 7; ++ahead) {
    const Date target = kStart + 84 + ahead;
    const StoreForecast f = forecast_store(past, target);
    EXPECT_EQ(f.horizon, ahead + 1);
    ASSERT_EQ(f.items.size(), 2U);
    const double expected_maguro = 200 * test::weekday_factor(target);
    EXPECT_NEAR(f.items[0].mean, expected_maguro, 0.1 * expected_maguro) << target.to_string();
    for (const ItemForecast& it : f.items) {
      for (std::size_t q = 1; q < it.quantiles.size(); ++q)
        EXPECT_LE(it.quantiles[q - 1], it.quantiles[q]);
      EXPECT_LT(it.quantiles.front(), it.mean);
      EXPECT_GT(it.quantiles.back(), it.mean);
      EXPECT_NEAR(it.plates_per_sale, 1.1, 0.02);  // made = sold + sold/10
      // The item's own ratio: (price - cost) / price.
      EXPECT_NEAR(it.critical_ratio, it.item == "maguro" ? 62.0 / 120 : 63.0 / 120, 1e-12);
    }
  }
}

TEST(Forecast, SamplePathsSpreadLikePoissonNoise) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  const StoreHistory past = synthetic_history(h, 112);
  const Date target = kStart + 112;  // a Monday: maguro ~ Poisson(200)
  ForecastOptions o;
  o.sample_paths = 4000;
  const StoreForecast f = forecast_store(past, target, o);
  const std::vector<double>& s = f.paths.samples[0];
  double mean = 0;
  for (const double v : s) mean += v;
  mean /= static_cast<double>(s.size());
  double var = 0;
  for (const double v : s) var += (v - mean) * (v - mean);
  const double sd = std::sqrt(var / static_cast<double>(s.size()));
  EXPECT_NEAR(mean, f.items[0].mean, 2.0);
  EXPECT_GT(sd, 0.8 * std::sqrt(200.0));  // at least the Poisson noise
  EXPECT_LT(sd, 1.6 * std::sqrt(200.0));  // plus a little model error
  // Deterministic for a seed.
  const StoreForecast again = forecast_store(past, target, o);
  EXPECT_EQ(again.paths.samples, f.paths.samples);
}

TEST(Forecast, HolidayFactorFromPastHolidays) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  // Three past holidays at × 1.5, on a Tuesday, a Wednesday and a Thursday; one ahead.
  const std::vector<Date> holidays{kStart + 36, kStart + 51, kStart + 66, kStart + 85};
  const StoreHistory past = synthetic_history(h, 84, holidays);
  const StoreForecast f = forecast_store(past, kStart + 85);
  EXPECT_TRUE(f.holiday);
  // Geometric mean 1.5 over 3 holidays, shrunk as if a 4th had ratio 1: 1.5^(3/4) = 1.355.
  EXPECT_NEAR(f.holiday_factor, std::pow(1.5, 0.75), 0.05);
  const double plain = 200 * test::weekday_factor(kStart + 85);
  EXPECT_NEAR(f.items[0].mean, plain * f.holiday_factor, 0.12 * plain);
  ForecastOptions no_calendar;
  no_calendar.use_calendar = false;
  EXPECT_NEAR(forecast_store(past, kStart + 85, no_calendar).items[0].mean, plain, 0.12 * plain);
}

TEST(Forecast, HolidayFactorByHand) {
  // Totals 100 on four Mondays, then a holiday Monday at 150: ratio 1.5, shrunk: 1.5^(1/2).
  std::vector<double> totals(35, 50.0);
  std::vector<std::uint8_t> holiday(35, 0);
  for (int k = 0; k < 4; ++k) totals[static_cast<std::size_t>(7 * k)] = 100;
  totals[28] = 150;
  holiday[28] = 1;
  EXPECT_NEAR(holiday_factor(totals, holiday), std::sqrt(1.5), 1e-12);
  EXPECT_DOUBLE_EQ(holiday_factor(totals, std::vector<std::uint8_t>(35, 0)), 1.0);
}

TEST(Forecast, SoldOutDaysAreUncensored) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  h.ensure_store("s", StoreSource::sim);
  h.put_catalogue("s", test::small_catalogue());
  std::mt19937_64 rng(4);
  // Maguro sells out at 150 plates on every Saturday: true demand ~320.
  for (int k = 0; k < 84; ++k) {
    DayRecord r = test::synthetic_day("s", kStart + k, rng);
    if ((kStart + k).weekday() == Weekday::sat) {
      r.items[0].sold = 150;
      r.items[0].stock_out = true;
      r.items[0].stock_out_min = 15 * 60;
      // Store-wide sales: half of the day before 15:00.
      r.hourly_sold[12] = 500;
      r.hourly_sold[18] = 500;
    }
    h.write_day(r);
  }
  const StoreHistory past = h.load("s", kStart, kStart + 83);
  const Date saturday = kStart + 89;
  ASSERT_EQ(saturday.weekday(), Weekday::sat);
  // A per-item model sees each weekday's level.
  ForecastOptions per_item;
  per_item.model = Model::holt_winters;
  const StoreForecast corrected = forecast_store(past, saturday, per_item);
  ForecastOptions raw = per_item;
  raw.uncensor = false;
  const StoreForecast naive = forecast_store(past, saturday, raw);
  EXPECT_TRUE(corrected.items[0].censored_days);
  EXPECT_NEAR(corrected.items[0].mean, 300, 30);  // 150 / 0.5
  EXPECT_NEAR(naive.items[0].mean, 150, 20);      // what was sold, not what was wanted
  // The top-down model (the default) takes shares from the uncensored demand. In this store a
  // sold-out plate is lost (the other items sell as usual): with substitution 0 the store total
  // counts the lost plates, and maguro's Saturday forecast is its demand again; censored, the
  // sold-out Saturdays pull it down.
  ForecastOptions lost;
  lost.substitution = 0.0;
  const StoreForecast top = forecast_store(past, saturday, lost);
  ForecastOptions top_raw;
  top_raw.uncensor = false;
  const double censored = forecast_store(past, saturday, top_raw).items[0].mean;
  EXPECT_EQ(top.items[0].model, Model::top_down);
  EXPECT_NEAR(top.items[0].mean, 300, 30);
  EXPECT_LT(censored, top.items[0].mean - 30);
  // With the default (substitution 1) the total is what was sold: the 150 lost plates are taken
  // as eaten elsewhere, so maguro's forecast, its uncensored share of the sold total, is lower
  // than with substitution 0 by about the share of them it would get, and above the censored one.
  const double substituted = forecast_store(past, saturday).items[0].mean;
  EXPECT_LT(substituted, top.items[0].mean - 10);
  EXPECT_GT(substituted, censored + 10);
}

TEST(Forecast, OrdersPerIngredient) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  const StoreHistory past = synthetic_history(h, 84);
  const StoreForecast f = forecast_store(past, kStart + 84);
  const auto orders = forecast_orders(f, past.catalogue, {{"rice", 5000.0}}, {0.5});
  ASSERT_EQ(orders.size(), 3U);
  const IngredientOrder& rice = orders[0];
  EXPECT_EQ(rice.ingredient, "rice");
  // Rice: 30 g per plate of both items, × 1.1 plates made per plate sold.
  const double mean_plates = f.items[0].mean + f.items[1].mean;
  EXPECT_NEAR(rice.mean_need_g, 30 * 1.1 * mean_plates, 0.02 * 30 * 1.1 * mean_plates);
  EXPECT_DOUBLE_EQ(rice.on_hand_g, 5000);
  EXPECT_NEAR(rice.order_g, rice.target_g - 5000, 1e-9);
  EXPECT_GT(rice.critical_ratio, 0.95);  // long shelf life: cheap to hold
  const IngredientOrder& salmon = orders[1];
  EXPECT_LT(salmon.critical_ratio, 0.7);  // fresh: a day's life
  EXPECT_GT(salmon.target_g, 0);
}

TEST(Forecast, NeedsHistoryBeforeTheTarget) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  const StoreHistory past = synthetic_history(h, 10);
  EXPECT_THROW(forecast_store(past, kStart), std::invalid_argument);
  // A short history still forecasts (mean of the last weeks).
  EXPECT_NO_THROW(forecast_store(past, kStart + 10));
}

TEST(Forecast, SliceKeepsAlignment) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  const StoreHistory past = synthetic_history(h, 20);
  const StoreHistory s = slice(past, kStart + 5, kStart + 9);
  ASSERT_EQ(s.dates.size(), 5U);
  EXPECT_EQ(s.dates.front(), kStart + 5);
  EXPECT_EQ(s.items[1].sold[0], past.items[1].sold[5]);
}

}  // namespace
}  // namespace kaiten::headoffice
