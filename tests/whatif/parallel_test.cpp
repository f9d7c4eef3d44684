#include "kaiten/whatif/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include <set>
#include <stdexcept>
#include <thread>

namespace kaiten::whatif {
namespace {

TEST(Parallel, EveryRunIsDoneOnceAndReportedOnTheCallingThread) {
  for (const unsigned jobs : {1U, 2U, 3U, 8U}) {
    std::vector<int> seen(100, 0);
    std::set<std::thread::id> runners;
    std::mutex m;
    const auto caller = std::this_thread::get_id();
    run_parallel(
        seen.size(), jobs,
        [&](std::size_t i) {
          const std::lock_guard lock(m);
          runners.insert(std::this_thread::get_id());
          return RunValues{static_cast<double>(i * i)};
        },
        [&](std::size_t i, RunValues&& v) {
          EXPECT_EQ(std::this_thread::get_id(), caller);
          EXPECT_EQ(v, RunValues{static_cast<double>(i * i)});
          ++seen[i];
        });
    for (int n : seen) EXPECT_EQ(n, 1);
    EXPECT_LE(runners.size(), jobs);
    EXPECT_EQ(runners.count(caller), 0U);  // the caller only collects
  }
}

TEST(Parallel, TheFirstErrorStopsTheRestAndIsRethrown) {
  // Runs after the failing one take a while, as real days do: without the stop the other worker
  // would start all 1000 (2 s); with it, it stops within a run or two of the failure. Instant runs
  // made this race the first throw (an unwinder loading its tables) and lose on a busy machine.
  std::atomic<int> started{0};
  EXPECT_THROW(run_parallel(
                   1000, 2,
                   [&](std::size_t i) {
                     ++started;
                     if (i == 3) throw std::runtime_error("day 3 failed");
                     if (i > 3) std::this_thread::sleep_for(std::chrono::milliseconds(2));
                     return RunValues{};
                   },
                   [](std::size_t, RunValues&&) {}),
               std::runtime_error);
  EXPECT_LT(started.load(), 1000);
  // An error in `done` (a full disk writing the journal) stops the runs too.
  int reported = 0;
  EXPECT_THROW(run_parallel(
                   1000, 2, [](std::size_t) { return RunValues{}; },
                   [&](std::size_t, RunValues&&) {
                     if (++reported == 5) throw std::runtime_error("disk full");
                   }),
               std::runtime_error);
  EXPECT_EQ(reported, 5);
  run_parallel(
      0, 4, [](std::size_t) { return RunValues{}; }, [](std::size_t, RunValues&&) {});
  EXPECT_GE(resolve_jobs(0), 1U);
  EXPECT_EQ(resolve_jobs(3), 3U);
}

}  // namespace
}  // namespace kaiten::whatif
