#include "kaiten/io/scenario_schema.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "kaiten/core/scenario.hpp"

namespace kaiten {
namespace {

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '|' && row[i - 1] != '\\') {
      const auto first = cell.find_first_not_of(' ');
      out.push_back(first == std::string::npos
                        ? ""
                        : cell.substr(first, cell.find_last_not_of(' ') - first + 1));
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return out;
}

TEST(ScenarioSchema, EveryRowOfTheReferenceIsComplete) {
  std::istringstream in(scenario_schema_markdown());
  std::string line;
  int rows = 0;
  int tables = 0;
  while (std::getline(in, line)) {
    if (line.starts_with("<!-- kaiten schema: ")) ++tables;
    if (!line.starts_with("| `")) continue;
    ++rows;
    const std::vector<std::string> c = cells(line);
    ASSERT_EQ(c.size(), 6U) << line;
    for (const std::size_t i : {0, 1, 3, 4, 5}) EXPECT_FALSE(c[i].empty()) << line;
  }
  EXPECT_GE(tables, 20);
  EXPECT_GE(rows, 140);
}

nlohmann::json schema() {
  return nlohmann::json::parse(scenario_json_schema());
}

TEST(ScenarioSchema, JsonSchemaHasTheRequiredSectionsAndNoOthers) {
  const nlohmann::json s = schema();
  EXPECT_EQ(s["$schema"], "http://json-schema.org/draft-07/schema#");
  EXPECT_EQ(s["required"], nlohmann::json({"hours", "menu", "belt", "tables"}));
  EXPECT_EQ(s["additionalProperties"], false);
  EXPECT_EQ(s["properties"]["belt"]["properties"]["lanes"]["minItems"], 1);
  EXPECT_EQ(s["properties"]["belt"]["properties"]["lanes"]["items"]["required"],
            nlohmann::json({"id", "length_mm", "points"}));
}

// The two drifts the issue found: a key the reference left out, a default it got wrong.
TEST(ScenarioSchema, DefaultsAreTheOnesARunUses) {
  const nlohmann::json p = schema()["properties"];
  const CustomersDef customers;
  EXPECT_EQ(p["customers"]["properties"]["meal_min_mean"]["default"].get<double>(),
            customers.meal_min_mean);
  EXPECT_EQ(p["belt"]["properties"]["speed_mm_s"]["default"], BeltDef{}.speed_mm_s);
  EXPECT_EQ(p["discard"]["properties"]["discard_distance_m"]["default"].get<double>(),
            static_cast<double>(DiscardRule{}.distance_mm) / 1000.0);
  EXPECT_EQ(p["customers"]["properties"]["weekday_multiplier"]["properties"]["sat"]["default"]
                .get<double>(),
            customers.weekday_multiplier[5]);
  const nlohmann::json fixed = p["controller"]["properties"]["fixed_rate_plates_per_min"];
  EXPECT_EQ(fixed["type"], "number");
  EXPECT_EQ(fixed["exclusiveMinimum"], 0);
  EXPECT_EQ(fixed["maximum"], 1000);
}

TEST(ScenarioSchema, BoundsAreExclusiveWhereTheLoaderSaysGreaterThan) {
  const nlohmann::json p = schema()["properties"];
  const nlohmann::json popularity = p["menu"]["items"]["properties"]["popularity"];
  EXPECT_EQ(popularity["exclusiveMinimum"], 0);
  EXPECT_FALSE(popularity.contains("minimum"));
  const nlohmann::json share = p["customers"]["properties"]["child_share"];
  EXPECT_EQ(share["minimum"], 0);
  EXPECT_EQ(share["maximum"], 1);
  EXPECT_EQ(p["controller"]["properties"]["policy"]["enum"],
            nlohmann::json({"manager", "predictive", "fixed_mix"}));
}

TEST(ScenarioSchema, KeyPathsAsTheValidatorPrintsThem) {
  struct Case {
    const char* path;
    ScenarioValueKind kind;
    const char* unit;
  };
  for (const Case& c :
       {Case{"belt.speed_mm_s", ScenarioValueKind::integer, "mm/s"},
        Case{"belt.lanes[1].length_mm", ScenarioValueKind::integer, "mm"},
        Case{"kitchen.staff[3].cooks", ScenarioValueKind::integer, "people"},
        Case{"discard.discard_distance_m", ScenarioValueKind::number, "metres"},
        Case{"customers.hourly_parties.12", ScenarioValueKind::number, "parties/hour"},
        Case{"menu[2].recipe.rice", ScenarioValueKind::number, "grams"},
        Case{"controller.policy", ScenarioValueKind::text, ""},
        Case{"customers.ordered_only", ScenarioValueKind::boolean, ""},
        Case{"kitchen.staff", ScenarioValueKind::other, ""},
        Case{"customers.party_size_weights[0]", ScenarioValueKind::number, ""}}) {
    const ScenarioPath p = check_scenario_path(c.path);
    EXPECT_EQ(p.problem, "") << c.path;
    EXPECT_EQ(p.kind, c.kind) << c.path;
    EXPECT_EQ(p.unit, c.unit) << c.path;
  }
}

TEST(ScenarioSchema, AWrongPathSaysWhichKeyWasMeant) {
  EXPECT_EQ(check_scenario_path("belt.sped_mm_s").problem,
            "no scenario key belt.sped_mm_s; did you mean belt.speed_mm_s?");
  EXPECT_EQ(check_scenario_path("belt.lanes.length_mm").problem,
            "no scenario key belt.lanes.length_mm; did you mean belt.lanes[].length_mm?");
  EXPECT_EQ(check_scenario_path("discard.limit_m").problem.substr(0, 31),
            "no scenario key discard.limit_m");
  for (const char* malformed : {"", "belt..speed_mm_s", ".belt", "belt.", "belt.lanes[x].id",
                                "belt.lanes[].id", "belt.lanes[1"})
    EXPECT_NE(check_scenario_path(malformed).problem.find("is not a key path"), std::string::npos)
        << malformed;
  EXPECT_NE(check_scenario_path("belt[0].speed_mm_s").problem, "");
  EXPECT_NE(check_scenario_path("hours.open.x").problem, "");
}

}  // namespace
}  // namespace kaiten
