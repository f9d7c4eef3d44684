#include "kaiten/controller/sales.hpp"

#include <gtest/gtest.h>

namespace kaiten {
namespace {

constexpr SimTime kOpen = 11 * kMsPerHour;
constexpr SimTime kClose = 13 * kMsPerHour;

SimTime minute(int m) {
  return kOpen + m * kMsPerMinute;
}

TEST(SalesLedger, DayTotalsAndRevenue) {
  SalesLedger s({100, 200, 300}, kOpen, kClose);
  s.add(0, minute(1), +1);
  s.add(0, minute(2), +1);
  s.add(2, minute(3), +1);
  s.add(0, minute(2), -1);  // a withdrawn inference
  EXPECT_EQ(s.plates(0), 1);
  EXPECT_EQ(s.revenue_yen(2), 300);
  EXPECT_EQ(s.total_plates(), 2);
  EXPECT_EQ(s.total_revenue_yen(), 400);
}

TEST(SalesLedger, TopNRanksByPlatesThenRevenueThenItem) {
  SalesLedger s({100, 200, 300, 100}, kOpen, kClose);
  for (int k = 0; k < 3; ++k) s.add(0, minute(5), +1);  // 3 plates, 300 yen
  for (int k = 0; k < 3; ++k) s.add(1, minute(5), +1);  // 3 plates, 600 yen
  for (int k = 0; k < 2; ++k) s.add(2, minute(5), +1);  // 2 plates, 600 yen
  // item 3 sold nothing: not listed.
  const auto by_plates = s.top(10, RankBy::plates, minute(10), 0);
  ASSERT_EQ(by_plates.size(), 3u);
  EXPECT_EQ(by_plates[0].item, 1);  // tie on plates, more revenue
  EXPECT_EQ(by_plates[1].item, 0);
  EXPECT_EQ(by_plates[2].item, 2);
  const auto by_revenue = s.top(2, RankBy::revenue, minute(10), 0);
  ASSERT_EQ(by_revenue.size(), 2u);
  EXPECT_EQ(by_revenue[0].item, 1);  // tie on revenue, more plates
  EXPECT_EQ(by_revenue[1].item, 2);
  EXPECT_EQ(by_revenue[1].revenue_yen, 600);
}

TEST(SalesLedger, TheSlidingWindowCoversTheLastMinutesOnly) {
  SalesLedger s({100, 100}, kOpen, kClose);
  for (int k = 0; k < 5; ++k) s.add(0, minute(2) + 30'000, +1);  // early: item 0 leads the day
  s.add(1, minute(40), +1);
  s.add(1, minute(49) + 59'000, +1);
  s.add(0, minute(50), +1);  // the minute starting at "now" is not yet in the window
  const auto window = s.top(10, RankBy::plates, minute(50), 10 * kMsPerMinute);
  ASSERT_EQ(window.size(), 1u);  // item 0 sold nothing in [40 min, 50 min)
  EXPECT_EQ(window[0].item, 1);
  EXPECT_EQ(window[0].plates, 2);
  const auto later = s.top(10, RankBy::plates, minute(51), 10 * kMsPerMinute);
  ASSERT_EQ(later.size(), 2u);  // [41 min, 51 min): one plate each, tie broken by item index
  EXPECT_EQ(later[0].item, 0);
  EXPECT_EQ(later[0].plates, 1);
  EXPECT_EQ(later[1].item, 1);
  const auto day = s.top(10, RankBy::plates, minute(51), 0);
  EXPECT_EQ(day[0].item, 0);
  EXPECT_EQ(day[0].plates, 6);
  EXPECT_EQ(s.plates_between(1, minute(40), minute(41)), 1);
  EXPECT_EQ(s.plates_between(1, minute(41), minute(49)), 0);
  EXPECT_EQ(s.total_between(minute(0), minute(120)), 8);
}

TEST(SalesLedger, TimesOutsideTheDayFallIntoTheEdgeBuckets) {
  SalesLedger s({100}, kOpen, kClose);
  s.add(0, kOpen - kMsPerHour, +1);
  s.add(0, kClose + kMsPerHour, +1);
  EXPECT_EQ(s.plates_between(0, kOpen, kOpen + kMsPerMinute), 1);
  EXPECT_EQ(s.plates_between(0, kClose - kMsPerMinute, kClose), 1);
}

}  // namespace
}  // namespace kaiten
