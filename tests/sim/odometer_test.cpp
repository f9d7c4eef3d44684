#include "kaiten/sim/odometer.hpp"

#include <gtest/gtest.h>

namespace kaiten {
namespace {

constexpr SimTime kOpen = 11 * kMsPerHour;

TEST(Odometer, ConstantSpeedReadingIsSpeedTimesTime) {
  const Odometer odo(kOpen, 80, {});
  EXPECT_EQ(odo.at(kOpen), 0);
  // 80 mm/s for one minute is 4.8 m.
  EXPECT_EQ(odo.at(kOpen + kMsPerMinute), mm_to_um(4800));
  // 350 m at 80 mm/s takes 4375 s (about 73 minutes).
  EXPECT_EQ(odo.time_reaching(m_to_um(350)), kOpen + 4375 * kMsPerSecond);
}

TEST(Odometer, AStoppedBeltDoesNotMove) {
  // Runs 10 min, stops 10 min, runs again.
  const Odometer odo(kOpen, 100,
                     {{kOpen + 10 * kMsPerMinute, 0}, {kOpen + 20 * kMsPerMinute, 100}});
  const Micrometres at_stop = mm_to_um(100 * 600);
  EXPECT_EQ(odo.at(kOpen + 10 * kMsPerMinute), at_stop);
  EXPECT_EQ(odo.at(kOpen + 15 * kMsPerMinute), at_stop);
  EXPECT_EQ(odo.at(kOpen + 20 * kMsPerMinute), at_stop);
  EXPECT_EQ(odo.at(kOpen + 21 * kMsPerMinute), at_stop + mm_to_um(6000));
  EXPECT_EQ(odo.speed_at(kOpen + 15 * kMsPerMinute), 0);
  // A reading just past the stop is reached only after the restart, delayed by exactly 10 min.
  EXPECT_EQ(odo.time_reaching(at_stop + mm_to_um(100)), kOpen + 20 * kMsPerMinute + kMsPerSecond);
  // The reading at the stop itself is reached when the belt stops there.
  EXPECT_EQ(odo.time_reaching(at_stop), kOpen + 10 * kMsPerMinute);
}

TEST(Odometer, TimeReachingRoundsUpToTheNextWholeMillisecond) {
  const Odometer odo(0, 80, {});  // 80 um per ms
  EXPECT_EQ(odo.time_reaching(80), 1);
  EXPECT_EQ(odo.time_reaching(81), 2);
  EXPECT_EQ(odo.time_reaching(1), 1);
  // The reading at the returned time is at or past the target, and one ms earlier it is not.
  for (Micrometres target : {1, 79, 80, 159, 160, 123457}) {
    const SimTime t = odo.time_reaching(target);
    EXPECT_GE(odo.at(t), target);
    EXPECT_LT(odo.at(t - 1), target);
  }
}

TEST(Odometer, StoppedForGoodNeverReachesFurther) {
  const Odometer odo(0, 50, {{kMsPerMinute, 0}});
  EXPECT_EQ(odo.time_reaching(mm_to_um(50 * 60)), kMsPerMinute);
  EXPECT_EQ(odo.time_reaching(mm_to_um(50 * 60) + 1), kNever);
}

TEST(Odometer, SpeedChangesCompose) {
  // 0-60 s at 50 mm/s, 60-120 s at 200 mm/s: 3 m + 12 m.
  const Odometer odo(0, 50, {{60 * kMsPerSecond, 200}});
  EXPECT_EQ(odo.at(120 * kMsPerSecond), mm_to_um(15000));
  EXPECT_EQ(odo.time_reaching(mm_to_um(3000 + 200)), 61 * kMsPerSecond);
}

TEST(Odometer, AStopAtOpeningDelaysEverything) {
  const Odometer odo(0, 0, {{5 * kMsPerSecond, 10}});
  EXPECT_EQ(odo.at(4 * kMsPerSecond), 0);
  EXPECT_EQ(odo.time_reaching(mm_to_um(10)), 6 * kMsPerSecond);
}

}  // namespace
}  // namespace kaiten
