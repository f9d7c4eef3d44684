// A party's decisions on hand-computed cases: the Kissileff curve's timing, who takes a plate.
#include "kaiten/sim/party.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "kaiten/core/rng.hpp"
#include "test_scenarios.hpp"

namespace kaiten {
namespace {

Party party_of(int members) {
  Party p;
  p.members.resize(static_cast<std::size_t>(members));
  p.preference = {4.0, 2.0, 1.0};
  p.top_preference = 4.0;
  return p;
}

TEST(PartyReadyTime, FollowsTheIntakeCurveThenTheMinimumGap) {
  Member m;
  m.appetite = 4;
  m.meal = 60 * kMsPerMinute;
  // A(2t/T - (t/T)^2) = k at t = T(1 - sqrt(1 - k/A)): k = 0 -> 0; k = 3 -> T/2; k = 4 -> T.
  m.eaten = 0;
  EXPECT_EQ(ready_time(m, 1000, 0), 1000);
  m.eaten = 3;
  EXPECT_EQ(ready_time(m, 1000, 0), 1000 + 30 * kMsPerMinute);
  m.eaten = 4;
  EXPECT_EQ(ready_time(m, 1000, 0), 1000 + 60 * kMsPerMinute);
  // The minimum gap after the last plate wins when it is later.
  m.eaten = 0;
  m.last_eat = 5 * kMsPerMinute;
  EXPECT_EQ(ready_time(m, 0, 20 * kMsPerSecond), 5 * kMsPerMinute + 20 * kMsPerSecond);
}

TEST(PartyChooseTaker, TheMemberWhoWishedForItTakesItWithoutADraw) {
  Party p = party_of(3);
  p.members[0].hungry = true;
  p.members[0].wish = 2;
  p.members[2].hungry = true;
  p.members[2].wish = 1;
  std::mt19937_64 rng(1);
  const std::mt19937_64 before = rng;
  EXPECT_EQ(choose_taker(p, 1, 0.35, 1.0, rng), 2u);
  EXPECT_EQ(rng, before);  // no draw
}

TEST(PartyChooseTaker, NobodyTakesWhenNobodyIsFreeAndHungry) {
  Party p = party_of(2);
  p.members[0].hungry = true;
  p.members[0].order = 5;  // waiting for a panel order
  p.members[0].wish = 0;
  std::mt19937_64 rng(1);
  EXPECT_EQ(choose_taker(p, 0, 1.0, 1.0, rng), kNoMember);
}

TEST(PartyChooseTaker, FanciesAnotherItemAtTheRateOfItsPreference) {
  // Nobody wished for item 1: the first free hungry member takes it with chance
  // 0.5 x 2/4 = 0.25.
  Party p = party_of(3);
  p.members[1].hungry = true;
  p.members[1].wish = 0;
  p.members[2].hungry = true;
  p.members[2].wish = 2;
  std::mt19937_64 rng(3);
  const int n = 40000;
  int taken = 0;
  for (int i = 0; i < n; ++i) {
    const std::uint32_t who = choose_taker(p, 1, 0.5, 1.0, rng);
    if (who != kNoMember) {
      EXPECT_EQ(who, 1u);
      ++taken;
    }
  }
  const double share = static_cast<double>(taken) / n;
  EXPECT_NEAR(share, 0.25, 4 * std::sqrt(0.25 * 0.75 / n));
}

TEST(PartyChooseTaker, AnAgedPlateIsTakenAtTheRateOfItsAppeal) {
  // The wisher takes a plate of appeal 0.3 three times in ten; the opportunistic chance of
  // 0.5 x 2/4 falls to 0.25 x 0.3 = 0.075.
  Party p = party_of(3);
  p.members[1].hungry = true;
  p.members[1].wish = 1;
  std::mt19937_64 rng(5);
  const int n = 40000;
  int wished = 0, fancied = 0;
  for (int i = 0; i < n; ++i) wished += choose_taker(p, 1, 0.5, 0.3, rng) == 1u;
  p.members[1].wish = 0;
  for (int i = 0; i < n; ++i) fancied += choose_taker(p, 1, 0.5, 0.3, rng) == 1u;
  EXPECT_NEAR(static_cast<double>(wished) / n, 0.3, 4 * std::sqrt(0.3 * 0.7 / n));
  EXPECT_NEAR(static_cast<double>(fancied) / n, 0.075, 4 * std::sqrt(0.075 * 0.925 / n));
}

TEST(PlateAppeal, FullThenHalvingEveryHalfLife) {
  const FreshnessDef f{10.0, 30.0, 40.0};
  EXPECT_EQ(plate_appeal(f, 0), 1.0);
  EXPECT_EQ(plate_appeal(f, 10 * kMsPerMinute), 1.0);
  EXPECT_DOUBLE_EQ(plate_appeal(f, 40 * kMsPerMinute), 0.5);
  EXPECT_DOUBLE_EQ(plate_appeal(f, 70 * kMsPerMinute), 0.25);
  EXPECT_DOUBLE_EQ(plate_appeal(FreshnessDef{10.0, 0.0, 40.0}, 90 * kMsPerMinute), 1.0);
}

TEST(PartyMake, MembersAddUpAndChildrenComeAfterTwoAdults) {
  const ScenarioDef def = testing::three_lane_store_with_parties();  // parties of 1 to 4
  std::mt19937_64 parties = make_stream(9, RngStream::parties);
  std::mt19937_64 choice = make_stream(9, RngStream::choice);
  int with_children = 0;
  for (std::uint32_t id = 0; id < 500; ++id) {
    const Party p = make_party(def, id, 1234, parties, choice);
    EXPECT_EQ(p.r.id, id);
    EXPECT_EQ(p.r.arrived, 1234);
    ASSERT_EQ(p.members.size(), p.r.size);
    int appetite = 0, children = 0;
    for (std::size_t i = 0; i < p.members.size(); ++i) {
      appetite += p.members[i].appetite;
      children += p.members[i].child ? 1 : 0;
      if (i < 2) {
        EXPECT_FALSE(p.members[i].child);
      }
      EXPECT_GE(p.members[i].appetite, 1);
      EXPECT_GE(p.members[i].meal, 10 * kMsPerMinute);
      EXPECT_LE(p.members[i].meal, 120 * kMsPerMinute);
    }
    EXPECT_EQ(appetite, p.r.appetite);
    EXPECT_EQ(children, p.r.children);
    with_children += children > 0 ? 1 : 0;
    ASSERT_EQ(p.preference.size(), def.menu.size());
    double top = 0;
    for (const double w : p.preference) top = std::max(top, w);
    EXPECT_EQ(p.top_preference, top);
  }
  // 40 % of parties have 3 or 4 people, each third or fourth a child with chance 0.6.
  EXPECT_GT(with_children, 100);
}

}  // namespace
}  // namespace kaiten
