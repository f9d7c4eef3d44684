#include "kaiten/core/scenario.hpp"

#include <algorithm>
#include <cmath>

namespace kaiten {

std::int32_t cooks_at(const KitchenDef& kitchen, SimTime t) {
  if (kitchen.staff.empty()) return kitchen.cooks;
  std::int32_t cooks = kitchen.staff.front().cooks;
  for (const StaffShift& shift : kitchen.staff) {
    if (shift.from > t) break;
    cooks = shift.cooks;
  }
  return cooks;
}

SimTime prep_time(const KitchenDef& kitchen, const MenuItem& item) {
  return item.prep_ms.value_or(kitchen.prep_ms);
}

double kitchen_capacity_per_min(const ScenarioDef& def, SimTime t) {
  // Mean prep time at the popularity mix: capacity = cooks / mean time per plate.
  double weight = 0.0, prep = 0.0;
  for (const MenuItem& item : def.menu) {
    weight += item.popularity;
    prep += item.popularity * static_cast<double>(prep_time(def.kitchen, item));
  }
  if (weight <= 0.0 || prep <= 0.0) return 0.0;
  return static_cast<double>(cooks_at(def.kitchen, t)) * static_cast<double>(kMsPerMinute) /
         (prep / weight);
}

std::int32_t total_seats(const ScenarioDef& def) {
  std::int32_t seats = 0;
  for (const auto& table : def.tables) seats += table.seats;
  return seats;
}

int find_item(const ScenarioDef& def, const std::string& id) {
  for (std::size_t i = 0; i < def.menu.size(); ++i)
    if (def.menu[i].id == id) return static_cast<int>(i);
  return -1;
}

int find_lane(const ScenarioDef& def, const std::string& id) {
  for (std::size_t i = 0; i < def.belt.lanes.size(); ++i)
    if (def.belt.lanes[i].id == id) return static_cast<int>(i);
  return -1;
}

bool lane_open(const LaneDef& lane, SimTime t) {
  for (const TimeWindow& w : lane.closed)
    if (t >= w.from && t < w.to) return false;
  return true;
}

int find_express_lane(const ScenarioDef& def, const std::string& id) {
  for (std::size_t i = 0; i < def.belt.express_lanes.size(); ++i)
    if (def.belt.express_lanes[i].id == id) return static_cast<int>(i);
  return -1;
}

std::size_t lane_count(const ScenarioDef& def) {
  return def.belt.lanes.size() + def.belt.express_lanes.size();
}

const std::string& lane_id(const ScenarioDef& def, std::size_t lane) {
  const std::size_t loops = def.belt.lanes.size();
  return lane < loops ? def.belt.lanes[lane].id : def.belt.express_lanes.at(lane - loops).id;
}

SimTime express_trip_ms(const ExpressLaneDef& lane) {
  if (lane.speed_mm_s <= 0) return kNever;
  const std::int64_t ms = lane.length_mm * 1000;
  return (ms + lane.speed_mm_s - 1) / lane.speed_mm_s;
}

void set_single_station(KitchenDef& kitchen, double rate_plates_per_min) {
  kitchen.cooks = 1;
  kitchen.staff.clear();
  kitchen.prep_ms =
      std::max<SimTime>(1, std::llround(static_cast<double>(kMsPerMinute) / rate_plates_per_min));
}

const char* to_string(PointKind kind) {
  switch (kind) {
    case PointKind::kitchen:
      return "kitchen";
    case PointKind::reader:
      return "reader";
    case PointKind::discard_gate:
      return "discard_gate";
    case PointKind::seat_zone:
      return "seat_zone";
  }
  return "?";
}

const char* to_string(DiscardRuleKind kind) {
  return kind == DiscardRuleKind::distance ? "distance" : "time";
}

const char* to_string(Weekday day) {
  static constexpr const char* kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  return kNames[static_cast<int>(day)];
}

const char* to_string(TableKind kind) {
  return kind == TableKind::counter ? "counter" : "booth";
}

const char* to_string(ControllerPolicy policy) {
  switch (policy) {
    case ControllerPolicy::manager:
      return "manager";
    case ControllerPolicy::predictive:
      return "predictive";
    case ControllerPolicy::fixed_mix:
      return "fixed_mix";
  }
  return "?";
}

}  // namespace kaiten
