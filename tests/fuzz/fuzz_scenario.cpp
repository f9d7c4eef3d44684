// Scenario YAML: load_scenario_text() on any bytes. Invariants: the loader returns a scenario or
// errors, never both, never neither, and never throws; a scenario that validates simulates one
// day (under the work cap of fuzz_support.hpp) with its plates conserved in total, per item and
// per lane (express lanes included), no freshness violation or early discard, and the
// controller's own conservation kept (also when the cap stops the day).
#include <fmt/format.h>

#include "fuzz_support.hpp"
#include "kaiten/core/measures.hpp"
#include "kaiten/io/scenario_loader.hpp"

namespace kaiten::fuzz {
namespace {

void check_day(const DayResult& day) {
  const std::string totals = fmt::format("made {}, eaten {}, discarded {}, on belt at close {}",
                                         day.made, day.eaten, day.discarded, day.on_belt_at_close);
  KAITEN_FUZZ_CHECK(plates_conserved(day.made, day.eaten, day.discarded, day.on_belt_at_close),
                    totals);
  KAITEN_FUZZ_CHECK(static_cast<std::int64_t>(day.plates.size()) == day.made,
                    fmt::format("{} plate ends, {}", day.plates.size(), totals));
  ItemTotals sum;
  for (const ItemTotals& item : day.items) {
    KAITEN_FUZZ_CHECK(
        plates_conserved(item.made, item.eaten, item.discarded, item.on_belt_at_close),
        fmt::format("item: made {}, eaten {}, discarded {}, on belt {}", item.made, item.eaten,
                    item.discarded, item.on_belt_at_close));
    sum.made += item.made;
    sum.eaten += item.eaten;
    sum.discarded += item.discarded;
  }
  KAITEN_FUZZ_CHECK(
      sum.made == day.made && sum.eaten == day.eaten && sum.discarded == day.discarded,
      fmt::format("items sum to made {}, eaten {}, discarded {}; {}", sum.made, sum.eaten,
                  sum.discarded, totals));
  LaneTotals lanes;
  for (const LaneTotals& lane : day.lanes) {
    KAITEN_FUZZ_CHECK(
        plates_conserved(lane.made, lane.eaten, lane.discarded, lane.on_belt_at_close),
        fmt::format("lane: made {}, eaten {}, discarded {}, on belt {}", lane.made, lane.eaten,
                    lane.discarded, lane.on_belt_at_close));
    lanes.made += lane.made;
    lanes.eaten += lane.eaten;
  }
  KAITEN_FUZZ_CHECK(lanes.made == day.made && lanes.eaten == day.eaten,
                    fmt::format("lanes (express lanes included) sum to made {}, eaten {}; {}",
                                lanes.made, lanes.eaten, totals));
  KAITEN_FUZZ_CHECK(day.freshness_violations == 0,
                    fmt::format("{} freshness violations", day.freshness_violations));
  KAITEN_FUZZ_CHECK(day.early_discards == 0, fmt::format("{} early discards", day.early_discards));
}

}  // namespace
}  // namespace kaiten::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kaiten;
  const LoadResult loaded = load_scenario_text(fuzz::as_text(data, size), "fuzz.yaml");
  if (!loaded.ok()) {
    KAITEN_FUZZ_CHECK(!loaded.errors.empty(), "no scenario and no error");
    for (const LoadError& e : loaded.errors)
      KAITEN_FUZZ_CHECK(!e.message.empty() && e.line >= 0 && e.column >= 0, e.to_string());
    return 0;
  }
  KAITEN_FUZZ_CHECK(loaded.errors.empty(), loaded.errors.front().to_string());
  const ScenarioDef& def = *loaded.scenario;
  if (!fuzz::too_big_to_simulate(def).empty()) return 0;
  const fuzz::CappedDay run = fuzz::simulate_capped(def, def.seed);
  if (run.finished) fuzz::check_day(run.day);
  KAITEN_FUZZ_CHECK(run.controller_gap == 0,
                    fmt::format("the controller has {} plates in no category", run.controller_gap));
  return 0;
}
