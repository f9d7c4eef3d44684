// kaiten chain batch: every store of a chain file, day after day, into one sales history
// (docs/chain.md). Stores run in parallel on threads, or on the ranks of mpirun; the history has
// one writer (this process, or rank 0) and the same rows whatever the number of threads or ranks.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "arguments.hpp"
#include "chain_transport.hpp"
#include "commands.hpp"
#include "headoffice_commands.hpp"
#include "kaiten/headoffice/chain.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/io/chain_loader.hpp"
#include "progress.hpp"
#include "store_days.hpp"

namespace kaiten::app {
namespace {

using namespace kaiten::headoffice;
using Clock = std::chrono::steady_clock;

/// One store's share of the batch: simulate all its days from --start (stock and forecasts need
/// them) and hand over those from `first_sent` on (the earlier ones are in the history).
struct Job {
  std::size_t store = 0;
  int first_sent = 0;
  double size = 0.0;  ///< expected parties a day: the largest stores go first
};

/// Everything a process needs to simulate any store of the chain.
struct ChainRun {
  ChainDef chain;
  std::vector<ScenarioDef> scenarios;
  std::vector<std::uint64_t> seeds;
  std::vector<StockPolicy> policies;
  Date start;
  int days = 0;
};

/// Simulates `job`'s days in order, passing each one from first_sent on to `emit`.
template <class Emit>
void run_job(const ChainRun& run, const Job& job, Emit&& emit) {
  const ChainStoreDef& s = run.chain.stores[job.store];
  const ScenarioDef& def = run.scenarios[job.store];
  const ChainRegionDef& region = run.chain.regions[s.region_index];
  const StockPolicy policy = run.policies[job.store];
  const std::uint64_t seed = run.seeds[job.store];
  // The store's own history, in memory, for its forecasts: what the chain's history will hold.
  HistoryStore past(":memory:");
  const bool forecasting = policy == StockPolicy::forecast;
  if (forecasting) {
    past.ensure_store(s.id, StoreSource::sim, "", seed);
    past.put_catalogue(s.id, catalogue_of(def));
    past.put_holidays(s.id, holidays_of(def));
  }
  StoreDays days(s.id, def, seed, policy, run.start, 0,
                 RegionShock{run.chain.seed, region.id, region.demand_shock_sd,
                             region.demand_shock_persistence});
  for (int k = 0; k < run.days; ++k) {
    DayRecord record = days.simulate(run.start + k, past);
    if (forecasting) past.write_day(record);
    if (k >= job.first_sent) emit(std::move(record));
  }
}

/// What the workers hand to the writer.
struct Event {
  enum class Kind : std::uint8_t { day, done, error, exited } kind = Kind::day;
  DayRecord record;
  std::string message;
};

/// The local threads: each takes the next job, simulates it and queues its days.
class LocalWorkers {
 public:
  LocalWorkers(const ChainRun& run, const std::vector<Job>& jobs, std::atomic<std::size_t>& next,
               int threads)
      : running_(threads) {
    for (int t = 0; t < threads; ++t)
      threads_.emplace_back([this, &run, &jobs, &next](std::stop_token stop) {
        for (;;) {
          if (stop.stop_requested()) break;
          const std::size_t j = next.fetch_add(1);
          if (j >= jobs.size()) break;
          try {
            run_job(run, jobs[j], [&](DayRecord&& r) {
              push(Event{Event::Kind::day, std::move(r), {}});
            });
            push(Event{Event::Kind::done, {}, {}});
          } catch (const std::exception& e) {
            push(Event{Event::Kind::error,
                       {},
                       fmt::format("store {}: {}", run.chain.stores[jobs[j].store].id, e.what())});
          }
        }
        push(Event{Event::Kind::exited, {}, {}});
      });
  }

  /// Waits up to `timeout` for events; returns those queued.
  std::deque<Event> take(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (queue_.empty()) ready_.wait_for(lock, timeout, [&] { return !queue_.empty(); });
    std::deque<Event> out;
    out.swap(queue_);
    return out;
  }
  void stop() {
    for (std::jthread& t : threads_) t.request_stop();
  }
  int running() const { return running_; }
  void exited() { --running_; }

 private:
  void push(Event&& e) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(e));
    }
    ready_.notify_one();
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Event> queue_;
  int running_;
  std::vector<std::jthread> threads_;  // last: joined before the queue goes
};

/// A worker rank: simulates the stores rank 0 sends until told to stop; returns the exit code
/// rank 0 sends. Without `run` (this rank could not load the chain) every store is an error.
int worker_rank(const ChainRun* run, ChainTransport& transport) {
  for (;;) {
    const ChainMessage m = transport.wait();
    if (m.tag == ChainTag::stop) return std::stoi(m.bytes);
    if (m.tag != ChainTag::task) continue;
    Job job;
    std::istringstream in(m.bytes);
    in >> job.store >> job.first_sent;
    if (run == nullptr) {
      transport.send(
          0, ChainTag::error,
          fmt::format("rank {} could not load the chain or its options", transport.rank()));
      continue;
    }
    try {
      run_job(*run, job,
              [&](DayRecord&& r) { transport.send(0, ChainTag::day, encode_day_record(r)); });
      transport.send(0, ChainTag::done, std::to_string(job.store));
    } catch (const std::exception& e) {
      transport.send(0, ChainTag::error,
                     fmt::format("store {} (rank {}): {}", run->chain.stores[job.store].id,
                                 transport.rank(), e.what()));
    }
  }
}

void stop_workers(ChainTransport* transport, int code) {
  if (transport == nullptr) return;
  for (int r = 1; r < transport->size(); ++r)
    transport->send(r, ChainTag::stop, std::to_string(code));
}

}  // namespace

int chain_batch_command(const ChainBatchOptions& o) {
  // Under mpirun every rank reads the chain; rank 0 alone touches the history and speaks.
  std::unique_ptr<ChainTransport> transport = open_chain_transport();
  if (transport && transport->size() == 1) transport.reset();  // one rank: the local mode
  const bool rank0 = transport == nullptr || transport->rank() == 0;
  const auto say = [&](const std::string& text) {
    if (rank0) fmt::print(stderr, "{}\n", text);
  };
  // Bad input: rank 0 says so and stops the other ranks, which wait for its word.
  const auto bad_input = [&] {
    if (!rank0) return worker_rank(nullptr, *transport);
    stop_workers(transport.get(), kExitBadInput);
    return kExitBadInput;
  };
  if (rank0 && (!check_inputs("chain batch", {o.chain}) ||
                !check_input_if_present("chain batch", o.history) ||
                !check_output("chain batch", "--history", o.history, {o.chain})))
    return bad_input();

  ChainRun run;
  ChainLoadResult loaded = load_chain_file(o.chain);
  for (const LoadError& e : loaded.errors) say(e.to_string());
  if (!loaded.chain) return bad_input();
  run.chain = std::move(*loaded.chain);
  run.scenarios = std::move(loaded.scenarios);
  if (o.days < 1) {
    say("kaiten chain batch: --days must be at least 1");
    return bad_input();
  }
  const auto start =
      rank0 ? parse_date_option("chain batch", "--start", o.start) : Date::parse(o.start);
  if (!start ||
      (rank0 && !last_of_days("chain batch", fmt::format("--start {} --days {}", o.start, o.days),
                              *start, o.days)))
    return bad_input();
  run.start = *start;
  run.days = o.days;
  if (o.jobs < 0) {
    say("kaiten chain batch: --jobs must be 0 (all cores) or more");
    return bad_input();
  }
  std::optional<StockPolicy> forced;
  if (o.stock_policy == "unlimited") {
    forced = StockPolicy::unlimited;
  } else if (o.stock_policy == "fixed") {
    forced = StockPolicy::fixed;
  } else if (o.stock_policy == "forecast") {
    forced = StockPolicy::forecast;
  } else if (!o.stock_policy.empty()) {
    say("kaiten chain batch: --stock-policy: expected unlimited, fixed or forecast");
    return bad_input();
  }
  for (std::size_t i = 0; i < run.chain.stores.size(); ++i) {
    const ChainStoreDef& s = run.chain.stores[i];
    const ScenarioDef& def = run.scenarios[i];
    const StockPolicy policy = forced.value_or(def.stock.policy);
    if (rank0 && !check_stock_policy("chain batch", def, policy, s.scenario_path)) {
      say(fmt::format("kaiten chain batch: (the scenario of store {})", s.id));
      return bad_input();
    }
    run.policies.push_back(policy);
    run.seeds.push_back(s.seed.value_or(chain_store_seed(run.chain.seed, s.id)));
  }
  if (!rank0) return worker_rank(&run, *transport);

  // --stores: one node's share of the chain (a shard history, merged later), by store id.
  std::vector<bool> selected(run.chain.stores.size(), o.stores.empty());
  for (const std::string& id : o.stores) {
    const auto it = std::find_if(run.chain.stores.begin(), run.chain.stores.end(),
                                 [&](const ChainStoreDef& s) { return s.id == id; });
    if (it == run.chain.stores.end()) {
      say(fmt::format("kaiten chain batch: --stores: no store \"{}\" in {}", id, o.chain));
      return bad_input();
    }
    selected[static_cast<std::size_t>(it - run.chain.stores.begin())] = true;
  }
  const auto chosen = static_cast<long>(std::count(selected.begin(), selected.end(), true));

  const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Under mpirun rank 0 writes and the other ranks simulate; --jobs adds threads on rank 0.
  const int threads = transport ? o.jobs : (o.jobs == 0 ? hardware : o.jobs);
  const long total = chosen * run.days;
  try {
    HistoryStore history(o.history);
    std::vector<Job> jobs;
    long already = 0;
    for (std::size_t i = 0; i < run.chain.stores.size(); ++i) {
      if (!selected[i]) continue;
      const ChainStoreDef& s = run.chain.stores[i];
      const std::uint64_t seed = run.seeds[i];
      if (const auto known = history.store_seed(s.id); known && *known != seed) {
        say(fmt::format("kaiten chain batch: store \"{}\" in {} was simulated with seed {}, not {}",
                        s.id, o.history, *known, seed));
        return bad_input();
      }
      if (const auto first = history.first_day(s.id); first && *first < run.start) {
        say(fmt::format(
            "kaiten chain batch: store \"{}\" in {} has days from {}, before --start {}; a chain "
            "batch continues only from its own first day (rerun with --start {} and more --days)",
            s.id, o.history, first->to_string(), o.start, first->to_string()));
        return bad_input();
      }
      std::string scenario = s.scenario_path + " (chain " + o.chain + ")";
      for (const ScenarioOverride& ov : s.overrides) scenario += " --set " + ov.text();
      history.ensure_store(s.id, StoreSource::sim, scenario, seed);
      history.put_catalogue(s.id, catalogue_of(run.scenarios[i]));
      history.put_holidays(s.id, holidays_of(run.scenarios[i]));
      int done = 0;
      while (done < run.days && history.has_day(s.id, run.start + done)) ++done;
      already += history.days_between(s.id, run.start, run.start + (run.days - 1));
      if (done == run.days) continue;
      const auto& rates = run.scenarios[i].customers.hourly_parties;
      jobs.push_back(Job{i, done, std::accumulate(rates.begin(), rates.end(), 0.0)});
    }
    std::stable_sort(jobs.begin(), jobs.end(),
                     [](const Job& a, const Job& b) { return a.size > b.size; });

    Progress progress(total, "store-days", !o.quiet && Progress::on_terminal());
    progress.set(already, false);
    const auto t0 = Clock::now();
    long written = 0;
    int failures = 0;
    const auto write = [&](const DayRecord& r) {
      if (history.has_day(r.store, r.date)) return;  // written by an earlier, interrupted run
      history.write_day(r);                          // one transaction: the whole day or nothing
      ++written;
      progress.tick(true);
    };

    std::atomic<std::size_t> next{0};
    LocalWorkers local(run, jobs, next, threads);
    // Remote ranks: one store each at a time; a rank is idle once told to stop.
    int busy_ranks = 0;
    const auto hand_out = [&](int rank) {
      const std::size_t j = next.fetch_add(1);
      if (j < jobs.size() && failures == 0) {
        transport->send(rank, ChainTag::task,
                        fmt::format("{} {}", jobs[j].store, jobs[j].first_sent));
        ++busy_ranks;
      } else {
        transport->send(rank, ChainTag::stop, "0");
      }
    };
    if (transport)
      for (int r = 1; r < transport->size(); ++r) hand_out(r);
    while (local.running() > 0 || busy_ranks > 0) {
      bool idle = true;
      if (transport) {
        while (auto m = transport->poll()) {
          idle = false;
          if (m->tag == ChainTag::day) {
            write(decode_day_record(m->bytes));
          } else if (m->tag == ChainTag::done || m->tag == ChainTag::error) {
            if (m->tag == ChainTag::error) {
              say("kaiten chain batch: " + m->bytes);
              ++failures;
            }
            --busy_ranks;
            hand_out(m->from);
          }
        }
      }
      // Waits briefly for local work when remote ranks are busy; long when alone.
      auto events = local.take(std::chrono::milliseconds(transport ? (idle ? 1 : 0) : 50));
      for (Event& e : events) {
        if (e.kind == Event::Kind::day) {
          write(e.record);
        } else if (e.kind == Event::Kind::error) {
          say("kaiten chain batch: " + e.message);
          ++failures;
          local.stop();
        } else if (e.kind == Event::Kind::exited) {
          local.exited();
        }
      }
    }
    progress.finish();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (!o.quiet) {
      const auto threads_text = [](int n) {
        return fmt::format("{} thread{}", n, n == 1 ? "" : "s");
      };
      const std::string where =
          transport ? fmt::format("{} ranks{}", transport->size(),
                                  threads > 0 ? " + " + threads_text(threads) + " on rank 0"
                                              : std::string())
                    : threads_text(threads);
      fmt::print(
          "kaiten chain batch: {} ({} stores), {} days from {} on {}: {} store-days "
          "written, {} already in the history\n",
          run.chain.name, chosen, run.days, run.start.to_string(), where, written, already);
      fmt::print("  {:.1f} s, {:.2f} store-days/s; history {}\n", seconds,
                 seconds > 0 ? static_cast<double>(written) / seconds : 0.0, o.history);
    }
    if (failures > 0) {
      say(fmt::format("kaiten chain batch: {} stores failed; rerun to finish them", failures));
      return kExitFailed;
    }
  } catch (const std::exception& e) {
    say(fmt::format("kaiten chain batch: {}", e.what()));
    if (transport) {
      std::fflush(nullptr);
      transport->abort(kExitFailed);  // other ranks may be mid-store: end them all
    }
    return kExitFailed;
  }
  return kExitOk;
}

int chain_validate_command(const std::string& chain) {
  if (!check_inputs("chain validate", {chain})) return kExitBadInput;
  const ChainLoadResult loaded = load_chain_file(chain);
  for (const LoadError& e : loaded.errors) fmt::print(stderr, "{}\n", e.to_string());
  if (!loaded.chain) return kExitBadInput;
  fmt::print("{}: chain {}: {} stores, {} regions, {} centres\n", chain, loaded.chain->name,
             loaded.chain->stores.size(), loaded.chain->regions.size(),
             loaded.chain->centres.size());
  return kExitOk;
}

}  // namespace kaiten::app
