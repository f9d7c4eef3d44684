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
  EXPECT_EQ(def.kitchen.cooks, 4);
  EXPECT_EQ(def.kitchen.prep_ms, 12'000);  // 4 cooks at 12 s a plate: 20 plates a minute
  // Karaage (popularity 4 of 111) takes 20 s and miso soup (3 of 111) 15 s: the mean plate takes
  // (104 x 12 + 4 x 20 + 3 x 15) / 111 = 1373 / 111 s, so 4 cooks make 4 x 60 x 111 / 1373 a
  // minute.
  EXPECT_NEAR(kitchen_capacity_per_min(def, def.open), 4.0 * 60 * 111 / 1373, 1e-9);
  ASSERT_EQ(def.belt.express_lanes.size(), 3U);
  int with_express = 0;
  for (const TableDef& t : def.tables) with_express += t.express.empty() ? 0 : 1;
  EXPECT_EQ(with_express, 27);  // the booths: 3 lanes x (7 + 2)
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

TEST(ScenarioLoader, DefaultHasWeekdayPartiesAndThePredictiveController) {
  const LoadResult r = load_scenario_file(scenario_path("default.yaml"));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const ScenarioDef& def = *r.scenario;
  const CustomersDef& c = def.customers;
  EXPECT_EQ(c.model, CustomerModel::parties);
  EXPECT_EQ(c.day, Weekday::tue);
  EXPECT_FALSE(c.holiday);
  const std::vector<double> expected_hourly{20, 45, 35, 18, 12, 14, 25, 40, 42, 30, 15, 5};
  ASSERT_EQ(c.hourly_parties.size(), 48U);
  double parties = 0;
  for (std::size_t h = 0; h < 48; ++h) {
    const double want = h >= 11 && h <= 22 ? expected_hourly[h - 11] : 0.0;
    EXPECT_DOUBLE_EQ(c.hourly_parties[h], want) << "hour " << h;
    parties += c.hourly_parties[h];
  }
  EXPECT_EQ(c.party_size_weights, (std::vector<double>{0.18, 0.38, 0.16, 0.20, 0.05, 0.03}));
  double people = 0;
  double weight = 0;
  for (std::size_t k = 0; k < c.party_size_weights.size(); ++k) {
    people += static_cast<double>(k + 1) * c.party_size_weights[k];
    weight += c.party_size_weights[k];
  }
  // ~775 customers a weekday (DESIGN.md section 2).
  const double customers = parties * c.weekday_multiplier[1] * people / weight;
  EXPECT_GT(customers, 700.0);
  EXPECT_LT(customers, 850.0);
  EXPECT_DOUBLE_EQ(c.child_share, 0.5);
  EXPECT_DOUBLE_EQ(c.men_share_of_adults, 0.6);
  EXPECT_DOUBLE_EQ(c.men.mean_plates, 11.3);
  EXPECT_DOUBLE_EQ(c.men.sd_plates, 2.8);
  EXPECT_DOUBLE_EQ(c.women.mean_plates, 8.0);
  EXPECT_DOUBLE_EQ(c.women.sd_plates, 2.2);
  EXPECT_DOUBLE_EQ(c.children.mean_plates, 6.0);
  EXPECT_DOUBLE_EQ(c.children.sd_plates, 1.8);
  EXPECT_GE(c.child_favourites.size(), 3U);
  EXPECT_LE(c.child_favourites.size(), 4U);
  for (const std::string& id : c.child_favourites) EXPECT_GE(find_item(def, id), 0) << id;
  EXPECT_FALSE(c.ordered_only);
  EXPECT_EQ(def.controller.policy, ControllerPolicy::predictive);
  EXPECT_TRUE(def.faults.reader_outages.empty());
  EXPECT_DOUBLE_EQ(def.faults.missed_read_rate, 0.0);

  // Every party size with a weight fits a table: 7 four-seat and 2 six-seat booths per lane.
  int four_seat_booths = 0;
  int six_seat_booths = 0;
  for (const TableDef& t : def.tables) {
    four_seat_booths += t.kind == TableKind::booth && t.seats == 4;
    six_seat_booths += t.kind == TableKind::booth && t.seats == 6;
  }
  EXPECT_EQ(four_seat_booths, 21);
  EXPECT_EQ(six_seat_booths, 6);
  EXPECT_EQ(total_seats(def), 196);
}

TEST(ScenarioLoader, ScenarioVariants) {
  const LoadResult faults = load_scenario_file(scenario_path("faults.yaml"));
  ASSERT_TRUE(faults.ok()) << all_errors(faults);
  const ScenarioDef& f = *faults.scenario;
  EXPECT_DOUBLE_EQ(f.faults.missed_read_rate, 0.05);
  EXPECT_DOUBLE_EQ(f.faults.duplicate_read_rate, 0.01);
  ASSERT_EQ(f.faults.reader_outages.size(), 1U);
  EXPECT_EQ(f.faults.reader_outages[0].to - f.faults.reader_outages[0].from, kMsPerHour);
  ASSERT_EQ(f.belt.speed_schedule.size(), 2U);
  EXPECT_EQ(f.belt.speed_schedule[0].speed_mm_s, 0);
  EXPECT_EQ(f.belt.speed_schedule[1].at - f.belt.speed_schedule[0].at, 10 * kMsPerMinute);
  EXPECT_EQ(f.customers.model, CustomerModel::parties);

  const LoadResult ordered = load_scenario_file(scenario_path("ordered_only.yaml"));
  ASSERT_TRUE(ordered.ok()) << all_errors(ordered);
  EXPECT_TRUE(ordered.scenario->customers.ordered_only);
  EXPECT_EQ(ordered.scenario->customers.model, CustomerModel::parties);

  const LoadResult weekend = load_scenario_file(scenario_path("weekend.yaml"));
  ASSERT_TRUE(weekend.ok()) << all_errors(weekend);
  EXPECT_EQ(weekend.scenario->customers.day, Weekday::sat);
  EXPECT_EQ(weekend.scenario->customers.model, CustomerModel::parties);

  const LoadResult time_rule = load_scenario_file(scenario_path("time_rule.yaml"));
  ASSERT_TRUE(time_rule.ok()) << all_errors(time_rule);
  EXPECT_EQ(time_rule.scenario->customers.model, CustomerModel::parties);
  EXPECT_EQ(time_rule.scenario->controller.policy, ControllerPolicy::predictive);

  const LoadResult tiny = load_scenario_file(scenario_path("tiny.yaml"));
  ASSERT_TRUE(tiny.ok()) << all_errors(tiny);
  EXPECT_EQ(tiny.scenario->customers.model, CustomerModel::stand_in);
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
    "  - {id: salmon, price_yen: 120, cost_yen: 57, stock_plates: 50}\n"                      // 6
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
    "  take_probability_per_pass: 0.012\n"                                                    // 28
    "customers:\n"                                                                            // 29
    "  day_of_week: wed\n"                                                                    // 30
    "  hourly_parties: {11: 10}\n"                                                            // 31
    "  party_size_weights: [1, 2, 1, 1]\n"                                                    // 32
    "  child_favourites: [maguro]\n"                                                          // 33
    "  appetite:\n"                                                                           // 34
    "    children: {mean_plates: 5, sd_plates: 1.5}\n"                                        // 35
    "controller:\n"                                                                           // 36
    "  policy: fixed_mix\n"                                                                   // 37
    "  tick_s: 30\n"                                                                          // 38
    "faults:\n"                                                                               // 39
    "  missed_read_rate: 0.02\n"                                                              // 40
    "  duplicate_read_rate: 0.01\n"                                                           // 41
    "  reader_outages:\n"                                                                     // 42
    "    - {reader: A-reader, from: \"11:10\", to: \"11:20\"}\n";                             // 43

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
  EXPECT_FALSE(def.menu[0].stock_plates.has_value());
  EXPECT_EQ(def.menu[1].stock_plates, 50);

  const CustomersDef& c = def.customers;
  const CustomersDef defaults;
  EXPECT_EQ(c.model, CustomerModel::parties);  // the section is present
  EXPECT_EQ(c.day, Weekday::wed);
  ASSERT_EQ(c.hourly_parties.size(), 48U);
  EXPECT_DOUBLE_EQ(c.hourly_parties[11], 10.0);
  EXPECT_DOUBLE_EQ(c.hourly_parties[12], 0.0);
  EXPECT_EQ(c.party_size_weights, (std::vector<double>{1, 2, 1, 1}));
  EXPECT_EQ(c.child_favourites, std::vector<std::string>{"maguro"});
  EXPECT_DOUBLE_EQ(c.children.mean_plates, 5.0);
  EXPECT_DOUBLE_EQ(c.children.sd_plates, 1.5);
  EXPECT_DOUBLE_EQ(c.men.mean_plates, defaults.men.mean_plates);  // unlisted: default
  EXPECT_EQ(c.weekday_multiplier, defaults.weekday_multiplier);
  EXPECT_EQ(def.controller.policy, ControllerPolicy::fixed_mix);
  EXPECT_EQ(def.controller.tick_s, 30);
  EXPECT_EQ(def.controller.top_n, 10);
  EXPECT_DOUBLE_EQ(def.faults.missed_read_rate, 0.02);
  EXPECT_DOUBLE_EQ(def.faults.duplicate_read_rate, 0.01);
  ASSERT_EQ(def.faults.reader_outages.size(), 1U);
  EXPECT_EQ(def.faults.reader_outages[0].reader, "A-reader");
  EXPECT_EQ(def.faults.reader_outages[0].from, 11 * kMsPerHour + 10 * kMsPerMinute);
  EXPECT_EQ(def.faults.reader_outages[0].to, 11 * kMsPerHour + 20 * kMsPerMinute);
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
                 "  - {id: salmon, price_yen: 120, cost_yen: 57, stock_plates: 50}\n",
   "  []\n",
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
  // menu[].stock_plates
  {"negative stock", "stock_plates: 50", "stock_plates: -1",
   "must be in 0..1000000, got -1", "menu[1].stock_plates", 6},
  // customers
  {"unknown key in customers", "  day_of_week: wed", "  day_of_weak: wed",
   "unknown key \"day_of_weak\"; did you mean \"day_of_week\"?", "customers.day_of_weak", 30},
  {"bad weekday", "day_of_week: wed", "day_of_week: wednesday",
   "expected one of mon, tue, wed, thu, fri, sat, sun; got \"wednesday\"",
   "customers.day_of_week", 30},
  {"unknown customer model", "  day_of_week: wed\n", "  model: crowd\n  day_of_week: wed\n",
   "expected one of parties, stand_in; got \"crowd\"", "customers.model", 30},
  {"holiday not a bool", "  day_of_week: wed\n", "  day_of_week: wed\n  holiday: yes\n",
   "expected true or false, got \"yes\"", "customers.holiday", 31},
  {"negative hourly rate", "{11: 10}", "{11: -3}",
   "must be >= 0 and <= 1000, got -3", "customers.hourly_parties.11", 31},
  {"hour key not an hour", "{11: 10}", "{\"11:00\": 10}",
   "expected an hour 0..47 as the key (e.g. 12 for 12:00-13:00), got \"11:00\"",
   "customers.hourly_parties.11:00", 31},
  {"hour key past 47", "{11: 10}", "{11: 10, 48: 1}",
   "expected an hour 0..47 as the key", "customers.hourly_parties.48", 31},
  {"hour with three digits", "{11: 10}", "{11: 10, 011: 3}",
   "expected an hour 0..47 as the key", "customers.hourly_parties.011", 31},
  {"same hour written two ways", "{11: 10}", "{\"7\": 0, 11: 10, 07: 0}",
   "hour 7 is given twice (first at line 31)", "customers.hourly_parties.07", 31},
  {"arrivals outside opening hours", "{11: 10}", "{11: 10, 9: 5}",
   "hour 9 (09:00:00-10:00:00) is outside the opening hours 11:00:00..12:00:00",
   "customers.hourly_parties.9", 31},
  {"no arrivals at all", "{11: 10}", "{11: 0}",
   "the parties model needs at least one hour with a rate > 0 between opening (11:00:00) and the "
   "last entry (11:15:00)", "customers.hourly_parties", 31},
  {"last entry longer than the day", "  day_of_week: wed\n", "  day_of_week: wed\n  last_entry_min: 60\n",
   "must be in 0..59 (the day is 60 minutes long), got 60", "customers.last_entry_min", 31},
  {"weekday multiplier key unknown", "  day_of_week: wed\n",
   "  day_of_week: wed\n  weekday_multiplier: {sat: 1.5, sunday: 1.4}\n",
   "unknown key \"sunday\"; expected one of mon, tue, wed, thu, fri, sat, sun",
   "customers.weekday_multiplier.sunday", 31},
  {"weekday multiplier zero", "  day_of_week: wed\n",
   "  day_of_week: wed\n  weekday_multiplier: {sat: 0}\n",
   "must be > 0 and <= 10, got 0", "customers.weekday_multiplier.sat", 31},
  {"party too large for every table", "[1, 2, 1, 1]", "[1, 2, 1, 1, 0, 1]",
   "parties of 6 fit no table: the largest, T-1, has 4 seats", "customers.party_size_weights[5]",
   32},
  {"party size weights all zero", "[1, 2, 1, 1]", "[0, 0]",
   "must have at least one weight > 0, got all zeros", "customers.party_size_weights", 32},
  {"negative party size weight", "[1, 2, 1, 1]", "[1, -2, 1, 1]",
   "must be >= 0", "customers.party_size_weights[1]", 32},
  {"too many party sizes", "[1, 2, 1, 1]", "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
   "must have at most 12 entries (parties of 1..12), got 13", "customers.party_size_weights", 32},
  {"child favourite not on the menu", "[maguro]", "[maguro, natto]",
   "no menu item \"natto\"", "customers.child_favourites[1]", 33},
  {"child favourite misspelt", "[maguro]", "[magruo]",
   "no menu item \"magruo\"; did you mean \"maguro\"?", "customers.child_favourites[0]", 33},
  {"child favourite twice", "[maguro]", "[maguro, maguro]",
   "\"maguro\" is listed twice", "customers.child_favourites[1]", 33},
  {"child share above one", "  day_of_week: wed\n", "  day_of_week: wed\n  child_share: 1.2\n",
   "must be >= 0 and <= 1, got 1.2", "customers.child_share", 31},
  {"negative appetite sd", "sd_plates: 1.5", "sd_plates: -1",
   "must be >= 0 and <= 100, got -1", "customers.appetite.children.sd_plates", 35},
  {"zero appetite mean", "mean_plates: 5", "mean_plates: 0",
   "must be > 0 and <= 100, got 0", "customers.appetite.children.mean_plates", 35},
  {"unknown appetite group", "    children: {", "    kids: {",
   "unknown key \"kids\"", "customers.appetite.kids", 35},
  {"queue of zero parties", "  day_of_week: wed\n", "  day_of_week: wed\n  max_queue_parties: 0\n",
   "must be in 1..1000, got 0", "customers.max_queue_parties", 31},
  {"meal shorter than ten minutes", "  day_of_week: wed\n",
   "  day_of_week: wed\n  meal_min_mean: 5\n",
   "must be >= 10 and <= 120, got 5", "customers.meal_min_mean", 31},
  {"exponential stay zero", "  day_of_week: wed\n",
   "  day_of_week: wed\n  exponential_stay_min: 0\n",
   "must be > 0 and <= 600, got 0", "customers.exponential_stay_min", 31},
  {"customers not a map", "customers:\n  day_of_week: wed\n  hourly_parties: {11: 10}\n"
   "  party_size_weights: [1, 2, 1, 1]\n  child_favourites: [maguro]\n  appetite:\n"
   "    children: {mean_plates: 5, sd_plates: 1.5}\n", "customers: [wed]\n",
   "expected a map, got a list", "customers", 29},
  // controller
  {"unknown policy", "policy: fixed_mix", "policy: smart",
   "expected one of manager, predictive, fixed_mix; got \"smart\"", "controller.policy", 37},
  {"tick out of range", "tick_s: 30", "tick_s: 0",
   "must be in 1..3600, got 0", "controller.tick_s", 38},
  {"unknown controller key", "  tick_s: 30", "  tick_ms: 30",
   "did you mean \"tick_s\"?", "controller.tick_ms", 38},
  // faults
  {"missed read rate out of range", "missed_read_rate: 0.02", "missed_read_rate: 0.6",
   "must be >= 0 and <= 0.5, got 0.6", "faults.missed_read_rate", 40},
  {"negative duplicate read rate", "duplicate_read_rate: 0.01", "duplicate_read_rate: -0.01",
   "must be >= 0 and <= 0.5, got -0.01", "faults.duplicate_read_rate", 41},
  {"unknown reader in an outage", "reader: A-reader,", "reader: A-reader-9,",
   "no reader \"A-reader-9\" in belt.lanes; did you mean \"A-reader\"?",
   "faults.reader_outages[0].reader", 43},
  {"outage of a point that is not a reader", "reader: A-reader,", "reader: A-gate,",
   "\"A-gate\" is a discard_gate point, not a reader", "faults.reader_outages[0].reader", 43},
  {"outage ends before it starts", "to: \"11:20\"", "to: \"11:10\"",
   "must be after from (11:10:00), got 11:10:00", "faults.reader_outages[0].to", 43},
  {"outage after closing", "to: \"11:20\"", "to: \"12:30\"",
   "must be within the opening hours 11:00:00..12:00:00, got 12:30:00",
   "faults.reader_outages[0].to", 43},
  {"outage without a reader", "{reader: A-reader, ", "{",
   "missing required key", "faults.reader_outages[0].reader", 43},
  // head office: calendar, demand, stock, ingredients, menu recipes
  {"holiday not a date", "faults:\n", "calendar:\n  holidays: [2025-02-30]\nfaults:\n",
   "expected a date YYYY-MM-DD (e.g. 2025-01-01), got \"2025-02-30\"", "calendar.holidays[0]", 40},
  {"holiday listed twice", "faults:\n",
   "calendar:\n  holidays: [2025-01-01, 2025-01-01]\nfaults:\n",
   "2025-01-01 is listed twice (first at line 40)", "calendar.holidays[1]", 40},
  {"unknown calendar key", "faults:\n", "calendar:\n  holidayz: []\nfaults:\n",
   "did you mean \"holidays\"?", "calendar.holidayz", 40},
  {"shock persistence of one", "faults:\n", "demand:\n  shock_persistence: 1\nfaults:\n",
   "must be >= 0 and <= 0.99, got 1", "demand.shock_persistence", 40},
  {"negative popularity drift", "faults:\n", "demand:\n  popularity_drift_sd: -0.1\nfaults:\n",
   "must be >= 0 and <= 1, got -0.1", "demand.popularity_drift_sd", 40},
  {"unknown stock policy", "faults:\n", "stock:\n  policy: daily\nfaults:\n",
   "expected one of unlimited, fixed, forecast; got \"daily\"", "stock.policy", 40},
  {"stock policy without ingredients", "faults:\n", "stock:\n  policy: forecast\nfaults:\n",
   "policy forecast needs an `ingredients` section and menu recipes", "stock.policy", 40},
  {"recipe without ingredients", "popularity: 3}", "popularity: 3, recipe: {tuna: 18}}",
   "no ingredient \"tuna\" (the scenario has no `ingredients`)", "menu[0].recipe.tuna", 5},
  {"recipe ingredient misspelt", "stock_plates: 50}",
   "stock_plates: 50, recipe: {tuan: 18}}\ningredients:\n  - {id: tuna, cost_yen_per_kg: 2400}",
   "no ingredient \"tuan\"; did you mean \"tuna\"?", "menu[1].recipe.tuan", 6},
  {"recipe of zero grams", "stock_plates: 50}",
   "stock_plates: 50, recipe: {tuna: 0}}\ningredients:\n  - {id: tuna, cost_yen_per_kg: 2400}",
   "must be > 0 and <= 10000, got 0", "menu[1].recipe.tuna", 6},
  {"shelf life of zero days", "faults:\n",
   "ingredients:\n  - {id: tuna, cost_yen_per_kg: 2400, shelf_life_days: 0}\nfaults:\n",
   "must be in 1..365, got 0", "ingredients[0].shelf_life_days", 40},
  {"ingredient without a cost", "faults:\n", "ingredients:\n  - {id: tuna}\nfaults:\n",
   "missing required key", "ingredients[0].cost_yen_per_kg", 40},
  {"ingredient id with capitals", "faults:\n",
   "ingredients:\n  - {id: Tuna, cost_yen_per_kg: 1}\nfaults:\n",
   "may contain only lowercase letters", "ingredients[0].id", 40},
  {"duplicate ingredient", "faults:\n",
   "ingredients:\n  - {id: tuna, cost_yen_per_kg: 1}\n  - {id: tuna, cost_yen_per_kg: 2}\n"
   "faults:\n",
   "duplicate ingredient id \"tuna\" (first used at line 40)", "ingredients[1].id", 41},
  {"fixed order of an unknown ingredient", "faults:\n",
   "stock:\n  fixed_orders_g: {tunna: 100}\ningredients:\n  - {id: tuna, cost_yen_per_kg: 1}\n"
   "faults:\n",
   "no ingredient \"tunna\"; did you mean \"tuna\"?", "stock.fixed_orders_g.tunna", 40},
  {"negative fixed order", "faults:\n",
   "stock:\n  fixed_orders_g: {tuna: -5}\ningredients:\n  - {id: tuna, cost_yen_per_kg: 1}\n"
   "faults:\n",
   "must be >= 0", "stock.fixed_orders_g.tuna", 40},
  {"fixed policy without an order for a recipe's ingredient", "stock_plates: 50}",
   "stock_plates: 50, recipe: {tuna: 18}}\ningredients:\n  - {id: tuna, cost_yen_per_kg: 2400}\n"
   "stock:\n  policy: fixed\n  fixed_orders_g: {}",
   "policy fixed needs a fixed order for every ingredient in a recipe; \"tuna\" (menu item "
   "salmon) has none", "stock.fixed_orders_g", 11},
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
  EXPECT_EQ(def.kitchen.cooks, 4);
  EXPECT_TRUE(def.kitchen.staff.empty());
  EXPECT_EQ(def.kitchen.prep_ms, 12'000);
  EXPECT_EQ(def.kitchen.max_backlog_plates, 10);
  EXPECT_DOUBLE_EQ(def.eating.take_probability_per_pass, 0.012);
  // customers, controller and faults are left out too (kBase has them after kitchen).
  EXPECT_EQ(def.customers.model, CustomerModel::stand_in);
  EXPECT_EQ(def.customers.day, Weekday::tue);
  EXPECT_EQ(def.customers.hourly_parties, std::vector<double>(48, 0.0));
  EXPECT_EQ(def.customers.party_size_weights, defaults.customers.party_size_weights);
  EXPECT_EQ(def.customers.max_queue_parties, 15);
  EXPECT_FALSE(def.customers.ordered_only);
  EXPECT_FALSE(def.customers.exponential_stay_min.has_value());
  EXPECT_TRUE(def.customers.child_favourites.empty());
  EXPECT_EQ(def.customers.seating, SeatingPolicy::balanced);
  EXPECT_FALSE(def.customers.balk_from_parties.has_value());
  EXPECT_DOUBLE_EQ(def.customers.meal_min_mean, 55.0);
  EXPECT_DOUBLE_EQ(def.customers.freshness.full_appeal_min, 10.0);
  EXPECT_DOUBLE_EQ(def.customers.freshness.half_life_min, 30.0);
  EXPECT_DOUBLE_EQ(def.customers.freshness.tired_min, 40.0);
  EXPECT_EQ(def.controller.policy, ControllerPolicy::manager);
  EXPECT_DOUBLE_EQ(def.controller.manager_margin, -0.1);
  EXPECT_TRUE(def.controller.manager_plan.empty());
  EXPECT_FALSE(def.controller.stock_idle_lanes);
  EXPECT_EQ(def.controller.tick_s, 60);
  EXPECT_EQ(def.controller.top_n, 10);
  EXPECT_EQ(def.controller.window_min, 30);
  EXPECT_EQ(def.controller.min_plates_per_lane, 8);
  EXPECT_EQ(def.controller.cover_min, 17);
  EXPECT_DOUBLE_EQ(def.controller.repeat_discount, 0.97);
  EXPECT_EQ(def.controller.missed_reads_to_infer, 2);
  EXPECT_DOUBLE_EQ(def.faults.missed_read_rate, 0.0);
  EXPECT_DOUBLE_EQ(def.faults.duplicate_read_rate, 0.0);
  EXPECT_TRUE(def.faults.reader_outages.empty());
}

TEST(ScenarioLoader, CustomersSectionSelectsThePartiesModel) {
  // kBase has a customers section without `model`.
  const LoadResult base = load_scenario_text(kBase, "base.yaml");
  ASSERT_TRUE(base.ok()) << all_errors(base);
  EXPECT_EQ(base.scenario->customers.model, CustomerModel::parties);

  // An explicit stand_in keeps the stand-in; the parties cross-checks do not apply to it.
  const LoadResult stand_in =
      load_scenario_text(edited("  hourly_parties: {11: 10}\n  party_size_weights: [1, 2, 1, 1]\n",
                                "  model: stand_in\n"),
                         "stand_in.yaml");
  ASSERT_TRUE(stand_in.ok()) << all_errors(stand_in);
  EXPECT_EQ(stand_in.scenario->customers.model, CustomerModel::stand_in);
  EXPECT_EQ(stand_in.scenario->customers.day, Weekday::wed);

  // Empty controller and faults sections take their defaults.
  const std::string text(kBase);
  const LoadResult empty_sections = load_scenario_text(
      text.substr(0, text.find("controller:\n")) + "controller:\nfaults:\n", "empty.yaml");
  ASSERT_TRUE(empty_sections.ok()) << all_errors(empty_sections);
  EXPECT_EQ(empty_sections.scenario->controller.policy, ControllerPolicy::manager);
  EXPECT_TRUE(empty_sections.scenario->faults.reader_outages.empty());

  // An empty customers section also selects parties, which need arrivals.
  const LoadResult empty =
      load_scenario_text(text.substr(0, text.find("customers:\n")) + "customers:\n", "empty.yaml");
  ASSERT_EQ(empty.errors.size(), 2U) << all_errors(empty);
  EXPECT_EQ(empty.errors[0].path, "customers.hourly_parties");
  EXPECT_EQ(empty.errors[0].line, 29);
  EXPECT_NE(empty.errors[0].message.find("at least one hour with a rate > 0"), std::string::npos);
  // ... and the default party sizes (up to 6) do not fit kBase's 4-seat tables.
  EXPECT_EQ(empty.errors[1].path, "customers.party_size_weights");
  EXPECT_NE(empty.errors[1].message.find(
                "parties of 5 (by the default party_size_weights) fit no table: the largest, T-1, "
                "has 4 seats"),
            std::string::npos)
      << all_errors(empty);
}

TEST(ScenarioLoader, HourlyPartiesAcceptEveryHourOfTheDay) {
  std::string text = edited("{11: 10}", "{0: 1, 11: 10, 46: 2.5}");
  const std::string hours = "hours: {open: \"11:00\", close: \"12:00\"}";
  text.replace(text.find(hours), hours.size(), "hours: {open: \"00:00\", close: \"47:00\"}");
  const LoadResult all = load_scenario_text(text, "h.yaml");
  ASSERT_TRUE(all.ok()) << all_errors(all);
  const auto& hourly = all.scenario->customers.hourly_parties;
  EXPECT_DOUBLE_EQ(hourly[0], 1.0);
  EXPECT_DOUBLE_EQ(hourly[46], 2.5);
  EXPECT_DOUBLE_EQ(hourly[47], 0.0);
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
  const LoadResult dir = load_scenario_file(KAITEN_SOURCE_DIR);
  ASSERT_EQ(dir.errors.size(), 1U);
  EXPECT_EQ(dir.errors[0].to_string(),
            std::string(KAITEN_SOURCE_DIR) + ": cannot read: is a directory");
}

// YAML counts a lone carriage return as a line break; yaml-cpp alone reads such a file as one
// line ("the scenario is empty").
TEST(ScenarioLoader, CarriageReturnsAloneEndLines) {
  std::string cr(kBase);
  for (char& c : cr)
    if (c == '\n') c = '\r';
  const LoadResult ok = load_scenario_text(cr, "mac.yaml");
  EXPECT_TRUE(ok.errors.empty()) << all_errors(ok);
  // A problem is reported on the line it would have with line feeds.
  std::string broken = std::string(kBase) + "bogus: 1\n";
  const LoadResult lf = load_scenario_text(broken, "unix.yaml");
  for (char& c : broken)
    if (c == '\n') c = '\r';
  const LoadResult mac = load_scenario_text(broken, "mac.yaml");
  ASSERT_EQ(lf.errors.size(), 1U) << all_errors(lf);
  ASSERT_EQ(mac.errors.size(), 1U) << all_errors(mac);
  EXPECT_EQ(mac.errors[0].line, lf.errors[0].line);
  EXPECT_EQ(mac.errors[0].column, lf.errors[0].column);
}

TEST(ScenarioLoader, KeysWithLineBreaksStayOnOneLine) {
  const LoadResult r =
      load_scenario_text(std::string(kBase) + "\"bad\\nkey\\r\": 1\n", "keys.yaml");
  ASSERT_EQ(r.errors.size(), 1U) << all_errors(r);
  const std::string text = r.errors[0].to_string();
  EXPECT_EQ(text.find('\n'), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  EXPECT_EQ(r.errors[0].path, "bad\\nkey\\r");
  EXPECT_NE(r.errors[0].message.find("unknown key \"bad\\nkey\\r\""), std::string::npos) << text;
}

TEST(ScenarioLoader, NestingTooDeepIsNamedWithItsPosition) {
  const std::string flow = "a: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  std::string block;
  for (int i = 0; i < 3000; ++i)
    block += std::string(2 * static_cast<std::size_t>(i), ' ') + "k:\n";
  for (const std::string& text : {flow, block}) {
    const LoadResult r = load_scenario_text(text, "deep.yaml");
    ASSERT_EQ(r.errors.size(), 1U) << all_errors(r);
    EXPECT_GT(r.errors[0].line, 0);
    EXPECT_GT(r.errors[0].column, 0);
    EXPECT_NE(r.errors[0].message.find("nested too deeply"), std::string::npos) << all_errors(r);
  }
}

TEST(ScenarioLoader, EmptyAndMultiDocumentInputsAreErrors) {
  EXPECT_EQ(load_scenario_text("", "empty.yaml").errors.size(), 1U);
  EXPECT_EQ(load_scenario_text("# only a comment\n", "empty.yaml").errors.size(), 1U);
  const LoadResult list = load_scenario_text("- 1\n- 2\n", "list.yaml");
  ASSERT_EQ(list.errors.size(), 1U);
  EXPECT_NE(list.errors[0].message.find("expected a map, got a list"), std::string::npos);
  const LoadResult two = load_scenario_text(std::string(kBase) + "---\na: 1\n", "two.yaml");
  ASSERT_EQ(two.errors.size(), 1U);
  EXPECT_EQ(two.errors[0].line, 44);
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

// Head-office sections (docs/headoffice.md): optional, and read into their own structs.
TEST(ScenarioLoader, HeadOfficeSections) {
  const std::string text = edited("faults:\n",
                                  "calendar:\n"
                                  "  holidays: [2025-05-05, \"2025-01-01\"]\n"
                                  "demand: {popularity_drift_sd: 0.02, shock_sd: 0.1, "
                                  "shock_persistence: 0.4}\n"
                                  "stock:\n"
                                  "  policy: fixed\n"
                                  "  warmup_days: 14\n"
                                  "  fixed_orders_g: {rice: 5000, tuna: 1200.5}\n"
                                  "ingredients:\n"
                                  "  - {id: rice, cost_yen_per_kg: 450, shelf_life_days: 30}\n"
                                  "  - {id: tuna, name: Tuna, cost_yen_per_kg: 2400, "
                                  "underage_yen_per_kg: 3000, overage_yen_per_kg: 2000}\n"
                                  "faults:\n");
  const std::string with_recipe = text.substr(0, text.find("popularity: 3}")) +
                                  "popularity: 3, recipe: {rice: 30, tuna: 18}}" +
                                  text.substr(text.find("popularity: 3}") + 14);
  const LoadResult r = load_scenario_text(with_recipe, "store.yaml");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const ScenarioDef& def = *r.scenario;
  EXPECT_EQ(def.calendar.holidays, (std::vector<std::string>{"2025-01-01", "2025-05-05"}));
  EXPECT_DOUBLE_EQ(def.demand.popularity_drift_sd, 0.02);
  EXPECT_DOUBLE_EQ(def.demand.shock_sd, 0.1);
  EXPECT_DOUBLE_EQ(def.demand.shock_persistence, 0.4);
  EXPECT_EQ(def.stock.policy, StockPolicy::fixed);
  EXPECT_EQ(def.stock.warmup_days, 14);
  ASSERT_EQ(def.stock.fixed_orders_g.size(), 2U);
  EXPECT_EQ(def.stock.fixed_orders_g[1].first, "tuna");
  EXPECT_DOUBLE_EQ(def.stock.fixed_orders_g[1].second, 1200.5);
  ASSERT_EQ(def.ingredients.size(), 2U);
  EXPECT_EQ(def.ingredients[0].name, "rice");  // defaults to the id
  EXPECT_EQ(def.ingredients[0].shelf_life_days, 30);
  EXPECT_FALSE(def.ingredients[0].underage_yen_per_kg.has_value());
  EXPECT_EQ(def.ingredients[1].shelf_life_days, 1);
  EXPECT_EQ(def.ingredients[1].underage_yen_per_kg, 3000.0);
  EXPECT_EQ(def.ingredients[1].overage_yen_per_kg, 2000.0);
  ASSERT_EQ(def.menu[0].recipe.size(), 2U);
  EXPECT_EQ(def.menu[0].recipe[1].ingredient, "tuna");
  EXPECT_DOUBLE_EQ(def.menu[0].recipe[1].grams, 18);
  EXPECT_TRUE(def.menu[1].recipe.empty());
  // Left out, the sections take their defaults.
  const ScenarioDef plain = *load_scenario_text(kBase, "base.yaml").scenario;
  EXPECT_TRUE(plain.calendar.holidays.empty());
  EXPECT_EQ(plain.stock.policy, StockPolicy::unlimited);
  EXPECT_DOUBLE_EQ(plain.demand.shock_sd, 0.0);
  EXPECT_TRUE(plain.ingredients.empty());
}

}  // namespace
}  // namespace kaiten
