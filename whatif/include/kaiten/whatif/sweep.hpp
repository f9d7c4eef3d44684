#pragma once
// A sweep: a grid of settings, each run for the same replications on common random numbers
// (replication r runs with seed first_seed + r at every point), on every core, resumable from a
// journal, reported as CSVs of every run and of the means with 95 % intervals (docs/whatif.md).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/io/run_measures.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/day.hpp"
#include "kaiten/whatif/grid.hpp"
#include "kaiten/whatif/journal.hpp"
#include "kaiten/whatif/parallel.hpp"

namespace kaiten::whatif {

/// The scenario a what-if command starts from: the file's text and its `--set` overrides.
struct BaseScenario {
  std::string path;  ///< as given, for messages and reports
  std::string yaml;  ///< the file's text
  std::vector<ScenarioOverride> overrides;
};

/// The scenario at one setting: the base with the point's overrides applied after its own.
/// Problems in a point's value are named by `option` ("--vary PATH=VALUE"), the base's by --set.
LoadResult load_setting(const BaseScenario& base, const GridPoint& point,
                        std::string_view option = "--vary");

/// Simulates one day of a scenario with a seed. It must be safe to call from several threads at
/// once (the app's runs the store's controller, which shares nothing).
using DayRunner = std::function<DayResult(const ScenarioDef&, std::uint64_t seed)>;

struct SweepPlan {
  BaseScenario base;
  std::vector<Factor> factors;
  std::vector<GridPoint> points;
  std::vector<ScenarioDef> scenarios;  ///< one per point, validated
  std::vector<RunMeasure> measures;    ///< the same at every point
  int replications = 10;
  std::uint64_t first_seed = 1;

  /// Replication r's seed, the same at every point: first_seed + r.
  std::uint64_t seed(int replication) const {
    return first_seed + static_cast<std::uint64_t>(replication);
  }
  std::size_t runs() const { return points.size() * static_cast<std::size_t>(replications); }
};

/// Loads and validates every point of the grid. nullopt, with `errors` holding every problem
/// (each naming its override), when a point does not validate or the points' measures differ
/// (an override changed a lane or item id). Throws std::length_error for a grid too large.
std::optional<SweepPlan> plan_sweep(BaseScenario base, std::vector<Factor> factors,
                                    int replications, std::uint64_t first_seed,
                                    std::vector<std::string>& errors);

struct SweepResults {
  std::vector<std::vector<RunValues>> values;  ///< [point][replication][measure]
  std::size_t resumed = 0;                     ///< runs read from the journal, not simulated
};

struct SweepRunOptions {
  unsigned jobs = 1;
  SweepJournal* journal = nullptr;  ///< null: not resumable
  /// Called on the calling thread after each run: runs finished so far (resumed ones first, all
  /// at once), of the total, and whether this one was simulated.
  std::function<void(std::size_t done, std::size_t total, bool simulated)> progress = {};
};

/// Runs every point and replication not already in the journal, recording each as it finishes.
/// The results are the same, to the bit, for any number of jobs and however often the sweep was
/// interrupted and resumed.
SweepResults run_sweep(const SweepPlan& plan, const DayRunner& runner,
                       const SweepRunOptions& options);

/// The key a journal holds a plan's runs under: what their results depend on besides the point
/// and the seed (kaiten's version, the scenario text and overrides, the measures).
std::string journal_key(const SweepPlan& plan, std::string_view version);

/// runs.csv: one row per point and replication, the point's values and every measure.
std::string runs_csv(const SweepPlan& plan, const SweepResults& results);
/// means.csv: one row per point: every measure's mean and 95 % interval (low, high).
std::string means_csv(const SweepPlan& plan, const SweepResults& results);
/// sweep.json: what was swept (scenario, overrides, factors, seeds, measures and units).
std::string sweep_json(const SweepPlan& plan);
/// The table printed at the end: one row per point, the measures `shown` (indexes into
/// plan.measures) as mean ± 95 % half-width.
std::string sweep_table(const SweepPlan& plan, const SweepResults& results,
                        const std::vector<std::size_t>& shown);

/// A CSV field, quoted when it must be (RFC 4180).
std::string csv_field(std::string_view text);

}  // namespace kaiten::whatif
