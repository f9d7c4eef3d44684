#pragma once
// A toy store for controller tests: an independent, message-level model of a belt with plates,
// readers (with faults), tables and parties, written only from the domain rules. It produces the
// sensor messages a controller would get and the ground truth of what happened, so tests can
// compare the controller's conclusions with the truth. It is open loop (it ignores commands): the
// kitchen places a plate every `place_every` ms, lanes in turn.
#include <algorithm>
#include <queue>
#include <random>
#include <vector>

#include "kaiten/core/rng.hpp"
#include "kaiten/core/scenario.hpp"
#include "kaiten/core/sensor.hpp"

namespace kaiten::testing {

struct ToyParty {
  std::uint32_t table = 0;
  SimTime seated = 0;
  SimTime leaves = 0;  ///< checkout time (closing time at the latest)
  std::uint8_t adults = 2;
  std::uint8_t children = 0;
  std::int32_t appetite = 10;  ///< plates the party eats at most
};

struct ToyOptions {
  std::uint64_t seed = 1;
  double miss_rate = 0.0;
  double duplicate_rate = 0.0;
  int outage_reader = -1;  ///< this reader sends nothing in [outage_from, outage_to)
  SimTime outage_from = 0;
  SimTime outage_to = 0;
  SimTime stop_from = -1;  ///< the belt stands still in [stop_from, stop_to)
  SimTime stop_to = -1;
  SimTime place_every = 10 * kMsPerSecond;
  double take_probability = 0.08;  ///< per pass of a table with a hungry party
  std::vector<ToyParty> parties;
};

struct ToyTruth {
  std::int64_t made = 0;
  std::int64_t eaten = 0;
  std::int64_t discarded = 0;
  std::int64_t on_belt_at_close = 0;
  std::int64_t eaten_flagged = 0;  ///< always 0: the toy never lets a flagged plate be taken
  std::vector<std::int64_t> eaten_per_item;
  std::vector<std::int64_t> discarded_per_item;
};

struct ToyDay {
  std::vector<SensorMessage> messages;
  ToyTruth truth;
};

class ToyStore {
 public:
  ToyStore(const ScenarioDef& def, const ToyOptions& o)
      : def_(def), o_(o), rng_(make_stream(o.seed, RngStream::sensor_faults)) {
    for (std::size_t l = 0; l < def.belt.lanes.size(); ++l) {
      const LaneDef& lane = def.belt.lanes[l];
      Lane out;
      out.length = mm_to_um(lane.length_mm);
      for (const auto& p : lane.points)
        if (p.kind == PointKind::kitchen) out.kitchen = mm_to_um(p.at_mm);
      for (const auto& p : lane.points) {
        if (p.kind == PointKind::reader) {
          out.points.push_back({dist(out, p.at_mm), Kind::reader, reader_count_++});
        } else if (p.kind == PointKind::discard_gate) {
          out.points.push_back({dist(out, p.at_mm), Kind::gate, 0});
        }
      }
      for (std::uint32_t t = 0; t < def.tables.size(); ++t)
        if (def.tables[t].lane == lane.id)
          out.points.push_back({dist(out, def.tables[t].at_mm), Kind::table, t});
      std::sort(out.points.begin(), out.points.end(),
                [](const Point& a, const Point& b) { return a.d < b.d; });
      lanes_.push_back(out);
    }
    table_party_.assign(def.tables.size(), -1);
    truth_.eaten_per_item.assign(def.menu.size(), 0);
    truth_.discarded_per_item.assign(def.menu.size(), 0);
  }

  ToyDay run() {
    const std::int32_t speed = def_.belt.speed_mm_s;
    emit(EncoderReading{def_.open, 0, speed});
    if (o_.stop_from >= 0) {
      push(o_.stop_from, Ev::stop, 0, 0);
      push(o_.stop_to, Ev::start, 0, 0);
    }
    for (SimTime t = def_.open; t <= def_.close; t += def_.controller.tick_s * kMsPerSecond)
      push(t, Ev::tick, 0, 0);
    for (SimTime t = def_.open; t < def_.close; t += o_.place_every) push(t, Ev::place, 0, 0);
    for (std::uint32_t p = 0; p < o_.parties.size(); ++p) {
      push(o_.parties[p].seated, Ev::seat, p, 0);
      push(std::min(o_.parties[p].leaves, def_.close), Ev::leave, p, 0);
    }
    party_plates_.assign(o_.parties.size(), {});
    while (!q_.empty()) {
      const Event e = q_.top();
      q_.pop();
      if (e.time > def_.close) continue;
      switch (e.kind) {
        case Ev::tick:
          emit(ClockTick{e.time, odo(e.time)});
          break;
        case Ev::stop:
          emit(EncoderReading{e.time, odo(e.time), 0});
          break;
        case Ev::start:
          emit(EncoderReading{e.time, odo(e.time), speed});
          break;
        case Ev::place:
          place(e.time);
          break;
        case Ev::pass:
          pass(e);
          break;
        case Ev::seat: {
          const ToyParty& p = o_.parties[e.a];
          table_party_[p.table] = static_cast<int>(e.a);
          emit(PartySeatedMsg{e.time, e.a, p.table, p.adults, p.children});
          break;
        }
        case Ev::leave: {
          const ToyParty& p = o_.parties[e.a];
          table_party_[p.table] = -1;
          CheckoutMsg m{e.time, e.a, p.table, {}};
          for (const std::uint32_t plate : party_plates_[e.a]) {
            m.tags.push_back(plates_[plate].tag);
            free_tags_.push_back(plates_[plate].tag);
          }
          emit(m);
          break;
        }
      }
    }
    for (const Plate& p : plates_) truth_.on_belt_at_close += p.alive ? 1 : 0;
    return {std::move(messages_), truth_};
  }

  // The odometer with one optional stop: speed x running time.
  Micrometres odo(SimTime t) const {
    const SimTime v = def_.belt.speed_mm_s;
    if (o_.stop_from < 0 || t <= o_.stop_from) return (t - def_.open) * v;
    if (t <= o_.stop_to) return (o_.stop_from - def_.open) * v;
    return (t - def_.open - (o_.stop_to - o_.stop_from)) * v;
  }
  SimTime time_reaching(Micrometres reading) const {
    const SimTime v = def_.belt.speed_mm_s;
    const SimTime t = def_.open + (reading + v - 1) / v;
    if (o_.stop_from < 0 || t <= o_.stop_from) return t;
    return t + (o_.stop_to - o_.stop_from);
  }

 private:
  enum class Kind { reader, gate, table };
  struct Point {
    Micrometres d = 0;
    Kind kind = Kind::reader;
    std::uint32_t index = 0;
  };
  struct Lane {
    Micrometres length = 0;
    Micrometres kitchen = 0;
    std::vector<Point> points;
  };
  struct Plate {
    std::uint32_t tag = 0;
    std::uint8_t lane = 0;
    std::uint16_t item = 0;
    Micrometres placed = 0;
    bool alive = true;
  };
  enum class Ev { tick, stop, start, place, pass, seat, leave };
  struct Event {
    SimTime time = 0;
    std::uint64_t seq = 0;
    Ev kind = Ev::tick;
    std::uint32_t a = 0;
    std::uint64_t b = 0;  ///< pass number for Ev::pass
    bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };

  static Micrometres dist(const Lane& lane, std::int64_t at_mm) {
    const Micrometres d =
        ((mm_to_um(at_mm) - lane.kitchen) % lane.length + lane.length) % lane.length;
    return d == 0 ? lane.length : d;
  }
  void push(SimTime t, Ev kind, std::uint32_t a, std::uint64_t b) {
    q_.push({t, seq_++, kind, a, b});
  }
  template <class M>
  void emit(const M& m) {
    messages_.push_back(m);
  }
  Micrometres pass_odo(const Plate& p, std::uint64_t n) const {
    const Lane& lane = lanes_[p.lane];
    return p.placed + lane.points[n % lane.points.size()].d +
           static_cast<Micrometres>(n / lane.points.size()) * lane.length;
  }
  void schedule_pass(std::uint32_t plate, std::uint64_t n) {
    const SimTime t = time_reaching(pass_odo(plates_[plate], n));
    if (t <= def_.close) push(t, Ev::pass, plate, n);
  }

  void place(SimTime t) {
    const auto lane = static_cast<std::uint8_t>(next_lane_++ % lanes_.size());
    std::uint32_t tag = 0;
    if (!free_tags_.empty()) {
      tag = free_tags_.front();
      free_tags_.erase(free_tags_.begin());
    } else {
      tag = next_tag_++;
    }
    const auto item = static_cast<std::uint16_t>((made_++ * 7 + lane) % def_.menu.size());
    plates_.push_back({tag, lane, item, odo(t), true});
    ++truth_.made;
    emit(PlatePlaced{t, tag, lane, item, odo(t), kNoOrder});
    schedule_pass(static_cast<std::uint32_t>(plates_.size() - 1), 0);
  }

  void pass(const Event& e) {
    Plate& p = plates_[e.a];
    const Lane& lane = lanes_[p.lane];
    const Point& point = lane.points[e.b % lane.points.size()];
    const Micrometres at = pass_odo(p, e.b);
    const bool expired = at - p.placed >= def_.discard.distance_mm * 1000;
    switch (point.kind) {
      case Kind::reader: {
        const bool out = static_cast<int>(point.index) == o_.outage_reader &&
                         e.time >= o_.outage_from && e.time < o_.outage_to;
        if (out || uniform01(rng_) < o_.miss_rate) break;
        emit(TagRead{e.time, p.tag, point.index, at});
        if (uniform01(rng_) < o_.duplicate_rate) emit(TagRead{e.time, p.tag, point.index, at});
        break;
      }
      case Kind::gate:
        if (expired) {
          p.alive = false;
          ++truth_.discarded;
          ++truth_.discarded_per_item[p.item];
          free_tags_.push_back(p.tag);
          return;
        }
        break;
      case Kind::table: {
        const int party = table_party_[point.index];
        if (party < 0 || expired) break;
        auto& stack = party_plates_[static_cast<std::size_t>(party)];
        if (static_cast<std::int32_t>(stack.size()) >= o_.parties[party].appetite) break;
        if (uniform01(rng_) >= o_.take_probability) break;
        p.alive = false;
        stack.push_back(e.a);
        ++truth_.eaten;
        ++truth_.eaten_per_item[p.item];
        return;
      }
    }
    schedule_pass(e.a, e.b + 1);
  }

  const ScenarioDef& def_;
  ToyOptions o_;
  std::mt19937_64 rng_;
  std::vector<Lane> lanes_;
  std::uint32_t reader_count_ = 0;
  std::vector<Plate> plates_;
  std::vector<std::uint32_t> free_tags_;
  std::uint32_t next_tag_ = 1;
  std::uint32_t next_lane_ = 0;
  std::uint32_t made_ = 0;
  std::uint64_t seq_ = 0;
  std::vector<int> table_party_;
  std::vector<std::vector<std::uint32_t>> party_plates_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> q_;
  std::vector<SensorMessage> messages_;
  ToyTruth truth_;
};

/// Parties one after another at every table: each stays `stay` and the table is free for `gap`.
inline std::vector<ToyParty> steady_parties(const ScenarioDef& def, SimTime stay, SimTime gap,
                                            std::int32_t appetite) {
  std::vector<ToyParty> parties;
  for (std::uint32_t t = 0; t < def.tables.size(); ++t)
    for (SimTime s = def.open + gap * (t + 1); s < def.close; s += stay + gap)
      parties.push_back({t, s, s + stay, 2, static_cast<std::uint8_t>(t % 2), appetite});
  std::sort(parties.begin(), parties.end(),
            [](const ToyParty& a, const ToyParty& b) { return a.seated < b.seated; });
  return parties;
}

}  // namespace kaiten::testing
