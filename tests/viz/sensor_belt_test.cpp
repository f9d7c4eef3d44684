// The belt as the sensors see it (kaiten view --broker): positions, missed reads and plates gone,
// against hand-computed values on the 10 m test loop (kitchen at 2 m, reader at 5 m, pitch 150 mm).
#include <gtest/gtest.h>

#include <cstdlib>

#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/viz/live_view.hpp"
#include "viz_scenarios.hpp"
#if KAITEN_TEST_WITH_CONTROLLER
#include "kaiten/controller/controller.hpp"
#endif

namespace kaiten::viz {
namespace {

constexpr Micrometres kM = 1'000'000;  // one metre in micrometres

std::optional<SensedPlateView> find(const SensorBelt& belt, std::uint32_t tag) {
  for (const SensedPlateView& p : belt.plates())
    if (p.tag == tag) return p;
  return std::nullopt;
}

TEST(SensorBelt, PlatesMoveWithTheEncoderFromTheKitchen) {
  SensorBelt belt(testing::viz_loop());
  belt.on_message(PlatePlaced{1000, 7, 0, 1, 10 * kM, kNoOrder});
  belt.on_message(EncoderReading{2000, 11 * kM, 1000});
  const auto p = find(belt, 7);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->plate->item, 1);
  EXPECT_EQ(p->travelled, 1 * kM);
  EXPECT_EQ(p->position, 3 * kM);  // the kitchen at 2 m, plus 1 m
  EXPECT_FALSE(p->missed);
  // 9 m on: round the 10 m loop to 1 m (positions wrap).
  belt.on_message(ClockTick{11000, 19 * kM});
  EXPECT_EQ(find(belt, 7)->position, 1 * kM);
  EXPECT_EQ(belt.time(), 11000);
  EXPECT_EQ(belt.odometer(), 19 * kM);
}

TEST(SensorBelt, BetweenMessagesTheBeltRunsOnAtTheLastSpeedForATickAtMost) {
  SensorBelt belt(testing::viz_loop());  // 1000 mm/s, i.e. 1000 um per ms
  belt.on_message(PlatePlaced{0, 7, 0, 0, 0, kNoOrder});
  EXPECT_EQ(belt.odometer_at(2000), 2 * kM);  // the scenario's speed until the encoder says
  belt.on_message(EncoderReading{1000, 1 * kM, 500});  // slowed to 0.5 m/s
  EXPECT_EQ(belt.odometer_at(500), 1 * kM);            // never back before the last message
  EXPECT_EQ(belt.odometer_at(3000), 2 * kM);
  ASSERT_EQ(belt.plates(3000).size(), 1u);
  EXPECT_EQ(belt.plates(3000)[0].travelled, 2 * kM);
  EXPECT_EQ(belt.plates(3000)[0].position, 4 * kM);                // the kitchen at 2 m, plus 2 m
  EXPECT_EQ(belt.odometer_at(1000 + 10 * kMsPerMinute), 31 * kM);  // 60 s at most: 30 m
  belt.on_message(EncoderReading{4000, 2'500'000, 0});             // stopped
  EXPECT_EQ(belt.odometer_at(9000), 2'500'000);
}

TEST(SensorBelt, AReaderThatMissesAPlateFadesItAndALapAndAHalfUnseenDropsIt) {
  SensorBelt belt(testing::viz_loop());
  belt.on_message(PlatePlaced{0, 7, 0, 0, 0, kNoOrder});
  // The reader is 3 m after the kitchen: up to 3 m plus a slot (150 mm) without a read is fine.
  belt.on_message(EncoderReading{1, 3 * kM + 150'000, 1000});
  EXPECT_FALSE(find(belt, 7)->missed);
  belt.on_message(EncoderReading{2, 3 * kM + 150'001, 1000});
  EXPECT_TRUE(find(belt, 7)->missed);
  // The read comes after all (a message late on the network; it names the encoder at the read):
  // no longer missed, and the reader lit at the read's time.
  belt.on_message(TagRead{3, 7, 0, 3 * kM});
  EXPECT_FALSE(find(belt, 7)->missed);
  EXPECT_EQ(belt.last_read()[0], 3);
  // Seen at the reader: the next read is due a lap (10 m) on, plus a slot.
  belt.on_message(EncoderReading{4, 13 * kM + 150'000, 1000});
  EXPECT_FALSE(find(belt, 7)->missed);
  belt.on_message(EncoderReading{5, 13 * kM + 150'001, 1000});
  EXPECT_TRUE(find(belt, 7)->missed);
  // 15 m (1.5 laps) unseen: still there; a micrometre more: gone.
  belt.on_message(EncoderReading{6, 18 * kM, 1000});
  EXPECT_TRUE(find(belt, 7));
  belt.on_message(EncoderReading{7, 18 * kM + 1, 1000});
  EXPECT_FALSE(find(belt, 7));
}

TEST(SensorBelt, CheckoutAndRewritingATagEndAPlate) {
  SensorBelt belt(testing::viz_loop());
  belt.on_message(PlatePlaced{0, 1, 0, 0, 0, kNoOrder});
  belt.on_message(PlatePlaced{0, 2, 0, 2, 0, 5});
  EXPECT_EQ(belt.plates().size(), 2u);
  EXPECT_TRUE(find(belt, 2)->plate->ordered);
  belt.on_message(CheckoutMsg{10, 0, 0, {1}});
  EXPECT_FALSE(find(belt, 1));
  belt.on_message(PlatePlaced{20, 2, 0, 1, 5 * kM, kNoOrder});  // tag 2 washed and written again
  ASSERT_TRUE(find(belt, 2));
  EXPECT_EQ(find(belt, 2)->plate->item, 1);
  EXPECT_EQ(find(belt, 2)->travelled, 0);
  EXPECT_EQ(belt.plates().size(), 1u);
}

TEST(SensorBelt, MessagesThatDoNotFitTheStoreAreIgnored) {
  SensorBelt belt(testing::viz_loop());
  belt.on_message(PlatePlaced{0, 1, 3, 0, 0, kNoOrder});  // no lane 3
  belt.on_message(PlatePlaced{0, 1, 0, 9, 0, kNoOrder});  // no item 9
  belt.on_message(TagRead{0, 1, 4, 0});                   // no reader 4
  EXPECT_TRUE(belt.plates().empty());
  EXPECT_EQ(belt.ignored(), 3);
}

#if KAITEN_TEST_WITH_CONTROLLER
// Passes every sensor message to the controller and keeps a copy: what a live store publishes.
struct Tap final : ControllerPort {
  explicit Tap(Controller& c) : controller(c) {}
  void on_message(const SensorMessage& m, std::vector<Command>& commands) override {
    messages.push_back(m);
    controller.on_message(m, commands);
  }
  Controller& controller;
  std::vector<SensorMessage> messages;
};

// The simulation knows where its readers are; the screen knows only the messages. At every read
// of the default day's first 5000, the screen must have the plate at that reader.
TEST(SensorBelt, EveryReadOfASimulatedDayFindsItsPlateAtItsReader) {
  const LoadResult loaded =
      load_scenario_file(std::string(KAITEN_SOURCE_DIR) + "/scenarios/default.yaml");
  ASSERT_TRUE(loaded.scenario);
  Controller controller(*loaded.scenario, loaded.scenario->seed);
  Tap tap(controller);
  simulate_day(*loaded.scenario, loaded.scenario->seed, nullptr, &tap);
  SensorBelt belt(*loaded.scenario);
  int checked = 0;
  for (const SensorMessage& m : tap.messages) {
    belt.on_message(m);
    const auto* read = std::get_if<TagRead>(&m);
    if (read == nullptr || checked >= 5000) continue;
    ASSERT_EQ(belt.odometer(), read->odometer);  // the encoder only moves forward
    const auto p = find(belt, read->tag);
    ASSERT_TRUE(p) << "tag " << read->tag << " read at " << read->time << " is not on the belt";
    const Lane& lane = belt.belt().lanes[p->plate->lane];
    const auto at = std::find_if(lane.route.begin(), lane.route.end(), [&](const RoutePoint& r) {
      return r.kind == PointKind::reader && r.index == read->reader;
    });
    ASSERT_NE(at, lane.route.end()) << "reader " << read->reader << " is not on its plate's lane";
    const Micrometres off = std::llabs(p->position - at->at);
    EXPECT_LE(std::min(off, lane.length - off), 1000) << "tag " << read->tag;  // 1 mm
    EXPECT_FALSE(p->missed);
    ++checked;
  }
  EXPECT_EQ(checked, 5000);
}
#endif

}  // namespace
}  // namespace kaiten::viz
