#pragma once
// Every measure of a run by name, as sweeps and optimisation use them: the day measures of
// kaiten/sim/day_measures.hpp (every figure `kaiten run` prints), then per lane
// ("lane.A.waste_rate") and per menu item ("item.maguro.eaten"). docs/measures.md defines them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {

struct RunMeasure {
  std::string name;  ///< e.g. "waste_rate", "lane.A.parties_seated", "item.maguro.eaten"
  std::string unit;  ///< e.g. "%", "yen", "min"
  std::string definition;
  bool higher_is_better = false;
};

/// The measures of a run of `def`, in the order CSVs list them.
std::vector<RunMeasure> run_measures(const ScenarioDef& def);

/// The value of each of run_measures(def) for one day of `def`, in the same order.
std::vector<double> run_measure_values(const ScenarioDef& def, const DayResult& day);

/// The index of the measure called `name`, or nullopt.
std::optional<std::size_t> find_run_measure(const std::vector<RunMeasure>& measures,
                                            std::string_view name);

/// Every valid name for an error message: the day measures one by one, the per-lane and per-item
/// ones as patterns with the ids they take.
std::string run_measure_names(const ScenarioDef& def);

}  // namespace kaiten
