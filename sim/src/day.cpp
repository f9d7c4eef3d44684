#include "kaiten/sim/day.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "day_impl.hpp"
#include "kaiten/core/rng.hpp"

namespace kaiten {
namespace detail {

Day::Day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink, ControllerPort* controller)
    : def_(def),
      sink_(sink),
      controller_(controller),
      faults_rng_(make_stream(seed, RngStream::sensor_faults)),
      belt_(build_belt(def)),
      odometer_(def.open, def.belt.speed_mm_s, def.belt.speed_schedule),
      kitchen_rng_(make_stream(seed, RngStream::kitchen)),
      eating_rng_(make_stream(seed, RngStream::eating)),
      arrivals_rng_(make_stream(seed, RngStream::arrivals)),
      parties_rng_(make_stream(seed, RngStream::parties)),
      choice_rng_(make_stream(seed, RngStream::choice)),
      queue_rng_(make_stream(seed, RngStream::queue)),
      lanes_(belt_.lanes.size()),
      occupied_since_(def.open) {
  result_.items.resize(def.menu.size());
  result_.hours.resize(48);
  result_.lanes.resize(def.belt.lanes.size() + def.belt.express_lanes.size());
  result_.reads_per_reader.resize(belt_.points.readers.size());
  std::vector<double> weights;
  for (const auto& item : def.menu) {
    weights.push_back(item.popularity);
    limits_.push_back(discard_limit(def.discard, item));
    stock_left_.push_back(item.stock_plates ? *item.stock_plates : -1);
  }
  item_mix_ = ItemMix(weights);
  lane_people_.assign(def.belt.lanes.size(), 0);
  lane_seats_.assign(def.belt.lanes.size(), 0);
  for (const auto& table : def.tables) {
    tables_.push_back({kNone, false, static_cast<std::uint8_t>(find_lane(def, table.lane))});
    lane_seats_[tables_.back().lane] += table.seats;
    table_express_.push_back(table.express.empty() ? -1 : find_express_lane(def, table.express));
  }
  reader_outages_.resize(belt_.points.readers.size());
  for (const auto& outage : def.faults.reader_outages) {
    const auto& names = belt_.points.readers;
    const auto it = std::find(names.begin(), names.end(), outage.reader);
    if (it != names.end())
      reader_outages_[static_cast<std::size_t>(it - names.begin())].push_back(
          {outage.from, outage.to});
  }
}

DayResult Day::run(DayCheckpoints* checkpoints) {
  checkpoints_ = checkpoints;
  next_checkpoint_ = def_.open;
  push(def_.close, Priority::close, EventKind::close, 0);
  for (std::uint32_t i = 0; i < def_.belt.speed_schedule.size(); ++i)
    push(def_.belt.speed_schedule[i].at, Priority::speed_change, EventKind::speed_change, i);
  const bool parties = def_.customers.model == CustomerModel::parties;
  open_kitchen();
  if (controller_ != nullptr) {
    now_ = def_.open;
    send(EncoderReading{def_.open, 0, def_.belt.speed_mm_s});
    push(def_.open, Priority::tick, EventKind::tick, 0);
  } else if (!(parties && def_.customers.ordered_only)) {
    schedule_production(0);
  }
  if (parties) {
    if (def_.customers.use_planned) {
      for (std::uint32_t i = 0; i < def_.customers.planned.size(); ++i)
        push(def_.customers.planned[i].at, Priority::people, EventKind::party_arrival, i);
    } else {
      schedule_next_arrival(def_.open);
    }
    for (std::uint32_t l = 0; l < def_.belt.lanes.size(); ++l)
      for (const TimeWindow& w : def_.belt.lanes[l].closed)
        push(w.to, Priority::people, EventKind::lane_opens, l);
  }
  return run_to_close();
}

DayResult Day::run_on_unlimited(ControllerPort* controller) {
  controller_ = controller;
  for (std::int64_t& left : stock_left_) left = -1;
  return run_to_close();
}

void Day::maybe_checkpoint() {
  next_checkpoint_ = now_ + checkpoints_->every;
  if (result_.stock_refusals > 0 || !checkpoints_->keep()) {
    checkpoints_ = nullptr;  // the limits have bitten: an earlier checkpoint is the last
    return;
  }
  auto copy = std::make_unique<Day>(*this);
  copy->sink_ = nullptr;
  copy->checkpoints_ = nullptr;
  checkpoints_->last.emplace(std::move(copy));
}

DayResult Day::run_to_close() {
  while (!queue_.empty()) {
    if (checkpoints_ != nullptr && now_ >= next_checkpoint_) maybe_checkpoint();
    const auto pending = static_cast<std::int64_t>(queue_.size());
    pending_sum_ += pending;
    result_.pending_events_peak = std::max(result_.pending_events_peak, pending);
    const Event e = queue_.pop();
    now_ = e.time;
    ++result_.events;
    switch (e.kind) {
      case EventKind::close:
        break;
      case EventKind::plate_pass:
        plate_pass(e);
        break;
      case EventKind::inject:
        inject(e);
        break;
      case EventKind::produce:
        produce(e);
        break;
      case EventKind::speed_change:
        speed_change(e);
        break;
      case EventKind::party_arrival:
        party_arrival(e);
        break;
      case EventKind::member_hungry:
        member_hungry(e);
        break;
      case EventKind::order_check:
        order_check(e);
        break;
      case EventKind::staff_change:
        staff_change(e);
        break;
      case EventKind::express_arrive:
        express_arrive(e);
        break;
      case EventKind::carrier_back:
        carrier_back(e);
        break;
      case EventKind::lane_opens:
        try_seat(e.time);  // parties waiting may now sit at the lane's tables
        break;
      case EventKind::party_leave:
        party_leave(e);
        break;
      case EventKind::table_ready:
        table_ready(e);
        break;
      case EventKind::renege:
        renege(e);
        break;
      case EventKind::tick:
        tick(e);
        break;
      case EventKind::cook_done:
        cook_done(e);
        break;
    }
    if (e.kind == EventKind::close) {
      if (controller_ != nullptr) send(ClockTick{e.time, odometer_.at(e.time)});
      break;
    }
  }
  if (result_.events > 0)
    result_.pending_events_mean =
        static_cast<double>(pending_sum_) / static_cast<double>(result_.events);
  close_day();
  return std::move(result_);
}

// --- scheduling --------------------------------------------------------------------------------

void Day::push(SimTime t, Priority priority, EventKind kind, std::uint32_t a, std::uint32_t b) {
  if (t <= def_.close) queue_.push({t, priority, kind, a, b, 0});
}

void Day::schedule_at_reading(Micrometres reading, Priority priority, EventKind kind,
                              std::uint32_t a, std::uint32_t b) {
  // A reading already reached (a slot waiting under the kitchen while the belt is stopped) is
  // due now, not when the belt first got there.
  const SimTime t = std::max(odometer_.time_reaching(reading), now_);
  if (t < def_.close) push(t, priority, kind, a, b);
}

void Day::emit(const TruthEvent& event) {
  if (sink_ != nullptr) sink_->on_event(event);
}

void Day::emit_plate(SimTime t, TruthKind kind, std::uint32_t index, std::uint32_t aux,
                     std::uint32_t where) {
  const Plate& p = plates_[index];
  emit({t, kind, p.lane, p.item, index, p.generation, aux, where});
}

Micrometres Day::reading_at_next_point(const Plate& p) const {
  const Lane& lane = belt_.lanes[p.lane];
  return p.placed_at + static_cast<Micrometres>(p.laps) * lane.length +
         lane.route[p.next_point].from_kitchen;
}

// --- the kitchen -------------------------------------------------------------------------------

// Without a controller, plates for the belt are asked of the kitchen at its capacity at
// opening: the n-th at open + n * (1 min / capacity).
void Day::schedule_production(std::uint32_t n) {
  const double capacity = kitchen_capacity_per_min(def_, def_.open);
  if (capacity <= 0) return;
  const double interval_ms = static_cast<double>(kMsPerMinute) / capacity;
  const SimTime t = def_.open + static_cast<SimTime>(std::floor(n * interval_ms));
  if (t < def_.close) push(t, Priority::produce, EventKind::produce, n);
}

void Day::produce(const Event& e) {
  const std::uint32_t lane = next_lane_;
  next_lane_ = (next_lane_ + 1) % static_cast<std::uint32_t>(lanes_.size());
  add_kitchen_job({item_mix_(kitchen_rng_), lane, kNone}, e.time);
  schedule_production(e.a + 1);
}

bool Day::take_stock(std::uint16_t item) {
  if (stock_left_[item] == 0) {
    ++result_.stock_refusals;
    return false;
  }
  if (stock_left_[item] > 0) --stock_left_[item];
  return true;
}

void Day::enqueue_plate(std::uint32_t lane, QueuedPlate plate, SimTime now) {
  LaneKitchen& k = lanes_[lane];
  if (plate.order == kNone) {
    k.queue.push_back(plate);
    ++k.free_running;
  } else {
    // Ordered plates go before free-running ones, after earlier orders.
    auto it = std::find_if(k.queue.begin(), k.queue.end(),
                           [](const QueuedPlate& q) { return q.order == kNone; });
    k.queue.insert(it, plate);
  }
  if (!k.placing) reserve_slot(lane, now);
}

// Reserves the next free slot to arrive under the kitchen and schedules placing a plate in it.
void Day::reserve_slot(std::uint32_t lane_index, SimTime now) {
  const Lane& lane = belt_.lanes[lane_index];
  LaneKitchen& k = lanes_[lane_index];
  const Micrometres reading = odometer_.at(now);
  const auto n = static_cast<std::uint32_t>(lane.slot_plate.size());
  // Belt-frame position now under the kitchen; slots arrive there in decreasing order.
  const Micrometres under = ((lane.kitchen_at - reading) % lane.length + lane.length) % lane.length;
  const auto first = static_cast<std::uint32_t>(std::min<Micrometres>(under / lane.pitch, n - 1));
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t slot = (first + n - i) % n;
    if (lane.slot_plate[slot] != kNoPlate) continue;
    k.placing = true;
    k.reserved_slot = slot;
    k.reserved_reading = reading + advance_until_slot_at(lane, reading, slot, lane.kitchen_at);
    schedule_at_reading(k.reserved_reading, Priority::inject, EventKind::inject, lane_index, 0);
    return;
  }
  // Belt full: nothing frees a slot without a plate event, which calls back here.
  k.placing = false;
}

void Day::inject(const Event& e) {
  const std::uint32_t lane_index = e.a;
  LaneKitchen& k = lanes_[lane_index];
  Lane& lane = belt_.lanes[lane_index];
  const QueuedPlate next = k.queue.front();
  k.queue.pop_front();
  if (next.order == kNone) --k.free_running;
  const std::uint32_t index = allocate_plate();
  Plate& p = plates_[index];
  p.alive = true;
  p.item = next.item;
  p.order = next.order;
  p.lane = static_cast<std::uint8_t>(lane_index);
  p.slot = k.reserved_slot;
  p.made = e.time;
  p.placed_at = k.reserved_reading;
  p.next_point = 0;
  p.laps = 0;
  lane.slot_plate[p.slot] = index;
  count_made(p.item, p.lane, e.time);
  emit_plate(e.time, TruthKind::plate_made, index, p.slot, p.order == kNone ? 0 : p.order + 1);
  p.flag_at_reading = INT64_MAX;
  p.flag_at_time = kNever;
  if (controller_ != nullptr)
    send(PlatePlaced{e.time, index, p.lane, p.item, p.placed_at,
                     p.order == kNone ? kNoOrder : p.order});
  schedule_at_reading(reading_at_next_point(p), Priority::plate_pass, EventKind::plate_pass, index,
                      p.generation);
  k.placing = false;
  if (!k.queue.empty()) reserve_slot(lane_index, e.time);
}

// --- the belt ----------------------------------------------------------------------------------

void Day::plate_pass(const Event& e) {
  Plate& p = plates_[e.a];
  // Taken while the belt was stopped (offer_in_front): its next pass is void.
  if (!p.alive || p.generation != e.b) return;
  const Lane& lane = belt_.lanes[p.lane];
  const RoutePoint& point = lane.route[p.next_point];
  // Exact distance at the point, independent of the millisecond rounding of the event time.
  const Micrometres travelled = reading_at_next_point(p) - p.placed_at;
  const bool expired = is_expired(limits_[p.item], travelled, e.time - p.made);
  const Micrometres reading = travelled + p.placed_at;
  // With a controller, only its lane signal stops customers and opens the gate.
  const bool blocked = controller_ != nullptr ? flagged(p, reading, e.time) : expired;
  switch (point.kind) {
    case PointKind::reader:
      ++result_.reads;
      ++result_.reads_per_reader[point.index];
      ++hour(e.time).reads;
      ++result_.lanes[p.lane].reads;
      emit_plate(e.time, TruthKind::plate_read, e.a, point.index, 0);
      if (controller_ != nullptr) send_reads(e.a, point.index, reading, e.time);
      break;
    case PointKind::discard_gate:
      if (blocked) {
        if (!expired) ++result_.early_discards;
        return end_plate(e.a, e.time, PlateFate::discarded, travelled, point.index);
      }
      break;
    case PointKind::seat_zone:
      if (offer_plate(point.index, e.a, travelled, blocked, expired, e.time)) return;
      break;
    case PointKind::kitchen:
      break;
  }
  if (++p.next_point == lane.route.size()) {
    p.next_point = 0;
    ++p.laps;
  }
  schedule_at_reading(reading_at_next_point(p), Priority::plate_pass, EventKind::plate_pass, e.a,
                      e.b);
}

void Day::speed_change(const Event& e) {
  const auto speed = static_cast<std::uint32_t>(def_.belt.speed_schedule[e.a].speed_mm_s);
  emit({e.time, TruthKind::speed_change, 0, 0, 0, 0, speed, 0});
  if (controller_ != nullptr)
    send(EncoderReading{e.time, odometer_.at(e.time), static_cast<std::int32_t>(speed)});
  // Stopped: hungry diners reach for the plate in front of them.
  if (speed == 0)
    for (std::uint32_t t = 0; t < tables_.size(); ++t) offer_in_front(t, e.time);
}

void Day::end_plate(std::uint32_t index, SimTime now, PlateFate fate, Micrometres travelled,
                    std::uint32_t where) {
  Plate& p = plates_[index];
  ItemTotals& item = result_.items[p.item];
  HourTotals& h = hour(now);
  LaneTotals& l = result_.lanes[p.lane];
  const MenuItem& menu = def_.menu[p.item];
  const auto mm = static_cast<std::uint32_t>(travelled / 1000);
  switch (fate) {
    case PlateFate::eaten:
      ++result_.eaten;
      ++item.eaten;
      ++h.eaten;
      ++l.eaten;
      item.money.revenue_yen += menu.price_yen;
      h.money.revenue_yen += menu.price_yen;
      l.money.revenue_yen += menu.price_yen;
      item.travelled_eaten += travelled;
      result_.max_travel_eaten = std::max(result_.max_travel_eaten, travelled);
      emit_plate(now, TruthKind::plate_eaten, index, mm, where);
      break;
    case PlateFate::discarded:
      ++result_.discarded;
      ++item.discarded;
      ++h.discarded;
      ++l.discarded;
      result_.max_travel_discarded = std::max(result_.max_travel_discarded, travelled);
      emit_plate(now, TruthKind::plate_discarded, index, mm, where);
      break;
    case PlateFate::on_belt_at_close:
      ++result_.on_belt_at_close;
      ++item.on_belt_at_close;
      ++h.on_belt_at_close;
      ++l.on_belt_at_close;
      emit_plate(now, TruthKind::on_belt_at_close, index, mm, 0);
      break;
  }
  if (fate != PlateFate::eaten) {
    item.money.waste_cost_yen += menu.cost_yen;
    h.money.waste_cost_yen += menu.cost_yen;
    l.money.waste_cost_yen += menu.cost_yen;
  }
  result_.plates.push_back({index, p.generation, p.item, p.lane, fate, p.made, now, travelled});
  p.alive = false;
  ++p.generation;
  // An eaten plate stays stacked at its table until the party pays; then its tag is reused.
  if (fate != PlateFate::eaten || def_.customers.model == CustomerModel::stand_in)
    release_plate(index);
  if (p.lane >= belt_.lanes.size()) return;  // an express plate: never on the belt
  belt_.lanes[p.lane].slot_plate[p.slot] = kNoPlate;
  LaneKitchen& k = lanes_[p.lane];
  if (fate != PlateFate::on_belt_at_close && !k.placing && !k.queue.empty())
    reserve_slot(p.lane, now);
}

HourTotals& Day::hour(SimTime t) {
  // Plates left at closing count in the last opening hour.
  return result_.hours[static_cast<std::size_t>(std::min(t, def_.close - 1) / kMsPerHour)];
}

void Day::count_made(std::uint16_t item_index, std::uint32_t lane, SimTime now) {
  const std::int64_t cost = def_.menu[item_index].cost_yen;
  ItemTotals& item = result_.items[item_index];
  HourTotals& h = hour(now);
  LaneTotals& l = result_.lanes[lane];
  ++result_.made;
  ++item.made;
  ++h.made;
  ++l.made;
  item.money.cost_of_goods_yen += cost;
  h.money.cost_of_goods_yen += cost;
  l.money.cost_of_goods_yen += cost;
}

void Day::close_day() {
  close_customers();
  account_kitchen(def_.close);
  const Micrometres reading = odometer_.at(def_.close);
  for (std::uint32_t i = 0; i < plates_.size(); ++i) {
    if (!plates_[i].alive) continue;
    // An express plate still on its way counts as left over, with no belt distance.
    const bool express = plates_[i].lane >= belt_.lanes.size();
    end_plate(i, def_.close, PlateFate::on_belt_at_close,
              express ? 0 : reading - plates_[i].placed_at, 0);
  }
}

void Day::release_plate(std::uint32_t index) {
  free_plates_.push_back(index);
}

std::uint32_t Day::allocate_plate() {
  if (!free_plates_.empty()) {
    const std::uint32_t index = free_plates_.back();
    free_plates_.pop_back();
    return index;
  }
  plates_.emplace_back();
  return static_cast<std::uint32_t>(plates_.size() - 1);
}

}  // namespace detail

DayResult simulate_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink,
                       ControllerPort* controller) {
  return detail::Day(def, seed, sink, controller).run();
}

DayResult simulate_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink,
                       ControllerPort* controller, DayCheckpoints& checkpoints) {
  return detail::Day(def, seed, sink, controller).run(&checkpoints);
}

DayCheckpoint::DayCheckpoint(std::unique_ptr<detail::Day> day) : day_(std::move(day)) {}
DayCheckpoint::DayCheckpoint(DayCheckpoint&&) noexcept = default;
DayCheckpoint& DayCheckpoint::operator=(DayCheckpoint&&) noexcept = default;
DayCheckpoint::~DayCheckpoint() = default;

DayResult DayCheckpoint::run_unlimited(ControllerPort* controller) && {
  return day_->run_on_unlimited(controller);
}

}  // namespace kaiten
