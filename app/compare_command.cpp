// `kaiten compare`: the same scenario under several controller policies, on the same seeds
// (common random numbers), with 95 % confidence intervals over replications; with --days N each
// replication is N consecutive days (compare_days.hpp).
#include <fmt/format.h>
#include <cmath>
#include <optional>

#include "arguments.hpp"
#include "commands.hpp"
#include "compare_days.hpp"
#include "day_runner.hpp"
#include "kaiten/io/output_set.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/customer_experience.hpp"
#include "kaiten/sim/day_measures.hpp"
#include "kaiten/whatif/compare.hpp"
#include "kaiten/whatif/parallel.hpp"
#include "kaiten/whatif/statistics.hpp"
#include "store_days.hpp"

namespace kaiten::app {
namespace {

const std::vector<std::string> kCompareFiles{"runs.csv", "means.csv", "differences.csv",
                                             "compare.json"};

std::optional<ControllerPolicy> policy_named(const std::string& name) {
  for (const auto p :
       {ControllerPolicy::manager, ControllerPolicy::predictive, ControllerPolicy::fixed_mix})
    if (name == to_string(p)) return p;
  return std::nullopt;
}

// What the baseline is, in words, for the report.
std::string definition(const ScenarioDef& def, ControllerPolicy policy) {
  switch (policy) {
    case ControllerPolicy::manager: {
      const std::vector<double> plan = manager_plan(def);
      double total = 0;
      for (double x : plan) total += 60 * x;
      return fmt::format(
          "manager: a competent manager's plan by clock hour ({}), {:.0f} plates a day, items by "
          "popularity, open lanes in turn (docs/controller.md)",
          def.controller.manager_plan.empty()
              ? fmt::format("the expected demand of each hour, margin {:+.0f}%",
                            100 * def.controller.manager_margin)
              : std::string("controller.manager_plan"),
          total);
    }
    case ControllerPolicy::predictive:
      return "predictive: the demand forecast minus what is on the belt (docs/controller.md)";
    case ControllerPolicy::fixed_mix:
      return fmt::format("fixed_mix: a constant {:.1f} plates a minute all day",
                         def.controller.fixed_rate_plates_per_min.value_or(
                             kitchen_capacity_per_min(def, def.open)));
  }
  return "";
}

}  // namespace

int compare_command(const CompareOptions& options) {
  const std::vector<std::string> inputs{options.scenario};
  if (!check_output("compare", "--out", options.out_dir, inputs, kCompareFiles))
    return kExitBadInput;
  const auto overrides = parse_overrides("compare", options.sets);
  if (!overrides) return kExitBadInput;
  const LoadResult loaded = load_scenario_file(options.scenario, *overrides);
  for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
  if (!loaded.scenario) return kExitBadInput;
  std::vector<ControllerPolicy> policies;
  for (const std::string& name : options.policies) {
    const auto policy = policy_named(name);
    if (!policy) {
      fmt::print(stderr, "kaiten compare: unknown policy \"{}\" (manager, predictive, fixed_mix)\n",
                 name);
      return kExitBadInput;
    }
    policies.push_back(*policy);
  }
  // --days: each run is that many consecutive days, as a batch runs them (docs/whatif.md).
  std::optional<headoffice::Date> start;
  if (options.days > 0) {
    start = parse_date_option("compare", "--start", options.start);
    if (!start) return kExitBadInput;
    if (!last_of_days("compare", fmt::format("--start {} --days {}", options.start, options.days),
                      *start, options.days) ||
        !check_stock_policy("compare", *loaded.scenario, loaded.scenario->stock.policy,
                            options.scenario))
      return kExitBadInput;
  } else if (options.start_given) {
    fmt::print(stderr, "kaiten compare: --start needs --days\n");
    return kExitBadInput;
  }
  const bool population = start && loaded.scenario->population.enabled;
  whatif::Comparison comparison;
  comparison.scenario = options.scenario;
  comparison.scenario_name = loaded.scenario->name;
  for (const ScenarioOverride& o : *overrides) comparison.overrides.push_back(o.text());
  comparison.first_seed = options.first_seed;
  if (start) {
    comparison.days = options.days;
    comparison.start = start->to_string();
    comparison.population = population;
    comparison.measures = days_measures(population);
  } else {
    for (const DayMeasure& m : day_measures())
      comparison.measures.push_back({std::string(m.name), std::string(m.unit),
                                     std::string(m.definition), m.higher_is_better});
  }
  const std::vector<whatif::ComparedMeasure>& measures = comparison.measures;
  const auto reps = static_cast<std::size_t>(options.replications);
  for (std::size_t p = 0; p < policies.size(); ++p)
    comparison.policies.push_back({options.policies[p], definition(*loaded.scenario, policies[p]),
                                   std::vector<whatif::RunValues>(reps)});
  std::vector<ScenarioDef> defs(policies.size(), *loaded.scenario);
  for (std::size_t p = 0; p < policies.size(); ++p) defs[p].controller.policy = policies[p];
  try {
    // The folder is checked before any day is simulated.
    std::optional<OutputSet> out;
    if (!options.out_dir.empty()) out.emplace(options.out_dir, "compare", kCompareFiles);
    // Every day on its own thread (run_parallel); replication r has seed first + r everywhere.
    whatif::run_parallel(
        policies.size() * reps, whatif::resolve_jobs(options.jobs),
        [&](std::size_t k) {
          const auto seed = options.first_seed + static_cast<std::uint64_t>(k % reps);
          if (start) return run_days(defs[k / reps], seed, *start, options.days);
          const DayResult day = run_store_day(defs[k / reps], seed);
          const CustomerExperience cx = customer_experience(day);
          whatif::RunValues v;
          for (const DayMeasure& m : day_measures()) v.push_back(m.value(day, cx));
          return v;
        },
        [&](std::size_t k, whatif::RunValues&& v) {
          comparison.policies[k / reps].runs[k % reps] = std::move(v);
        });
    if (out) {
      out->write("runs.csv", whatif::compare_runs_csv(comparison));
      out->write("means.csv", whatif::compare_means_csv(comparison));
      out->write("differences.csv", whatif::compare_differences_csv(comparison));
      out->write("compare.json", whatif::compare_json(comparison));
      out->commit();
    }
  } catch (const OutputFolderRefused& e) {
    fmt::print(stderr, "kaiten compare: --out {}\n", e.what());
    return kExitBadInput;
  }
  if (options.quiet) return kExitOk;
  if (!overrides->empty()) {
    std::string sets;
    for (const ScenarioOverride& o : *overrides) sets += " --set " + o.text();
    fmt::print("overrides:{}\n", sets);
  }
  fmt::print("{}: {} replications per policy, seeds {}..{} (the same seeds for every policy)\n",
             loaded.scenario->name, options.replications, options.first_seed,
             options.first_seed + static_cast<std::uint64_t>(options.replications) - 1);
  if (start)
    fmt::print("each replication: {} consecutive days from {}, stock carried over{}\n",
               options.days, comparison.start,
               population ? " and the customer population with it"
                          : "; no customer population in the scenario (population.enabled), so no "
                            "CLV, visits or NPS proxy");
  for (std::size_t p = 0; p < policies.size(); ++p)
    fmt::print("  {} {}\n", p == 0 ? "baseline" : "        ", comparison.policies[p].definition);
  fmt::print("means with 95% confidence intervals; differences are paired, per seed\n\n");
  std::string header = fmt::format("{:<22} {:<7}", "measure", "unit");
  for (const std::string& name : options.policies) header += fmt::format(" {:>22}", name);
  for (std::size_t p = 1; p < policies.size(); ++p)
    header += fmt::format(" {:>24}", options.policies[p] + " - " + options.policies[0]);
  fmt::print("{}\n", header);
  const auto column = [&](std::size_t p, std::size_t m) {
    std::vector<double> v;
    for (const whatif::RunValues& run : comparison.policies[p].runs) v.push_back(run[m]);
    return v;
  };
  for (std::size_t m = 0; m < measures.size(); ++m) {
    std::string row = fmt::format("{:<22} {:<7}", measures[m].name, measures[m].unit);
    for (std::size_t p = 0; p < policies.size(); ++p)
      row += fmt::format(" {:>22}", whatif::format_interval(whatif::mean_interval(column(p, m))));
    for (std::size_t p = 1; p < policies.size(); ++p)
      row += fmt::format(" {:>24}", whatif::format_interval(whatif::mean_interval(
                                        whatif::differences(column(p, m), column(0, m)))));
    fmt::print("{}\n", row);
  }
  if (!options.out_dir.empty())
    fmt::print("\nwrote {} (runs.csv, means.csv, differences.csv, compare.json)\n",
               options.out_dir);
  return kExitOk;
}

}  // namespace kaiten::app
