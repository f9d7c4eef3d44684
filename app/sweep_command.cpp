// `kaiten sweep`: a grid of settings × replications on common random numbers, on every core,
// resumable; every run and the means with 95 % intervals as CSVs, and a table (docs/whatif.md).
#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <optional>

#include "arguments.hpp"
#include "commands.hpp"
#include "day_runner.hpp"
#include "kaiten/core/text.hpp"
#include "kaiten/io/input_file.hpp"
#include "kaiten/io/output_set.hpp"
#include "kaiten/whatif/sweep.hpp"
#include "progress.hpp"
#include "whatif_commands.hpp"

namespace kaiten::app {
namespace {

const std::vector<std::string> kSweepFiles{"runs.csv", "means.csv", "sweep.json"};

/// For tests: KAITEN_TEST_SWEEP_KILL_AFTER=N kills the process (SIGKILL) once N runs of this
/// process have been recorded, as an operator's Ctrl-C or a crash would stop it.
void maybe_killed(std::size_t simulated) {
  static const long after = [] {
    const char* text = std::getenv("KAITEN_TEST_SWEEP_KILL_AFTER");
    return text != nullptr ? std::atol(text) : 0L;
  }();
  if (after > 0 && static_cast<long>(simulated) >= after) std::raise(SIGKILL);
}

}  // namespace

int sweep_command(const SweepOptions& o) {
  const std::vector<std::string> inputs{o.scenario};
  if (!check_inputs("sweep", inputs) ||
      !check_output("sweep", "--out", o.out_dir, inputs, kSweepFiles))
    return kExitBadInput;
  const auto base = read_base_scenario("sweep", o.scenario, o.sets);
  if (!base) return kExitBadInput;
  std::vector<whatif::Factor> factors;
  for (const std::string& text : o.vary) {
    std::string problem;
    if (auto f = whatif::parse_factor(text, problem)) {
      factors.push_back(std::move(*f));
    } else {
      fmt::print(stderr, "kaiten sweep: --vary {}: {}\n", one_line(text), problem);
      return kExitBadInput;
    }
  }
  std::vector<std::string> errors;
  std::optional<whatif::SweepPlan> plan;
  try {
    plan = whatif::plan_sweep(base->base, factors, o.replications, o.seed.value_or(base->def.seed),
                              errors);
  } catch (const std::length_error& e) {
    fmt::print(stderr, "kaiten sweep: {}\n", e.what());
    return kExitBadInput;
  }
  for (const std::string& e : errors) fmt::print(stderr, "{}\n", e);
  if (!plan) return kExitBadInput;
  const auto shown = measure_indexes("sweep", "--show", plan->measures, o.show, plan->scenarios[0]);
  if (!shown) return kExitBadInput;

  try {
    // The folder is checked before any run; the journal beside it makes the sweep resumable.
    std::optional<OutputSet> out;
    std::optional<whatif::SweepJournal> journal;
    if (!o.out_dir.empty()) {
      out.emplace(o.out_dir, "sweep", kSweepFiles);
      journal.emplace(whatif::journal_path(out->dir()), whatif::journal_key(*plan, kVersion));
      if (journal->replaced())
        fmt::print(stderr,
                   "kaiten sweep: {} held the runs of another scenario or version: "
                   "starting afresh\n",
                   journal->path().string());
    }
    const unsigned jobs = whatif::resolve_jobs(o.jobs);
    if (!o.quiet)
      fmt::print(stderr, "kaiten sweep: {} points × {} replications = {} runs on {} thread{}\n",
                 plan->points.size(), plan->replications, plan->runs(), jobs, jobs == 1 ? "" : "s");
    Progress progress(static_cast<long>(plan->runs()), "runs", !o.quiet && Progress::on_terminal());
    std::size_t simulated = 0;
    whatif::SweepRunOptions how;
    how.jobs = jobs;
    how.journal = journal ? &*journal : nullptr;
    how.progress = [&](std::size_t done, std::size_t, bool now) {
      progress.set(static_cast<long>(done), now);
      if (now) maybe_killed(++simulated);
    };
    const whatif::SweepResults results = whatif::run_sweep(*plan, run_day, how);
    progress.finish();
    if (!o.quiet && results.resumed > 0)
      fmt::print(stderr, "kaiten sweep: resumed: {} of {} runs read from {}\n", results.resumed,
                 plan->runs(), journal->path().string());
    if (out) {
      out->write("runs.csv", whatif::runs_csv(*plan, results));
      out->write("means.csv", whatif::means_csv(*plan, results));
      out->write("sweep.json", whatif::sweep_json(*plan));
      out->commit();
      journal->remove();
    }
    if (!o.quiet) {
      fmt::print("{} ({}): {} replications per point, seeds {}..{} at every point\n",
                 plan->scenarios[0].name, o.scenario, plan->replications, plan->seed(0),
                 plan->seed(plan->replications - 1));
      if (!base->base.overrides.empty())
        fmt::print("overrides:{}\n", override_list(base->base.overrides));
      fmt::print("means with 95% confidence intervals\n\n{}",
                 whatif::sweep_table(*plan, results, *shown));
    }
  } catch (const OutputFolderRefused& e) {
    fmt::print(stderr, "kaiten sweep: --out {}\n", e.what());
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace kaiten::app
