#pragma once
// Where a viewed day comes from: a scenario simulated in process (`view`) or a run log (`replay`).
// Both give a scenario and its ground-truth events, ready for a Playback, and, when viz is built
// with the controller, what the store's controller published over the day.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/sim/truth.hpp"
#include "kaiten/viz/published.hpp"

namespace kaiten::viz {

struct DaySource {
  std::optional<ScenarioDef> scenario;  ///< unset when errors is not empty
  std::vector<TruthEvent> events;
  /// The controller's published state per clock tick; empty when unknown (viz built without the
  /// controller, or a log whose re-simulation does not match it).
  std::vector<PublishedTick> published;
  std::uint64_t seed = 0;
  std::optional<SimTime> end;       ///< set for a log cut short: its last event's time
  std::string description;          ///< one line for the viewer: where the day comes from
  std::vector<std::string> notes;   ///< warnings worth printing (a log cut short...)
  std::vector<std::string> errors;  ///< every problem, as `file:line:col: key.path: message`
};

/// Loads and validates a scenario file with the `--set` overrides `sets` ("PATH=VALUE") and
/// simulates its day with `seed` (else the scenario's seed) as `kaiten run` does, with the store's
/// controller: every ground-truth event and what the controller published.
DaySource simulate_scenario(const std::string& path, std::optional<std::uint64_t> seed,
                            const std::vector<std::string>& sets = {});

/// Reads a run log: the scenario it carries (with its recorded overrides), its seed and its
/// recorded events. A log cut short
/// is played up to its last whole chunk (with a note). The log holds no controller state, so the
/// day is simulated again from the same scenario and seed (deterministic): if that gives exactly
/// the logged events (their prefix, for a log cut short), its controller's published state comes
/// with the log; if not (a log from another version), `published` stays empty, with a note.
DaySource read_log(const std::string& path);

/// Where two event lists first differ, comparing `logged` with the start of `simulated`: the
/// index of the first unequal event, logged.size() if simulated runs longer, or nullopt if
/// `logged` is `simulated` (or, with `prefix`, its start).
std::optional<std::size_t> first_difference(std::span<const TruthEvent> logged,
                                            std::span<const TruthEvent> simulated, bool prefix);

}  // namespace kaiten::viz
