#include "kaiten/controller/sales.hpp"

#include <algorithm>

namespace kaiten {

SalesLedger::SalesLedger(std::vector<std::int32_t> prices_yen, SimTime open, SimTime close)
    : prices_(std::move(prices_yen)),
      open_(open),
      minutes_(static_cast<std::size_t>(
          std::max<SimTime>(1, (close - open + kMsPerMinute - 1) / kMsPerMinute))),
      buckets_(minutes_ * prices_.size(), 0),
      day_(prices_.size(), 0) {}

std::size_t SalesLedger::bucket(SimTime t) const {
  if (t <= open_) return 0;
  return std::min(static_cast<std::size_t>((t - open_) / kMsPerMinute), minutes_ - 1);
}

void SalesLedger::add(std::uint16_t item, SimTime t, std::int32_t delta) {
  buckets_[bucket(t) * prices_.size() + item] += delta;
  day_[item] += delta;
  total_ += delta;
}

std::int64_t SalesLedger::total_revenue_yen() const {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < prices_.size(); ++i) sum += day_[i] * prices_[i];
  return sum;
}

std::int64_t SalesLedger::plates_between(std::uint16_t item, SimTime from, SimTime to) const {
  // Bucket m starts at open + m minutes; take those starting in [from, to).
  const auto first_start = [&](SimTime t) -> std::int64_t {
    if (t <= open_) return 0;
    return (t - open_ + kMsPerMinute - 1) / kMsPerMinute;
  };
  const std::int64_t a =
      std::min<std::int64_t>(first_start(from), static_cast<std::int64_t>(minutes_));
  const std::int64_t b =
      std::min<std::int64_t>(first_start(to), static_cast<std::int64_t>(minutes_));
  std::int64_t sum = 0;
  for (std::int64_t m = a; m < b; ++m)
    sum += buckets_[static_cast<std::size_t>(m) * prices_.size() + item];
  return sum;
}

std::int64_t SalesLedger::total_between(SimTime from, SimTime to) const {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < prices_.size(); ++i)
    sum += plates_between(static_cast<std::uint16_t>(i), from, to);
  return sum;
}

std::vector<Seller> SalesLedger::sellers(SimTime now, SimTime window) const {
  std::vector<Seller> all;
  for (std::size_t i = 0; i < prices_.size(); ++i) {
    const auto item = static_cast<std::uint16_t>(i);
    const std::int64_t plates = window > 0 ? plates_between(item, now - window, now) : day_[i];
    if (plates > 0) all.push_back({item, plates, plates * prices_[i]});
  }
  return all;
}

std::vector<Seller> SalesLedger::rank(std::vector<Seller> all, std::size_t n, RankBy by) {
  const auto better = [by](const Seller& a, const Seller& b) {
    const std::int64_t a1 = by == RankBy::plates ? a.plates : a.revenue_yen;
    const std::int64_t b1 = by == RankBy::plates ? b.plates : b.revenue_yen;
    if (a1 != b1) return a1 > b1;
    const std::int64_t a2 = by == RankBy::plates ? a.revenue_yen : a.plates;
    const std::int64_t b2 = by == RankBy::plates ? b.revenue_yen : b.plates;
    if (a2 != b2) return a2 > b2;
    return a.item < b.item;
  };
  const std::size_t keep = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    better);
  all.resize(keep);
  return all;
}

std::vector<Seller> SalesLedger::top(std::size_t n, RankBy by, SimTime now, SimTime window) const {
  return rank(sellers(now, window), n, by);
}

}  // namespace kaiten
