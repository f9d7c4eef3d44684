#pragma once
// What a run reports: summary.json, CSV tables and the human summary. Pure functions from results
// to text, so that identical runs give identical bytes; app/ decides where the text goes.
#include <cstdint>
#include <string>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {

struct RunInfo {
  std::string scenario;  ///< scenario name
  std::uint64_t seed = 0;
  std::vector<std::string> overrides = {};  ///< the `--set` overrides applied, "PATH=VALUE"
};

/// summary.json: totals, the discard rule, freshness, events and per-item totals. No wall-clock
/// values, so identical runs give identical files.
std::string summary_json(const ScenarioDef& def, const RunInfo& info, const DayResult& day);
/// items.csv: one row per menu item.
std::string items_csv(const ScenarioDef& def, const DayResult& day);
/// hours.csv: one row per opening hour.
std::string hours_csv(const ScenarioDef& def, const DayResult& day);
/// lanes.csv: one row per lane of belt: plates, reads, seated parties and money.
std::string lanes_csv(const ScenarioDef& def, const DayResult& day);
/// plates.csv: one row per plate: how it ended and how far it had travelled.
std::string plates_csv(const ScenarioDef& def, const DayResult& day);
/// parties.csv: one row per party: its journey and customer-experience figures.
std::string parties_csv(const DayResult& day);
/// orders.csv: one row per eaten touch-panel order, in order of eating: its journey's times.
std::string orders_csv(const ScenarioDef& def, const DayResult& day);
/// A short readable report for the terminal.
std::string human_summary(const ScenarioDef& def, const RunInfo& info, const DayResult& day);

}  // namespace kaiten
