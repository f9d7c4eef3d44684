#pragma once
// The discrete-event core: a heap of small events.
//
// The same-time rule (the only place it is written down): events run in order of
// (time, priority, sequence). Lower priority values run first at the same millisecond; among equal
// priorities, the event scheduled first runs first. Sequence numbers are unique and never reused,
// so the order is total and the run is deterministic.
#include <cstddef>
#include <cstdint>

#include "kaiten/core/hold_heap.hpp"
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

class EventQueue {
 public:
  /// Schedules `event`, stamping its sequence number.
  void push(Event event) {
    event.sequence = static_cast<std::uint64_t>(event.priority) << 56 | next_sequence_++;
    heap_.push(event);
  }
  /// Removes and returns the next event. Precondition: not empty(). Most events, handled,
  /// schedule one more (a plate's next point, a person's next decision): that push fills the
  /// popped event's slot (HoldHeap).
  Event pop() { return heap_.pop(); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

 private:
  // runs_before for stamped events: the priority is already in the sequence's top bits.
  struct Before {
    bool operator()(const Event& x, const Event& y) const {
      return x.time != y.time ? x.time < y.time : x.sequence < y.sequence;
    }
  };
  HoldHeap<Event, Before> heap_;
  std::uint64_t next_sequence_ = 0;  ///< below 2^56: 10^17 events
};

}  // namespace kaiten
