// `--set PATH=VALUE` overrides: applied before validation, validated like the file, problems
// named by the override (docs/whatif.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/io/scenario_schema.hpp"

namespace kaiten {
namespace {

std::string scenario(std::string_view name) {
  return (std::filesystem::path(KAITEN_SOURCE_DIR) / "scenarios" / name).string();
}

ScenarioOverride set(std::string_view text) {
  std::string problem;
  const auto o = parse_override(text, problem);
  EXPECT_TRUE(o.has_value()) << text << ": " << problem;
  return o.value_or(ScenarioOverride{});
}

std::string errors_of(const LoadResult& r) {
  std::string out;
  for (const LoadError& e : r.errors) out += e.to_string() + "\n";
  return out;
}

LoadResult load(std::string_view name, std::vector<std::string_view> overrides) {
  std::vector<ScenarioOverride> list;
  for (std::string_view o : overrides) list.push_back(set(o));
  return load_scenario_file(scenario(name), list);
}

TEST(ScenarioOverride, SetsAValueByItsPath) {
  const LoadResult r =
      load("default.yaml", {"belt.speed_mm_s=120", "belt.lanes[1].length_mm=50000",
                            "customers.hourly_parties.12=61.5", "controller.policy=predictive"});
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_EQ(r.scenario->belt.speed_mm_s, 120);
  EXPECT_EQ(r.scenario->belt.lanes[1].length_mm, 50000);
  EXPECT_EQ(r.scenario->belt.lanes[0].length_mm,
            load("default.yaml", {}).scenario->belt.lanes[0].length_mm);
  EXPECT_EQ(r.scenario->customers.hourly_parties[12], 61.5);
  EXPECT_EQ(r.scenario->controller.policy, ControllerPolicy::predictive);
}

TEST(ScenarioOverride, CreatesTheMapsTheFileLeftOutAndTakesFlowValues) {
  // default.yaml has no faults section and its kitchen no staff.
  const LoadResult r = load(
      "default.yaml", {"kitchen.staff=[{from: \"11:00\", cooks: 2}, {from: \"11:30\", cooks: 5}]",
                       "faults.missed_read_rate=0.125", "discard.discard_distance_m=120.5"});
  ASSERT_TRUE(r.ok()) << errors_of(r);
  ASSERT_EQ(r.scenario->kitchen.staff.size(), 2U);
  EXPECT_EQ(r.scenario->kitchen.staff[1].cooks, 5);
  EXPECT_EQ(r.scenario->kitchen.staff[1].from, 11 * kMsPerHour + 30 * kMsPerMinute);
  EXPECT_EQ(r.scenario->faults.missed_read_rate, 0.125);
  EXPECT_EQ(r.scenario->discard.distance_mm, 120'500);
}

TEST(ScenarioOverride, TheLastOfTwoOnOnePathWins) {
  const LoadResult r = load("tiny.yaml", {"belt.speed_mm_s=50", "belt.speed_mm_s=60"});
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_EQ(r.scenario->belt.speed_mm_s, 60);
}

TEST(ScenarioOverride, AnEntryOfAListSetsOnlyThatEntry) {
  const LoadResult r = load("weekend.yaml", {"kitchen.staff[1].cooks=9"});
  const LoadResult base = load("weekend.yaml", {});
  ASSERT_TRUE(r.ok()) << errors_of(r);
  ASSERT_EQ(r.scenario->kitchen.staff.size(), base.scenario->kitchen.staff.size());
  for (std::size_t i = 0; i < r.scenario->kitchen.staff.size(); ++i) {
    EXPECT_EQ(r.scenario->kitchen.staff[i].from, base.scenario->kitchen.staff[i].from);
    EXPECT_EQ(r.scenario->kitchen.staff[i].cooks,
              i == 1 ? 9 : base.scenario->kitchen.staff[i].cooks);
  }
}

TEST(ScenarioOverride, AProblemInTheValueNamesTheOverride) {
  const LoadResult r = load("default.yaml", {"discard.discard_distance_m=-3"});
  ASSERT_EQ(r.errors.size(), 1U) << errors_of(r);
  EXPECT_EQ(r.errors[0].to_string(),
            "--set discard.discard_distance_m=-3: must be > 0 and <= 100000, got -3");
  const LoadResult typed = load("default.yaml", {"belt.speed_mm_s=fast"});
  ASSERT_EQ(typed.errors.size(), 1U);
  EXPECT_EQ(typed.errors[0].to_string(),
            "--set belt.speed_mm_s=fast: expected an integer, got \"fast\"");
  // A value that is a map: its own keys are checked, and named under the override.
  const LoadResult map = load("tiny.yaml", {"kitchen={cooks: 2, cookz: 3}"});
  ASSERT_EQ(map.errors.size(), 1U) << errors_of(map);
  EXPECT_EQ(map.errors[0].to_string(),
            "--set kitchen={cooks: 2, cookz: 3}: kitchen.cookz: unknown key \"cookz\"; did you "
            "mean \"cooks\"?");
}

TEST(ScenarioOverride, AProblemItCausesElsewhereIsReportedWhereItIs) {
  // tiny.yaml's lane is 10 m with a gate at 9.5 m: a 5 m lane puts it past the end.
  const LoadResult r = load("tiny.yaml", {"belt.lanes[0].length_mm=5000"});
  ASSERT_FALSE(r.ok());
  bool gate = false;
  for (const LoadError& e : r.errors) {
    EXPECT_EQ(e.file, scenario("tiny.yaml")) << e.to_string();
    EXPECT_GT(e.line, 0);
    gate = gate || e.path == "belt.lanes[0].points[3].at_mm";
  }
  EXPECT_TRUE(gate) << errors_of(r);
}

TEST(ScenarioOverride, AListEntryMustExist) {
  const LoadResult r = load("default.yaml", {"belt.lanes[3].length_mm=40000"});
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_EQ(r.errors[0].to_string(),
            "--set belt.lanes[3].length_mm=40000: belt.lanes has 3 entries ([0]..[2])");
  const LoadResult none = load("default.yaml", {"kitchen.staff[0].cooks=3"});
  ASSERT_EQ(none.errors.size(), 1U);
  EXPECT_EQ(none.errors[0].to_string(),
            "--set kitchen.staff[0].cooks=3: kitchen.staff is a map, not a list");
}

TEST(ScenarioOverride, AWrongPathOrAMissingValueIsRefusedBeforeLoading) {
  std::string problem;
  EXPECT_FALSE(parse_override("belt.sped_mm_s=3", problem));
  EXPECT_EQ(problem, "no scenario key belt.sped_mm_s; did you mean belt.speed_mm_s?");
  EXPECT_FALSE(parse_override("belt.speed_mm_s", problem));
  EXPECT_EQ(problem, "expected PATH=VALUE, got \"belt.speed_mm_s\"");
  const auto empty = parse_override("name=", problem);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->value, "");
  const auto equals = parse_override("name=a=b", problem);
  ASSERT_TRUE(equals);
  EXPECT_EQ(equals->value, "a=b");
  const LoadResult bad_yaml = load("tiny.yaml", {"kitchen.staff=[{from: 11"});
  ASSERT_EQ(bad_yaml.errors.size(), 1U);
  EXPECT_EQ(bad_yaml.errors[0].file, "--set kitchen.staff=[{from: 11");
  EXPECT_NE(bad_yaml.errors[0].message.find("the value is not YAML"), std::string::npos);
}

// Every key of the table is one the loader reads: setting it never gives "unknown key".
void each_key(const nlohmann::json& s, const std::string& path,
              const std::function<void(const std::string&, const nlohmann::json&)>& visit) {
  if (s.contains("properties")) {
    for (const auto& [name, child] : s["properties"].items()) {
      const std::string p = path.empty() ? name : path + "." + name;
      each_key(child, p, visit);
    }
    return;
  }
  if (s.contains("items") && s["items"].contains("properties")) {
    visit(path, s);
    each_key(s["items"], path + "[0]", visit);
    return;
  }
  visit(path, s);
}

std::string valid_value(const nlohmann::json& s) {
  if (s.contains("default"))
    return s["default"].is_string() ? s["default"].get<std::string>() : s["default"].dump();
  if (s.contains("enum")) return s["enum"][0];
  const nlohmann::json type = s.value("type", nlohmann::json("string"));
  if (type == "integer" || type == "number")
    return s.contains("maximum") ? s["maximum"].dump() : "1";
  if (type == "array") return "[]";
  if (type == "object") return "{}";
  if (s.contains("pattern") && s["pattern"].get<std::string>().find(':') != std::string::npos)
    return "\"12:00\"";
  return "x";
}

TEST(ScenarioOverride, EveryKeyOfTheTableIsReadByTheLoader) {
  const nlohmann::json schema = nlohmann::json::parse(scenario_json_schema());
  int keys = 0;
  each_key(schema, "", [&](const std::string& path, const nlohmann::json& s) {
    ++keys;
    std::vector<ScenarioOverride> overrides;
    // Lists the scenario lacks get one empty entry first.
    std::string prefix;
    for (std::size_t at = path.find("[0]"); at != std::string::npos; at = path.find("[0]", at + 1))
      overrides.push_back(ScenarioOverride{path.substr(0, at), "[{}]"});
    overrides.push_back(ScenarioOverride{path, valid_value(s)});
    LoadResult r;
    ASSERT_NO_THROW(r = load_scenario_file(scenario("chain_store.yaml"), overrides)) << path;
    for (const LoadError& e : r.errors)
      EXPECT_EQ(e.message.find("unknown key"), std::string::npos) << path << ": " << e.to_string();
  });
  EXPECT_GE(keys, 120);
}

}  // namespace
}  // namespace kaiten
