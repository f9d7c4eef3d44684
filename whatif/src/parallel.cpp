#include "kaiten/whatif/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

namespace kaiten::whatif {

unsigned resolve_jobs(unsigned jobs) {
  if (jobs > 0) return jobs;
  return std::max(1U, std::thread::hardware_concurrency());
}

void run_parallel(std::size_t count, unsigned jobs,
                  const std::function<RunValues(std::size_t)>& run,
                  const std::function<void(std::size_t, RunValues&&)>& done) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::pair<std::size_t, RunValues>> finished;  // guarded by mutex
  std::exception_ptr failure;                              // guarded by mutex
  bool reporting = true;         // false once `done` has failed: nothing more is reported
  std::size_t workers_left = 0;  // guarded by mutex

  const auto work = [&] {
    for (;;) {
      if (stop.load()) break;
      const std::size_t i = next.fetch_add(1);
      if (i >= count) break;
      try {
        RunValues values = run(i);
        const std::lock_guard lock(mutex);
        finished.emplace_back(i, std::move(values));
      } catch (...) {
        const std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop.store(true);
      }
      ready.notify_one();
    }
    const std::lock_guard lock(mutex);
    --workers_left;
    ready.notify_one();
  };

  const unsigned threads = static_cast<unsigned>(
      std::min<std::size_t>(std::max(1U, jobs), std::max<std::size_t>(count, 1)));
  workers_left = threads;
  {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    std::unique_lock lock(mutex);
    for (;;) {
      ready.wait(lock, [&] { return !finished.empty() || workers_left == 0; });
      if (finished.empty()) break;  // every worker has ended
      auto [i, values] = std::move(finished.front());
      finished.pop_front();
      // Runs finished before a run failed are still reported (a journal keeps them); after
      // `done` itself failed, nothing is.
      if (!reporting) continue;
      lock.unlock();
      try {
        done(i, std::move(values));
      } catch (...) {
        lock.lock();
        if (!failure) failure = std::current_exception();
        reporting = false;
        stop.store(true);
        continue;
      }
      lock.lock();
    }
  }  // the jthreads join here
  if (failure) std::rethrow_exception(failure);
}

}  // namespace kaiten::whatif
