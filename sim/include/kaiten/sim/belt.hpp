#pragma once
// The belt: lanes as closed loops of segments between points of interest, and the slots on them.
// The topology is a Boost.Graph directed graph (kept private); what the simulation needs from it is
// each lane's route: the points a plate meets after leaving the kitchen, with their distances.
#include <cstdint>
#include <string>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/core/units.hpp"

namespace kaiten {

inline constexpr std::uint32_t kNoPlate = UINT32_MAX;

/// A point on a lane's route, in the order a plate meets it after the kitchen.
struct RoutePoint {
  Micrometres from_kitchen = 0;  ///< in (0, lane length]
  PointKind kind = PointKind::reader;
  std::uint32_t index = 0;  ///< reader, gate or table index (global over the belt)
  Micrometres at = 0;       ///< position along the lane
};

struct Lane {
  std::string id;
  Micrometres length = 0;
  Micrometres kitchen_at = 0;
  Micrometres pitch = 0;
  std::vector<RoutePoint> route;
  /// Slot k is the stretch [k*pitch, (k+1)*pitch) in the belt's own frame; the remainder of the
  /// loop length after the last whole slot carries no plate.
  std::vector<std::uint32_t> slot_plate;  ///< plate index or kNoPlate
};

/// Named points of the whole belt, indexed by RoutePoint::index for their kind.
struct BeltPoints {
  std::vector<std::string> readers;
  std::vector<std::string> gates;
};

struct Belt {
  std::vector<Lane> lanes;
  BeltPoints points;
};

/// Builds the belt from a validated scenario. Seat zones come from the scenario's tables (table
/// index = position in ScenarioDef::tables). Throws std::invalid_argument if a lane is not a single
/// closed loop (the loader's validation makes that unreachable for loaded scenarios).
Belt build_belt(const ScenarioDef& def);

/// Where a slot will next be under a fixed point: the odometer advance from `odometer` until slot
/// `slot`'s leading edge is at position `at` of `lane`.
Micrometres advance_until_slot_at(const Lane& lane, Micrometres odometer, std::uint32_t slot,
                                  Micrometres at);

}  // namespace kaiten
