#include "kaiten/viz/source.hpp"

#include <fmt/format.h>

#include "kaiten/io/run_log.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/viz/playback.hpp"
#if KAITEN_VIZ_WITH_CONTROLLER
#include "kaiten/controller/controller.hpp"
#endif

namespace kaiten::viz {

DaySource simulate_scenario(const std::string& path, std::optional<std::uint64_t> seed) {
  DaySource out;
  LoadResult loaded = load_scenario_file(path);
  for (const LoadError& e : loaded.errors) out.errors.push_back(e.to_string());
  if (!loaded.scenario) return out;
  out.seed = seed.value_or(loaded.scenario->seed);
  EventRecorder recorder;
#if KAITEN_VIZ_WITH_CONTROLLER
  // The day as `kaiten run` runs it (app/day_runner.cpp): the store driven by its controller.
  Controller controller(*loaded.scenario, out.seed);
  simulate_day(*loaded.scenario, out.seed, &recorder, &controller);
  controller.finish();
#else
  simulate_day(*loaded.scenario, out.seed, &recorder);
#endif
  out.events = std::move(recorder.events());
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
  LoadResult loaded = load_scenario_text(log.header.scenario_yaml, path + ":scenario");
  for (const LoadError& e : loaded.errors) out.errors.push_back(e.to_string());
  if (!loaded.scenario) return out;
  out.seed = log.header.seed;
  out.events = std::move(log.events);
  if (log.truncated) {
    out.end = out.events.empty() ? loaded.scenario->open : out.events.back().time;
    out.notes.push_back(fmt::format("{}: the log was cut short ({}); replaying up to {}", path,
                                    log.problem, format_clock(*out.end)));
  }
  out.description =
      fmt::format("replay: {} (seed {}){}", path, out.seed, log.truncated ? ", cut short" : "");
  out.scenario = std::move(loaded.scenario);
  return out;
}

}  // namespace kaiten::viz
