// Express lanes in the viewer: where each express plate is (playback) and where its track is drawn
// (layout), against hand-computed times and positions and counts taken straight from the events.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "kaiten/sim/belt.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/viz/layout.hpp"
#include "kaiten/viz/playback.hpp"
#include "kaiten/viz/source.hpp"
#include "viz_scenarios.hpp"

namespace kaiten::viz {
namespace {

using testing::viz_express;

const std::string kScenarios = std::string(KAITEN_SOURCE_DIR) + "/scenarios/";
constexpr std::uint32_t kGone = UINT32_MAX;  // the simulator's "no gate" for an express discard

TruthEvent event(SimTime t, TruthKind kind, std::uint8_t lane, std::uint32_t plate,
                 std::uint32_t aux, std::uint32_t where) {
  return {t, kind, lane, 1, plate, 0, aux, where};
}

float dist(Vec2 a, Vec2 b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

TEST(Express, ProgressIsLinearOutAndBack) {
  ExpressTrip eaten;
  eaten.sent = 1000;
  eaten.arrives = 6000;
  eaten.ended = true;
  EXPECT_FALSE(express_progress(eaten, 999));
  EXPECT_DOUBLE_EQ(*express_progress(eaten, 1000), 0.0);
  EXPECT_DOUBLE_EQ(*express_progress(eaten, 2250), 0.25);
  EXPECT_DOUBLE_EQ(*express_progress(eaten, 5999), 4999.0 / 5000.0);
  EXPECT_FALSE(express_progress(eaten, 6000));  // eaten on arrival

  ExpressTrip back = eaten;
  back.sent_back = true;
  back.back = 11000;
  EXPECT_DOUBLE_EQ(*express_progress(back, 6000), 1.0);
  EXPECT_DOUBLE_EQ(*express_progress(back, 7000), 0.8);
  EXPECT_DOUBLE_EQ(*express_progress(back, 10000), 0.2);
  EXPECT_FALSE(express_progress(back, 11000));

  ExpressTrip open = eaten;  // still out when the day ends: waits at its table
  open.ended = false;
  EXPECT_DOUBLE_EQ(*express_progress(open, 3500), 0.5);
  EXPECT_DOUBLE_EQ(*express_progress(open, 9000), 1.0);
}

// Loops are lanes 0..; XA is lane 1, XB lane 2. Order 0 from table 0 goes by XA (5 s) and is
// eaten; order 1 from table 3 goes by XB (4 s), its party has gone, and it comes back (4 s more).
TEST(Express, PlaybackFollowsEachPlateFromTheKitchenToItsTable) {
  const std::vector<TruthEvent> events = {
      event(1000, TruthKind::panel_order, 0, 70, 0, 0),
      event(2000, TruthKind::plate_made, 1, 3, 0, 1),
      event(2500, TruthKind::panel_order, 0, 71, 1, 3),
      event(3000, TruthKind::plate_made, 2, 4, 0, 2),
      event(7000, TruthKind::plate_eaten, 1, 3, 5000, 0),
      event(7000, TruthKind::plate_discarded, 2, 4, 2000, kGone),
  };
  Playback pb(viz_express(), events);
  EXPECT_EQ(pb.dropped_events(), 0U);
  ASSERT_EQ(pb.express_trips().size(), 2U);
  const ExpressTrip& a = pb.express_trips()[0];
  EXPECT_EQ(a.ref, (PlateRef{3, 0}));
  EXPECT_EQ(a.express, 0U);
  EXPECT_EQ(a.table, 0U);
  EXPECT_EQ(a.sent, 2000);
  EXPECT_EQ(a.arrives, 7000);
  EXPECT_TRUE(a.ended);
  EXPECT_FALSE(a.sent_back);
  const ExpressTrip& b = pb.express_trips()[1];
  EXPECT_EQ(b.express, 1U);
  EXPECT_EQ(b.table, 3U);  // from its order: the discard names no table
  EXPECT_TRUE(b.sent_back);
  EXPECT_EQ(b.back, 11000);

  pb.seek(1999);
  EXPECT_TRUE(pb.express_plates().empty());
  pb.seek(4500);
  auto now = pb.express_plates();
  ASSERT_EQ(now.size(), 2U);
  EXPECT_DOUBLE_EQ(now[0].progress, 0.5);    // 2.5 s of 5
  EXPECT_DOUBLE_EQ(now[1].progress, 0.375);  // 1.5 s of 4
  EXPECT_FALSE(now[1].returning);
  EXPECT_EQ(pb.state().on_belt, 0);  // never on the loop
  pb.seek(9000);
  now = pb.express_plates();
  ASSERT_EQ(now.size(), 1U);
  EXPECT_EQ(now[0].trip->ref, (PlateRef{4, 0}));
  EXPECT_DOUBLE_EQ(now[0].progress, 0.5);  // 2 s of 4 on the way back
  EXPECT_TRUE(now[0].returning);
  pb.seek(11000);
  EXPECT_TRUE(pb.express_plates().empty());
  pb.seek(4500);  // back again: the same
  now = pb.express_plates();
  ASSERT_EQ(now.size(), 2U);
  EXPECT_DOUBLE_EQ(now[0].progress, 0.5);
  EXPECT_EQ(pb.state().made, 2);
}

TEST(Express, TrackRunsInsideTheLoopFromTheKitchenToItsTables) {
  const ScenarioDef def = viz_express();
  const Belt belt = build_belt(def);
  const Layout layout(def, belt, split_screen(1600, 900).belt);
  const Loop& loop = layout.loops()[0];
  const Rect& box = loop.box;
  const auto scale = static_cast<float>(layout.px_per_um());
  const float mid_x = box.x + box.w / 2;
  const float mid_y = box.y + box.h / 2;
  ASSERT_EQ(layout.express_tracks().size(), 2U);

  // XA: its tables are on top. The leg starts beside the kitchen, where the top straight begins.
  const ExpressTrack& xa = layout.express_tracks()[0];
  EXPECT_TRUE(xa.drawn);
  EXPECT_FALSE(xa.bottom);
  EXPECT_EQ(xa.loop, 0U);
  EXPECT_NEAR(xa.kitchen.x, box.x + loop.radius, 1e-3);
  EXPECT_NEAR(xa.kitchen.y, mid_y, 1e-3);
  EXPECT_NEAR(xa.corner.x, xa.kitchen.x, 1e-3);
  EXPECT_GT(xa.corner.y, box.y + layout.belt_width() / 2 + 2 * layout.plate_radius());
  EXPECT_LT(xa.corner.y, mid_y);
  // Stations under the tables: 2500 mm is the top's middle, 3000 mm 500 mm further right.
  const Vec2 s0 = layout.express_station(0, 0);
  EXPECT_NEAR(s0.x, mid_x, 1e-2);
  EXPECT_NEAR(s0.y, xa.corner.y, 1e-3);
  EXPECT_NEAR(layout.express_station(0, 1).x, mid_x + 500'000 * scale, 1e-2);
  EXPECT_NEAR(xa.end.x, mid_x + 500'000 * scale, 1e-2);  // the farther table
  // A table that XA does not serve: the run's end.
  EXPECT_NEAR(layout.express_station(0, 2).x, xa.end.x, 1e-3);

  // XB: its tables are on the bottom, 7500 mm its middle, 8000 mm 500 mm further left.
  const ExpressTrack& xb = layout.express_tracks()[1];
  EXPECT_TRUE(xb.drawn);
  EXPECT_TRUE(xb.bottom);
  EXPECT_GT(xb.corner.y, mid_y);
  EXPECT_LT(xb.corner.y, box.y + box.h - layout.belt_width() / 2 - 2 * layout.plate_radius());
  EXPECT_NEAR(layout.express_station(1, 3).x, mid_x, 1e-2);
  EXPECT_NEAR(layout.express_station(1, 4).x, mid_x - 500'000 * scale, 1e-2);
  EXPECT_NEAR(xb.end.x, mid_x, 1e-2);
}

TEST(Express, PlateMovesAlongTheTrackByLength) {
  const ScenarioDef def = viz_express();
  const Belt belt = build_belt(def);
  const Layout layout(def, belt, split_screen(1600, 900).belt);
  const ExpressTrack& xa = layout.express_tracks()[0];
  const Vec2 station = layout.express_station(0, 0);
  const float leg = xa.kitchen.y - xa.corner.y;  // up
  const float run = station.x - xa.corner.x;     // right
  const float total = leg + run;
  auto near = [](Vec2 a, Vec2 b) { return dist(a, b) < 1e-2F; };
  EXPECT_TRUE(near(layout.express_point(0, 0, 0.0), xa.kitchen));
  EXPECT_TRUE(near(layout.express_point(0, 0, 1.0), station));
  EXPECT_TRUE(near(layout.express_point(0, 0, leg / total), xa.corner));
  EXPECT_TRUE(near(layout.express_point(0, 0, 0.5 * leg / total),
                   Vec2{xa.kitchen.x, xa.kitchen.y - leg / 2}));
  EXPECT_TRUE(near(layout.express_point(0, 0, (leg + run / 2) / total),
                   Vec2{xa.corner.x + run / 2, xa.corner.y}));
  // XB goes down to the bottom straight.
  const ExpressTrack& xb = layout.express_tracks()[1];
  const float down = xb.corner.y - xb.kitchen.y;
  const float across = layout.express_station(1, 3).x - xb.corner.x;
  EXPECT_TRUE(near(layout.express_point(1, 3, 0.5 * down / (down + across)),
                   Vec2{xb.kitchen.x, xb.kitchen.y + down / 2}));
}

// A plate on a track never overlaps a plate on the belt: every point of every track is more than
// half the belt's width plus a plate's radius from every loop's centreline.
void expect_clear_of_the_belt(const ScenarioDef& def, unsigned w, unsigned h) {
  const Belt belt = build_belt(def);
  const Layout layout(def, belt, split_screen(w, h).belt);
  const float clearance = layout.belt_width() / 2 + layout.plate_radius();
  int drawn = 0;
  for (const ExpressTrack& track : layout.express_tracks()) {
    if (!track.drawn) continue;
    ++drawn;
    for (std::uint32_t t = 0; t < def.tables.size(); ++t) {
      if (def.tables[t].express != def.belt.express_lanes[track.express].id) continue;
      for (int k = 0; k <= 200; ++k) {
        const Vec2 p = layout.express_point(track.express, t, k / 200.0);
        for (std::size_t li = 0; li < belt.lanes.size(); ++li)
          for (int j = 0; j < 400; ++j) {
            const Vec2 q = layout.point_at(li, belt.lanes[li].length * j / 400).at;
            ASSERT_GT(dist(p, q), clearance) << def.name << " track " << track.express;
          }
      }
    }
  }
  EXPECT_EQ(drawn, static_cast<int>(def.belt.express_lanes.size()));
}

TEST(Express, TracksStayClearOfTheBelt) {
  expect_clear_of_the_belt(viz_express(), 1600, 900);
  expect_clear_of_the_belt(viz_express(), 640, 360);
  DaySource day = simulate_scenario(kScenarios + "default.yaml", std::nullopt);
  ASSERT_TRUE(day.scenario);
  expect_clear_of_the_belt(*day.scenario, 1600, 900);
  // Each of the default store's express lanes is drawn in the loop of its booths, on top.
  const Belt belt = build_belt(*day.scenario);
  const Layout layout(*day.scenario, belt, split_screen(1600, 900).belt);
  ASSERT_EQ(layout.express_tracks().size(), 3U);
  for (std::uint32_t x = 0; x < 3; ++x) {
    EXPECT_EQ(layout.express_tracks()[x].loop, x);
    EXPECT_FALSE(layout.express_tracks()[x].bottom);
  }
}

// The default day: every express plate is one trip, from its lane's kitchen to a table that names
// that lane, in the lane's trip time; at any time the plates shown on express lanes are those sent
// and not yet eaten, or sent back and not yet home, counted straight from the events.
TEST(Express, DefaultDayTripsAgreeWithTheEvents) {
  DaySource day = simulate_scenario(kScenarios + "default.yaml", std::nullopt);
  ASSERT_TRUE(day.scenario);
  const ScenarioDef& def = *day.scenario;
  const std::size_t loops = def.belt.lanes.size();
  Playback pb(def, day.events);
  EXPECT_EQ(pb.dropped_events(), 0U);

  std::map<std::uint32_t, std::uint32_t> order_table;
  std::size_t sent = 0;
  std::size_t eaten = 0;
  std::size_t back = 0;
  for (const TruthEvent& e : day.events) {
    if (e.kind == TruthKind::panel_order) order_table[e.aux] = e.where;
    if (e.lane < loops) continue;
    sent += e.kind == TruthKind::plate_made ? 1 : 0;
    eaten += e.kind == TruthKind::plate_eaten ? 1 : 0;
    back += e.kind == TruthKind::plate_discarded ? 1 : 0;
  }
  EXPECT_GT(sent, 500U);  // most panel orders go by express lane
  ASSERT_EQ(pb.express_trips().size(), sent);
  std::size_t ended_eaten = 0;
  std::size_t ended_back = 0;
  for (const ExpressTrip& trip : pb.express_trips()) {
    const ExpressLaneDef& lane = def.belt.express_lanes[trip.express];
    ASSERT_LT(trip.table, def.tables.size());
    EXPECT_EQ(def.tables[trip.table].express, lane.id);
    if (!trip.ended) continue;
    EXPECT_EQ(trip.arrives - trip.sent, express_trip_ms(lane));
    if (trip.sent_back) {
      ++ended_back;
      EXPECT_EQ(trip.back - trip.arrives, express_trip_ms(lane));
    } else {
      ++ended_eaten;
    }
  }
  EXPECT_EQ(ended_eaten, eaten);
  EXPECT_EQ(ended_back, back);

  for (const SimTime t : {def.open + 90 * kMsPerMinute, 13 * kMsPerHour + 5 * kMsPerMinute,
                          19 * kMsPerHour + 30 * kMsPerMinute, def.close}) {
    std::int64_t expected = 0;
    for (const TruthEvent& e : day.events) {
      if (e.time > t) break;
      if (e.lane < loops) continue;
      if (e.kind == TruthKind::plate_made) {
        ++expected;
      } else if (e.kind == TruthKind::plate_eaten) {
        --expected;
      } else if (e.kind == TruthKind::plate_discarded) {
        const ExpressLaneDef& lane = def.belt.express_lanes[e.lane - loops];
        if (e.time + express_trip_ms(lane) <= t) --expected;  // home again
      }
    }
    pb.seek(t);
    EXPECT_EQ(static_cast<std::int64_t>(pb.express_plates().size()), expected) << t;
    for (const ExpressView& v : pb.express_plates()) {
      EXPECT_GE(v.progress, 0.0);
      EXPECT_LE(v.progress, 1.0);
    }
  }
}

// Slow carriers (20 mm/s: 1,000 s a trip) on the default store: some parties leave before their
// plate comes, and those plates come back. Each sent-back plate is shown on its way home, with the
// share of the trip back still to go, until one trip time after its discard.
TEST(Express, SlowCarriersBringPlatesBack) {
  DaySource day = simulate_scenario(kScenarios + "default.yaml", std::nullopt);
  ASSERT_TRUE(day.scenario);
  ScenarioDef def = *day.scenario;
  for (ExpressLaneDef& lane : def.belt.express_lanes) lane.speed_mm_s = 20;
  const SimTime trip_ms = 1'000'000;
  ASSERT_EQ(express_trip_ms(def.belt.express_lanes[0]), trip_ms);
  EventRecorder recorder;
  simulate_day(def, 1, &recorder);
  std::vector<TruthEvent> events = std::move(recorder.events());
  std::size_t discards = 0;
  for (const TruthEvent& e : events)
    if (e.lane >= def.belt.lanes.size() && e.kind == TruthKind::plate_discarded) ++discards;
  ASSERT_GT(discards, 0U);
  Playback pb(def, std::move(events));
  std::size_t back = 0;
  for (const ExpressTrip& trip : pb.express_trips()) {
    if (!trip.sent_back) continue;
    ++back;
    EXPECT_EQ(trip.arrives - trip.sent, trip_ms);
    EXPECT_EQ(trip.back - trip.arrives, trip_ms);
    if (trip.back > pb.end()) continue;
    pb.seek(trip.arrives + trip_ms / 4);  // a quarter of the way home
    const auto now = pb.express_plates();
    const auto it = std::find_if(now.begin(), now.end(),
                                 [&](const ExpressView& v) { return v.trip->ref == trip.ref; });
    ASSERT_NE(it, now.end());
    EXPECT_TRUE(it->returning);
    EXPECT_DOUBLE_EQ(it->progress, 0.75);
    pb.seek(trip.back);
    const auto later = pb.express_plates();
    EXPECT_TRUE(std::none_of(later.begin(), later.end(), [&](const ExpressView& v) {
      return v.trip->ref == trip.ref && v.trip->sent == trip.sent;
    }));
  }
  EXPECT_EQ(back, discards);
}

}  // namespace
}  // namespace kaiten::viz
