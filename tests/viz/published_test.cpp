// The controller's published state as the viewer holds it: the lookup by time, the ground-truth
// count it is compared with, its source (a day simulated with the controller, or a run log whose
// re-simulation must match it).
#include "kaiten/viz/published.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "kaiten/io/run_log.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/viz/playback.hpp"
#include "kaiten/viz/source.hpp"
#include "viz_scenarios.hpp"
#if KAITEN_TEST_WITH_CONTROLLER
#include "kaiten/controller/controller.hpp"
#endif

namespace kaiten::viz {
namespace {

const std::string kScenarios = std::string(KAITEN_SOURCE_DIR) + "/scenarios/";

PublishedTick tick_at(SimTime t, double one_min) {
  PublishedTick p;
  p.time = t;
  p.forecast = {one_min, one_min * 15};
  return p;
}

TEST(Published, TheTickInEffectIsTheLatestAtOrBeforeT) {
  const std::vector<PublishedTick> ticks = {tick_at(1000, 1), tick_at(61'000, 2),
                                            tick_at(121'000, 3)};
  EXPECT_EQ(published_at(ticks, 999), nullptr);
  EXPECT_EQ(published_at(ticks, 1000), &ticks[0]);
  EXPECT_EQ(published_at(ticks, 60'999), &ticks[0]);
  EXPECT_EQ(published_at(ticks, 61'000), &ticks[1]);
  EXPECT_EQ(published_at(ticks, 121'000), &ticks[2]);
  EXPECT_EQ(published_at(ticks, kNever), &ticks[2]);
  EXPECT_EQ(published_at({}, 5000), nullptr);

  // Held by a playback: the tick at its time, and none past where the day stops.
  std::vector<PublishedTick> unsorted = {ticks[2], ticks[0], ticks[1]};
  Playback pb(testing::viz_loop(), {}, PlaybackOptions{5 * kMsPerMinute, 100'000}, unsorted);
  ASSERT_EQ(pb.published().size(), 2U);  // the tick at 121 s is past the end (100 s)
  EXPECT_EQ(pb.published_now(), nullptr);
  pb.seek(70'000);
  ASSERT_NE(pb.published_now(), nullptr);
  EXPECT_EQ(pb.published_now()->time, 61'000);
  pb.seek(5000);
  EXPECT_EQ(pb.published_now()->time, 1000);
}

// The count the forecasts are held against: plate_eaten events with from < time <= to, counted
// here straight from the event list.
TEST(Published, EatenBetweenCountsThePlatesEatenInTheWindow) {
  const ScenarioDef def = testing::viz_store();
  EventRecorder recorder;
  simulate_day(def, 7, &recorder);
  const std::vector<TruthEvent> events = recorder.events();
  Playback pb(def, events);
  auto count = [&](SimTime from, SimTime to) {
    return std::count_if(events.begin(), events.end(), [&](const TruthEvent& e) {
      return e.kind == TruthKind::plate_eaten && e.time > from && e.time <= to;
    });
  };
  std::vector<SimTime> eaten;
  for (const TruthEvent& e : events)
    if (e.kind == TruthKind::plate_eaten) eaten.push_back(e.time);
  ASSERT_GT(eaten.size(), 200U);
  EXPECT_EQ(pb.eaten_between(def.open - 1, def.close), static_cast<std::int64_t>(eaten.size()));
  for (SimTime from = def.open; from < def.close; from += 7 * kMsPerMinute + 123) {
    for (const int minutes : kForecastMinutes) {
      const SimTime to = from + minutes * kMsPerMinute;
      EXPECT_EQ(pb.eaten_between(from, to), count(from, to)) << from << " to " << to;
    }
  }
  // Windows that start or end exactly on a plate eaten: the start is out, the end is in.
  for (std::size_t i = 0; i < eaten.size(); i += 37) {
    EXPECT_EQ(pb.eaten_between(eaten[i], eaten[i] + kMsPerMinute),
              count(eaten[i], eaten[i] + kMsPerMinute));
    EXPECT_EQ(pb.eaten_between(eaten[i] - kMsPerMinute, eaten[i]),
              count(eaten[i] - kMsPerMinute, eaten[i]));
  }
  EXPECT_EQ(pb.eaten_between(def.close, def.open), 0);
}

TEST(Published, FirstDifferenceComparesWholeListsOrPrefixes) {
  std::vector<TruthEvent> full = {testing::made(1, 0, 0, 1), testing::made(2, 1, 1, 2),
                                  testing::made(3, 2, 2, 3)};
  const std::vector<TruthEvent> start(full.begin(), full.begin() + 2);
  EXPECT_EQ(first_difference(full, full, false), std::nullopt);
  EXPECT_EQ(first_difference(start, full, true), std::nullopt);
  EXPECT_EQ(first_difference(start, full, false), 2U);  // the simulation runs longer
  EXPECT_EQ(first_difference(full, start, true), 2U);   // the log runs longer
  std::vector<TruthEvent> changed = full;
  changed[1].item = 2;
  EXPECT_EQ(first_difference(changed, full, false), 1U);
  EXPECT_EQ(first_difference(changed, full, true), 1U);
}

#if KAITEN_TEST_WITH_CONTROLLER
// `view` simulates the day as `kaiten run` does and keeps what the controller published, tick for
// tick.
TEST(Published, ViewKeepsTheControllersTimeline) {
  DaySource day = simulate_scenario(kScenarios + "default.yaml", std::nullopt);
  ASSERT_TRUE(day.scenario);
  Controller controller(*day.scenario, day.seed);
  EventRecorder recorder;
  simulate_day(*day.scenario, day.seed, &recorder, &controller);
  controller.finish();
  EXPECT_EQ(recorder.events(), day.events);
  const std::vector<TickRecord>& timeline = controller.timeline();
  ASSERT_EQ(day.published.size(), timeline.size());
  ASSERT_GT(timeline.size(), 600U);  // a tick a minute over 12 hours
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    const TickRecord& r = timeline[i];
    const PublishedTick& p = day.published[i];
    ASSERT_EQ(p.time, r.time);
    EXPECT_EQ(p.forecast, r.forecast);
    EXPECT_EQ(p.sold, r.sold);
    EXPECT_EQ(p.discarded, r.discarded);
    EXPECT_EQ(p.made, r.made);
    EXPECT_EQ(p.on_belt, r.on_belt);
    EXPECT_EQ(p.readers_down, r.readers_down);
    ASSERT_EQ(p.top.size(), r.top_day_plates.size());
    for (std::size_t k = 0; k < p.top.size(); ++k) {
      EXPECT_EQ(p.top[k].item, r.top_day_plates[k].item);
      EXPECT_EQ(p.top[k].plates, r.top_day_plates[k].plates);
    }
  }
}

// What the controller publishes is what it can know from its tags, not the truth. By closing the
// checkouts have reconciled its sales (on the default day it is within a few plates of the truth
// for every item), so its live top 10 names the best sellers really eaten. Only what holds is
// asserted: the same best seller, counts within 1 % (and 2 plates), at least 9 items in common
// (the 10th and 11th may be close enough to swap).
TEST(Published, TheLiveTopTenAtClosingAgreesWithTheTruth) {
  DaySource day = simulate_scenario(kScenarios + "default.yaml", std::nullopt);
  ASSERT_TRUE(day.scenario);
  const std::vector<PublishedTick> published = day.published;
  Playback pb(*day.scenario, std::move(day.events), {}, published);
  pb.seek(pb.end());
  const PublishedTick* last = pb.published_now();
  ASSERT_NE(last, nullptr);
  ASSERT_EQ(last->top.size(), 10U);
  const std::vector<ItemCount> truth = pb.top_sellers(10);
  ASSERT_EQ(truth.size(), 10U);
  EXPECT_EQ(last->top.front().item, truth.front().item);
  std::set<std::uint16_t> ours;
  for (const ItemCount& c : truth) ours.insert(c.item);
  int shared = 0;
  for (const PublishedSeller& s : last->top) {
    shared += ours.count(s.item) != 0 ? 1 : 0;
    const std::int64_t eaten = pb.state().eaten_by_item[s.item];
    EXPECT_NEAR(static_cast<double>(s.plates), static_cast<double>(eaten),
                0.01 * static_cast<double>(eaten) + 2)
        << day.scenario->menu[s.item].name;
  }
  EXPECT_GE(shared, 9);
  // And its total sales are the plates eaten, within 1 %.
  EXPECT_NEAR(static_cast<double>(last->sold), static_cast<double>(pb.state().eaten),
              0.01 * static_cast<double>(pb.state().eaten));
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A run log holds no controller state: replaying it simulates the day again, and keeps that
// controller's state only when the simulation gives exactly the logged events.
TEST(Published, ReplayReSimulatesTheControllerOnlyForAMatchingLog) {
  const std::string path = kScenarios + "tiny.yaml";
  const DaySource live = simulate_scenario(path, 3);
  ASSERT_TRUE(live.scenario);
  ASSERT_FALSE(live.published.empty());
  const auto dir =
      std::filesystem::temp_directory_path() / ("kaiten-viz-log-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write_log = [&](const std::string& name, const std::vector<TruthEvent>& events) {
    RunLogWriter log(dir / name,
                     {kRunLogVersion, 3, live.scenario->name, path, read_text(path), {}});
    // Totals that agree with the events, as a run writes them (a reader checks them).
    RunLogTotals totals;
    for (const TruthEvent& e : events) {
      log.on_event(e);
      totals.made += e.kind == TruthKind::plate_made ? 1 : 0;
      totals.eaten += e.kind == TruthKind::plate_eaten ? 1 : 0;
      totals.discarded += e.kind == TruthKind::plate_discarded ? 1 : 0;
      totals.on_belt_at_close += e.kind == TruthKind::on_belt_at_close ? 1 : 0;
      totals.reads += e.kind == TruthKind::plate_read ? 1 : 0;
    }
    totals.truth_digest = log.digest();
    log.finish(totals);
    log.commit();
    return (dir / name).string();
  };

  const DaySource same = read_log(write_log("same.log", live.events));
  ASSERT_TRUE(same.scenario);
  EXPECT_TRUE(same.notes.empty());
  ASSERT_EQ(same.published.size(), live.published.size());
  for (std::size_t i = 0; i < same.published.size(); ++i) {
    EXPECT_EQ(same.published[i].time, live.published[i].time);
    EXPECT_EQ(same.published[i].forecast, live.published[i].forecast);
    EXPECT_EQ(same.published[i].sold, live.published[i].sold);
  }
  EXPECT_NE(same.description.find("controller re-simulated"), std::string::npos);

  // One event changed, as a log from another version might be: ground truth only, with a note.
  std::vector<TruthEvent> changed = live.events;
  ASSERT_GT(changed.size(), 100U);
  changed[100].aux += 1;
  const DaySource other = read_log(write_log("other.log", changed));
  ASSERT_TRUE(other.scenario);
  EXPECT_TRUE(other.published.empty());
  ASSERT_EQ(other.notes.size(), 1U);
  EXPECT_NE(other.notes[0].find("event 100"), std::string::npos) << other.notes[0];
  EXPECT_NE(other.description.find("ground truth only"), std::string::npos);
  EXPECT_EQ(other.events, changed);  // still replayed, as logged

  // An event short: the log ends early but whole, which is not a prefix of a log cut short.
  std::vector<TruthEvent> shorter(live.events.begin(), live.events.end() - 1);
  EXPECT_TRUE(read_log(write_log("short.log", shorter)).published.empty());
  std::filesystem::remove_all(dir);
}
#endif

}  // namespace
}  // namespace kaiten::viz
