#include "kaiten/whatif/optimize.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "whatif_test_support.hpp"

namespace kaiten::whatif {
namespace {

using test::bundled;

Parameter parameter(std::string_view text) {
  std::string problem;
  auto p = parse_parameter(text, problem);
  EXPECT_TRUE(p) << text << ": " << problem;
  return p.value_or(Parameter{});
}

std::string problem_of(std::string_view text) {
  std::string problem;
  EXPECT_FALSE(parse_parameter(text, problem)) << text;
  return problem;
}

TEST(Optimize, ParametersSnapToTheirSteps) {
  const Parameter d = parameter("discard.discard_distance_m=150:500:50");
  EXPECT_EQ(d.count(), 8U);
  EXPECT_EQ(d.value(274), "250");
  EXPECT_EQ(d.value(276), "300");
  EXPECT_EQ(d.value(9999), "500");
  const Parameter cooks = parameter("kitchen.cooks=2:9");  // an integer key: steps of 1
  EXPECT_EQ(cooks.step, 1);
  EXPECT_EQ(cooks.value(4.4), "4");
  const Parameter margin = parameter("controller.manager_margin=-0.3:0.3");  // continuous
  EXPECT_EQ(margin.count(), 0U);
  EXPECT_EQ(margin.value(0.12345), "0.123");
  EXPECT_EQ(parameter("controller.manager_margin=-0.3:0.3:0.05").value(0.12), "0.10");
  EXPECT_EQ(problem_of("kitchen.cooks=2:9:0.5"),
            "the key takes whole numbers: FROM, TO and STEP must be integers");
  EXPECT_EQ(problem_of("kitchen.cooks=9:2"), "FROM must be below TO");
  EXPECT_EQ(problem_of("controller.policy=1:2"),
            "the optimiser sets numbers; for other keys, compare settings with kaiten sweep");
  EXPECT_EQ(problem_of("kitchen.cooks=2"), "expected FROM:TO or FROM:TO:STEP, got \"2\"");
  EXPECT_EQ(problem_of("kitchen.cooks=2:3:5"),
            "the step leaves a single value between FROM and TO");
}

TEST(Optimize, ConstraintsReadEitherBound) {
  std::string problem;
  const auto a = parse_constraint("found_on_belt >= 80", problem);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->measure, "found_on_belt");
  EXPECT_TRUE(a->at_least);
  EXPECT_EQ(a->bound, 80);
  EXPECT_TRUE(a->met(80));
  EXPECT_EQ(a->violation(77.5), 2.5);
  const auto b = parse_constraint("order_lead_p95_min<=8", problem);
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->at_least);
  EXPECT_FALSE(b->met(8.5));
  EXPECT_EQ(b->text(), "order_lead_p95_min <= 8");
  EXPECT_FALSE(parse_constraint("found_on_belt > 80", problem));
  EXPECT_FALSE(parse_constraint(">=3", problem));
  EXPECT_FALSE(parse_constraint("x>=lots", problem));
}

OptimizeProblem synthetic_problem(std::vector<std::string_view> params, long budget,
                                  std::vector<std::string_view> constraints = {}) {
  OptimizeProblem p;
  p.base = bundled("tiny.yaml");
  const LoadResult base = load_scenario_text(p.base.yaml, p.base.path);
  p.measures = run_measures(*base.scenario);
  for (std::string_view text : params) p.parameters.push_back(parameter(text));
  p.objective = *find_run_measure(p.measures, "gross_margin_yen");
  p.maximize = true;
  for (std::string_view text : constraints) {
    std::string problem;
    Constraint c = *parse_constraint(text, problem);
    c.index = *find_run_measure(p.measures, c.measure);
    p.constraints.push_back(c);
  }
  p.replications = 2;
  p.final_replications = 3;
  p.budget = budget;
  return p;
}

double chosen_value(const OptimizeResult& r, std::size_t k = 0) {
  return std::stod(r.evaluations[*r.best].setting[k].value);
}

// The known optimum: 277 m (the synthetic margin's peak), on a grid of 1 m over 150..500 m: 351
// settings, far more than the budget's 40, so DIRECT-L searches.
TEST(Optimize, FindsAKnownOptimumWithinOneStepWithinItsBudget) {
  const OptimizeProblem p = synthetic_problem({"discard.discard_distance_m=150:500:1"}, 80);
  const OptimizeResult r = optimize(p, test::synthetic_day, 2);
  EXPECT_NE(r.method.find("DIRECT"), std::string::npos);
  ASSERT_TRUE(r.best);
  EXPECT_NEAR(chosen_value(r), 277, 1);
  EXPECT_LE(r.search_runs, p.budget);
  EXPECT_LE(r.evaluations.size(), 40U);
}

// With waste_rate = d / 50 % at most 5 %, the best feasible distance is 250 m.
TEST(Optimize, HonoursAConstraintThatBinds) {
  const OptimizeProblem p =
      synthetic_problem({"discard.discard_distance_m=150:500:1"}, 80, {"waste_rate<=5"});
  const OptimizeResult r = optimize(p, test::synthetic_day, 2);
  ASSERT_TRUE(r.best);
  EXPECT_NEAR(chosen_value(r), 250, 1);
  EXPECT_LE(chosen_value(r), 250);
  for (const Evaluation& e : r.evaluations)
    EXPECT_EQ(e.feasible, std::stod(e.setting[0].value) <= 250);
}

TEST(Optimize, FindsAKnownOptimumInTwoDimensions) {
  const OptimizeProblem p = synthetic_problem(
      {"discard.discard_distance_m=150:500:1", "belt.speed_mm_s=40:200"}, 2 * 150);
  const OptimizeResult r = optimize(p, test::synthetic_day, 2);
  ASSERT_TRUE(r.best);
  EXPECT_NEAR(chosen_value(r, 0), 277, 1);
  EXPECT_NEAR(chosen_value(r, 1), 93, 1);
}

// A grid that fits the budget is run whole and its best setting selected; the final check runs
// the chosen and the scenario's own setting on fresh seeds after the search's, the same for both.
TEST(Optimize, ASmallGridIsRunWholeAndCheckedOnFreshSeeds) {
  const OptimizeProblem p = synthetic_problem({"discard.discard_distance_m=150:500:50"}, 16);
  std::mutex m;
  std::set<std::pair<std::int64_t, std::uint64_t>> final_runs;
  const OptimizeResult r = optimize(
      p,
      [&](const ScenarioDef& def, std::uint64_t seed) {
        if (seed > 2) {
          const std::lock_guard lock(m);
          final_runs.insert({def.discard.distance_mm, seed});
        }
        return test::synthetic_day(def, seed);
      },
      2);
  EXPECT_NE(r.method.find("every one of the 8 settings"), std::string::npos);
  EXPECT_EQ(r.evaluations.size(), 8U);
  EXPECT_EQ(chosen_value(r), 300);  // |300 - 277| < |250 - 277|
  EXPECT_EQ(r.final_first_seed, 3U);
  // tiny.yaml leaves discard out: its own distance is the default 350 m.
  EXPECT_EQ(
      final_runs,
      (std::set<std::pair<std::int64_t, std::uint64_t>>{
          {300'000, 3}, {300'000, 4}, {300'000, 5}, {350'000, 3}, {350'000, 4}, {350'000, 5}}));
  const std::string report = optimize_report(p, r);
  EXPECT_NE(report.find("scenario's own:  discard.discard_distance_m=350 (default)"),
            std::string::npos)
      << report;
  // 300 m beats 350 m by 73² - 23² = 4800 yen on every day alike.
  EXPECT_NE(report.find("4800 ± 0\n"), std::string::npos) << report;
}

TEST(Optimize, NoFeasibleSettingIsSaidAndTheNearestChecked) {
  const OptimizeProblem p =
      synthetic_problem({"discard.discard_distance_m=150:500:50"}, 16, {"waste_rate<=1"});
  const OptimizeResult r = optimize(p, test::synthetic_day, 1);
  EXPECT_FALSE(r.best);
  ASSERT_TRUE(r.least_violating);
  EXPECT_EQ(r.evaluations[*r.least_violating].setting[0].value, "150");
  EXPECT_EQ(r.best_final.size(), 3U);
}

// The real store: the best discard distance for the gross margin while at least 70 % of wanted
// plates are found on the belt, by an exhaustive fine grid on the same seeds; the optimiser,
// with a budget of half the grid, lands within one step of it.
TEST(Optimize, MatchesAnExhaustiveGridOnTheStandardStore) {
  OptimizeProblem p;
  p.base = bundled("default.yaml");
  const LoadResult base = load_scenario_text(p.base.yaml, p.base.path);
  p.measures = run_measures(*base.scenario);
  p.parameters.push_back(parameter("discard.discard_distance_m=100:400:20"));  // 16 settings
  p.objective = *find_run_measure(p.measures, "gross_margin_yen");
  std::string problem;
  Constraint c = *parse_constraint("found_on_belt>=70", problem);
  c.index = *find_run_measure(p.measures, c.measure);
  p.constraints.push_back(c);
  p.replications = 2;
  p.final_replications = 2;
  p.budget = 2 * 10;
  // The exhaustive grid, as kaiten sweep runs it, on the search's seeds.
  std::string error_text;
  std::vector<std::string> errors;
  std::string f;
  const auto grid = parse_factor("discard.discard_distance_m=100:400:20", f);
  const auto plan = plan_sweep(p.base, {*grid}, p.replications, p.first_seed, errors);
  ASSERT_TRUE(plan);
  const SweepResults all = run_sweep(*plan, test::real_day, {2});
  std::optional<std::size_t> best;
  double best_margin = 0;
  for (std::size_t i = 0; i < plan->points.size(); ++i) {
    double margin = 0, found = 0;
    for (const RunValues& v : all.values[i]) {
      margin += v[p.objective] / p.replications;
      found += v[c.index] / p.replications;
    }
    if (found >= 70 && (!best || margin > best_margin)) {
      best = i;
      best_margin = margin;
    }
  }
  ASSERT_TRUE(best);
  const double exhaustive = std::stod(plan->points[*best][0].value);
  const OptimizeResult r = optimize(p, test::real_day, 2);
  ASSERT_TRUE(r.best);
  EXPECT_NE(r.method.find("DIRECT"), std::string::npos);
  EXPECT_LE(r.search_runs, p.budget);
  EXPECT_NEAR(chosen_value(r), exhaustive, 20) << "exhaustive best " << exhaustive;
}

}  // namespace
}  // namespace kaiten::whatif
