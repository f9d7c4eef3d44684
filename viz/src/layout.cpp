#include "kaiten/viz/layout.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace kaiten::viz {
namespace {

constexpr double kPi = std::numbers::pi;

Micrometres positive_mod(Micrometres x, Micrometres m) {
  const Micrometres r = x % m;
  return r < 0 ? r + m : r;
}

double loop_perimeter(double w, double h, double r) {
  return 2 * (w - 2 * r) + 2 * (h - 2 * r) + 2 * kPi * r;
}

PathPoint straight(double x0, double y0, double dx, double dy, double t, Vec2 outward) {
  return {{static_cast<float>(x0 + dx * t), static_cast<float>(y0 + dy * t)},
          outward,
          {static_cast<float>(dx), static_cast<float>(dy)}};
}

PathPoint arc(double cx, double cy, double r, double from_angle, double t) {
  const double a = from_angle + t / r;  // clockwise on screen (y grows downwards)
  const double c = std::cos(a);
  const double s = std::sin(a);
  return {{static_cast<float>(cx + r * c), static_cast<float>(cy + r * s)},
          {static_cast<float>(c), static_cast<float>(s)},
          {static_cast<float>(-s), static_cast<float>(c)}};
}

// The point at arclength s from the middle of the loop's left side, going clockwise.
PathPoint loop_point(const Loop& loop, double s) {
  const double x0 = loop.box.x;
  const double y0 = loop.box.y;
  const double w = loop.box.w;
  const double h = loop.box.h;
  const double r = loop.radius;
  const double side = h - 2 * r;  // each vertical straight
  const double top = w - 2 * r;   // each horizontal straight
  const double quarter = kPi * r / 2;
  s = std::fmod(s, loop.perimeter);
  if (s < 0) s += loop.perimeter;
  // Left side, upper half, going up.
  if (s < side / 2) return straight(x0, y0 + h / 2, 0, -1, s, {-1, 0});
  s -= side / 2;
  if (s < quarter) return arc(x0 + r, y0 + r, r, kPi, s);
  s -= quarter;
  if (s < top) return straight(x0 + r, y0, 1, 0, s, {0, -1});
  s -= top;
  if (s < quarter) return arc(x0 + w - r, y0 + r, r, 1.5 * kPi, s);
  s -= quarter;
  if (s < side) return straight(x0 + w, y0 + r, 0, 1, s, {1, 0});
  s -= side;
  if (s < quarter) return arc(x0 + w - r, y0 + h - r, r, 0, s);
  s -= quarter;
  if (s < top) return straight(x0 + w - r, y0 + h, -1, 0, s, {0, 1});
  s -= top;
  if (s < quarter) return arc(x0 + r, y0 + h - r, r, 0.5 * kPi, s);
  s -= quarter;
  return straight(x0, y0 + h - r, 0, -1, std::min(s, side / 2), {-1, 0});
}

}  // namespace

Screen split_screen(unsigned width, unsigned height) {
  const auto w = static_cast<float>(std::max(width, 320U));
  const auto h = static_cast<float>(std::max(height, 240U));
  const float panel = std::clamp(w * 0.24F, 220.0F, 420.0F);
  return {{0, 0, w - panel, h}, {w - panel, 0, panel, h}};
}

Layout::Layout(const ScenarioDef& def, const Belt& belt, Rect area) : area_(area) {
  const std::size_t n = std::max<std::size_t>(belt.lanes.size(), 1);
  Micrometres longest = 1;
  for (const Lane& lane : belt.lanes) {
    lane_length_.push_back(lane.length);
    kitchen_at_.push_back(lane.kitchen_at);
    longest = std::max(longest, lane.length);
  }
  const Micrometres pitch = belt.lanes.empty() ? mm_to_um(150) : belt.lanes.front().pitch;
  const double margin = 6;
  const double band = (area.h - 2 * margin) / static_cast<double>(n);
  const double table_depth = std::clamp(band * 0.075, 8.0, 26.0);
  const double gap = 3;

  // The belt is as wide as a plate; the plate size follows from the scale, and the room left
  // for the loops follows from the belt width, so settle them over a few rounds.
  double belt_w = std::clamp(band * 0.05, 6.0, 40.0);
  double h = 0;
  double r = 0;
  double plate_r = 0;
  for (int round = 0; round < 3; ++round) {
    const double zone = belt_w / 2 + gap + table_depth + 3;
    h = std::max(band - 2 * zone - 6, 16.0);
    r = 0.3 * h;
    const double w = std::max(area.w - 2 * zone - 2 * margin, 2 * r + 1);
    px_per_um_ = loop_perimeter(w, h, r) / static_cast<double>(longest);
    plate_r = std::clamp(0.46 * static_cast<double>(pitch) * px_per_um_, 1.5, band * 0.08);
    belt_w = 2 * plate_r + std::max(3.0, 0.6 * plate_r);
  }
  plate_radius_ = static_cast<float>(plate_r);
  belt_width_ = static_cast<float>(belt_w);

  const double zone = belt_w / 2 + gap + table_depth + 3;
  for (std::size_t i = 0; i < belt.lanes.size(); ++i) {
    const double perimeter = static_cast<double>(belt.lanes[i].length) * px_per_um_;
    double lh = h;
    double lr = r;
    double lw = (perimeter - 2 * (lh - 2 * lr) - 2 * kPi * lr) / 2 + 2 * lr;
    if (lw < 2 * lr) {  // a lane much shorter than the longest: a smaller, squarer loop
      lh = perimeter / (2 - 4 * 0.3 + 2 * kPi * 0.3);
      lr = 0.3 * lh;
      lw = 2 * lr;
    }
    const double band_top = area.y + margin + band * static_cast<double>(i);
    Loop loop;
    loop.box = {static_cast<float>(area.x + margin + zone),
                static_cast<float>(band_top + (band - lh) / 2), static_cast<float>(lw),
                static_cast<float>(lh)};
    loop.radius = static_cast<float>(lr);
    loop.perimeter = loop_perimeter(lw, lh, lr);
    loops_.push_back(loop);
  }

  // Markers: each lane's kitchen, then its readers and gates in route order.
  for (std::uint32_t i = 0; i < belt.lanes.size(); ++i) {
    const Lane& lane = belt.lanes[i];
    markers_.push_back(
        {PointKind::kitchen, i, i, point_at(i, lane.kitchen_at), "Kitchen " + lane.id});
    for (const RoutePoint& p : lane.route) {
      if (p.kind == PointKind::reader)
        markers_.push_back({p.kind, i, p.index, point_at(i, p.at), belt.points.readers[p.index]});
      else if (p.kind == PointKind::discard_gate)
        markers_.push_back({p.kind, i, p.index, point_at(i, p.at), belt.points.gates[p.index]});
    }
  }

  // Tables: a box beside the reach zone, its depth along the outward normal, its width along
  // the belt from the seats, narrowed so that neighbours on the same lane do not touch.
  for (std::uint32_t t = 0; t < def.tables.size(); ++t) {
    const TableDef& table = def.tables[t];
    const int lane = find_lane(def, table.lane);
    if (lane < 0) continue;
    const auto li = static_cast<std::uint32_t>(lane);
    const Micrometres length = lane_length_[li];
    Micrometres nearest = length;
    for (std::uint32_t u = 0; u < def.tables.size(); ++u) {
      if (u == t || def.tables[u].lane != table.lane) continue;
      const Micrometres d = positive_mod(mm_to_um(def.tables[u].at_mm - table.at_mm), length);
      nearest = std::min({nearest, d, length - d});
    }
    const double spacing = static_cast<double>(nearest) * px_per_um_;
    const double width =
        std::clamp(table_depth * (0.7 + 0.45 * table.seats), table_depth,
                   std::max(table_depth, std::min(4 * table_depth, 0.85 * spacing)));
    const PathPoint anchor = point_at(li, mm_to_um(table.at_mm));
    const bool horizontal = std::abs(anchor.outward.y) >= std::abs(anchor.outward.x);
    const double bw = horizontal ? width : table_depth;
    const double bh = horizontal ? table_depth : width;
    const double off = belt_w / 2 + gap + table_depth / 2;
    const double cx = anchor.at.x + anchor.outward.x * off;
    const double cy = anchor.at.y + anchor.outward.y * off;
    tables_.push_back({t, li,
                       Rect{static_cast<float>(cx - bw / 2), static_cast<float>(cy - bh / 2),
                            static_cast<float>(bw), static_cast<float>(bh)},
                       anchor});
  }
  place_express(def);
}

// Express tracks, after the tables (their stations face them). The run is set in from the belt's
// centreline by a sixth of the loop's height: clear of the plates, the chevrons and the markers'
// labels, above the lane's title. A second track in the same loop and side goes further in, its
// leg beside the first's.
void Layout::place_express(const ScenarioDef& def) {
  table_express_.assign(def.tables.size(), -1);
  station_x_.assign(def.tables.size(), 0);
  std::vector<int> placed(2 * loops_.size(), 0);  // tracks per loop and side so far
  for (std::uint32_t x = 0; x < def.belt.express_lanes.size(); ++x) {
    ExpressTrack track;
    track.express = x;
    std::vector<const TableBox*> served;
    for (const TableBox& t : tables_)
      if (def.tables[t.table].express == def.belt.express_lanes[x].id) served.push_back(&t);
    if (served.empty()) {
      express_.push_back(track);
      continue;
    }
    track.drawn = true;
    track.loop = served.front()->lane;
    const Loop& loop = loops_[track.loop];
    const float mid = loop.box.y + loop.box.h / 2;
    const auto below = std::count_if(served.begin(), served.end(),
                                     [mid](const TableBox* t) { return t->anchor.at.y > mid; });
    track.bottom = 2 * below > static_cast<std::ptrdiff_t>(served.size());
    const int k = placed[2 * track.loop + (track.bottom ? 1 : 0)]++;
    const float step = std::max(belt_width_, 0.09F * loop.box.h);
    const float inset =
        std::min(belt_width_ / 2 + loop.box.h / 6 + static_cast<float>(k) * step, loop.box.h / 2);
    const float y = track.bottom ? loop.box.y + loop.box.h - inset : loop.box.y + inset;
    const float x0 = loop.box.x + loop.radius + static_cast<float>(k) * step;
    const float x1 = std::max(x0, loop.box.x + loop.box.w - loop.radius);
    float far = x0;
    for (const TableBox* t : served) {
      station_x_[t->table] = std::clamp(t->anchor.at.x, x0, x1);
      table_express_[t->table] = static_cast<std::int32_t>(x);
      far = std::max(far, station_x_[t->table]);
    }
    track.kitchen = {x0, mid};
    track.corner = {x0, y};
    track.end = {far, y};
    express_.push_back(track);
  }
}

Vec2 Layout::express_station(std::uint32_t express, std::uint32_t table) const {
  const ExpressTrack& track = express_[express];
  if (table < table_express_.size() && table_express_[table] == static_cast<std::int32_t>(express))
    return {station_x_[table], track.corner.y};
  return track.end;
}

Vec2 Layout::express_point(std::uint32_t express, std::uint32_t table, double progress) const {
  const ExpressTrack& track = express_[express];
  const Vec2 station = express_station(express, table);
  const double leg = std::abs(track.corner.y - track.kitchen.y);
  const double run = station.x - track.corner.x;
  const double s = std::clamp(progress, 0.0, 1.0) * (leg + run);
  if (s <= leg) {
    const double dir = track.corner.y < track.kitchen.y ? -1 : 1;
    return {track.kitchen.x, static_cast<float>(track.kitchen.y + dir * s)};
  }
  return {static_cast<float>(track.corner.x + (s - leg)), track.corner.y};
}

PathPoint Layout::point_at(std::size_t lane, Micrometres position) const {
  const Micrometres from_kitchen = positive_mod(position - kitchen_at_[lane], lane_length_[lane]);
  return loop_point(loops_[lane], static_cast<double>(from_kitchen) * px_per_um_);
}

std::optional<std::uint32_t> Layout::table_at(Vec2 p) const {
  for (const TableBox& t : tables_)
    if (t.box.contains(p)) return t.table;
  return std::nullopt;
}

std::optional<PlateRef> plate_near(const Playback& playback, const Layout& layout, Vec2 p,
                                   float max_distance) {
  std::optional<PlateRef> best;
  float best_d2 = max_distance * max_distance;
  for (const PlateView& v : playback.plates()) {
    const Vec2 c = layout.point_at(v.state->lane, v.position).at;
    const float d2 = (c.x - p.x) * (c.x - p.x) + (c.y - p.y) * (c.y - p.y);
    if (d2 <= best_d2) {
      best_d2 = d2;
      best = v.ref;
    }
  }
  return best;
}

}  // namespace kaiten::viz
