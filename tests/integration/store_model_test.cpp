// The store model's constraints, checked on the bundled stores with their controllers: the
// kitchen's capacity binds belt plates and orders alike, lanes share the diners, and a closed lane
// is neither sat at nor stocked.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "kaiten/controller/controller.hpp"
#include "kaiten/core/measures.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {
namespace {

ScenarioDef load(const std::string& name) {
  const LoadResult r = load_scenario_file(std::string(KAITEN_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(r.scenario.has_value());
  return *r.scenario;
}

DayResult run(const ScenarioDef& def, std::uint64_t seed, TruthSink* sink = nullptr) {
  Controller controller(def, seed);
  DayResult day = simulate_day(def, seed, sink, &controller);
  controller.finish();
  return day;
}

// Plates made (placed on the belt or sent by express lane) per clock hour, from the truth events.
struct MadeByHour final : TruthSink {
  std::map<SimTime, std::int64_t> made;
  void on_event(const TruthEvent& e) override {
    if (e.kind != TruthKind::plate_made) return;
    ++made[e.time / kMsPerHour];
  }
};

class Seeds : public ::testing::TestWithParam<std::uint64_t> {};

// The busy Saturday: no clock hour makes more plates than its cooks can (cooks x 60 min / the
// shortest prep time of any item), plus the plates that were in progress or waiting for a slot at
// the start of the hour (at most one per cook and max_backlog_plates per lane).
TEST_P(Seeds, NoClockHourMakesMoreThanTheKitchenCan) {
  const ScenarioDef def = load("bench/busy_saturday.yaml");
  SimTime shortest = def.kitchen.prep_ms;
  for (const MenuItem& item : def.menu) shortest = std::min(shortest, prep_time(def.kitchen, item));
  MadeByHour made;
  const DayResult day = run(def, GetParam(), &made);
  ASSERT_GT(day.made, 5000);
  for (const auto& [hour, plates] : made.made) {
    const SimTime start = std::max(hour * kMsPerHour, def.open);
    const std::int32_t cooks = cooks_at(def.kitchen, start);
    const double can = static_cast<double>(cooks) * kMsPerHour / static_cast<double>(shortest);
    const double carried =
        cooks + static_cast<double>(def.belt.lanes.size()) * def.kitchen.max_backlog_plates;
    EXPECT_LE(static_cast<double>(plates), can + carried) << "hour " << hour;
    // And what the cooks finished in the hour, by the kitchen's own count.
    EXPECT_LE(static_cast<double>(day.hours[static_cast<std::size_t>(hour)].cooked), can + cooks);
  }
}

// Balanced seating spreads the diners: no lane wastes more than twice the store's rate (with a
// small allowance for a lane's few plates), and every lane seats a fair share of the parties.
TEST_P(Seeds, WithBalancedSeatingNoLaneWastesTwiceTheStoresRate) {
  const ScenarioDef def = load("default.yaml");
  ASSERT_EQ(def.customers.seating, SeatingPolicy::balanced);
  const DayResult day = run(def, GetParam());
  const double store = waste_rate(day.made, day.discarded + day.on_belt_at_close);
  std::int64_t parties = 0;
  for (std::size_t l = 0; l < def.belt.lanes.size(); ++l) parties += day.lanes[l].parties_seated;
  for (std::size_t l = 0; l < def.belt.lanes.size(); ++l) {
    const LaneTotals& lane = day.lanes[l];
    const double waste = waste_rate(lane.made, lane.discarded + lane.on_belt_at_close);
    EXPECT_LE(waste, 2 * store + 0.005) << def.belt.lanes[l].id;
    EXPECT_GE(static_cast<double>(lane.parties_seated), 0.25 * static_cast<double>(parties))
        << def.belt.lanes[l].id;
  }
}

// The first-fit seating of earlier versions, for contrast: the last lane gets few parties.
TEST(Seating, FirstFitFillsTheFirstLanesFirst) {
  ScenarioDef def = load("default.yaml");
  def.customers.seating = SeatingPolicy::first_fit;
  const DayResult day = run(def, 1);
  EXPECT_LT(day.lanes[2].parties_seated, day.lanes[0].parties_seated / 2);
}

// Lane C closed in the afternoon: nobody is seated at it then, and no plate is made for it.
TEST_P(Seeds, AClosedLaneIsNeitherSatAtNorStocked) {
  for (const ControllerPolicy policy :
       {ControllerPolicy::predictive, ControllerPolicy::manager, ControllerPolicy::fixed_mix}) {
    ScenarioDef def = load("default.yaml");
    def.controller.policy = policy;
    const SimTime from = 14 * kMsPerHour + 30 * kMsPerMinute;
    const SimTime to = 17 * kMsPerHour;
    def.belt.lanes[2].closed = {{from, to}};
    struct Watch final : TruthSink {
      SimTime from, to;
      std::int64_t seated_on_c = 0, made_on_c = 0, made_elsewhere = 0;
      std::vector<std::uint32_t> table_lane;
      void on_event(const TruthEvent& e) override {
        if (e.time < from || e.time >= to) return;
        if (e.kind == TruthKind::party_seated && table_lane[e.where] == 2) ++seated_on_c;
        if (e.kind == TruthKind::plate_made && e.where == 0)
          (e.lane == 2 ? made_on_c : made_elsewhere) += 1;
      }
    } watch;
    watch.from = from + 2 * kMsPerMinute;  // plates already cooking when it closed may still come
    watch.to = to;
    for (const TableDef& t : def.tables)
      watch.table_lane.push_back(static_cast<std::uint32_t>(find_lane(def, t.lane)));
    const DayResult day = run(def, GetParam(), &watch);
    EXPECT_EQ(watch.seated_on_c, 0) << to_string(policy);
    EXPECT_EQ(watch.made_on_c, 0) << to_string(policy);
    EXPECT_GT(watch.made_elsewhere, 0) << to_string(policy);
    EXPECT_GT(day.lanes[2].parties_seated, 0);  // seated there before and after
  }
}

INSTANTIATE_TEST_SUITE_P(StoreModel, Seeds, ::testing::Values(1u, 2u, 3u));

}  // namespace
}  // namespace kaiten
