#pragma once
// `kaiten compare --days N`: each run of a policy is N consecutive days of the store as `kaiten
// batch` runs them (stock and, with a population, customers carried from day to day), summed up
// by the measures below (docs/whatif.md "Comparing policies over days").
#include <cstdint>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/headoffice/date.hpp"
#include "kaiten/whatif/compare.hpp"

namespace kaiten::app {

/// The measures of an N-day run: with a population, its measures first (CLV, visits, NPS proxy,
/// churn, ...); then every day measure as the N days' total (counts and yen) or the mean of the
/// days' values (rates, times, distances).
std::vector<whatif::ComparedMeasure> days_measures(bool population);

/// One run: `days` days of `def` from `start` with the batch seed `seed` and the scenario's stock
/// policy (forecasts read an in-memory history of the run's own days); its values in the order
/// of days_measures(def.population.enabled). Safe on several threads at once.
whatif::RunValues run_days(const ScenarioDef& def, std::uint64_t seed, headoffice::Date start,
                           int days);

}  // namespace kaiten::app
