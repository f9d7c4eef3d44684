#include "kaiten/controller/controller.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace kaiten {
namespace {

std::vector<std::int32_t> prices_of(const StoreConfig& store) {
  std::vector<std::int32_t> prices;
  for (const ItemInfo& item : store.items) prices.push_back(item.price_yen);
  return prices;
}

// Plates per person-minute seated before there is any data: 10 plates over a 50-minute stay
// (DESIGN.md section 2: 9.6 plates per customer, 45-60 minute dwell).
constexpr double kPriorPlatesPerPersonMinute = 0.2;

}  // namespace

Controller::Controller(const ScenarioDef& scenario, std::uint64_t seed)
    : Controller(store_config(scenario), seed) {}

Controller::Controller(StoreConfig store, std::uint64_t seed)
    : store_(std::move(store)),
      seed_(seed),
      tracker_(store_),
      sales_(prices_of(store_), store_.open, store_.close),
      demand_(store_),
      kitchen_(store_),
      fixed_mix_(store_, seed),
      made_(store_.items.size(), 0),
      discarded_(store_.items.size(), 0) {
  double total = 0.0;
  for (const ItemInfo& item : store_.items) total += std::max(0.0, item.popularity);
  for (const ItemInfo& item : store_.items)
    popularity_mix_.push_back(total > 0.0 ? std::max(0.0, item.popularity) / total
                                          : 1.0 / static_cast<double>(store_.items.size()));
}

void Controller::learn_from(const ControllerHistory& history) {
  appetite_.merge(history.appetite);
  SeatingProfile seatings = demand_.history();
  seatings.merge(history.seatings);
  demand_.set_history(seatings);
}

ControllerHistory Controller::history() const {
  ControllerHistory out{appetite_, demand_.history()};
  SeatingProfile today = demand_.today();
  today.end_day();
  out.seatings.merge(today);
  out.appetite.fit();
  return out;
}

bool Controller::valid(const SensorMessage& message) const {
  const std::size_t lanes = store_.lanes.size();
  const std::size_t items = store_.items.size();
  const std::size_t tables = store_.tables.size();
  if (const auto* p = std::get_if<PlatePlaced>(&message)) return p->lane < lanes && p->item < items;
  if (const auto* o = std::get_if<PanelOrderMsg>(&message))
    return o->table < tables && o->item < items;
  if (const auto* s = std::get_if<PartySeatedMsg>(&message)) return s->table < tables;
  if (const auto* d = std::get_if<ExpressSent>(&message))
    return d->table < tables && d->item < items;
  return true;
}

void Controller::send(SimTime t, const Command& command, std::vector<Command>& commands) {
  commands.push_back(command);
  decisions_.push_back({t, command});
  if (std::holds_alternative<ProduceCmd>(command)) {
    ++totals_.produce_cmds;
  } else if (std::holds_alternative<ExpireCmd>(command)) {
    ++totals_.expire_cmds;
  } else {
    ++totals_.order_cmds;
  }
}

void Controller::on_message(const SensorMessage& message, std::vector<Command>& commands) {
  const SimTime t = time_of(message);
  if (finished_ || !valid(message)) {
    ++totals_.rejected_messages;
    return;
  }
  if (t < now_) {
    // Late: still handled (a placed plate must get its ExpireCmd whatever happens), but the clock
    // does not go back and a late tick publishes nothing.
    ++totals_.late_messages;
    if (std::holds_alternative<ClockTick>(message)) return;
  } else {
    now_ = t;
  }
  if (t >= store_.close) reached_close_ = true;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, PlatePlaced>) {
          placed(m, commands);
        } else if constexpr (std::is_same_v<T, TagRead>) {
          // Passes the belt has gone beyond first: a read can only confirm its own pass.
          tracker_.advance(m.time, m.odometer);
          tracker_.read(m);
        } else if constexpr (std::is_same_v<T, EncoderReading>) {
          tracker_.encoder(m);
          if (m.speed_mm_s > 0) speed_mm_s_ = m.speed_mm_s;
        } else if constexpr (std::is_same_v<T, PartySeatedMsg>) {
          demand_.seat(m);
          const auto at = party_log_index_.find(m.party);
          if (at != party_log_index_.end()) party_log_[at->second].left = m.time;
          party_log_index_[m.party] = party_log_.size();
          party_log_.push_back({m.time, -1, m.adults + m.children});
        } else if constexpr (std::is_same_v<T, PanelOrderMsg>) {
          // Panel orders go first: made at once, ahead of free-running plates.
          send(m.time, MakeOrderCmd{m.order}, commands);
          kitchen_.order_taken(m.time, m.item);
          open_orders_.push_back(
              {m.order, store_.tables[m.table].lane, m.item, UINT32_MAX, m.time});
        } else if constexpr (std::is_same_v<T, CheckoutMsg>) {
          checkout(m);
        } else if constexpr (std::is_same_v<T, ClockTick>) {
          tick(m, commands);
        } else if constexpr (std::is_same_v<T, ExpressSent>) {
          express_sent(m);
        }
      },
      message);
  drain_changes();
}

void Controller::placed(const PlatePlaced& m, std::vector<Command>& commands) {
  const std::uint32_t id = tracker_.place(m);
  const TrackedPlate& p = tracker_.plates()[id];
  // The discard rule, exactly: the lane signal lights when the plate reaches its limit.
  ExpireCmd expire;
  expire.tag = m.tag;
  expire.at_odometer = p.expire_odo;
  expire.at_time = p.expire_time;
  send(m.time, expire, commands);
  ++made_[m.item];
  ++totals_.made;
  if (m.order == kNoOrder) {
    kitchen_.placed(m.lane, m.item);
  } else {
    for (OpenOrder& o : open_orders_)
      if (o.order == m.order) o.plate = id;
  }
}

void Controller::express_sent(const ExpressSent& m) {
  tracker_.deliver(m);
  ++made_[m.item];
  ++totals_.made;
  // The order is met: it no longer stands for part of its party's demand.
  std::erase_if(open_orders_, [&](const OpenOrder& o) { return o.order == m.order; });
}

void Controller::count_sale(const TrackedPlate& p, SimTime eaten, std::int32_t delta) {
  sales_.add(p.item, eaten, delta);
}

void Controller::drain_changes() {
  auto& changes = tracker_.changes();
  for (const PlateChange& c : changes) {
    const TrackedPlate& p = tracker_.plates()[c.plate];
    switch (c.kind) {
      case PlateChangeKind::inferred_eaten:
        count_sale(p, c.eaten_time, +1);
        break;
      case PlateChangeKind::uninferred:
        count_sale(p, c.eaten_time, -1);
        break;
      case PlateChangeKind::discarded:
        ++discarded_[p.item];
        ++totals_.discarded;
        break;
      case PlateChangeKind::undiscarded:
        --discarded_[p.item];
        --totals_.discarded;
        break;
      case PlateChangeKind::lost_inferred:
        ++totals_.lost_inferred_unconfirmed;
        break;
      case PlateChangeKind::lost_unseen:
        ++totals_.lost_unseen;
        break;
    }
  }
  changes.clear();
}

void Controller::checkout(const CheckoutMsg& m) {
  PartyObservation obs;
  for (const std::uint32_t tag : m.tags) {
    std::uint32_t id = 0;
    const CheckoutOutcome outcome = tracker_.checkout(tag, m.time, &id);
    switch (outcome) {
      case CheckoutOutcome::confirmed:
        ++totals_.checkout_confirmed;
        break;
      case CheckoutOutcome::counted:
        ++totals_.checkout_uninferred;
        count_sale(tracker_.plates()[id], tracker_.plates()[id].eaten_time, +1);
        break;
      case CheckoutOutcome::was_discarded:
        ++totals_.checkout_was_discarded;
        --discarded_[tracker_.plates()[id].item];
        --totals_.discarded;
        count_sale(tracker_.plates()[id], tracker_.plates()[id].eaten_time, +1);
        break;
      case CheckoutOutcome::already_counted:
        ++totals_.checkout_repeated;
        continue;
      case CheckoutOutcome::unknown_tag:
        ++totals_.checkout_unknown;
        continue;
    }
    obs.eaten.push_back(tracker_.plates()[id].eaten_time);
  }
  const auto at = party_log_index_.find(m.party);
  if (at != party_log_index_.end()) {
    party_log_[at->second].left = m.time;
    party_log_index_.erase(at);
  }
  if (const auto party = demand_.leave(m.party)) {
    obs.adults = party->adults;
    obs.children = party->children;
    obs.seated = party->seated;
    obs.left = m.time;
    obs.censored = m.time >= store_.close;
    appetite_.add(obs);
    appetite_dirty_ = true;
  }
}

double Controller::demand_total(double horizon_min) const {
  return demand_.total(appetite_, now_, horizon_min);
}

std::int64_t Controller::free_plates() const {
  std::int64_t free = 0;
  const Micrometres odo = tracker_.odometer();
  for (const std::uint32_t id : tracker_.live()) {
    const TrackedPlate& p = tracker_.plates()[id];
    if (p.order == kNoOrder && !PlateTracker::flagged(p, odo, now_)) ++free;
  }
  return free;
}

double Controller::forecast_total(double horizon_min) const {
  return forecast_total(horizon_min, free_plates());
}

double Controller::forecast_total(double horizon_min, std::int64_t free_plates) const {
  const double demand = demand_total(horizon_min);
  const double supply = kKitchenShare * kitchen_.plates_per_min(now_) * horizon_min +
                        kBeltShare * static_cast<double>(free_plates);
  if (demand <= 0 || supply <= 0) return std::max(0.0, demand);
  return std::pow(std::pow(demand, -kSoftMinPower) + std::pow(supply, -kSoftMinPower),
                  -1.0 / kSoftMinPower);
}

std::vector<double> Controller::forecast_items(double horizon_min) const {
  std::vector<double> items = demand_.mix(sales_, now_);
  const double total = forecast_total(horizon_min);
  for (double& x : items) x *= total;
  return items;
}

void Controller::tick(const ClockTick& m, std::vector<Command>& commands) {
  tracker_.advance(m.time, m.odometer);
  if (!timeline_.empty() && timeline_.back().time == m.time) return;  // one record per instant
  kitchen_.advance(m.time);
  // Belt speed for the planner when no encoder message has given one.
  if (speed_sample_t_ >= 0 && m.time > speed_sample_t_ && m.odometer > speed_sample_odo_ &&
      speed_mm_s_ <= 0)
    speed_mm_s_ = static_cast<double>(m.odometer - speed_sample_odo_) /
                  static_cast<double>(m.time - speed_sample_t_);
  speed_sample_t_ = m.time;
  speed_sample_odo_ = m.odometer;
  if (appetite_dirty_) {
    appetite_.fit();
    appetite_dirty_ = false;
  }
  drain_changes();

  TickRecord r;
  r.time = m.time;
  r.odometer = m.odometer;
  if (m.time >= store_.open && m.time < store_.close) {
    std::vector<ProduceCmd> plan_out;
    plan(m.time, plan_out);
    for (const ProduceCmd& c : plan_out) {
      kitchen_.command(m.time, c.lane, c.item);
      send(m.time, c, commands);
    }
    r.produced = static_cast<std::int32_t>(plan_out.size());
  }
  r.seated_parties = static_cast<std::int32_t>(demand_.seated().size());
  r.seated_people = demand_.seated_people();
  r.made = totals_.made;
  r.on_belt = static_cast<std::int64_t>(tracker_.live().size());
  r.sold = sales_.total_plates();
  r.discarded = totals_.discarded;
  for (std::uint32_t i = 0; i < store_.readers.size(); ++i)
    r.readers_down += tracker_.reader_down(i) ? 1 : 0;
  if (commands_only_) {
    timeline_.push_back(std::move(r));
    return;
  }
  const auto n = static_cast<std::size_t>(std::max(0, store_.controller.top_n));
  const SimTime window = std::max(1, store_.controller.window_min) * kMsPerMinute;
  const std::vector<Seller> day = sales_.sellers(m.time, 0);
  r.top_day_plates = SalesLedger::rank(day, n, RankBy::plates);
  r.top_day_revenue = SalesLedger::rank(day, n, RankBy::revenue);
  const std::vector<Seller> recent = sales_.sellers(m.time, window);
  r.top_window_plates = SalesLedger::rank(recent, n, RankBy::plates);
  r.top_window_revenue = SalesLedger::rank(recent, n, RankBy::revenue);
  const std::vector<double> mix = demand_.mix(sales_, m.time);
  const std::int64_t free = free_plates();
  for (std::size_t h = 0; h < kHorizonsMin.size(); ++h) {
    r.forecast[h] = forecast_total(kHorizonsMin[h], free);
    r.forecast_items[h] = mix;
    for (double& x : r.forecast_items[h]) x *= r.forecast[h];
    r.sold_last[h] = sales_.total_between(m.time - kHorizonsMin[h] * kMsPerMinute, m.time);
  }
  timeline_.push_back(std::move(r));
}

void Controller::plan(SimTime t, std::vector<ProduceCmd>& out) {
  if (store_.ordered_only) return;  // the store sends only ordered plates
  if (store_.controller.policy != ControllerPolicy::predictive) {
    std::vector<std::uint32_t> lanes;
    for (std::uint32_t l = 0; l < store_.lanes.size(); ++l)
      if (lane_open(store_, l, t)) lanes.push_back(l);
    double rate = 0.0;
    if (store_.controller.policy == ControllerPolicy::fixed_mix) {
      rate = store_.controller.fixed_rate_plates_per_min.value_or(kitchen_.plates_per_min(t));
    } else {
      const auto hour = static_cast<std::size_t>(t / kMsPerHour);
      rate = hour < store_.manager_plan.size() ? store_.manager_plan[hour] : 0.0;
    }
    fixed_mix_.plan(rate, lanes, out);
    return;
  }
  const std::size_t lanes = store_.lanes.size();
  const std::size_t items = store_.items.size();
  const double cover_min = std::max(1, store_.controller.cover_min);
  // The plan splits demand by the menu's popularity (the store's long-run mix), not by the recent
  // sales the forecasts use: what diners take depends on what is passing, so planning from recent
  // sales feeds on itself (whatever the belt carries sells, so more of it is made).
  const std::vector<double>& mix = popularity_mix_;
  PlanInput in;
  in.demand.assign(lanes, std::vector<double>(items, 0.0));
  in.supply.assign(lanes, std::vector<double>(items, 0.0));
  in.plates.assign(lanes, 0);
  in.room.assign(lanes, 0);
  in.floor.assign(lanes, 0);
  std::vector<bool> open(lanes), seated(lanes, false);
  for (const SeatedParty& p : demand_.seated()) seated[p.lane] = true;
  const std::vector<double> lane_demand = demand_.lane_totals(appetite_, t, cover_min);
  for (std::size_t l = 0; l < lanes; ++l) {
    open[l] = lane_open(store_, static_cast<std::uint32_t>(l), t);
    if (!open[l]) continue;  // a closed lane gets nothing: no demand, no floor
    // The floor keeps plates passing where someone sits (or on every open lane, if configured).
    if (seated[l] || store_.controller.stock_idle_lanes)
      in.floor[l] = store_.controller.min_plates_per_lane;
    for (std::size_t i = 0; i < items; ++i) in.demand[l][i] = lane_demand[l] * mix[i];
  }
  // Panel orders not yet eaten will meet part of their party's demand.
  // (An order whose plate never came out within the cover period is forgotten.)
  std::erase_if(open_orders_, [&](const OpenOrder& o) {
    if (o.plate == UINT32_MAX)
      return t - o.ordered > static_cast<SimTime>(cover_min * kMsPerMinute);
    return tracker_.plates()[o.plate].state != PlateState::on_belt;
  });
  for (const OpenOrder& o : open_orders_)
    in.demand[o.lane][o.item] = std::max(0.0, in.demand[o.lane][o.item] - 1.0);
  // Plates on the belt count by how much of the cover period they stay fresh.
  const Micrometres odo = tracker_.odometer();
  const double cover_um = std::max(1.0, speed_mm_s_) * cover_min * kMsPerMinute;
  const double cover_ms = cover_min * kMsPerMinute;
  for (const std::uint32_t id : tracker_.live()) {
    const TrackedPlate& p = tracker_.plates()[id];
    if (p.order != kNoOrder || PlateTracker::flagged(p, odo, t)) continue;
    const double left = p.expire_odo != std::numeric_limits<Micrometres>::max()
                            ? static_cast<double>(p.expire_odo - odo) / cover_um
                            : static_cast<double>(p.expire_time - t) / cover_ms;
    in.supply[p.lane][p.item] += std::clamp(left, 0.0, 1.0);
    ++in.plates[p.lane];
  }
  for (std::size_t l = 0; l < lanes; ++l) {
    const auto lane = static_cast<std::uint32_t>(l);
    const std::int32_t queued = kitchen_.queued(lane);
    in.plates[l] += queued;
    in.room[l] = open[l] ? store_.kitchen.max_backlog_plates - queued : 0;
    for (std::size_t i = 0; i < items; ++i)
      in.supply[l][i] += kitchen_.queued(lane, static_cast<std::uint16_t>(i));
  }
  for (std::size_t i = 0; i < items; ++i)
    in.stock_left.push_back(kitchen_.stock_left(static_cast<std::uint16_t>(i)));
  in.budget = kitchen_.plan_budget(t, std::max(1, store_.controller.tick_s) * kMsPerSecond);
  in.share = mix;
  for (const ItemInfo& item : store_.items)
    in.margin.push_back(static_cast<double>(item.price_yen - item.cost_yen));
  in.repeat_discount = store_.controller.repeat_discount;
  out = plan_predictive(in);
  // The plan checks an item's stock before each pick: while an item keeps a plate after every pick
  // of it, those checks all answered as with unlimited stock.
  for (std::size_t i = 0; i < items && !stock_bound_; ++i) {
    if (in.stock_left[i] < 0) continue;
    const auto picked = std::count_if(
        out.begin(), out.end(), [i](const ProduceCmd& c) { return std::size_t{c.item} == i; });
    if (picked >= in.stock_left[i]) stock_bound_ = true;
  }
}

void Controller::lift_stock_limits() {
  kitchen_.lift_stock_limits();
  for (auto& item : store_.items) item.stock_plates.reset();
}

void Controller::finish() {
  if (finished_) return;
  drain_changes();
  if (reached_close_) {
    totals_.inferred_never_checked_out += tracker_.close_day();
    drain_changes();
  }
  if (appetite_dirty_) appetite_.fit();
  appetite_dirty_ = false;
  if (!commands_only_) score();
  finished_ = true;
}

namespace {

/// std::upper_bound over a sorted vector for queries that mostly go forward: the index moves on
/// from the last answer (a binary search again only if a query goes back). Same answers.
class UpperBound {
 public:
  explicit UpperBound(const std::vector<SimTime>& v) : v_(&v) {}
  std::size_t operator()(SimTime x) {
    if (x < last_) {
      at_ = static_cast<std::size_t>(std::upper_bound(v_->begin(), v_->end(), x) - v_->begin());
    } else {
      while (at_ < v_->size() && (*v_)[at_] <= x) ++at_;
    }
    last_ = x;
    return at_;
  }

 private:
  const std::vector<SimTime>* v_;
  std::size_t at_ = 0;
  SimTime last_ = std::numeric_limits<SimTime>::min();
};

}  // namespace

void Controller::score() {
  const std::size_t items = store_.items.size();
  // The day's final sales, by estimated time eaten.
  std::vector<std::vector<SimTime>> eaten(items);
  std::vector<SimTime> all;
  for (const TrackedPlate& p : tracker_.plates()) {
    if (p.state != PlateState::eaten && p.state != PlateState::inferred_eaten) continue;
    eaten[p.item].push_back(p.eaten_time);
    all.push_back(p.eaten_time);
  }
  for (auto& v : eaten) std::sort(v.begin(), v.end());
  std::sort(all.begin(), all.end());
  // Counts in (from, to] for each tick: the ticks go forward in time, so each bound is a cursor
  // that only moves on (UpperBound) instead of a binary search per tick, item and horizon.
  const auto count = [](UpperBound& from, SimTime from_t, UpperBound& to, SimTime to_t) {
    return static_cast<double>(static_cast<std::ptrdiff_t>(to(to_t)) -
                               static_cast<std::ptrdiff_t>(from(from_t)));
  };
  const auto cursors = [&eaten] {
    std::vector<UpperBound> c;
    for (const auto& v : eaten) c.emplace_back(v);
    return c;
  };
  const SimTime end = std::max(now_, store_.close);
  const auto horizons = kHorizonsMin.size();
  UpperBound all_open(all), all_now(all);
  std::vector<UpperBound> all_ahead(horizons, UpperBound(all)), all_behind = all_ahead;
  std::vector<UpperBound> items_now = cursors();
  std::vector<std::vector<UpperBound>> items_ahead(horizons, items_now);
  for (TickRecord& r : timeline_) {
    const SimTime t = r.time;
    // Seated baseline: plates per person-minute seated so far today.
    double person_min = 0.0;
    double people_now = 0.0;
    for (const PartyLog& p : party_log_) {
      const SimTime left = p.left < 0 ? end : p.left;
      if (p.seated >= t) continue;
      person_min += p.people * static_cast<double>(std::min(left, t) - p.seated) / kMsPerMinute;
      if (left > t) people_now += p.people;
    }
    const double so_far = count(all_open, store_.open - 1, all_now, t);
    const double rate = person_min >= 1.0 ? so_far / person_min : kPriorPlatesPerPersonMinute;
    for (std::size_t h = 0; h < horizons; ++h) {
      const SimTime span = kHorizonsMin[h] * kMsPerMinute;
      r.actual[h] = count(all_now, t, all_ahead[h], t + span);
      r.baseline_window[h] = count(all_behind[h], t - span, all_now, t);
      r.baseline_seated[h] = people_now * rate * kHorizonsMin[h];
      r.actual_items[h].assign(items, 0.0);
      for (std::size_t i = 0; i < items; ++i)
        r.actual_items[h][i] = count(items_now[i], t, items_ahead[h][i], t + span);
    }
  }
  // A feed cut short is scored only where it says what happened.
  const SimTime scored_until = reached_close_ ? store_.close : std::min(store_.close, now_);
  for (std::size_t h = 0; h < kHorizonsMin.size(); ++h) {
    HorizonAccuracy& a = accuracy_[h];
    a = HorizonAccuracy{};
    a.horizon_min = kHorizonsMin[h];
    a.item_mae.assign(items, 0.0);
    const SimTime span = kHorizonsMin[h] * kMsPerMinute;
    double actual = 0, e_model = 0, e_window = 0, e_seated = 0;
    double item_actual = 0, ie_model = 0, ie_window = 0, ie_seated = 0;
    UpperBound all_from(all), all_to(all);
    std::vector<UpperBound> items_to = cursors(), items_behind = items_to, items_open = items_to;
    for (const TickRecord& r : timeline_) {
      if (r.time < store_.open || r.time + span > scored_until) continue;
      ++a.points;
      actual += r.actual[h];
      e_model += std::abs(r.forecast[h] - r.actual[h]);
      e_window += std::abs(r.baseline_window[h] - r.actual[h]);
      e_seated += std::abs(r.baseline_seated[h] - r.actual[h]);
      const double so_far = count(all_from, store_.open - 1, all_to, r.time);
      for (std::size_t i = 0; i < items; ++i) {
        const auto item = static_cast<std::uint16_t>(i);
        const double act = r.actual_items[h][i];
        const double window = count(items_behind[i], r.time - span, items_to[i], r.time);
        const double share =
            so_far > 0 ? count(items_open[i], store_.open - 1, items_to[i], r.time) / so_far
                       : 1.0 / static_cast<double>(items);
        const double err = std::abs(r.forecast_items[h][i] - act);
        item_actual += act;
        ie_model += err;
        ie_window += std::abs(window - act);
        ie_seated += std::abs(r.baseline_seated[h] * share - act);
        a.item_mae[item] += err;
      }
    }
    if (a.points == 0) continue;
    const auto n = static_cast<double>(a.points);
    const auto ni = n * static_cast<double>(items);
    a.actual_mean = actual / n;
    const auto wape = [](double e, double act) { return act > 0 ? e / act : 0.0; };
    a.model = {e_model / n, wape(e_model, actual)};
    a.last_window = {e_window / n, wape(e_window, actual)};
    a.seated_rate = {e_seated / n, wape(e_seated, actual)};
    a.model_items = {ie_model / ni, wape(ie_model, item_actual)};
    a.last_window_items = {ie_window / ni, wape(ie_window, item_actual)};
    a.seated_rate_items = {ie_seated / ni, wape(ie_seated, item_actual)};
    for (double& x : a.item_mae) x /= n;
  }
}

ControllerReport Controller::report() {
  finish();
  ControllerReport out;
  out.store = store_;
  out.seed = seed_;
  out.day_complete = reached_close_;
  out.tracking = tracker_.stats();
  ControllerTotals totals = totals_;
  totals.assumed_dropped = kitchen_.assumed_dropped();
  out.items.resize(store_.items.size());
  for (std::size_t i = 0; i < store_.items.size(); ++i) {
    out.items[i].made = made_[i];
    out.items[i].discarded = discarded_[i];
  }
  for (const TrackedPlate& p : tracker_.plates()) {
    if (p.state == PlateState::on_belt) ++totals.on_belt_at_end;
    const bool sold = p.state == PlateState::eaten || p.state == PlateState::inferred_eaten;
    if (!sold) continue;
    ++out.items[p.item].sold;
    ++totals.sold;
    if (p.state == PlateState::inferred_eaten) ++totals.sold_provisional;
  }
  for (std::size_t i = 0; i < store_.items.size(); ++i) {
    out.items[i].revenue_yen = out.items[i].sold * store_.items[i].price_yen;
    totals.revenue_yen += out.items[i].revenue_yen;
  }
  totals.waste_rate = totals.made > 0
                          ? static_cast<double>(totals.discarded) / static_cast<double>(totals.made)
                          : 0.0;
  out.totals = totals;
  const auto n = static_cast<std::size_t>(std::max(0, store_.controller.top_n));
  out.top_plates = sales_.top(n, RankBy::plates, now_, 0);
  out.top_revenue = sales_.top(n, RankBy::revenue, now_, 0);
  out.timeline = timeline_;
  out.accuracy = accuracy_;
  out.decisions = decisions_;
  out.appetite_curve = appetite_.quadratic();
  for (int b = 0; b < AppetiteModel::kBuckets; ++b) {
    out.adult_rate[static_cast<std::size_t>(b)] = appetite_.rate(b, false);
    out.child_rate[static_cast<std::size_t>(b)] = appetite_.rate(b, true);
  }
  out.appetite_parties = appetite_.parties();
  return out;
}

std::int64_t conservation_gap(const ControllerTotals& t) {
  return t.made -
         (t.sold + t.discarded + t.on_belt_at_end + t.lost_inferred_unconfirmed + t.lost_unseen);
}

std::int64_t Controller::conservation_gap() const {
  ControllerTotals now = totals_;
  now.sold = sales_.total_plates();
  now.on_belt_at_end = static_cast<std::int64_t>(tracker_.live().size());
  return kaiten::conservation_gap(now);
}

ControllerHistory learn_from_feed(const ScenarioDef& scenario,
                                  const std::vector<SensorMessage>& messages) {
  Controller controller(scenario, 0);
  std::vector<Command> ignored;
  for (const SensorMessage& m : messages) {
    controller.on_message(m, ignored);
    ignored.clear();
  }
  controller.finish();
  return controller.history();
}

}  // namespace kaiten
