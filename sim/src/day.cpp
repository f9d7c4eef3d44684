#include "kaiten/sim/day.hpp"

#include <algorithm>
#include <boost/random/discrete_distribution.hpp>
#include <cassert>
#include <cmath>
#include <deque>

#include "kaiten/core/discard_rule.hpp"
#include "kaiten/core/rng.hpp"
#include "kaiten/sim/belt.hpp"
#include "kaiten/sim/event_queue.hpp"
#include "kaiten/sim/odometer.hpp"

namespace kaiten {
namespace {

struct Plate {
  std::uint32_t generation = 0;
  bool alive = false;
  std::uint16_t item = 0;
  std::uint8_t lane = 0;
  std::uint32_t slot = 0;
  SimTime made = 0;
  Micrometres placed_at = 0;  ///< odometer reading when placed
  std::uint32_t next_point = 0;
  std::uint32_t laps = 0;
};

// The kitchen's side of one lane: plates waiting to go on, and the slot reserved for the next.
struct LaneKitchen {
  std::deque<std::uint16_t> queue;  ///< items made, waiting for a free slot
  bool placing = false;             ///< an inject event is scheduled
  std::uint32_t reserved_slot = 0;
  Micrometres reserved_reading = 0;
};

class Day {
 public:
  Day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink)
      : def_(def),
        sink_(sink),
        belt_(build_belt(def)),
        odometer_(def.open, def.belt.speed_mm_s, def.belt.speed_schedule),
        kitchen_rng_(make_stream(seed, RngStream::kitchen)),
        eating_rng_(make_stream(seed, RngStream::eating)),
        lanes_(belt_.lanes.size()) {
    result_.items.resize(def.menu.size());
    result_.hours.resize(48);
    result_.reads_per_reader.resize(belt_.points.readers.size());
    std::vector<double> weights;
    for (const auto& item : def.menu) {
      weights.push_back(item.popularity);
      limits_.push_back(discard_limit(def.discard, item));
    }
    item_mix_ = boost::random::discrete_distribution<std::uint16_t, double>(weights);
  }

  DayResult run() {
    queue_.push({def_.close, Priority::close, EventKind::close, 0, 0, 0});
    for (std::uint32_t i = 0; i < def_.belt.speed_schedule.size(); ++i)
      queue_.push({def_.belt.speed_schedule[i].at, Priority::speed_change, EventKind::speed_change,
                   i, 0, 0});
    schedule_production(0);
    while (!queue_.empty()) {
      const Event e = queue_.pop();
      ++result_.events;
      if (e.kind == EventKind::close) break;
      switch (e.kind) {
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
        case EventKind::close:
          break;
      }
    }
    close_day();
    return std::move(result_);
  }

 private:
  // --- scheduling helpers -------------------------------------------------------------------
  void schedule_at_reading(Micrometres reading, Priority priority, EventKind kind, std::uint32_t a,
                           std::uint32_t b) {
    const SimTime t = odometer_.time_reaching(reading);
    if (t < def_.close) queue_.push({t, priority, kind, a, b, 0});
  }

  void emit(SimTime t, TruthKind kind, std::uint32_t index, const Plate& p, std::uint32_t aux,
            std::uint32_t where) {
    if (sink_ != nullptr)
      sink_->on_event({t, kind, p.lane, p.item, index, p.generation, aux, where});
  }

  Micrometres reading_at_next_point(const Plate& p) const {
    const Lane& lane = belt_.lanes[p.lane];
    return p.placed_at + static_cast<Micrometres>(p.laps) * lane.length +
           lane.route[p.next_point].from_kitchen;
  }

  // --- stages -------------------------------------------------------------------------------
  // Production at a fixed rate: the n-th plate is started at open + n * (1 min / rate).
  void schedule_production(std::uint32_t n) {
    const double interval_ms = static_cast<double>(kMsPerMinute) / def_.kitchen.rate_plates_per_min;
    const SimTime t = def_.open + static_cast<SimTime>(std::floor(n * interval_ms));
    if (t < def_.close) queue_.push({t, Priority::produce, EventKind::produce, n, 0, 0});
  }

  void produce(const Event& e) {
    const std::uint32_t lane = next_lane_;
    next_lane_ = (next_lane_ + 1) % static_cast<std::uint32_t>(lanes_.size());
    const std::uint16_t item = item_mix_(kitchen_rng_);
    LaneKitchen& k = lanes_[lane];
    if (static_cast<std::int32_t>(k.queue.size()) >= def_.kitchen.max_backlog_plates) {
      ++result_.production_skipped;
    } else {
      k.queue.push_back(item);
      if (!k.placing) reserve_slot(lane, e.time);
    }
    schedule_production(e.a + 1);
  }

  // Reserves the next free slot to arrive under the kitchen and schedules placing a plate in it.
  void reserve_slot(std::uint32_t lane_index, SimTime now) {
    const Lane& lane = belt_.lanes[lane_index];
    LaneKitchen& k = lanes_[lane_index];
    const Micrometres reading = odometer_.at(now);
    const auto n = static_cast<std::uint32_t>(lane.slot_plate.size());
    // Belt-frame position now under the kitchen; slots arrive there in decreasing order.
    const Micrometres under =
        ((lane.kitchen_at - reading) % lane.length + lane.length) % lane.length;
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

  void inject(const Event& e) {
    const std::uint32_t lane_index = e.a;
    LaneKitchen& k = lanes_[lane_index];
    Lane& lane = belt_.lanes[lane_index];
    const std::uint32_t index = allocate_plate();
    Plate& p = plates_[index];
    p.alive = true;
    p.item = k.queue.front();
    p.lane = static_cast<std::uint8_t>(lane_index);
    p.slot = k.reserved_slot;
    p.made = e.time;
    p.placed_at = k.reserved_reading;
    p.next_point = 0;
    p.laps = 0;
    k.queue.pop_front();
    lane.slot_plate[p.slot] = index;
    ++result_.made;
    ++result_.items[p.item].made;
    ++result_.hours[hour(e.time)].made;
    emit(e.time, TruthKind::plate_made, index, p, p.slot, 0);
    schedule_at_reading(reading_at_next_point(p), Priority::plate_pass, EventKind::plate_pass,
                        index, p.generation);
    k.placing = false;
    if (!k.queue.empty()) reserve_slot(lane_index, e.time);
  }

  void plate_pass(const Event& e) {
    Plate& p = plates_[e.a];
    assert(p.alive && p.generation == e.b);
    const Lane& lane = belt_.lanes[p.lane];
    const RoutePoint& point = lane.route[p.next_point];
    // Exact distance at the point, independent of the millisecond rounding of the event time.
    const Micrometres travelled = reading_at_next_point(p) - p.placed_at;
    const bool expired = is_expired(limits_[p.item], travelled, e.time - p.made);
    switch (point.kind) {
      case PointKind::reader:
        ++result_.reads;
        ++result_.reads_per_reader[point.index];
        ++result_.hours[hour(e.time)].reads;
        emit(e.time, TruthKind::plate_read, e.a, p, point.index, 0);
        break;
      case PointKind::discard_gate:
        if (expired) return end_plate(e.a, e.time, PlateFate::discarded, travelled, point.index);
        break;
      case PointKind::seat_zone:
        if (table_takes(point.index, p, expired)) {
          if (expired) ++result_.freshness_violations;
          return end_plate(e.a, e.time, PlateFate::eaten, travelled, point.index);
        }
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

  // Stand-in for customers: a table takes a passing plate with a fixed probability. Expired plates
  // are flagged (DESIGN.md section 5) and never taken.
  bool table_takes(std::uint32_t /*table*/, const Plate& /*plate*/, bool expired) {
    const bool wants = uniform01(eating_rng_) < def_.eating.take_probability_per_pass;
    return wants && !expired;
  }

  void speed_change(const Event& e) {
    if (sink_ == nullptr) return;
    const auto speed = static_cast<std::uint32_t>(def_.belt.speed_schedule[e.a].speed_mm_s);
    sink_->on_event({e.time, TruthKind::speed_change, 0, 0, 0, 0, speed, 0});
  }

  void end_plate(std::uint32_t index, SimTime now, PlateFate fate, Micrometres travelled,
                 std::uint32_t where) {
    Plate& p = plates_[index];
    ItemTotals& item = result_.items[p.item];
    HourTotals& h = result_.hours[hour(now)];
    const auto mm = static_cast<std::uint32_t>(travelled / 1000);
    switch (fate) {
      case PlateFate::eaten:
        ++result_.eaten;
        ++item.eaten;
        ++h.eaten;
        item.revenue_yen += def_.menu[p.item].price_yen;
        item.travelled_eaten += travelled;
        result_.max_travel_eaten = std::max(result_.max_travel_eaten, travelled);
        emit(now, TruthKind::plate_eaten, index, p, mm, where);
        break;
      case PlateFate::discarded:
        ++result_.discarded;
        ++item.discarded;
        ++h.discarded;
        result_.max_travel_discarded = std::max(result_.max_travel_discarded, travelled);
        emit(now, TruthKind::plate_discarded, index, p, mm, where);
        break;
      case PlateFate::on_belt_at_close:
        ++result_.on_belt_at_close;
        ++item.on_belt_at_close;
        emit(now, TruthKind::on_belt_at_close, index, p, mm, 0);
        break;
    }
    result_.plates.push_back({index, p.generation, p.item, p.lane, fate, p.made, now, travelled});
    p.alive = false;
    ++p.generation;
    free_plates_.push_back(index);
    belt_.lanes[p.lane].slot_plate[p.slot] = kNoPlate;
    LaneKitchen& k = lanes_[p.lane];
    if (fate != PlateFate::on_belt_at_close && !k.placing && !k.queue.empty())
      reserve_slot(p.lane, now);
  }

  void close_day() {
    const Micrometres reading = odometer_.at(def_.close);
    for (std::uint32_t i = 0; i < plates_.size(); ++i)
      if (plates_[i].alive)
        end_plate(i, def_.close, PlateFate::on_belt_at_close, reading - plates_[i].placed_at, 0);
  }

  std::uint32_t allocate_plate() {
    if (!free_plates_.empty()) {
      const std::uint32_t index = free_plates_.back();
      free_plates_.pop_back();
      return index;
    }
    plates_.emplace_back();
    return static_cast<std::uint32_t>(plates_.size() - 1);
  }

  static std::size_t hour(SimTime t) { return static_cast<std::size_t>(t / kMsPerHour); }

  const ScenarioDef& def_;
  TruthSink* sink_;
  Belt belt_;
  Odometer odometer_;
  EventQueue queue_;
  std::mt19937_64 kitchen_rng_;
  std::mt19937_64 eating_rng_;
  boost::random::discrete_distribution<std::uint16_t, double> item_mix_;
  std::vector<DiscardLimit> limits_;
  std::vector<LaneKitchen> lanes_;
  std::uint32_t next_lane_ = 0;
  std::vector<Plate> plates_;
  std::vector<std::uint32_t> free_plates_;
  DayResult result_;
};

}  // namespace

DayResult simulate_day(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink) {
  return Day(def, seed, sink).run();
}

}  // namespace kaiten
