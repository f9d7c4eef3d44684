#pragma once
// Where a viewed day comes from: a scenario simulated in process (`view`) or a run log (`replay`).
// Both give a scenario and its ground-truth events, ready for a Playback.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/sim/truth.hpp"

namespace kaiten::viz {

struct DaySource {
  std::optional<ScenarioDef> scenario;  ///< unset when errors is not empty
  std::vector<TruthEvent> events;
  std::uint64_t seed = 0;
  std::optional<SimTime> end;       ///< set for a log cut short: its last event's time
  std::string description;          ///< one line for the viewer: where the day comes from
  std::vector<std::string> notes;   ///< warnings worth printing (a log cut short...)
  std::vector<std::string> errors;  ///< every problem, as `file:line:col: key.path: message`
};

/// Loads and validates a scenario file and simulates its day with `seed` (else the scenario's
/// seed), recording every ground-truth event.
DaySource simulate_scenario(const std::string& path, std::optional<std::uint64_t> seed);

/// Reads a run log: the scenario it carries, its seed and its recorded events. A log cut short
/// is played up to its last whole chunk (with a note).
DaySource read_log(const std::string& path);

}  // namespace kaiten::viz
