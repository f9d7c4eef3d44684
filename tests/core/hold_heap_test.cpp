#include "kaiten/core/hold_heap.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

namespace kaiten {
namespace {

// (key, tag): ordered by key then tag, a total order over distinct tags.
using Item = std::pair<std::uint32_t, std::uint32_t>;
struct Before {
  bool operator()(const Item& x, const Item& y) const { return x < y; }
};

struct Xorshift {
  std::uint64_t x = 88172645463325252ull;
  std::uint64_t operator()() {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  }
};

// The heap against std::priority_queue fed the same random mix of operations: hold steps (a pop,
// then a push), pops with nothing after them, bursts of pushes, top() between them, many equal
// keys; at sizes around the 4-ary heap's levels. Every top and pop must give the same item.
TEST(HoldHeap, MatchesAStdPriorityQueueOnRandomOperations) {
  Xorshift next;
  for (const std::size_t target : {1u, 2u, 4u, 5u, 6u, 21u, 85u, 330u, 1000u}) {
    HoldHeap<Item, Before> heap;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> reference;
    std::uint32_t now = 0, tag = 0;
    const auto push_both = [&](std::uint32_t key) {
      heap.push({key, tag});
      reference.push({key, tag});
      ++tag;
    };
    for (int step = 0; step < 30000; ++step) {
      const std::uint64_t r = next() % 10;
      if (heap.empty() || (r < 3 && heap.size() < target)) {
        for (std::uint64_t k = 0, n = 1 + next() % 3; k < n; ++k)
          push_both(now + static_cast<std::uint32_t>(next() % 50));
        continue;
      }
      ASSERT_EQ(heap.size(), reference.size());
      if (r == 9) {
        ASSERT_EQ(heap.top(), reference.top());
        continue;
      }
      const Item got = heap.pop();
      ASSERT_EQ(got, reference.top());
      reference.pop();
      now = got.first;
      if (r < 8) push_both(now + static_cast<std::uint32_t>(next() % 40));  // hold: one back
    }
    while (!heap.empty()) {
      ASSERT_EQ(heap.pop(), reference.top());
      reference.pop();
    }
    EXPECT_TRUE(reference.empty());
  }
}

TEST(HoldHeap, APoppedItemIsGoneBeforeThePushThatFillsItsSlot) {
  HoldHeap<Item, Before> heap;
  heap.push({2, 0});
  heap.push({1, 1});
  EXPECT_EQ(heap.pop(), Item(1, 1));
  EXPECT_EQ(heap.size(), 1u);
  EXPECT_EQ(heap.top(), Item(2, 0));
  EXPECT_EQ(heap.pop(), Item(2, 0));
  EXPECT_TRUE(heap.empty());
  heap.push({7, 2});  // fills the popped root
  EXPECT_EQ(heap.size(), 1u);
  heap.push({3, 3});
  EXPECT_EQ(heap.pop(), Item(3, 3));
  EXPECT_EQ(heap.pop(), Item(7, 2));
  EXPECT_TRUE(heap.empty());
}

}  // namespace
}  // namespace kaiten
