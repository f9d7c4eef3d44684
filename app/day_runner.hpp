#pragma once
// One store day as the app runs it: the simulation driven by the scenario's controller.
#include <cstdint>

#include "kaiten/core/scenario.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten::app {

/// Simulates one day of `def` with `seed`, run by the controller the scenario names, sending
/// ground truth to `sink` (may be null).
DayResult run_store_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink = nullptr);

}  // namespace kaiten::app
