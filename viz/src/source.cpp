#include "kaiten/viz/source.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "kaiten/io/run_log.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/viz/playback.hpp"
#if KAITEN_VIZ_WITH_CONTROLLER
#include "kaiten/controller/controller.hpp"
#endif

namespace kaiten::viz {
namespace {

struct SimulatedDay {
  std::vector<TruthEvent> events;
  std::vector<PublishedTick> published;
};

#if KAITEN_VIZ_WITH_CONTROLLER
static_assert(kForecastMinutes == kHorizonsMin, "viz's forecast horizons are the controller's");

PublishedTick published_of(const TickRecord& r) {
  PublishedTick p;
  p.time = r.time;
  for (const Seller& s : r.top_day_plates) p.top.push_back({s.item, s.plates});
  p.forecast = r.forecast;
  p.made = r.made;
  p.sold = r.sold;
  p.discarded = r.discarded;
  p.on_belt = r.on_belt;
  p.seated_people = r.seated_people;
  p.readers_down = r.readers_down;
  return p;
}
#endif

// The day as `kaiten run` runs it (app/day_runner.cpp, run_store_day): the store driven by a
// controller built from the scenario and the seed, finished at the end of the day. It must stay
// the same, or replayed logs no longer match their re-simulation (tests/viz/view_cli_test.sh).
SimulatedDay simulate(const ScenarioDef& def, std::uint64_t seed) {
  SimulatedDay out;
  EventRecorder recorder;
#if KAITEN_VIZ_WITH_CONTROLLER
  Controller controller(def, seed);
  simulate_day(def, seed, &recorder, &controller);
  controller.finish();
  out.published.reserve(controller.timeline().size());
  for (const TickRecord& r : controller.timeline()) out.published.push_back(published_of(r));
#else
  simulate_day(def, seed, &recorder);
#endif
  out.events = std::move(recorder.events());
  return out;
}

#if KAITEN_VIZ_WITH_CONTROLLER
constexpr bool kWithController = true;
#else
constexpr bool kWithController = false;
#endif

}  // namespace

std::optional<std::size_t> first_difference(std::span<const TruthEvent> logged,
                                            std::span<const TruthEvent> simulated, bool prefix) {
  const auto [l, s] =
      std::mismatch(logged.begin(), logged.end(), simulated.begin(), simulated.end());
  if (l == logged.end() && (s == simulated.end() || prefix)) return std::nullopt;
  return static_cast<std::size_t>(l - logged.begin());
}

DaySource simulate_scenario(const std::string& path, std::optional<std::uint64_t> seed,
                            const std::vector<std::string>& sets) {
  DaySource out;
  std::vector<ScenarioOverride> overrides;
  for (const std::string& text : sets) {
    std::string problem;
    if (const auto o = parse_override(text, problem))
      overrides.push_back(*o);
    else
      out.errors.push_back(fmt::format("--set {}: {}", text, problem));
  }
  if (!out.errors.empty()) return out;
  LoadResult loaded = load_scenario_file(path, overrides);
  for (const LoadError& e : loaded.errors) out.errors.push_back(e.to_string());
  if (!loaded.scenario) return out;
  out.seed = seed.value_or(loaded.scenario->seed);
  SimulatedDay day = simulate(*loaded.scenario, out.seed);
  out.events = std::move(day.events);
  out.published = std::move(day.published);
  out.description = fmt::format("live: {} simulated with seed {}", path, out.seed);
  out.scenario = std::move(loaded.scenario);
  return out;
}

DaySource read_log(const std::string& path) {
  DaySource out;
  RunLogContents log;
  try {
    log = read_run_log(path);
  } catch (const RunLogError& e) {
    out.errors.push_back(e.what());
    return out;
  }
  LoadResult loaded =
      load_recorded_scenario(log.header.scenario_yaml, path + ":scenario", log.header.overrides);
  for (const LoadError& e : loaded.errors) out.errors.push_back(e.to_string());
  if (!loaded.scenario) return out;
  out.seed = log.header.seed;
  out.events = std::move(log.events);
  if (log.truncated) {
    out.end = out.events.empty() ? loaded.scenario->open : out.events.back().time;
    out.notes.push_back(fmt::format("{}: the log was cut short ({}); replaying up to {}", path,
                                    log.problem, format_clock(*out.end)));
  }
  std::string controller;
  if (kWithController) {
    // The controller's state is not in the log: simulate the day again and keep its controller's
    // timeline only if the simulation gives exactly the logged events.
    SimulatedDay again = simulate(*loaded.scenario, out.seed);
    const auto diff = first_difference(out.events, again.events, log.truncated);
    if (!diff) {
      out.published = std::move(again.published);
      controller = ", controller re-simulated";
    } else {
      const std::string where =
          *diff < out.events.size() ? format_clock(out.events[*diff].time) : "the end";
      out.notes.push_back(fmt::format(
          "{}: simulating the logged scenario again with seed {} does not give the logged events "
          "(they differ from event {} at {}: a log written by another version?); the panels "
          "show ground truth only",
          path, out.seed, *diff, where));
      controller = ", ground truth only";
    }
  }
  out.description = fmt::format("replay: {} (seed {}){}{}", path, out.seed,
                                log.truncated ? ", cut short" : "", controller);
  out.scenario = std::move(loaded.scenario);
  return out;
}

}  // namespace kaiten::viz
