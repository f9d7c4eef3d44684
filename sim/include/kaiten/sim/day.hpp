#pragma once
// One simulated restaurant day, from opening to closing, and what came of it.
#include <cstdint>
#include <vector>

#include "kaiten/core/scenario.hpp"
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
  std::int64_t revenue_yen = 0;
  Micrometres travelled_eaten = 0;  ///< sum over eaten plates
};

struct HourTotals {
  std::int64_t made = 0;
  std::int64_t eaten = 0;
  std::int64_t discarded = 0;
  std::int64_t reads = 0;
};

struct DayResult {
  std::int64_t events = 0;  ///< events processed by the engine
  std::int64_t made = 0;
  std::int64_t eaten = 0;
  std::int64_t discarded = 0;
  std::int64_t on_belt_at_close = 0;
  std::int64_t reads = 0;
  std::int64_t production_skipped = 0;    ///< plates not made because a lane's queue was full
  std::int64_t freshness_violations = 0;  ///< plates eaten at or past the limit (must be 0)
  Micrometres max_travel_eaten = 0;
  Micrometres max_travel_discarded = 0;
  std::vector<ItemTotals> items;  ///< indexed like ScenarioDef::menu
  std::vector<HourTotals> hours;  ///< indexed by hour of day (0..47)
  std::vector<std::int64_t> reads_per_reader;
  std::vector<PlateEnd> plates;  ///< in order of ending
};

/// Simulates one day of a validated scenario with the given seed, sending ground-truth events to
/// `sink` (may be null). Same scenario and seed give the same result and the same events.
DayResult simulate_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink);

}  // namespace kaiten
