#pragma once
// The discrete-event core: the pending events of a day, in a calendar of buckets.
//
// The same-time rule (the only place it is written down): events run in order of
// (time, priority, sequence). Lower priority values run first at the same millisecond; among equal
// priorities, the event scheduled first runs first. Sequence numbers are unique and never reused,
// so the order is total and the run is deterministic.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

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

/// The events of a day, taken in order of the same-time rule.
///
/// A calendar queue (Brown 1988) on one 64-bit key per event: the next 65.5 s are 1024 buckets
/// of 64 ms, each a list in any order; events further ahead wait in a heap until the window
/// reaches them. Taking an event sorts only the bucket due now (it holds one event or two on the
/// busiest day), so an event costs a few steps to file and to take instead of a comparison at
/// every level of a heap of every pending event (docs/PERFORMANCE.md). The order is exactly the
/// same-time rule's, whatever the bucket width: keys are unique and the bucket due now is taken in
/// key order, with later pushes into it put in their place.
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
    ++size_;
    file({static_cast<std::uint64_t>(event.time) << 36 |
              static_cast<std::uint64_t>(event.priority) << 33 | next_sequence_++,
          event.a, event.b, event.kind});
  }
  /// Removes and returns the next event. Precondition: not empty().
  Event pop() {
    --size_;
    if (due_.empty()) advance();
    const Slot s = due_.back();
    due_.pop_back();
    const auto priority = static_cast<Priority>(s.key >> 33 & 7);
    return {static_cast<SimTime>(s.key >> 36),
            priority,
            s.kind,
            s.a,
            s.b,
            static_cast<std::uint64_t>(priority) << 56 | (s.key & (kSequenceEnd - 1))};
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

 private:
  static constexpr std::uint64_t kSequenceEnd = std::uint64_t{1} << 33;
  static constexpr int kWidthBits = 6;             ///< a bucket is 64 ms
  static constexpr std::uint64_t kBuckets = 1024;  ///< the window: 65.5 s
  static constexpr std::uint32_t kNil = UINT32_MAX;
  // The whole same-time rule in one integer: time (28 bits), priority (3), sequence (33).
  // Sequences are unique, so no two keys are equal.
  struct Slot {
    std::uint64_t key;
    std::uint32_t a;
    std::uint32_t b;
    EventKind kind;
  };
  struct Later {
    bool operator()(const Slot& x, const Slot& y) const { return x.key > y.key; }
  };
  struct Before {
    bool operator()(const Slot& x, const Slot& y) const { return x.key < y.key; }
  };
  struct Node {
    Slot slot;
    std::uint32_t next;
  };

  static std::uint64_t bucket_of(std::uint64_t key) { return key >> (36 + kWidthBits); }

  void file(const Slot& slot) {
    const std::uint64_t b = bucket_of(slot.key);
    if (b <= now_) {
      // Due now (the bucket being taken; or, defensively, an earlier one): in its place in due_,
      // which runs from the latest key to the least.
      due_.insert(std::upper_bound(due_.begin(), due_.end(), slot, Later{}), slot);
    } else if (b < now_ + kBuckets) {
      std::uint32_t n = free_;
      if (n != kNil) {
        free_ = nodes_[n].next;
      } else {
        n = static_cast<std::uint32_t>(nodes_.size());
        nodes_.emplace_back();
      }
      const std::size_t at = b % kBuckets;
      nodes_[n] = {slot, heads_[at]};
      heads_[at] = n;
      occupied_[at / 64] |= std::uint64_t{1} << (at % 64);
    } else {
      later_.push(slot);
    }
  }
  /// The bucket due now is empty: move to the next occupied one (within the window, or where the
  /// earliest later event falls), bring into the window what it now covers, and sort the bucket.
  void advance() {
    const std::uint64_t next = next_occupied();
    now_ = next != kNone ? next : bucket_of(later_.top().key);
    while (!later_.empty() && bucket_of(later_.top().key) < now_ + kBuckets) file(later_.pop());
    const std::size_t at = now_ % kBuckets;
    for (std::uint32_t n = heads_[at]; n != kNil;) {
      due_.push_back(nodes_[n].slot);
      const std::uint32_t after = nodes_[n].next;
      nodes_[n].next = free_;
      free_ = n;
      n = after;
    }
    heads_[at] = kNil;
    occupied_[at / 64] &= ~(std::uint64_t{1} << (at % 64));
    std::sort(due_.begin(), due_.end(), Later{});
  }
  static constexpr std::uint64_t kNone = UINT64_MAX;
  /// The first occupied bucket after now_ within the window (absolute number), or kNone.
  std::uint64_t next_occupied() const {
    constexpr std::size_t kWords = kBuckets / 64;
    const std::size_t start = (now_ + 1) % kBuckets;
    std::size_t word = start / 64;
    std::uint64_t bits = occupied_[word] & (~std::uint64_t{0} << (start % 64));
    for (std::size_t seen = 0; seen <= kWords; ++seen) {
      if (bits != 0) {
        const std::size_t at = word * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
        return now_ + 1 + (at + kBuckets - start) % kBuckets;
      }
      word = (word + 1) % kWords;
      bits = occupied_[word];
    }
    return kNone;
  }

  std::vector<Slot> due_;  ///< the bucket due now, latest key first
  std::array<std::uint32_t, kBuckets> heads_ = make_heads();
  std::array<std::uint64_t, kBuckets / 64> occupied_{};
  std::vector<Node> nodes_;       ///< the buckets' lists
  std::uint32_t free_ = kNil;     ///< unused nodes, linked
  HoldHeap<Slot, Before> later_;  ///< events beyond the window
  std::uint64_t now_ = 0;         ///< the bucket due now
  std::uint64_t next_sequence_ = 0;
  std::size_t size_ = 0;

  static std::array<std::uint32_t, kBuckets> make_heads() {
    std::array<std::uint32_t, kBuckets> heads{};
    heads.fill(kNil);
    return heads;
  }
};

}  // namespace kaiten
