#include "kaiten/whatif/grid.hpp"

#include <gtest/gtest.h>

namespace kaiten::whatif {
namespace {

Factor factor(std::string_view text) {
  std::string problem;
  const auto f = parse_factor(text, problem);
  EXPECT_TRUE(f.has_value()) << text << ": " << problem;
  return f.value_or(Factor{});
}

std::string problem_of(std::string_view text) {
  std::string problem;
  EXPECT_FALSE(parse_factor(text, problem).has_value()) << text;
  return problem;
}

TEST(Grid, ARangeListsEveryStepWithTheDecimalsWritten) {
  EXPECT_EQ(factor("discard.discard_distance_m=150:500:50").values,
            (std::vector<std::string>{"150", "200", "250", "300", "350", "400", "450", "500"}));
  // 0.1 steps stay tidy (0.30000000000000004 is not printed), TO is reached within rounding.
  EXPECT_EQ(factor("controller.manager_margin=-0.2:0.1:0.1").values,
            (std::vector<std::string>{"-0.2", "-0.1", "0.0", "0.1"}));
  EXPECT_EQ(factor("belt.speed_mm_s=60:100:15").values,
            (std::vector<std::string>{"60", "75", "90"}));
  EXPECT_EQ(factor("kitchen.staff[3].cooks=4:8:1").values.size(), 5U);
}

TEST(Grid, AListTakesAnyValueAndKeepsFlowValuesWhole) {
  EXPECT_EQ(factor("controller.policy=manager, predictive").values,
            (std::vector<std::string>{"manager", "predictive"}));
  EXPECT_EQ(factor("hours.open=10:00").values, (std::vector<std::string>{"10:00"}));
  EXPECT_EQ(
      factor("kitchen.staff=[{from: \"11:00\", cooks: 3}],[{from: \"11:00\", cooks: 4}]").values,
      (std::vector<std::string>{"[{from: \"11:00\", cooks: 3}]", "[{from: \"11:00\", cooks: 4}]"}));
  EXPECT_EQ(factor("belt.speed_mm_s=60,80").values, (std::vector<std::string>{"60", "80"}));
}

TEST(Grid, MalformedFactorsSayWhy) {
  EXPECT_EQ(problem_of("belt.speed_mm_s"), "expected PATH=VALUES, got \"belt.speed_mm_s\"");
  EXPECT_EQ(problem_of("belt.sped_mm_s=1,2"),
            "no scenario key belt.sped_mm_s; did you mean belt.speed_mm_s?");
  EXPECT_EQ(problem_of("belt.speed_mm_s=60:100:0"), "the step must be > 0, got 0");
  EXPECT_EQ(problem_of("belt.speed_mm_s=100:60:10"), "TO (60) is below FROM (100)");
  EXPECT_EQ(problem_of("belt.speed_mm_s=60:100:2.5"),
            "the key takes whole numbers: FROM, TO and STEP must be integers");
  EXPECT_EQ(problem_of("belt.speed_mm_s=1e1:100:10"),
            "FROM:TO:STEP takes plain decimal numbers, got \"1e1\"");
  EXPECT_EQ(problem_of("belt.speed_mm_s=60,,80"), "an empty value in the list");
  EXPECT_NE(problem_of("belt.speed_mm_s=0:1000000:1").find("at most"), std::string::npos);
}

TEST(Grid, TheFirstFactorVariesSlowest) {
  const std::vector<GridPoint> points =
      grid_points({Factor{"a.x", {"1", "2"}}, Factor{"b.y", {"p", "q", "r"}}});
  ASSERT_EQ(points.size(), 6U);
  std::vector<std::string> labels;
  for (const GridPoint& p : points) labels.push_back(point_label(p));
  EXPECT_EQ(labels, (std::vector<std::string>{"a.x=1 b.y=p", "a.x=1 b.y=q", "a.x=1 b.y=r",
                                              "a.x=2 b.y=p", "a.x=2 b.y=q", "a.x=2 b.y=r"}));
  EXPECT_EQ(grid_points({}).size(), 1U);
  EXPECT_THROW(grid_points({Factor{"a", std::vector<std::string>(1000, "1")},
                            Factor{"b", std::vector<std::string>(1000, "1")}}),
               std::length_error);
}

}  // namespace
}  // namespace kaiten::whatif
