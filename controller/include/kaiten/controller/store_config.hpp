#pragma once
// What a controller may know about its store before the first sensor message: the belt layout,
// the menu, the discard rule, opening hours, kitchen capacity, the tables and the `controller:`
// section. It is copied out of a ScenarioDef by store_config(), which is the only place the
// controller touches a scenario: never the customers' true parameters, never the fault model.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kaiten/core/discard_rule.hpp"
#include "kaiten/core/scenario.hpp"
#include "kaiten/core/units.hpp"

namespace kaiten {

/// A point where a plate can be seen (a reader) or removed (a discard gate), by where a plate
/// placed at the kitchen meets it.
struct Checkpoint {
  Micrometres from_kitchen = 0;  ///< (position - kitchen) mod lane length, in (0, length]
  bool gate = false;
  std::uint32_t reader = 0;  ///< global reader index (readers only)
};

struct LaneLayout {
  std::string id;
  Micrometres length = 0;
  Micrometres kitchen_at = 0;
  /// Readers and gates in the order a plate meets them after the kitchen (one lap).
  std::vector<Checkpoint> route;
  std::vector<std::uint32_t> tables;  ///< indexes into StoreConfig::tables
  std::int32_t seats = 0;
  std::vector<TimeWindow> closed;  ///< the store's plan: nobody is seated then, nothing is made
};

/// Readers are numbered over the whole belt: lane by lane, in each lane's points order (the
/// numbering of TagRead::reader, docs/feed.md).
struct ReaderLayout {
  std::string id;
  std::uint32_t lane = 0;
  std::uint32_t checkpoint = 0;  ///< index into its lane's route
  Micrometres from_kitchen = 0;
};

struct TableLayout {
  std::string id;
  std::uint32_t lane = 0;
  std::int32_t seats = 0;
  Micrometres from_kitchen = 0;  ///< where its reach zone is, as a Checkpoint distance
};

struct ItemInfo {
  std::string id;
  std::int32_t price_yen = 0;
  std::int32_t cost_yen = 0;  ///< the store's cost of making a plate (its purchasing data)
  double popularity = 1.0;
  DiscardLimit limit;                        ///< the discard rule applied to this item
  std::optional<std::int32_t> stock_plates;  ///< the day's ingredient stock in plates
  SimTime prep_ms = 0;                       ///< one cook's time per plate
};

struct StoreConfig {
  std::string name;
  SimTime open = 0;
  SimTime close = 0;
  Micrometres pitch = 0;
  std::vector<LaneLayout> lanes;
  std::vector<ReaderLayout> readers;
  std::vector<TableLayout> tables;
  std::vector<ItemInfo> items;
  DiscardRule discard;
  KitchenDef kitchen;
  ControllerDef controller;
  /// The store sends only ordered plates (customers.ordered_only): a store's mode of operation,
  /// which every policy honours.
  bool ordered_only = false;
  /// The manager policy's plan: plates per minute by clock hour (index 0..47). It stands for the
  /// manager's experience; by default it is derived from the scenario's expected demand, the one
  /// thing taken from the customers' parameters (docs/controller.md).
  std::vector<double> manager_plan;
};

/// True unless the store's plan has lane `lane` closed at `t`.
bool lane_open(const StoreConfig& store, std::uint32_t lane, SimTime t);

/// Copies the store's static configuration out of a validated scenario. Lanes without a kitchen
/// point get kitchen_at = 0. Reads nothing from `customers`, `eating` or `faults`.
StoreConfig store_config(const ScenarioDef& def);

}  // namespace kaiten
