#pragma once
// A 4-ary min-heap for "hold" loops: take the earliest item, handle it, and usually put one more
// back (the engine's events beyond its calendar window). pop() leaves the popped item's slot at the
// root, and the next push() fills it with one sift-down ("replace-top") instead of a sift-down to
// remove the old item and a sift-up to add the new one.
//
// Arity 4 by default: half the depth of a binary heap; on the engine's events it took fewer
// instructions than 2 or 8 (docs/PERFORMANCE.md, profile record).
//
// `Before(x, y)` must be a strict total order (or equal items must be interchangeable): then the
// items come out in exactly the order of any other correct priority queue (tests compare it with
// std::priority_queue), so swapping the heap changes no result.
#include <cstddef>
#include <vector>

namespace kaiten {

template <class T, class Before, std::size_t kArity = 4>
class HoldHeap {
 public:
  void push(const T& item) {
    if (hole_) {
      hole_ = false;
      sift_down(item);
      return;
    }
    heap_.push_back(item);
    sift_up(heap_.size() - 1, item);
  }
  /// The earliest item. Precondition: not empty().
  const T& top() {
    if (hole_) drop_root();
    return heap_.front();
  }
  /// Removes and returns the earliest item. Precondition: not empty().
  T pop() {
    if (hole_) drop_root();
    hole_ = true;  // the root is logically gone; the next push fills it
    return heap_.front();
  }
  bool empty() const { return heap_.size() == (hole_ ? 1 : 0); }
  std::size_t size() const { return heap_.size() - (hole_ ? 1 : 0); }

 private:
  void sift_up(std::size_t at, const T& item) {
    while (at > 0) {
      const std::size_t parent = (at - 1) / kArity;
      if (!Before{}(item, heap_[parent])) break;
      heap_[at] = heap_[parent];
      at = parent;
    }
    heap_[at] = item;
  }
  /// Places `item` in the hole at the root. Bottom-up (Floyd): the hole first descends along the
  /// earliest children to a leaf, then `item` rises from there. A new item usually belongs near
  /// the bottom (most of a heap is), so this compares less than stopping at the first child later
  /// than `item`.
  void sift_down(const T& item) {
    const std::size_t n = heap_.size();
    std::size_t at = 0;
    for (;;) {
      const std::size_t first = at * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      if constexpr (kArity == 4) {
        if (first + 4 <= n) {
          // A full family, as a tournament: the two semi-finals are independent.
          const T* c = heap_.data() + first;
          const std::size_t left = Before{}(c[1], c[0]) ? 1 : 0;
          const std::size_t right = Before{}(c[3], c[2]) ? 3 : 2;
          best = first + (Before{}(c[right], c[left]) ? right : left);
        } else {
          for (std::size_t c = first + 1; c < n; ++c)
            if (Before{}(heap_[c], heap_[best])) best = c;
        }
      } else {
        const std::size_t last = first + kArity < n ? first + kArity : n;
        for (std::size_t c = first + 1; c < last; ++c)
          if (Before{}(heap_[c], heap_[best])) best = c;
      }
      heap_[at] = heap_[best];
      at = best;
    }
    sift_up(at, item);
  }
  /// Removes the root (popped, and nothing replaced it): the last item fills its place.
  void drop_root() {
    const T last = heap_.back();
    heap_.pop_back();
    hole_ = false;
    if (!heap_.empty()) sift_down(last);
  }

  std::vector<T> heap_;
  bool hole_ = false;  ///< heap_[0] was popped and not yet replaced
};

}  // namespace kaiten
