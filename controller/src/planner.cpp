#include "kaiten/controller/planner.hpp"

#include <algorithm>
#include <cmath>

#include "kaiten/core/rng.hpp"

namespace kaiten {
namespace {

// The controller's own random stream.
constexpr auto kControllerStream = RngStream::controller;

}  // namespace

KitchenModel::KitchenModel(const StoreConfig& store)
    : store_(store),
      waiting_(store.lanes.size(), 0),
      waiting_item_(store.lanes.size() * store.items.size(), 0) {
  double weight = 0.0, prep = 0.0;
  for (const ItemInfo& item : store.items) {
    stock_.push_back(item.stock_plates ? std::max(0, *item.stock_plates) : -1);
    weight += std::max(0.0, item.popularity);
    prep += std::max(0.0, item.popularity) * static_cast<double>(item.prep_ms);
  }
  if (weight > 0 && prep > 0) mean_prep_ms_ = prep / weight;
}

double KitchenModel::cook_time(double from, double to) const {
  double total = 0.0;
  double t = from;
  while (t < to) {
    // The shift in force at t, and when the next one starts.
    double next = to;
    for (const StaffShift& shift : store_.kitchen.staff) {
      if (static_cast<double>(shift.from) > t) {
        next = std::min(next, static_cast<double>(shift.from));
        break;
      }
    }
    total += (next - t) * cooks_at(store_.kitchen, static_cast<SimTime>(std::floor(t)));
    t = next;
  }
  return total;
}

double KitchenModel::finish_time(double from, double work_ms) const {
  double t = from;
  double left = work_ms;
  const double end = static_cast<double>(store_.close);
  while (left > 0) {
    double next = end;
    for (const StaffShift& shift : store_.kitchen.staff) {
      if (static_cast<double>(shift.from) > t) {
        next = static_cast<double>(shift.from);
        break;
      }
    }
    const auto cooks = cooks_at(store_.kitchen, static_cast<SimTime>(std::floor(t)));
    if (t >= end) return t + left / std::max(1, cooks);  // after closing: at the last pace
    if (cooks > 0 && (next - t) * cooks >= left) return t + left / cooks;
    left -= (next - t) * cooks;
    t = next;
  }
  return t;
}

void KitchenModel::command(SimTime t, std::uint32_t lane, std::uint16_t item) {
  free_at_ = finish_time(std::max(free_at_, static_cast<double>(t)),
                         static_cast<double>(store_.items[item].prep_ms));
  cooking_.push_back({static_cast<SimTime>(std::ceil(free_at_)), lane, item});
  if (stock_[item] > 0) --stock_[item];
}

void KitchenModel::order_taken(SimTime t, std::uint16_t item) {
  free_at_ = finish_time(std::max(free_at_, static_cast<double>(t)),
                         static_cast<double>(store_.items[item].prep_ms));
  if (stock_[item] > 0) --stock_[item];
}

void KitchenModel::placed(std::uint32_t lane, std::uint16_t item) {
  const std::size_t at = lane * store_.items.size() + item;
  if (waiting_[lane] > 0) {
    --waiting_[lane];
    if (waiting_item_[at] > 0) --waiting_item_[at];
    return;
  }
  // Out sooner than modelled: take the first job for this lane off the cooking list.
  const auto it = std::find_if(cooking_.begin(), cooking_.end(),
                               [lane](const Job& j) { return j.lane == lane; });
  if (it != cooking_.end()) cooking_.erase(it);
}

void KitchenModel::advance(SimTime t) {
  while (!cooking_.empty() && cooking_.front().done <= t) {
    const Job job = cooking_.front();
    cooking_.pop_front();
    if (waiting_[job.lane] >= store_.kitchen.max_backlog_plates) {
      ++dropped_;
      continue;
    }
    ++waiting_[job.lane];
    ++waiting_item_[job.lane * store_.items.size() + job.item];
  }
}

std::int32_t KitchenModel::queued(std::uint32_t lane) const {
  std::int32_t n = waiting_[lane];
  for (const Job& j : cooking_) n += j.lane == lane ? 1 : 0;
  return n;
}

std::int32_t KitchenModel::queued(std::uint32_t lane, std::uint16_t item) const {
  std::int32_t n = waiting_item_[lane * store_.items.size() + item];
  for (const Job& j : cooking_) n += (j.lane == lane && j.item == item) ? 1 : 0;
  return n;
}

double KitchenModel::capacity(SimTime t, SimTime span) const {
  const double start = std::max(free_at_, static_cast<double>(t));
  const double end = static_cast<double>(t + span);
  if (end <= start || mean_prep_ms_ <= 0) return 0.0;
  return cook_time(start, end) / mean_prep_ms_;
}

std::int32_t KitchenModel::plan_budget(SimTime t, SimTime span) const {
  // The epsilon keeps an exact multiple (12 plates in 60 s at 5 s each) from counting one more.
  return static_cast<std::int32_t>(std::ceil(capacity(t, span) - 1e-9));
}

double KitchenModel::plates_per_min(SimTime t) const {
  return mean_prep_ms_ <= 0
             ? 0.0
             : cooks_at(store_.kitchen, t) * static_cast<double>(kMsPerMinute) / mean_prep_ms_;
}

FixedMixPlanner::FixedMixPlanner(const StoreConfig& store, std::uint64_t seed)
    : rng_(make_stream(seed, kControllerStream)),
      tick_min_(static_cast<double>(store.controller.tick_s) / 60.0) {
  double sum = 0.0;
  for (const ItemInfo& item : store.items) {
    sum += std::max(0.0, item.popularity);
    cumulative_.push_back(sum);
  }
  for (double& c : cumulative_) c = sum > 0 ? c / sum : 1.0;
}

void FixedMixPlanner::plan(double rate, const std::vector<std::uint32_t>& lanes,
                           std::vector<ProduceCmd>& out) {
  if (lanes.empty() || cumulative_.empty()) return;
  carry_ += rate * tick_min_;
  // A small epsilon so that e.g. 0.2 x 5 ticks makes exactly one plate.
  const auto n = static_cast<std::int64_t>(std::floor(carry_ + 1e-9));
  carry_ -= static_cast<double>(n);
  for (std::int64_t k = 0; k < n; ++k) {
    const double u = uniform01(rng_);
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
    const auto item = static_cast<std::uint16_t>(std::min<std::ptrdiff_t>(
        it - cumulative_.begin(), static_cast<std::ptrdiff_t>(cumulative_.size()) - 1));
    next_lane_ %= static_cast<std::uint32_t>(lanes.size());
    out.push_back({static_cast<std::uint8_t>(lanes[next_lane_]), item});
    next_lane_ = (next_lane_ + 1) % static_cast<std::uint32_t>(lanes.size());
  }
}

std::vector<ProduceCmd> plan_predictive(const PlanInput& in) {
  const std::size_t lanes = in.demand.size();
  std::vector<ProduceCmd> out;
  if (lanes == 0) return out;
  const std::size_t items = in.demand[0].size();
  // Plates each lane wants, and its shortfall for ranking when capacity is short.
  std::vector<std::int32_t> want(lanes, 0);
  std::vector<double> shortfall(lanes, 0.0);
  for (std::size_t l = 0; l < lanes; ++l) {
    double d = 0.0;
    for (std::size_t i = 0; i < items; ++i) d += in.demand[l][i] - in.supply[l][i];
    const auto by_demand = static_cast<std::int32_t>(std::lround(std::max(0.0, d)));
    const std::int32_t by_floor = (l < in.floor.size() ? in.floor[l] : 0) - in.plates[l];
    want[l] = std::clamp(std::max(by_demand, by_floor), 0, std::max(0, in.room[l]));
    shortfall[l] = std::max(d, static_cast<double>(by_floor));
  }
  std::int32_t budget = std::max(0, in.budget);
  std::vector<std::int32_t> give(lanes, 0);
  while (budget > 0) {
    std::size_t best = lanes;
    double best_gap = 0.0;
    for (std::size_t l = 0; l < lanes; ++l) {
      if (give[l] >= want[l]) continue;
      const double gap = shortfall[l] - give[l];
      // Largest shortfall first; on a tie, the lane given fewer plates so far.
      if (best == lanes || gap > best_gap || (gap == best_gap && give[l] < give[best])) {
        best = l;
        best_gap = gap;
      }
    }
    if (best == lanes) break;
    ++give[best];
    --budget;
  }
  std::vector<std::int64_t> stock = in.stock_left;
  std::vector<std::vector<std::uint16_t>> picks(lanes);
  const double discount = std::clamp(in.repeat_discount, 0.0, 1.0);
  std::vector<double> value(items);
  for (std::size_t l = 0; l < lanes; ++l) {
    if (give[l] == 0) continue;
    // Each plate goes to the item whose next plate is worth most: its margin times its demand
    // (a trace of its share, so that a floor with no demand still follows the mix), discounted
    // for every copy already passing (fresh-weighted), since a diner who wants it is then likely
    // served. Picking a plate discounts its item once more.
    for (std::size_t i = 0; i < items; ++i) {
      const double margin = i < in.margin.size() ? std::max(in.margin[i], 1.0) : 1.0;
      value[i] = margin * (std::max(0.0, in.demand[l][i]) + 1e-3 * in.share[i]) *
                 std::pow(discount, std::max(0.0, in.supply[l][i]));
    }
    for (std::int32_t k = 0; k < give[l]; ++k) {
      std::size_t best = items;
      for (std::size_t i = 0; i < items; ++i) {
        if (stock[i] == 0 || (in.share[i] <= 0.0 && in.demand[l][i] <= 0.0)) continue;
        if (best == items || value[i] > value[best]) best = i;
      }
      if (best == items) break;  // everything sold out
      value[best] *= discount;
      if (stock[best] > 0) --stock[best];
      picks[l].push_back(static_cast<std::uint16_t>(best));
    }
  }
  // The kitchen works in command order: interleave the lanes so that none waits for the others.
  for (std::size_t k = 0;; ++k) {
    bool any = false;
    for (std::size_t l = 0; l < lanes; ++l) {
      if (k >= picks[l].size()) continue;
      out.push_back({static_cast<std::uint8_t>(l), picks[l][k]});
      any = true;
    }
    if (!any) break;
  }
  return out;
}

}  // namespace kaiten
