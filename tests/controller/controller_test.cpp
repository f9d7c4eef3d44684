#include "kaiten/controller/controller.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "controller_scenarios.hpp"
#include "kaiten/controller/report.hpp"
#include "toy_store.hpp"

namespace kaiten {
namespace {

using testing::odo_at;
using testing::placed;
using testing::read_a;
using testing::tick;

std::vector<Command> send(Controller& c, const SensorMessage& m) {
  std::vector<Command> out;
  c.on_message(m, out);
  return out;
}

template <class T>
std::vector<T> only(const std::vector<Command>& commands) {
  std::vector<T> out;
  for (const Command& c : commands)
    if (const auto* x = std::get_if<T>(&c)) out.push_back(*x);
  return out;
}

TEST(Controller, DistanceRuleExpiryIsThePlacementReadingPlusTheLimit) {
  Controller c(testing::small_store(), 1);
  const auto out = send(c, PlatePlaced{5'000, 3, 1, 0, 123'456'789, kNoOrder});
  const auto expire = only<ExpireCmd>(out);
  ASSERT_EQ(expire.size(), 1u);
  EXPECT_EQ(expire[0].tag, 3u);
  EXPECT_EQ(expire[0].at_odometer, 123'456'789 + 50'000'000);
  EXPECT_EQ(expire[0].at_time, kNever);
}

TEST(Controller, TimeRuleExpiryIsThePlacementTimePlusTheItemsLimit) {
  ScenarioDef def = testing::small_store();
  def.discard.kind = DiscardRuleKind::time;
  Controller c(def, 1);
  const auto uni = only<ExpireCmd>(send(c, placed(7'001, 4, 0, 2)));
  ASSERT_EQ(uni.size(), 1u);
  EXPECT_EQ(uni[0].at_time, 7'001 + 20 * kMsPerMinute);
  EXPECT_EQ(uni[0].at_odometer, std::numeric_limits<Micrometres>::max());
  const auto maguro = only<ExpireCmd>(send(c, placed(8'000, 5, 0, 0)));
  EXPECT_EQ(maguro[0].at_time, 8'000 + 30 * kMsPerMinute);
}

TEST(Controller, FixedMixMakesRateTimesOpeningTime) {
  ScenarioDef def = testing::small_store();
  set_single_station(def.kitchen, 7.5);
  Controller c(def, 1);
  std::int64_t produced = 0;
  std::array<std::int64_t, 2> lanes{};
  for (SimTime t = def.open; t <= def.close; t += kMsPerMinute)
    for (const ProduceCmd& p : only<ProduceCmd>(send(c, tick(t)))) {
      ++produced;
      ++lanes[p.lane];
    }
  EXPECT_EQ(produced, 900);  // 7.5 plates/min x 120 min; nothing at the closing tick
  EXPECT_EQ(lanes[0], 450);
  EXPECT_EQ(c.timeline().size(), 121u);
  EXPECT_EQ(c.timeline().back().produced, 0);
}

TEST(Controller, PanelOrdersAreMadeAtOnce) {
  Controller c(testing::small_store(), 1);
  send(c, PartySeatedMsg{1'000, 8, 2, 2, 0});
  const auto out = send(c, PanelOrderMsg{2'000, 8, 2, 1, 77});
  const auto orders = only<MakeOrderCmd>(out);
  ASSERT_EQ(orders.size(), 1u);
  EXPECT_EQ(orders[0].order, 77u);
  EXPECT_EQ(c.totals().order_cmds, 1);
}

TEST(Controller, CheckoutIsAuthoritativeAndNeverCountsAPlateTwice) {
  ScenarioDef def = testing::small_store();
  def.close = 10 * kMsPerMinute;
  Controller c(def, 1);
  send(c, tick(0));
  send(c, PartySeatedMsg{0, 10, 0, 2, 0});
  send(c, placed(1'000, 1, 0, 0));
  send(c, placed(2'000, 2, 0, 1));
  send(c, placed(3'000, 3, 0, 2));
  send(c, placed(4'000, 4, 0, 0));
  for (std::uint32_t tag = 1; tag <= 4; ++tag) send(c, read_a(tag, tag * 1'000, 0));
  send(c, read_a(2, 2'000, 1));
  send(c, read_a(3, 3'000, 1));
  send(c, read_a(3, 3'000, 2));
  send(c, tick(65'000));
  // Tags 1 and 4 missed readers 1 and 2: inferred. Tag 2 has missed reader 2 only.
  EXPECT_EQ(c.tracker().plates()[0].state, PlateState::inferred_eaten);
  EXPECT_EQ(c.tracker().plates()[1].state, PlateState::on_belt);
  EXPECT_EQ(c.tracker().plates()[3].state, PlateState::inferred_eaten);
  EXPECT_EQ(c.sales().total_plates(), 2);
  // The party pays for tags 1 and 2; tag 2 is listed twice and tag 99 is unknown.
  send(c, CheckoutMsg{70'000, 10, 0, {1, 2, 2, 99}});
  EXPECT_EQ(c.sales().total_plates(), 3);
  EXPECT_EQ(c.tracker().plates()[1].eaten_time, 52'000);  // between 42 s and the miss at 62 s
  // Tag 4 is read again at reader 3: its inference is withdrawn.
  send(c, read_a(3, 3'000, 3));
  send(c, read_a(4, 4'000, 3));
  EXPECT_EQ(c.sales().total_plates(), 2);
  // Another checkout listing tag 1 again changes nothing.
  send(c, PartySeatedMsg{90'000, 11, 1, 1, 0});
  send(c, CheckoutMsg{100'000, 11, 1, {1}});
  EXPECT_EQ(c.sales().total_plates(), 2);
  // Tags 3 and 4 are never read again: inferred, but no checkout lists them by closing time.
  send(c, tick(def.close));
  EXPECT_EQ(c.sales().total_plates(), 4);
  const ControllerReport r = c.report();
  EXPECT_TRUE(r.day_complete);
  EXPECT_EQ(c.sales().total_plates(), 2);
  EXPECT_EQ(r.totals.sold, 2);
  EXPECT_EQ(r.totals.sold_provisional, 0);
  EXPECT_EQ(r.totals.revenue_yen, 120 + 180);
  EXPECT_EQ(r.totals.checkout_confirmed, 1);
  EXPECT_EQ(r.totals.checkout_uninferred, 1);
  EXPECT_EQ(r.totals.checkout_repeated, 2);
  EXPECT_EQ(r.totals.checkout_unknown, 1);
  EXPECT_EQ(r.totals.inferred_never_checked_out, 2);
  EXPECT_EQ(r.tracking.uninferred, 3);  // one by a read, two at closing
  EXPECT_EQ(r.items[0].sold, 1);
  EXPECT_EQ(r.items[1].sold, 1);
  EXPECT_EQ(r.items[2].sold, 0);
}

TEST(Controller, AFeedCutShortKeepsInferredSalesAsProvisional) {
  Controller c(testing::small_store(), 1);
  send(c, tick(0));
  send(c, placed(1'000, 1, 0, 0));
  send(c, tick(kMsPerMinute + 5'000));
  const ControllerReport r = c.report();
  EXPECT_FALSE(r.day_complete);
  EXPECT_EQ(r.totals.sold, 1);
  EXPECT_EQ(r.totals.sold_provisional, 1);
}

TEST(Controller, MessagesOutOfRangeAreIgnored) {
  Controller c(testing::small_store(), 1);
  send(c, tick(60'000));
  send(c, PlatePlaced{70'000, 1, 5, 0, 7'000'000});  // no lane 5
  send(c, PlatePlaced{70'000, 1, 0, 9, 7'000'000});  // no item 9
  send(c, PartySeatedMsg{70'000, 1, 3, 2, 0});       // no table 3
  send(c, PanelOrderMsg{70'000, 1, 0, 3, 1});        // no item 3
  EXPECT_EQ(c.totals().rejected_messages, 4);
  EXPECT_EQ(c.totals().made, 0);
}

TEST(Controller, ALateMessageIsStillHandledAndALatePlateStillGetsItsExpiry) {
  Controller c(testing::small_store(), 1);
  send(c, tick(60'000));
  send(c, tick(30'000));  // back in time: publishes nothing
  const auto expire = only<ExpireCmd>(send(c, placed(50'000, 1, 0, 0)));
  ASSERT_EQ(expire.size(), 1u);
  EXPECT_EQ(expire[0].at_odometer, odo_at(50'000) + 50'000'000);
  EXPECT_EQ(c.totals().late_messages, 2);
  EXPECT_EQ(c.totals().made, 1);
  EXPECT_EQ(c.timeline().size(), 1u);
  EXPECT_EQ(c.now(), 60'000);
}

TEST(Controller, PublishesTopSellersAndForecastsEveryTick) {
  ScenarioDef def = testing::small_store();
  def.controller.top_n = 2;
  Controller c(def, 1);
  send(c, tick(0));
  send(c, PartySeatedMsg{0, 1, 0, 3, 1});
  const std::uint16_t items[] = {1, 1, 2, 0, 2, 2};
  for (std::uint32_t k = 0; k < 6; ++k) send(c, placed(1'000 + k * 100, k + 1, 0, items[k]));
  send(c, CheckoutMsg{2 * kMsPerMinute, 1, 0, {1, 2, 3, 4, 5, 6}});
  send(c, tick(3 * kMsPerMinute));
  const TickRecord& r = c.timeline().back();
  ASSERT_EQ(r.top_day_plates.size(), 2u);
  EXPECT_EQ(r.top_day_plates[0].item, 2);  // 3 uni
  EXPECT_EQ(r.top_day_plates[1].item, 1);  // 2 salmon
  EXPECT_EQ(r.top_day_revenue[0].revenue_yen, 3 * 360);
  EXPECT_EQ(r.top_window_plates.size(), 2u);
  EXPECT_EQ(r.sold, 6);
  EXPECT_EQ(r.seated_parties, 0);
  ASSERT_EQ(r.forecast_items[1].size(), 3u);
  double sum = 0;
  for (const double x : r.forecast_items[1]) sum += x;
  EXPECT_NEAR(sum, r.forecast[1], 1e-9);
  EXPECT_EQ(c.appetite().parties(), 1);
}

TEST(Controller, PredictiveKeepsTheFloorAndStaysWithinTheKitchensPace) {
  ScenarioDef def = testing::small_store();
  def.controller.policy = ControllerPolicy::predictive;
  def.controller.min_plates_per_lane = 5;
  def.controller.stock_idle_lanes = true;
  Controller c(def, 1);
  const auto first = only<ProduceCmd>(send(c, tick(0)));
  EXPECT_EQ(first.size(), 10u);  // 5 per lane, nothing seated, within 12 a minute
  const auto second = only<ProduceCmd>(send(c, tick(kMsPerMinute)));
  EXPECT_TRUE(second.empty());  // already queued
  // A big party on lane B wants more, but the kitchen makes at most 12 a minute.
  send(c, PartySeatedMsg{kMsPerMinute + 1, 3, 2, 4, 0});
  std::int64_t made = 0;
  for (int m = 2; m <= 10; ++m) {
    const auto out = only<ProduceCmd>(send(c, tick(m * kMsPerMinute)));
    EXPECT_LE(out.size(), 12u);
    made += static_cast<std::int64_t>(out.size());
  }
  EXPECT_GT(made, 0);
}

// Demand far beyond the kitchen (a floor of 1000 plates a lane, queues of 1000), at tick lengths
// from 1 s to 2 min and rates from 0.5 to 40 plates a minute: after K ticks the plates asked for
// are rate x K x tick_s / 60 within one plate (the kitchen never idles, a fraction of a plate left
// at the end of a tick is not lost). Every plate is placed at once and, never read, soon taken as
// eaten, so the belt never meets the floor.
TEST(Controller, PredictiveAsksForTheKitchensWholeRateAtAnyTickLength) {
  for (const std::int32_t tick_s : {1, 2, 3, 7, 13, 30, 45, 59, 60, 61, 90, 119, 120}) {
    for (const double rate : {0.5, 0.9, 1.0, 1.7, 2.5, 7.5, 12.0, 13.3, 29.9, 40.0}) {
      ScenarioDef def = testing::small_store();
      def.controller.policy = ControllerPolicy::predictive;
      def.controller.tick_s = tick_s;
      def.controller.min_plates_per_lane = 1000;
      def.controller.stock_idle_lanes = true;
      def.kitchen.max_backlog_plates = 1000;
      set_single_station(def.kitchen, rate);
      Controller c(def, 1);
      std::int64_t asked = 0;
      std::int64_t ticks = 0;
      std::uint32_t tag = 0;
      for (SimTime t = 0; t < 30 * kMsPerMinute; t += tick_s * kMsPerSecond, ++ticks) {
        for (const ProduceCmd& p : only<ProduceCmd>(send(c, tick(t)))) {
          ++asked;
          send(c, placed(t, tag++, p.lane, p.item));
        }
      }
      // Plates started within the ticks; the cook's plate time is 60 / rate s to the millisecond.
      const double capacity = static_cast<double>(ticks * tick_s * kMsPerSecond) /
                              static_cast<double>(def.kitchen.prep_ms);
      EXPECT_NEAR(static_cast<double>(asked), capacity, 1.0)
          << "tick_s " << tick_s << ", " << rate << " plates/min";
    }
  }
}

TEST(Controller, TheForecastIsHeldBackByWhatCanBeOnOffer) {
  ScenarioDef def = testing::small_store();
  def.tables[0].seats = 100;
  def.tables[2].seats = 100;
  Controller c(def, 1);
  send(c, tick(0));
  // A crowd seated: demand far beyond the kitchen's 12 plates a minute, with nothing on the belt.
  send(c, PartySeatedMsg{1, 1, 0, 100, 0});
  send(c, PartySeatedMsg{1, 2, 2, 100, 0});
  send(c, tick(kMsPerMinute));
  const double demand = c.demand_total(15);
  const double supply = Controller::kKitchenShare * 12 * 15;
  ASSERT_GT(demand, 10 * supply);
  EXPECT_NEAR(c.forecast_total(15), supply, 0.01 * supply);
  // One adult: the cap hardly matters.
  Controller small(testing::small_store(), 1);
  send(small, tick(0));
  send(small, PartySeatedMsg{1, 1, 0, 1, 0});
  send(small, tick(kMsPerMinute));
  EXPECT_NEAR(small.forecast_total(15), small.demand_total(15), 1e-6);
  const auto items = small.forecast_items(15);
  EXPECT_NEAR(items[0] + items[1] + items[2], small.forecast_total(15), 1e-9);
}

TEST(Controller, PredictiveMakesNoFreeRunningPlatesWhenDinersOnlyOrder) {
  // 40 plates eaten and paid for by one party, then another party sits down: when all 40 were
  // panel orders the planner makes nothing; when they were free-running it makes plates.
  for (const bool ordered : {true, false}) {
    ScenarioDef def = testing::small_store();
    def.controller.policy = ControllerPolicy::predictive;
    def.controller.min_plates_per_lane = 0;
    Controller c(def, 1);
    send(c, tick(0));
    send(c, PartySeatedMsg{0, 1, 0, 4, 0});
    std::vector<std::uint32_t> tags;
    for (std::uint32_t k = 0; k < 40; ++k) {
      if (ordered) send(c, PanelOrderMsg{1'000 + k, 1, 0, 0, k});
      send(c, placed(2'000 + k, 100 + k, 0, 0, ordered ? k : kNoOrder));
      tags.push_back(100 + k);
    }
    send(c, CheckoutMsg{3'000, 1, 0, tags});
    send(c, PartySeatedMsg{4'000, 2, 2, 4, 0});
    const auto out = only<ProduceCmd>(send(c, tick(kMsPerMinute)));
    EXPECT_EQ(out.empty(), ordered);
  }
}

// --- against an independent toy store with ground truth -----------------------------------------

struct Outcome {
  ControllerReport report;
  testing::ToyTruth truth;
};

Outcome run_toy(const ScenarioDef& def, const testing::ToyOptions& options) {
  const testing::ToyDay day = testing::ToyStore(def, options).run();
  Controller c(def, options.seed);
  std::vector<Command> ignored;
  for (const SensorMessage& m : day.messages) {
    c.on_message(m, ignored);
    ignored.clear();
  }
  return {c.report(), day.truth};
}

ScenarioDef toy_scenario() {
  ScenarioDef def = testing::small_store();
  def.open = 11 * kMsPerHour;
  def.close = 14 * kMsPerHour;
  return def;
}

testing::ToyOptions toy_options(std::uint64_t seed) {
  const ScenarioDef def = toy_scenario();
  testing::ToyOptions o;
  o.seed = seed;
  o.parties = testing::steady_parties(def, 40 * kMsPerMinute, 5 * kMsPerMinute, 12);
  return o;
}

void expect_matches_truth(const Outcome& o) {
  const ControllerReport& r = o.report;
  ASSERT_GT(o.truth.eaten, 50);
  ASSERT_GT(o.truth.discarded, 50);
  EXPECT_EQ(r.totals.sold, o.truth.eaten);
  EXPECT_EQ(r.totals.sold_provisional, 0);
  EXPECT_EQ(r.totals.discarded, o.truth.discarded);
  EXPECT_EQ(r.totals.on_belt_at_end, o.truth.on_belt_at_close);
  EXPECT_EQ(r.totals.made, o.truth.made);
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    EXPECT_EQ(r.items[i].sold, o.truth.eaten_per_item[i]) << i;
    EXPECT_EQ(r.items[i].discarded, o.truth.discarded_per_item[i]) << i;
  }
  EXPECT_EQ(r.totals.checkout_repeated, 0);
  EXPECT_EQ(r.totals.checkout_unknown, 0);
}

TEST(ControllerOnToyStore, WithoutFaultsEverySaleIsInferredBeforeCheckout) {
  const Outcome o = run_toy(toy_scenario(), toy_options(1));
  expect_matches_truth(o);
  EXPECT_EQ(o.report.tracking.uninferred, 0);
  EXPECT_EQ(o.report.totals.inferred_never_checked_out, 0);
  EXPECT_GE(o.report.totals.checkout_confirmed, o.truth.eaten * 95 / 100);
}

TEST(ControllerOnToyStore, UnderFaultsSalesAndWasteStillMatchTheTruth) {
  // 5% missed reads, 1% duplicates, reader 1 out for an hour, the belt stopped for 10 minutes.
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    testing::ToyOptions options = toy_options(seed);
    options.miss_rate = 0.05;
    options.duplicate_rate = 0.01;
    options.outage_reader = 1;
    options.outage_from = 11 * kMsPerHour + 30 * kMsPerMinute;
    options.outage_to = options.outage_from + kMsPerHour;
    options.stop_from = 13 * kMsPerHour;
    options.stop_to = options.stop_from + 10 * kMsPerMinute;
    const Outcome o = run_toy(toy_scenario(), options);
    SCOPED_TRACE(seed);
    expect_matches_truth(o);
    EXPECT_GE(o.report.tracking.reader_outages, 1);
    EXPECT_GT(o.report.tracking.duplicate_reads, 0);
    // Inferences later proved wrong (two reads in a row missed: about 0.25% of consecutive pass
    // pairs at a 5% miss rate, over ~20 passes per plate) stay rare, and none survives the
    // checkouts.
    EXPECT_LE(o.report.tracking.uninferred + o.report.totals.inferred_never_checked_out,
              o.truth.made * 6 / 100);
    EXPECT_GE(o.report.totals.checkout_confirmed, o.truth.eaten * 85 / 100);
  }
}

TEST(ControllerOnToyStore, AReaderOutageCausesNoFalseConsumption) {
  testing::ToyOptions options = toy_options(4);
  options.outage_reader = 2;
  options.outage_from = 11 * kMsPerHour + 20 * kMsPerMinute;
  options.outage_to = options.outage_from + kMsPerHour;
  const Outcome o = run_toy(toy_scenario(), options);
  expect_matches_truth(o);
  EXPECT_EQ(o.report.tracking.uninferred, 0);
  EXPECT_EQ(o.report.totals.inferred_never_checked_out, 0);
  // The dead reader is known as down throughout its outage (after the first few plates).
  for (const TickRecord& t : o.report.timeline) {
    if (t.time >= options.outage_from + 2 * kMsPerMinute && t.time < options.outage_to) {
      EXPECT_GE(t.readers_down, 1) << format_clock(t.time);
    }
  }
}

TEST(ControllerOnToyStore, ItNeverReadsTheCustomersOrFaultsSections) {
  ScenarioDef plain = toy_scenario();
  plain.controller.policy = ControllerPolicy::predictive;
  ScenarioDef other = plain;
  other.customers.model = CustomerModel::parties;
  other.customers.men = {30.0, 1.0};
  other.customers.meal_min_mean = 5;
  other.customers.hourly_parties.assign(48, 99.0);
  other.eating.take_probability_per_pass = 0.9;
  other.faults.missed_read_rate = 0.5;
  other.faults.reader_outages.push_back({"A-r0", 0, kMsPerHour});
  const testing::ToyOptions options = toy_options(5);
  const Outcome a = run_toy(plain, options);
  const Outcome b = run_toy(other, options);
  EXPECT_EQ(decisions_csv(a.report), decisions_csv(b.report));
  EXPECT_EQ(timeline_csv(a.report), timeline_csv(b.report));
  EXPECT_EQ(controller_summary_json(a.report), controller_summary_json(b.report));
}

TEST(ControllerOnToyStore, ForecastsAreScoredAgainstTheDaysSales) {
  const Outcome o = run_toy(toy_scenario(), toy_options(6));
  const auto& acc = o.report.accuracy;
  EXPECT_EQ(acc[0].horizon_min, 1);
  EXPECT_EQ(acc[1].horizon_min, 15);
  EXPECT_EQ(acc[0].points, 180);  // ticks from 11:00 to 13:59
  EXPECT_EQ(acc[1].points, 166);  // ticks from 11:00 to 13:45
  // Actual plates over all 15-minute windows add up to the sales in them.
  double actual = 0;
  for (const TickRecord& t : o.report.timeline)
    if (t.time + 15 * kMsPerMinute <= toy_scenario().close) actual += t.actual[1];
  EXPECT_NEAR(acc[1].actual_mean * 166, actual, 1e-6);
  EXPECT_GT(acc[1].model.mae, 0.0);
  EXPECT_GT(o.report.appetite_parties, 0);
}

TEST(ControllerOnToyStore, LearnFromFeedCarriesTheAppetiteToAnotherDay) {
  const ScenarioDef def = toy_scenario();
  const testing::ToyDay day = testing::ToyStore(def, toy_options(7)).run();
  const ControllerHistory learned = learn_from_feed(def, day.messages);
  EXPECT_GT(learned.appetite.parties(), 10);
  EXPECT_EQ(learned.seatings.days(), 1);
  Controller next(def, 8);
  next.learn_from(learned);
  EXPECT_EQ(next.appetite().parties(), learned.appetite.parties());
  EXPECT_EQ(next.appetite().rate(0, false), learned.appetite.rate(0, false));
  EXPECT_EQ(next.demand().history().days(), 1);
  // The next day's history holds both days.
  EXPECT_EQ(next.history().seatings.days(), 2);
}

}  // namespace
}  // namespace kaiten
