// The customer population (docs/loyalty.md) on hand-computed cases: a visit's score and rating,
// the NPS proxy, who visits and when (against the binomial and the hourly profile), common random
// numbers, the planned parties reaching the simulated day, and a population saved and restored.
#include "kaiten/sim/population.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "test_scenarios.hpp"

namespace kaiten {
namespace {

PartyResult served(double wait_min, double first_plate_min, int appetite, int plates, int failed,
                   int tired) {
  PartyResult p;
  p.fate = PartyFate::served;
  p.arrived = 0;
  p.seated = static_cast<SimTime>(wait_min * kMsPerMinute);
  p.first_plate = p.seated + static_cast<SimTime>(first_plate_min * kMsPerMinute);
  p.left = p.first_plate + 30 * kMsPerMinute;
  p.appetite = appetite;
  p.plates = plates;
  p.failed_wishes = failed;
  p.tired_plates = tired;
  return p;
}

VisitMeasures initial(const PopulationDef& d) {
  return {d.wait_min.initial, d.first_plate_min.initial, d.unmet_appetite.initial,
          d.failed_wishes.initial, d.tired_share.initial};
}

TEST(PopulationScore, IsTheWeightedDisconfirmationOfEachMeasure) {
  const PopulationDef
      d;  // expectations 10 / 3 / 0.05 / 0.2 / 0.05, scales 15 / 5 / 0.25 / 1 / 0.25
  // Wait 15 (5 worse: -1/3), first plate 3 (0), appetite 20 of which 15 eaten (0.25: -0.8),
  // 1 failed wish (-0.8), 3 of 15 tired (0.2: -0.6): -2.5333; rating 8 + 1.5 x that = 4.2.
  const VisitScore v = score_visit(d, initial(d), served(15, 3, 20, 15, 1, 3));
  EXPECT_NEAR(v.score, -1.0 / 3.0 - 0.8 - 0.8 - 0.6, 1e-9);
  EXPECT_NEAR(v.rating, 4.2, 1e-9);
  EXPECT_FALSE(v.walkaway);
  EXPECT_FALSE(v.recovered);
  // Better than expected on every count: wait 0 (+2/3), first plate 1 (+0.4), all eaten (+0.2),
  // no failed wish (+0.2), none tired (+0.2): 1.6667, rating 10.5 clamped to 10.
  const VisitScore good = score_visit(d, initial(d), served(0, 1, 10, 10, 0, 0));
  EXPECT_NEAR(good.score, 2.0 / 3.0 + 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(good.rating, 10.0);
  // Ten failed wishes count as at most term_limit (2) units: -2 + 2/3 + 0.4 + 0.2 + 0.2.
  const VisitScore sold_out = score_visit(d, initial(d), served(0, 1, 10, 10, 10, 0));
  EXPECT_NEAR(sold_out.score, -2.0 + 2.0 / 3.0 + 0.8, 1e-9);
}

TEST(PopulationScore, WalkawaysRecoveryAndZeroWeights) {
  PopulationDef d;
  PartyResult balked;
  balked.fate = PartyFate::balked;
  EXPECT_NEAR(score_visit(d, initial(d), balked).score, -1.5, 1e-12);
  EXPECT_TRUE(score_visit(d, initial(d), balked).walkaway);
  // Recovery: a 25-minute wait passes the 20-minute threshold; the coupon adds its effect.
  d.recovery = true;
  const PartyResult slow = served(25, 3, 10, 10, 0, 0);
  const VisitScore r = score_visit(d, initial(d), slow);
  EXPECT_TRUE(r.recovered);
  EXPECT_NEAR(r.score, -1.0 + 0.2 + 0.2 + 0.2 + 1.0, 1e-9);
  EXPECT_FALSE(score_visit(d, initial(d), served(19, 3, 10, 10, 1, 0)).recovered);
  EXPECT_TRUE(score_visit(d, initial(d), served(0, 3, 10, 10, 2, 0)).recovered);
  // Weights at zero: every visit is as expected, whatever happened.
  d.recovery = false;
  d.weights = {0, 0, 0, 0, 0, 0};
  EXPECT_EQ(score_visit(d, initial(d), slow).score, 0.0);
  EXPECT_EQ(score_visit(d, initial(d), balked).score, 0.0);
  EXPECT_EQ(score_visit(d, initial(d), balked).rating, d.base_rating);
}

TEST(PopulationDay, NpsIsPromotersMinusDetractorsPerCent) {
  PopulationDay day;
  day.promoters = 30;
  day.passives = 50;
  day.detractors = 20;
  EXPECT_DOUBLE_EQ(day.nps(), 10.0);
  EXPECT_DOUBLE_EQ(PopulationDay{}.nps(), 0.0);
}

ScenarioDef store() {
  ScenarioDef def = testing::three_lane_store_with_parties(30);
  def.population.enabled = true;
  return def;
}

TEST(Population, StartsAtTheSizeThatMatchesTheBaseArrivals) {
  const ScenarioDef def = store();
  // 4 hours x 30 parties, nobody in the last 45 minutes: 3.25 h x 30 = 97.5 parties. Members'
  // mean rate: 2 / 30 x (1 + 0.4 x 0.3) per day; members = 0.95 x 97.5 / that = 1240.5.
  EXPECT_NEAR(expected_arrivals(def, false), 97.5, 1e-9);
  const Population pop(def, 7);
  EXPECT_EQ(pop.starting_members(), 1241);
}

TEST(Population, VisitsMatchTheRatesAndTheHourlyProfile) {
  ScenarioDef def = store();
  def.customers.hourly_parties[11] = 60;        // a busy first hour: 60 of the 127.5 expected
  def.population.weights = {0, 0, 0, 0, 0, 0};  // rates stay at the baseline
  def.population.lapse_per_year = 0.0;
  Population pop(def, 3);
  const double base = expected_arrivals(def, false);
  double visits = 0;
  double first_hour = 0;
  const int days = 40;
  for (int k = 0; k < days; ++k) {
    ScenarioDef day = def;
    pop.plan(day, 1000 + static_cast<std::uint64_t>(k));
    for (const PlannedParty& p : day.customers.planned) {
      ASSERT_GE(p.at, def.open);
      ASSERT_LT(p.at, def.close - def.customers.last_entry_min * kMsPerMinute);
      if (p.at < 12 * kMsPerHour) ++first_hour;
    }
    visits += static_cast<double>(day.customers.planned.size());
    pop.record(day, simulate_day(day, 1000 + static_cast<std::uint64_t>(k), nullptr));
  }
  // Expected visits per day: members x rates (0.95 of base at the start) + new (0.05 of base);
  // without lapses the population grows by the new members: day k has 0.05 base k more members,
  // visiting at the mean rate m: sum over days of base (1 + 0.05 m k).
  const double m = 2.0 / 30.0 * (1.0 + 0.4 * 0.3);
  double expected = 0;
  for (int k = 0; k < days; ++k) expected += base * (1.0 + 0.05 * m * k);
  EXPECT_NEAR(visits / expected, 1.0, 0.03);
  // The busy hour's share: 60 / 157.5 of the arrivals.
  EXPECT_NEAR(first_hour / visits, 60.0 / base, 0.02);
}

TEST(Population, SameSeedSameDaysAndCommonRandomNumbers) {
  // With the weights at zero two populations under different stores see the same visitors: the
  // loop from experience to visits is the only channel between policy and arrivals.
  ScenarioDef a = store();
  a.population.weights = {0, 0, 0, 0, 0, 0};
  ScenarioDef b = a;
  set_single_station(b.kitchen, 2);  // a much slower kitchen: different experiences
  Population pa(a, 11);
  Population pb(b, 11);
  for (int k = 0; k < 5; ++k) {
    ScenarioDef da = a;
    ScenarioDef db = b;
    pa.plan(da, 50 + static_cast<std::uint64_t>(k));
    pb.plan(db, 50 + static_cast<std::uint64_t>(k));
    ASSERT_EQ(da.customers.planned.size(), db.customers.planned.size());
    for (std::size_t i = 0; i < da.customers.planned.size(); ++i) {
      EXPECT_EQ(da.customers.planned[i].at, db.customers.planned[i].at);
      EXPECT_EQ(da.customers.planned[i].size, db.customers.planned[i].size);
    }
    pa.record(da, simulate_day(da, 50 + static_cast<std::uint64_t>(k), nullptr));
    pb.record(db, simulate_day(db, 50 + static_cast<std::uint64_t>(k), nullptr));
  }
  EXPECT_EQ(pa.members().size(), pb.members().size());
}

TEST(Population, PlannedPartiesAreTheDaysParties) {
  ScenarioDef def = store();
  Population pop(def, 5);
  ScenarioDef day = def;
  pop.plan(day, 99);
  const DayResult r = simulate_day(day, 99, nullptr);
  ASSERT_EQ(r.parties.size(), day.customers.planned.size());
  std::vector<int> seen(day.customers.planned.size(), 0);
  for (const PartyResult& p : r.parties) {
    ASSERT_GE(p.planned, 0);
    const PlannedParty& plan = day.customers.planned[static_cast<std::size_t>(p.planned)];
    EXPECT_EQ(p.arrived, plan.at);
    EXPECT_EQ(p.size, plan.size);
    ++seen[static_cast<std::size_t>(p.planned)];
  }
  for (int s : seen) EXPECT_EQ(s, 1);
  // Members' margins add up to the day's: spend minus the cost of the plates eaten.
  const PopulationDay& d = pop.record(day, r);
  std::int64_t spend = 0;
  std::int64_t cost = 0;
  for (const PartyResult& p : r.parties) {
    spend += p.spend_yen;
    cost += p.cost_yen;
  }
  std::int64_t revenue = 0;
  std::int64_t eaten_cost = 0;
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    revenue += r.items[i].money.revenue_yen;
    eaten_cost += r.items[i].eaten * def.menu[i].cost_yen;
  }
  EXPECT_EQ(spend, revenue);
  EXPECT_EQ(cost, eaten_cost);
  EXPECT_EQ(d.margin_yen, spend - cost);
  EXPECT_EQ(d.visits_new + d.visits_returning, static_cast<std::int32_t>(r.parties.size()));
}

bool same_member(const Customer& a, const Customer& b) {
  return a.id == b.id && a.segment == b.segment && a.size == b.size && a.app == b.app &&
         a.base_rate == b.base_rate && a.memory == b.memory && a.memory_factor == b.memory_factor &&
         a.own.wait_min == b.own.wait_min && a.own.first_plate_min == b.own.first_plate_min &&
         a.own.unmet_appetite == b.own.unmet_appetite &&
         a.own.failed_wishes == b.own.failed_wishes && a.own.tired_share == b.own.tired_share &&
         a.joined == b.joined && a.churned == b.churned && a.lapsed == b.lapsed &&
         a.visits == b.visits && a.walkaways == b.walkaways && a.spend_yen == b.spend_yen &&
         a.margin_yen == b.margin_yen && a.clv_yen == b.clv_yen && a.rating_sum == b.rating_sum &&
         a.last_rating == b.last_rating;
}

void run_day(Population& pop, const ScenarioDef& def, std::uint64_t seed) {
  ScenarioDef day = def;
  pop.plan(day, seed);
  pop.record(day, simulate_day(day, seed, nullptr));
}

TEST(Population, ChangedListsEveryMemberADayChangedAndRestoreContinues) {
  ScenarioDef def = store();
  def.population.lapse_per_year = 20.0;  // lapses every day, so that lapsed members show up
  Population through(def, 3);
  run_day(through, def, 70);
  EXPECT_EQ(through.changed().size(), through.members().size());  // the first day: everyone
  const std::vector<Customer> before = through.members();
  const std::vector<PopulationDay> days = through.days();
  const double nps = through.last_nps();
  run_day(through, def, 71);
  // Every member the day changed is listed, once, in order; the others are as they were.
  const std::vector<std::uint32_t>& changed = through.changed();
  EXPECT_TRUE(std::is_sorted(changed.begin(), changed.end()));
  EXPECT_EQ(std::adjacent_find(changed.begin(), changed.end()), changed.end());
  EXPECT_LT(changed.size(), through.members().size());
  std::size_t unchanged = 0;
  for (const Customer& c : through.members()) {
    const bool listed = std::binary_search(changed.begin(), changed.end(), c.id);
    if (c.id >= before.size()) {
      EXPECT_TRUE(listed) << "member " << c.id << " joined on the second day";
    } else if (!listed) {
      EXPECT_TRUE(same_member(c, before[c.id])) << "member " << c.id << " changed, not listed";
      ++unchanged;
    }
  }
  EXPECT_GT(unchanged, 0u);
  EXPECT_GT(through.days().back().lapsed, 0);
  run_day(through, def, 72);
  // A population restored after the first day goes on exactly as the one run through.
  Population resumed(def, 3);
  resumed.restore(before, days, nps);
  run_day(resumed, def, 71);
  run_day(resumed, def, 72);
  ASSERT_EQ(resumed.members().size(), through.members().size());
  for (std::size_t i = 0; i < through.members().size(); ++i)
    EXPECT_TRUE(same_member(resumed.members()[i], through.members()[i])) << "member " << i;
  EXPECT_EQ(resumed.clv_per_starting_member(), through.clv_per_starting_member());
  EXPECT_EQ(resumed.days().size(), 3u);
}

}  // namespace
}  // namespace kaiten
