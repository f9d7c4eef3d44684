// PlateTracker against the tracker as it was before its passes due went into per-checkpoint
// FIFOs (reference_tracker.hpp: one std::priority_queue), on random feeds with missed,
// duplicated, off-position, stray and late reads, reused tags, belt stops, speed changes,
// checkouts and express deliveries, across closing time. Every state change is compared after
// every message: the changes drained, every plate's fields, the live list in its order (the
// controller sums over it), the counters and the readers taken as down.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "controller_scenarios.hpp"
#include "kaiten/controller/tracker.hpp"
#include "reference_tracker.hpp"

namespace kaiten {
namespace {

auto fields(const TrackedPlate& p) {
  return std::make_tuple(p.tag, p.lane, p.item, p.order, p.placed_time, p.placed_odo, p.expire_odo,
                         p.expire_time, p.state, p.last_seen_time, p.last_seen_odo, p.reads,
                         p.eaten_time, p.ended_time, p.next_pass, p.last_read_pass, p.missed,
                         p.first_miss_time, p.unseen_by, p.unseen_count, p.live_index, p.express);
}

auto fields(const PlateChange& c) {
  return std::make_tuple(c.kind, c.plate, c.time, c.eaten_time);
}

auto fields(const TrackerStats& s) {
  return std::make_tuple(s.placed, s.delivered, s.reads, s.duplicate_reads, s.stray_reads,
                         s.off_position_reads, s.missed_passes, s.misses_at_down_readers,
                         s.inferred, s.uninferred, s.discarded, s.undiscarded, s.reader_outages,
                         s.reused_while_open);
}

/// Both trackers in the same state; drains their changes.
void expect_same(PlateTracker& got, testing::ReferenceTracker& want, const std::string& where) {
  ASSERT_EQ(got.changes().size(), want.changes().size()) << where;
  for (std::size_t i = 0; i < want.changes().size(); ++i)
    ASSERT_TRUE(fields(got.changes()[i]) == fields(want.changes()[i])) << where << ", change " << i;
  got.changes().clear();
  want.changes().clear();
  ASSERT_EQ(got.plates().size(), want.plates().size()) << where;
  for (std::size_t i = 0; i < want.plates().size(); ++i)
    ASSERT_TRUE(fields(got.plates()[i]) == fields(want.plates()[i])) << where << ", plate " << i;
  ASSERT_EQ(got.live(), want.live()) << where;
  ASSERT_TRUE(fields(got.stats()) == fields(want.stats())) << where;
  ASSERT_EQ(got.odometer(), want.odometer()) << where;
  ASSERT_EQ(got.now(), want.now()) << where;
  ASSERT_EQ(got.time_at(got.odometer() / 2), want.time_at(want.odometer() / 2)) << where;
}

/// How hostile a feed is.
struct Feed {
  double miss = 0.1;          ///< a read not sent
  double duplicate = 0.05;    ///< a read sent twice
  double off_position = 0.0;  ///< a read's odometer beyond the tolerance
  double stray = 0.0;         ///< per step: a read of any tag at any reader and reading
  double taken = 0.01;        ///< per plate and step: a diner takes it
  double place = 0.5;         ///< per step: a plate placed (sometimes two at once)
  std::uint32_t tags = 60;    ///< tag pool: small, so tags are reused, some while open
  double backwards = 0.0;     ///< per step: a message with an earlier time or reading
  double stop = 0.02;         ///< per step: the belt stops or restarts, or changes speed
};

/// A plate the test's belt carries (the truth, which the trackers only see through reads).
struct Riding {
  std::uint32_t tag = 0;
  std::uint32_t lane = 0;
  Micrometres placed_odo = 0;
  bool taken = false;
};

void run(const Feed& f, std::uint64_t seed, int steps) {
  const StoreConfig store = store_config(testing::small_store());
  PlateTracker got(store);
  testing::ReferenceTracker want(store);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto pick = [&](std::uint64_t n) { return n == 0 ? 0 : rng() % n; };
  const Micrometres tolerance = std::max<Micrometres>(store.pitch / 2, 1000);

  // Start somewhere in the day so that most feeds run through closing time.
  SimTime t = store.close - static_cast<SimTime>(pick(40 * kMsPerMinute)) - 1;
  Micrometres odo = static_cast<Micrometres>(pick(50'000'000));
  std::int32_t speed = 100;
  std::vector<Riding> belt;
  std::vector<std::uint32_t> eaten_tags;
  std::uint32_t next_order = 1;
  std::string where;

  const auto send_encoder = [&](SimTime at, Micrometres reading, std::int32_t mm_s) {
    got.encoder({at, reading, mm_s});
    want.encoder({at, reading, mm_s});
  };
  const auto send_read = [&](const TagRead& r) {
    // As the controller: the encoder moves to the read's reading first.
    got.advance(r.time, r.odometer);
    got.read(r);
    want.advance(r.time, r.odometer);
    want.read(r);
  };
  send_encoder(t, odo, speed);
  for (int step = 0; step < steps; ++step) {
    where = "seed " + std::to_string(seed) + ", step " + std::to_string(step);
    // The belt moves on; the reads of every plate it carries past a reader, in reading order.
    const SimTime dt = static_cast<SimTime>(pick(2500));
    const Micrometres from = odo;
    const Micrometres to = odo + speed * dt;
    std::vector<TagRead> reads;
    for (const Riding& p : belt) {
      if (p.taken) continue;
      const LaneLayout& lane = store.lanes[p.lane];
      for (std::uint32_t r = 0; r < store.readers.size(); ++r) {
        const ReaderLayout& reader = store.readers[r];
        if (reader.lane != p.lane) continue;
        // Passes of this reader with exact readings in (from, to].
        Micrometres at = p.placed_odo + reader.from_kitchen;
        if (at <= from) at += ((from - at) / lane.length + 1) * lane.length;
        for (; at <= to; at += lane.length) {
          if (u(rng) < f.miss) continue;
          Micrometres jitter = static_cast<Micrometres>(pick(2 * tolerance + 1)) - tolerance;
          if (u(rng) < f.off_position) jitter += (jitter < 0 ? -1 : 1) * (tolerance + 1);
          const Micrometres reading = std::max<Micrometres>(from, at + jitter);
          const SimTime when = speed > 0 ? t + (reading - from) / speed : t;
          reads.push_back({when, p.tag, r, reading});
          if (u(rng) < f.duplicate) reads.push_back(reads.back());
        }
      }
    }
    std::stable_sort(reads.begin(), reads.end(),
                     [](const TagRead& a, const TagRead& b) { return a.odometer < b.odometer; });
    for (const TagRead& r : reads) {
      send_read(r);
      ASSERT_NO_FATAL_FAILURE(expect_same(got, want, where + " (read)"));
    }
    t += dt;
    odo = to;
    if (u(rng) < f.backwards) {
      // A message from before the last one: neither the time nor the reading go back.
      const SimTime back = t - static_cast<SimTime>(pick(5000));
      const Micrometres behind = odo - static_cast<Micrometres>(pick(500'000));
      got.advance(back, behind);
      want.advance(back, behind);
    }
    got.advance(t, odo);
    want.advance(t, odo);
    ASSERT_NO_FATAL_FAILURE(expect_same(got, want, where + " (advance)"));

    if (u(rng) < f.stop) {
      const std::int32_t speeds[] = {0, 50, 100, 137, 250};
      speed = speeds[pick(5)];
      send_encoder(t, odo, speed);
      ASSERT_NO_FATAL_FAILURE(expect_same(got, want, where + " (speed)"));
    }
    if (u(rng) < f.place) {
      const int n = u(rng) < 0.2 ? 2 : 1;  // two at one instant: equal deadlines
      for (int k = 0; k < n; ++k) {
        PlatePlaced m;
        m.time = t;
        m.tag = static_cast<std::uint32_t>(pick(f.tags));
        m.lane = static_cast<std::uint8_t>(pick(store.lanes.size()));
        m.item = static_cast<std::uint16_t>(pick(store.items.size()));
        m.odometer = odo;
        m.order = u(rng) < 0.1 ? next_order++ : kNoOrder;
        std::erase_if(belt, [&](const Riding& p) { return p.tag == m.tag; });
        belt.push_back({m.tag, m.lane, m.odometer, false});
        const std::uint32_t a = got.place(m), b = want.place(m);
        ASSERT_EQ(a, b) << where;
        ASSERT_NO_FATAL_FAILURE(expect_same(got, want, where + " (place)"));
      }
    }
    for (Riding& p : belt) {
      if (!p.taken && u(rng) < f.taken) {
        p.taken = true;
        eaten_tags.push_back(p.tag);
      }
    }
    if (!eaten_tags.empty() && u(rng) < 0.15) {
      // A party pays for some of what it took (now and then a tag twice, or one never placed).
      const std::size_t n = 1 + pick(std::min<std::size_t>(eaten_tags.size(), 4));
      for (std::size_t k = 0; k < n; ++k) {
        std::uint32_t tag = eaten_tags[pick(eaten_tags.size())];
        if (u(rng) < 0.05) tag = f.tags + static_cast<std::uint32_t>(pick(5));
        std::uint32_t id_got = 0, id_want = 0;
        ASSERT_EQ(got.checkout(tag, t, &id_got), want.checkout(tag, t, &id_want)) << where;
        ASSERT_EQ(id_got, id_want) << where;
      }
      eaten_tags.clear();
      ASSERT_NO_FATAL_FAILURE(expect_same(got, want, where + " (checkout)"));
    }
    if (u(rng) < 0.02) {
      ExpressSent m;
      m.time = t;
      m.tag = static_cast<std::uint32_t>(pick(f.tags));
      m.order = next_order++;
      m.item = static_cast<std::uint16_t>(pick(store.items.size()));
      m.arrives = t + 5000;
      std::erase_if(belt, [&](const Riding& p) { return p.tag == m.tag; });
      ASSERT_EQ(got.deliver(m), want.deliver(m)) << where;
      ASSERT_NO_FATAL_FAILURE(expect_same(got, want, where + " (express)"));
    }
    if (u(rng) < f.stray) {
      TagRead r;
      r.tag = static_cast<std::uint32_t>(pick(f.tags + 3));
      r.reader = static_cast<std::uint32_t>(pick(store.readers.size() + 1));
      r.odometer = odo - static_cast<Micrometres>(pick(20'000'000)) + 5'000'000;
      r.time = t + static_cast<SimTime>(pick(3000)) - 1000;
      send_read(r);
      ASSERT_NO_FATAL_FAILURE(expect_same(got, want, where + " (stray)"));
    }
  }
  // The end of the day, then the belt runs on.
  ASSERT_EQ(got.close_day(), want.close_day()) << where;
  ASSERT_NO_FATAL_FAILURE(expect_same(got, want, where + " (close_day)"));
  got.advance(t + kMsPerHour, odo + 360'000'000);
  want.advance(t + kMsPerHour, odo + 360'000'000);
  ASSERT_NO_FATAL_FAILURE(expect_same(got, want, where + " (after)"));
}

TEST(TrackerAgainstReference, AnOrdinaryFeedThroughClosingTime) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) ASSERT_NO_FATAL_FAILURE(run(Feed{}, seed, 3000));
}

TEST(TrackerAgainstReference, AHostileFeed) {
  Feed f;
  f.miss = 0.4;
  f.duplicate = 0.2;
  f.off_position = 0.15;
  f.stray = 0.3;
  f.taken = 0.03;
  f.place = 0.8;
  f.tags = 25;
  f.backwards = 0.1;
  f.stop = 0.1;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) ASSERT_NO_FATAL_FAILURE(run(f, seed, 3000));
}

TEST(TrackerAgainstReference, ACrowdedBeltWithFewMisses) {
  Feed f;
  f.miss = 0.02;
  f.duplicate = 0.0;
  f.taken = 0.002;
  f.place = 1.0;
  f.tags = 400;
  f.stop = 0.0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) ASSERT_NO_FATAL_FAILURE(run(f, seed, 3000));
}

}  // namespace
}  // namespace kaiten
