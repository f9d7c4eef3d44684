// The controller on a recorded feed: a toy store's day is recorded to JSON Lines by FeedRecorder
// (wrapping a live controller), read back by FeedReader and replayed into a fresh controller. This
// test binary links the controller, core and the feed code only: no simulation.
#include <gtest/gtest.h>

#include <fstream>

#include "controller_scenarios.hpp"
#include "kaiten/controller/controller.hpp"
#include "kaiten/controller/report.hpp"
#include "kaiten/io/feed.hpp"
#include "toy_store.hpp"

namespace kaiten {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("kaiten_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string all_outputs(const ControllerReport& r) {
  return controller_summary_json(r) + timeline_csv(r) + forecast_items_csv(r) + top_sellers_csv(r) +
         decisions_csv(r) + sales_csv(r);
}

TEST(RecordedFeed, TheControllerOnARecordedFeedDecidesExactlyAsLive) {
  ScenarioDef def = testing::small_store();
  def.open = 11 * kMsPerHour;
  def.close = 13 * kMsPerHour;
  def.controller.policy = ControllerPolicy::predictive;
  testing::ToyOptions options;
  options.seed = 9;
  options.miss_rate = 0.05;
  options.duplicate_rate = 0.01;
  options.parties = testing::steady_parties(def, 35 * kMsPerMinute, 4 * kMsPerMinute, 10);
  const testing::ToyDay day = testing::ToyStore(def, options).run();

  const auto dir = fresh_dir("recorded_feed");
  Controller live(def, 42);
  {
    FeedRecorder recorder(dir / "feed.jsonl", {kFeedVersion, def.name, 42, "name: small\n", {}},
                          &live);
    std::vector<Command> commands;
    for (const SensorMessage& m : day.messages) {
      commands.clear();
      recorder.on_message(m, commands);
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "feed.jsonl"));  // staged until commit
    recorder.commit();
    EXPECT_EQ(recorder.messages(), static_cast<std::int64_t>(day.messages.size()));
  }

  std::ifstream in(dir / "feed.jsonl", std::ios::binary);
  FeedReader reader(in, "feed.jsonl", false);
  EXPECT_EQ(reader.header().seed, 42u);
  Controller replayed(def, reader.header().seed);
  SensorMessage m;
  std::vector<Command> commands;
  while (reader.next(m)) {
    commands.clear();
    replayed.on_message(m, commands);
  }
  EXPECT_TRUE(reader.errors().empty());
  EXPECT_EQ(reader.messages(), static_cast<std::int64_t>(day.messages.size()));
  const ControllerReport a = live.report();
  const ControllerReport b = replayed.report();
  EXPECT_EQ(a.totals.sold, day.truth.eaten);
  EXPECT_EQ(all_outputs(a), all_outputs(b));
}

}  // namespace
}  // namespace kaiten
