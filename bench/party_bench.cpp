// Party decisions (kaiten/sim/party.hpp): making a party, choosing who takes a passing plate, and
// when a member wants the next one. One simulated day makes ~1,000 parties and offers plates to
// tables ~100,000 times, so these set the cost of the customers' side of a day.
#include <benchmark/benchmark.h>

#include "bench_support.hpp"
#include "kaiten/core/rng.hpp"
#include "kaiten/sim/party.hpp"

namespace kaiten {
namespace {

void BM_MakeParty(benchmark::State& state) {
  const ScenarioDef def = bench::load("scenarios/default.yaml");
  std::mt19937_64 parties = make_stream(1, RngStream::parties);
  std::mt19937_64 choice = make_stream(1, RngStream::choice);
  std::uint32_t id = 0;
  for (auto _ : state) {
    Party p = make_party(def, id++, 12 * kMsPerHour, parties, choice);
    benchmark::DoNotOptimize(p.top_preference);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(def.menu.size()) + " menu items");
}
BENCHMARK(BM_MakeParty);

// A table of four passes plates of every item in turn: two members are hungry with a wish, one
// has a pending panel order, one is eating. Half the offers match a wish, the rest may be fancied.
void BM_ChooseTaker(benchmark::State& state) {
  const ScenarioDef def = bench::load("scenarios/default.yaml");
  std::mt19937_64 parties = make_stream(1, RngStream::parties);
  std::mt19937_64 choice = make_stream(1, RngStream::choice);
  Party p = make_party(def, 0, 12 * kMsPerHour, parties, choice);
  p.members.resize(4);
  p.members[0].hungry = true;
  p.members[0].wish = 0;
  p.members[1].hungry = true;
  p.members[1].wish = 1;
  p.members[2].hungry = true;
  p.members[2].order = 7;
  const auto items = static_cast<std::uint16_t>(def.menu.size());
  std::uint16_t item = 0;
  std::int64_t taken = 0;
  for (auto _ : state) {
    const std::uint16_t offered = (item & 1) != 0 ? std::uint16_t(item % 2) : item;
    taken += choose_taker(p, offered, def.customers.opportunistic_take, 1.0, choice) != kNoMember;
    item = static_cast<std::uint16_t>((item + 1) % items);
  }
  benchmark::DoNotOptimize(taken);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ChooseTaker);

void BM_ReadyTime(benchmark::State& state) {
  Member m;
  m.appetite = 11;
  m.meal = 55 * kMsPerMinute;
  SimTime sum = 0;
  for (auto _ : state) {
    m.eaten = (m.eaten + 1) % m.appetite;
    sum += ready_time(m, 0, 20 * kMsPerSecond);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReadyTime);

}  // namespace
}  // namespace kaiten
