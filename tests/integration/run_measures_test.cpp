// Every figure `kaiten run` prints is a measure that sweeps, optimisation and their CSVs can use
// (docs/whatif.md): each number of the human report equals, to the digits printed, the value of
// some measure of the same day.
#include "kaiten/io/run_measures.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "kaiten/controller/controller.hpp"
#include "kaiten/io/report.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/sim/day_measures.hpp"

namespace kaiten {
namespace {

ScenarioDef load(const std::string& name) {
  const LoadResult r = load_scenario_file(std::string(KAITEN_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(r.scenario.has_value());
  return *r.scenario;
}

DayResult run(const ScenarioDef& def, std::uint64_t seed) {
  Controller controller(def, seed);
  DayResult day = simulate_day(def, seed, nullptr, &controller);
  controller.finish();
  return day;
}

class Stores : public ::testing::TestWithParam<const char*> {};

TEST_P(Stores, EveryFigureOfTheReportIsAMeasure) {
  const ScenarioDef def = load(GetParam());
  const DayResult day = run(def, 3);
  const std::vector<RunMeasure> names = run_measures(def);
  const std::vector<double> values = run_measure_values(def, day);
  ASSERT_EQ(names.size(), values.size());
  std::istringstream report(human_summary(def, RunInfo{def.name, 3}, day));
  std::string line;
  // The first two lines and the rule's limit are the scenario's settings, not results.
  std::getline(report, line);
  std::getline(report, line);
  // A number not glued to a letter (p95, ids like A2 are not figures).
  const std::regex number(R"((^|[^A-Za-z0-9_.-])(\d+(?:\.(\d+))?))");
  int figures = 0;
  while (std::getline(report, line)) {
    line = std::regex_replace(line, std::regex(R"(under the \w+ rule \([^)]*\))"), "");
    for (auto it = std::sregex_iterator(line.begin(), line.end(), number);
         it != std::sregex_iterator(); ++it) {
      const double shown = std::stod((*it)[2]);
      const int decimals = static_cast<int>((*it)[3].length());
      const double half_step = 0.5 * std::pow(10.0, -decimals) + 1e-9;
      const bool found = std::any_of(values.begin(), values.end(),
                                     [&](double v) { return std::abs(v - shown) <= half_step; });
      EXPECT_TRUE(found) << (*it)[2] << " in \"" << line << "\" is no measure's value";
      ++figures;
    }
  }
  EXPECT_GE(figures, 25);
}

INSTANTIATE_TEST_SUITE_P(Bundled, Stores, ::testing::Values("default.yaml", "weekend.yaml"));

TEST(RunMeasures, NamesThePerLaneAndPerItemFiguresByTheirIds) {
  const ScenarioDef def = load("default.yaml");
  const DayResult day = run(def, 1);
  const std::vector<RunMeasure> names = run_measures(def);
  const std::vector<double> values = run_measure_values(def, day);
  const auto value = [&](std::string_view name) {
    const auto i = find_run_measure(names, name);
    EXPECT_TRUE(i.has_value()) << name;
    return i ? values[*i] : -1.0;
  };
  // Conservation over the parts: lanes and items add up to the day.
  double lane_parties = 0, item_eaten = 0, lane_revenue = 0;
  for (std::size_t l = 0; l < lane_count(def); ++l) {
    lane_parties += value("lane." + lane_id(def, l) + ".parties_seated");
    lane_revenue += value("lane." + lane_id(def, l) + ".revenue_yen");
  }
  for (const MenuItem& item : def.menu) item_eaten += value("item." + item.id + ".eaten");
  EXPECT_EQ(lane_parties, value("parties_seated"));
  EXPECT_EQ(item_eaten, value("plates_eaten"));
  EXPECT_EQ(lane_revenue, value("revenue_yen"));
  EXPECT_EQ(value("plates_made"),
            value("plates_eaten") + value("plates_discarded") + value("plates_on_belt_at_close"));
  EXPECT_FALSE(find_run_measure(names, "lane.Z.waste_rate"));
  const std::string all = run_measure_names(def);
  EXPECT_NE(all.find("gross_margin_yen"), std::string::npos);
  EXPECT_NE(all.find("lane.ID.{parties_seated,plates_made,plates_eaten,waste_rate,revenue_yen,"
                     "gross_margin_yen} (ID: A, B, C"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("item.ID.{eaten,made,waste_rate} (ID: "), std::string::npos) << all;
}

// docs/measures.md lists every day measure by name with its unit.
TEST(RunMeasures, TheReferenceListsEveryDayMeasure) {
  std::ifstream in(std::string(KAITEN_SOURCE_DIR) + "/docs/measures.md");
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const DayMeasure& m : day_measures())
    EXPECT_NE(doc.find(fmt::format("| `{}` | {} |", m.name, m.unit)), std::string::npos)
        << m.name << " is not in docs/measures.md";
}

}  // namespace
}  // namespace kaiten
