// The chain batch's single writer (docs/chain.md, docs/PERFORMANCE.md "The chain batch"): what
// rank 0 does per store-day when it only writes — decode the day's message, check the day is not
// in the history yet, write it in one transaction — on a file history as the chain batch opens it
// (WAL, synchronous = NORMAL). The day is a real simulated day of the bundled chain's store
// scenario (its items, hours, true demand) with a stock row and a closing lot per ingredient, as
// a chain batch writes them; its encoded size is the message a simulating rank sends.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "bench_support.hpp"
#include "kaiten/headoffice/batch.hpp"
#include "kaiten/headoffice/chain.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {
namespace {

using namespace kaiten::headoffice;

DayRecord chain_store_day() {
  const ScenarioDef def = bench::load("scenarios/chain_store.yaml");
  ItemDaySink sink(def);
  const DayResult result = simulate_day(def, 1, &sink);
  const Date date = *Date::parse("2025-03-03");
  DayRecord probe = make_day_record("probe", date, def, result, sink, {}, {}, 0.01);
  std::vector<std::int64_t> true_demand;
  for (const ItemDay& it : probe.items) true_demand.push_back(it.sold);
  DayRecord r =
      make_day_record("store-000", date, def, result, sink, true_demand, {}, -0.0312345678);
  for (const CatalogueIngredient& g : catalogue_of(def).ingredients) {
    r.stock.push_back({g.ingredient, "forecast", 12345.678, 15000.25, 11876.5, 120.125, 3003.625});
    r.closing_lots.push_back({g.ingredient, date + g.shelf_life_days, 3003.625});
  }
  return r;
}

void BM_ChainWriterStoreDay(benchmark::State& state) {
  const DayRecord day = chain_store_day();
  const std::string bytes = encode_day_record(day);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("kaiten_writer_bench_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    HistoryStore history((dir / "h.db").string());
    const Catalogue catalogue = catalogue_of(bench::load("scenarios/chain_store.yaml"));
    // Stores of a year each, as a chain-year fills the history.
    int store = -1;
    int k = 365;
    std::string id;
    for (auto _ : state) {
      if (k == 365) {
        k = 0;
        id = fmt::format("store-{:03}", ++store);
        state.PauseTiming();
        history.ensure_store(id, StoreSource::sim, "scenarios/chain_store.yaml", 1);
        history.put_catalogue(id, catalogue);
        state.ResumeTiming();
      }
      DayRecord r = decode_day_record(bytes);
      r.store = id;
      r.date = r.date + k++;
      if (!history.has_day(r.store, r.date)) history.write_day(r);
    }
    state.counters["rows_per_day"] = static_cast<double>(
        1 + day.items.size() + day.stock.size() + day.closing_lots.size() +
        static_cast<std::size_t>(std::count_if(day.hourly_sold.begin(), day.hourly_sold.end(),
                                               [](std::int64_t v) { return v != 0; })));
    state.counters["message_bytes"] = static_cast<double>(bytes.size());
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("store-days written (one transaction each)");
}
BENCHMARK(BM_ChainWriterStoreDay)->Unit(benchmark::kMicrosecond);

// Rank 0's share of a message without the database: decoding alone.
void BM_ChainDecodeStoreDay(benchmark::State& state) {
  const std::string bytes = encode_day_record(chain_store_day());
  for (auto _ : state) {
    DayRecord r = decode_day_record(bytes);
    benchmark::DoNotOptimize(r.items.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_ChainDecodeStoreDay)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kaiten
