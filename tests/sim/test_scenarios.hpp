#pragma once
// Scenarios built in code for sim tests (sim/ has no YAML).
#include <string>

#include "kaiten/core/scenario.hpp"

namespace kaiten::testing {

/// One lane of `length_mm` with its kitchen at `kitchen_mm` and one gate at `gate_mm`; one menu
/// item; the kitchen makes a single plate at opening; no tables unless added.
inline ScenarioDef one_plate_loop(std::int64_t length_mm, std::int64_t kitchen_mm,
                                  std::int64_t gate_mm, std::int32_t speed_mm_s = 1000) {
  ScenarioDef def;
  def.name = "one plate";
  def.open = 0;
  def.close = 24 * kMsPerHour;
  def.menu.push_back({"maguro", "Tuna", 120, 58, 1.0, std::nullopt, std::nullopt});
  def.belt.speed_mm_s = speed_mm_s;
  def.belt.pitch_mm = 150;
  def.belt.lanes.push_back(
      {"A",
       length_mm,
       {{"kitchen", PointKind::kitchen, kitchen_mm}, {"gate", PointKind::discard_gate, gate_mm}}});
  def.kitchen.rate_plates_per_min = 1.0 / (24 * 60);  // one plate, at opening
  def.kitchen.max_backlog_plates = 10;
  def.eating.take_probability_per_pass = 0.0;
  return def;
}

/// A busy three-lane store with readers and tables, built without YAML.
inline ScenarioDef three_lane_store() {
  ScenarioDef def;
  def.name = "three lanes";
  def.open = 11 * kMsPerHour;
  def.close = 15 * kMsPerHour;
  const char* items[] = {"maguro", "salmon", "ebi", "tamago", "ikura", "uni"};
  for (int i = 0; i < 6; ++i)
    def.menu.push_back(
        {items[i], items[i], 120 + 60 * (i % 3), 60, 1.0 + i, std::nullopt, std::nullopt});
  for (const char* lane : {"A", "B", "C"}) {
    const std::string id = lane;
    LaneDef l{id,
              30000,
              {{id + "-k", PointKind::kitchen, 0}, {id + "-g", PointKind::discard_gate, 29500}}};
    for (int r = 0; r < 4; ++r)
      l.points.push_back({id + "-r" + std::to_string(r), PointKind::reader, 1500 + 7000 * r});
    def.belt.lanes.push_back(l);
    for (int t = 0; t < 12; ++t)
      def.tables.push_back(
          {id + "-t" + std::to_string(t), id, TableKind::booth, 4, 2000 + 2000 * t});
  }
  def.kitchen.rate_plates_per_min = 20;
  def.eating.take_probability_per_pass = 0.01;
  return def;
}

}  // namespace kaiten::testing
