#include "kaiten/controller/report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "controller_scenarios.hpp"
#include "toy_store.hpp"

namespace kaiten {
namespace {

ControllerReport toy_report() {
  ScenarioDef def = testing::small_store();
  def.name = "small \"store\"";
  def.open = 11 * kMsPerHour;
  def.close = 12 * kMsPerHour;
  testing::ToyOptions options;
  options.parties = testing::steady_parties(def, 30 * kMsPerMinute, 3 * kMsPerMinute, 8);
  const testing::ToyDay day = testing::ToyStore(def, options).run();
  Controller c(def, 3);
  std::vector<Command> out;
  for (const SensorMessage& m : day.messages) c.on_message(m, out);
  return c.report();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(ControllerReport, SummaryIsValidJsonWithTheTotals) {
  const ControllerReport r = toy_report();
  const auto j = nlohmann::json::parse(controller_summary_json(r));
  EXPECT_EQ(j["store"], "small \"store\"");
  EXPECT_EQ(j["policy"], "fixed_mix");
  EXPECT_EQ(j["day_complete"], true);
  EXPECT_EQ(j["plates"]["made"], r.totals.made);
  EXPECT_EQ(j["plates"]["sold"], r.totals.sold);
  EXPECT_EQ(j["accuracy"].size(), 2u);
  EXPECT_EQ(j["accuracy"][1]["horizon_min"], 15);
  EXPECT_TRUE(j["accuracy"][1]["total"].contains("seated_rate"));
  EXPECT_EQ(j["accuracy"][0]["item_mae"].size(), 3u);
  EXPECT_EQ(j["items"]["uni"]["sold"], r.items[2].sold);
  EXPECT_EQ(j["appetite"]["adult_rate"].size(), 15u);
  EXPECT_LE(j["top_plates"].size(), 3u);
}

TEST(ControllerReport, TheSummarysPlateCategoriesAddUpToThePlatesMade) {
  // Checkouts that lost their tags: the tags come back unpaid for, so plates end lost.
  ScenarioDef def = testing::small_store();
  testing::ToyOptions options;
  options.parties = testing::steady_parties(def, 20 * kMsPerMinute, 3 * kMsPerMinute, 12);
  testing::ToyDay day = testing::ToyStore(def, options).run();
  Controller c(def, 3);
  std::vector<Command> out;
  for (SensorMessage& m : day.messages) {
    if (auto* checkout = std::get_if<CheckoutMsg>(&m)) checkout->tags.clear();
    c.on_message(m, out);
  }
  const auto plates = nlohmann::json::parse(controller_summary_json(c.report()))["plates"];
  const std::int64_t lost = plates["lost_inferred_unconfirmed"].get<std::int64_t>() +
                            plates["lost_unseen"].get<std::int64_t>();
  EXPECT_GT(lost, 0);
  EXPECT_EQ(plates["made"].get<std::int64_t>(),
            plates["sold"].get<std::int64_t>() + plates["discarded"].get<std::int64_t>() +
                plates["on_belt_at_end"].get<std::int64_t>() + lost);
}

TEST(ControllerReport, CsvTablesHaveOneRowPerTickItemOrCommand) {
  const ControllerReport r = toy_report();
  const auto timeline = lines(timeline_csv(r));
  EXPECT_EQ(timeline.size(), r.timeline.size() + 1);
  EXPECT_EQ(timeline[0].substr(0, 13), "time,odometer");
  EXPECT_EQ(timeline[1].substr(0, 8), "11:00:00");
  EXPECT_EQ(lines(forecast_items_csv(r)).size(), r.timeline.size() * 3 + 1);
  EXPECT_EQ(lines(decisions_csv(r)).size(), r.decisions.size() + 1);
  EXPECT_EQ(lines(sales_csv(r)).size(), 4u);
  const auto top = lines(top_sellers_csv(r));
  ASSERT_GT(top.size(), 1u);
  EXPECT_EQ(top[0], "time,scope,rank_by,rank,item,plates,revenue_yen");
  // Every decision row names its command.
  for (const std::string& row : lines(decisions_csv(r))) {
    if (row.rfind("time,", 0) == 0) continue;
    const bool known = row.find(",produce,") != std::string::npos ||
                       row.find(",expire,") != std::string::npos ||
                       row.find(",make_order,") != std::string::npos;
    EXPECT_TRUE(known) << row;
  }
}

TEST(ControllerReport, TheSameFeedGivesTheSameBytes) {
  const ControllerReport a = toy_report();
  const ControllerReport b = toy_report();
  EXPECT_EQ(controller_summary_json(a), controller_summary_json(b));
  EXPECT_EQ(timeline_csv(a), timeline_csv(b));
  EXPECT_EQ(decisions_csv(a), decisions_csv(b));
}

}  // namespace
}  // namespace kaiten
