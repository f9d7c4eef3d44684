// Parties against independent expectations: queueing theory, Little's law, conservation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "kaiten/core/measures.hpp"
#include "kaiten/sim/customer_experience.hpp"
#include "kaiten/sim/day.hpp"
#include "test_scenarios.hpp"

namespace kaiten {
namespace {

struct Recorder final : TruthSink {
  std::vector<TruthEvent> events;
  void on_event(const TruthEvent& e) override { events.push_back(e); }
};

// Erlang C: probability of waiting and mean wait in an M/M/c queue (Kleinrock, Queueing Systems I).
double erlang_c_mean_wait(int c, double lambda, double mu) {
  const double a = lambda / mu;
  double term = 1.0, sum = 0.0;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double tail = term * c / (c - a);  // a^c / c! * c / (c - a)
  const double p_wait = tail / (sum + tail);
  return p_wait / (c * mu - lambda);
}

TEST(Queueing, EntranceWaitMatchesErlangC) {
  const int c = 8;
  const double per_hour = 9.0, stay_min = 40;  // offered load 6 tables, utilisation 0.75
  const double expected_min = erlang_c_mean_wait(c, per_hour / 60.0, 1.0 / stay_min);
  const ScenarioDef def = testing::erlang_store(c, per_hour, stay_min, 47);
  std::vector<double> means;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const DayResult day = simulate_day(def, seed, nullptr);
    double total = 0;
    int n = 0;
    for (const PartyResult& p : day.parties) {
      // Steady state only: skip the first 5 hours, and arrivals too late to be surely seated.
      if (p.arrived < 5 * kMsPerHour || p.arrived >= 42 * kMsPerHour) continue;
      ASSERT_GE(p.seated, 0) << "party " << p.id << " never seated";
      total += static_cast<double>(p.seated - p.arrived) / kMsPerMinute;
      ++n;
    }
    ASSERT_GT(n, 200);
    means.push_back(total / n);
  }
  const double n_reps = static_cast<double>(means.size());
  const double mean = std::accumulate(means.begin(), means.end(), 0.0) / n_reps;
  double ss = 0;
  for (double m : means) ss += (m - mean) * (m - mean);
  const double se = std::sqrt(ss / (n_reps - 1) / n_reps);
  // 99% interval from 60 replications (t quantile 2.66).
  EXPECT_NEAR(mean, expected_min, 2.66 * se) << "Erlang C " << expected_min << " min";
  std::printf("mean wait %.3f min (SE %.3f), Erlang C %.3f min\n", mean, se, expected_min);
  EXPECT_LT(se, 0.15 * expected_min);  // the check has power: the interval is tight
}

TEST(Queueing, LittlesLawOnTheTables) {
  const ScenarioDef def = testing::three_lane_store_with_parties(40);
  const DayResult day = simulate_day(def, 3, nullptr);
  const double span = static_cast<double>(def.close - def.open);
  // L from the tables' own occupancy integral; lambda and W from the party records.
  const double occupied = day.occupied_table_ms / span;
  double seated = 0, time_seated = 0;
  for (const PartyResult& p : day.parties) {
    if (p.seated < 0) continue;
    seated += 1;
    time_seated += static_cast<double>(p.left - p.seated);
  }
  ASSERT_GT(seated, 50);
  const double lambda = seated / span;
  const double w = time_seated / seated;
  EXPECT_NEAR(occupied, lambda * w, 1e-9 * occupied);
  EXPECT_GT(occupied, 1.0);
}

class PartiesDay : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(PartiesDay, EveryPlateIsTakenOnceAndOrdersOnlyByTheirParty) {
  const ScenarioDef def = testing::three_lane_store_with_parties(45);
  Recorder rec;
  const DayResult day = simulate_day(def, GetParam(), &rec);
  ASSERT_GT(day.eaten, 500);
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> order_of;  // tag -> order+1
  std::map<std::uint32_t, std::uint32_t> order_table, order_party;
  std::map<std::uint32_t, SimTime> party_left;
  std::map<std::pair<std::uint32_t, std::uint32_t>, int> eaten_count;
  std::int64_t ordered_plates_eaten = 0;
  for (const TruthEvent& e : rec.events) {
    const auto tag = std::make_pair(e.plate, e.generation);
    switch (e.kind) {
      case TruthKind::panel_order:
        order_table[e.aux] = e.where;
        order_party[e.aux] = e.plate;
        break;
      case TruthKind::plate_made:
        order_of[tag] = e.where;
        break;
      case TruthKind::party_left:
        party_left[e.plate] = e.time;
        break;
      case TruthKind::plate_eaten: {
        EXPECT_EQ(++eaten_count[tag], 1) << "plate eaten twice";
        const std::uint32_t order = order_of.at(tag);
        if (order != 0) {
          const std::uint32_t o = order - 1;
          const bool party_gone = party_left.count(order_party.at(o)) > 0;
          if (!party_gone) {
            EXPECT_EQ(e.where, order_table.at(o)) << "ordered plate taken by another table";
            ++ordered_plates_eaten;
          }
        }
        break;
      }
      default:
        break;
    }
  }
  EXPECT_TRUE(plates_conserved(day.made, day.eaten, day.discarded, day.on_belt_at_close));
  std::int64_t party_plates = 0, found = 0, ordered = 0;
  for (const PartyResult& p : day.parties) {
    party_plates += p.plates;
    found += p.found_on_belt;
    ordered += p.ordered_eaten;
    EXPECT_EQ(p.plates, p.found_on_belt + p.ordered_eaten);
    EXPECT_LE(p.plates, p.appetite);
    if (p.fate != PartyFate::served) {
      EXPECT_EQ(p.plates, 0);
    }
  }
  EXPECT_EQ(party_plates, day.eaten);
  EXPECT_EQ(ordered, ordered_plates_eaten);
  EXPECT_EQ(static_cast<std::int64_t>(day.orders.size()), ordered);
  EXPECT_GT(found, 0);
  EXPECT_GT(ordered, 0);
  EXPECT_EQ(day.freshness_violations, 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, PartiesDay, ::testing::Values(1u, 2u, 9u));

TEST(Parties, OrderedOnlyStoresMakeOnlyOrderedPlates) {
  ScenarioDef def = testing::three_lane_store_with_parties(30);
  def.customers.ordered_only = true;
  Recorder rec;
  const DayResult day = simulate_day(def, 4, &rec);
  ASSERT_GT(day.made, 100);
  for (const TruthEvent& e : rec.events)
    if (e.kind == TruthKind::plate_made) {
      EXPECT_NE(e.where, 0u) << "a free-running plate";
    }
  std::int64_t ordered = 0;
  for (const PartyResult& p : day.parties) ordered += p.ordered_eaten;
  EXPECT_GT(ordered, 100);
}

TEST(Parties, AFullQueueMakesArrivalsBalkAndPatienceRunsOut) {
  ScenarioDef def = testing::three_lane_store_with_parties(200);  // far beyond 36 tables
  def.customers.max_queue_parties = 5;
  def.customers.patience_min_mean = 10;
  const DayResult day = simulate_day(def, 5, nullptr);
  int balked = 0, reneged = 0;
  for (const PartyResult& p : day.parties) {
    balked += p.fate == PartyFate::balked;
    reneged += p.fate == PartyFate::reneged;
    if (p.fate == PartyFate::balked) {
      EXPECT_EQ(p.left, p.arrived);
    }
    if (p.fate == PartyFate::reneged) {
      EXPECT_GT(p.left, p.arrived);
    }
  }
  EXPECT_GT(balked, 100);
  EXPECT_GT(reneged, 5);
}

TEST(Parties, SoldOutItemsMakeWishesFail) {
  ScenarioDef def = testing::three_lane_store_with_parties(30);
  for (auto& item : def.menu) item.stock_plates = 20;
  const DayResult day = simulate_day(def, 6, nullptr);
  int failed = 0;
  for (const PartyResult& p : day.parties) failed += p.failed_wishes;
  EXPECT_GT(failed, 0);
  for (std::size_t i = 0; i < def.menu.size(); ++i) EXPECT_LE(day.items[i].made, 20);
  EXPECT_GT(day.stock_out_skips, 0);
}

}  // namespace
}  // namespace kaiten

namespace kaiten {
namespace {

TEST(Describe, NearestRankPercentilesOfAHandComputedSample) {
  // 20 values 1..20: mean 10.5; p50 = 10th smallest = 10; p95 = 19th smallest = 19.
  std::vector<double> v;
  for (int i = 20; i >= 1; --i) v.push_back(i);
  const Distribution d = describe(v);
  EXPECT_EQ(d.n, 20);
  EXPECT_DOUBLE_EQ(d.mean, 10.5);
  EXPECT_DOUBLE_EQ(d.p50, 10);
  EXPECT_DOUBLE_EQ(d.p95, 19);
  EXPECT_EQ(describe({}).n, 0);
  EXPECT_DOUBLE_EQ(describe({7}).p95, 7);
}

TEST(CustomerExperienceOfADay, CountsAddUp) {
  const ScenarioDef def = testing::three_lane_store_with_parties(45);
  const DayResult day = simulate_day(def, 2, nullptr);
  const CustomerExperience cx = customer_experience(day);
  EXPECT_EQ(cx.parties_arrived, static_cast<std::int64_t>(day.parties.size()));
  EXPECT_EQ(cx.parties_arrived, cx.parties_seated + cx.parties_balked + cx.parties_reneged +
                                    cx.parties_unserved_at_close);
  EXPECT_EQ(cx.wait_min.n, cx.parties_seated);
  EXPECT_EQ(cx.freshness_m.n, day.eaten);
  EXPECT_NEAR(cx.plates_per_person * static_cast<double>(cx.customers),
              static_cast<double>(day.eaten), 1e-6);
  EXPECT_LE(cx.wait_min.p50, cx.wait_min.p95);
  EXPECT_LT(cx.freshness_m.p95, 350.0);
}

}  // namespace
}  // namespace kaiten
