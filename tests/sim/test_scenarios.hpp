#pragma once
// Scenarios built in code for sim tests (sim/ has no YAML).
#include <string>

#include "kaiten/core/scenario.hpp"

namespace kaiten::testing {

inline MenuItem menu_item(std::string id, std::int32_t price_yen, double popularity) {
  MenuItem item;
  item.id = id;
  item.name = std::move(id);
  item.price_yen = price_yen;
  item.cost_yen = price_yen / 2;
  item.popularity = popularity;
  return item;
}

/// One lane of `length_mm` with its kitchen at `kitchen_mm` and one gate at `gate_mm`; one menu
/// item; the kitchen makes a single plate at opening; no tables unless added.
inline ScenarioDef one_plate_loop(std::int64_t length_mm, std::int64_t kitchen_mm,
                                  std::int64_t gate_mm, std::int32_t speed_mm_s = 1000) {
  ScenarioDef def;
  def.name = "one plate";
  def.open = 0;
  def.close = 24 * kMsPerHour;
  def.menu.push_back(menu_item("maguro", 120, 1.0));
  def.belt.speed_mm_s = speed_mm_s;
  def.belt.pitch_mm = 150;
  def.belt.lanes.push_back(
      {"A",
       length_mm,
       {{"kitchen", PointKind::kitchen, kitchen_mm}, {"gate", PointKind::discard_gate, gate_mm}},
       {}});
  // One plate, a second after opening: the kitchen could make one a second, but has stock for one.
  def.menu.back().stock_plates = 1;
  def.kitchen.cooks = 1;
  def.kitchen.prep_ms = kMsPerSecond;
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
  for (int i = 0; i < 6; ++i) def.menu.push_back(menu_item(items[i], 120 + 60 * (i % 3), 1.0 + i));
  for (const char* lane : {"A", "B", "C"}) {
    const std::string id = lane;
    LaneDef l{id,
              30000,
              {{id + "-k", PointKind::kitchen, 0}, {id + "-g", PointKind::discard_gate, 29500}},
              {}};
    for (int r = 0; r < 4; ++r)
      l.points.push_back({id + "-r" + std::to_string(r), PointKind::reader, 1500 + 7000 * r});
    def.belt.lanes.push_back(l);
    for (int t = 0; t < 12; ++t)
      def.tables.push_back(
          {id + "-t" + std::to_string(t), id, TableKind::booth, 4, 2000 + 2000 * t, ""});
  }
  set_single_station(def.kitchen, 20);
  def.eating.take_probability_per_pass = 0.01;
  return def;
}

}  // namespace kaiten::testing

namespace kaiten::testing {

/// The three-lane store with parties instead of the stand-in: a flat arrival rate over four hours.
inline ScenarioDef three_lane_store_with_parties(double parties_per_hour = 30) {
  ScenarioDef def = three_lane_store();
  def.customers.model = CustomerModel::parties;
  def.customers.day = Weekday::mon;
  def.customers.weekday_multiplier.assign(7, 1.0);
  for (int h = 11; h < 15; ++h)
    def.customers.hourly_parties[static_cast<std::size_t>(h)] = parties_per_hour;
  def.customers.party_size_weights = {0.2, 0.4, 0.2, 0.2};
  set_single_station(def.kitchen, 12);
  return def;
}

/// An M/M/c queue at the entrance: c identical tables, Poisson arrivals at `per_hour`, every
/// party of one, time seated exponential with mean `stay_min`, no balking, reneging or cleaning.
inline ScenarioDef erlang_store(int c, double per_hour, double stay_min, SimTime hours) {
  ScenarioDef def;
  def.name = "erlang";
  def.open = 0;
  def.close = hours * kMsPerHour;
  def.menu.push_back(menu_item("maguro", 120, 1.0));
  def.belt.lanes.push_back(
      {"A", 60000, {{"k", PointKind::kitchen, 0}, {"g", PointKind::discard_gate, 59000}}, {}});
  for (int t = 0; t < c; ++t)
    def.tables.push_back({"t" + std::to_string(t), "A", TableKind::booth, 4, 1000 + 1000 * t, ""});
  set_single_station(def.kitchen, 2);
  CustomersDef& cu = def.customers;
  cu.model = CustomerModel::parties;
  cu.day = Weekday::mon;
  cu.weekday_multiplier.assign(7, 1.0);
  cu.hourly_parties.assign(48, per_hour);
  cu.last_entry_min = 0;
  cu.party_size_weights = {1.0};
  cu.max_queue_parties = 1'000'000;
  cu.patience_min_mean = 1e9;
  cu.cleaning_s = 0;
  cu.exponential_stay_min = stay_min;
  return def;
}

}  // namespace kaiten::testing
