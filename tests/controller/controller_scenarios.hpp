#pragma once
// Stores built in code for controller tests, and helpers to build sensor messages.
#include <string>

#include "kaiten/core/scenario.hpp"
#include "kaiten/core/sensor.hpp"

namespace kaiten::testing {

/// Two lanes. Lane A: 10 m, kitchen at 0, readers at 2, 4, 6, 8 m (readers 0-3), gate at 9.5 m.
/// Lane B: 8 m, kitchen at 0.5 m, readers at 6 m (reader 4: listed first) and 3 m (reader 5),
/// gate at 0.4 m (7.9 m from
/// the kitchen). Distance rule 50 m; "uni" has a 20-minute time limit under the time rule.
/// Tables: 0 at 3 m and 1 at 7 m on lane A, 2 at 5 m on lane B. Open 0:00 to 2:00.
inline MenuItem menu_item(const char* id, std::int32_t price_yen, double popularity,
                          std::optional<std::int32_t> discard_time_min = std::nullopt) {
  MenuItem item;
  item.id = id;
  item.name = id;
  item.price_yen = price_yen;
  item.cost_yen = price_yen / 2;
  item.popularity = popularity;
  item.discard_time_min = discard_time_min;
  return item;
}

inline ScenarioDef small_store() {
  ScenarioDef def;
  def.name = "small store";
  def.open = 0;
  def.close = 2 * kMsPerHour;
  def.menu.push_back(menu_item("maguro", 120, 3.0));
  def.menu.push_back(menu_item("salmon", 180, 1.0));
  def.menu.push_back(menu_item("uni", 360, 1.0, 20));
  def.belt.speed_mm_s = 100;
  def.belt.pitch_mm = 150;
  def.belt.lanes.push_back({"A",
                            10000,
                            {{"A-k", PointKind::kitchen, 0},
                             {"A-r0", PointKind::reader, 2000},
                             {"A-r1", PointKind::reader, 4000},
                             {"A-r2", PointKind::reader, 6000},
                             {"A-r3", PointKind::reader, 8000},
                             {"A-g", PointKind::discard_gate, 9500}},
                            {}});
  def.belt.lanes.push_back({"B",
                            8000,
                            {{"B-r1", PointKind::reader, 6000},
                             {"B-g", PointKind::discard_gate, 400},
                             {"B-k", PointKind::kitchen, 500},
                             {"B-r0", PointKind::reader, 3000}},
                            {}});
  def.discard.kind = DiscardRuleKind::distance;
  def.discard.distance_mm = 50000;
  def.discard.time_min = 30;
  def.tables.push_back({"A-t0", "A", TableKind::booth, 4, 3000, ""});
  def.tables.push_back({"A-t1", "A", TableKind::counter, 2, 7000, ""});
  def.tables.push_back({"B-t0", "B", TableKind::booth, 4, 5000, ""});
  set_single_station(def.kitchen, 12);
  def.kitchen.max_backlog_plates = 10;
  def.controller.policy = ControllerPolicy::fixed_mix;
  def.controller.tick_s = 60;
  def.controller.top_n = 3;
  def.controller.window_min = 10;
  def.controller.missed_reads_to_infer = 2;
  return def;
}

/// Belt odometer of small_store() at `t` when it runs at 100 mm/s from 0:00 without stopping.
constexpr Micrometres odo_at(SimTime t) {
  return t * 100;
}
/// Time the odometer reaches `odo` at 100 mm/s.
constexpr SimTime time_at(Micrometres odo) {
  return (odo + 99) / 100;
}

inline PlatePlaced placed(SimTime t, std::uint32_t tag, std::uint8_t lane, std::uint16_t item,
                          std::uint32_t order = kNoOrder) {
  return {t, tag, lane, item, odo_at(t), order};
}

/// A read of a plate placed at `placed_t` on lane A, at reader `reader` (0-3) on lap `lap`.
inline TagRead read_a(std::uint32_t tag, SimTime placed_t, std::uint32_t reader,
                      std::int64_t lap = 0) {
  const Micrometres odo = odo_at(placed_t) + mm_to_um(2000 * (reader + 1)) + lap * 10'000'000;
  return {time_at(odo), tag, reader, odo};
}

inline ClockTick tick(SimTime t) {
  return {t, odo_at(t)};
}

}  // namespace kaiten::testing
