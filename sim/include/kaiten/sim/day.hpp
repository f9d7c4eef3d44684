#pragma once
// One simulated restaurant day, from opening to closing, and what came of it.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "kaiten/core/measures.hpp"
#include "kaiten/core/scenario.hpp"
#include "kaiten/core/sensor.hpp"
#include "kaiten/core/units.hpp"
#include "kaiten/sim/truth.hpp"

namespace kaiten {

enum class PlateFate : std::uint8_t { eaten, discarded, on_belt_at_close };

/// Each plate's end: what happened to it and how far it had travelled.
struct PlateEnd {
  std::uint32_t plate = 0;
  std::uint32_t generation = 0;
  std::uint16_t item = 0;
  std::uint8_t lane = 0;
  PlateFate fate = PlateFate::eaten;
  SimTime made = 0;
  SimTime ended = 0;
  Micrometres travelled = 0;
};

struct ItemTotals {
  std::int64_t made = 0;
  std::int64_t eaten = 0;
  std::int64_t discarded = 0;
  std::int64_t on_belt_at_close = 0;
  Money money;
  Micrometres travelled_eaten = 0;  ///< sum over eaten plates
};

/// One clock hour. Plates and money count in the hour their event happened: made (and its cost)
/// when placed, eaten (and its revenue) when taken, wasted (and its cost) when discarded or at
/// closing.
struct HourTotals {
  std::int64_t made = 0;
  std::int64_t eaten = 0;
  std::int64_t discarded = 0;
  std::int64_t on_belt_at_close = 0;
  std::int64_t reads = 0;
  Money money;
  // The kitchen in this hour: plates finished (belt and orders), and cook time on shift and busy.
  std::int64_t cooked = 0;
  std::int64_t cooked_orders = 0;
  std::int64_t cook_ms_on_shift = 0;
  std::int64_t cook_ms_busy = 0;
};

/// One lane: a loop of belt, or an express lane (after the loops). People-minutes seated count
/// each seated person's time at the lane's tables (express lanes: none; their tables are on loops).
struct LaneTotals {
  std::int64_t made = 0;
  std::int64_t eaten = 0;
  std::int64_t discarded = 0;
  std::int64_t on_belt_at_close = 0;
  std::int64_t reads = 0;
  std::int64_t parties_seated = 0;
  double people_minutes_seated = 0.0;
  Money money;
};

/// A touch-panel order's journey: lead time = queueing (ordered to started) + cooking (started to
/// cooked) + delivery (cooked to eaten: the express lane, or the belt and a free slot).
struct OrderTiming {
  std::uint32_t party = 0;  ///< PartyResult::id of the party that ordered
  std::uint16_t item = 0;
  std::uint32_t lane = 0;  ///< the lane that carried the plate (express lanes after the loops)
  SimTime ordered = 0;
  SimTime started = 0;  ///< a cook began it
  SimTime cooked = 0;   ///< the cook finished it
  SimTime eaten = 0;
  bool express = false;  ///< delivered by an express lane
};

enum class PartyFate : std::uint8_t { served, balked, reneged, unserved_at_close };

/// One party's journey: the raw material of the customer-experience measures (docs/measures.md).
struct PartyResult {
  std::uint32_t id = 0;
  std::uint8_t size = 0;
  std::uint8_t children = 0;
  PartyFate fate = PartyFate::served;
  std::int32_t table = -1;  ///< -1 if never seated
  SimTime arrived = 0;
  SimTime seated = -1;             ///< -1 if never seated
  SimTime first_plate = -1;        ///< -1 if no plate eaten
  SimTime left = -1;               ///< left the table (or the queue)
  bool at_close = false;           ///< still seated at closing time
  std::int32_t appetite = 0;       ///< plates the members meant to eat, in total
  std::int32_t plates = 0;         ///< plates eaten
  std::int32_t found_on_belt = 0;  ///< eaten plates taken from the free-running belt
  std::int32_t ordered_eaten = 0;  ///< eaten plates ordered on the touch panel
  std::int32_t panel_orders = 0;
  std::int32_t failed_wishes = 0;  ///< wishes for an item that was unavailable
  std::int32_t tired_plates = 0;   ///< plates eaten that looked tired
  std::int64_t spend_yen = 0;
  std::int64_t cost_yen = 0;  ///< cost of goods of the plates eaten
  /// Index in customers.planned (a population member's visit); -1 for a drawn arrival.
  std::int32_t planned = -1;
};

struct DayResult {
  std::int64_t events = 0;  ///< events processed by the engine
  /// Events pending in the queue when each event was taken, on average and at most: the heap
  /// size to give the raw ceiling benchmark for a like-for-like rate (docs/PERFORMANCE.md).
  double pending_events_mean = 0.0;
  std::int64_t pending_events_peak = 0;
  std::int64_t made = 0;
  std::int64_t eaten = 0;
  std::int64_t discarded = 0;
  std::int64_t on_belt_at_close = 0;
  std::int64_t reads = 0;
  std::int64_t production_skipped = 0;    ///< belt plates not made: lane queue full or lane closed
  std::int64_t freshness_violations = 0;  ///< plates eaten at or past the limit (must be 0)
  std::int64_t tired_eaten = 0;           ///< plates eaten older than customers.freshness.tired_min
  std::int64_t early_discards = 0;     ///< plates removed before they reached the limit (must be 0)
  std::int64_t sensor_reads_sent = 0;  ///< tag reads that reached the controller (after faults)
  Micrometres max_travel_eaten = 0;
  Micrometres max_travel_discarded = 0;
  std::vector<ItemTotals> items;  ///< indexed like ScenarioDef::menu
  std::vector<HourTotals> hours;  ///< indexed by hour of day (0..47)
  /// Loops indexed like ScenarioDef::belt.lanes, then express lanes like belt.express_lanes.
  std::vector<LaneTotals> lanes;
  std::vector<std::int64_t> reads_per_reader;
  std::vector<PlateEnd> plates;      ///< in order of ending
  std::vector<PartyResult> parties;  ///< in order of arrival
  std::vector<OrderTiming> orders;   ///< eaten touch-panel orders, in order of eating
  std::int64_t stock_out_skips = 0;  ///< plates not made because the item ran out
  /// Times the store refused an item for want of stock (plates not made, wishes not met). While
  /// 0, every stock check answered as with unlimited stock.
  std::int64_t stock_refusals = 0;
  /// Time integral of occupied tables (table-milliseconds), from the tables' own state.
  double occupied_table_ms = 0.0;
};

/// Simulates one day of a validated scenario with the given seed, sending ground-truth events to
/// `sink` (may be null). Same scenario and seed give the same result and the same events.
///
/// With a `controller`, the store is run by it: the simulation sends it sensor messages (with the
/// scenario's sensor faults) and carries out its commands; the kitchen makes only what it is told
/// and plates are flagged and discarded only on its ExpireCmd. Without one, the kitchen runs the
/// placeholder fixed rate and mix and the simulation applies the discard rule itself.
DayResult simulate_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink,
                       ControllerPort* controller = nullptr);

namespace detail {
class Day;
}

/// A day stopped between two events and copied, to be run on from there: `kaiten batch` runs a
/// stock-limited day's twin without limits from the last moment the limits had changed nothing,
/// instead of from the opening.
class DayCheckpoint {
 public:
  explicit DayCheckpoint(std::unique_ptr<detail::Day> day);
  DayCheckpoint(DayCheckpoint&&) noexcept;
  DayCheckpoint& operator=(DayCheckpoint&&) noexcept;
  ~DayCheckpoint();

  /// Runs the copy to the close with every stock limit lifted, sending no truth and its sensor
  /// messages to `controller`: a copy of the day's controller taken at the same moment, with its
  /// limits lifted too. The result is the whole day's, as if run without limits from the start,
  /// provided no limit had refused anything or changed a plan before the checkpoint.
  DayResult run_unlimited(ControllerPort* controller) &&;

 private:
  std::unique_ptr<detail::Day> day_;
};

/// Checkpoints of a day: between events, at most once per `every` of simulated time, while the
/// store has refused nothing for want of stock and `keep()` (which copies the caller's controller)
/// says yes, `last` becomes a copy of the day. After the first refusal or no, none is taken.
struct DayCheckpoints {
  SimTime every = 30 * kMsPerMinute;
  std::function<bool()> keep;
  std::optional<DayCheckpoint> last;
};

/// simulate_day, taking `checkpoints`.
DayResult simulate_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink,
                       ControllerPort* controller, DayCheckpoints& checkpoints);

}  // namespace kaiten
