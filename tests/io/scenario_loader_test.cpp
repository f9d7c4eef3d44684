#include "kaiten/io/scenario_loader.hpp"

#include <cctype>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace kaiten {
namespace {

std::string all_errors(const LoadResult& r) {
  std::string out;
  for (const LoadError& e : r.errors) out += e.to_string() + "\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// The shipped scenarios.

std::vector<std::filesystem::path> scenario_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(KAITEN_SOURCE_DIR) / "scenarios"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  return files;
}

TEST(ScenarioLoader, EveryShippedScenarioLoads) {
  const auto files = scenario_files();
  ASSERT_GE(files.size(), 3U);
  for (const auto& file : files) {
    const LoadResult r = load_scenario_file(file.string());
    EXPECT_TRUE(r.errors.empty()) << file << ":\n" << all_errors(r);
    EXPECT_TRUE(r.scenario.has_value()) << file;
  }
}

std::string scenario_path(std::string_view name) {
  return (std::filesystem::path(KAITEN_SOURCE_DIR) / "scenarios" / name).string();
}

TEST(ScenarioLoader, DefaultIsTheStandardStore) {
  const LoadResult r = load_scenario_file(scenario_path("default.yaml"));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const ScenarioDef& def = *r.scenario;
  EXPECT_EQ(total_seats(def), 196);
  EXPECT_EQ(def.belt.lanes.size(), 3U);
  EXPECT_GE(def.menu.size(), 20U);
  EXPECT_EQ(def.belt.speed_mm_s, 80);
  EXPECT_EQ(def.belt.pitch_mm, 150);
  EXPECT_EQ(def.open, 11 * kMsPerHour);
  EXPECT_EQ(def.close, 23 * kMsPerHour);
  EXPECT_EQ(def.discard.kind, DiscardRuleKind::distance);
  EXPECT_EQ(def.discard.distance_mm, 350'000);
  EXPECT_DOUBLE_EQ(def.kitchen.rate_plates_per_min, 12.0);
  EXPECT_DOUBLE_EQ(def.eating.take_probability_per_pass, 0.012);
  for (const MenuItem& item : def.menu) {
    EXPECT_TRUE(item.price_yen == 120 || item.price_yen == 180 || item.price_yen == 360) << item.id;
    EXPECT_GE(item.cost_yen * 100, item.price_yen * 46) << item.id;
    EXPECT_LE(item.cost_yen * 100, item.price_yen * 50) << item.id;
  }
  for (const LaneDef& lane : def.belt.lanes) {
    int kitchens = 0;
    int gates = 0;
    int readers = 0;
    for (const BeltPoint& p : lane.points) {
      kitchens += p.kind == PointKind::kitchen;
      gates += p.kind == PointKind::discard_gate;
      readers += p.kind == PointKind::reader;
      EXPECT_NE(p.kind, PointKind::seat_zone) << "tables must not be added to the lane's points";
    }
    EXPECT_EQ(kitchens, 1) << lane.id;
    EXPECT_EQ(gates, 1) << lane.id;
    EXPECT_EQ(readers, 4) << lane.id;
  }
}

TEST(ScenarioLoader, TimeRuleScenarioHasPerItemLimits) {
  const LoadResult r = load_scenario_file(scenario_path("time_rule.yaml"));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const ScenarioDef& def = *r.scenario;
  EXPECT_EQ(def.discard.kind, DiscardRuleKind::time);
  EXPECT_EQ(def.discard.time_min, 40);
  EXPECT_EQ(total_seats(def), 196);
  const int uni = find_item(def, "uni");
  ASSERT_GE(uni, 0);
  EXPECT_EQ(def.menu[static_cast<std::size_t>(uni)].discard_time_min, 30);
  const int maguro = find_item(def, "maguro");
  ASSERT_GE(maguro, 0);
  EXPECT_FALSE(def.menu[static_cast<std::size_t>(maguro)].discard_time_min.has_value());
}

TEST(ScenarioLoader, TinyScenario) {
  const LoadResult r = load_scenario_file(scenario_path("tiny.yaml"));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const ScenarioDef& def = *r.scenario;
  ASSERT_EQ(def.belt.lanes.size(), 1U);
  EXPECT_EQ(def.belt.lanes[0].length_mm, 10'000);
  EXPECT_EQ(def.tables.size(), 2U);
  EXPECT_EQ(def.menu.size(), 3U);
  EXPECT_EQ(def.open, 11 * kMsPerHour);
  EXPECT_EQ(def.close, 12 * kMsPerHour);
}

// ---------------------------------------------------------------------------------------------
// A valid scenario; each broken case below edits one spot of it. Line numbers are 1-based.

constexpr std::string_view kBase =
    "name: test\n"                                                                            // 1
    "seed: 7\n"                                                                               // 2
    "hours: {open: \"11:00\", close: \"12:00\"}\n"                                            // 3
    "menu:\n"                                                                                 // 4
    "  - {id: maguro, name: Tuna, price_yen: 120, cost_yen: 58, popularity: 3}\n"             // 5
    "  - {id: salmon, price_yen: 120, cost_yen: 57}\n"                                        // 6
    "belt:\n"                                                                                 // 7
    "  speed_mm_s: 80\n"                                                                      // 8
    "  pitch_mm: 150\n"                                                                       // 9
    "  speed_schedule:\n"                                                                     // 10
    "    - {at: \"11:30\", speed_mm_s: 0}\n"                                                  // 11
    "    - {at: \"11:40\", speed_mm_s: 80}\n"                                                 // 12
    "  lanes:\n"                                                                              // 13
    "    - id: A\n"                                                                           // 14
    "      length_mm: 10000\n"                                                                // 15
    "      points:\n"                                                                         // 16
    "        - {id: A-kitchen, kind: kitchen, at_mm: 0}\n"                                    // 17
    "        - {id: A-reader, kind: reader, at_mm: 1000}\n"                                   // 18
    "        - {id: A-gate, kind: discard_gate, at_mm: 9500}\n"                               // 19
    "discard:\n"                                                                              // 20
    "  rule: distance\n"                                                                      // 21
    "  discard_distance_m: 350\n"                                                             // 22
    "tables:\n"                                                                               // 23
    "  - {id: T, lane: A, kind: booth, seats: 4, at_mm: 2000, count: 2, spacing_mm: 1800}\n"  // 24
    "kitchen:\n"                                                                              // 25
    "  rate_plates_per_min: 12\n"                                                             // 26
    "eating:\n"                                                                               // 27
    "  take_probability_per_pass: 0.012\n";                                                   // 28

/// kBase with `from` (which must occur exactly once) replaced by `to`.
std::string edited(std::string_view from, std::string_view to) {
  std::string text(kBase);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the base scenario: " << from;
  if (at == std::string::npos) return text;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "ambiguous edit: " << from;
  text.replace(at, from.size(), to);
  return text;
}

TEST(ScenarioLoader, BaseScenarioLoads) {
  const LoadResult r = load_scenario_text(kBase, "base.yaml");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const ScenarioDef& def = *r.scenario;
  EXPECT_EQ(def.name, "test");
  EXPECT_EQ(def.seed, 7U);
  EXPECT_EQ(def.open, 11 * kMsPerHour);
  EXPECT_EQ(def.close, 12 * kMsPerHour);
  ASSERT_EQ(def.menu.size(), 2U);
  EXPECT_EQ(def.menu[0].name, "Tuna");
  EXPECT_DOUBLE_EQ(def.menu[0].popularity, 3.0);
  EXPECT_EQ(def.menu[1].name, "salmon");  // defaults to the id
  EXPECT_DOUBLE_EQ(def.menu[1].popularity, 1.0);
  ASSERT_EQ(def.belt.speed_schedule.size(), 2U);
  EXPECT_EQ(def.belt.speed_schedule[0].at, 11 * kMsPerHour + 30 * kMsPerMinute);
  EXPECT_EQ(def.belt.speed_schedule[0].speed_mm_s, 0);
  ASSERT_EQ(def.belt.lanes.size(), 1U);
  const LaneDef& lane = def.belt.lanes[0];
  ASSERT_EQ(lane.points.size(), 3U);  // tables stay out of the lane's points
  EXPECT_EQ(lane.points[0].id, "A-kitchen");
  EXPECT_EQ(lane.points[2].kind, PointKind::discard_gate);
  EXPECT_EQ(lane.points[2].at_mm, 9500);
  ASSERT_EQ(def.tables.size(), 2U);
  EXPECT_EQ(def.tables[0].id, "T-1");
  EXPECT_EQ(def.tables[0].at_mm, 2000);
  EXPECT_EQ(def.tables[1].id, "T-2");
  EXPECT_EQ(def.tables[1].at_mm, 3800);
  EXPECT_EQ(def.tables[1].lane, "A");
  EXPECT_EQ(def.tables[1].kind, TableKind::booth);
  EXPECT_EQ(total_seats(def), 8);
}

struct BrokenCase {
  std::string_view name;
  std::string_view from;  ///< text of kBase to replace
  std::string_view to;
  std::string_view message;  ///< expected substring of the first error's message
  std::string_view path;     ///< expected key path of the first error
  int line;                  ///< expected line of the first error
};

// clang-format off
constexpr BrokenCase kBroken[] = {
  {"unknown top-level key", "eating:\n", "colour: red\neating:\n",
   "unknown key \"colour\"", "colour", 27},
  {"typo in a nested key", "  pitch_mm: 150", "  pich_mm: 150",
   "did you mean \"pitch_mm\"", "belt.pich_mm", 9},
  {"negative speed", "speed_mm_s: 80\n  pitch", "speed_mm_s: -5\n  pitch",
   "must be in 1..1000, got -5", "belt.speed_mm_s", 8},
  {"pitch out of range", "pitch_mm: 150", "pitch_mm: 40",
   "must be in 50..500, got 40", "belt.pitch_mm", 9},
  {"lane with no kitchen", "{id: A-kitchen, kind: kitchen,", "{id: A-kitchen, kind: reader,",
   "no kitchen point", "belt.lanes[0].points", 17},
  {"two kitchens", "{id: A-reader, kind: reader,", "{id: A-reader, kind: kitchen,",
   "already has a kitchen point (A-kitchen)", "belt.lanes[0].points[1].kind", 18},
  {"lane with no discard gate", "kind: discard_gate", "kind: reader",
   "no discard_gate point", "belt.lanes[0].points", 17},
  {"duplicate point position", "kind: reader, at_mm: 1000", "kind: reader, at_mm: 0",
   "\"A-reader\" at 0 mm on lane A collides with \"A-kitchen\"",
   "belt.lanes[0].points[1].at_mm", 18},
  {"table collides with a point", "at_mm: 2000, count: 2, spacing_mm: 1800",
   "at_mm: 1000, count: 2, spacing_mm: 1800",
   "\"T-1\" at 1000 mm on lane A collides with \"A-reader\"", "tables[0].at_mm", 24},
  {"expanded table collides with a point", "spacing_mm: 1800", "spacing_mm: 7500",
   "\"T-2\" at 9500 mm on lane A collides with \"A-gate\"", "tables[0].spacing_mm", 24},
  {"table on a missing lane", "lane: A,", "lane: Z,",
   "no lane \"Z\" in belt.lanes (lanes: A)", "tables[0].lane", 24},
  {"table past lane length", "at_mm: 2000,", "at_mm: 12000,",
   "must be in 0..9999 (lane A is 10000 mm long), got 12000", "tables[0].at_mm", 24},
  {"expanded table past lane length", "at_mm: 2000, count: 2", "at_mm: 9000, count: 2",
   "table T-2 would be at 10800 mm, past the end of lane A", "tables[0].count", 24},
  {"point past lane length", "kind: discard_gate, at_mm: 9500", "kind: discard_gate, at_mm: 10000",
   "must be in 0..9999", "belt.lanes[0].points[2].at_mm", 19},
  {"lane shorter than 10 plates", "length_mm: 10000", "length_mm: 1000",
   "must be in 1500..10000000 (at least 10 plates of pitch_mm 150), got 1000",
   "belt.lanes[0].length_mm", 15},
  {"unknown menu field", "popularity: 3", "popularty: 3",
   "unknown key \"popularty\"; did you mean \"popularity\"?", "menu[0].popularty", 5},
  {"duplicate item id", "{id: salmon,", "{id: maguro,",
   "duplicate menu item id \"maguro\" (first used at line 5)", "menu[1].id", 6},
  {"menu id with capitals", "{id: salmon,", "{id: Salmon,",
   "only lowercase letters, digits", "menu[1].id", 6},
  {"missing required menu field", "{id: salmon, price_yen: 120, ", "{id: salmon, ",
   "missing required key", "menu[1].price_yen", 6},
  {"bad clock", "open: \"11:00\"", "open: \"11:75\"",
   "expected a clock time \"HH:MM\" or \"HH:MM:SS\" (hours 0..47), got \"11:75\"", "hours.open", 3},
  {"close before open", "close: \"12:00\"", "close: \"10:00\"",
   "must be after open (11:00:00), got 10:00:00", "hours.close", 3},
  {"missing hours", "hours: {open: \"11:00\", close: \"12:00\"}\n", "",
   "missing required key", "hours", 1},
  {"speed schedule out of order", "at: \"11:40\"", "at: \"11:20\"",
   "must be later than the previous change at 11:30:00", "belt.speed_schedule[1].at", 12},
  {"speed schedule after closing", "at: \"11:40\"", "at: \"12:30\"",
   "must be within the opening hours 11:00:00..12:00:00", "belt.speed_schedule[1].at", 12},
  {"discard rule kind unknown", "rule: distance", "rule: age",
   "expected one of distance, time; got \"age\"", "discard.rule", 21},
  {"discard distance finer than a millimetre", "discard_distance_m: 350", "discard_distance_m: 349.9995",
   "must be a whole number of millimetres", "discard.discard_distance_m", 22},
  {"discard distance zero", "discard_distance_m: 350", "discard_distance_m: 0",
   "must be > 0 and <= 100000, got 0", "discard.discard_distance_m", 22},
  {"string where an int is expected", "speed_mm_s: 80\n  pitch", "speed_mm_s: fast\n  pitch",
   "expected an integer, got \"fast\"", "belt.speed_mm_s", 8},
  {"quoted number where an int is expected", "price_yen: 120, cost_yen: 58",
   "price_yen: \"120\", cost_yen: 58", "expected an integer, got the string \"120\"",
   "menu[0].price_yen", 5},
  {"fraction where an int is expected", "seats: 4", "seats: 4.5",
   "expected an integer, got \"4.5\"", "tables[0].seats", 24},
  {"quoted number where a number is expected", "popularity: 3", "popularity: \"3\"",
   "expected a number, got the string \"3\" (remove the quotes)", "menu[0].popularity", 5},
  {"infinite number", "rate_plates_per_min: 12", "rate_plates_per_min: .inf",
   "expected a finite number, got \".inf\"", "kitchen.rate_plates_per_min", 26},
  {"map where a number is expected", "rate_plates_per_min: 12", "rate_plates_per_min: {a: 1}",
   "expected a number, got a map", "kitchen.rate_plates_per_min", 26},
  {"probability above one", "take_probability_per_pass: 0.012", "take_probability_per_pass: 1.5",
   "must be >= 0 and <= 1, got 1.5", "eating.take_probability_per_pass", 28},
  {"negative seed", "seed: 7", "seed: -1", "expected an integer in 0..", "seed", 2},
  {"empty value", "seed: 7", "seed:", "expected an integer in 0..18446744073709551615, got an empty value",
   "seed", 2},
  {"seats out of range", "seats: 4", "seats: 13", "must be in 1..12, got 13", "tables[0].seats", 24},
  {"table kind unknown", "kind: booth", "kind: sofa",
   "expected one of counter, booth; got \"sofa\"", "tables[0].kind", 24},
  {"spacing missing for a row", ", spacing_mm: 1800}", "}",
   "missing required key (required when count > 1)", "tables[0].spacing_mm", 24},
  {"empty menu", "  - {id: maguro, name: Tuna, price_yen: 120, cost_yen: 58, popularity: 3}\n"
                 "  - {id: salmon, price_yen: 120, cost_yen: 57}\n", "  []\n",
   "must not be empty", "menu", 5},
  {"speed schedule is not a list",
   "  speed_schedule:\n    - {at: \"11:30\", speed_mm_s: 0}\n    - {at: \"11:40\", speed_mm_s: 80}\n",
   "  speed_schedule: {at: \"11:30\", speed_mm_s: 0}\n",
   "expected a list, got a map", "belt.speed_schedule", 10},
  {"YAML syntax error", "speed_mm_s: 80\n  pitch", "speed_mm_s: 80: 90\n  pitch",
   "YAML syntax error: illegal map value", "", 8},
  {"YAML bad indentation", "  pitch_mm: 150", " pitch_mm: 150",
   "YAML syntax error: end of map not found", "", 9},
  {"duplicate key", "  pitch_mm: 150", "  speed_mm_s: 90",
   "duplicate key (first at line 8)", "belt.speed_mm_s", 9},
};
// clang-format on

void PrintTo(const BrokenCase& c, std::ostream* os) {
  *os << c.name;
}

class BrokenScenario : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenScenario, ReportsTheErrorWhereItIs) {
  const BrokenCase& c = GetParam();
  const LoadResult r = load_scenario_text(edited(c.from, c.to), "broken.yaml");
  EXPECT_FALSE(r.scenario.has_value());
  ASSERT_FALSE(r.errors.empty()) << "no error reported";
  const LoadError& e = r.errors.front();
  EXPECT_NE(e.message.find(c.message), std::string::npos) << all_errors(r);
  EXPECT_EQ(e.path, c.path) << all_errors(r);
  EXPECT_EQ(e.line, c.line) << all_errors(r);
  EXPECT_EQ(e.file, "broken.yaml");
  EXPECT_GT(e.column, 0);
  EXPECT_EQ(r.errors.size(), 1U) << "expected exactly one error:\n" << all_errors(r);
}

std::string case_name(const ::testing::TestParamInfo<BrokenCase>& info) {
  std::string name;
  for (const char c : info.param.name)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Table, BrokenScenario, ::testing::ValuesIn(kBroken), case_name);

// ---------------------------------------------------------------------------------------------

TEST(ScenarioLoader, ReportsEveryErrorInFileOrder) {
  std::string text = edited("speed_mm_s: 80\n  pitch", "speed_mm_s: fast\n  pitch");  // line 8
  text.replace(text.find("popularity: 3"), 13, "popularty: 3");                       // line 5
  text.replace(text.find("seats: 4"), 8, "seats: 40");                                // line 24
  const LoadResult r = load_scenario_text(text, "three.yaml");
  EXPECT_FALSE(r.scenario.has_value());
  ASSERT_EQ(r.errors.size(), 3U) << all_errors(r);
  EXPECT_EQ(r.errors[0].line, 5);
  EXPECT_EQ(r.errors[0].path, "menu[0].popularty");
  EXPECT_EQ(r.errors[1].line, 8);
  EXPECT_EQ(r.errors[1].path, "belt.speed_mm_s");
  EXPECT_EQ(r.errors[2].line, 24);
  EXPECT_EQ(r.errors[2].path, "tables[0].seats");
}

TEST(ScenarioLoader, DuplicateIdAcrossPointsAndTables) {
  const LoadResult r = load_scenario_text(
      edited("{id: T, lane: A, kind: booth, seats: 4, at_mm: 2000, count: 2, spacing_mm: 1800}",
             "{id: A-reader, lane: A, kind: booth, seats: 4, at_mm: 2000}"),
      "dup.yaml");
  ASSERT_EQ(r.errors.size(), 1U) << all_errors(r);
  EXPECT_EQ(r.errors[0].path, "tables[0].id");
  EXPECT_EQ(r.errors[0].line, 24);
  EXPECT_NE(r.errors[0].message.find("duplicate id \"A-reader\" (first used at line 18)"),
            std::string::npos)
      << all_errors(r);
}

TEST(ScenarioLoader, DiscardDistanceInWholeMillimetres) {
  const LoadResult r = load_scenario_text(
      edited("discard_distance_m: 350", "discard_distance_m: 349.999"), "d.yaml");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->discard.distance_mm, 349'999);
}

TEST(ScenarioLoader, OptionalSectionsTakeTheirDefaults) {
  std::string text(kBase);
  text = text.substr(0, text.find("discard:\n")) +
         text.substr(text.find("tables:\n"), text.find("kitchen:\n") - text.find("tables:\n"));
  text.replace(text.find("name: test\nseed: 7\n"), 19, "");
  const LoadResult r = load_scenario_text(text, "dir/my-store.yaml");
  ASSERT_TRUE(r.ok()) << all_errors(r) << text;
  const ScenarioDef& def = *r.scenario;
  const ScenarioDef defaults;
  EXPECT_EQ(def.name, "my-store");  // the file stem
  EXPECT_EQ(def.seed, 1U);
  EXPECT_EQ(def.discard.kind, defaults.discard.kind);
  EXPECT_EQ(def.discard.distance_mm, 350'000);
  EXPECT_EQ(def.discard.time_min, 40);
  EXPECT_DOUBLE_EQ(def.kitchen.rate_plates_per_min, 12.0);
  EXPECT_EQ(def.kitchen.max_backlog_plates, 10);
  EXPECT_DOUBLE_EQ(def.eating.take_probability_per_pass, 0.012);
}

TEST(ScenarioLoader, PointsKeepFileOrder) {
  const LoadResult r =
      load_scenario_text(edited("        - {id: A-kitchen, kind: kitchen, at_mm: 0}\n",
                                "        - {id: A-late, kind: reader, at_mm: 8000}\n"
                                "        - {id: A-kitchen, kind: kitchen, at_mm: 0}\n"),
                         "order.yaml");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const auto& points = r.scenario->belt.lanes[0].points;
  ASSERT_EQ(points.size(), 4U);
  EXPECT_EQ(points[0].id, "A-late");
  EXPECT_EQ(points[1].id, "A-kitchen");
}

TEST(ScenarioLoader, ErrorFormat) {
  LoadError e;
  e.file = "s.yaml";
  e.line = 3;
  e.column = 7;
  e.path = "belt.pitch_mm";
  e.message = "must be in 50..500, got 40";
  EXPECT_EQ(e.to_string(), "s.yaml:3:7: belt.pitch_mm: must be in 50..500, got 40");
  e.line = 0;
  e.column = 0;
  e.path.clear();
  EXPECT_EQ(e.to_string(), "s.yaml: must be in 50..500, got 40");
}

TEST(ScenarioLoader, UnreadableFileIsOneError) {
  const LoadResult r = load_scenario_file("/nonexistent/kaiten/scenario.yaml");
  EXPECT_FALSE(r.scenario.has_value());
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_EQ(r.errors[0].file, "/nonexistent/kaiten/scenario.yaml");
  EXPECT_EQ(r.errors[0].line, 0);
  EXPECT_NE(r.errors[0].message.find("cannot open"), std::string::npos);
  EXPECT_EQ(load_scenario_file(KAITEN_SOURCE_DIR).errors.size(), 1U);  // a directory
}

TEST(ScenarioLoader, EmptyAndMultiDocumentInputsAreErrors) {
  EXPECT_EQ(load_scenario_text("", "empty.yaml").errors.size(), 1U);
  EXPECT_EQ(load_scenario_text("# only a comment\n", "empty.yaml").errors.size(), 1U);
  const LoadResult list = load_scenario_text("- 1\n- 2\n", "list.yaml");
  ASSERT_EQ(list.errors.size(), 1U);
  EXPECT_NE(list.errors[0].message.find("expected a map, got a list"), std::string::npos);
  const LoadResult two = load_scenario_text(std::string(kBase) + "---\na: 1\n", "two.yaml");
  ASSERT_EQ(two.errors.size(), 1U);
  EXPECT_EQ(two.errors[0].line, 29);
  EXPECT_NE(two.errors[0].message.find("found a second one"), std::string::npos);
}

// yaml-cpp 0.7's LoadAll never returns on these (the parser stops consuming input); the loader
// must report a syntax error instead.
TEST(ScenarioLoader, InputsThatHangYamlCppLoadAllAreSyntaxErrors) {
  for (const std::string_view text : {",\n", ", kind: booth\n  - {id: T}\n", "a: 1\n,\n"}) {
    const LoadResult r = load_scenario_text(text, "stuck.yaml");
    ASSERT_EQ(r.errors.size(), 1U) << text << "\n" << all_errors(r);
    EXPECT_NE(r.errors[0].message.find("YAML syntax error"), std::string::npos) << all_errors(r);
  }
}

}  // namespace
}  // namespace kaiten
