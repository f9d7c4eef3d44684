#pragma once
// Sales: plates and revenue per menu item, by minute of the day, and the live top-N sellers for
// the day and for a sliding window. Entries may be added or withdrawn at past times (an inferred
// sale is dated when the plate was probably taken; a read can withdraw it), so counts are kept in
// one-minute buckets rather than as a running stream.
#include <cstdint>
#include <vector>

#include "kaiten/core/units.hpp"

namespace kaiten {

struct Seller {
  std::uint16_t item = 0;
  std::int64_t plates = 0;
  std::int64_t revenue_yen = 0;
};

enum class RankBy : std::uint8_t { plates, revenue };

class SalesLedger {
 public:
  /// Buckets cover [open, close) by minute; times before open or after close fall into the
  /// first or last bucket. `prices_yen` is indexed by item.
  SalesLedger(std::vector<std::int32_t> prices_yen, SimTime open, SimTime close);

  /// Adds `delta` plates (+1 a sale, -1 a withdrawn one) of `item` at time `t`.
  void add(std::uint16_t item, SimTime t, std::int32_t delta);

  std::int64_t plates(std::uint16_t item) const { return day_[item]; }
  std::int64_t revenue_yen(std::uint16_t item) const { return day_[item] * prices_[item]; }
  std::int64_t total_plates() const { return total_; }
  std::int64_t total_revenue_yen() const;
  /// Plates of `item` in the minute buckets starting in [from, to).
  std::int64_t plates_between(std::uint16_t item, SimTime from, SimTime to) const;
  std::int64_t total_between(SimTime from, SimTime to) const;

  /// The top `n` sellers with at least one plate over the day (`window` <= 0) or over the
  /// `window` ms before `now` (minute buckets starting in [now - window, now)). Ranked by plates
  /// or revenue, ties broken by the other measure, then by item index.
  std::vector<Seller> top(std::size_t n, RankBy by, SimTime now, SimTime window) const;
  /// The sellers top() ranks: every item with at least one plate, in item order.
  std::vector<Seller> sellers(SimTime now, SimTime window) const;
  /// The top `n` of `sellers` as top() ranks them (a tick ranks one list both ways).
  static std::vector<Seller> rank(std::vector<Seller> sellers, std::size_t n, RankBy by);

  std::size_t items() const { return prices_.size(); }

 private:
  std::size_t bucket(SimTime t) const;

  std::vector<std::int32_t> prices_;
  SimTime open_ = 0;
  std::size_t minutes_ = 1;
  std::vector<std::int32_t> buckets_;  ///< [minute * items + item]
  std::vector<std::int64_t> day_;
  std::int64_t total_ = 0;
};

}  // namespace kaiten
