#pragma once
// Independent runs on several threads. Each run is a whole simulated day (a tenth of a second to
// seconds), so a plain pool over std::jthread taking the next index from a counter keeps every
// core busy; results come back to the calling thread, which alone writes files and draws the
// progress bar. docs/whatif.md says why this and not oneTBB.
#include <cstddef>
#include <functional>
#include <vector>

namespace kaiten::whatif {

/// A run's result: one value per measure.
using RunValues = std::vector<double>;

/// The threads to use when asked for `jobs` (0: every core the machine has, at least 1).
unsigned resolve_jobs(unsigned jobs);

/// Calls run(i) for every i in [0, count) on `jobs` threads (jobs >= 1) and done(i, values) on
/// the calling thread for each as it finishes, in completion order. Results must not depend on
/// which thread ran what: `run` may share only read-only state. The first exception thrown by a
/// run or by `done` stops the runs not yet started, waits for those in progress and is rethrown;
/// runs that finish meanwhile are still reported, unless it was `done` that threw.
void run_parallel(std::size_t count, unsigned jobs,
                  const std::function<RunValues(std::size_t)>& run,
                  const std::function<void(std::size_t, RunValues&&)>& done);

}  // namespace kaiten::whatif
