#include "day_runner.hpp"

namespace kaiten::app {

DayResult run_store_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink,
                        Controller& controller, ControllerPort* port) {
  DayResult day = simulate_day(def, seed, sink, port != nullptr ? port : &controller);
  controller.finish();
  return day;
}

DayResult run_store_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink) {
  Controller controller(def, seed);
  return run_store_day(def, seed, sink, controller);
}

}  // namespace kaiten::app
