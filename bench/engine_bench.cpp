// Engine benchmarks. Every report can give kaiten's events per second as a ratio of the raw
// ceiling: a bare binary-heap event loop of the same event size, measured in the same run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <optional>
#include <queue>
#include <random>
#include <vector>

#include "bench_support.hpp"
#include "kaiten/controller/controller.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/sim/event_queue.hpp"
#include "kaiten/sim/odometer.hpp"

namespace kaiten {
namespace {

// The "hold" model: a heap of `n` pending events; each step pops the earliest and schedules a
// successor a random time later. This is the work of any event loop with nothing else to do.
struct RawEvent {
  std::int64_t time;
  std::uint64_t sequence;
  std::uint32_t a, b;
  std::uint8_t priority, kind;
};
static_assert(sizeof(RawEvent) == sizeof(Event), "same event size as the engine's");

void BM_RawHeapCeiling(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 rng(1);
  auto later = [](const RawEvent& x, const RawEvent& y) {
    return x.time != y.time ? x.time > y.time : x.sequence > y.sequence;
  };
  std::priority_queue<RawEvent, std::vector<RawEvent>, decltype(later)> heap(later);
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i < n; ++i)
    heap.push({static_cast<std::int64_t>(rng() % 100000), seq++, 0, 0, 0, 0});
  for (auto _ : state) {
    RawEvent e = heap.top();
    heap.pop();
    e.time += static_cast<std::int64_t>(rng() % 100000);
    e.sequence = seq++;
    heap.push(e);
  }
  state.SetItemsProcessed(state.iterations());
}
// 330: the busy Saturday's mean pending events with the controller (its pending_mean counter).
BENCHMARK(BM_RawHeapCeiling)->Arg(250)->Arg(330)->Arg(500)->Arg(1000)->Arg(10000);

void BM_EventQueueHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 rng(1);
  EventQueue q;
  for (std::size_t i = 0; i < n; ++i)
    q.push({static_cast<SimTime>(rng() % 100000), Priority::plate_pass, EventKind::plate_pass, 0, 0,
            0});
  for (auto _ : state) {
    Event e = q.pop();
    e.time += static_cast<SimTime>(rng() % 100000);
    q.push(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueueHold)->Arg(1000)->Arg(10000);

void BM_OdometerTimeReaching(benchmark::State& state) {
  std::vector<SpeedChange> changes;
  for (int i = 0; i < 24; ++i)
    changes.push_back({(11 * 60 + 30 * i) * kMsPerMinute, i % 4 == 3 ? 0 : 80});
  const Odometer odo(11 * kMsPerHour, 80, changes);
  Micrometres target = 0;
  for (auto _ : state) {
    target = (target + 7'654'321) % m_to_um(3000);
    benchmark::DoNotOptimize(odo.time_reaching(target));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OdometerTimeReaching);

using bench::load;

// The engine's pending events, to compare with BM_RawHeapCeiling at the same heap size.
void report_queue(benchmark::State& state, const DayResult& day) {
  state.counters["pending_mean"] = day.pending_events_mean;
  state.counters["pending_peak"] = static_cast<double>(day.pending_events_peak);
}

// A whole simulated day, run by the predictive controller or by the placeholder kitchen; items =
// engine events, so items/s is the engine's event rate.
void run_day(benchmark::State& state, const char* scenario, bool with_controller) {
  const ScenarioDef def = load(scenario);
  std::int64_t events = 0;
  for (auto _ : state) {
    std::optional<Controller> controller;
    if (with_controller) controller.emplace(def, 1);
    const DayResult day = simulate_day(def, 1, nullptr, controller ? &*controller : nullptr);
    if (controller) controller->finish();
    events += day.events;
    report_queue(state, day);
  }
  state.SetItemsProcessed(events);
}
void BM_DefaultDay(benchmark::State& state) {
  run_day(state, "scenarios/default.yaml", false);
}
void BM_BusySaturdayDay(benchmark::State& state) {
  run_day(state, "scenarios/bench/busy_saturday.yaml", false);
}
BENCHMARK(BM_DefaultDay)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BusySaturdayDay)->Unit(benchmark::kMillisecond);

// Reader-event generation: the busy Saturday's belt (a reader every 2 m) with nobody taking a
// plate, so nearly every event is a plate passing a reader, a gate or a table; items = tag reads,
// so items/s is the rate at which the belt generates reads (each with its engine event).
void BM_ReaderEvents(benchmark::State& state) {
  ScenarioDef def = load("scenarios/bench/busy_saturday.yaml");
  def.customers.model = CustomerModel::stand_in;
  def.eating.take_probability_per_pass = 0.0;
  std::int64_t reads = 0;
  std::int64_t events = 0;
  for (auto _ : state) {
    const DayResult day = simulate_day(def, 1, nullptr);
    reads += day.reads;
    events += day.events;
  }
  state.SetItemsProcessed(reads);
  state.counters["events_per_read"] = benchmark::Counter(
      static_cast<double>(events) / static_cast<double>(std::max<std::int64_t>(reads, 1)));
}
BENCHMARK(BM_ReaderEvents)->Unit(benchmark::kMillisecond);

// The reference workload of docs/PERFORMANCE.md: the whole day run by the predictive controller.
void BM_DefaultDayWithController(benchmark::State& state) {
  run_day(state, "scenarios/default.yaml", true);
}
void BM_BusySaturdayWithController(benchmark::State& state) {
  run_day(state, "scenarios/bench/busy_saturday.yaml", true);
}
BENCHMARK(BM_DefaultDayWithController)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BusySaturdayWithController)->Unit(benchmark::kMillisecond);

// The controller's cost per sensor message, on the busy Saturday's recorded messages.
void BM_ControllerPerMessage(benchmark::State& state) {
  const ScenarioDef def = load("scenarios/bench/busy_saturday.yaml");
  const std::vector<SensorMessage> messages = bench::record_messages(def);
  std::int64_t n = 0;
  std::vector<Command> out;
  for (auto _ : state) {
    Controller c(def, 1);
    for (const SensorMessage& m : messages) {
      out.clear();
      c.on_message(m, out);
    }
    n += static_cast<std::int64_t>(messages.size());
  }
  state.SetItemsProcessed(n);
}
BENCHMARK(BM_ControllerPerMessage)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kaiten

BENCHMARK_MAIN();
