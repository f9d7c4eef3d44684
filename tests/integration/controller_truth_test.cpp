// The controller inside the simulation, checked against the simulation's ground truth.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "kaiten/controller/controller.hpp"
#include "kaiten/core/measures.hpp"
#include "kaiten/io/feed.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/customer_experience.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {
namespace {

ScenarioDef load(const std::string& name) {
  const LoadResult r = load_scenario_file(std::string(KAITEN_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(r.scenario.has_value());
  return *r.scenario;
}

class UnderFaults : public ::testing::TestWithParam<std::uint64_t> {};

// 5 % missed reads, 1 % duplicates, a reader out for an hour and a 10-minute belt stop.
TEST_P(UnderFaults, NoStalePlateNoEarlyDiscardNoDoubleCountedSale) {
  const ScenarioDef def = load("faults.yaml");
  ASSERT_GT(def.faults.missed_read_rate, 0.0);
  ASSERT_FALSE(def.faults.reader_outages.empty());
  for (ControllerPolicy policy : {ControllerPolicy::fixed_mix, ControllerPolicy::predictive}) {
    ScenarioDef d = def;
    d.controller.policy = policy;
    Controller controller(d, GetParam());
    const DayResult day = simulate_day(d, GetParam(), nullptr, &controller);
    const ControllerReport report = controller.report();
    EXPECT_EQ(day.freshness_violations, 0);
    EXPECT_EQ(day.early_discards, 0);
    // Sales per item equal what was really eaten: nothing lost, nothing counted twice.
    const ControllerTotals& t = report.totals;
    EXPECT_EQ(t.sold, day.eaten);
    EXPECT_EQ(t.made, day.made);
    EXPECT_EQ(t.discarded, day.discarded);
    EXPECT_EQ(t.checkout_repeated, 0);
    for (std::size_t i = 0; i < d.menu.size(); ++i)
      EXPECT_EQ(report.items[i].sold, day.items[i].eaten) << d.menu[i].id;
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, UnderFaults, ::testing::Values(1u, 2u, 3u));

TEST(RecordedFeed, TheControllerOnARecordedFeedDecidesAsItDidLive) {
  const ScenarioDef def = load("faults.yaml");
  const auto path = std::filesystem::temp_directory_path() / "kaiten_integration_feed.jsonl";
  Controller live(def, 5);
  FeedRecorder recorder(path, {kFeedVersion, def.name, 5, "unused", {}}, &live);
  const DayResult day = simulate_day(def, 5, nullptr, &recorder);
  recorder.commit();

  const FeedContents feed = read_feed_file(path, false);
  ASSERT_TRUE(feed.errors.empty()) << feed.errors.front().to_string(path.string());
  Controller replayed(def, 5);
  std::vector<Command> commands;
  for (const SensorMessage& m : feed.messages) {
    commands.clear();
    replayed.on_message(m, commands);
  }
  const ControllerReport a = live.report(), b = replayed.report();
  EXPECT_EQ(b.decisions.size(), a.decisions.size());
  EXPECT_EQ(b.totals.sold, day.eaten);
  EXPECT_EQ(b.totals.sold, a.totals.sold);
  EXPECT_EQ(replayed.timeline().size(), live.timeline().size());
}

// Short ticks and a slow kitchen (both valid settings) used to make no plate all day: a tick's
// capacity was rounded down with nothing carried to the next.
TEST(Kitchen, PredictiveAtShortTicksOrWithASlowKitchenMakesPlatesAndTheKitchenMakesThem) {
  for (const auto& [tick_s, rate] : {std::pair{1, 12.0}, std::pair{2, 20.0}, std::pair{60, 0.9}}) {
    ScenarioDef def = load("tiny.yaml");
    def.controller.policy = ControllerPolicy::predictive;
    def.controller.tick_s = tick_s;
    def.controller.stock_idle_lanes = true;  // the stand-in customers are never seen seated
    set_single_station(def.kitchen, rate);
    Controller controller(def, 1);
    const DayResult day = simulate_day(def, 1, nullptr, &controller);
    const ControllerTotals t = controller.report().totals;
    // The floor alone asks for min_plates_per_lane plates on the lane.
    EXPECT_GE(t.produce_cmds, def.controller.min_plates_per_lane) << tick_s << " " << rate;
    // Every plate asked for is made, but for the one in progress at closing.
    const std::int64_t not_made = t.produce_cmds - day.made - day.production_skipped;
    EXPECT_GE(not_made, 0);
    EXPECT_LE(not_made, 1);
    EXPECT_EQ(t.made, day.made);
  }
}

// Passes every message on, emptying the tag list of every `every`-th checkout.
struct LosesCheckoutTags final : ControllerPort {
  ControllerPort& next;
  int every = 1;
  int checkouts = 0;
  LosesCheckoutTags(ControllerPort& n, int e) : next(n), every(e) {}
  void on_message(const SensorMessage& m, std::vector<Command>& commands) override {
    SensorMessage copy = m;
    if (auto* c = std::get_if<CheckoutMsg>(&copy); c != nullptr && ++checkouts % every == 0)
      c->tags.clear();
    next.on_message(copy, commands);
  }
};

// Every plate made ends in one of the report's categories, also when checkouts lose their tags
// (their plates' tags come back unpaid for) and with the stand-in customers (no checkout at all).
TEST(Conservation, EveryPlateEndsInACategoryWhenCheckoutsLoseTheirTags) {
  for (const auto& [scenario, every] : {std::pair{"default.yaml", 1}, std::pair{"default.yaml", 3},
                                        std::pair{"faults.yaml", 2}, std::pair{"tiny.yaml", 1}}) {
    const ScenarioDef def = load(scenario);
    Controller controller(def, 1);
    LosesCheckoutTags damaged(controller, every);
    const DayResult day = simulate_day(def, 1, nullptr, &damaged);
    const ControllerTotals t = controller.report().totals;
    EXPECT_EQ(conservation_gap(t), 0)
        << scenario << ": made " << t.made << ", sold " << t.sold << ", discarded " << t.discarded
        << ", on belt " << t.on_belt_at_end << ", lost " << t.lost_inferred_unconfirmed << " + "
        << t.lost_unseen;
    EXPECT_EQ(t.made, day.made);
    EXPECT_GT(t.lost_inferred_unconfirmed + t.lost_unseen, 0) << scenario;
  }
}

// The goal against the fair baseline, over the seeds `kaiten compare` uses (1..10), on
// common random numbers: both policies see the same parties. Waste counts plates left at closing.
TEST(Policies, PredictiveHalvesTheManagersWasteWithoutLosingMarginOrPlatesFound) {
  const ScenarioDef base = load("default.yaml");
  struct Sum {
    double waste = 0, margin = 0, found = 0, lead_p95 = 0;
  } manager, predictive;
  const int seeds = 10;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    for (ControllerPolicy policy : {ControllerPolicy::manager, ControllerPolicy::predictive}) {
      ScenarioDef d = base;
      d.controller.policy = policy;
      Controller controller(d, seed);
      const DayResult day = simulate_day(d, seed, nullptr, &controller);
      const CustomerExperience cx = customer_experience(day);
      Money money;
      for (const ItemTotals& t : day.items) money += t.money;
      Sum& s = policy == ControllerPolicy::manager ? manager : predictive;
      s.waste += waste_rate(day.made, day.discarded + day.on_belt_at_close) / seeds;
      s.margin += static_cast<double>(money.gross_margin_yen()) / seeds;
      s.found += cx.found_on_belt_share / seeds;
      s.lead_p95 += cx.panel_lead_time_min.p95 / seeds;
    }
  }
  std::printf("waste %.4f -> %.4f; margin %.0f -> %.0f; found %.4f -> %.4f; lead p95 %.1f\n",
              manager.waste, predictive.waste, manager.margin, predictive.margin, manager.found,
              predictive.found, predictive.lead_p95);
  EXPECT_LE(predictive.waste, 0.5 * manager.waste);
  EXPECT_GE(predictive.margin, manager.margin);
  EXPECT_GE(predictive.found, manager.found);
  EXPECT_LE(predictive.lead_p95, 10.0);  // the panel-order target (docs/controller.md)
}

TEST(Forecast, FifteenMinutesBeatsBothBaselinesWithHistory) {
  const ScenarioDef def = load("default.yaml");
  // Three earlier days teach the appetite curve; the fourth is scored.
  ControllerHistory history;
  for (std::uint64_t seed = 101; seed <= 103; ++seed) {
    Controller c(def, seed);
    if (seed > 101) c.learn_from(history);
    simulate_day(def, seed, nullptr, &c);
    c.finish();
    history = c.history();
  }
  double model = 0, window = 0, seated = 0;
  for (std::uint64_t seed = 11; seed <= 13; ++seed) {
    Controller c(def, seed);
    c.learn_from(history);
    simulate_day(def, seed, nullptr, &c);
    c.finish();
    const HorizonAccuracy& a = c.accuracy()[1];
    ASSERT_EQ(a.horizon_min, 15);
    model += a.model.mae;
    window += a.last_window.mae;
    seated += a.seated_rate.mae;
  }
  std::printf("15-min MAE: model %.2f, last window %.2f, seated rate %.2f\n", model / 3, window / 3,
              seated / 3);
  EXPECT_LE(model, 0.7 * window);
  EXPECT_LE(model, 0.7 * seated);
}

// The batch's controller (commands_only: no top sellers, forecasts or scores) decides exactly as
// the full one: the same commands at the same times, so the same day, on a clean and a faulty
// store; only the descriptive parts of its ticks are left empty.
TEST(CommandsOnly, TheSameCommandsAndTheSameDayWithoutTheReports) {
  for (const char* name : {"weekend.yaml", "faults.yaml"}) {
    ScenarioDef def = load(name);
    def.controller.policy = ControllerPolicy::predictive;
    Controller full(def, 3);
    Controller lean(def, 3);
    lean.commands_only();
    const DayResult a = simulate_day(def, 3, nullptr, &full);
    const DayResult b = simulate_day(def, 3, nullptr, &lean);
    full.finish();
    lean.finish();
    EXPECT_EQ(a.events, b.events) << name;
    EXPECT_EQ(a.made, b.made) << name;
    EXPECT_EQ(a.eaten, b.eaten) << name;
    ASSERT_EQ(a.items.size(), b.items.size());
    for (std::size_t i = 0; i < a.items.size(); ++i) {
      EXPECT_EQ(a.items[i].made, b.items[i].made) << name << " item " << i;
      EXPECT_EQ(a.items[i].eaten, b.items[i].eaten) << name << " item " << i;
      EXPECT_EQ(a.items[i].discarded, b.items[i].discarded) << name << " item " << i;
    }
    ASSERT_EQ(full.decisions().size(), lean.decisions().size()) << name;
    ASSERT_GT(full.decisions().size(), 100u) << name;
    for (std::size_t k = 0; k < full.decisions().size(); ++k) {
      EXPECT_EQ(full.decisions()[k].time, lean.decisions()[k].time) << name << " " << k;
      EXPECT_EQ(full.decisions()[k].command.index(), lean.decisions()[k].command.index());
    }
    ASSERT_EQ(full.timeline().size(), lean.timeline().size()) << name;
    double full_forecast = 0.0, lean_forecast = 0.0;
    for (std::size_t k = 0; k < full.timeline().size(); ++k) {
      EXPECT_EQ(full.timeline()[k].produced, lean.timeline()[k].produced) << name << " " << k;
      full_forecast += full.timeline()[k].forecast[1];
      lean_forecast += lean.timeline()[k].forecast[1];
    }
    EXPECT_GT(full_forecast, 0.0) << name;
    EXPECT_EQ(lean_forecast, 0.0) << name;
    EXPECT_GT(full.accuracy()[1].points, 0) << name;
    EXPECT_EQ(lean.accuracy()[1].points, 0) << name;
  }
}

}  // namespace
}  // namespace kaiten
