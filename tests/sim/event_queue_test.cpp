#include "kaiten/sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <queue>
#include <tuple>
#include <vector>

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

// The key packs (time, priority, sequence) into one integer: the latest clock a scenario can
// give (47:59:59) and the packing's edge still order right; a time past it is refused, not wrapped.
TEST(EventQueue, TimesUpToTheKeysEdgeOrderRightAndLaterOnesAreRefused) {
  EventQueue q;
  const SimTime latest_clock = 47 * kMsPerHour + 59 * kMsPerMinute + 59 * kMsPerSecond;
  ASSERT_LE(latest_clock, EventQueue::kLatestTime);
  q.push(at(EventQueue::kLatestTime, Priority::close, 3));
  q.push(at(latest_clock, Priority::people, 2));
  q.push(at(latest_clock, Priority::close, 1));
  q.push(at(0, Priority::people, 0));
  for (std::uint32_t expected = 0; expected < 4; ++expected) {
    const Event e = q.pop();
    EXPECT_EQ(e.a, expected);
    EXPECT_EQ(e.time, expected == 0 ? 0 : expected == 3 ? EventQueue::kLatestTime : latest_clock);
  }
  EXPECT_THROW(q.push(at(EventQueue::kLatestTime + 1, Priority::close, 0)), std::length_error);
  EXPECT_THROW(q.push(at(-1, Priority::close, 0)), std::length_error);
  EXPECT_TRUE(q.empty());
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

// The queue against a reference: std::priority_queue under runs_before, fed the same random mix
// of pushes and pops (the hold pattern of a pop then a push, pops with no push after them, bursts
// of pushes, equal times), at sizes around the heap's levels. Every pop must give the same event.
TEST(EventQueue, MatchesAStdPriorityQueueOnRandomPushesAndPops) {
  struct Later {
    bool operator()(const Event& x, const Event& y) const { return runs_before(y, x); }
  };
  std::uint64_t x = 88172645463325252ull;
  const auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  // Offsets from now: within a millisecond's reach (equal times), within one bucket of the queue's
  // calendar, across its window of 65.5 s and far beyond it (events waiting outside the window),
  // and a mix that makes the window jump over empty stretches.
  const auto offset = [&next](int spread) -> SimTime {
    switch (spread) {
      case 0:
        return static_cast<SimTime>(next() % 50);
      case 1:
        return static_cast<SimTime>(next() % 70'000);
      case 2:
        return static_cast<SimTime>(next() % 600'000);
      default:
        return next() % 4 == 0 ? static_cast<SimTime>(next() % 3'000'000)
                               : static_cast<SimTime>(next() % 3);
    }
  };
  for (int spread = 0; spread < 4; ++spread)
    for (const std::uint32_t target : {1u, 3u, 5u, 17u, 64u, 330u, 1000u}) {
      EventQueue q;
      std::priority_queue<Event, std::vector<Event>, Later> reference;
      std::uint64_t sequence = 0;
      SimTime now = 0;
      std::uint32_t tag = 0;
      const auto push_both = [&](SimTime t) {
        const auto p = static_cast<Priority>(next() % 7);
        Event e = at(t, p, tag++);
        q.push(e);
        e.sequence = static_cast<std::uint64_t>(p) << 56 | sequence++;
        reference.push(e);
      };
      // Until 20,000 steps or the end of the key's range, whichever comes first.
      for (int step = 0; step < 20000 && now < EventQueue::kLatestTime - 3'000'000; ++step) {
        const std::uint64_t r = next() % 10;
        if (q.empty() || (r < 3 && q.size() < target)) {
          for (std::uint64_t k = 0, n = 1 + next() % 3; k < n; ++k) push_both(now + offset(spread));
          continue;
        }
        ASSERT_EQ(q.size(), reference.size());
        const Event got = q.pop();
        const Event want = reference.top();
        reference.pop();
        ASSERT_EQ(std::tie(got.time, got.sequence, got.a),
                  std::tie(want.time, want.sequence, want.a));
        now = got.time;
        if (r < 8) push_both(now + offset(spread));  // hold: one back
      }
      while (!q.empty()) {
        const Event got = q.pop();
        ASSERT_EQ(got.a, reference.top().a);
        reference.pop();
      }
      EXPECT_TRUE(reference.empty());
    }
}

TEST(EventQueue, SizeCountsThePoppedEventAsGone) {
  EventQueue q;
  q.push(at(1, Priority::plate_pass, 0));
  q.push(at(2, Priority::plate_pass, 1));
  EXPECT_EQ(q.pop().a, 0u);
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.pop().a, 1u);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  q.push(at(3, Priority::plate_pass, 2));  // fills the popped root
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.pop().a, 2u);
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace kaiten
