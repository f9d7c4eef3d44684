#include "kaiten/sim/belt.hpp"

#include <gtest/gtest.h>

#include "test_scenarios.hpp"

namespace kaiten {
namespace {

TEST(Belt, RouteStartsAfterTheKitchenAndWrapsRoundTheLoop) {
  ScenarioDef def = testing::one_plate_loop(10000, 4000, 1000);
  def.belt.lanes[0].points.push_back({"r", PointKind::reader, 6000});
  def.tables.push_back({"t", "A", TableKind::counter, 2, 9000, ""});
  const Belt belt = build_belt(def);
  ASSERT_EQ(belt.lanes.size(), 1u);
  const Lane& lane = belt.lanes[0];
  ASSERT_EQ(lane.route.size(), 3u);
  // From the kitchen at 4 m: reader at 6 m (2 m), table at 9 m (5 m), gate at 1 m (7 m, wrapped).
  EXPECT_EQ(lane.route[0].kind, PointKind::reader);
  EXPECT_EQ(lane.route[0].from_kitchen, mm_to_um(2000));
  EXPECT_EQ(lane.route[1].kind, PointKind::seat_zone);
  EXPECT_EQ(lane.route[1].from_kitchen, mm_to_um(5000));
  EXPECT_EQ(lane.route[2].kind, PointKind::discard_gate);
  EXPECT_EQ(lane.route[2].from_kitchen, mm_to_um(7000));
  // 10 m of belt at 150 mm pitch holds 66 whole slots.
  EXPECT_EQ(lane.slot_plate.size(), 66u);
}

TEST(Belt, RejectsTwoPointsAtOnePosition) {
  ScenarioDef def = testing::one_plate_loop(10000, 4000, 1000);
  def.belt.lanes[0].points.push_back({"r", PointKind::reader, 1000});
  EXPECT_THROW(build_belt(def), std::invalid_argument);
}

TEST(Belt, RejectsALaneWithoutKitchen) {
  ScenarioDef def = testing::one_plate_loop(10000, 4000, 1000);
  def.belt.lanes[0].points[0].kind = PointKind::reader;
  EXPECT_THROW(build_belt(def), std::invalid_argument);
}

TEST(Belt, SlotArrivalAdvance) {
  ScenarioDef def = testing::one_plate_loop(10000, 4000, 1000);
  const Belt belt = build_belt(def);
  const Lane& lane = belt.lanes[0];
  // With the odometer at 0, slot 0's edge is at 0 and reaches the kitchen at 4 m after 4 m.
  EXPECT_EQ(advance_until_slot_at(lane, 0, 0, mm_to_um(4000)), mm_to_um(4000));
  // Slot 10's edge is at 1.5 m: 2.5 m to go. After the belt moved 3 m it has passed: wrap round.
  EXPECT_EQ(advance_until_slot_at(lane, 0, 10, mm_to_um(4000)), mm_to_um(2500));
  EXPECT_EQ(advance_until_slot_at(lane, mm_to_um(3000), 10, mm_to_um(4000)), mm_to_um(9500));
}

}  // namespace
}  // namespace kaiten
