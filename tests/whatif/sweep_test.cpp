#include "kaiten/whatif/sweep.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>

#include "kaiten/whatif/statistics.hpp"
#include "whatif_test_support.hpp"

namespace kaiten::whatif {
namespace {

using test::bundled;

Factor factor(std::string_view text) {
  std::string problem;
  auto f = parse_factor(text, problem);
  EXPECT_TRUE(f) << problem;
  return f.value_or(Factor{});
}

SweepPlan plan(BaseScenario base, std::vector<std::string_view> vary, int replications) {
  std::vector<Factor> factors;
  for (std::string_view v : vary) factors.push_back(factor(v));
  std::vector<std::string> errors;
  auto p = plan_sweep(std::move(base), factors, replications, 1, errors);
  if (!p) throw std::runtime_error(errors.empty() ? "no plan" : errors.front());
  return std::move(*p);
}

// The real simulation on several threads gives the same bytes as on one: runs share nothing.
TEST(Sweep, TheResultsAreTheSameBytesForAnyNumberOfJobs) {
  const SweepPlan p = plan(bundled("tiny.yaml"),
                           {"discard.discard_distance_m=100:250:50", "belt.speed_mm_s=60,80"}, 3);
  ASSERT_EQ(p.points.size(), 8U);
  const SweepResults one = run_sweep(p, test::real_day, {1});
  const std::string runs = runs_csv(p, one);
  const std::string means = means_csv(p, one);
  for (const unsigned jobs : {2U, 3U, 8U}) {
    const SweepResults many = run_sweep(p, test::real_day, {jobs});
    EXPECT_EQ(runs_csv(p, many), runs) << jobs << " jobs";
    EXPECT_EQ(means_csv(p, many), means) << jobs << " jobs";
  }
  // Different settings gave different days (the sweep varied something).
  EXPECT_NE(one.values[0][0], one.values[7][0]);
}

// Replication r has the same seed at every point, so the seed's own noise cancels in paired
// differences: the synthetic day's margins differ by exactly the known amount.
TEST(Sweep, ReplicationsUseTheSameSeedsAtEveryPoint) {
  const SweepPlan p = plan(bundled("tiny.yaml"), {"discard.discard_distance_m=200,277"}, 6);
  std::mutex m;
  std::set<std::pair<std::int64_t, std::uint64_t>> seen;
  const SweepResults r = run_sweep(p,
                                   [&](const ScenarioDef& def, std::uint64_t seed) {
                                     const std::lock_guard lock(m);
                                     seen.insert({def.discard.distance_mm, seed});
                                     return test::synthetic_day(def, seed);
                                   },
                                   {2});
  std::set<std::pair<std::int64_t, std::uint64_t>> expected;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    expected.insert({200'000, seed});
    expected.insert({277'000, seed});
  }
  EXPECT_EQ(seen, expected);
  const auto margin = *find_run_measure(p.measures, "gross_margin_yen");
  std::vector<double> at200, at277;
  for (const RunValues& v : r.values[0]) at200.push_back(v[margin]);
  for (const RunValues& v : r.values[1]) at277.push_back(v[margin]);
  const Interval diff = mean_interval(differences(at277, at200));
  EXPECT_DOUBLE_EQ(diff.mean, 77.0 * 77.0);
  EXPECT_DOUBLE_EQ(diff.half_width, 0.0);
  EXPECT_GT(mean_interval(at277).half_width, 0.0);  // while each point's own mean is noisy
}

TEST(Sweep, MeansAreTheMeansOfTheRunsWithTheirIntervals) {
  const SweepPlan p = plan(bundled("tiny.yaml"), {"discard.discard_distance_m=100,300"}, 4);
  const SweepResults r = run_sweep(p, test::synthetic_day, {1});
  const std::string means = means_csv(p, r);
  const auto waste = *find_run_measure(p.measures, "waste_rate");
  // waste_rate = d / 50 % exactly, with no noise: mean 2 and 6, zero-width intervals.
  EXPECT_DOUBLE_EQ(r.values[0][3][waste], 2.0);
  EXPECT_NE(means.find("\n1,100,4,2,2,2,"), std::string::npos) << means.substr(0, 400);
  EXPECT_NE(means.find("\n2,300,4,6,6,6,"), std::string::npos);
  const std::string runs = runs_csv(p, r);
  EXPECT_EQ(runs.substr(0, runs.find('\n'))
                .rfind("point,replication,seed,discard.discard_distance_m,waste_rate,", 0),
            0U);
  EXPECT_EQ(std::count(runs.begin(), runs.end(), '\n'), 1 + 2 * 4);
}

// A sweep stopped part-way resumes from its journal: the finished runs are not simulated again
// and the outputs are the bytes of a sweep never stopped.
TEST(Sweep, AnInterruptedSweepResumesFromItsJournal) {
  const SweepPlan p = plan(bundled("tiny.yaml"), {"discard.discard_distance_m=100:300:50"}, 4);
  const auto dir = std::filesystem::temp_directory_path() / "kaiten_whatif_resume";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto path = dir / "journal";
  std::atomic<int> simulated{0};
  const DayRunner breaks_after_7 = [&](const ScenarioDef& def, std::uint64_t seed) {
    if (++simulated > 7) throw std::runtime_error("killed");
    return test::real_day(def, seed);
  };
  {
    SweepJournal journal(path, journal_key(p, "test"));
    EXPECT_THROW(run_sweep(p, breaks_after_7, {1, &journal}), std::runtime_error);
  }
  SweepJournal journal(path, journal_key(p, "test"));
  EXPECT_EQ(journal.finished().size(), 7U);
  simulated = 0;
  std::size_t last_done = 0;
  const SweepResults resumed =
      run_sweep(p,
                [&](const ScenarioDef& def, std::uint64_t seed) {
                  ++simulated;
                  return test::real_day(def, seed);
                },
                {2, &journal, [&](std::size_t done, std::size_t, bool) { last_done = done; }});
  EXPECT_EQ(resumed.resumed, 7U);
  EXPECT_EQ(simulated.load(), 20 - 7);
  EXPECT_EQ(last_done, 20U);
  const SweepResults whole = run_sweep(p, test::real_day, {1});
  EXPECT_EQ(runs_csv(p, resumed), runs_csv(p, whole));
  EXPECT_EQ(means_csv(p, resumed), means_csv(p, whole));
  // Another scenario's runs are not taken.
  const SweepPlan other = plan(bundled("tiny.yaml", {{"belt.speed_mm_s", "60"}}),
                               {"discard.discard_distance_m=100"}, 1);
  SweepJournal foreign(path, journal_key(other, "test"));
  EXPECT_TRUE(foreign.replaced());
}

TEST(Sweep, APointThatDoesNotValidateIsNamedByItsValue) {
  std::vector<std::string> errors;
  EXPECT_FALSE(plan_sweep(bundled("tiny.yaml"), {factor("belt.speed_mm_s=0,80")}, 2, 1, errors));
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0], "--vary belt.speed_mm_s=0: must be in 1..1000, got 0");
}

}  // namespace
}  // namespace kaiten::whatif
