#pragma once
// The measures of a day by name: what `kaiten compare` tabulates and what sweeps and optimisation
// can aim at. Each is defined once here from the day's result (docs/measures.md says the same in
// words).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaiten/sim/customer_experience.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {

struct DayMeasure {
  std::string_view name;  ///< e.g. "waste_rate"
  std::string_view unit;  ///< e.g. "%", "yen", "min"
  std::string_view definition;
  /// Larger is better (for reports that mark the better policy); false: smaller is better.
  bool higher_is_better = false;
  double (*value)(const DayResult& day, const CustomerExperience& cx) = nullptr;
};

/// Every measure, in the order reports list them.
const std::vector<DayMeasure>& day_measures();
/// The measure called `name`, or nullopt.
std::optional<DayMeasure> find_day_measure(std::string_view name);
/// The names of all measures, comma-separated (for error messages).
std::string day_measure_names();

}  // namespace kaiten
