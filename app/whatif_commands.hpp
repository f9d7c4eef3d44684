#pragma once
// The operator's what-if commands (docs/whatif.md): sweeps and optimisation, and what they share.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaiten/io/run_measures.hpp"
#include "kaiten/whatif/sweep.hpp"

namespace kaiten::app {

/// `kaiten sweep SCENARIO --vary PATH=VALUES ... [--replications N] [--jobs N] [--out DIR]`
struct SweepOptions {
  std::string scenario;
  std::vector<std::string> vary;  ///< PATH=LIST or PATH=FROM:TO:STEP, first varies slowest
  std::vector<std::string> sets;  ///< --set PATH=VALUE, applied to every point
  int replications = 10;
  std::optional<std::uint64_t> seed;  ///< first seed; default: the scenario's
  unsigned jobs = 0;                  ///< 0: every core
  std::string out_dir;
  std::vector<std::string> show;  ///< measures in the printed table
  bool quiet = false;
};
int sweep_command(const SweepOptions& options);

/// `kaiten optimize SCENARIO --param PATH=FROM:TO[:STEP] ... --objective MEASURE ...`
struct OptimizeOptions {
  std::string scenario;
  std::vector<std::string> params;
  std::string objective;
  bool maximize = false;
  bool minimize = false;
  std::vector<std::string> constraints;  ///< MEASURE>=X or MEASURE<=X
  long budget = 300;
  int replications = 10;
  std::optional<int> final_replications;  ///< default: replications
  std::optional<std::uint64_t> seed;
  unsigned jobs = 0;
  std::vector<std::string> sets;
  std::string out_dir;
  bool quiet = false;
};
int optimize_command(const OptimizeOptions& options);

// --- shared by the what-if commands -------------------------------------------------------

/// The measures printed by default: waste, money, customer experience.
const std::vector<std::string>& default_shown_measures();

/// The scenario file and its --set overrides, read and validated; nullopt after printing why.
struct LoadedBase {
  whatif::BaseScenario base;
  ScenarioDef def;  ///< the scenario as the overrides leave it
};
std::optional<LoadedBase> read_base_scenario(std::string_view command, const std::string& path,
                                             const std::vector<std::string>& sets);

/// The indexes of the measures named by `names` (each may be a comma-separated list; empty:
/// default_shown_measures()), or nullopt after listing the valid names.
std::optional<std::vector<std::size_t>> measure_indexes(std::string_view command,
                                                        std::string_view option,
                                                        const std::vector<RunMeasure>& measures,
                                                        const std::vector<std::string>& names,
                                                        const ScenarioDef& def);

/// One day with the store's controller (safe on several threads at once).
DayResult run_day(const ScenarioDef& def, std::uint64_t seed);

/// " --set A --set B" for reports.
std::string override_list(const std::vector<ScenarioOverride>& overrides);

}  // namespace kaiten::app
