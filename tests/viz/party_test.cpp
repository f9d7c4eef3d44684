// Following a party: its journey as the playback reports it at any time, against what the events
// say, counted here directly; also after seeking back and forth.
#include <gtest/gtest.h>

#include <map>

#include "kaiten/viz/playback.hpp"
#include "kaiten/viz/source.hpp"
#include "viz_scenarios.hpp"

namespace kaiten::viz {
namespace {

// One party's journey, read straight from the events.
struct Journey {
  std::uint32_t size = 0;
  SimTime arrived = -1;
  SimTime seated = -1;
  std::uint32_t table = 0;
  SimTime gone = -1;
  TruthKind end = TruthKind::party_left;
  std::int64_t paid = 0;
  std::vector<SimTime> plates;  ///< times of the plates taken at its table while it sat there
};

std::map<std::uint32_t, Journey> journeys(std::span<const TruthEvent> events) {
  std::map<std::uint32_t, Journey> out;
  std::map<std::uint32_t, std::uint32_t> at_table;  // table -> party seated there
  for (const TruthEvent& e : events) {
    switch (e.kind) {
      case TruthKind::party_arrived:
        out[e.plate].arrived = e.time;
        out[e.plate].size = e.aux;
        break;
      case TruthKind::party_seated:
        out[e.plate].seated = e.time;
        out[e.plate].table = e.where;
        at_table[e.where] = e.plate;
        break;
      case TruthKind::plate_eaten:
        if (const auto it = at_table.find(e.where); it != at_table.end())
          out[it->second].plates.push_back(e.time);
        break;
      case TruthKind::party_left:
        out[e.plate].gone = e.time;
        out[e.plate].paid = e.aux;
        at_table.erase(e.where);
        break;
      case TruthKind::party_balked:
      case TruthKind::party_reneged:
        out[e.plate].gone = e.time;
        out[e.plate].end = e.kind;
        break;
      default:
        break;
    }
  }
  return out;
}

PartyPhase phase_at(const Journey& j, SimTime t) {
  if (t < j.arrived) return PartyPhase::not_arrived;
  if (j.gone >= 0 && t >= j.gone) {
    if (j.end == TruthKind::party_balked) return PartyPhase::balked;
    if (j.end == TruthKind::party_reneged) return PartyPhase::reneged;
    return PartyPhase::left;
  }
  return j.seated >= 0 && t >= j.seated ? PartyPhase::seated : PartyPhase::waiting;
}

void expect_party(const Playback& pb, std::uint32_t id, const Journey& j) {
  const SimTime t = pb.time();
  const PartyState* p = pb.party(id);
  ASSERT_NE(p, nullptr);
  const PartyPhase phase = phase_at(j, t);
  ASSERT_EQ(p->phase, phase) << "party " << id << " at " << format_clock(t);
  if (phase == PartyPhase::not_arrived) return;
  EXPECT_EQ(p->size, j.size);
  EXPECT_EQ(p->arrived, j.arrived);
  if (phase == PartyPhase::seated || phase == PartyPhase::left) {
    EXPECT_EQ(p->seated, j.seated);
    EXPECT_EQ(p->table, j.table);
    const auto eaten =
        std::count_if(j.plates.begin(), j.plates.end(), [t](SimTime at) { return at <= t; });
    EXPECT_EQ(p->plates, eaten) << "party " << id << " at " << format_clock(t);
  }
  if (phase == PartyPhase::left) {
    EXPECT_EQ(p->gone, j.gone);
    EXPECT_EQ(p->paid, j.paid);
    // The bill lists exactly the plates taken at its table while it sat there.
    EXPECT_EQ(p->paid, static_cast<std::int64_t>(j.plates.size()));
  }
  if (phase == PartyPhase::balked || phase == PartyPhase::reneged) {
    EXPECT_EQ(p->gone, j.gone);
  }
}

TEST(FollowParty, JourneysAgreeWithTheEventsAfterSeekingEitherWay) {
  DaySource day =
      simulate_scenario(std::string(KAITEN_SOURCE_DIR) + "/scenarios/default.yaml", std::nullopt);
  ASSERT_TRUE(day.scenario);
  const std::map<std::uint32_t, Journey> all = journeys(day.events);
  ASSERT_GT(all.size(), 200U);
  Playback pb(*day.scenario, day.events);
  // Parties spread over the day, and every one that balked or reneged.
  std::vector<std::uint32_t> followed;
  for (const auto& [id, j] : all)
    if (id % 41 == 0 || j.end != TruthKind::party_left) followed.push_back(id);
  std::vector<SimTime> times;
  for (const std::uint32_t id : followed) {
    const Journey& j = all.at(id);
    for (const SimTime t : {j.arrived - 1, j.arrived, j.seated, j.seated + 7 * kMsPerMinute,
                            j.gone - 1, j.gone, j.gone + kMsPerMinute})
      if (t >= pb.start() && t <= pb.end()) times.push_back(t);
  }
  // Forward through the day, then back, then jumping about.
  std::sort(times.begin(), times.end());
  for (const SimTime t : times) {
    pb.seek(t);
    for (const std::uint32_t id : followed) expect_party(pb, id, all.at(id));
  }
  for (auto it = times.rbegin(); it != times.rend(); ++it) {
    pb.seek(*it);
    for (const std::uint32_t id : followed) expect_party(pb, id, all.at(id));
  }
  for (std::size_t i = 0; i < times.size(); i += 5) {
    pb.seek(times[(i * 7919) % times.size()]);
    for (const std::uint32_t id : followed) expect_party(pb, id, all.at(id));
  }
  EXPECT_EQ(pb.party(4'000'000'000U), nullptr);
}

TEST(FollowParty, HandMadePartyEvents) {
  const auto party = [](SimTime t, TruthKind kind, std::uint32_t id, std::uint32_t aux,
                        std::uint32_t where) {
    return TruthEvent{t, kind, 0, 0, id, 0, aux, where};
  };
  // Ids need not be small: party 900000 sits at table 1 and eats a plate; 7 reneges.
  const std::vector<TruthEvent> events = {
      testing::made(1000, 0, 1, 10),
      party(2000, TruthKind::party_arrived, 900000, 3, 0),
      party(2000, TruthKind::party_arrived, 7, 2, 0),
      party(3000, TruthKind::party_seated, 900000, 3, 1),
      party(3500, TruthKind::panel_order, 900000, 1, 1),
      {4000, TruthKind::plate_eaten, 0, 1, 0, 0, 4000, 1},
      party(5000, TruthKind::party_reneged, 7, 2, 0),
      party(9000, TruthKind::party_left, 900000, 1, 1),
  };
  Playback pb(testing::viz_loop(), events);
  pb.seek(4500);
  const PartyState* p = pb.party(900000);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->phase, PartyPhase::seated);
  EXPECT_EQ(p->table, 1U);
  EXPECT_EQ(p->plates, 1);
  EXPECT_EQ(p->orders, 1);
  EXPECT_EQ(pb.party(7)->phase, PartyPhase::waiting);
  pb.seek(9000);
  EXPECT_EQ(pb.party(900000)->phase, PartyPhase::left);
  EXPECT_EQ(pb.party(900000)->paid, 1);
  EXPECT_EQ(pb.party(7)->phase, PartyPhase::reneged);
  EXPECT_EQ(pb.party(7)->gone, 5000);
  pb.seek(1500);
  EXPECT_EQ(pb.party(900000)->phase, PartyPhase::not_arrived);
  EXPECT_EQ(pb.party(900000)->plates, 0);
}

}  // namespace
}  // namespace kaiten::viz
