#pragma once
// What the benchmarks share: the scenarios they run, loaded from the source tree, and a day's
// sensor messages as the controller receives them.
#include <stdexcept>
#include <string>
#include <vector>

#include "kaiten/controller/controller.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten::bench {

inline ScenarioDef load(const char* relative) {
  LoadResult r = load_scenario_file(std::string(KAITEN_SOURCE_DIR) + "/" + relative);
  if (!r.scenario) throw std::runtime_error(r.errors.front().to_string());
  return *r.scenario;
}

/// The sensor messages of `def`'s day (seed 1) run by its controller, in the order sent.
inline std::vector<SensorMessage> record_messages(const ScenarioDef& def) {
  struct Recorder final : ControllerPort {
    Controller inner;
    std::vector<SensorMessage> messages;
    explicit Recorder(const ScenarioDef& d) : inner(d, 1) {}
    void on_message(const SensorMessage& m, std::vector<Command>& out) override {
      messages.push_back(m);
      inner.on_message(m, out);
    }
  };
  Recorder recorder(def);
  simulate_day(def, 1, nullptr, &recorder);
  return std::move(recorder.messages);
}

}  // namespace kaiten::bench
