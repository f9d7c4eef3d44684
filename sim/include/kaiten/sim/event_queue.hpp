#pragma once
// The discrete-event core: a heap of small events.
//
// The same-time rule (the only place it is written down): events run in order of
// (time, priority, sequence). Lower priority values run first at the same millisecond; among equal
// priorities, the event scheduled first runs first. Sequence numbers are unique and never reused,
// so the order is total and the run is deterministic.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kaiten/core/units.hpp"

namespace kaiten {

enum class EventKind : std::uint8_t {
  close,
  plate_pass,
  inject,
  produce,
  speed_change,
  party_arrival,
  member_hungry,
  order_check,
  staff_change,
  party_leave,
  table_ready,
  renege,
  tick,
  cook_done,
  express_arrive,
  carrier_back,
  lane_opens,
};

/// Priorities at equal time. Closing first: nothing happens at or after closing time. Plates then
/// move (passes) before the kitchen places new plates, production comes next, and people act
/// last, on the belt as it is at that millisecond.
enum class Priority : std::uint8_t {
  close = 0,
  speed_change = 1,
  plate_pass = 2,
  inject = 3,
  produce = 4,
  tick = 5,
  people = 6,
};

struct Event {
  SimTime time = 0;
  Priority priority = Priority::plate_pass;
  EventKind kind = EventKind::plate_pass;
  std::uint32_t a = 0;  ///< kind-specific: plate index, lane index...
  std::uint32_t b = 0;  ///< kind-specific: plate generation...
  /// Stamped by EventQueue::push: the priority in the top 8 bits, then the scheduling order, so
  /// that one comparison of (time, sequence) applies the whole same-time rule.
  std::uint64_t sequence = 0;
};

/// True when `x` runs before `y` under the same-time rule.
constexpr bool runs_before(const Event& x, const Event& y) {
  if (x.time != y.time) return x.time < y.time;
  if (x.priority != y.priority) return x.priority < y.priority;
  return x.sequence < y.sequence;
}

/// A 4-ary min-heap of events: half the depth of a binary heap and a node's four children on two
/// cache lines. Most events, handled, schedule one more (a plate's next point, a person's next
/// decision), so pop() leaves the popped event's slot at the root and the next push() fills it
/// with one sift-down (a "replace-top") instead of a sift-down to remove it and a sift-up to add
/// the new one. The order is total, so the events come out in exactly the order of any other
/// correct priority queue (tests compare it with std::priority_queue).
class EventQueue {
 public:
  /// Schedules `event`, stamping its sequence number.
  void push(Event event) {
    event.sequence = static_cast<std::uint64_t>(event.priority) << 56 | next_sequence_++;
    if (hole_) {
      hole_ = false;
      sift_down(0, event, heap_.size());
      return;
    }
    heap_.push_back(event);
    sift_up(heap_.size() - 1, event);
  }
  /// Removes and returns the next event. Precondition: not empty().
  Event pop() {
    if (hole_) drop_root();
    hole_ = true;  // the root is logically gone; the next push fills it
    return heap_.front();
  }
  bool empty() const { return heap_.size() == (hole_ ? 1 : 0); }
  std::size_t size() const { return heap_.size() - (hole_ ? 1 : 0); }

 private:
  static constexpr std::size_t kArity = 4;
  // runs_before for stamped events: the priority is already in the sequence's top bits.
  static bool before(const Event& x, const Event& y) {
    return x.time != y.time ? x.time < y.time : x.sequence < y.sequence;
  }
  void sift_up(std::size_t at, const Event& e) {
    while (at > 0) {
      const std::size_t parent = (at - 1) / kArity;
      if (!before(e, heap_[parent])) break;
      heap_[at] = heap_[parent];
      at = parent;
    }
    heap_[at] = e;
  }
  /// Places `e` in the hole at `at` of the first `n` slots. Bottom-up (Floyd): the hole first
  /// descends along the earliest children to a leaf, then `e` rises from there. A new event
  /// usually belongs near the bottom (most of a heap is), so this compares less than stopping
  /// at the first child later than `e`.
  void sift_down(std::size_t at, const Event& e, std::size_t n) {
    const std::size_t top = at;
    for (;;) {
      const std::size_t first = at * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t last = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < last; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      heap_[at] = heap_[best];
      at = best;
    }
    while (at > top) {
      const std::size_t parent = (at - 1) / kArity;
      if (!before(e, heap_[parent])) break;
      heap_[at] = heap_[parent];
      at = parent;
    }
    heap_[at] = e;
  }
  /// Removes the root (the popped event nothing replaced): the last event fills its place.
  void drop_root() {
    const Event last = heap_.back();
    heap_.pop_back();
    hole_ = false;
    if (!heap_.empty()) sift_down(0, last, heap_.size());
  }

  std::vector<Event> heap_;
  bool hole_ = false;                ///< heap_[0] was popped and not yet replaced
  std::uint64_t next_sequence_ = 0;  ///< below 2^56: 10^17 events
};

}  // namespace kaiten
