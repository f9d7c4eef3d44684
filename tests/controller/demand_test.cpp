#include "kaiten/controller/demand.hpp"

#include <gtest/gtest.h>

#include "controller_scenarios.hpp"

namespace kaiten {
namespace {

class DemandTest : public ::testing::Test {
 protected:
  DemandTest()
      : store_(store_config(testing::small_store())),
        demand_(store_),
        sales_({120, 180, 360}, store_.open, store_.close) {}
  StoreConfig store_;
  DemandModel demand_;
  SalesLedger sales_;
  AppetiteModel appetite_;
};

TEST_F(DemandTest, TheMixIsPopularityUntilThereAreSales) {
  const auto mix = demand_.mix(sales_, 30 * kMsPerMinute);
  ASSERT_EQ(mix.size(), 3u);
  EXPECT_NEAR(mix[0], 0.6, 1e-12);
  EXPECT_NEAR(mix[1], 0.2, 1e-12);
  EXPECT_NEAR(mix[2], 0.2, 1e-12);
}

TEST_F(DemandTest, RecentSalesMoveTheMixAgainstThePrior) {
  for (int k = 0; k < 30; ++k) sales_.add(1, 25 * kMsPerMinute, +1);
  for (int k = 0; k < 50; ++k) sales_.add(0, 5 * kMsPerMinute, +1);  // outside the 10-min window
  const auto mix = demand_.mix(sales_, 30 * kMsPerMinute);
  // (30 plates of salmon + 30 prior plates spread 0.6/0.2/0.2) / 60
  EXPECT_NEAR(mix[0], 18.0 / 60, 1e-12);
  EXPECT_NEAR(mix[1], 36.0 / 60, 1e-12);
  EXPECT_NEAR(mix[2], 6.0 / 60, 1e-12);
}

TEST_F(DemandTest, SeatedPartiesAndArrivalsMakeTheForecastPerLane) {
  const SimTime seated = 20 * kMsPerMinute;
  demand_.seat({seated, 5, 0, 2, 1});  // table 0: lane A
  EXPECT_EQ(demand_.seated_people(), 3);
  const SimTime now = 30 * kMsPerMinute;
  const auto [adults, children] = demand_.arrival_rate(now);
  EXPECT_NEAR(adults, 2.0 / 15, 1e-12);
  EXPECT_NEAR(children, 1.0 / 15, 1e-12);
  const double arrivals = appetite_.expected_arrivals(2.0 / 15, 1.0 / 15, 15);
  const double party = appetite_.expected(2, 1, 10, 15);
  // Lane A has 6 of the 10 seats, lane B 4.
  EXPECT_NEAR(demand_.total(appetite_, now, 15, 0), party + 0.6 * arrivals, 1e-9);
  EXPECT_NEAR(demand_.total(appetite_, now, 15, 1), 0.4 * arrivals, 1e-9);
  EXPECT_NEAR(demand_.total(appetite_, now, 15), party + arrivals, 1e-9);
  const auto left = demand_.leave(5);
  ASSERT_TRUE(left.has_value());
  EXPECT_EQ(left->lane, 0u);
  EXPECT_FALSE(demand_.leave(5).has_value());
  EXPECT_NEAR(demand_.total(appetite_, now, 15), arrivals, 1e-9);
}

// The planner's per-lane demand in one pass: the same numbers as total() lane by lane, to the
// last bit (the outputs must not move), and the parties' expectations plus each lane's seat share
// of the arrivals.
TEST_F(DemandTest, LaneTotalsAreTotalPerLaneExactly) {
  for (std::uint32_t k = 0; k < 7; ++k)
    demand_.seat({(10 + 3 * k) * kMsPerMinute + 17 * k, 20 + k,
                  k % static_cast<std::uint32_t>(store_.tables.size()),
                  static_cast<std::uint8_t>(1 + k % 3), static_cast<std::uint8_t>(k % 2)});
  const SimTime now = 45 * kMsPerMinute + 123;
  for (const double horizon : {1.0, 7.5, 15.0}) {
    const std::vector<double> lanes = demand_.lane_totals(appetite_, now, horizon);
    ASSERT_EQ(lanes.size(), store_.lanes.size());
    const double arrivals = demand_.arrivals(appetite_, now, horizon);
    for (std::size_t l = 0; l < lanes.size(); ++l) {
      EXPECT_EQ(lanes[l], demand_.total(appetite_, now, horizon, static_cast<int>(l)));
      double parties = 0.0;
      for (const SeatedParty& p : demand_.seated())
        if (p.lane == l)
          parties += appetite_.expected(
              p.adults, p.children, static_cast<double>(now - p.seated) / kMsPerMinute, horizon);
      const double share = l == 0 ? 0.6 : 0.4;  // lane A has 6 of the 10 seats, lane B 4
      EXPECT_NEAR(lanes[l], parties + share * arrivals, 1e-9);
    }
  }
}

TEST_F(DemandTest, NoArrivalsAreForecastAfterClosing) {
  demand_.seat({store_.close - 5 * kMsPerMinute, 1, 2, 4, 0});
  EXPECT_EQ(demand_.total(appetite_, store_.close, 15, 0), 0.0);
}

}  // namespace
}  // namespace kaiten

namespace kaiten {
namespace {

TEST(SeatingProfile, AveragesDaysAndSmoothsOverNearbyMinutes) {
  SeatingProfile day1;
  day1.add(12 * kMsPerHour + 30'000, 2, 1);  // 12:00:30
  day1.end_day();
  SeatingProfile day2;
  day2.add(12 * kMsPerHour + 5 * kMsPerMinute, 4, 0);  // 12:05
  day2.end_day();
  SeatingProfile both = day1;
  both.merge(day2);
  EXPECT_EQ(both.days(), 2);
  // (3 + 4) people over two days in (11:59, 12:10].
  EXPECT_NEAR(both.people(12 * kMsPerHour - kMsPerMinute, 12 * kMsPerHour + 10 * kMsPerMinute), 3.5,
              1e-12);
  EXPECT_NEAR(both.people(12 * kMsPerHour + kMsPerMinute, 12 * kMsPerHour + 10 * kMsPerMinute), 2.0,
              1e-12);
  // Minute 12:00 read with 12 minutes either side: both seatings, over 25 minutes and 2 days.
  const auto [a, c] = both.per_minute(12 * 60);
  EXPECT_NEAR(a, 6.0 / 50, 1e-12);
  EXPECT_NEAR(c, 1.0 / 50, 1e-12);
}

TEST_F(DemandTest, WithAProfileArrivalsFollowItScaledByTheDaysLevel) {
  SeatingProfile usual;
  // Earlier days: 2 adults seated every minute from 0:10 to 1:50.
  for (SimTime m = 10; m < 110; ++m) usual.add(m * kMsPerMinute, 2, 0);
  usual.end_day();
  demand_.set_history(usual);
  const SimTime now = 30 * kMsPerMinute;
  // Today, as usual so far: 40 people seated since 0:10.
  for (SimTime m = 10; m < 30; ++m)
    demand_.seat({m * kMsPerMinute, static_cast<std::uint32_t>(m), 0, 2, 0});
  const double as_usual = demand_.arrivals(appetite_, now, 15);
  // Two adults a minute over 15 minutes (whole minutes, mid-minute), through the prior curve.
  double expected = 0;
  for (int k = 0; k < 15; ++k) expected += appetite_.expected(2, 0, 0, 15 - k - 0.5);
  EXPECT_NEAR(as_usual, expected, 1e-9);
  // A day twice as busy so far: (80 + 60) / (40 + 60) times as many arrivals.
  for (SimTime m = 10; m < 30; ++m)
    demand_.seat({m * kMsPerMinute + 1, static_cast<std::uint32_t>(100 + m), 1, 2, 0});
  EXPECT_NEAR(demand_.arrivals(appetite_, now, 15), expected * 140 / 100, 1e-9);
}

}  // namespace
}  // namespace kaiten
