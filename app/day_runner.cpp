#include "day_runner.hpp"

namespace kaiten::app {

DayResult run_store_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink) {
  // Until the controller module lands, the simulation's placeholder kitchen runs the store.
  return simulate_day(def, seed, sink, nullptr);
}

}  // namespace kaiten::app
