#include "kaiten/sim/day.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "kaiten/core/measures.hpp"
#include "test_scenarios.hpp"

namespace kaiten {
namespace {

using testing::one_plate_loop;
using testing::three_lane_store;

struct Recorder final : TruthSink {
  std::vector<TruthEvent> events;
  void on_event(const TruthEvent& e) override { events.push_back(e); }
};

const PlateEnd& only_plate(const DayResult& day) {
  EXPECT_EQ(day.made, 1);
  EXPECT_EQ(day.plates.size(), 1u);
  return day.plates.front();
}

// Kitchen at 50 m, gate at 0 on a 100 m loop: the plate meets the gate after 50, 150, 250, 350 m.
TEST(DiscardRule, APlateAtExactly350mIsDiscardedAtThatGatePass) {
  const DayResult day = simulate_day(one_plate_loop(100000, 50000, 0), 1, nullptr);
  const PlateEnd& p = only_plate(day);
  EXPECT_EQ(p.fate, PlateFate::discarded);
  EXPECT_EQ(p.travelled, m_to_um(350));
  EXPECT_EQ(day.max_travel_discarded, m_to_um(350));
  // 1000 mm/s: 350 m is 350 s after the plate was placed.
  EXPECT_EQ(p.ended - p.made, 350 * kMsPerSecond);
}

// Kitchen one millimetre further on: the fourth gate pass is at 349.999 m, too early to discard.
TEST(DiscardRule, APlateAt349_999mSurvivesTheGateAndGoesAtTheNextPass) {
  const DayResult day = simulate_day(one_plate_loop(100000, 50001, 0), 1, nullptr);
  const PlateEnd& p = only_plate(day);
  EXPECT_EQ(p.fate, PlateFate::discarded);
  EXPECT_EQ(p.travelled, mm_to_um(449999));
}

TEST(DiscardRule, ACustomDistanceLimitIsExactToTheMillimetre) {
  ScenarioDef def = one_plate_loop(100000, 50000, 0);
  def.discard.distance_mm = 150000;
  EXPECT_EQ(only_plate(simulate_day(def, 1, nullptr)).travelled, m_to_um(150));
  def.discard.distance_mm = 150001;
  EXPECT_EQ(only_plate(simulate_day(def, 1, nullptr)).travelled, m_to_um(250));
}

// A table 39.999 m after the kitchen that takes every plate it may take.
ScenarioDef hungry_table(std::int64_t limit_mm) {
  ScenarioDef def = one_plate_loop(100000, 50001, 0);
  def.tables.push_back({"t", "A", TableKind::counter, 2, 90000, ""});
  def.eating.take_probability_per_pass = 1.0;
  def.discard.distance_mm = limit_mm;
  return def;
}

TEST(DiscardRule, NoPlateIsEatenAtOrPastTheLimit) {
  const DayResult day = simulate_day(hungry_table(39999), 1, nullptr);
  const PlateEnd& p = only_plate(day);
  EXPECT_EQ(p.fate, PlateFate::discarded);
  EXPECT_EQ(p.travelled, mm_to_um(49999));
  EXPECT_EQ(day.eaten, 0);
  EXPECT_EQ(day.freshness_violations, 0);
}

TEST(DiscardRule, APlateJustUnderTheLimitCanBeEaten) {
  const DayResult day = simulate_day(hungry_table(40000), 1, nullptr);
  const PlateEnd& p = only_plate(day);
  EXPECT_EQ(p.fate, PlateFate::eaten);
  EXPECT_EQ(p.travelled, mm_to_um(39999));
  EXPECT_EQ(day.max_travel_eaten, mm_to_um(39999));
}

TEST(DiscardRule, ABeltStopAgesNoPlateUnderTheDistanceRule) {
  ScenarioDef def = one_plate_loop(100000, 50000, 0);
  const PlateEnd moving = only_plate(simulate_day(def, 1, nullptr));
  def.belt.speed_schedule = {{100 * kMsPerSecond, 0}, {700 * kMsPerSecond, 1000}};
  const PlateEnd stopped = only_plate(simulate_day(def, 1, nullptr));
  EXPECT_EQ(stopped.travelled, moving.travelled);
  EXPECT_EQ(stopped.ended - moving.ended, 600 * kMsPerSecond);
}

TEST(DiscardRule, TheTimeRuleAgesPlatesWhileTheBeltIsStopped) {
  ScenarioDef def = one_plate_loop(100000, 50000, 0);
  def.discard.kind = DiscardRuleKind::time;
  def.menu[0].discard_time_min = 1;
  // Moving: gate passes 50 s and 150 s after placing; 50 s is under a minute, 150 s is not.
  const PlateEnd moving = only_plate(simulate_day(def, 1, nullptr));
  EXPECT_EQ(moving.travelled, m_to_um(150));
  // Stopped from 10 s to 70 s: the first gate pass comes 110 s after placing, past the minute.
  def.belt.speed_schedule = {{10 * kMsPerSecond, 0}, {70 * kMsPerSecond, 1000}};
  const PlateEnd stopped = only_plate(simulate_day(def, 1, nullptr));
  EXPECT_EQ(stopped.fate, PlateFate::discarded);
  EXPECT_EQ(stopped.travelled, m_to_um(50));
}

TEST(DiscardRule, TheItemsOwnTimeLimitOverridesTheDefault) {
  ScenarioDef def = one_plate_loop(100000, 50000, 0);
  def.discard.kind = DiscardRuleKind::time;
  def.discard.time_min = 1;
  EXPECT_EQ(only_plate(simulate_day(def, 1, nullptr)).travelled, m_to_um(150));
  def.menu[0].discard_time_min = 5;  // 300 s: passes at 50, 150, 250, 350 s
  EXPECT_EQ(only_plate(simulate_day(def, 1, nullptr)).travelled, m_to_um(350));
}

TEST(Readers, EachPassUnderAReaderIsOneRead) {
  ScenarioDef def = one_plate_loop(100000, 50000, 0);
  def.belt.lanes[0].points.push_back({"r", PointKind::reader, 75000});
  Recorder rec;
  const DayResult day = simulate_day(def, 1, &rec);
  // Reader 25 m after the kitchen: passes at 25, 125, 225, 325 m before the discard at 350 m.
  EXPECT_EQ(day.reads, 4);
  EXPECT_EQ(day.reads_per_reader[0], 4);
  int reads = 0;
  for (const auto& e : rec.events) reads += e.kind == TruthKind::plate_read;
  EXPECT_EQ(reads, 4);
}

TEST(Readers, AStoppedBeltProducesNoReads) {
  ScenarioDef def = one_plate_loop(100000, 50000, 0);
  def.belt.lanes[0].points.push_back({"r", PointKind::reader, 75000});
  def.belt.speed_schedule = {{10 * kMsPerSecond, 0}};  // stops for good after 10 m
  const DayResult day = simulate_day(def, 1, nullptr);
  EXPECT_EQ(day.reads, 0);
  EXPECT_EQ(day.on_belt_at_close, 1);
  EXPECT_EQ(day.plates.front().fate, PlateFate::on_belt_at_close);
  // Made a second after opening (its prep time), at 1000 mm; slot edges are every 150 mm from 0
  // in the belt's frame, so the next free slot reaches the kitchen (50 m) at 1100 mm; stopped at
  // 10 m.
  EXPECT_EQ(day.plates.front().travelled, mm_to_um(10000 - 1100));
}

class StoreDay : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(StoreDay, PlatesAreConservedAndTheRuleHolds) {
  const ScenarioDef def = three_lane_store();
  const DayResult day = simulate_day(def, GetParam(), nullptr);
  ASSERT_GT(day.made, 1000);
  EXPECT_GT(day.eaten, 0);
  EXPECT_GT(day.discarded, 0);
  EXPECT_TRUE(plates_conserved(day.made, day.eaten, day.discarded, day.on_belt_at_close));
  EXPECT_EQ(static_cast<std::int64_t>(day.plates.size()), day.made);
  ItemTotals sum;
  for (const auto& t : day.items) {
    EXPECT_EQ(t.made, t.eaten + t.discarded + t.on_belt_at_close);
    sum.made += t.made;
    sum.eaten += t.eaten;
  }
  EXPECT_EQ(sum.made, day.made);
  EXPECT_EQ(sum.eaten, day.eaten);
  const Micrometres limit = mm_to_um(def.discard.distance_mm);
  const Micrometres lap = mm_to_um(def.belt.lanes[0].length_mm);
  for (const PlateEnd& p : day.plates) {
    if (p.fate == PlateFate::eaten) {
      EXPECT_LT(p.travelled, limit);
    }
    // Discarded at the first gate pass at or past the limit: within one lap of it.
    if (p.fate == PlateFate::discarded) {
      EXPECT_GE(p.travelled, limit);
      EXPECT_LT(p.travelled, limit + lap);
    }
  }
  EXPECT_EQ(day.freshness_violations, 0);
  EXPECT_LT(day.max_travel_eaten, limit);
  std::int64_t hourly_made = 0;
  for (const auto& h : day.hours) hourly_made += h.made;
  EXPECT_EQ(hourly_made, day.made);
}

TEST_P(StoreDay, PlatesNeverShareASlot) {
  const ScenarioDef def = three_lane_store();
  Recorder rec;
  simulate_day(def, GetParam(), &rec);
  std::set<std::pair<int, std::uint32_t>> occupied;              // (lane, slot)
  std::map<std::uint32_t, std::pair<int, std::uint32_t>> where;  // plate -> (lane, slot)
  for (const auto& e : rec.events) {
    if (e.kind == TruthKind::plate_made) {
      EXPECT_TRUE(occupied.insert({e.lane, e.aux}).second) << "slot taken twice at " << e.time;
      where[e.plate] = {e.lane, e.aux};
    } else if (e.kind == TruthKind::plate_eaten || e.kind == TruthKind::plate_discarded ||
               e.kind == TruthKind::on_belt_at_close) {
      occupied.erase(where.at(e.plate));
    }
  }
  EXPECT_TRUE(occupied.empty());
}

// Money and lanes against a second count from the plates' own ends: revenue is the price of each
// eaten plate, the cost of goods the cost of each plate made, waste at cost the cost of each plate
// not eaten; lanes, hours and items all add up to the same day.
TEST_P(StoreDay, MoneyAndLanesAddUpFromThePlates) {
  ScenarioDef def = testing::three_lane_store_with_parties();
  for (std::size_t i = 0; i < def.menu.size(); ++i) {
    def.menu[i].price_yen = 100 + 10 * static_cast<std::int32_t>(i);
    def.menu[i].cost_yen = 40 + 3 * static_cast<std::int32_t>(i);
  }
  const DayResult day = simulate_day(def, GetParam(), nullptr);
  Money expected;
  std::vector<std::int64_t> lane_made(def.belt.lanes.size()), lane_wasted(def.belt.lanes.size());
  for (const PlateEnd& p : day.plates) {
    const MenuItem& item = def.menu[p.item];
    expected.cost_of_goods_yen += item.cost_yen;
    ++lane_made[p.lane];
    if (p.fate == PlateFate::eaten) {
      expected.revenue_yen += item.price_yen;
    } else {
      expected.waste_cost_yen += item.cost_yen;
      ++lane_wasted[p.lane];
    }
  }
  ASSERT_GT(expected.revenue_yen, 0);
  Money by_item, by_hour, by_lane;
  for (const ItemTotals& t : day.items) by_item += t.money;
  for (const HourTotals& t : day.hours) by_hour += t.money;
  std::int64_t seated = 0;
  double people_minutes = 0;
  for (std::size_t l = 0; l < day.lanes.size(); ++l) {
    const LaneTotals& t = day.lanes[l];
    by_lane += t.money;
    EXPECT_EQ(t.made, lane_made[l]);
    EXPECT_EQ(t.discarded + t.on_belt_at_close, lane_wasted[l]);
    EXPECT_EQ(t.made, t.eaten + t.discarded + t.on_belt_at_close);
    seated += t.parties_seated;
    people_minutes += t.people_minutes_seated;
  }
  for (const Money& m : {by_item, by_hour, by_lane}) {
    EXPECT_EQ(m.revenue_yen, expected.revenue_yen);
    EXPECT_EQ(m.cost_of_goods_yen, expected.cost_of_goods_yen);
    EXPECT_EQ(m.waste_cost_yen, expected.waste_cost_yen);
  }
  // People-minutes seated: each seated party's size x its time at the table.
  double expected_people_minutes = 0;
  std::int64_t expected_seated = 0;
  for (const PartyResult& p : day.parties) {
    if (p.seated < 0) continue;
    ++expected_seated;
    expected_people_minutes += p.size * static_cast<double>(p.left - p.seated) / 60000.0;
  }
  EXPECT_EQ(seated, expected_seated);
  EXPECT_NEAR(people_minutes, expected_people_minutes, 1e-6 * expected_people_minutes);
}

INSTANTIATE_TEST_SUITE_P(Seeds, StoreDay, ::testing::Values(1u, 2u, 3u, 42u));

TEST(Determinism, SameSeedGivesTheSameEventsAndTotals) {
  const ScenarioDef def = three_lane_store();
  Recorder a, b;
  const DayResult x = simulate_day(def, 7, &a);
  const DayResult y = simulate_day(def, 7, &b);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(x.events, y.events);
  EXPECT_EQ(x.eaten, y.eaten);
  EXPECT_EQ(x.discarded, y.discarded);
}

TEST(Determinism, ADifferentSeedGivesADifferentDay) {
  const ScenarioDef def = three_lane_store();
  Recorder a, b;
  simulate_day(def, 7, &a);
  simulate_day(def, 8, &b);
  EXPECT_NE(a.events, b.events);
}

TEST(Determinism, TheEatingStreamDoesNotShiftTheKitchen) {
  // Common random numbers: changing how customers eat leaves the kitchen's item sequence alone.
  ScenarioDef def = three_lane_store();
  def.kitchen.max_backlog_plates = 1000;
  Recorder a, b;
  simulate_day(def, 5, &a);
  def.eating.take_probability_per_pass = 0.05;
  simulate_day(def, 5, &b);
  // Each lane's queue is first in, first out, so each lane's item sequence is the kitchen's draw.
  for (std::uint8_t lane = 0; lane < 3; ++lane) {
    std::vector<std::uint16_t> items_a, items_b;
    for (const auto& e : a.events)
      if (e.kind == TruthKind::plate_made && e.lane == lane) items_a.push_back(e.item);
    for (const auto& e : b.events)
      if (e.kind == TruthKind::plate_made && e.lane == lane) items_b.push_back(e.item);
    const std::size_t n = std::min(items_a.size(), items_b.size());
    ASSERT_GT(n, 300u);
    EXPECT_TRUE(std::equal(items_a.begin(), items_a.begin() + static_cast<std::ptrdiff_t>(n),
                           items_b.begin()));
  }
}

}  // namespace
}  // namespace kaiten
