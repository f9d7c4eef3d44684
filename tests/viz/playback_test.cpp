#include "kaiten/viz/playback.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "kaiten/sim/day.hpp"
#include "viz_scenarios.hpp"

namespace kaiten::viz {
namespace {

using testing::made;
using testing::viz_loop;
using testing::viz_store;

std::vector<TruthEvent> simulate(const ScenarioDef& def, std::uint64_t seed) {
  EventRecorder recorder;
  simulate_day(def, seed, &recorder);
  return std::move(recorder.events());
}

// In viz_loop the belt runs 1 mm per ms, so slot s's edge is at (150 s + t) mm mod 10 m, and it
// is under the kitchen (2000 mm) when 150 s + t = 2000 (mod 10000).
TEST(Playback, HandComputedPositionsTravelAndAge) {
  Playback pb(viz_loop(), {made(500, 1, 2, 10), made(1400, 0, 1, 4)});
  pb.seek(1400);
  auto plates = pb.plates();
  ASSERT_EQ(plates.size(), 2U);
  // Plate 0, slot 4, placed at 1400 ms: under the kitchen now.
  EXPECT_EQ(plates[0].ref, (PlateRef{0, 0}));
  EXPECT_EQ(plates[0].position, mm_to_um(2000));
  EXPECT_EQ(plates[0].travelled, 0);
  // Plate 1, slot 10, placed at 500 ms: 900 mm further on.
  EXPECT_EQ(plates[1].position, mm_to_um(2900));
  EXPECT_EQ(plates[1].travelled, mm_to_um(900));

  pb.seek(4400);  // 3 s later: plate 0 is at the reader (5000 mm)
  plates = pb.plates();
  EXPECT_EQ(plates[0].position, mm_to_um(5000));
  EXPECT_EQ(plates[0].travelled, mm_to_um(3000));
  EXPECT_EQ(plates[0].on_belt, 3000);
  EXPECT_DOUBLE_EQ(plates[0].used, 3000.0 / 35000.0);

  pb.seek(12400);  // 11 s after placing: once round (10 m) and 1 m more
  plates = pb.plates();
  EXPECT_EQ(plates[0].position, mm_to_um(3000));
  EXPECT_EQ(plates[0].travelled, mm_to_um(11000));
  EXPECT_EQ(plates[1].position, mm_to_um(3900));
}

TEST(Playback, StoppedBeltMovesNoPlate) {
  ScenarioDef def = viz_loop();
  def.belt.speed_schedule = {{10'000, 0}, {20'000, 1000}};
  Playback pb(def, {made(1400, 0, 0, 4)});
  pb.seek(15'000);  // odometer 10 m: 600 + 10000 = 600 mm (mod 10 m)
  auto p = pb.plate({0, 0});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->position, mm_to_um(600));
  EXPECT_EQ(p->travelled, mm_to_um(8600));
  pb.seek(19'999);
  EXPECT_EQ(pb.plate({0, 0})->position, mm_to_um(600));
  pb.seek(25'000);  // odometer 15 m
  p = pb.plate({0, 0});
  EXPECT_EQ(p->position, mm_to_um(5600));
  EXPECT_EQ(p->travelled, mm_to_um(13600));
}

TEST(Playback, TimeRuleUsesAgeOverTheItemLimit) {
  ScenarioDef def = viz_loop();
  def.discard.kind = DiscardRuleKind::time;
  def.discard.time_min = 10;
  def.menu[1].discard_time_min = 5;
  Playback pb(def, {made(1400, 0, 0, 4), made(2000, 1, 1, 0)});
  pb.seek(2000 + 2 * kMsPerMinute + 30 * kMsPerSecond);
  EXPECT_NEAR(pb.plate({0, 0})->used, 150'600.0 / 600'000.0, 1e-12);
  EXPECT_DOUBLE_EQ(pb.plate({1, 0})->used, 0.5);
}

TEST(Playback, EndsRemovePlatesAndCount) {
  std::vector<TruthEvent> ev = {made(500, 1, 2, 10), made(1400, 0, 1, 4)};
  ev.push_back({4400, TruthKind::plate_read, 0, 1, 0, 0, 0, 0});
  ev.push_back({5000, TruthKind::plate_eaten, 0, 1, 0, 0, 3600, 1});
  ev.push_back({9000, TruthKind::plate_discarded, 0, 2, 1, 0, 8500, 0});
  Playback pb(viz_loop(), ev);
  pb.seek(4999);
  EXPECT_EQ(pb.state().on_belt, 2);
  EXPECT_EQ(pb.state().reads, 1);
  pb.seek(5000);  // events at exactly t are applied
  EXPECT_EQ(pb.state().on_belt, 1);
  EXPECT_EQ(pb.state().eaten, 1);
  EXPECT_EQ(pb.state().eaten_by_item[1], 1);
  EXPECT_EQ(pb.state().tables[1].plates_eaten, 1);
  EXPECT_FALSE(pb.plate({0, 0}));
  pb.seek(kMsPerHour);
  EXPECT_EQ(pb.state().on_belt, 0);
  EXPECT_EQ(pb.state().discarded, 1);
  EXPECT_EQ(pb.state().made, 2);
  pb.seek(0);
  EXPECT_EQ(pb.state().made, 0);
  EXPECT_TRUE(pb.plates().empty());
}

TEST(Playback, PlatesOnTheBeltAtCloseStayDrawn) {
  std::vector<TruthEvent> ev = {made(1400, 0, 1, 4)};
  ev.push_back({kMsPerHour, TruthKind::on_belt_at_close, 0, 1, 0, 0, 3'598'600, 0});
  Playback pb(viz_loop(), ev);
  pb.seek(pb.end());
  EXPECT_TRUE(pb.state().closed);
  EXPECT_EQ(pb.plates().size(), 1U);
}

TEST(Playback, RejectsEventsOutOfOrderAndDropsOnesThatDoNotFit) {
  EXPECT_THROW(Playback(viz_loop(), {made(1400, 0, 1, 4), made(500, 1, 2, 10)}),
               std::invalid_argument);
  std::vector<TruthEvent> ev = {made(500, 1, 2, 10)};
  TruthEvent bad_lane = made(600, 2, 0, 1);
  bad_lane.lane = 3;
  ev.push_back(bad_lane);
  ev.push_back(made(700, 3, 9, 1));                                         // unknown item
  ev.push_back(made(800, 4, 0, 66));                                        // 66 slots: 0..65
  ev.push_back({900, TruthKind::plate_eaten, 0, 0, 1, 0, 10, 5});           // no table 5
  ev.push_back({950, TruthKind::plate_read, 0, 0, 1, 0, 1, 0});             // no reader 1
  ev.push_back({960, static_cast<TruthKind>(99), 0, 0, 1, 0, 0, 0});        // unknown kind
  ev.push_back({2 * kMsPerHour, TruthKind::plate_read, 0, 0, 1, 0, 0, 0});  // after closing
  Playback pb(viz_loop(), ev);
  EXPECT_EQ(pb.dropped_events(), 7U);
  EXPECT_EQ(pb.events().size(), 1U);
  pb.seek(pb.end());
  EXPECT_EQ(pb.state().made, 1);
}

TEST(Playback, PartyEventsDriveTablesAndTheQueue) {
  std::vector<TruthEvent> ev;
  ev.push_back({1000, TruthKind::party_arrived, 0, 0, 1, 0, 3, 0});
  ev.push_back({2000, TruthKind::party_arrived, 0, 0, 2, 0, 2, 0});
  ev.push_back({3000, TruthKind::party_seated, 0, 0, 1, 0, 3, 1});
  ev.push_back({4000, TruthKind::panel_order, 0, 2, 1, 0, 0, 1});
  ev.push_back({5000, TruthKind::party_reneged, 0, 0, 2, 0, 2, 0});
  ev.push_back({6000, TruthKind::party_arrived, 0, 0, 3, 0, 5, 0});
  ev.push_back({6000, TruthKind::party_balked, 0, 0, 3, 0, 5, 0});
  ev.push_back({9000, TruthKind::party_left, 0, 0, 1, 0, 4, 1});
  ev.push_back({9500, TruthKind::table_ready, 0, 0, 0, 0, 0, 1});
  Playback pb(viz_loop(), ev);
  EXPECT_TRUE(pb.has_party_data());
  auto queued = [&pb] {
    std::vector<std::uint32_t> ids;
    for (const QueuedParty& q : pb.state().queue) ids.push_back(q.party);
    return ids;
  };
  pb.seek(2500);
  EXPECT_EQ(queued(), (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(pb.state().queue[0].size, 3U);
  EXPECT_EQ(pb.state().queue[1].arrived, 2000);
  pb.seek(3000);
  EXPECT_EQ(queued(), (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(pb.state().people_seated, 3);
  EXPECT_EQ(pb.state().wait_total, 2000);
  EXPECT_EQ(pb.state().tables[1].phase, TablePhase::seated);
  EXPECT_EQ(pb.state().tables[1].party_size, 3U);
  EXPECT_EQ(pb.state().tables[0].phase, TablePhase::free);
  pb.seek(6000);
  EXPECT_TRUE(pb.state().queue.empty());
  EXPECT_EQ(pb.state().parties_reneged, 1);
  EXPECT_EQ(pb.state().parties_balked, 1);
  EXPECT_EQ(pb.state().tables[1].panel_orders, 1);
  EXPECT_EQ(pb.state().panel_orders, 1);
  pb.seek(9200);
  EXPECT_EQ(pb.state().tables[1].phase, TablePhase::leaving);
  EXPECT_EQ(pb.state().people_seated, 0);
  pb.seek(9500);
  EXPECT_EQ(pb.state().tables[1].phase, TablePhase::free);
  pb.seek(3500);  // back: seated again
  EXPECT_EQ(pb.state().tables[1].phase, TablePhase::seated);
  EXPECT_EQ(pb.state().tables[1].panel_orders, 0);
}

// Everything a frame shows from the state, for comparing two states.
auto snapshot(const Playback& pb) {
  std::map<std::uint32_t, std::tuple<std::uint32_t, std::uint16_t, std::uint32_t, SimTime,
                                     Micrometres, Micrometres>>
      plates;
  for (const PlateView& v : pb.plates())
    plates[v.ref.plate] = {v.ref.generation, v.state->item,      v.state->slot,
                           v.state->made,    v.state->placed_at, v.position};
  const PlaybackState& s = pb.state();
  std::vector<std::int64_t> tables;
  for (const TableState& t : s.tables) tables.push_back(t.plates_eaten);
  return std::make_tuple(s.time, s.next_event, plates, s.on_belt, s.made, s.eaten, s.discarded,
                         s.reads, s.eaten_by_item, s.discarded_by_item, s.made_by_item, tables);
}

TEST(Playback, SeekingBackAndForthGivesTheStateOfAStraightPlay) {
  const ScenarioDef def = viz_store();
  const std::vector<TruthEvent> events = simulate(def, 7);
  ASSERT_GT(events.size(), 10'000U);
  Playback straight(def, events, {kMsPerMinute * 7, std::nullopt});
  Playback jumping(def, events, {kMsPerMinute * 7, std::nullopt});
  const SimTime targets[] = {def.open + 17 * kMsPerMinute + 333, 12 * kMsPerHour + 5 * kMsPerMinute,
                             13 * kMsPerHour + 59 * kMsPerMinute + 59'999};
  SimTime t = def.open;
  for (const SimTime target : targets) {
    while (t < target) {  // play in frame-sized steps at 60x
      t = std::min(t + 1000, target);
      straight.seek(t);
    }
    jumping.seek(def.close);
    jumping.seek(def.open + 3 * kMsPerMinute);
    jumping.seek(target - 40 * kMsPerMinute);
    jumping.seek(target);
    EXPECT_EQ(snapshot(straight), snapshot(jumping)) << format_clock(target);
  }
}

TEST(Playback, PlatesPresentAreThoseMadeAndNotYetEnded) {
  const ScenarioDef def = viz_store();
  const std::vector<TruthEvent> events = simulate(def, 3);
  Playback pb(def, events);
  for (SimTime t = def.close; t >= def.open; t -= 11 * kMsPerMinute + 7'777) {
    std::set<std::pair<std::uint32_t, std::uint32_t>> expected;
    for (const TruthEvent& e : events) {
      if (e.time > t) break;
      if (e.kind == TruthKind::plate_made) expected.insert({e.plate, e.generation});
      if (e.kind == TruthKind::plate_eaten || e.kind == TruthKind::plate_discarded)
        expected.erase({e.plate, e.generation});
    }
    pb.seek(t);
    std::set<std::pair<std::uint32_t, std::uint32_t>> got;
    for (const PlateView& v : pb.plates()) got.insert({v.ref.plate, v.ref.generation});
    EXPECT_EQ(got, expected) << format_clock(t);
    EXPECT_EQ(pb.state().on_belt, static_cast<std::int64_t>(expected.size()));
  }
}

// The simulation reads a plate when its slot's edge reaches the reader; the playback must put
// it exactly there (within the belt's travel in one millisecond).
TEST(Playback, PositionsAgreeWithTheSimulationsReadsAndEnds) {
  const ScenarioDef def = viz_store();
  const std::vector<TruthEvent> events = simulate(def, 5);
  Playback pb(def, events);
  std::vector<Micrometres> reader_at(pb.belt().points.readers.size());
  for (const Lane& lane : pb.belt().lanes)
    for (const RoutePoint& p : lane.route)
      if (p.kind == PointKind::reader) reader_at[p.index] = p.at;
  std::size_t reads = 0;
  std::size_t ends = 0;
  for (const TruthEvent& e : events) {
    if (e.kind == TruthKind::plate_read) {
      pb.seek(e.time);
      const auto p = pb.plate({e.plate, e.generation});
      ASSERT_TRUE(p);
      const Lane& lane = pb.belt().lanes[e.lane];
      const Micrometres past = (p->position - reader_at[e.aux] + lane.length) % lane.length;
      const Micrometres one_ms =
          std::max(pb.odometer().speed_at(e.time), pb.odometer().speed_at(e.time - 1));
      ASSERT_LE(past, one_ms) << format_clock(e.time);
      ++reads;
    } else if (e.kind == TruthKind::plate_eaten || e.kind == TruthKind::plate_discarded) {
      pb.seek(e.time - 1);
      const auto p = pb.plate({e.plate, e.generation});
      ASSERT_TRUE(p);
      const Micrometres travelled = pb.odometer().at(e.time) - p->state->placed_at;
      ASSERT_GE(travelled, mm_to_um(e.aux));
      ASSERT_LT(travelled, mm_to_um(e.aux) + 1000 + pb.odometer().speed_at(e.time));
      ++ends;
    }
  }
  EXPECT_GT(reads, 1000U);
  EXPECT_GT(ends, 100U);
}

TEST(Playback, KeyframesCoverTheDay) {
  const ScenarioDef def = viz_store();
  Playback pb(def, simulate(def, 1), {10 * kMsPerMinute, std::nullopt});
  EXPECT_EQ(pb.keyframes(), 19U);  // 11:00, 11:10, ... 14:00
  Playback cut(def, simulate(def, 1), {10 * kMsPerMinute, 12 * kMsPerHour + 1});
  EXPECT_EQ(cut.end(), 12 * kMsPerHour + 1);
  cut.seek(def.close);
  EXPECT_EQ(cut.time(), 12 * kMsPerHour + 1);
}

TEST(Playback, EventQueriesAndTopSellers) {
  std::vector<TruthEvent> ev = {made(500, 1, 2, 10), made(1400, 0, 1, 4), made(2000, 2, 1, 0)};
  ev.push_back({5000, TruthKind::plate_eaten, 0, 1, 0, 0, 3600, 1});
  ev.push_back({6000, TruthKind::plate_eaten, 0, 2, 1, 0, 5500, 1});
  ev.push_back({7000, TruthKind::plate_eaten, 0, 1, 2, 0, 5000, 0});
  Playback pb(viz_loop(), ev);
  EXPECT_EQ(pb.events_between(500, 2000).size(), 2U);
  EXPECT_EQ(pb.events_between(0, 500).size(), 1U);
  EXPECT_EQ(pb.events_between(2000, 2000).size(), 0U);
  EXPECT_EQ(pb.next_event_after(0), 500);
  EXPECT_EQ(pb.next_event_after(500), 1400);
  EXPECT_EQ(pb.next_event_after(7000), kNever);
  pb.seek(6500);
  auto top = pb.top_sellers(10);
  ASSERT_EQ(top.size(), 2U);
  EXPECT_EQ(top[0].item, 1);  // tie 1:1, menu order first
  EXPECT_EQ(top[1].item, 2);
  pb.seek(7000);
  top = pb.top_sellers(1);
  ASSERT_EQ(top.size(), 1U);
  EXPECT_EQ(top[0].item, 1);
  EXPECT_EQ(top[0].count, 2);
}

TEST(Playback, TagString) {
  EXPECT_EQ(tag_string({12, 3}), "12.3");
}

}  // namespace
}  // namespace kaiten::viz
