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
      interval_ms_(store.kitchen.rate_plates_per_min > 0
                       ? static_cast<double>(kMsPerMinute) / store.kitchen.rate_plates_per_min
                       : static_cast<double>(kNever)),
      waiting_(store.lanes.size(), 0),
      waiting_item_(store.lanes.size() * store.items.size(), 0) {
  for (const ItemInfo& item : store.items)
    stock_.push_back(item.stock_plates ? std::max(0, *item.stock_plates) : -1);
}

void KitchenModel::command(SimTime t, std::uint32_t lane, std::uint16_t item) {
  free_at_ = std::max(free_at_, static_cast<double>(t)) + interval_ms_;
  cooking_.push_back({static_cast<SimTime>(std::ceil(free_at_)), lane, item});
  if (stock_[item] > 0) --stock_[item];
}

void KitchenModel::order_taken(std::uint16_t item) {
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

std::int32_t KitchenModel::capacity(SimTime t, SimTime span) const {
  // Counting plates started, not finished, within the span: a plate that runs over the end of
  // the span is this span's, and the next span starts where it ends. So the kitchen never idles
  // while demand exceeds it, whatever the span (even one shorter than a plate).
  const double start = std::max(free_at_, static_cast<double>(t));
  const double free = static_cast<double>(t + span) - start;
  if (free <= 0 || interval_ms_ <= 0) return 0;
  // The epsilon keeps an exact multiple (12 plates in 60 s at 5 s each) from counting one more.
  return static_cast<std::int32_t>(std::ceil(free / interval_ms_ - 1e-9));
}

FixedMixPlanner::FixedMixPlanner(const StoreConfig& store, std::uint64_t seed)
    : rng_(make_stream(seed, kControllerStream)),
      per_tick_(
          store.controller.fixed_rate_plates_per_min.value_or(store.kitchen.rate_plates_per_min) *
          store.controller.tick_s / 60.0),
      lanes_(static_cast<std::uint32_t>(store.lanes.size())) {
  double sum = 0.0;
  for (const ItemInfo& item : store.items) {
    sum += std::max(0.0, item.popularity);
    cumulative_.push_back(sum);
  }
  for (double& c : cumulative_) c = sum > 0 ? c / sum : 1.0;
}

void FixedMixPlanner::plan(std::vector<ProduceCmd>& out) {
  if (lanes_ == 0 || cumulative_.empty()) return;
  carry_ += per_tick_;
  // A small epsilon so that e.g. 0.2 x 5 ticks makes exactly one plate.
  const auto n = static_cast<std::int64_t>(std::floor(carry_ + 1e-9));
  carry_ -= static_cast<double>(n);
  for (std::int64_t k = 0; k < n; ++k) {
    const double u = uniform01(rng_);
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
    const auto item = static_cast<std::uint16_t>(std::min<std::ptrdiff_t>(
        it - cumulative_.begin(), static_cast<std::ptrdiff_t>(cumulative_.size()) - 1));
    out.push_back({static_cast<std::uint8_t>(next_lane_), item});
    next_lane_ = (next_lane_ + 1) % lanes_;
  }
}

std::vector<ProduceCmd> plan_predictive(const PlanInput& in,
                                        std::vector<std::vector<double>>& credit) {
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
    const std::int32_t by_floor = in.min_plates_per_lane - in.plates[l];
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
  if (credit.size() != lanes) credit.assign(lanes, std::vector<double>(items, 0.0));
  for (std::size_t l = 0; l < lanes; ++l) {
    credit[l].resize(items, 0.0);
    std::vector<double> gap(items);
    for (std::size_t i = 0; i < items; ++i) gap[i] = in.demand[l][i] - in.supply[l][i];
    std::vector<bool> eligible(items);
    for (std::int32_t k = 0; k < give[l]; ++k) {
      // The items that may go: in stock, and not already more than a plate beyond their demand
      // on this lane (unless every item in stock is).
      double shares = 0.0;
      for (int pass = 0; pass < 2 && shares <= 0.0; ++pass) {
        for (std::size_t i = 0; i < items; ++i) {
          eligible[i] = stock[i] != 0 && (pass == 1 || gap[i] >= -1.0) && in.share[i] > 0;
          shares += eligible[i] ? in.share[i] : 0.0;
        }
      }
      if (shares <= 0.0) break;  // everything sold out
      // This plate's worth of credit goes to them by share; the item owed most is made.
      std::size_t best = items;
      for (std::size_t i = 0; i < items; ++i) {
        if (!eligible[i]) continue;
        credit[l][i] += in.share[i] / shares;
        if (best == items || credit[l][i] > credit[l][best]) best = i;
      }
      credit[l][best] -= 1.0;
      gap[best] -= 1.0;
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
