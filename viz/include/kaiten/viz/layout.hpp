#pragma once
// Where things are on screen: an automatic layout of the belt, with no drawing in it.
//
// Each lane is a rounded-rectangle loop whose perimeter, in pixels, is the lane length times one
// scale shared by all lanes; lanes are stacked top to bottom. The kitchen sits at the middle of a
// loop's left side and plates travel clockwise (up the left side, right along the top). Tables are
// boxes just outside the loop at their reach zones. All lengths are pixels unless named otherwise.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/core/units.hpp"
#include "kaiten/sim/belt.hpp"
#include "kaiten/viz/playback.hpp"

namespace kaiten::viz {

struct Vec2 {
  float x = 0;
  float y = 0;
};

struct Rect {
  float x = 0;
  float y = 0;
  float w = 0;
  float h = 0;
  bool contains(Vec2 p) const { return p.x >= x && p.x < x + w && p.y >= y && p.y < y + h; }
  Vec2 centre() const { return {x + w / 2, y + h / 2}; }
};

/// The two parts of a frame: the belt drawing on the left, the side panel on the right.
struct Screen {
  Rect belt;
  Rect panel;
};
/// Splits a frame of `width` x `height` pixels (each at least 320 x 240).
Screen split_screen(unsigned width, unsigned height);

/// A point on a lane's loop: the centreline point, the unit normal pointing out of the loop and
/// the unit direction of travel.
struct PathPoint {
  Vec2 at;
  Vec2 outward;
  Vec2 forward;
};

/// One lane's loop: the bounding box of its centreline and its corner radius.
struct Loop {
  Rect box;
  float radius = 0;
  double perimeter = 0;  ///< pixels; = lane length x px_per_um()
};

/// A table's box beside its lane.
struct TableBox {
  std::uint32_t table = 0;  ///< index in ScenarioDef::tables
  std::uint32_t lane = 0;
  Rect box;
  PathPoint anchor;  ///< the reach zone on the belt
};

/// A kitchen, reader or discard gate on a lane.
struct Marker {
  PointKind kind = PointKind::reader;
  std::uint32_t lane = 0;
  std::uint32_t index = 0;  ///< reader or gate index (global over the belt); lane for a kitchen
  PathPoint point;
  std::string label;
};

/// An express lane's track (docs/viewer.md, "What the picture shows"): drawn inside the loop of
/// its first table, clear of the belt. A leg runs from beside the loop's kitchen, at the kitchen's
/// height, to the loop's top straight (or its bottom one, when most of its tables are there), then
/// a straight run along it to the farthest of its tables. A table's station is the point of the
/// run nearest its reach zone; an express plate travels kitchen, corner, station.
struct ExpressTrack {
  std::uint32_t express = 0;  ///< index in belt.express_lanes
  std::uint32_t loop = 0;     ///< the loop it is drawn in
  bool drawn = false;         ///< false when no table names the express lane
  bool bottom = false;        ///< runs along the bottom straight
  Vec2 kitchen;               ///< the leg's start, beside the kitchen
  Vec2 corner;                ///< where the leg meets the run
  Vec2 end;                   ///< the run's far end
};

class Layout {
 public:
  /// Lays out every lane of `belt` (built from `def`) inside `area`.
  Layout(const ScenarioDef& def, const Belt& belt, Rect area);

  /// The point at `position` (micrometres along the lane, any value: taken modulo its length).
  PathPoint point_at(std::size_t lane, Micrometres position) const;

  Rect area() const { return area_; }
  double px_per_um() const { return px_per_um_; }
  float plate_radius() const { return plate_radius_; }
  float belt_width() const { return belt_width_; }
  const std::vector<Loop>& loops() const { return loops_; }
  const std::vector<TableBox>& tables() const { return tables_; }
  const std::vector<Marker>& markers() const { return markers_; }

  /// Indexed like belt.express_lanes.
  const std::vector<ExpressTrack>& express_tracks() const { return express_; }
  /// Where table `table` is served on express lane `express`: its station, or the run's far end
  /// for a table that is not one of the lane's (or kNoTable).
  Vec2 express_station(std::uint32_t express, std::uint32_t table) const;
  /// The point `progress` (0: kitchen, 1: the station) of the way along the track to `table`'s
  /// station, by length.
  Vec2 express_point(std::uint32_t express, std::uint32_t table, double progress) const;

  /// The table whose box holds p, if any.
  std::optional<std::uint32_t> table_at(Vec2 p) const;

 private:
  void place_express(const ScenarioDef& def);

  Rect area_;
  double px_per_um_ = 0;
  float plate_radius_ = 0;
  float belt_width_ = 0;
  std::vector<Micrometres> lane_length_;
  std::vector<Micrometres> kitchen_at_;
  std::vector<Loop> loops_;
  std::vector<TableBox> tables_;
  std::vector<Marker> markers_;
  std::vector<ExpressTrack> express_;
  std::vector<std::int32_t> table_express_;  ///< per table: its express lane, or -1
  std::vector<float> station_x_;             ///< per table: its station's x on its track
};

/// The live plate whose centre is nearest to p within `max_distance` pixels, if any.
std::optional<PlateRef> plate_near(const Playback& playback, const Layout& layout, Vec2 p,
                                   float max_distance);

}  // namespace kaiten::viz
