#pragma once
// The tracker's passes due (PlateTracker): a priority queue of (deadline, plate, pass), earliest
// first, with exactly the order of a std::priority_queue over that key, built for how passes
// arrive. The plates on one lane keep their order along the belt, so the deadlines scheduled at
// one checkpoint of a lane mostly come in order: each checkpoint has a FIFO, and a pass that would
// break its FIFO's order (a plate revived or read off its position, a hostile feed) goes to one
// binary heap beside them. The earliest of the FIFOs' heads and the heap's top is kept by a
// winner tree over them. A pass queued in order costs one comparison instead of a heap's sift,
// and taking the earliest costs a walk up the tree (log2 of the checkpoints, one comparison a
// level) instead of a sift-down of a heap of every plate's pass.
//
// Every entry comes out in the same order as from a binary heap of the same key: the key is a
// total order (entries equal in it are identical), each FIFO is kept sorted by it, and the top is
// the least of the FIFOs' heads and the heap's top. tests/controller/due_queue_test.cpp checks it
// against std::priority_queue.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "kaiten/core/units.hpp"

namespace kaiten {

/// A checkpoint pass a plate is expected at: processed once the belt is beyond `deadline`.
struct DuePass {
  Micrometres deadline = 0;
  std::uint32_t plate = 0;
  std::uint64_t pass = 0;
  bool operator>(const DuePass& o) const {
    return deadline != o.deadline ? deadline > o.deadline
                                  : (plate != o.plate ? plate > o.plate : pass > o.pass);
  }
};

class DueQueue {
 public:
  /// `fifos`: one per lane checkpoint; push() names the one a pass belongs to.
  explicit DueQueue(std::size_t fifos = 0)
      : fifos_(fifos), leaves_(fifos + 1), heads_(leaves_, kEmpty), deadlines_(leaves_, INT64_MAX) {
    // A complete binary tree over the leaves (the FIFOs, then the heap): internal nodes 1 to
    // leaves - 1, leaf i at node leaves + i; each node holds the leaf that wins under it.
    tree_.resize(2 * leaves_);
    for (std::size_t i = 0; i < leaves_; ++i) tree_[leaves_ + i] = static_cast<std::uint32_t>(i);
    for (std::size_t n = leaves_ - 1; n >= 1; --n) tree_[n] = tree_[2 * n];
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  /// The earliest pass. Not empty().
  const DuePass& top() const { return heads_[tree_[1]]; }
  /// top().deadline, or INT64_MAX if empty.
  Micrometres top_deadline() const { return deadlines_[tree_[1]]; }

  /// Queues `due` at FIFO `fifo` (< the count given), or in the heap if it is earlier than that
  /// FIFO's last entry.
  void push(std::size_t fifo, const DuePass& due) {
    Fifo& f = fifos_[fifo];
    if (f.size != 0 && (f.back().deadline < due.deadline || !(f.back() > due))) {
      ++size_;
      f.push(due);  // the usual case: at the back of its FIFO, whose head is unchanged
    } else {
      push_slow(fifo, due);
    }
  }

  /// Removes top(). Not empty().
  void pop() {
    --size_;
    const std::uint32_t leaf = tree_[1];
    if (leaf == fifos_.size()) {
      heap_.pop();
      set_head(leaf, heap_.empty() ? kEmpty : heap_.top());
    } else {
      Fifo& f = fifos_[leaf];
      f.pop();
      set_head(leaf, f.size == 0 ? kEmpty : f.front());
    }
  }

 private:
  /// An empty leaf: after every real entry (no plate id reaches UINT32_MAX).
  static constexpr DuePass kEmpty{INT64_MAX, UINT32_MAX, UINT64_MAX};

  /// A ring buffer of a power-of-two capacity.
  struct Fifo {
    std::vector<DuePass> items;
    std::size_t mask = 0;  ///< capacity - 1, once there is one
    std::size_t head = 0;
    std::size_t size = 0;
    const DuePass& front() const { return items[head]; }
    const DuePass& back() const { return items[(head + size - 1) & mask]; }
    void push(const DuePass& d) {
      if (size == items.size()) grow();
      items[(head + size) & mask] = d;
      ++size;
    }
    void pop() {
      head = (head + 1) & mask;
      --size;
    }
    [[gnu::noinline]] void grow() {
      std::vector<DuePass> bigger(items.empty() ? 16 : 2 * items.size());
      for (std::size_t k = 0; k < size; ++k) bigger[k] = items[(head + k) & mask];
      items.swap(bigger);
      mask = items.size() - 1;
      head = 0;
    }
  };

  [[gnu::noinline]] void push_slow(std::size_t fifo, const DuePass& due) {
    ++size_;
    Fifo& f = fifos_[fifo];
    if (f.size == 0) {
      f.push(due);
      set_head(fifo, due);
    } else {
      const std::size_t leaf = fifos_.size();
      heap_.push(due);
      if (heads_[leaf] > heap_.top()) set_head(leaf, heap_.top());
    }
  }

  /// Leaf `leaf`'s head is now `head`: the winners on its path to the root again, each against
  /// the winner of the sibling subtree (by deadline, and on equal deadlines by the whole key).
  void set_head(std::size_t leaf, const DuePass& head) {
    heads_[leaf] = head;
    deadlines_[leaf] = head.deadline;
    auto w = static_cast<std::uint32_t>(leaf);
    Micrometres wd = head.deadline;
    for (std::size_t n = leaves_ + leaf; n > 1; n /= 2) {
      const std::uint32_t s = tree_[n ^ 1];
      const Micrometres sd = deadlines_[s];
      if (sd < wd || (sd == wd && heads_[w] > heads_[s])) {
        w = s;
        wd = sd;
      }
      tree_[n / 2] = w;
    }
  }

  std::vector<Fifo> fifos_;
  /// Passes out of their FIFO's order; the last leaf.
  std::priority_queue<DuePass, std::vector<DuePass>, std::greater<>> heap_;
  std::size_t leaves_ = 1;
  std::vector<DuePass> heads_;          ///< per leaf: its earliest entry, or kEmpty
  std::vector<Micrometres> deadlines_;  ///< per leaf: its head's deadline (compared most)
  std::vector<std::uint32_t> tree_;     ///< tree_[n]: the leaf with the earliest head under n
  std::size_t size_ = 0;
};

}  // namespace kaiten
