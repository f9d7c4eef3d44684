#include "kaiten/controller/store_config.hpp"

#include <gtest/gtest.h>

#include "controller_scenarios.hpp"

namespace kaiten {
namespace {

TEST(StoreConfig, RoutesAreMeasuredFromTheKitchenInTravelOrder) {
  const StoreConfig s = store_config(testing::small_store());
  ASSERT_EQ(s.lanes.size(), 2u);
  const LaneLayout& a = s.lanes[0];
  EXPECT_EQ(a.length, 10'000'000);
  ASSERT_EQ(a.route.size(), 5u);
  const Micrometres a_expected[] = {2'000'000, 4'000'000, 6'000'000, 8'000'000, 9'500'000};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(a.route[i].from_kitchen, a_expected[i]) << i;
  EXPECT_TRUE(a.route[4].gate);
  // Lane B's kitchen is at 0.5 m: the gate at 0.4 m is met last, after 7.9 m.
  const LaneLayout& b = s.lanes[1];
  ASSERT_EQ(b.route.size(), 3u);
  EXPECT_EQ(b.route[0].from_kitchen, 2'500'000);
  EXPECT_EQ(b.route[1].from_kitchen, 5'500'000);
  EXPECT_EQ(b.route[2].from_kitchen, 7'900'000);
  EXPECT_TRUE(b.route[2].gate);
}

TEST(StoreConfig, ReadersAreNumberedLaneByLaneInPointsOrder) {
  const StoreConfig s = store_config(testing::small_store());
  ASSERT_EQ(s.readers.size(), 6u);
  EXPECT_EQ(s.readers[0].id, "A-r0");
  EXPECT_EQ(s.readers[3].id, "A-r3");
  // Lane B lists its 6 m reader before its 3 m one: reader 4 is at 6 m.
  EXPECT_EQ(s.readers[4].id, "B-r1");
  EXPECT_EQ(s.readers[4].lane, 1u);
  EXPECT_EQ(s.readers[4].from_kitchen, 5'500'000);
  EXPECT_EQ(s.readers[4].checkpoint, 1u);
  EXPECT_EQ(s.readers[5].id, "B-r0");
  EXPECT_EQ(s.readers[5].checkpoint, 0u);
}

TEST(StoreConfig, TablesMenuAndLimitsComeFromTheScenario) {
  ScenarioDef def = testing::small_store();
  def.discard.kind = DiscardRuleKind::time;
  const StoreConfig s = store_config(def);
  ASSERT_EQ(s.tables.size(), 3u);
  EXPECT_EQ(s.tables[2].lane, 1u);
  EXPECT_EQ(s.tables[2].from_kitchen, 4'500'000);
  EXPECT_EQ(s.lanes[0].seats, 6);
  EXPECT_EQ(s.lanes[1].tables, std::vector<std::uint32_t>{2});
  EXPECT_EQ(s.items[0].limit.value, 30 * kMsPerMinute);  // the rule's default
  EXPECT_EQ(s.items[2].limit.value, 20 * kMsPerMinute);  // uni's own limit
}

}  // namespace
}  // namespace kaiten
