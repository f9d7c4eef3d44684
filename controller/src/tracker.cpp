#include "kaiten/controller/tracker.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>

namespace kaiten {

const char* to_string(PlateState state) {
  switch (state) {
    case PlateState::on_belt:
      return "on_belt";
    case PlateState::inferred_eaten:
      return "inferred_eaten";
    case PlateState::eaten:
      return "eaten";
    case PlateState::discarded:
      return "discarded";
    case PlateState::lost:
      return "lost";
  }
  return "?";
}

namespace {

std::vector<std::uint32_t> first_fifos(const StoreConfig& store) {
  std::vector<std::uint32_t> first;
  std::uint32_t n = 0;
  for (const LaneLayout& lane : store.lanes) {
    first.push_back(n);
    n += static_cast<std::uint32_t>(lane.route.size());
  }
  first.push_back(n);
  return first;
}

}  // namespace

PlateTracker::PlateTracker(const StoreConfig& store)
    : store_(store),
      tolerance_(store.pitch > 0 ? std::max<Micrometres>(store.pitch / 2, 1000) : 75'000),
      readers_(store.readers.size()),
      lane_fifo_(first_fifos(store)),
      due_(lane_fifo_.back()) {}

void PlateTracker::encoder(const EncoderReading& m) {
  advance(m.time, m.odometer);
  if (!segments_.empty() && (m.time < segments_.back().t || m.odometer < segments_.back().odo))
    return;
  segments_.push_back({m.time, m.odometer, m.speed_mm_s});
}

SimTime PlateTracker::time_at(Micrometres odo) const {
  // The last speed change before the belt reached `odo`: from there it ran at one speed.
  const auto seg = std::lower_bound(segments_.begin(), segments_.end(), odo,
                                    [](const Segment& s, Micrometres x) { return s.odo < x; });
  if (seg != segments_.begin()) {
    const Segment& s = *(seg - 1);
    // mm/s x ms = um: the first whole millisecond at which the reading is reached.
    if (s.speed_mm_s > 0) return s.t + (odo - s.odo + s.speed_mm_s - 1) / s.speed_mm_s;
  }
  if (samples_.empty()) return cur_t_;
  const auto it = std::lower_bound(
      samples_.begin(), samples_.end(), odo,
      [](const std::pair<Micrometres, SimTime>& s, Micrometres x) { return s.first < x; });
  if (it == samples_.end()) return cur_t_;
  if (it == samples_.begin() || it->first == odo) return it->second;
  // The belt runs at one speed between two samples (every speed change is reported), so the time
  // is a linear interpolation, rounded up to the first whole millisecond reaching the reading.
  const auto& [o0, t0] = *(it - 1);
  const auto& [o1, t1] = *it;
  const Micrometres travelled = odo - o0, span = o1 - o0;  // 0 < travelled < span
  const SimTime elapsed = t1 - t0;                         // >= 0: samples go forward
  // Exact in integers whenever the product fits, as between the messages of any real day (a day
  // is ~4e7 ms and ~4e9 um). Samples far apart in a hostile feed (up to its limits, docs/feed.md)
  // would overflow it: there the fraction of the span is taken in doubles, within a millisecond.
  if (elapsed == 0 || travelled <= (INT64_MAX - span) / elapsed)
    return t0 + (travelled * elapsed + span - 1) / span;
  const double fraction = static_cast<double>(travelled) / static_cast<double>(span);
  return std::min(t1,
                  t0 + static_cast<SimTime>(std::ceil(fraction * static_cast<double>(elapsed))));
}

Micrometres PlateTracker::pass_odo(const TrackedPlate& p, std::uint64_t pass) const {
  const LaneLayout& lane = store_.lanes[p.lane];
  const std::uint64_t m = lane.route.size();
  return p.placed_odo + lane.route[pass % m].from_kitchen +
         static_cast<Micrometres>(pass / m) * lane.length;
}

void PlateTracker::schedule(std::uint32_t id) {
  const TrackedPlate& p = plates_[id];
  const LaneLayout& lane = store_.lanes[p.lane];
  if (lane.route.empty()) return;
  const std::size_t at = p.next_pass % lane.route.size();
  const Checkpoint& c = lane.route[at];
  // A read may come up to the tolerance either side of the exact reading (a read exactly at the
  // tolerance still counts); a gate acts exactly at it.
  const Micrometres deadline = pass_odo(p, p.next_pass) + (c.gate ? 0 : tolerance_ + 1);
  due_.push(lane_fifo_[p.lane] + at, {deadline, id, p.next_pass});
}

void PlateTracker::add_live(std::uint32_t id) {
  if (plates_[id].live_index != UINT32_MAX) return;
  plates_[id].live_index = static_cast<std::uint32_t>(live_.size());
  live_.push_back(id);
}

void PlateTracker::remove_live(std::uint32_t id) {
  const std::uint32_t at = plates_[id].live_index;
  if (at == UINT32_MAX) return;
  live_[at] = live_.back();
  plates_[live_[at]].live_index = at;
  live_.pop_back();
  plates_[id].live_index = UINT32_MAX;
}

void PlateTracker::change(PlateChangeKind kind, std::uint32_t id, SimTime t) {
  changes_.push_back({kind, id, t, plates_[id].eaten_time});
}

void PlateTracker::retire_tag(std::uint32_t tag, SimTime t) {
  const std::uint32_t previous = by_tag_.find(tag);
  if (previous == TagIndex::kNone) return;
  // A tag is reused only after its plate was checked out or discarded; anything else means
  // the old plate left unseen (it cannot have been eaten by a party that has not paid).
  // Washed and reused, so it was discarded: at the gate where it was flagged, if any.
  TrackedPlate& old = plates_[previous];
  if (old.state == PlateState::on_belt || old.state == PlateState::inferred_eaten) {
    ++stats_.reused_while_open;
    const bool inferred = old.state == PlateState::inferred_eaten;
    if (!settle_uneaten(previous)) {
      remove_live(previous);
      old.state = PlateState::lost;
      old.ended_time = t;
      change(inferred ? PlateChangeKind::lost_inferred : PlateChangeKind::lost_unseen, previous, t);
    }
  }
}

std::uint32_t PlateTracker::deliver(const ExpressSent& m) {
  ++stats_.placed;
  ++stats_.delivered;
  const auto id = static_cast<std::uint32_t>(plates_.size());
  retire_tag(m.tag, m.time);
  by_tag_.set(m.tag, id);
  TrackedPlate p;
  p.tag = m.tag;
  p.item = m.item;
  p.order = m.order;
  p.express = true;
  p.placed_time = m.time;
  p.last_seen_time = m.time;
  p.state = PlateState::inferred_eaten;
  p.eaten_time = m.arrives;
  p.ended_time = m.time;
  plates_.push_back(p);
  ++stats_.inferred;
  change(PlateChangeKind::inferred_eaten, id, m.time);
  return id;
}

std::uint32_t PlateTracker::place(const PlatePlaced& m) {
  advance(m.time, m.odometer);
  ++stats_.placed;
  const auto id = static_cast<std::uint32_t>(plates_.size());
  retire_tag(m.tag, m.time);
  by_tag_.set(m.tag, id);
  TrackedPlate p;
  p.tag = m.tag;
  p.lane = m.lane;
  p.item = m.item;
  p.order = m.order;
  p.placed_time = m.time;
  p.placed_odo = m.odometer;
  const DiscardLimit& limit = store_.items[m.item].limit;
  if (limit.kind == DiscardRuleKind::distance) {
    p.expire_odo = m.odometer + limit.value;
  } else {
    p.expire_time = m.time + limit.value;
  }
  p.last_seen_time = m.time;
  p.last_seen_odo = m.odometer;
  plates_.push_back(p);
  add_live(id);
  schedule(id);
  return id;
}

void PlateTracker::read(const TagRead& r) {
  ++stats_.reads;
  if (r.reader >= readers_.size()) {
    ++stats_.stray_reads;
    return;
  }
  ReaderState& reader = readers_[r.reader];
  reader.unseen = 0;
  reader.down = false;
  const std::uint32_t id = by_tag_.find(r.tag);
  if (id == TagIndex::kNone) {
    ++stats_.stray_reads;
    return;
  }
  TrackedPlate& p = plates_[id];
  const ReaderLayout& where = store_.readers[r.reader];
  if (p.express || p.state == PlateState::eaten || p.state == PlateState::lost ||
      where.lane != p.lane) {
    ++stats_.stray_reads;
    return;
  }
  const LaneLayout& lane = store_.lanes[p.lane];
  // Which pass of this reader: the lap that puts the expected reading nearest the read.
  const Micrometres rel = r.odometer - p.placed_odo - where.from_kitchen;
  const Micrometres lap = rel < -lane.length / 2 ? -1 : (rel + lane.length / 2) / lane.length;
  const Micrometres expected = p.placed_odo + where.from_kitchen + lap * lane.length;
  const bool on_position = lap >= 0 && std::abs(r.odometer - expected) <= tolerance_;
  const std::int64_t pass =
      on_position ? lap * static_cast<std::int64_t>(lane.route.size()) + where.checkpoint : -1;
  if (on_position && pass == p.last_read_pass) {
    ++stats_.duplicate_reads;
    return;
  }
  if (!on_position) ++stats_.off_position_reads;
  // Any read proves the tag is on the belt now, so the readers that missed it since its last read
  // missed a plate that was there.
  for (std::uint8_t k = 0; k < p.unseen_count; ++k) {
    ReaderState& q = readers_[p.unseen_by[k]];
    if (p.unseen_by[k] == r.reader || q.down) continue;
    if (++q.unseen >= kReaderDownAfter) {
      q.down = true;
      ++stats_.reader_outages;
    }
  }
  p.unseen_count = 0;
  if (p.state == PlateState::inferred_eaten) {
    ++stats_.uninferred;
    change(PlateChangeKind::uninferred, id, r.time);
  } else if (p.state == PlateState::discarded) {
    ++stats_.undiscarded;
    change(PlateChangeKind::undiscarded, id, r.time);
  }
  const bool revived = p.state != PlateState::on_belt;
  p.state = PlateState::on_belt;
  p.eaten_time = -1;
  p.ended_time = -1;
  add_live(id);
  p.last_seen_time = r.time;
  p.last_seen_odo = r.odometer;
  p.missed = 0;
  if (on_position) {
    ++p.reads;
    p.last_read_pass = pass;
    if (static_cast<std::uint64_t>(pass) >= p.next_pass) {
      p.next_pass = static_cast<std::uint64_t>(pass) + 1;
      schedule(id);
      return;
    }
  }
  if (revived) schedule(id);
}

void PlateTracker::advance(SimTime t, Micrometres odometer) {
  const bool first = samples_.empty();
  if (first || (odometer >= cur_odo_ && t >= cur_t_ && (odometer != cur_odo_ || t != cur_t_))) {
    cur_t_ = t;
    cur_odo_ = odometer;
    samples_.emplace_back(odometer, t);
    if (samples_.size() > kSamples) samples_.pop_front();
  }
  while (!due_.empty() && due_.top_deadline() <= cur_odo_) {
    const DuePass due = due_.top();
    // Before closing time every pass due has happened: its reading is at or before its deadline.
    if (cur_t_ >= store_.close && !happened(pass_odo(plates_[due.plate], due.pass))) break;
    due_.pop();
    const TrackedPlate& p = plates_[due.plate];
    if (p.state == PlateState::on_belt && p.next_pass == due.pass) process(due);  // else stale
  }
}

void PlateTracker::process(const DuePass& due) {
  TrackedPlate& p = plates_[due.plate];
  if (p.state != PlateState::on_belt || p.next_pass != due.pass) return;  // stale
  const LaneLayout& lane = store_.lanes[p.lane];
  const Checkpoint& c = lane.route[due.pass % lane.route.size()];
  const Micrometres at = pass_odo(p, due.pass);
  const SimTime t = time_at(at);
  if (c.gate) {
    if (flagged(p, at, t)) {
      p.state = PlateState::discarded;
      p.ended_time = t;
      remove_live(due.plate);
      ++stats_.discarded;
      change(PlateChangeKind::discarded, due.plate, t);
      return;
    }
  } else {
    ++stats_.missed_passes;
    const ReaderState& reader = readers_[c.reader];
    if (p.unseen_count == p.unseen_by.size()) {
      std::copy(p.unseen_by.begin() + 1, p.unseen_by.end(), p.unseen_by.begin());
      --p.unseen_count;
    }
    p.unseen_by[p.unseen_count++] = c.reader;
    if (reader.down) {
      ++stats_.misses_at_down_readers;
    } else {
      if (p.missed++ == 0) p.first_miss_time = t;
      if (p.missed >= std::max(1, store_.controller.missed_reads_to_infer)) {
        // Taken somewhere between where it was last seen and the first reader that missed it:
        // estimate the midpoint in time. A flagged plate is never taken, so a plate missing
        // after its flag was taken before it.
        p.state = PlateState::inferred_eaten;
        p.eaten_time = p.last_seen_time + (p.first_miss_time - p.last_seen_time) / 2;
        p.eaten_time = std::min(p.eaten_time, flag_time(p));
        p.ended_time = t;
        remove_live(due.plate);
        ++stats_.inferred;
        change(PlateChangeKind::inferred_eaten, due.plate, t);
        return;
      }
    }
  }
  ++p.next_pass;
  schedule(due.plate);
}

bool PlateTracker::happened(Micrometres at) const {
  // At closing time the belt's day is over: a pass due at that very instant does not happen.
  return at <= cur_odo_ && (cur_t_ < store_.close || time_at(at) < store_.close);
}

SimTime PlateTracker::flag_time(const TrackedPlate& p) const {
  SimTime t = p.expire_time;
  if (p.expire_odo != INT64_MAX && p.expire_odo <= cur_odo_) t = std::min(t, time_at(p.expire_odo));
  return std::max(t, p.last_seen_time);
}

CheckoutOutcome PlateTracker::checkout(std::uint32_t tag, SimTime t, std::uint32_t* plate_id) {
  const std::uint32_t id = by_tag_.find(tag);
  if (id == TagIndex::kNone) return CheckoutOutcome::unknown_tag;
  if (plate_id != nullptr) *plate_id = id;
  TrackedPlate& p = plates_[id];
  switch (p.state) {
    case PlateState::eaten:
      return CheckoutOutcome::already_counted;
    case PlateState::lost:
      return CheckoutOutcome::unknown_tag;
    case PlateState::inferred_eaten:
      p.state = PlateState::eaten;
      return CheckoutOutcome::confirmed;
    case PlateState::on_belt:
    case PlateState::discarded: {
      const bool discarded = p.state == PlateState::discarded;
      remove_live(id);
      p.state = PlateState::eaten;
      p.ended_time = t;
      // Eaten after it was last seen and before the checkout: between its last read and the first
      // reader that missed it if any did, else at most two minutes after it was last seen.
      const SimTime seen = p.last_seen_time;
      const SimTime until = p.missed > 0 ? p.first_miss_time : std::min(t, seen + 4 * kMsPerMinute);
      p.eaten_time = std::clamp(seen + (until - seen) / 2, seen, std::max(seen, t));
      return discarded ? CheckoutOutcome::was_discarded : CheckoutOutcome::counted;
    }
  }
  return CheckoutOutcome::unknown_tag;
}

bool PlateTracker::settle_uneaten(std::uint32_t id) {
  TrackedPlate& p = plates_[id];
  if (p.state == PlateState::inferred_eaten) {
    ++stats_.uninferred;
    change(PlateChangeKind::uninferred, id, cur_t_);
    if (p.express) {
      // Delivered but never paid for: it never rode the belt, so it is lost.
      p.state = PlateState::lost;
      p.eaten_time = -1;
      p.ended_time = cur_t_;
      change(PlateChangeKind::lost_inferred, id, cur_t_);
      return true;
    }
    p.state = PlateState::on_belt;
    p.eaten_time = -1;
    p.ended_time = -1;
    add_live(id);
  }
  if (p.express) return true;  // lost already
  const LaneLayout& lane = store_.lanes[p.lane];
  for (std::uint64_t pass = p.next_pass; !lane.route.empty(); ++pass) {
    const Micrometres at = pass_odo(p, pass);
    if (!happened(at)) break;
    if (!lane.route[pass % lane.route.size()].gate) continue;
    const SimTime t = time_at(at);
    if (!flagged(p, at, t)) continue;
    p.state = PlateState::discarded;
    p.ended_time = t;
    remove_live(id);
    ++stats_.discarded;
    change(PlateChangeKind::discarded, id, t);
    return true;
  }
  return false;
}

std::int64_t PlateTracker::close_day() {
  std::int64_t withdrawn = 0;
  for (std::uint32_t id = 0; id < plates_.size(); ++id) {
    if (plates_[id].state != PlateState::inferred_eaten) continue;
    ++withdrawn;
    settle_uneaten(id);
  }
  return withdrawn;
}

}  // namespace kaiten
