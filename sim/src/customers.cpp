// Parties: arrivals, the entrance queue, tables, appetite, choice and touch-panel orders.
#include <algorithm>
#include <cmath>

#include "day_impl.hpp"
#include "kaiten/core/rng.hpp"

namespace kaiten::detail {
namespace {

double exponential(std::mt19937_64& rng, double mean) {
  return -mean * std::log1p(-uniform01(rng));
}

TruthEvent party_event(SimTime t, TruthKind kind, std::uint32_t party, std::uint32_t aux,
                       std::uint32_t where, std::uint16_t item = 0) {
  return {t, kind, 0, item, party, 0, aux, where};
}

}  // namespace

bool Day::stand_in_takes(bool expired) {
  const bool wants = uniform01(eating_rng_) < def_.eating.take_probability_per_pass;
  return wants && !expired;
}

// --- arrivals and the entrance queue -----------------------------------------------------------

// Non-homogeneous Poisson arrivals with a rate constant within each hour: the next arrival is where
// the integrated rate since `after` reaches an Exp(1) draw (exact inversion, no thinning).
void Day::schedule_next_arrival(SimTime after) {
  const CustomersDef& c = def_.customers;
  double scale = c.weekday_multiplier[static_cast<std::size_t>(c.day)];
  if (c.holiday) scale *= c.holiday_multiplier;
  const SimTime entry_end = def_.close - c.last_entry_min * kMsPerMinute;
  double budget = exponential(arrivals_rng_, 1.0);
  double t = static_cast<double>(after);
  while (t < static_cast<double>(entry_end)) {
    const auto hour = static_cast<std::size_t>(t / static_cast<double>(kMsPerHour));
    const double piece_end =
        std::min(static_cast<double>((hour + 1) * kMsPerHour), static_cast<double>(entry_end));
    const double rate = hour < c.hourly_parties.size()
                            ? c.hourly_parties[hour] * scale / static_cast<double>(kMsPerHour)
                            : 0.0;
    if (rate > 0 && budget <= rate * (piece_end - t)) {
      push(static_cast<SimTime>(std::ceil(t + budget / rate)), Priority::people,
           EventKind::party_arrival, 0);
      return;
    }
    budget -= rate * (piece_end - t);
    t = piece_end;
  }
}

bool Day::balks(std::int32_t waiting) {
  const CustomersDef& c = def_.customers;
  const std::int32_t from =
      std::min(c.balk_from_parties.value_or(c.max_queue_parties), c.max_queue_parties);
  if (waiting < from) return false;
  if (waiting >= c.max_queue_parties) return true;
  const double chance =
      static_cast<double>(waiting - from + 1) / static_cast<double>(c.max_queue_parties - from + 1);
  return uniform01(queue_rng_) < chance;
}

void Day::party_arrival(const Event& e) {
  const CustomersDef& c = def_.customers;
  const int size = c.use_planned ? c.planned[e.a].size : 0;
  parties_.push_back(make_party(def_, static_cast<std::uint32_t>(parties_.size()), e.time,
                                parties_rng_, choice_rng_, size));
  Party& p = parties_.back();
  if (c.use_planned) p.r.planned = static_cast<std::int32_t>(e.a);
  const std::uint32_t id = p.r.id;
  emit(party_event(e.time, TruthKind::party_arrived, id, p.r.size, 0));
  if (balks(static_cast<std::int32_t>(entrance_.size()))) {
    p.r.fate = PartyFate::balked;
    p.r.left = e.time;
    p.state = PartyState::gone;
    emit(party_event(e.time, TruthKind::party_balked, id, p.r.size, 0));
  } else {
    entrance_.push_back(id);
    const double patience = exponential(parties_rng_, c.patience_min_mean * kMsPerMinute);
    push(e.time + static_cast<SimTime>(patience), Priority::people, EventKind::renege, id);
    try_seat(e.time);
  }
  if (!c.use_planned) schedule_next_arrival(e.time);
}

// Seats waiting parties in arrival order, each at the smallest free table of an open lane that
// fits it (balanced: on the lane with the fewest people seated per seat; first_fit: the first in
// file order); a party that fits no free table waits while later, smaller parties may be seated.
void Day::try_seat(SimTime now) {
  std::deque<std::uint32_t> still_waiting;
  const bool balanced = def_.customers.seating == SeatingPolicy::balanced;
  for (const std::uint32_t id : entrance_) {
    std::uint32_t best = kNone;
    for (std::uint32_t t = 0; t < tables_.size(); ++t) {
      if (tables_[t].party != kNone || tables_[t].cleaning) continue;
      if (def_.tables[t].seats < parties_[id].r.size) continue;
      if (!lane_open(def_.belt.lanes[tables_[t].lane], now)) continue;
      if (best == kNone || def_.tables[t].seats < def_.tables[best].seats) {
        best = t;
      } else if (balanced && def_.tables[t].seats == def_.tables[best].seats &&
                 lane_load(tables_[t].lane) < lane_load(tables_[best].lane)) {
        best = t;
      }
    }
    if (best == kNone) {
      still_waiting.push_back(id);
    } else {
      seat(id, best, now);
    }
  }
  entrance_.swap(still_waiting);
}

void Day::seat(std::uint32_t party, std::uint32_t table, SimTime now) {
  Party& p = parties_[party];
  p.state = PartyState::seated;
  p.r.seated = now;
  p.r.table = static_cast<std::int32_t>(table);
  tables_[table].party = party;
  ++result_.lanes[tables_[table].lane].parties_seated;
  lane_people_[tables_[table].lane] += p.r.size;
  set_occupied(now, +1);
  emit(party_event(now, TruthKind::party_seated, party, p.r.size, table));
  if (controller_ != nullptr)
    send(PartySeatedMsg{now, party, table, static_cast<std::uint8_t>(p.r.size - p.r.children),
                        p.r.children});
  for (std::uint32_t m = 0; m < p.members.size(); ++m)
    push(now, Priority::people, EventKind::member_hungry, party, m);
  const auto& stay = def_.customers.exponential_stay_min;
  const SimTime leave_at =
      stay ? now + static_cast<SimTime>(exponential(parties_rng_, *stay * kMsPerMinute))
           : now + def_.customers.max_stay_min * kMsPerMinute;
  push(leave_at, Priority::people, EventKind::party_leave, party);
}

void Day::renege(const Event& e) {
  Party& p = parties_[e.a];
  if (p.state != PartyState::queued) return;
  entrance_.erase(std::find(entrance_.begin(), entrance_.end(), e.a));
  p.state = PartyState::gone;
  p.r.fate = PartyFate::reneged;
  p.r.left = e.time;
  emit(party_event(e.time, TruthKind::party_reneged, e.a, p.r.size, 0));
}

// --- eating ------------------------------------------------------------------------------------

void Day::member_hungry(const Event& e) {
  Party& p = parties_[e.a];
  if (p.state != PartyState::seated) return;
  Member& m = p.members[e.b];
  m.hungry = true;
  draw_wish(p, e.b, e.time);
  // The belt is stopped: nothing will pass, but the plate in front can be taken.
  if (odometer_.speed_at(e.time) == 0)
    offer_in_front(static_cast<std::uint32_t>(p.r.table), e.time);
}

void Day::offer_in_front(std::uint32_t table, SimTime now) {
  if (def_.customers.model != CustomerModel::parties || tables_[table].party == kNone) return;
  const Lane& lane = belt_.lanes[tables_[table].lane];
  const Micrometres reading = odometer_.at(now);
  // The slot whose edge passed the reach zone last, less than a pitch ago, is in front of it.
  const Micrometres at = mm_to_um(def_.tables[table].at_mm);
  const Micrometres x = ((at - reading) % lane.length + lane.length) % lane.length;
  const auto slot = static_cast<std::size_t>(x / lane.pitch);
  if (slot >= lane.slot_plate.size() || lane.slot_plate[slot] == kNoPlate) return;
  const std::uint32_t index = lane.slot_plate[slot];
  const Plate& p = plates_[index];
  const Micrometres travelled = reading - p.placed_at;
  const bool expired = is_expired(limits_[p.item], travelled, now - p.made);
  const bool blocked = controller_ != nullptr ? flagged(p, reading, now) : expired;
  offer_plate(table, index, travelled, blocked, expired, now);
}

void Day::draw_wish(Party& p, std::uint32_t member_index, SimTime now) {
  Member& m = p.members[member_index];
  m.wish = p.wishes(choice_rng_);
  ++m.wish_seq;
  const SimTime wait =
      def_.customers.ordered_only ? 0 : def_.customers.order_patience_s * kMsPerSecond;
  push(now + wait, Priority::people, EventKind::order_check, p.r.id,
       member_index + 16 * m.wish_seq);
}

void Day::order_check(const Event& e) {
  Party& p = parties_[e.a];
  const std::uint32_t member_index = e.b % 16;
  Member& m = p.members[member_index];
  if (p.state != PartyState::seated || !m.hungry || m.order != kNone || m.wish_seq != e.b / 16)
    return;
  if (!take_stock(m.wish)) {
    // Sold out: the wish fails; the member thinks of something else.
    ++p.r.failed_wishes;
    const SimTime retry = e.time + def_.customers.order_patience_s * kMsPerSecond;
    m.wish = p.wishes(choice_rng_);
    ++m.wish_seq;
    push(retry, Priority::people, EventKind::order_check, p.r.id, member_index + 16 * m.wish_seq);
    return;
  }
  m.order = static_cast<std::uint32_t>(orders_.size());
  orders_.push_back({p.r.id, member_index, m.wish, e.time});
  ++p.r.panel_orders;
  emit(party_event(e.time, TruthKind::panel_order, p.r.id, m.order,
                   static_cast<std::uint32_t>(p.r.table), m.wish));
  // With a controller, the kitchen makes it when the controller says so (MakeOrderCmd).
  if (controller_ != nullptr) {
    send(PanelOrderMsg{e.time, p.r.id, static_cast<std::uint32_t>(p.r.table), m.wish, m.order});
  } else {
    add_kitchen_job({m.wish, 0, m.order}, e.time);
  }
}

bool Day::offer_plate(std::uint32_t table, std::uint32_t plate_index, Micrometres travelled,
                      bool blocked, bool expired, SimTime now) {
  Plate& plate = plates_[plate_index];
  if (def_.customers.model == CustomerModel::stand_in) {
    if (!stand_in_takes(blocked)) return false;
    if (expired) ++result_.freshness_violations;
    end_plate(plate_index, now, PlateFate::eaten, travelled, table);
    return true;
  }
  // A plate on a marked stand is for the party that ordered it; once that party has gone it is an
  // ordinary plate.
  if (plate.order != kNone && parties_[orders_[plate.order].party].state == PartyState::gone)
    plate.order = kNone;
  const std::uint32_t party_index = tables_[table].party;
  if (party_index == kNone || blocked) return false;
  Party& p = parties_[party_index];
  if (plate.order != kNone) {
    const Order& o = orders_[plate.order];
    if (o.party != party_index) return false;
    if (expired) ++result_.freshness_violations;
    end_plate(plate_index, now, PlateFate::eaten, travelled, table);
    eat(party_index, o.member, plate_index, now, true);
    return true;
  }
  // The member who wished for this item takes it; otherwise a hungry member may fancy it. Either
  // is put off by a plate that has been going round a long time.
  const double appeal = plate_appeal(def_.customers.freshness, now - plate.made);
  const std::uint32_t taker =
      choose_taker(p, plate.item, def_.customers.opportunistic_take, appeal, choice_rng_);
  if (taker == kNone) return false;
  if (expired) ++result_.freshness_violations;
  end_plate(plate_index, now, PlateFate::eaten, travelled, table);
  eat(party_index, taker, plate_index, now, false);
  return true;
}

void Day::eat(std::uint32_t party_index, std::uint32_t member_index, std::uint32_t plate_index,
              SimTime now, bool ordered) {
  Party& p = parties_[party_index];
  Member& m = p.members[member_index];
  const std::uint16_t item = plates_[plate_index].item;
  ++m.eaten;
  m.hungry = false;
  m.last_eat = now;
  if (ordered) {
    const Order& o = orders_[m.order];
    const std::uint32_t lane = plates_[plate_index].lane;
    result_.orders.push_back(
        {p.r.id, item, lane, o.ordered, o.started, o.cooked, now, lane >= def_.belt.lanes.size()});
    m.order = kNone;
    ++p.r.ordered_eaten;
  } else {
    ++p.r.found_on_belt;
  }
  ++p.r.plates;
  if (static_cast<double>(now - plates_[plate_index].made) >
      def_.customers.freshness.tired_min * static_cast<double>(kMsPerMinute)) {
    ++p.r.tired_plates;
    ++result_.tired_eaten;
  }
  p.stacked.push_back(plate_index);
  p.r.spend_yen += def_.menu[item].price_yen;
  p.r.cost_yen += def_.menu[item].cost_yen;
  if (p.r.first_plate < 0) p.r.first_plate = now;
  if (m.eaten < m.appetite) {
    push(ready_time(m, p.r.seated, def_.customers.min_s_per_plate * kMsPerSecond), Priority::people,
         EventKind::member_hungry, party_index, member_index);
  } else if (++p.satiated == static_cast<std::int32_t>(p.members.size()) &&
             !def_.customers.exponential_stay_min) {
    push(now + def_.customers.pay_s * kMsPerSecond, Priority::people, EventKind::party_leave,
         party_index);
  }
}

// --- leaving -----------------------------------------------------------------------------------

void Day::party_leave(const Event& e) {
  if (parties_[e.a].state == PartyState::seated) leave(e.a, e.time);
}

void Day::leave(std::uint32_t party_index, SimTime now) {
  Party& p = parties_[party_index];
  p.state = PartyState::gone;
  p.r.left = now;
  const auto table = static_cast<std::uint32_t>(p.r.table);
  tables_[table].party = kNone;
  tables_[table].cleaning = true;
  count_seated_time(p, now);
  lane_people_[tables_[table].lane] -= p.r.size;
  set_occupied(now, -1);
  emit(party_event(now, TruthKind::party_left, party_index, static_cast<std::uint32_t>(p.r.plates),
                   table));
  checkout(p, now);
  push(now + def_.customers.cleaning_s * kMsPerSecond, Priority::people, EventKind::table_ready,
       table);
}

void Day::table_ready(const Event& e) {
  tables_[e.a].cleaning = false;
  emit(party_event(e.time, TruthKind::table_ready, 0, 0, e.a));
  try_seat(e.time);
}

// The party pays for the plates stacked at its table; then they go to be washed and reused.
void Day::checkout(Party& p, SimTime now) {
  if (controller_ != nullptr) {
    CheckoutMsg bill{now, p.r.id, static_cast<std::uint32_t>(p.r.table), {}};
    for (std::uint32_t index : p.stacked) bill.tags.push_back(index);
    send(bill);
  }
  for (std::uint32_t index : p.stacked) release_plate(index);
  p.stacked.clear();
}

double Day::lane_load(std::uint32_t lane) const {
  return lane_seats_[lane] == 0 ? 0.0 : static_cast<double>(lane_people_[lane]) / lane_seats_[lane];
}

void Day::count_seated_time(const Party& p, SimTime now) {
  result_.lanes[tables_[static_cast<std::size_t>(p.r.table)].lane].people_minutes_seated +=
      static_cast<double>(p.r.size) * static_cast<double>(now - p.r.seated) /
      static_cast<double>(kMsPerMinute);
}

void Day::set_occupied(SimTime now, std::int32_t delta) {
  result_.occupied_table_ms +=
      static_cast<double>(occupied_tables_) * static_cast<double>(now - occupied_since_);
  occupied_since_ = now;
  occupied_tables_ += delta;
}

void Day::close_customers() {
  set_occupied(def_.close, 0);
  for (Party& p : parties_) {
    if (p.state == PartyState::seated) {
      p.r.at_close = true;
      p.r.left = def_.close;
      count_seated_time(p, def_.close);
      checkout(p, def_.close);
    } else if (p.state == PartyState::queued) {
      p.r.fate = PartyFate::unserved_at_close;
      p.r.left = def_.close;
    }
    result_.parties.push_back(p.r);
  }
}

}  // namespace kaiten::detail
