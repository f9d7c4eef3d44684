// The feed reader's cost per line (docs/feed.md): the busy Saturday's sensor messages as JSON
// Lines, read back by read_feed from memory, so that only parsing and checking are timed.
#include <benchmark/benchmark.h>

#include <sstream>

#include "bench_support.hpp"
#include "kaiten/io/feed.hpp"

namespace kaiten {
namespace {

void BM_FeedReaderPerLine(benchmark::State& state) {
  const ScenarioDef def = bench::load("scenarios/bench/busy_saturday.yaml");
  const std::vector<SensorMessage> messages = bench::record_messages(def);
  std::string text = feed_header_line({kFeedVersion, def.name, 1, "unused", {}}) + "\n";
  for (const SensorMessage& m : messages) text += feed_line(m) + "\n";
  std::int64_t n = 0;
  for (auto _ : state) {
    std::istringstream in(text);
    const FeedContents feed = read_feed(in, "bench.jsonl", false);
    if (feed.messages.size() != messages.size()) state.SkipWithError("feed not read back whole");
    n += static_cast<std::int64_t>(feed.messages.size());
  }
  state.SetItemsProcessed(n);
  state.SetBytesProcessed(n == 0 ? 0 : static_cast<std::int64_t>(text.size()) * state.iterations());
}
BENCHMARK(BM_FeedReaderPerLine)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kaiten
