// The bundled stores against the facts reported for real ones (data/calibration.yaml, with their
// sources): the default weekday store and the Saturday, each over several seeds, as `kaiten run`
// runs them.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <optional>

#include "kaiten/controller/controller.hpp"
#include "kaiten/core/measures.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/customer_experience.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {
namespace {

constexpr int kSeeds = 5;

struct Range {
  std::optional<double> low, high;
};

YAML::Node facts() {
  return YAML::LoadFile(std::string(KAITEN_SOURCE_DIR) + "/data/calibration.yaml")["facts"];
}

Range range_of(const std::string& fact) {
  const YAML::Node r = facts()[fact]["range"];
  EXPECT_TRUE(r.IsSequence()) << fact;
  Range out;
  if (r.size() >= 1) out.low = r[0].as<double>();
  if (r.size() >= 2) out.high = r[1].as<double>();
  return out;
}

void expect_in(const std::string& fact, double value) {
  const Range r = range_of(fact);
  std::printf("%s: %.2f (reported range %s..%s)\n", fact.c_str(), value,
              r.low ? std::to_string(*r.low).c_str() : "",
              r.high ? std::to_string(*r.high).c_str() : "");
  if (r.low) {
    EXPECT_GE(value, *r.low) << fact;
  }
  if (r.high) {
    EXPECT_LE(value, *r.high) << fact;
  }
}

ScenarioDef load(const std::string& name) {
  const LoadResult loaded =
      load_scenario_file(std::string(KAITEN_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(loaded.scenario.has_value());
  return *loaded.scenario;
}

DayResult run(const ScenarioDef& def, std::uint64_t seed) {
  Controller controller(def, seed);
  DayResult day = simulate_day(def, seed, nullptr, &controller);
  controller.finish();
  EXPECT_EQ(day.freshness_violations, 0);
  return day;
}

TEST(Calibration, TheFactsFileHasARangeAndASourceForEveryFact) {
  const YAML::Node all = facts();
  ASSERT_TRUE(all.IsMap());
  EXPECT_GE(all.size(), 7u);
  for (const auto& fact : all) {
    EXPECT_TRUE(fact.second["range"].IsSequence()) << fact.first.as<std::string>();
    EXPECT_FALSE(fact.second["source"].as<std::string>("").empty()) << fact.first.as<std::string>();
  }
}

TEST(Calibration, TheWeekdayStoreLandsInTheReportedRanges) {
  const ScenarioDef def = load("default.yaml");
  expect_in("belt_speed_mm_s", def.belt.speed_mm_s);
  double plates_per_person = 0, seated_min = 0, customers = 0, waste = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const DayResult day = run(def, static_cast<std::uint64_t>(seed));
    const CustomerExperience cx = customer_experience(day);
    plates_per_person += cx.plates_per_person / kSeeds;
    seated_min += cx.time_seated_min.mean / kSeeds;
    customers += static_cast<double>(cx.customers) / kSeeds;
    waste += 100 * waste_rate(day.made, day.discarded + day.on_belt_at_close) / kSeeds;
  }
  expect_in("plates_per_person", plates_per_person);
  expect_in("seated_min", seated_min);
  expect_in("customers_weekday", customers);
  expect_in("waste_predictive_percent", waste);
}

TEST(Calibration, TheManagersPlanWastesWhatJudgementIsReportedToWaste) {
  ScenarioDef def = load("default.yaml");
  def.controller.policy = ControllerPolicy::manager;
  double waste = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const DayResult day = run(def, static_cast<std::uint64_t>(seed));
    waste += 100 * waste_rate(day.made, day.discarded + day.on_belt_at_close) / kSeeds;
  }
  expect_in("waste_manager_percent", waste);
}

TEST(Calibration, TheSaturdayDinnerPeakQueues) {
  const ScenarioDef def = load("weekend.yaml");
  ASSERT_EQ(def.customers.day, Weekday::sat);
  const YAML::Node window = facts()["saturday_dinner_wait_p95_min"]["window"];
  const auto clock = [](const std::string& hhmm) {
    return (std::stoll(hhmm.substr(0, 2)) * 60 + std::stoll(hhmm.substr(3, 2))) * kMsPerMinute;
  };
  const SimTime from = clock(window[0].as<std::string>());
  const SimTime to = clock(window[1].as<std::string>());
  double p95 = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const DayResult day = run(def, static_cast<std::uint64_t>(seed));
    std::vector<double> waits;
    for (const PartyResult& p : day.parties)
      if (p.arrived >= from && p.arrived < to && p.seated >= 0)
        waits.push_back(static_cast<double>(p.seated - p.arrived) / kMsPerMinute);
    p95 += describe(waits).p95 / kSeeds;
  }
  expect_in("saturday_dinner_wait_p95_min", p95);
}

}  // namespace
}  // namespace kaiten
