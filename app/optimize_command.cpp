// `kaiten optimize`: the setting of a few keys that makes a measure best under bounds on others,
// searched on common random numbers and checked on fresh seeds against the scenario's own setting
// (docs/whatif.md).
#include <fmt/format.h>

#include <optional>
#include <stdexcept>

#include "arguments.hpp"
#include "commands.hpp"
#include "kaiten/core/text.hpp"
#include "kaiten/io/output_set.hpp"
#include "kaiten/whatif/optimize.hpp"
#include "progress.hpp"
#include "whatif_commands.hpp"

namespace kaiten::app {
namespace {

const std::vector<std::string> kOptimizeFiles{"evaluations.csv", "optimize.json"};

}  // namespace

int optimize_command(const OptimizeOptions& o) {
  const std::vector<std::string> inputs{o.scenario};
  if (!check_inputs("optimize", inputs) ||
      !check_output("optimize", "--out", o.out_dir, inputs, kOptimizeFiles))
    return kExitBadInput;
  const auto base = read_base_scenario("optimize", o.scenario, o.sets);
  if (!base) return kExitBadInput;
  whatif::OptimizeProblem p;
  p.base = base->base;
  p.measures = run_measures(base->def);
  for (const std::string& text : o.params) {
    std::string problem;
    if (auto par = whatif::parse_parameter(text, problem)) {
      p.parameters.push_back(std::move(*par));
    } else {
      fmt::print(stderr, "kaiten optimize: --param {}: {}\n", one_line(text), problem);
      return kExitBadInput;
    }
  }
  const auto objective =
      measure_indexes("optimize", "--objective", p.measures, {o.objective}, base->def);
  if (!objective) return kExitBadInput;
  if (objective->size() != 1) {
    fmt::print(stderr, "kaiten optimize: --objective names one measure\n");
    return kExitBadInput;
  }
  p.objective = objective->front();
  p.maximize = o.maximize || (!o.minimize && p.measures[p.objective].higher_is_better);
  for (const std::string& text : o.constraints) {
    std::string problem;
    auto c = whatif::parse_constraint(text, problem);
    if (!c) {
      fmt::print(stderr, "kaiten optimize: --constraint {}: {}\n", one_line(text), problem);
      return kExitBadInput;
    }
    const auto index =
        measure_indexes("optimize", "--constraint", p.measures, {c->measure}, base->def);
    if (!index) return kExitBadInput;
    c->index = index->front();
    p.constraints.push_back(std::move(*c));
  }
  p.replications = o.replications;
  p.final_replications = o.final_replications.value_or(o.replications);
  p.first_seed = o.seed.value_or(base->def.seed);
  p.budget = o.budget;
  if (p.budget < p.replications) {
    fmt::print(stderr, "kaiten optimize: --budget {} is less than one setting's {} replications\n",
               p.budget, p.replications);
    return kExitBadInput;
  }

  try {
    std::optional<OutputSet> out;
    if (!o.out_dir.empty()) out.emplace(o.out_dir, "optimize", kOptimizeFiles);
    const unsigned jobs = whatif::resolve_jobs(o.jobs);
    Progress progress(p.budget + 2L * p.final_replications, "runs",
                      !o.quiet && Progress::on_terminal());
    whatif::OptimizeResult result;
    try {
      result =
          whatif::optimize(p, run_day, jobs, [&](long runs, long) { progress.set(runs, true); });
    } catch (const std::invalid_argument& e) {  // a setting that does not validate
      progress.finish();
      fmt::print(stderr, "kaiten optimize: {}\n", e.what());
      return kExitBadInput;
    }
    progress.finish();
    if (out) {
      out->write("evaluations.csv", whatif::evaluations_csv(p, result));
      out->write("optimize.json", whatif::optimize_json(p, result));
      out->commit();
    }
    if (!o.quiet) {
      fmt::print("{} ({}), {} thread{}\n", base->def.name, o.scenario, jobs, jobs == 1 ? "" : "s");
      if (!p.base.overrides.empty()) fmt::print("overrides:{}\n", override_list(p.base.overrides));
      fmt::print("{}", whatif::optimize_report(p, result));
    }
    if (!result.best) {
      fmt::print(stderr, "kaiten optimize: no setting tried met the constraints\n");
      return kExitFailed;
    }
  } catch (const OutputFolderRefused& e) {
    fmt::print(stderr, "kaiten optimize: --out {}\n", e.what());
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace kaiten::app
