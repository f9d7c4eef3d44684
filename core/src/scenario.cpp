#include "kaiten/core/scenario.hpp"

namespace kaiten {

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

}  // namespace kaiten
