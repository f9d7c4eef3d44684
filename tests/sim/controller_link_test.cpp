// The simulation driven through the controller interface, by small controllers written here.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "kaiten/core/discard_rule.hpp"
#include "kaiten/core/measures.hpp"
#include "kaiten/sim/day.hpp"
#include "test_scenarios.hpp"

namespace kaiten {
namespace {

// Makes `per_tick` plates per tick round the lanes, forwards every order, and (if `expire_early`
// is not negative) flags each plate `expire_early` micrometres before its true limit.
struct ScriptedController final : ControllerPort {
  const ScenarioDef& def;
  int per_tick = 12;  // more than the parties eat: some plates expire
  Micrometres expire_early = 0;
  bool expire = true;
  std::vector<SensorMessage> seen;
  std::uint8_t next_lane = 0;
  std::uint16_t next_item = 0;

  explicit ScriptedController(const ScenarioDef& d) : def(d) {}
  void on_message(const SensorMessage& m, std::vector<Command>& out) override {
    seen.push_back(m);
    if (std::holds_alternative<ClockTick>(m)) {
      for (int i = 0; i < per_tick; ++i) {
        out.push_back(ProduceCmd{next_lane, next_item});
        next_lane = static_cast<std::uint8_t>((next_lane + 1) % def.belt.lanes.size());
        next_item = static_cast<std::uint16_t>((next_item + 1) % def.menu.size());
      }
    } else if (const auto* placed = std::get_if<PlatePlaced>(&m)) {
      if (expire) {
        const DiscardLimit limit = discard_limit(def.discard, def.menu[placed->item]);
        out.push_back(
            ExpireCmd{placed->tag, placed->odometer + limit.value - expire_early, kNever});
      }
    } else if (const auto* order = std::get_if<PanelOrderMsg>(&m)) {
      out.push_back(MakeOrderCmd{order->order});
    }
  }
};

ScenarioDef store() {
  ScenarioDef def = testing::three_lane_store_with_parties(40);
  def.controller.tick_s = 60;
  return def;
}

TEST(ControllerLink, MessagesArriveInTimeOrderAndTicksCoverTheDay) {
  const ScenarioDef def = store();
  ScriptedController c(def);
  simulate_day(def, 1, nullptr, &c);
  ASSERT_FALSE(c.seen.empty());
  SimTime last = def.open;
  int ticks = 0;
  for (const auto& m : c.seen) {
    EXPECT_GE(time_of(m), last);
    last = time_of(m);
    ticks += std::holds_alternative<ClockTick>(m);
  }
  // Ticks every minute from opening to closing inclusive: 4 h = 241 ticks.
  EXPECT_EQ(ticks, 241);
}

struct MadeCounter final : TruthSink {
  std::int64_t free_running = 0, ordered = 0;
  void on_event(const TruthEvent& e) override {
    if (e.kind != TruthKind::plate_made) return;
    (e.where == 0 ? free_running : ordered) += 1;
  }
};

TEST(ControllerLink, TheKitchenMakesWhatItIsToldWithinCapacity) {
  ScenarioDef def = store();
  def.kitchen.cooks = 4;
  def.kitchen.prep_ms = 10 * kMsPerSecond;  // 24 plates a minute: orders and 2 belt plates fit
  ScriptedController c(def);
  c.per_tick = 2;
  MadeCounter made;
  const DayResult day = simulate_day(def, 1, &made, &c);
  // 240 ticks inside opening hours ask 480 plates; all are made but those still cooking or queued.
  EXPECT_LE(made.free_running, 480);
  EXPECT_GE(made.free_running, 470);
  EXPECT_GT(made.ordered, 0);
  EXPECT_EQ(day.production_skipped, 0);
}

// One kitchen for the belt and the panel: orders go first, so a kitchen that orders fill makes
// few belt plates, and no clock hour finishes more plates than its cooks can make.
TEST(ControllerLink, OrdersAndBeltPlatesShareTheCooks) {
  ScenarioDef def = store();
  def.kitchen.cooks = 1;
  def.kitchen.prep_ms = 10 * kMsPerSecond;  // 6 plates a minute, 360 an hour
  ScriptedController c(def);
  c.per_tick = 2;
  MadeCounter made;
  const DayResult day = simulate_day(def, 1, &made, &c);
  EXPECT_LT(made.free_running, 480);
  for (std::size_t h = 0; h < day.hours.size(); ++h) {
    // A plate started in the hour before may finish in this one: at most one per cook more.
    EXPECT_LE(day.hours[h].cooked, 360 + 1) << "hour " << h;
    EXPECT_LE(day.hours[h].cook_ms_busy, day.hours[h].cook_ms_on_shift) << "hour " << h;
  }
  // Every order eaten waited for a cook, was cooked for exactly its prep time, then delivered.
  ASSERT_FALSE(day.orders.empty());
  for (const OrderTiming& o : day.orders) {
    EXPECT_LE(o.ordered, o.started);
    EXPECT_EQ(o.cooked - o.started, 10 * kMsPerSecond);
    EXPECT_LE(o.cooked, o.eaten);
  }
}

TEST(ControllerLink, ASlowKitchenAskedAtShortTicksMakesOnePlateEvery60OverRateSeconds) {
  // Asked for one plate every tick, far more than it can make: the kitchen works without a break
  // from the first tick at opening, so its cook finishes rate x minutes open plates (belt plates
  // and the orders that go first) by closing, within one (the plate in progress at closing).
  // (Slow enough that the belt never fills.)
  for (const auto& [rate, tick_s] : {std::pair{0.9, 1}, std::pair{2.5, 2}, std::pair{3.7, 7}}) {
    ScenarioDef def = store();
    set_single_station(def.kitchen, rate);
    def.kitchen.max_backlog_plates = 1000;
    def.controller.tick_s = tick_s;
    ScriptedController c(def);
    c.per_tick = 1;
    const DayResult day = simulate_day(def, 1, nullptr, &c);
    std::int64_t cooked = 0;
    for (const HourTotals& h : day.hours) cooked += h.cooked;
    // The single station's plate time is 60000 / rate ms rounded to the millisecond.
    const double per_plate_ms = static_cast<double>(def.kitchen.prep_ms);
    const double plates = static_cast<double>(def.close - def.open) / per_plate_ms;
    EXPECT_NEAR(static_cast<double>(cooked), plates, 1.0) << rate;
    EXPECT_EQ(day.production_skipped, 0);
  }
}

TEST(ControllerLink, ExactExpiryGivesNoViolationsAndNoEarlyDiscards) {
  const ScenarioDef def = store();
  ScriptedController c(def);
  const DayResult day = simulate_day(def, 2, nullptr, &c);
  EXPECT_GT(day.discarded, 0);
  EXPECT_EQ(day.freshness_violations, 0);
  EXPECT_EQ(day.early_discards, 0);
  EXPECT_TRUE(plates_conserved(day.made, day.eaten, day.discarded, day.on_belt_at_close));
}

TEST(ControllerLink, WithoutExpiryCommandsNothingIsDiscardedAndStalePlatesGetEaten) {
  const ScenarioDef def = store();
  ScriptedController c(def);
  c.expire = false;
  const DayResult day = simulate_day(def, 2, nullptr, &c);
  EXPECT_EQ(day.discarded, 0);
  EXPECT_GT(day.freshness_violations, 0);
}

TEST(ControllerLink, FlaggingTooEarlyIsCountedAsEarlyDiscards) {
  const ScenarioDef def = store();
  ScriptedController c(def);
  // Every plate meets the gate at 29.5 m + k * 30 m: flagged from 325 m, it goes at 329.5 m.
  c.expire_early = m_to_um(25);
  const DayResult day = simulate_day(def, 2, nullptr, &c);
  EXPECT_GT(day.early_discards, 0);
}

TEST(ControllerLink, SensorFaultsDropDuplicateAndSilenceReads) {
  ScenarioDef def = store();
  def.faults.missed_read_rate = 0.05;
  def.faults.duplicate_read_rate = 0.01;
  def.faults.reader_outages.push_back({"A-r1", 12 * kMsPerHour, 13 * kMsPerHour});
  ScriptedController c(def);
  const DayResult day = simulate_day(def, 3, nullptr, &c);
  std::int64_t reads = 0, in_outage = 0;
  for (const auto& m : c.seen) {
    if (const auto* r = std::get_if<TagRead>(&m)) {
      ++reads;
      if (r->reader == 1 && r->time >= 12 * kMsPerHour && r->time < 13 * kMsPerHour) ++in_outage;
    }
  }
  EXPECT_EQ(reads, day.sensor_reads_sent);
  EXPECT_EQ(in_outage, 0);
  // Reader A-r1 is 1 of 12 readers, out for 1 of 4 hours: about 1/48 of passes are silenced.
  const double expected = static_cast<double>(day.reads) * (1 - 1.0 / 48) * 0.95 * (1 + 0.01);
  EXPECT_NEAR(static_cast<double>(reads), expected, 0.01 * expected);
}

TEST(ControllerLink, CheckoutListsEveryEatenPlateOnceAndTagsWaitForIt) {
  const ScenarioDef def = store();
  ScriptedController c(def);
  const DayResult day = simulate_day(def, 4, nullptr, &c);
  std::set<std::uint32_t> unpaid;  // tags of plates eaten but not yet paid for
  std::int64_t billed = 0;
  std::map<std::uint32_t, std::uint32_t> on_belt;  // tag -> placements
  for (const auto& m : c.seen) {
    if (const auto* placed = std::get_if<PlatePlaced>(&m)) {
      EXPECT_EQ(unpaid.count(placed->tag), 0u) << "tag reused before its checkout";
    } else if (const auto* bill = std::get_if<CheckoutMsg>(&m)) {
      for (std::uint32_t tag : bill->tags) {
        EXPECT_TRUE(unpaid.insert(tag).second);
        ++billed;
      }
      for (std::uint32_t tag : bill->tags) unpaid.erase(tag);
    }
  }
  EXPECT_EQ(billed, day.eaten);
}

TEST(ControllerLink, SameSeedSameMessages) {
  const ScenarioDef def = store();
  ScriptedController a(def), b(def);
  simulate_day(def, 9, nullptr, &a);
  simulate_day(def, 9, nullptr, &b);
  ASSERT_EQ(a.seen.size(), b.seen.size());
  for (std::size_t i = 0; i < a.seen.size(); ++i) EXPECT_EQ(time_of(a.seen[i]), time_of(b.seen[i]));
}

}  // namespace
}  // namespace kaiten
