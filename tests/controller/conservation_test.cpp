// The controller's plate balance: every plate placed ends in exactly one of the report's
// categories (sold, discarded, on the belt, lost after an unconfirmed inference, lost unseen),
// after every message and in the final report, on toy-store days damaged in every way a feed can
// be: lines dropped, duplicated and reordered nearby, checkouts with empty or unknown tag lists,
// fields mutated at random. The damage is drawn here from fixed seeds, so every run tests the same
// feeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <random>
#include <sstream>

#include "controller_scenarios.hpp"
#include "kaiten/controller/controller.hpp"
#include "kaiten/io/feed.hpp"
#include "toy_store.hpp"

namespace kaiten {
namespace {

using testing::placed;
using testing::read_a;
using testing::tick;

void send(Controller& c, const SensorMessage& m) {
  std::vector<Command> ignored;
  c.on_message(m, ignored);
}

// --- the categories, by hand ------------------------------------------------------------------

TEST(Conservation, ATagPlacedAgainEndsItsPlateInALostCategory) {
  Controller c(testing::small_store(), 1);
  send(c, tick(0));
  // Tag 1: read at 2 m, then missed at 4 m and 6 m: inferred eaten. No checkout lists it, and at
  // 62 s (6.2 m, far from its 50 m limit) the tag is placed again: lost after an inference.
  send(c, placed(0, 1, 0, 0));
  send(c, read_a(1, 0, 0));
  send(c, tick(61'000));
  ASSERT_EQ(c.sales().total_plates(), 1);
  send(c, placed(62'000, 1, 0, 0));
  // Tag 2: placed, then placed again 1 s later (0.1 m on): it left the belt unseen.
  send(c, placed(63'000, 2, 0, 1));
  send(c, placed(64'000, 2, 0, 1));
  EXPECT_EQ(c.conservation_gap(), 0);
  const ControllerReport r = c.report();
  EXPECT_EQ(r.totals.made, 4);
  EXPECT_EQ(r.totals.sold, 0);
  EXPECT_EQ(r.totals.discarded, 0);
  EXPECT_EQ(r.totals.on_belt_at_end, 2);  // the second placements of tags 1 and 2
  EXPECT_EQ(r.totals.lost_inferred_unconfirmed, 1);
  EXPECT_EQ(r.totals.lost_unseen, 1);
  EXPECT_EQ(conservation_gap(r.totals), 0);
}

TEST(Conservation, TheGapIsMadeMinusEveryCategory) {
  ControllerTotals t;
  t.made = 100;
  t.sold = 60;
  t.sold_provisional = 5;  // part of sold, not a category of its own
  t.discarded = 20;
  t.on_belt_at_end = 10;
  t.lost_inferred_unconfirmed = 4;
  t.lost_unseen = 3;
  t.inferred_never_checked_out = 9;  // not a category either
  EXPECT_EQ(conservation_gap(t), 3);
}

// --- damaged feeds ----------------------------------------------------------------------------

// Chances per message (or per line) of each kind of damage.
struct DamageRates {
  double drop = 0.0;
  double duplicate = 0.0;
  double swap_nearby = 0.0;  ///< exchanged with one of the next 5
  double empty_checkout = 0.0;
  double unknown_tags = 0.0;  ///< a checkout's tags replaced by tags never placed (or some added)
  double mutate = 0.0;        ///< one field set to a random value
};

// A random value for a field: near the old one, small, a valid-looking index, or extreme.
std::int64_t random_value(std::mt19937_64& rng, std::int64_t old, std::int64_t hi) {
  switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
    case 0:
      return old + std::uniform_int_distribution<std::int64_t>(-3, 3)(rng);
    case 1:
      return std::uniform_int_distribution<std::int64_t>(0, 8)(rng);
    case 2:
      return old + std::uniform_int_distribution<std::int64_t>(-old / 2, old / 2 + 1)(rng);
    case 3:
      return hi;
    case 4:
      return 0;
    default:
      return std::uniform_int_distribution<std::int64_t>(0, hi)(rng);
  }
}

template <class T>
T narrow(std::int64_t x) {
  return static_cast<T>(std::clamp<std::int64_t>(x, 0, std::numeric_limits<T>::max()));
}

// Sets one field of `m` (time, tag, index, reading or count) to a random value.
void mutate(SensorMessage& m, std::mt19937_64& rng) {
  const int field = std::uniform_int_distribution<int>(0, 3)(rng);
  // Times and readings stay within two days' worth, so that arithmetic on them cannot overflow:
  // the feed reader accepts larger values, and the fuzz harness explores those.
  constexpr std::int64_t kFarTime = 48 * kMsPerHour;
  constexpr std::int64_t kFarOdo = 1'000'000'000'000;
  std::visit(
      [&](auto& x) {
        using T = std::decay_t<decltype(x)>;
        if (field == 0) {
          x.time = random_value(rng, x.time, kFarTime);
          return;
        }
        if constexpr (std::is_same_v<T, PlatePlaced>) {
          if (field == 1) x.tag = narrow<std::uint32_t>(random_value(rng, x.tag, 60));
          if (field == 2) x.lane = narrow<std::uint8_t>(random_value(rng, x.lane, 3));
          if (field == 3) x.item = narrow<std::uint16_t>(random_value(rng, x.item, 4));
        } else if constexpr (std::is_same_v<T, TagRead>) {
          if (field == 1) x.tag = narrow<std::uint32_t>(random_value(rng, x.tag, 60));
          if (field == 2) x.reader = narrow<std::uint32_t>(random_value(rng, x.reader, 7));
          if (field == 3) x.odometer = random_value(rng, x.odometer, kFarOdo);
        } else if constexpr (std::is_same_v<T, EncoderReading>) {
          if (field == 1) x.odometer = random_value(rng, x.odometer, kFarOdo);
          if (field >= 2) x.speed_mm_s = narrow<std::int32_t>(random_value(rng, x.speed_mm_s, 500));
        } else if constexpr (std::is_same_v<T, PartySeatedMsg>) {
          if (field == 1) x.party = narrow<std::uint32_t>(random_value(rng, x.party, 40));
          if (field == 2) x.table = narrow<std::uint32_t>(random_value(rng, x.table, 4));
          if (field == 3) x.adults = narrow<std::uint8_t>(random_value(rng, x.adults, 255));
        } else if constexpr (std::is_same_v<T, PanelOrderMsg>) {
          if (field == 1) x.order = narrow<std::uint32_t>(random_value(rng, x.order, 10));
          if (field == 2) x.table = narrow<std::uint32_t>(random_value(rng, x.table, 4));
          if (field == 3) x.item = narrow<std::uint16_t>(random_value(rng, x.item, 4));
        } else if constexpr (std::is_same_v<T, CheckoutMsg>) {
          if (field == 1) x.party = narrow<std::uint32_t>(random_value(rng, x.party, 40));
          if (field >= 2 && !x.tags.empty()) {
            auto& tag = x.tags[rng() % x.tags.size()];
            tag = narrow<std::uint32_t>(random_value(rng, tag, 60));
          }
        } else if constexpr (std::is_same_v<T, ClockTick>) {
          if (field >= 1) x.odometer = random_value(rng, x.odometer, kFarOdo);
        }
      },
      m);
}

std::vector<SensorMessage> damage(const std::vector<SensorMessage>& in, std::uint64_t seed,
                                  const DamageRates& r) {
  std::mt19937_64 rng(seed);
  const auto chance = [&](double p) { return p > 0 && uniform01(rng) < p; };
  std::vector<SensorMessage> out;
  for (const SensorMessage& original : in) {
    if (chance(r.drop)) continue;
    SensorMessage m = original;
    if (auto* c = std::get_if<CheckoutMsg>(&m)) {
      if (chance(r.empty_checkout)) c->tags.clear();
      if (chance(r.unknown_tags)) {
        if (chance(0.5)) c->tags.clear();
        for (int k = 0; k < 3; ++k)
          c->tags.push_back(100'000 + static_cast<std::uint32_t>(rng() % 50));
      }
    }
    if (chance(r.mutate)) mutate(m, rng);
    out.push_back(m);
    if (chance(r.duplicate)) out.push_back(m);
  }
  for (std::size_t i = 0; i + 1 < out.size(); ++i)
    if (chance(r.swap_nearby)) std::swap(out[i], out[std::min(out.size() - 1, i + 1 + rng() % 5)]);
  return out;
}

// The same kinds of damage to the feed's text, read back by the feed reader skipping bad lines:
// lines dropped, duplicated and swapped, checkout tag lists emptied, characters changed.
std::string damage_text(const std::vector<SensorMessage>& in, std::uint64_t seed,
                        const DamageRates& r) {
  std::mt19937_64 rng(seed);
  const auto chance = [&](double p) { return p > 0 && uniform01(rng) < p; };
  std::vector<std::string> lines;
  for (const SensorMessage& m : in) {
    if (chance(r.drop)) continue;
    SensorMessage copy = m;
    if (auto* c = std::get_if<CheckoutMsg>(&copy); c != nullptr && chance(r.empty_checkout))
      c->tags.clear();
    std::string line = feed_line(copy);
    if (chance(r.mutate)) {
      // Mostly a digit changed (a line still good, with another value); sometimes any character.
      for (int k = 0; k < 2; ++k) {
        const std::size_t at = rng() % line.size();
        if (std::isdigit(static_cast<unsigned char>(line[at])))
          line[at] = static_cast<char>('0' + rng() % 10);
        else if (chance(0.1))
          line[at] = static_cast<char>(' ' + rng() % 95);
      }
    }
    lines.push_back(line);
    if (chance(r.duplicate)) lines.push_back(line);
  }
  for (std::size_t i = 0; i + 1 < lines.size(); ++i)
    if (chance(r.swap_nearby))
      std::swap(lines[i], lines[std::min(lines.size() - 1, i + 1 + rng() % 5)]);
  std::string text = feed_header_line({kFeedVersion, "small store", 1, "unused", {}}) + "\n";
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// Plates the controller must count as made: placed messages with a lane and item in range.
std::int64_t valid_placements(const ScenarioDef& def, const std::vector<SensorMessage>& messages) {
  std::int64_t n = 0;
  for (const SensorMessage& m : messages)
    if (const auto* p = std::get_if<PlatePlaced>(&m))
      n += p->lane < def.belt.lanes.size() && p->item < def.menu.size();
  return n;
}

// Runs the controller over `messages`, checking the balance after each one and in the report.
void expect_conserved(const ScenarioDef& def, const std::vector<SensorMessage>& messages,
                      const std::string& what) {
  Controller c(def, 3);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    send(c, messages[i]);
    const std::int64_t gap = c.conservation_gap();
    if (gap != 0) {
      ADD_FAILURE() << what << ": " << gap << " plates in no category after message " << i << ": "
                    << feed_line(messages[i]);
      return;
    }
  }
  const ControllerReport r = c.report();
  const ControllerTotals& t = r.totals;
  EXPECT_EQ(conservation_gap(t), 0)
      << what << ": made " << t.made << ", sold " << t.sold << ", discarded " << t.discarded
      << ", on belt " << t.on_belt_at_end << ", lost after inference "
      << t.lost_inferred_unconfirmed << ", lost unseen " << t.lost_unseen;
  EXPECT_EQ(c.conservation_gap(), 0) << what;
  EXPECT_EQ(t.made, valid_placements(def, messages)) << what;
  for (const std::int64_t x : {t.sold, t.sold_provisional, t.discarded, t.on_belt_at_end,
                               t.lost_inferred_unconfirmed, t.lost_unseen})
    EXPECT_GE(x, 0) << what;
  std::int64_t item_sold = 0;
  for (const ItemSales& item : r.items) item_sold += item.sold;
  EXPECT_EQ(item_sold, t.sold) << what;
}

// Toy days to damage: parties at every table, sensor faults, a belt stop; both policies.
std::vector<std::pair<ScenarioDef, testing::ToyDay>> base_days() {
  std::vector<std::pair<ScenarioDef, testing::ToyDay>> days;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    ScenarioDef def = testing::small_store();
    def.controller.policy = seed == 2 ? ControllerPolicy::fixed_mix : ControllerPolicy::predictive;
    testing::ToyOptions o;
    o.seed = seed;
    o.miss_rate = 0.03 * static_cast<double>(seed - 1);
    o.duplicate_rate = 0.01;
    if (seed == 3) {
      o.stop_from = 40 * kMsPerMinute;
      o.stop_to = 50 * kMsPerMinute;
    }
    o.parties = testing::steady_parties(def, 20 * kMsPerMinute, 3 * kMsPerMinute, 12);
    testing::ToyDay day = testing::ToyStore(def, o).run();
    days.emplace_back(def, std::move(day));
  }
  return days;
}

TEST(Conservation, HoldsOnEveryUndamagedToyDay) {
  for (const auto& [def, day] : base_days()) {
    expect_conserved(def, day.messages, "undamaged");
    // Without damage the balance is the truth's.
    Controller c(def, 3);
    for (const SensorMessage& m : day.messages) send(c, m);
    const ControllerTotals t = c.report().totals;
    EXPECT_EQ(t.made, day.truth.made);
    EXPECT_EQ(t.lost_inferred_unconfirmed + t.lost_unseen, 0);
  }
}

TEST(Conservation, HoldsWhenEveryCheckoutHasAnEmptyTagList) {
  for (const auto& [def, day] : base_days()) {
    const auto messages = damage(day.messages, 1, {.empty_checkout = 1.0});
    expect_conserved(def, messages, "empty checkouts");
    Controller c(def, 3);
    for (const SensorMessage& m : messages) send(c, m);
    const ControllerTotals t = c.report().totals;
    EXPECT_EQ(t.sold, 0);
    EXPECT_GT(t.lost_inferred_unconfirmed + t.lost_unseen, 0);  // tags came back unpaid for
  }
}

struct DamageCase {
  const char* name;
  DamageRates rates;
};

const DamageCase kDamage[] = {
    {"dropped lines", {.drop = 0.05}},
    {"duplicated lines", {.duplicate = 0.05}},
    {"reordered lines", {.swap_nearby = 0.05}},
    {"empty checkouts", {.empty_checkout = 0.3}},
    {"unknown tags", {.unknown_tags = 0.3}},
    {"mutated fields", {.mutate = 0.02}},
    {"everything", {0.02, 0.02, 0.02, 0.2, 0.1, 0.01}},
    {"everything, heavily", {0.1, 0.1, 0.1, 0.5, 0.3, 0.05}},
};

TEST(Conservation, HoldsOnRandomlyDamagedFeeds) {
  const auto days = base_days();
  int feeds = 0;
  for (const DamageCase& d : kDamage) {
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
      const auto& [def, day] = days[seed % days.size()];
      expect_conserved(def, damage(day.messages, seed * 1000 + feeds, d.rates),
                       std::string(d.name) + " (seed " + std::to_string(seed) + ")");
      ++feeds;
    }
  }
  EXPECT_EQ(feeds, 64);
}

TEST(Conservation, HoldsOnDamagedFeedTextReadWithSkipBad) {
  const auto days = base_days();
  for (const DamageCase& d : kDamage) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const auto& [def, day] = days[seed - 1];
      std::istringstream in(damage_text(day.messages, seed * 77, d.rates));
      FeedLimits limits;
      limits.lanes = static_cast<std::uint32_t>(def.belt.lanes.size());
      limits.items = static_cast<std::uint32_t>(def.menu.size());
      limits.tables = static_cast<std::uint32_t>(def.tables.size());
      limits.readers = 6;
      const FeedContents feed = read_feed(in, "damaged.jsonl", true, limits);
      expect_conserved(def, feed.messages,
                       std::string(d.name) + " as text (seed " + std::to_string(seed) + ")");
    }
  }
}

}  // namespace
}  // namespace kaiten
