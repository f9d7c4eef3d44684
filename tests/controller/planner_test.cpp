#include "kaiten/controller/planner.hpp"

#include <gtest/gtest.h>

#include "controller_scenarios.hpp"

namespace kaiten {
namespace {

StoreConfig store_with(double rate, std::int32_t tick_s) {
  ScenarioDef def = testing::small_store();
  set_single_station(def.kitchen, rate);
  def.controller.tick_s = tick_s;
  return store_config(def);
}

// The two lanes of the small store.
const std::vector<std::uint32_t> kBothLanes = {0, 1};

TEST(FixedMix, MakesRateTimesTimePlatesCarryingFractions) {
  for (const auto& [rate, tick_s, ticks, expected] :
       {std::tuple{12.0, 60, 100, 1200}, std::tuple{7.5, 60, 100, 750}, std::tuple{12.0, 30, 7, 42},
        std::tuple{1.0, 20, 30, 10}}) {
    const StoreConfig s = store_with(rate, tick_s);
    FixedMixPlanner planner(s, 7);
    std::vector<ProduceCmd> out;
    for (int k = 0; k < ticks; ++k) planner.plan(rate, kBothLanes, out);
    EXPECT_EQ(static_cast<int>(out.size()), expected) << rate << " " << tick_s;
  }
}

TEST(FixedMix, LanesTakeTurnsAndItemsFollowPopularity) {
  const StoreConfig s = store_with(12, 60);
  FixedMixPlanner planner(s, 3);
  std::vector<ProduceCmd> out;
  for (int k = 0; k < 500; ++k) planner.plan(12, kBothLanes, out);
  ASSERT_EQ(out.size(), 6000u);
  std::array<int, 3> items{};
  for (std::size_t k = 0; k < out.size(); ++k) {
    EXPECT_EQ(out[k].lane, k % 2);
    ++items[out[k].item];
  }
  // Popularity 3 : 1 : 1; binomial sd of the share is below 0.007 with 6000 draws.
  EXPECT_NEAR(items[0] / 6000.0, 0.6, 0.03);
  EXPECT_NEAR(items[1] / 6000.0, 0.2, 0.03);
  EXPECT_NEAR(items[2] / 6000.0, 0.2, 0.03);
}

TEST(FixedMix, TheSameSeedGivesTheSamePlan) {
  const StoreConfig s = store_with(12, 60);
  FixedMixPlanner a(s, 11);
  FixedMixPlanner b(s, 11);
  FixedMixPlanner c(s, 12);
  std::vector<ProduceCmd> pa, pb, pc;
  for (int k = 0; k < 10; ++k) {
    a.plan(12, kBothLanes, pa);
    b.plan(12, kBothLanes, pb);
    c.plan(12, kBothLanes, pc);
  }
  const auto items = [](const std::vector<ProduceCmd>& v) {
    std::vector<int> out;
    for (const auto& cmd : v) out.push_back(cmd.item);
    return out;
  };
  EXPECT_EQ(items(pa), items(pb));
  EXPECT_NE(items(pa), items(pc));
}

PlanInput two_lanes() {
  PlanInput in;
  in.demand = {{6.0, 2.0, 0.0}, {1.0, 1.0, 1.0}};
  in.supply = {{1.0, 1.0, 0.0}, {0.0, 0.0, 0.0}};
  in.plates = {20, 20};
  in.room = {10, 10};
  in.stock_left = {-1, -1, -1};
  in.budget = 100;
  in.floor = {0, 0};
  in.share = {0.6, 0.2, 0.2};
  return in;
}

std::array<int, 2> per_lane(const std::vector<ProduceCmd>& out) {
  std::array<int, 2> n{};
  for (const ProduceCmd& c : out) ++n[c.lane];
  return n;
}

TEST(Predictive, MakesDemandMinusSupplyPerLane) {
  std::vector<std::vector<double>> credit;
  const auto out = plan_predictive(two_lanes(), credit);
  // Lane A: 8 wanted, 2 on offer; lane B: 3 wanted, none on offer.
  EXPECT_EQ(per_lane(out), (std::array<int, 2>{6, 3}));
  // The lanes are interleaved in the kitchen's order.
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(out[0].lane, 0);
  EXPECT_EQ(out[1].lane, 1);
}

TEST(Predictive, ItemsFollowTheMixOverTimeSkippingThoseInExcess) {
  PlanInput in = two_lanes();
  in.demand = {{18, 6, 6}, {100, 100, 40}};
  in.supply = {{0, 0, 0}, {0, 0, 45}};  // lane B already has more item 2 than it needs
  in.room = {30, 100};
  in.budget = 1000;
  std::vector<std::vector<double>> credit;
  std::array<std::array<int, 3>, 2> n{};
  for (int tick = 0; tick < 10; ++tick)
    for (const ProduceCmd& c : plan_predictive(in, credit)) ++n[c.lane][c.item];
  // Lane A: 30 plates a tick, exactly in the mix 0.6 / 0.2 / 0.2.
  EXPECT_EQ(n[0], (std::array<int, 3>{180, 60, 60}));
  // Lane B: 100 a tick (its room), none of item 2; items 0 and 1 keep their ratio 3 : 1.
  EXPECT_EQ(n[1], (std::array<int, 3>{750, 250, 0}));
}

TEST(Predictive, KeepsTheFloorOfPlatesPerLane) {
  PlanInput in = two_lanes();
  in.demand = {{0, 0, 0}, {0, 0, 0}};
  in.supply = {{0, 0, 0}, {0, 0, 0}};
  in.plates = {3, 9};
  in.floor = {8, 8};
  std::vector<std::vector<double>> credit;
  EXPECT_EQ(per_lane(plan_predictive(in, credit)), (std::array<int, 2>{5, 0}));
}

TEST(Predictive, StaysWithinCapacityAndTheLanesRoom) {
  PlanInput in = two_lanes();
  in.budget = 4;
  std::vector<std::vector<double>> credit;
  // The larger shortfall first (6 against 3), then they share.
  EXPECT_EQ(per_lane(plan_predictive(in, credit)), (std::array<int, 2>{3, 1}));
  in.budget = 100;
  in.room = {2, 10};
  EXPECT_EQ(per_lane(plan_predictive(in, credit)), (std::array<int, 2>{2, 3}));
}

TEST(Predictive, SkipsSoldOutItems) {
  PlanInput in = two_lanes();
  in.stock_left = {2, -1, 0};
  std::vector<std::vector<double>> credit;
  std::array<int, 3> n{};
  for (const ProduceCmd& c : plan_predictive(in, credit)) ++n[c.item];
  EXPECT_EQ(n[0], 2);
  EXPECT_EQ(n[1], 7);
  EXPECT_EQ(n[2], 0);
}

TEST(KitchenModel, WorksAtItsPaceAndTracksQueuesUntilPlaced) {
  const StoreConfig s = store_with(12, 60);  // one plate every 5 s
  KitchenModel k(s);
  EXPECT_NEAR(k.capacity(0, 60'000), 12.0, 1e-9);
  for (int i = 0; i < 6; ++i) k.command(0, 0, 1);
  EXPECT_NEAR(k.capacity(0, 60'000), 6.0, 1e-9);
  EXPECT_EQ(k.queued(0), 6);
  EXPECT_EQ(k.queued(0, 1), 6);
  k.advance(12'000);  // two done (5 s, 10 s), waiting for a slot
  EXPECT_EQ(k.queued(0), 6);
  k.placed(0, 1);
  EXPECT_EQ(k.queued(0), 5);
  EXPECT_EQ(k.queued(1), 0);
  k.advance(60'000);
  k.placed(0, 1);
  EXPECT_EQ(k.queued(0, 1), 4);
}

TEST(KitchenModel, ATickShorterThanAPlateStartsOneWhenACookIsFree) {
  // 0.9 plates a minute: one plate every 66,667 ms. At 2-second ticks the idle kitchen starts one
  // plate at the first tick; the next can start at 66,667 ms, in the tick [66,000, 68,000): the
  // 34th; the one after at 133,334 ms, in the 67th.
  const StoreConfig s = store_with(0.9, 2);
  KitchenModel k(s);
  std::vector<int> asked_at;
  for (int n = 1; n <= 70; ++n) {
    const SimTime t = (n - 1) * 2'000;
    k.advance(t);
    const std::int32_t plates = k.plan_budget(t, 2'000);
    for (std::int32_t i = 0; i < plates; ++i) {
      k.command(t, 0, 0);
      asked_at.push_back(n);
    }
  }
  EXPECT_EQ(asked_at, (std::vector<int>{1, 34, 67}));
  // 7.5 plates a minute at 60-second ticks: 8 start in the first minute (the 8th runs over), then
  // 7, 8, 7: 30 in 4 minutes.
  const StoreConfig s75 = store_with(7.5, 60);
  KitchenModel k75(s75);
  std::vector<std::int32_t> per_tick;
  for (SimTime t = 0; t < 4 * 60'000; t += 60'000) {
    const std::int32_t n = k75.plan_budget(t, 60'000);
    for (std::int32_t i = 0; i < n; ++i) k75.command(t, 0, 0);
    per_tick.push_back(n);
  }
  EXPECT_EQ(per_tick, (std::vector<std::int32_t>{8, 7, 8, 7}));
}

TEST(KitchenModel, CountsPlatesALaneQueueCannotHold) {
  ScenarioDef def = testing::small_store();
  def.kitchen.max_backlog_plates = 3;
  const StoreConfig s = store_config(def);
  KitchenModel k(s);
  for (int i = 0; i < 5; ++i) k.command(0, 1, 0);
  k.advance(60'000);
  EXPECT_EQ(k.queued(1), 3);
  EXPECT_EQ(k.assumed_dropped(), 2);
}

TEST(KitchenModel, StockRunsDownWithCommandsAndOrders) {
  ScenarioDef def = testing::small_store();
  def.menu[2].stock_plates = 2;
  const StoreConfig s = store_config(def);
  KitchenModel k(s);
  EXPECT_EQ(k.stock_left(0), -1);
  EXPECT_EQ(k.stock_left(2), 2);
  k.command(0, 0, 2);
  k.order_taken(0, 2);
  EXPECT_EQ(k.stock_left(2), 0);
  k.order_taken(0, 2);
  EXPECT_EQ(k.stock_left(2), 0);
}

// Cooks by shift: 2 cooks at 12 s a plate are 10 plates a minute; from 00:00:30, 4 cooks are 20.
TEST(KitchenModel, CapacityFollowsTheStaffSchedule) {
  ScenarioDef def = testing::small_store();
  def.kitchen.staff = {{def.open, 2}, {def.open + 30'000, 4}};
  def.kitchen.prep_ms = 12'000;
  const StoreConfig s = store_config(def);
  KitchenModel k(s);
  // 30 s at 2 cooks (5 plates) + 30 s at 4 cooks (10 plates).
  EXPECT_NEAR(k.capacity(def.open, 60'000), 15.0, 1e-9);
  EXPECT_NEAR(k.plates_per_min(def.open), 10.0, 1e-9);
  EXPECT_NEAR(k.plates_per_min(def.open + 30'000), 20.0, 1e-9);
  // An order takes 12 cook-seconds: 6 s of both cooks; the belt's capacity loses one plate.
  k.order_taken(def.open, 0);
  EXPECT_NEAR(k.capacity(def.open, 60'000), 14.0, 1e-9);
}

// However short the tick and slow the kitchen, a kitchen kept busy makes its rate: over T minutes
// within one plate of rate x T (a per-tick floor with no carry made nothing below one plate a
// tick). The kitchen works through its commands between ticks like the real one does.
TEST(KitchenModel, ABusyKitchenMakesItsRateWhateverTheTick) {
  for (const double rate : {0.5, 0.9, 1.0, 2.5, 7.0, 20.0, 40.0}) {
    for (const std::int32_t tick_s : {1, 2, 7, 30, 60, 120}) {
      const StoreConfig s = store_with(rate, tick_s);
      KitchenModel k(s);
      const SimTime tick = tick_s * kMsPerSecond;
      std::int64_t asked = 0;
      const SimTime span = s.close - s.open;
      for (SimTime t = s.open; t < s.open + span; t += tick) {
        k.advance(t);
        const std::int32_t n = k.plan_budget(t, tick);
        for (std::int32_t i = 0; i < n; ++i) k.command(t, 0, 0);
        asked += n;
      }
      // Plates started within the ticks (the last tick may run past the span), at the cook's
      // plate time of 60 / rate s to the millisecond.
      const SimTime ticks = (span + tick - 1) / tick;
      const double expected =
          static_cast<double>(ticks * tick) / static_cast<double>(s.kitchen.prep_ms);
      EXPECT_NEAR(static_cast<double>(asked), expected, 1.0) << rate << "/min, tick " << tick_s;
    }
  }
}

}  // namespace
}  // namespace kaiten
