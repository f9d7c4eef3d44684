#include "kaiten/controller/due_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <queue>
#include <random>
#include <vector>

namespace kaiten {
namespace {

// The second implementation: the tracker's queue before the FIFOs, a binary heap of the same key.
using Reference = std::priority_queue<DuePass, std::vector<DuePass>, std::greater<>>;

bool same(const DuePass& a, const DuePass& b) {
  return a.deadline == b.deadline && a.plate == b.plate && a.pass == b.pass;
}

/// Both queues agree on size and top.
void expect_same(const DueQueue& q, const Reference& ref, int step) {
  ASSERT_EQ(q.size(), ref.size()) << "step " << step;
  ASSERT_EQ(q.empty(), ref.empty()) << "step " << step;
  if (!ref.empty()) {
    ASSERT_TRUE(same(q.top(), ref.top()))
        << "step " << step << ": top (" << q.top().deadline << ", " << q.top().plate << ", "
        << q.top().pass << ") against (" << ref.top().deadline << ", " << ref.top().plate << ", "
        << ref.top().pass << ")";
  }
}

struct Shape {
  std::size_t fifos = 0;
  Micrometres spread = 0;    ///< deadlines drawn from [base, base + spread)
  std::uint32_t plates = 0;  ///< plate ids drawn from [0, plates)
  std::uint64_t passes = 0;  ///< passes drawn from [0, passes)
  double in_order = 0.0;     ///< share of pushes at or after their FIFO's last deadline
  double pop_share = 0.0;    ///< chance that a step pops (when not empty)
  double pop_to_base = 0.0;  ///< chance that a step pops everything at or before the base
};

/// Random pushes and pops on both queues, checked after every step.
void run(const Shape& s, std::uint64_t seed, int steps) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  DueQueue q(s.fifos);
  Reference ref;
  std::vector<Micrometres> last(s.fifos, 0);
  Micrometres base = 0;
  for (int step = 0; step < steps; ++step) {
    const double r = u(rng);
    if (!ref.empty() && r < s.pop_to_base) {
      // As the tracker's advance(): everything due by the belt's reading, then the belt moves on.
      while (!ref.empty() && ref.top().deadline <= base) {
        ASSERT_TRUE(same(q.top(), ref.top())) << "step " << step;
        q.pop();
        ref.pop();
        expect_same(q, ref, step);
      }
      base += static_cast<Micrometres>(rng() % static_cast<std::uint64_t>(s.spread / 4 + 1));
    } else if (!ref.empty() && r < s.pop_to_base + s.pop_share) {
      q.pop();
      ref.pop();
    } else {
      const std::size_t fifo = rng() % s.fifos;
      DuePass d;
      if (u(rng) < s.in_order) {
        d.deadline = last[fifo] + static_cast<Micrometres>(rng() % 3);  // ties too
      } else {
        d.deadline = base + static_cast<Micrometres>(rng() % static_cast<std::uint64_t>(s.spread));
      }
      last[fifo] = std::max(last[fifo], d.deadline);
      d.plate = static_cast<std::uint32_t>(rng() % s.plates);
      d.pass = rng() % s.passes;
      q.push(fifo, d);
      ref.push(d);
    }
    expect_same(q, ref, step);
  }
  // Drain what is left.
  while (!ref.empty()) {
    ASSERT_TRUE(same(q.top(), ref.top()));
    q.pop();
    ref.pop();
  }
  EXPECT_TRUE(q.empty());
}

TEST(DueQueue, PassesInTheirFifosOrderComeOutAsFromABinaryHeap) {
  // Like a busy day: most passes in order at their checkpoint, a few out of it.
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    run({70, 5'000'000, 2000, 40, 0.97, 0.2, 0.05}, seed, 20'000);
}

TEST(DueQueue, PassesInNoOrderComeOutAsFromABinaryHeap) {
  // A hostile feed: deadlines in any order, so most go to the heap.
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    run({5, 1'000'000, 500, 20, 0.0, 0.3, 0.05}, seed, 20'000);
}

TEST(DueQueue, EqualDeadlinesGoByPlateThenPassAndIdenticalEntriesAreKept) {
  // Deadlines from a handful of values, few plates and passes: ties at every level, and entries
  // equal in every field pushed more than once (each comes out once).
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    run({3, 4, 3, 2, 0.5, 0.3, 0.1}, seed, 5'000);
    run({8, 2, 2, 2, 0.8, 0.45, 0.0}, seed, 5'000);
  }
}

TEST(DueQueue, FifosEmptiedAndRefilledEarlierThanWhatCameOut) {
  // Pops drain the queue often, and new passes may be earlier than any already taken.
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    run({4, 1000, 50, 8, 0.6, 0.6, 0.0}, seed, 5'000);
}

TEST(DueQueue, AnyNumberOfFifos) {
  for (const std::size_t fifos : {1, 2, 3, 7, 8, 9, 64, 65, 200})
    for (std::uint64_t seed = 1; seed <= 5; ++seed)
      run({fifos, 100'000, 300, 10, 0.9, 0.25, 0.05}, seed, 5'000);
}

TEST(DueQueue, HandComputedOrder) {
  DueQueue q(2);
  q.push(0, {10, 5, 1});
  q.push(0, {20, 1, 0});
  q.push(0, {15, 2, 0});  // before its FIFO's last: the heap
  q.push(1, {10, 4, 7});  // same deadline, lower plate: first
  q.push(1, {10, 4, 9});  // same plate, later pass
  q.push(1, {10, 4, 8});  // out of its FIFO's order by pass alone
  const std::vector<DuePass> want = {{10, 4, 7}, {10, 4, 8}, {10, 4, 9},
                                     {10, 5, 1}, {15, 2, 0}, {20, 1, 0}};
  for (const DuePass& w : want) {
    ASSERT_FALSE(q.empty());
    EXPECT_TRUE(same(q.top(), w)) << q.top().deadline << " " << q.top().plate << " "
                                  << q.top().pass;
    q.pop();
  }
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace kaiten
