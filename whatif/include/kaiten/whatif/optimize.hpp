#pragma once
// Simulation-based optimisation on common random numbers (docs/whatif.md): the setting of a few
// scenario keys that minimises or maximises one measure's mean over replications, subject to
// bounds on other measures' means. Every setting is run on the same seeds, so the search compares
// settings on the same days. When every setting of a discrete grid fits the budget, each is run
// and the best is selected by its mean (ranking and selection); otherwise NLopt's DIRECT-L
// (GN_ORIG_DIRECT_L: global, derivative-free, with inequality constraints) searches the box. The
// best setting and the scenario's own are then run again on fresh seeds, for intervals not biased
// by the selection.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaiten/whatif/grid.hpp"
#include "kaiten/whatif/statistics.hpp"
#include "kaiten/whatif/sweep.hpp"

namespace kaiten::whatif {

/// A key the optimiser sets, within [lo, hi]; with a step, only lo, lo + step, ... (an integer
/// key always has one, at least 1).
struct Parameter {
  std::string path;
  double lo = 0;
  double hi = 0;
  double step = 0;   ///< > 0: discrete; 0: continuous
  int decimals = 0;  ///< decimals of the values written (continuous: 6 more than FROM and TO have)

  /// The value nearest `x` that the parameter may take, as YAML text.
  std::string value(double x) const;
  /// How many values a discrete parameter has (0 for a continuous one).
  std::size_t count() const;
};

/// Reads "PATH=FROM:TO" or "PATH=FROM:TO:STEP" for a numeric key. nullopt, with `problem` set,
/// when malformed, the key is unknown or not a number, FROM >= TO, or a step is <= 0, is not
/// whole for an integer key, or leaves fewer than 2 values.
std::optional<Parameter> parse_parameter(std::string_view text, std::string& problem);

/// A bound on a measure's mean: "MEASURE>=X" or "MEASURE<=X".
struct Constraint {
  std::string measure;
  bool at_least = true;  ///< >=; else <=
  double bound = 0;
  std::size_t index = 0;  ///< the measure's index, set once the measures are known

  bool met(double mean) const { return at_least ? mean >= bound : mean <= bound; }
  /// How far `mean` is on the wrong side of the bound (0 when met).
  double violation(double mean) const;
  std::string text() const;
};

/// Reads "MEASURE>=X" or "MEASURE<=X" (spaces allowed around the operator). The measure is
/// checked later, against the scenario's measures.
std::optional<Constraint> parse_constraint(std::string_view text, std::string& problem);

struct OptimizeProblem {
  BaseScenario base;
  std::vector<Parameter> parameters;
  std::vector<RunMeasure> measures;  ///< run_measures of the scenario
  std::size_t objective = 0;         ///< index into measures
  bool maximize = true;
  std::vector<Constraint> constraints;
  int replications = 10;        ///< per setting during the search, seeds first_seed + r
  int final_replications = 10;  ///< fresh seeds after the search's, for the final intervals
  std::uint64_t first_seed = 1;
  long budget = 300;  ///< simulated days the search may use (the final check comes on top)
};

/// One setting tried by the search.
struct Evaluation {
  GridPoint setting;
  std::vector<RunValues> runs;  ///< per replication, every measure
  Interval objective;
  std::vector<Interval> constraints;  ///< aligned with OptimizeProblem::constraints
  bool feasible = false;              ///< every constraint met by its mean
  double violation = 0;               ///< summed violations, relative to each bound's size
};

struct OptimizeResult {
  std::string method;                          ///< how the search went, in words
  std::vector<Evaluation> evaluations;         ///< every setting tried, in the order tried
  std::optional<std::size_t> best;             ///< the feasible setting with the best mean, if any
  std::optional<std::size_t> least_violating;  ///< when none is feasible
  /// Feasible settings whose paired difference from the best (on the search's seeds) has a 95 %
  /// interval containing 0: not told apart from it by the search.
  std::vector<std::size_t> ties;
  long search_runs = 0;
  std::uint64_t final_first_seed = 0;  ///< the fresh seeds: final_first_seed + r
  std::vector<RunValues> best_final;   ///< the best setting on the fresh seeds
  std::vector<RunValues> own_final;    ///< the scenario's own setting on the same seeds
};

/// What the search reports as it goes: runs used of the budget.
using OptimizeProgress = std::function<void(long runs, long budget)>;

/// Searches for the best setting and checks it against the scenario's own. Throws
/// std::invalid_argument when a setting does not validate (its message names the overrides),
/// and whatever the runner throws.
OptimizeResult optimize(const OptimizeProblem& problem, const DayRunner& runner, unsigned jobs,
                        const OptimizeProgress& progress = {});

/// evaluations.csv: every setting the search tried, its values, the objective's and each
/// constraint's mean and interval, and whether it met the constraints.
std::string evaluations_csv(const OptimizeProblem& problem, const OptimizeResult& result);
/// optimize.json: the problem, the best setting and the final comparison with intervals.
std::string optimize_json(const OptimizeProblem& problem, const OptimizeResult& result);
/// The report printed at the end.
std::string optimize_report(const OptimizeProblem& problem, const OptimizeResult& result);

}  // namespace kaiten::whatif
