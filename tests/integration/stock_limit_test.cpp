// Stock limits that never bind: a day whose limits changed no decision equals the day without
// limits, so `kaiten batch` can take true demand from it instead of simulating the day again; and
// a day whose limits bind, run on without them from its last checkpoint, equals the day simulated
// without limits from the opening.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>

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
  /// The day run on without limits from its last checkpoint (when bound and one was taken).
  std::optional<DayResult> twin;
};

Limited run(const ScenarioDef& def, std::uint64_t seed) {
  Controller controller(def, seed);
  std::optional<Controller> at_checkpoint;
  DayCheckpoints checkpoints;
  checkpoints.keep = [&] {
    if (controller.stock_bound()) return false;
    at_checkpoint.emplace(controller);
    return true;
  };
  Limited out;
  out.day = simulate_day(def, seed, nullptr, &controller, checkpoints);
  controller.finish();
  out.bound = out.day.stock_refusals > 0 || controller.stock_bound();
  if (out.bound && checkpoints.last) {
    at_checkpoint->lift_stock_limits();
    out.twin = std::move(*checkpoints.last).run_unlimited(&*at_checkpoint);
  }
  return out;
}

void expect_same_day(const DayResult& a, const DayResult& b, const std::string& what) {
  EXPECT_EQ(a.events, b.events) << what;
  EXPECT_EQ(a.pending_events_mean, b.pending_events_mean) << what;
  EXPECT_EQ(a.made, b.made) << what;
  EXPECT_EQ(a.eaten, b.eaten) << what;
  EXPECT_EQ(a.discarded, b.discarded) << what;
  EXPECT_EQ(a.reads, b.reads) << what;
  EXPECT_EQ(a.parties.size(), b.parties.size()) << what;
  EXPECT_EQ(a.stock_out_skips, 0) << what;
  for (std::size_t i = 0; i < a.items.size(); ++i)
    EXPECT_EQ(a.items[i].eaten, b.items[i].eaten) << what << " item " << i;
}

TEST(StockLimits, AnUnboundDayEqualsTheDayWithoutLimitsAndABindingOneIsFlagged) {
  int unbound = 0, bound = 0, twins = 0;
  for (ControllerPolicy policy : {ControllerPolicy::predictive, ControllerPolicy::manager}) {
    for (std::uint64_t seed = 1; seed <= 2; ++seed) {
      ScenarioDef free = load("default.yaml");
      free.controller.policy = policy;
      Controller c(free, seed);
      const DayResult unlimited = simulate_day(free, seed, nullptr, &c);
      ASSERT_GT(unlimited.eaten, 0);
      // Stock as a share of what the day made without limits: below 1 some item must run out;
      // far above it nothing can.
      for (double share : {0.8, 1.1, 3.0}) {
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
        const std::string what = "seed " + std::to_string(seed) + " share " + std::to_string(share);
        if (!limited.bound) {
          expect_same_day(limited.day, unlimited, what);
          continue;
        }
        // Some plates were refused or planned to the last, and so the day differs without limits.
        bool differs = limited.day.eaten != unlimited.eaten;
        for (std::size_t i = 0; i < def.menu.size(); ++i)
          differs = differs || limited.day.items[i].eaten != unlimited.items[i].eaten;
        if (share < 1.0) {
          EXPECT_TRUE(differs) << what;
        }
        ASSERT_TRUE(limited.twin.has_value()) << what << ": no checkpoint at the opening";
        expect_same_day(*limited.twin, unlimited, what + ", run on from a checkpoint");
        ++twins;
      }
    }
  }
  EXPECT_GT(unbound, 0);
  EXPECT_GT(bound, 0);
  EXPECT_EQ(twins, bound);
}

}  // namespace
}  // namespace kaiten
