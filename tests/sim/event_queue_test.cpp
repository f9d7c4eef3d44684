#include "kaiten/sim/event_queue.hpp"

#include <gtest/gtest.h>

namespace kaiten {
namespace {

Event at(SimTime t, Priority p, std::uint32_t tag) {
  return {t, p, EventKind::plate_pass, tag, 0, 0};
}

TEST(EventQueue, EarlierTimeRunsFirstWhateverThePushOrder) {
  EventQueue q;
  q.push(at(300, Priority::plate_pass, 3));
  q.push(at(100, Priority::produce, 1));
  q.push(at(200, Priority::close, 2));
  EXPECT_EQ(q.pop().a, 1u);
  EXPECT_EQ(q.pop().a, 2u);
  EXPECT_EQ(q.pop().a, 3u);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, AtEqualTimeLowerPriorityValueRunsFirst) {
  EventQueue q;
  q.push(at(100, Priority::produce, 4));
  q.push(at(100, Priority::inject, 3));
  q.push(at(100, Priority::plate_pass, 2));
  q.push(at(100, Priority::close, 0));
  q.push(at(100, Priority::speed_change, 1));
  for (std::uint32_t expected = 0; expected < 5; ++expected) EXPECT_EQ(q.pop().a, expected);
}

TEST(EventQueue, AtEqualTimeAndPriorityFirstScheduledRunsFirst) {
  EventQueue q;
  for (std::uint32_t i = 0; i < 100; ++i) q.push(at(500, Priority::plate_pass, i));
  for (std::uint32_t i = 0; i < 100; ++i) EXPECT_EQ(q.pop().a, i);
}

TEST(EventQueue, SequenceNumbersAreUniqueAndIncreasing) {
  EventQueue q;
  q.push(at(5, Priority::plate_pass, 0));
  q.push(at(5, Priority::plate_pass, 1));
  const Event first = q.pop();
  const Event second = q.pop();
  EXPECT_LT(first.sequence, second.sequence);
  EXPECT_TRUE(runs_before(first, second));
  EXPECT_FALSE(runs_before(second, first));
}

TEST(EventQueue, InterleavedPushesKeepTotalOrder) {
  EventQueue q;
  // A pseudo-random but fixed pattern of times; the output must be sorted by (time, sequence).
  std::uint32_t x = 12345;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    x = x * 1103515245u + 12345u;
    q.push(at((x >> 16) % 50, Priority::plate_pass, i));
  }
  Event previous = q.pop();
  while (!q.empty()) {
    const Event next = q.pop();
    EXPECT_TRUE(runs_before(previous, next));
    previous = next;
  }
}

}  // namespace
}  // namespace kaiten
