#pragma once
// One store day as the app runs it: the simulation driven by the scenario's controller.
#include <cstdint>

#include "kaiten/controller/controller.hpp"
#include "kaiten/core/scenario.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten::app {

/// Simulates one day of `def` with `seed`, run by a controller with the scenario's policy,
/// sending ground truth to `sink` (may be null) and sensor messages through `port` (may be null;
/// for a recorder in front of `controller`). Returns the simulation's result.
DayResult run_store_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink,
                        Controller& controller, ControllerPort* port = nullptr);

/// The same with a fresh controller whose report is not needed.
DayResult run_store_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink = nullptr);

}  // namespace kaiten::app
