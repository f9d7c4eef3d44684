// Stock limits that never bind: a day whose limits changed no decision equals the day without
// limits, so `kaiten batch` can take true demand from it instead of simulating the day again.
#include <gtest/gtest.h>

#include <cmath>

#include "kaiten/controller/controller.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {
namespace {

ScenarioDef load(const std::string& name) {
  const LoadResult r = load_scenario_file(std::string(KAITEN_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(r.scenario.has_value());
  return *r.scenario;
}

struct Limited {
  DayResult day;
  bool bound = false;  ///< the store refused an item, or a plan used an item's last plate
};

Limited run(const ScenarioDef& def, std::uint64_t seed) {
  Controller controller(def, seed);
  Limited out;
  out.day = simulate_day(def, seed, nullptr, &controller);
  controller.finish();
  out.bound = out.day.stock_refusals > 0 || controller.stock_bound();
  return out;
}

TEST(StockLimits, AnUnboundDayEqualsTheDayWithoutLimitsAndABindingOneIsFlagged) {
  int unbound = 0, bound = 0;
  for (ControllerPolicy policy : {ControllerPolicy::predictive, ControllerPolicy::manager}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      ScenarioDef free = load("default.yaml");
      free.controller.policy = policy;
      Controller c(free, seed);
      const DayResult unlimited = simulate_day(free, seed, nullptr, &c);
      ASSERT_GT(unlimited.eaten, 0);
      // Stock as a share of what the day made without limits: below 1 some item must run out;
      // far above it nothing can.
      for (double share : {0.8, 1.0, 1.1, 3.0}) {
        ScenarioDef def = free;
        for (std::size_t i = 0; i < def.menu.size(); ++i)
          def.menu[i].stock_plates = static_cast<std::int32_t>(
              std::ceil(share * static_cast<double>(unlimited.items[i].made)));
        const Limited limited = run(def, seed);
        if (share < 1.0) {
          EXPECT_TRUE(limited.bound) << "seed " << seed << " share " << share;
        }
        if (share >= 3.0) {
          EXPECT_FALSE(limited.bound) << "seed " << seed << " share " << share;
        }
        (limited.bound ? bound : unbound) += 1;
        if (limited.bound) continue;
        EXPECT_EQ(limited.day.events, unlimited.events) << "seed " << seed << " share " << share;
        EXPECT_EQ(limited.day.made, unlimited.made);
        EXPECT_EQ(limited.day.discarded, unlimited.discarded);
        EXPECT_EQ(limited.day.stock_out_skips, 0);
        for (std::size_t i = 0; i < def.menu.size(); ++i)
          EXPECT_EQ(limited.day.items[i].eaten, unlimited.items[i].eaten) << def.menu[i].id;
      }
    }
  }
  EXPECT_GT(unbound, 0);
  EXPECT_GT(bound, 0);
}

}  // namespace
}  // namespace kaiten
