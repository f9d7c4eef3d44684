#pragma once
// ScenarioDef: everything one simulated restaurant day needs, as plain data with units in the
// names. Loaded and validated from YAML by io/ (docs/scenario.md is the user-facing reference);
// the defaults written here are the documented defaults.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kaiten/core/units.hpp"

namespace kaiten {

struct MenuItem {
  std::string id;    ///< short key used in the scenario and outputs, e.g. "maguro"
  std::string name;  ///< display name
  std::int32_t price_yen = 0;
  std::int32_t cost_yen = 0;  ///< cost of goods per plate
  double popularity = 1.0;    ///< relative weight in the menu mix (> 0)
  /// Time-on-belt limit for this item under the time rule; unset means the rule's default.
  std::optional<std::int32_t> discard_time_min;
};

enum class PointKind : std::uint8_t { kitchen, reader, discard_gate, seat_zone };

/// A point of interest on a lane, at a position along the loop measured in the direction of travel.
struct BeltPoint {
  std::string id;
  PointKind kind = PointKind::reader;
  std::int64_t at_mm = 0;
};

/// One closed loop of belt. Exactly one kitchen point injects plates; discard gates remove them.
struct LaneDef {
  std::string id;
  std::int64_t length_mm = 0;
  std::vector<BeltPoint> points;  ///< kitchen, readers and gates; seat zones come from tables
};

/// From `at` on, the belt runs at `speed_mm_s` (0 = stopped) until the next change.
struct SpeedChange {
  SimTime at = 0;
  std::int32_t speed_mm_s = 0;
};

struct BeltDef {
  std::int32_t speed_mm_s = 80;  ///< speed at opening
  std::int32_t pitch_mm = 150;   ///< slot pitch: one plate per slot, plates never overlap
  std::vector<LaneDef> lanes;
  std::vector<SpeedChange> speed_schedule;  ///< sorted by time, all within the opening hours
};

enum class DiscardRuleKind : std::uint8_t { distance, time };

struct DiscardRule {
  DiscardRuleKind kind = DiscardRuleKind::distance;
  std::int64_t distance_mm = 350'000;  ///< distance rule: 350 m travelled uneaten
  std::int32_t time_min = 40;          ///< time rule: default minutes on the belt per item
};

enum class TableKind : std::uint8_t { counter, booth };

/// A table (counter seats or a booth) whose reach zone is at `at_mm` on lane `lane`.
struct TableDef {
  std::string id;
  std::string lane;
  TableKind kind = TableKind::counter;
  std::int32_t seats = 1;
  std::int64_t at_mm = 0;
};

/// The foundation's placeholder production policy: a fixed rate and the menu's popularity mix.
struct KitchenDef {
  double rate_plates_per_min = 12.0;
  std::int32_t max_backlog_plates =
      10;  ///< per lane; production pauses while a lane's queue is full
};

/// Stand-in for customers until parties exist: an occupied table takes a passing plate with a fixed
/// probability per pass.
struct EatingDef {
  double take_probability_per_pass = 0.012;
};

struct ScenarioDef {
  std::string name;
  SimTime open = 11 * kMsPerHour;
  SimTime close = 23 * kMsPerHour;
  std::uint64_t seed = 1;
  std::vector<MenuItem> menu;
  BeltDef belt;
  DiscardRule discard;
  std::vector<TableDef> tables;
  KitchenDef kitchen;
  EatingDef eating;
};

/// Total seats over all tables.
std::int32_t total_seats(const ScenarioDef& def);
/// Index of the menu item or lane with this id, or -1.
int find_item(const ScenarioDef& def, const std::string& id);
int find_lane(const ScenarioDef& def, const std::string& id);

const char* to_string(PointKind kind);
const char* to_string(DiscardRuleKind kind);
const char* to_string(TableKind kind);

}  // namespace kaiten
