#include "kaiten/controller/demand.hpp"

#include <algorithm>
#include <cmath>

namespace kaiten {

SeatingProfile::SeatingProfile() : adults_(kMinutes, 0.0), children_(kMinutes, 0.0) {}

void SeatingProfile::add(SimTime t, std::int32_t adults, std::int32_t children) {
  const auto m = static_cast<std::size_t>(std::clamp<SimTime>(t / kMsPerMinute, 0, kMinutes - 1));
  adults_[m] += adults;
  children_[m] += children;
}

void SeatingProfile::merge(const SeatingProfile& other) {
  for (std::size_t m = 0; m < adults_.size(); ++m) {
    adults_[m] += other.adults_[m];
    children_[m] += other.children_[m];
  }
  days_ += other.days_;
}

double SeatingProfile::people(SimTime from, SimTime to) const {
  // Seatings in (from, to] at whole-minute resolution: the minutes starting in [from, to).
  double sum = 0.0;
  const SimTime first = std::max<SimTime>(0, (from + kMsPerMinute - 1) / kMsPerMinute);
  const SimTime last = std::min<SimTime>(kMinutes, (to + kMsPerMinute - 1) / kMsPerMinute);
  for (SimTime m = first; m < last; ++m)
    sum += adults_[static_cast<std::size_t>(m)] + children_[static_cast<std::size_t>(m)];
  return sum / std::max(1, days_);
}

std::pair<double, double> SeatingProfile::per_minute(std::int64_t minute) const {
  double a = 0.0;
  double c = 0.0;
  for (std::int64_t m = minute - kSmoothMin; m <= minute + kSmoothMin; ++m) {
    if (m < 0 || m >= kMinutes) continue;
    a += adults_[static_cast<std::size_t>(m)];
    c += children_[static_cast<std::size_t>(m)];
  }
  const double n = (2.0 * kSmoothMin + 1.0) * std::max(1, days_);
  return {a / n, c / n};
}

DemandModel::DemandModel(const StoreConfig& store) : store_(store) {
  for (const TableLayout& t : store.tables) total_seats_ += t.seats;
}

void DemandModel::seat(const PartySeatedMsg& m) {
  leave(m.party);
  const std::uint32_t lane = m.table < store_.tables.size() ? store_.tables[m.table].lane : 0;
  seated_.push_back({m.party, m.table, lane, m.adults, m.children, m.time});
  recent_.push_back({m.time, m.adults, m.children});
  today_.add(m.time, m.adults, m.children);
  while (!recent_.empty() && recent_.front().time <= m.time - kArrivalLookback) recent_.pop_front();
}

std::optional<SeatedParty> DemandModel::leave(std::uint32_t party) {
  const auto it = std::find_if(seated_.begin(), seated_.end(),
                               [party](const SeatedParty& p) { return p.party == party; });
  if (it == seated_.end()) return std::nullopt;
  const SeatedParty out = *it;
  seated_.erase(it);
  return out;
}

std::int32_t DemandModel::seated_people() const {
  std::int32_t n = 0;
  for (const SeatedParty& p : seated_) n += p.adults + p.children;
  return n;
}

std::vector<double> DemandModel::mix(const SalesLedger& sales, SimTime now) const {
  const std::size_t n = store_.items.size();
  std::vector<double> share(n, 0.0);
  double popularity = 0.0;
  for (const ItemInfo& item : store_.items) popularity += std::max(0.0, item.popularity);
  const SimTime window = std::max(1, store_.controller.window_min) * kMsPerMinute;
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double prior = popularity > 0 ? std::max(0.0, store_.items[i].popularity) / popularity
                                        : 1.0 / static_cast<double>(n);
    const auto recent = static_cast<double>(std::max<std::int64_t>(
        0, sales.plates_between(static_cast<std::uint16_t>(i), now - window, now)));
    share[i] = recent + kMixPriorPlates * prior;
    sum += share[i];
  }
  if (sum > 0)
    for (double& s : share) s /= sum;
  return share;
}

std::pair<double, double> DemandModel::arrival_rate(SimTime now) const {
  double adults = 0;
  double children = 0;
  for (auto it = recent_.rbegin(); it != recent_.rend() && it->time > now - kArrivalLookback;
       ++it) {
    if (it->time > now) continue;
    adults += it->adults;
    children += it->children;
  }
  // Before a full lookback has passed since opening, divide by the time actually open.
  const SimTime span = std::clamp<SimTime>(now - store_.open, kMsPerMinute, kArrivalLookback);
  const double minutes = static_cast<double>(span) / kMsPerMinute;
  return {adults / minutes, children / minutes};
}

double DemandModel::total(const AppetiteModel& appetite, SimTime now, double horizon_min,
                          int lane) const {
  double sum = 0.0;
  for (const SeatedParty& p : seated_) {
    if (lane >= 0 && p.lane != static_cast<std::uint32_t>(lane)) continue;
    const double seated_min = static_cast<double>(now - p.seated) / kMsPerMinute;
    sum += appetite.expected(p.adults, p.children, seated_min, horizon_min);
  }
  // New diners go to open lanes, in proportion to their seats (balanced seating).
  double share = 1.0;
  if (lane >= 0) {
    std::int32_t open_seats = 0;
    for (std::uint32_t l = 0; l < store_.lanes.size(); ++l)
      if (lane_open(store_, l, now)) open_seats += store_.lanes[l].seats;
    const auto l = static_cast<std::uint32_t>(lane);
    share = open_seats > 0 && lane_open(store_, l, now)
                ? static_cast<double>(store_.lanes[l].seats) / open_seats
                : 0.0;
  }
  return sum + share * arrivals(appetite, now, horizon_min);
}

std::vector<double> DemandModel::lane_totals(const AppetiteModel& appetite, SimTime now,
                                             double horizon_min) const {
  const std::size_t lanes = store_.lanes.size();
  // Each lane's parties are added in the order total() adds them: the same sums.
  std::vector<double> sums(lanes, 0.0);
  for (const SeatedParty& p : seated_) {
    if (p.lane >= lanes) continue;
    const double seated_min = static_cast<double>(now - p.seated) / kMsPerMinute;
    sums[p.lane] += appetite.expected(p.adults, p.children, seated_min, horizon_min);
  }
  std::int32_t open_seats = 0;
  for (std::uint32_t l = 0; l < lanes; ++l)
    if (lane_open(store_, l, now)) open_seats += store_.lanes[l].seats;
  const double coming = arrivals(appetite, now, horizon_min);
  for (std::uint32_t l = 0; l < lanes; ++l) {
    const double share = open_seats > 0 && lane_open(store_, l, now)
                             ? static_cast<double>(store_.lanes[l].seats) / open_seats
                             : 0.0;
    sums[l] = sums[l] + share * coming;
  }
  return sums;
}

double DemandModel::arrivals(const AppetiteModel& appetite, SimTime now, double horizon_min) const {
  // No one is seated after closing; arrivals only fill the open part of the horizon.
  const double open_left =
      static_cast<double>(std::max<SimTime>(0, store_.close - now)) / kMsPerMinute;
  const double span = std::min(horizon_min, open_left);
  if (span <= 0) return 0.0;
  if (history_.days() == 0) {
    const auto [adults, children] = arrival_rate(now);
    return appetite.expected_arrivals(adults, children, span);
  }
  // Today against the profile since opening, shrunk towards 1 by kLevelPriorPeople: a busier
  // day than usual brings more people at every hour.
  const double seen = today_.people(store_.open, now);
  const double usual = history_.people(store_.open, now);
  const double level = (seen + kLevelPriorPeople) / (usual + kLevelPriorPeople);
  // Each minute's expected seatings eat from mid-minute to the end of the horizon.
  double sum = 0.0;
  const auto minutes = static_cast<int>(std::ceil(span));
  for (int k = 0; k < minutes; ++k) {
    const double width = std::min(1.0, span - k);
    const auto [a, c] = history_.per_minute(now / kMsPerMinute + k);
    const double left = horizon_min - k - width / 2;
    sum += level * width * appetite.expected(a, c, 0.0, left);
  }
  return sum;
}

}  // namespace kaiten
