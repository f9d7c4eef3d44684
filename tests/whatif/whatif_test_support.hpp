#pragma once
// Days for the what-if tests: a synthetic one whose measures are known functions of the setting
// and the seed, and the real one (the simulation with the store's controller).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "kaiten/controller/controller.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/whatif/sweep.hpp"

namespace kaiten::whatif::test {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// A bundled scenario as a sweep's base.
inline BaseScenario bundled(const std::string& name, std::vector<ScenarioOverride> sets = {}) {
  const std::string path = std::string(KAITEN_SOURCE_DIR) + "/scenarios/" + name;
  return BaseScenario{path, read_text(path), std::move(sets)};
}

/// A day whose gross margin peaks at a discard distance of 277 m and a belt speed of 93 mm/s:
/// 1e6 - (d - 277)^2 - 50 (v - 93)^2 yen, plus a noise of the seed alone (the same at every
/// setting: common random numbers cancel it in paired differences). Its waste rate is d / 50 %.
inline DayResult synthetic_day(const ScenarioDef& def, std::uint64_t seed) {
  DayResult d;
  d.items.resize(def.menu.size());
  d.lanes.resize(lane_count(def));
  d.hours.resize(48);
  const double metres = static_cast<double>(def.discard.distance_mm) / 1000.0;
  const double speed = def.belt.speed_mm_s;
  d.made = 10'000;
  d.discarded = std::llround(2 * metres);
  d.eaten = d.made - d.discarded;
  const double margin = 1e6 - (metres - 277) * (metres - 277) - 50 * (speed - 93) * (speed - 93);
  d.items[0].money.revenue_yen =
      std::llround(margin) + static_cast<std::int64_t>((seed * 7919) % 10'007);
  d.items[0].made = d.made;
  d.items[0].eaten = d.eaten;
  d.items[0].discarded = d.discarded;
  return d;
}

/// One day as `kaiten run` simulates it.
inline DayResult real_day(const ScenarioDef& def, std::uint64_t seed) {
  Controller controller(def, seed);
  DayResult day = simulate_day(def, seed, nullptr, &controller);
  controller.finish();
  return day;
}

}  // namespace kaiten::whatif::test
