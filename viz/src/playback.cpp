#include "kaiten/viz/playback.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace kaiten::viz {
namespace {

Micrometres positive_mod(Micrometres x, Micrometres m) {
  const Micrometres r = x % m;
  return r < 0 ? r + m : r;
}

bool is_plate_kind(TruthKind kind) {
  switch (kind) {
    case TruthKind::plate_made:
    case TruthKind::plate_read:
    case TruthKind::plate_eaten:
    case TruthKind::plate_discarded:
    case TruthKind::on_belt_at_close:
      return true;
    default:
      return false;
  }
}

// Events whose `plate` field is a party id.
bool names_party(TruthKind kind) {
  switch (kind) {
    case TruthKind::party_arrived:
    case TruthKind::party_seated:
    case TruthKind::party_left:
    case TruthKind::party_balked:
    case TruthKind::party_reneged:
    case TruthKind::panel_order:
      return true;
    default:
      return false;
  }
}

bool is_party_kind(TruthKind kind) {
  const auto k = static_cast<std::uint8_t>(kind);
  return k >= static_cast<std::uint8_t>(TruthKind::party_arrived) &&
         k <= static_cast<std::uint8_t>(TruthKind::table_ready);
}

// Removes a party from the queue; returns when it arrived (or `now` if it was not queued).
SimTime remove_from_queue(std::vector<QueuedParty>& queue, std::uint32_t party, SimTime now) {
  const auto it = std::find_if(queue.begin(), queue.end(),
                               [party](const QueuedParty& q) { return q.party == party; });
  if (it == queue.end()) return now;
  const SimTime arrived = it->arrived;
  queue.erase(it);
  return arrived;
}

}  // namespace

Micrometres slot_position(const Lane& lane, std::uint32_t slot, Micrometres odometer) {
  return positive_mod(static_cast<Micrometres>(slot) * lane.pitch + odometer, lane.length);
}

std::optional<double> express_progress(const ExpressTrip& trip, SimTime t) {
  if (t < trip.sent) return std::nullopt;
  if (t < trip.arrives || !trip.ended)
    return trip.arrives > trip.sent
               ? std::min(1.0, static_cast<double>(t - trip.sent) /
                                   static_cast<double>(trip.arrives - trip.sent))
               : 1.0;
  if (!trip.sent_back || t >= trip.back) return std::nullopt;
  return 1.0 -
         static_cast<double>(t - trip.arrives) / static_cast<double>(trip.back - trip.arrives);
}

std::string tag_string(PlateRef ref) {
  return std::to_string(ref.plate) + "." + std::to_string(ref.generation);
}

Playback::Playback(ScenarioDef def, std::vector<TruthEvent> events, PlaybackOptions options,
                   std::vector<PublishedTick> published)
    : def_(std::move(def)),
      belt_(build_belt(def_)),
      odometer_(def_.open, def_.belt.speed_mm_s, def_.belt.speed_schedule) {
  if (options.keyframe_every <= 0) throw std::invalid_argument("keyframe interval must be > 0");
  for (std::size_t i = 1; i < events.size(); ++i)
    if (events[i].time < events[i - 1].time)
      throw std::invalid_argument("ground-truth events out of time order at event " +
                                  std::to_string(i));
  for (const auto& item : def_.menu) limits_.push_back(discard_limit(def_.discard, item));
  events_.reserve(events.size());
  for (const auto& e : events) {
    if (fits(e)) {
      events_.push_back(e);
      has_parties_ = has_parties_ || is_party_kind(e.kind);
      if (e.kind == TruthKind::plate_eaten) eaten_times_.push_back(e.time);
      if (names_party(e.kind))
        party_index_.try_emplace(e.plate, static_cast<std::uint32_t>(party_index_.size()));
    } else {
      ++dropped_;
    }
  }
  build_express_trips();
  end_ = options.end ? std::clamp(*options.end, def_.open, def_.close) : def_.close;
  // What the controller published, up to where the day stops (a log cut short stops early).
  published_ = std::move(published);
  std::stable_sort(published_.begin(), published_.end(),
                   [](const PublishedTick& a, const PublishedTick& b) { return a.time < b.time; });
  std::erase_if(published_, [this](const PublishedTick& t) { return t.time > end_; });
  keyframe_every_ = options.keyframe_every;

  state_ = empty_state();
  for (SimTime t = start();; t += keyframe_every_) {
    advance_to(std::min(t, end_));
    keyframes_.push_back(state_);
    if (t >= end_) break;
  }
  state_ = keyframes_.front();
}

bool Playback::fits(const TruthEvent& e) const {
  if (e.time < def_.open || e.time > def_.close) return false;
  const std::size_t tables = def_.tables.size();
  if (is_plate_kind(e.kind)) {
    if (e.item >= def_.menu.size()) return false;
    if (e.lane >= belt_.lanes.size()) {
      // An express lane's plate: made, then eaten at its table (or back and thrown away).
      if (e.lane >= lane_count(def_)) return false;
      return e.kind != TruthKind::plate_eaten || e.where < tables;
    }
    switch (e.kind) {
      case TruthKind::plate_made:
        return e.aux < belt_.lanes[e.lane].slot_plate.size();
      case TruthKind::plate_read:
        return e.aux < belt_.points.readers.size();
      case TruthKind::plate_eaten:
        return e.where < tables;
      case TruthKind::plate_discarded:
        return e.where < belt_.points.gates.size();
      default:
        return true;
    }
  }
  switch (e.kind) {
    case TruthKind::speed_change:
    case TruthKind::party_arrived:
    case TruthKind::party_balked:
    case TruthKind::party_reneged:
      return true;
    case TruthKind::party_seated:
    case TruthKind::party_left:
    case TruthKind::table_ready:
      return e.where < tables;
    case TruthKind::panel_order:
      return e.where < tables && e.item < def_.menu.size();
    default:
      return false;  // a kind this viewer does not know
  }
}

// One trip per express plate_made, closed by the plate's plate_eaten or plate_discarded event.
// The table is the order's (plate_made's `where` is order + 1; panel_order's `aux` is the order).
void Playback::build_express_trips() {
  const std::size_t loops = belt_.lanes.size();
  std::unordered_map<std::uint32_t, std::uint32_t> order_table;
  std::unordered_map<std::uint64_t, std::size_t> open;  // tag to its trip, while out
  const auto key = [](const TruthEvent& e) {
    return (static_cast<std::uint64_t>(e.plate) << 32) | e.generation;
  };
  for (const TruthEvent& e : events_) {
    if (e.kind == TruthKind::panel_order) order_table[e.aux] = e.where;
    if (!is_plate_kind(e.kind) || e.lane < loops) continue;
    if (e.kind == TruthKind::plate_made) {
      ExpressTrip trip;
      trip.ref = {e.plate, e.generation};
      trip.express = static_cast<std::uint32_t>(e.lane - loops);
      trip.item = e.item;
      if (e.where > 0)
        if (const auto it = order_table.find(e.where - 1); it != order_table.end())
          trip.table = it->second;
      trip.sent = e.time;
      trip.arrives = e.time + express_trip_ms(def_.belt.express_lanes[trip.express]);
      open[key(e)] = express_.size();
      express_.push_back(trip);
      continue;
    }
    if (e.kind != TruthKind::plate_eaten && e.kind != TruthKind::plate_discarded) continue;
    const auto it = open.find(key(e));
    if (it == open.end()) continue;
    ExpressTrip& trip = express_[it->second];
    open.erase(it);
    trip.ended = true;
    trip.arrives = e.time;
    if (e.kind == TruthKind::plate_eaten) {
      trip.table = e.where;
    } else {
      trip.sent_back = true;
      trip.back = e.time + express_trip_ms(def_.belt.express_lanes[trip.express]);
    }
  }
}

std::vector<ExpressView> Playback::express_plates() const {
  std::vector<ExpressView> out;
  // Trips are in the order sent: those not yet sent are skipped by a binary search; the rest (a
  // day has a few thousand at most) are each checked in a few comparisons.
  const auto last =
      std::partition_point(express_.begin(), express_.end(),
                           [t = state_.time](const ExpressTrip& x) { return x.sent <= t; });
  for (auto it = express_.begin(); it != last; ++it)
    if (const auto progress = express_progress(*it, state_.time))
      out.push_back({&*it, *progress, it->ended && state_.time >= it->arrives});
  return out;
}

PlaybackState Playback::empty_state() const {
  PlaybackState s;
  s.time = start();
  s.made_by_item.assign(def_.menu.size(), 0);
  s.eaten_by_item.assign(def_.menu.size(), 0);
  s.discarded_by_item.assign(def_.menu.size(), 0);
  s.tables.assign(def_.tables.size(), TableState{});
  s.parties.resize(party_index_.size());
  for (const auto& [id, index] : party_index_) s.parties[index].id = id;
  return s;
}

void Playback::apply(const TruthEvent& e) {
  PlaybackState& s = state_;
  auto end_plate = [&s](const TruthEvent& ev) {
    if (ev.plate < s.plates.size()) {
      PlateState& p = s.plates[ev.plate];
      if (p.alive && p.generation == ev.generation) {
        p.alive = false;
        --s.on_belt;
      }
    }
  };
  switch (e.kind) {
    case TruthKind::plate_made: {
      ++s.made;
      ++s.made_by_item[e.item];
      if (e.lane >= belt_.lanes.size()) break;  // by express lane: never on the belt
      if (e.plate >= s.plates.size()) s.plates.resize(static_cast<std::size_t>(e.plate) + 1);
      PlateState& p = s.plates[e.plate];
      if (!p.alive) ++s.on_belt;
      const Lane& lane = belt_.lanes[e.lane];
      const Micrometres reading = odometer_.at(e.time);
      // The slot's edge was exactly under the kitchen at placing; the event time is the first
      // whole millisecond at or after that reading.
      const Micrometres past = positive_mod(
          static_cast<Micrometres>(e.aux) * lane.pitch + reading - lane.kitchen_at, lane.length);
      p = PlateState{true,  e.lane, e.item,         e.generation,
                     e.aux, e.time, reading - past, e.where != 0};
      break;
    }
    case TruthKind::plate_read:
      ++s.reads;
      break;
    case TruthKind::plate_eaten:
      if (e.lane < belt_.lanes.size()) end_plate(e);
      ++s.eaten;
      ++s.eaten_by_item[e.item];
      ++s.tables[e.where].plates_eaten;
      if (s.tables[e.where].phase == TablePhase::seated)
        ++party_at(s, s.tables[e.where].party).plates;
      break;
    case TruthKind::plate_discarded:
      if (e.lane < belt_.lanes.size()) end_plate(e);
      ++s.discarded;
      ++s.discarded_by_item[e.item];
      break;
    case TruthKind::on_belt_at_close:
      s.closed = true;  // the plate stays drawn where it stopped
      break;
    case TruthKind::speed_change:
      break;  // the odometer already follows the scenario's speed schedule
    case TruthKind::party_arrived: {
      ++s.parties_arrived;
      s.queue.push_back({e.plate, e.aux, e.time});
      PartyState& party = party_at(s, e.plate);
      party.phase = PartyPhase::waiting;
      party.size = e.aux;
      party.arrived = e.time;
      break;
    }
    case TruthKind::party_seated: {
      const SimTime arrived = remove_from_queue(s.queue, e.plate, e.time);
      s.wait_total += e.time - arrived;
      PartyState& party = party_at(s, e.plate);
      if (party.phase == PartyPhase::not_arrived) party.arrived = arrived;
      party.phase = PartyPhase::seated;
      party.size = e.aux;
      party.seated = e.time;
      party.table = e.where;
      ++s.parties_seated;
      s.people_seated += e.aux;
      TableState& table = s.tables[e.where];
      if (table.phase == TablePhase::seated) s.people_seated -= table.party_size;
      table.phase = TablePhase::seated;
      table.party = e.plate;
      table.party_size = e.aux;
      table.since = e.time;
      break;
    }
    case TruthKind::party_left: {
      ++s.parties_left;
      PartyState& party = party_at(s, e.plate);
      party.phase = PartyPhase::left;
      party.gone = e.time;
      party.paid = e.aux;
      TableState& table = s.tables[e.where];
      if (table.phase == TablePhase::seated) s.people_seated -= table.party_size;
      table.phase = TablePhase::leaving;
      table.since = e.time;
      break;
    }
    case TruthKind::party_balked:
    case TruthKind::party_reneged: {
      remove_from_queue(s.queue, e.plate, e.time);
      ++(e.kind == TruthKind::party_balked ? s.parties_balked : s.parties_reneged);
      PartyState& party = party_at(s, e.plate);
      if (party.phase == PartyPhase::not_arrived) party.arrived = e.time;
      party.phase = e.kind == TruthKind::party_balked ? PartyPhase::balked : PartyPhase::reneged;
      party.size = e.aux;
      party.gone = e.time;
      break;
    }
    case TruthKind::panel_order:
      ++party_at(s, e.plate).orders;
      ++s.tables[e.where].panel_orders;
      ++s.panel_orders;
      break;
    case TruthKind::table_ready: {
      TableState& table = s.tables[e.where];
      if (table.phase == TablePhase::seated) s.people_seated -= table.party_size;
      table.phase = TablePhase::free;
      table.party = 0;
      table.party_size = 0;
      table.since = e.time;
      break;
    }
  }
}

void Playback::advance_to(SimTime t) {
  while (state_.next_event < events_.size() && events_[state_.next_event].time <= t)
    apply(events_[state_.next_event++]);
  state_.time = t;
}

void Playback::seek(SimTime t) {
  t = std::clamp(t, start(), end_);
  const auto k =
      std::min(static_cast<std::size_t>((t - start()) / keyframe_every_), keyframes_.size() - 1);
  // Restore the keyframe when going back, or when it skips events on the way forward.
  if (t < state_.time || keyframes_[k].time > state_.time) state_ = keyframes_[k];
  advance_to(t);
}

PlateView Playback::view_of(std::uint32_t index, const PlateState& p) const {
  PlateView v;
  v.ref = {index, p.generation};
  v.state = &p;
  const Micrometres reading = odometer_.at(state_.time);
  v.position = slot_position(belt_.lanes[p.lane], p.slot, reading);
  v.travelled = reading - p.placed_at;
  v.on_belt = state_.time - p.made;
  const DiscardLimit& lim = limits_[p.item];
  const auto used = lim.kind == DiscardRuleKind::distance ? v.travelled : v.on_belt;
  v.used = lim.value > 0 ? static_cast<double>(used) / static_cast<double>(lim.value) : 0.0;
  return v;
}

std::vector<PlateView> Playback::plates() const {
  std::vector<PlateView> out;
  out.reserve(static_cast<std::size_t>(std::max<std::int64_t>(state_.on_belt, 0)));
  for (std::uint32_t i = 0; i < state_.plates.size(); ++i)
    if (state_.plates[i].alive) out.push_back(view_of(i, state_.plates[i]));
  return out;
}

std::optional<PlateView> Playback::plate(PlateRef ref) const {
  if (ref.plate >= state_.plates.size()) return std::nullopt;
  const PlateState& p = state_.plates[ref.plate];
  if (!p.alive || p.generation != ref.generation) return std::nullopt;
  return view_of(ref.plate, p);
}

std::span<const TruthEvent> Playback::events_between(SimTime from, SimTime to) const {
  if (to <= from) return {};
  const auto by_time = [](const TruthEvent& e, SimTime t) { return e.time <= t; };
  const auto first = std::partition_point(events_.begin(), events_.end(),
                                          [&](const TruthEvent& e) { return by_time(e, from); });
  const auto last = std::partition_point(first, events_.end(),
                                         [&](const TruthEvent& e) { return by_time(e, to); });
  return {first, last};
}

SimTime Playback::next_event_after(SimTime t) const {
  const auto it = std::partition_point(events_.begin(), events_.end(),
                                       [t](const TruthEvent& e) { return e.time <= t; });
  return it == events_.end() ? kNever : it->time;
}

std::int64_t Playback::eaten_between(SimTime from, SimTime to) const {
  if (to <= from) return 0;
  const auto first = std::upper_bound(eaten_times_.begin(), eaten_times_.end(), from);
  const auto last = std::upper_bound(first, eaten_times_.end(), to);
  return last - first;
}

const PartyState* Playback::party(std::uint32_t id) const {
  const auto it = party_index_.find(id);
  return it == party_index_.end() ? nullptr : &state_.parties[it->second];
}

PartyState& Playback::party_at(PlaybackState& s, std::uint32_t id) const {
  return s.parties[party_index_.at(id)];
}

std::vector<ItemCount> Playback::top_sellers(std::size_t n) const {
  std::vector<ItemCount> all;
  for (std::size_t i = 0; i < state_.eaten_by_item.size(); ++i)
    if (state_.eaten_by_item[i] > 0)
      all.push_back({static_cast<std::uint16_t>(i), state_.eaten_by_item[i]});
  std::stable_sort(all.begin(), all.end(),
                   [](const ItemCount& a, const ItemCount& b) { return a.count > b.count; });
  if (all.size() > n) all.resize(n);
  return all;
}

}  // namespace kaiten::viz
