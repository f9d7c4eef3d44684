// The kitchen: cooks working through one queue, panel orders first, then plates for the belt;
// finished orders go out by express lane or on the loop on a marked stand (docs/kitchen.md).
#include <algorithm>

#include "day_impl.hpp"

namespace kaiten::detail {

void Day::open_kitchen() {
  cooks_on_shift_ = cooks_at(def_.kitchen, def_.open);
  kitchen_since_ = def_.open;
  for (std::uint32_t i = 0; i < def_.kitchen.staff.size(); ++i) {
    const SimTime from = def_.kitchen.staff[i].from;
    if (from > def_.open && from < def_.close)
      push(from, Priority::produce, EventKind::staff_change, i);
  }
  express_.resize(def_.belt.express_lanes.size());
  for (std::size_t e = 0; e < express_.size(); ++e)
    express_[e].carriers_free = def_.belt.express_lanes[e].carriers;
}

// Cook time on shift and busy, split at clock hours, up to `now`.
void Day::account_kitchen(SimTime now) {
  SimTime t = kitchen_since_;
  while (t < now) {
    const SimTime hour_end = (t / kMsPerHour + 1) * kMsPerHour;
    const SimTime to = std::min(now, hour_end);
    HourTotals& h = hour(t);
    h.cook_ms_on_shift += (to - t) * cooks_on_shift_;
    h.cook_ms_busy += (to - t) * cooks_busy_;
    t = to;
  }
  kitchen_since_ = std::max(kitchen_since_, now);
}

void Day::add_kitchen_job(const KitchenJob& job, SimTime now) {
  if (job.order != kNone) orders_[job.order].in_kitchen = true;
  if (job.order == kNone) {
    belt_jobs_.push_back(job);
  } else {
    order_jobs_.push_back(job);
  }
  start_cooking(now);
}

void Day::start_cooking(SimTime now) {
  account_kitchen(now);
  while (cooks_busy_ < cooks_on_shift_ && (!order_jobs_.empty() || !belt_jobs_.empty())) {
    std::deque<KitchenJob>& from = order_jobs_.empty() ? belt_jobs_ : order_jobs_;
    const KitchenJob job = from.front();
    from.pop_front();
    std::uint32_t slot = 0;
    if (free_cook_slots_.empty()) {
      slot = static_cast<std::uint32_t>(cooking_.size());
      cooking_.push_back(job);
    } else {
      slot = free_cook_slots_.back();
      free_cook_slots_.pop_back();
      cooking_[slot] = job;
    }
    if (job.order != kNone) orders_[job.order].started = now;
    ++cooks_busy_;
    push(now + prep_time(def_.kitchen, def_.menu[job.item]), Priority::produce,
         EventKind::cook_done, slot);
  }
}

void Day::cook_done(const Event& e) {
  account_kitchen(e.time);
  const KitchenJob job = cooking_[e.a];
  free_cook_slots_.push_back(e.a);
  --cooks_busy_;
  HourTotals& h = hour(e.time);
  ++h.cooked;
  if (job.order != kNone) {
    ++h.cooked_orders;
    orders_[job.order].cooked = e.time;
    const auto table = static_cast<std::uint32_t>(parties_[orders_[job.order].party].r.table);
    const std::int32_t express = table_express_[table];
    if (express >= 0) {
      send_express(static_cast<std::uint32_t>(express), job.order, e.time);
    } else {
      enqueue_plate(tables_[table].lane, {job.item, job.order}, e.time);
    }
  } else if (lanes_[job.lane].free_running >= def_.kitchen.max_backlog_plates) {
    ++result_.production_skipped;
  } else if (!take_stock(job.item)) {
    ++result_.stock_out_skips;
  } else {
    enqueue_plate(job.lane, {job.item, kNone}, e.time);
  }
  start_cooking(e.time);
}

void Day::staff_change(const Event& e) {
  account_kitchen(e.time);
  cooks_on_shift_ = def_.kitchen.staff[e.a].cooks;
  // A cook who goes off shift finishes the plate in hand: busy may exceed on shift for a while.
  start_cooking(e.time);
}

// --- express lanes -----------------------------------------------------------------------------

void Day::send_express(std::uint32_t lane, std::uint32_t order, SimTime now) {
  ExpressState& x = express_[lane];
  x.waiting.push_back(order);
  dispatch_express(lane, now);
}

void Day::dispatch_express(std::uint32_t lane, SimTime now) {
  ExpressState& x = express_[lane];
  const SimTime trip = express_trip_ms(def_.belt.express_lanes[lane]);
  while (x.carriers_free > 0 && !x.waiting.empty()) {
    const std::uint32_t order = x.waiting.front();
    x.waiting.pop_front();
    --x.carriers_free;
    // The plate gets its tag as it leaves on the carrier.
    const std::uint32_t index = allocate_plate();
    Plate& p = plates_[index];
    p.alive = true;
    p.item = orders_[order].item;
    p.order = order;
    p.lane = static_cast<std::uint8_t>(def_.belt.lanes.size() + lane);
    p.slot = 0;
    p.made = now;
    p.placed_at = 0;
    p.flag_at_reading = INT64_MAX;
    p.flag_at_time = kNever;
    orders_[order].plate = index;
    count_made(p.item, p.lane, now);
    emit_plate(now, TruthKind::plate_made, index, 0, order + 1);
    if (controller_ != nullptr)
      send(ExpressSent{now, index, order,
                       static_cast<std::uint32_t>(parties_[orders_[order].party].r.table), p.item,
                       now + trip});
    push(now + trip, Priority::people, EventKind::express_arrive, index, p.generation);
    push(now + 2 * trip, Priority::produce, EventKind::carrier_back, lane);
  }
}

void Day::express_arrive(const Event& e) {
  Plate& p = plates_[e.a];
  const std::uint32_t order = p.order;
  const Order& o = orders_[order];
  Party& party = parties_[o.party];
  const auto travelled =
      mm_to_um(def_.belt.express_lanes[p.lane - def_.belt.lanes.size()].length_mm);
  if (party.state != PartyState::seated) {
    // The party has gone: the plate comes back and is thrown away.
    end_plate(e.a, e.time, PlateFate::discarded, travelled, kNone);
    return;
  }
  const auto table = static_cast<std::uint32_t>(party.r.table);
  end_plate(e.a, e.time, PlateFate::eaten, travelled, table);
  eat(o.party, o.member, e.a, e.time, true);
}

void Day::carrier_back(const Event& e) {
  ++express_[e.a].carriers_free;
  dispatch_express(e.a, e.time);
}

}  // namespace kaiten::detail
