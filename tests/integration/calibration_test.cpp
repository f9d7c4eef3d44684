// The default scenario against figures reported for real stores (DESIGN.md section 2): about 9-10
// plates per person, 45-60 minutes seated, several hundred to about a thousand customers a weekday.
#include <gtest/gtest.h>

#include <cstdio>

#include "kaiten/controller/controller.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/customer_experience.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {
namespace {

TEST(Calibration, TheDefaultStoreLandsInTheReportedRanges) {
  const LoadResult loaded =
      load_scenario_file(std::string(KAITEN_SOURCE_DIR) + "/scenarios/default.yaml");
  ASSERT_TRUE(loaded.scenario.has_value());
  double plates_per_person = 0, seated_min = 0, customers = 0;
  const int seeds = 5;
  for (int seed = 1; seed <= seeds; ++seed) {
    // The store as `kaiten run` runs it: with the scenario's (predictive) controller.
    Controller controller(*loaded.scenario, static_cast<std::uint64_t>(seed));
    const DayResult day =
        simulate_day(*loaded.scenario, static_cast<std::uint64_t>(seed), nullptr, &controller);
    const CustomerExperience cx = customer_experience(day);
    plates_per_person += cx.plates_per_person / seeds;
    seated_min += cx.time_seated_min.mean / seeds;
    customers += static_cast<double>(cx.customers) / seeds;
    EXPECT_EQ(day.freshness_violations, 0);
  }
  std::printf("default store: %.0f customers, %.2f plates per person, %.1f min seated\n", customers,
              plates_per_person, seated_min);
  EXPECT_GE(plates_per_person, 9.0);
  EXPECT_LE(plates_per_person, 10.0);
  EXPECT_GE(seated_min, 45.0);
  EXPECT_LE(seated_min, 60.0);
  EXPECT_GE(customers, 500.0);
  EXPECT_LE(customers, 1000.0);
}

}  // namespace
}  // namespace kaiten
