#pragma once
// The files of `kaiten compare --out DIR`: policies run on the same seeds (common random numbers),
// every run, each policy's means and the paired differences against the baseline, each with its
// 95 % interval (docs/whatif.md "Comparing policies"). Pure functions of the runs.
#include <cstdint>
#include <string>
#include <vector>

#include "kaiten/whatif/parallel.hpp"

namespace kaiten::whatif {

struct ComparedMeasure {
  std::string name, unit, definition;
  bool higher_is_better = false;
};

struct ComparedPolicy {
  std::string name;             ///< e.g. "manager"
  std::string definition;       ///< what the policy does, in words
  std::vector<RunValues> runs;  ///< runs[r][m]: replication r (seed first_seed + r), measure m
};

struct Comparison {
  std::string scenario;                ///< the file, as given
  std::string scenario_name;           ///< its `name:`
  std::vector<std::string> overrides;  ///< "--set" texts, in order
  std::uint64_t first_seed = 1;
  int days = 0;             ///< `--days N`: each run is N consecutive days from `start`; 0: one day
  std::string start;        ///< the first day, YYYY-MM-DD (with `days`)
  bool population = false;  ///< the runs carried a customer population across their days
  std::vector<ComparedMeasure> measures;
  std::vector<ComparedPolicy> policies;  ///< the first is the baseline; same replications each
  int replications() const;
};

/// runs.csv: policy,replication,seed, then every measure; one row per policy and replication.
std::string compare_runs_csv(const Comparison& c);
/// means.csv: policy,replications, then M.mean,M.low95,M.high95 for every measure (the columns
/// of a sweep's means.csv with `policy` as the factor).
std::string compare_means_csv(const Comparison& c);
/// differences.csv: one row per policy after the baseline: policy,baseline,replications, then
/// M.mean,M.low95,M.high95 of the paired difference policy − baseline per seed.
std::string compare_differences_csv(const Comparison& c);
/// compare.json: scenario, overrides, seeds, the policies with their definitions and the
/// measures (unit, definition, which direction is better); with `days`, also days, start and
/// population.
std::string compare_json(const Comparison& c);

}  // namespace kaiten::whatif
