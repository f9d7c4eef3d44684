#pragma once
// Scenarios and hand-made ground truth for the viewer tests (built in code, no YAML).
#include <string>
#include <utility>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/sim/truth.hpp"

namespace kaiten::testing {

/// A menu item with the given price and popularity (cost ~48 % of price); other fields default.
inline MenuItem item(const std::string& id, const std::string& name, std::int32_t price_yen,
                     double popularity) {
  MenuItem m;
  m.id = id;
  m.name = name;
  m.price_yen = price_yen;
  m.cost_yen = price_yen * 48 / 100;
  m.popularity = popularity;
  return m;
}

/// A point, lane and table with the given fields; other fields default.
inline BeltPoint point(const std::string& id, PointKind kind, std::int64_t at_mm) {
  BeltPoint p;
  p.id = id;
  p.kind = kind;
  p.at_mm = at_mm;
  return p;
}
inline TableDef table(const std::string& id, const std::string& lane, TableKind kind,
                      std::int32_t seats, std::int64_t at_mm) {
  TableDef t;
  t.id = id;
  t.lane = lane;
  t.kind = kind;
  t.seats = seats;
  t.at_mm = at_mm;
  return t;
}

/// One 10 m lane running at 1 m/s (1000 um per ms): kitchen at 2000 mm, a reader at 5000 mm,
/// a gate at 9500 mm, pitch 150 mm (66 slots), three items, two tables. Open 0:00 to 1:00.
inline ScenarioDef viz_loop() {
  ScenarioDef def;
  def.name = "viz loop";
  def.open = 0;
  def.close = kMsPerHour;
  def.menu.push_back(item("maguro", "Tuna", 120, 1.0));
  def.menu.push_back(item("salmon", "Salmon", 120, 1.0));
  def.menu.push_back(item("ikura", "Salmon roe", 180, 1.0));
  def.belt.speed_mm_s = 1000;
  def.belt.pitch_mm = 150;
  LaneDef lane;
  lane.id = "A";
  lane.length_mm = 10000;
  lane.points = {point("A-kitchen", PointKind::kitchen, 2000),
                 point("A-reader", PointKind::reader, 5000),
                 point("A-gate", PointKind::discard_gate, 9500)};
  def.belt.lanes.push_back(lane);
  def.tables.push_back(table("A-counter", "A", TableKind::counter, 2, 3000));
  def.tables.push_back(table("A-booth", "A", TableKind::booth, 4, 7000));
  def.discard.distance_mm = 35'000;
  set_single_station(def.kitchen, 1);
  def.eating.take_probability_per_pass = 0.0;
  return def;
}

/// A busy three-lane store with readers and tables, for a simulated day.
inline ScenarioDef viz_store() {
  ScenarioDef def;
  def.name = "three lanes";
  def.open = 11 * kMsPerHour;
  def.close = 14 * kMsPerHour;
  const char* items[] = {"maguro", "salmon", "ebi", "tamago", "ikura", "uni"};
  for (int i = 0; i < 6; ++i)
    def.menu.push_back(item(items[i], items[i], 120 + 60 * (i % 3), 1.0 + i));
  for (const char* lane : {"A", "B", "C"}) {
    const std::string id = lane;
    LaneDef l;
    l.id = id;
    l.length_mm = 30000;
    l.points = {point(id + "-k", PointKind::kitchen, 0),
                point(id + "-g", PointKind::discard_gate, 29500)};
    for (int r = 0; r < 4; ++r)
      l.points.push_back(point(id + "-r" + std::to_string(r), PointKind::reader, 1500 + 7000 * r));
    def.belt.lanes.push_back(l);
    for (int t = 0; t < 12; ++t)
      def.tables.push_back(
          table(id + "-t" + std::to_string(t), id, TableKind::booth, 4, 2000 + 2000 * t));
  }
  SpeedChange stop;
  stop.at = 12 * kMsPerHour;
  stop.speed_mm_s = 0;
  SpeedChange restart;
  restart.at = 12 * kMsPerHour + 10 * kMsPerMinute;
  restart.speed_mm_s = 100;
  def.belt.speed_schedule = {stop, restart};
  def.discard.distance_mm = 120'000;
  set_single_station(def.kitchen, 20);
  def.eating.take_probability_per_pass = 0.01;
  return def;
}

/// One 10 m loop at 1 m/s with two express lanes: kitchen at 0 mm (the middle of the loop's left
/// side), so 2500 mm is the middle of the top straight, 5000 mm the middle of the right side and
/// 7500 mm the middle of the bottom straight. XA (5 m at 1 m/s: 5 s a trip) serves tables 0 and 1
/// at 2500 and 3000 mm (on top); XB (2 m at 0.5 m/s: 4 s) serves tables 3 and 4 at 7500 and
/// 8000 mm (on the bottom); table 2 at 5000 mm has none. Open 0:00 to 1:00.
inline ScenarioDef viz_express() {
  ScenarioDef def = viz_loop();
  def.name = "viz express";
  def.belt.lanes[0].points = {point("A-kitchen", PointKind::kitchen, 0),
                              point("A-reader", PointKind::reader, 1000),
                              point("A-gate", PointKind::discard_gate, 9000)};
  def.belt.express_lanes = {{"XA", 5000, 1000, 1}, {"XB", 2000, 500, 1}};
  def.tables.clear();
  const std::pair<std::int64_t, const char*> tables[] = {
      {2500, "XA"}, {3000, "XA"}, {5000, ""}, {7500, "XB"}, {8000, "XB"}};
  for (const auto& [at, express] : tables) {
    def.tables.push_back(table("T" + std::to_string(at), "A", TableKind::booth, 4, at));
    def.tables.back().express = express;
  }
  return def;
}

/// A plate_made event: plate `plate` of `item` in `slot`, at time t.
inline TruthEvent made(SimTime t, std::uint32_t plate, std::uint16_t item, std::uint32_t slot) {
  return {t, TruthKind::plate_made, 0, item, plate, 0, slot, 0};
}

}  // namespace kaiten::testing
