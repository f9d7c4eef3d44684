#include "kaiten/headoffice/chain.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace kaiten::headoffice {
namespace {

const Date kDay = *Date::parse("2025-03-03");

TEST(RegionalShock, ZeroWithoutSpread) {
  EXPECT_EQ(regional_shock(1, "kanto", kDay, 0.0), 0.0);
  EXPECT_EQ(regional_shock(1, "kanto", kDay, 0.0, 0.5), 0.0);
}

TEST(RegionalShock, SameForAnyOrderOfEvaluation) {
  // Forwards, backwards and interleaved with another region: each (region, date) is one value.
  std::vector<double> forwards;
  for (int k = 0; k < 60; ++k) forwards.push_back(regional_shock(7, "kanto", kDay + k, 0.1, 0.4));
  for (int k = 59; k >= 0; --k) {
    (void)regional_shock(7, "kansai", kDay + k, 0.1, 0.4);
    EXPECT_EQ(regional_shock(7, "kanto", kDay + k, 0.1, 0.4), forwards[static_cast<size_t>(k)]);
  }
}

TEST(RegionalShock, SharedByARegionDifferentAcrossRegionsAndSeeds) {
  int differ = 0;
  for (int k = 0; k < 30; ++k) {
    const double a = regional_shock(7, "kanto", kDay + k, 0.1);
    // A region's stores all ask with the same (seed, region, date): one value for them all.
    EXPECT_EQ(a, regional_shock(7, "kanto", kDay + k, 0.1));
    if (a != regional_shock(7, "kansai", kDay + k, 0.1)) ++differ;
    EXPECT_NE(a, regional_shock(8, "kanto", kDay + k, 0.1));
  }
  EXPECT_EQ(differ, 30);
}

TEST(RegionalShock, MomentsAndPersistence) {
  // Over many days: mean 0, sd as asked, lag-1 correlation about the persistence; two regions
  // uncorrelated.
  const int n = 4000;
  for (const double phi : {0.0, 0.6}) {
    std::vector<double> a, b;
    for (int k = 0; k < n; ++k) {
      a.push_back(regional_shock(3, "north", kDay + k, 0.2, phi));
      b.push_back(regional_shock(3, "south", kDay + k, 0.2, phi));
    }
    const auto mean = [](const std::vector<double>& x) {
      return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    };
    const auto cov = [&](const std::vector<double>& x, std::size_t lx, const std::vector<double>& y,
                         std::size_t ly, std::size_t len) {
      double s = 0;
      for (std::size_t i = 0; i < len; ++i) s += x[lx + i] * y[ly + i];
      return s / static_cast<double>(len);
    };
    const double var = cov(a, 0, a, 0, n);
    EXPECT_NEAR(mean(a), 0.0, 0.2 * 4 / std::sqrt(n) * (phi > 0 ? 2.5 : 1.0));
    EXPECT_NEAR(std::sqrt(var), 0.2, 0.02);
    EXPECT_NEAR(cov(a, 1, a, 0, n - 1) / var, phi, 0.06);
    EXPECT_NEAR(cov(a, 0, b, 0, n) / var, 0.0, 0.08);
  }
}

TEST(ChainStoreSeed, DistinctPerStoreAndStable) {
  EXPECT_EQ(chain_store_seed(1, "s01"), chain_store_seed(1, "s01"));
  EXPECT_NE(chain_store_seed(1, "s01"), chain_store_seed(1, "s02"));
  EXPECT_NE(chain_store_seed(1, "s01"), chain_store_seed(2, "s01"));
}

DayRecord sample_record() {
  DayRecord d;
  d.store = "tokyo-01";
  d.date = kDay;
  d.holiday = true;
  d.parties = 301;
  d.customers = 790;
  d.failed_wishes = 12;
  d.shock = -0.0731234567891;
  ItemDay a;
  a.item = "salmon";
  a.sold = 900;
  a.discarded = 31;
  a.made = 940;
  a.panel_orders = 77;
  a.stock_plates = 1200;
  a.stock_out = true;
  a.stock_out_min = 1234;
  a.true_demand = 951;
  a.expected_demand = 948.25;
  ItemDay b;
  b.item = "uni";
  b.stock_out_min = -1;
  d.items = {a, b};
  d.hourly_sold = {0, 5, -3, 1LL << 40};
  d.stock.push_back(IngredientDay{"rice", "forecast", 1.5, 2.25, 1e-300, 0.0, 3.0});
  d.closing_lots.push_back(StockLot{"rice", kDay + 29, 123.456});
  return d;
}

void expect_equal(const DayRecord& x, const DayRecord& y) {
  EXPECT_EQ(x.store, y.store);
  EXPECT_EQ(x.date, y.date);
  EXPECT_EQ(x.holiday, y.holiday);
  EXPECT_EQ(x.parties, y.parties);
  EXPECT_EQ(x.customers, y.customers);
  EXPECT_EQ(x.failed_wishes, y.failed_wishes);
  EXPECT_EQ(x.shock, y.shock);
  ASSERT_EQ(x.items.size(), y.items.size());
  for (std::size_t i = 0; i < x.items.size(); ++i) {
    const ItemDay& a = x.items[i];
    const ItemDay& b = y.items[i];
    EXPECT_EQ(a.item, b.item);
    EXPECT_EQ(a.sold, b.sold);
    EXPECT_EQ(a.discarded, b.discarded);
    EXPECT_EQ(a.made, b.made);
    EXPECT_EQ(a.panel_orders, b.panel_orders);
    EXPECT_EQ(a.stock_plates, b.stock_plates);
    EXPECT_EQ(a.stock_out, b.stock_out);
    EXPECT_EQ(a.stock_out_min, b.stock_out_min);
    EXPECT_EQ(a.true_demand, b.true_demand);
    EXPECT_EQ(a.expected_demand, b.expected_demand);
  }
  EXPECT_EQ(x.hourly_sold, y.hourly_sold);
  ASSERT_EQ(x.stock.size(), y.stock.size());
  for (std::size_t i = 0; i < x.stock.size(); ++i) {
    EXPECT_EQ(x.stock[i].ingredient, y.stock[i].ingredient);
    EXPECT_EQ(x.stock[i].policy, y.stock[i].policy);
    EXPECT_EQ(x.stock[i].ordered_g, y.stock[i].ordered_g);
    EXPECT_EQ(x.stock[i].opening_g, y.stock[i].opening_g);
    EXPECT_EQ(x.stock[i].used_g, y.stock[i].used_g);
    EXPECT_EQ(x.stock[i].expired_g, y.stock[i].expired_g);
    EXPECT_EQ(x.stock[i].closing_g, y.stock[i].closing_g);
  }
  ASSERT_EQ(x.closing_lots.size(), y.closing_lots.size());
  for (std::size_t i = 0; i < x.closing_lots.size(); ++i) {
    EXPECT_EQ(x.closing_lots[i].ingredient, y.closing_lots[i].ingredient);
    EXPECT_EQ(x.closing_lots[i].expires, y.closing_lots[i].expires);
    EXPECT_EQ(x.closing_lots[i].grams, y.closing_lots[i].grams);
  }
}

TEST(DayRecordCodec, RoundTripsEveryField) {
  const DayRecord d = sample_record();
  expect_equal(decode_day_record(encode_day_record(d)), d);
  expect_equal(decode_day_record(encode_day_record(DayRecord{})), DayRecord{});
  // A population day travels too (docs/loyalty.md).
  DayRecord with = sample_record();
  PopulationDayRow p;
  p.members = 1200;
  p.visits_returning = 280;
  p.detractors = 31;
  p.nps = 27.5;
  p.retention = 0.875;
  with.population = p;
  const DayRecord back = decode_day_record(encode_day_record(with));
  ASSERT_TRUE(back.population.has_value());
  EXPECT_EQ(back.population->members, 1200);
  EXPECT_EQ(back.population->visits_returning, 280);
  EXPECT_EQ(back.population->detractors, 31);
  EXPECT_EQ(back.population->nps, 27.5);
  EXPECT_EQ(back.population->retention, 0.875);
  EXPECT_FALSE(decode_day_record(encode_day_record(sample_record())).population.has_value());
}

TEST(DayRecordCodec, RefusesTruncatedAndTrailingBytes) {
  const std::string bytes = encode_day_record(sample_record());
  for (std::size_t n = 0; n < bytes.size(); ++n)
    EXPECT_THROW(decode_day_record(std::string_view(bytes).substr(0, n)), RecordCodecError) << n;
  EXPECT_THROW(decode_day_record(bytes + "x"), RecordCodecError);
  std::string bad = bytes;
  bad[0] = 'X';
  EXPECT_THROW(decode_day_record(bad), RecordCodecError);
}

}  // namespace
}  // namespace kaiten::headoffice
