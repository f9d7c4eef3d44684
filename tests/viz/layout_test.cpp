#include "kaiten/viz/layout.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "kaiten/sim/belt.hpp"
#include "viz_scenarios.hpp"

namespace kaiten::viz {
namespace {

float dist(Vec2 a, Vec2 b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

bool overlaps(const Rect& a, const Rect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

TEST(Layout, SplitsTheFrameIntoBeltAndPanel) {
  const Screen s = split_screen(1600, 900);
  EXPECT_FLOAT_EQ(s.belt.x, 0);
  EXPECT_FLOAT_EQ(s.belt.w + s.panel.w, 1600);
  EXPECT_FLOAT_EQ(s.panel.x, s.belt.w);
  EXPECT_FLOAT_EQ(s.panel.h, 900);
  EXPECT_GE(s.panel.w, 300);
}

TEST(Layout, KitchenIsAtTheMiddleOfTheLeftSideAndPlatesGoUp) {
  const ScenarioDef def = testing::viz_loop();
  const Belt belt = build_belt(def);
  const Layout layout(def, belt, split_screen(1600, 900).belt);
  const Loop& loop = layout.loops()[0];
  const PathPoint k = layout.point_at(0, mm_to_um(2000));
  EXPECT_NEAR(k.at.x, loop.box.x, 1e-3);
  EXPECT_NEAR(k.at.y, loop.box.y + loop.box.h / 2, 1e-3);
  EXPECT_FLOAT_EQ(k.outward.x, -1);
  EXPECT_FLOAT_EQ(k.forward.y, -1);
  // Positions wrap around the lane.
  const PathPoint again = layout.point_at(0, mm_to_um(12000));
  EXPECT_FLOAT_EQ(again.at.x, k.at.x);
  EXPECT_FLOAT_EQ(again.at.y, k.at.y);
  const PathPoint before = layout.point_at(0, mm_to_um(-8000));
  EXPECT_FLOAT_EQ(before.at.y, k.at.y);
}

TEST(Layout, PerimeterIsTheLaneLengthAndThePathIsContinuous) {
  const ScenarioDef def = testing::viz_store();
  const Belt belt = build_belt(def);
  const Rect area = split_screen(1600, 900).belt;
  const Layout layout(def, belt, area);
  for (std::size_t li = 0; li < belt.lanes.size(); ++li) {
    const Loop& loop = layout.loops()[li];
    EXPECT_NEAR(loop.perimeter, static_cast<double>(belt.lanes[li].length) * layout.px_per_um(),
                1e-6 * loop.perimeter);
    // Inside the area, clear of the other lanes' loops.
    EXPECT_GE(loop.box.x, area.x);
    EXPECT_LE(loop.box.x + loop.box.w, area.x + area.w);
    EXPECT_GE(loop.box.y, area.y);
    EXPECT_LE(loop.box.y + loop.box.h, area.y + area.h);
    for (std::size_t o = 0; o < li; ++o) EXPECT_FALSE(overlaps(loop.box, layout.loops()[o].box));
    // Small steps along the lane are small steps on screen, of the right length.
    const Micrometres step = mm_to_um(50);
    const float expected = static_cast<float>(static_cast<double>(step) * layout.px_per_um());
    Vec2 last = layout.point_at(li, 0).at;
    for (Micrometres p = step; p <= belt.lanes[li].length; p += step) {
      const Vec2 now = layout.point_at(li, p).at;
      EXPECT_NEAR(dist(now, last), expected, expected * 0.02F) << li << " " << p;
      last = now;
    }
  }
}

TEST(Layout, PlatesFitTheirSlotsAndTheBelt) {
  const ScenarioDef def = testing::viz_store();
  const Belt belt = build_belt(def);
  const Layout layout(def, belt, split_screen(1600, 900).belt);
  const double pitch_px = static_cast<double>(belt.lanes[0].pitch) * layout.px_per_um();
  EXPECT_LE(2 * layout.plate_radius(), pitch_px);
  EXPECT_GT(2 * layout.plate_radius(), 0.8 * pitch_px);
  EXPECT_GT(layout.belt_width(), 2 * layout.plate_radius());
}

TEST(Layout, TablesSitBesideTheBeltWithoutOverlapping) {
  const ScenarioDef def = testing::viz_store();
  const Belt belt = build_belt(def);
  const Layout layout(def, belt, split_screen(1600, 900).belt);
  ASSERT_EQ(layout.tables().size(), def.tables.size());
  for (const TableBox& t : layout.tables()) {
    const Vec2 c = t.box.centre();
    // Outside the loop, beyond the belt's edge.
    const float along_normal =
        (c.x - t.anchor.at.x) * t.anchor.outward.x + (c.y - t.anchor.at.y) * t.anchor.outward.y;
    EXPECT_GT(along_normal, layout.belt_width() / 2);
    EXPECT_EQ(layout.table_at(c), t.table);
    for (const TableBox& u : layout.tables()) {
      if (u.table < t.table) {
        EXPECT_FALSE(overlaps(t.box, u.box)) << t.table << " " << u.table;
      }
    }
  }
}

TEST(Layout, MarkersForEveryKitchenReaderAndGate) {
  const ScenarioDef def = testing::viz_store();
  const Belt belt = build_belt(def);
  const Layout layout(def, belt, split_screen(1600, 900).belt);
  int kitchens = 0;
  int readers = 0;
  int gates = 0;
  for (const Marker& m : layout.markers()) {
    kitchens += m.kind == PointKind::kitchen;
    readers += m.kind == PointKind::reader;
    gates += m.kind == PointKind::discard_gate;
  }
  EXPECT_EQ(kitchens, 3);
  EXPECT_EQ(readers, 12);
  EXPECT_EQ(gates, 3);
  EXPECT_EQ(layout.markers()[0].label, "Kitchen A");
}

TEST(Layout, PlateNearFindsTheClosestPlate) {
  const ScenarioDef def = testing::viz_loop();
  Playback pb(def, {testing::made(500, 1, 2, 10), testing::made(1400, 0, 1, 4)});
  pb.seek(1400);
  const Layout layout(def, pb.belt(), split_screen(1600, 900).belt);
  const Vec2 p0 = layout.point_at(0, mm_to_um(2000)).at;
  const Vec2 p1 = layout.point_at(0, mm_to_um(2900)).at;
  EXPECT_EQ(plate_near(pb, layout, {p0.x + 1, p0.y}, 10), (PlateRef{0, 0}));
  EXPECT_EQ(plate_near(pb, layout, p1, 10), (PlateRef{1, 0}));
  EXPECT_FALSE(plate_near(pb, layout, {p0.x + 200, p0.y + 300}, 10));
}

TEST(Layout, ManyLanesAndShortLanesStillFit) {
  ScenarioDef def = testing::viz_store();
  def.belt.lanes[2].length_mm = 8000;
  def.belt.lanes[2].points = {{"C-k", PointKind::kitchen, 0}};
  def.tables.resize(24);
  const Belt belt = build_belt(def);
  const Rect area = split_screen(800, 600).belt;
  const Layout layout(def, belt, area);
  const Loop& small = layout.loops()[2];
  EXPECT_NEAR(small.perimeter, 8e6 * layout.px_per_um(), 1e-6 * small.perimeter);
  EXPECT_LE(small.box.y + small.box.h, area.y + area.h);
}

}  // namespace
}  // namespace kaiten::viz
