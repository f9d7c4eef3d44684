#pragma once
// The discrete-event core: a heap of small events.
//
// The same-time rule (the only place it is written down): events run in order of
// (time, priority, sequence). Lower priority values run first at the same millisecond; among equal
// priorities, the event scheduled first runs first. Sequence numbers are unique and never reused,
// so the order is total and the run is deterministic.
#include <cstddef>
#include <cstdint>
#include <stdexcept>

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
  /// A day's clock runs to 47:59:59 (scenario clocks, core/units.hpp), well inside the key's
  /// 28 bits of milliseconds (74 h).
  static constexpr SimTime kLatestTime = (SimTime{1} << 28) - 1;

  /// Schedules `event`, stamping its sequence number. Throws std::length_error for a time outside
  /// 0 .. kLatestTime or past 2^33 events (a day holds under 10^7).
  void push(const Event& event) {
    if (event.time < 0 || event.time > kLatestTime || next_sequence_ >= kSequenceEnd)
      throw std::length_error("event queue: time or event count beyond a day's range");
    heap_.push({static_cast<std::uint64_t>(event.time) << 36 |
                    static_cast<std::uint64_t>(event.priority) << 33 | next_sequence_++,
                event.a, event.b, event.kind});
  }
  /// Removes and returns the next event. Precondition: not empty(). Most events, handled,
  /// schedule one more (a plate's next point, a person's next decision): that push fills the
  /// popped event's slot (HoldHeap).
  Event pop() {
    const Slot s = heap_.pop();
    const auto priority = static_cast<Priority>(s.key >> 33 & 7);
    return {static_cast<SimTime>(s.key >> 36),
            priority,
            s.kind,
            s.a,
            s.b,
            static_cast<std::uint64_t>(priority) << 56 | (s.key & (kSequenceEnd - 1))};
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

 private:
  static constexpr std::uint64_t kSequenceEnd = std::uint64_t{1} << 33;
  // The whole same-time rule in one integer: time (28 bits), priority (3), sequence (33). One
  // comparison per pair instead of two, and 24 bytes a slot instead of Event's 32: a family of
  // four children in fewer cache lines.
  struct Slot {
    std::uint64_t key;
    std::uint32_t a;
    std::uint32_t b;
    EventKind kind;
  };
  struct Before {
    bool operator()(const Slot& x, const Slot& y) const { return x.key < y.key; }
  };
  HoldHeap<Slot, Before> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace kaiten
