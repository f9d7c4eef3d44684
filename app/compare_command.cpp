// `kaiten compare`: the same scenario under several controller policies, on the same seeds
// (common random numbers), with confidence intervals over replications.
#include <fmt/format.h>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "commands.hpp"
#include "day_runner.hpp"
#include "kaiten/core/measures.hpp"
#include "kaiten/io/scenario_loader.hpp"
#include "kaiten/sim/customer_experience.hpp"

namespace kaiten::app {
namespace {

struct Interval {
  double mean = 0;
  double half_width = 0;  ///< 95 % confidence half-width of the mean
};

Interval interval(const std::vector<double>& x) {
  const auto n = static_cast<double>(x.size());
  double mean = 0;
  for (double v : x) mean += v / n;
  if (x.size() < 2) return {mean, 0};
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  const boost::math::students_t t(n - 1);
  return {mean,
          boost::math::quantile(boost::math::complement(t, 0.025)) * std::sqrt(ss / (n - 1) / n)};
}

struct Outcome {
  double waste_rate, found_on_belt, lead_p95, plates_per_person, violations;
};

}  // namespace

int compare_command(const CompareOptions& options) {
  const LoadResult loaded = load_scenario_file(options.scenario);
  for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
  if (!loaded.scenario) return kExitBadInput;
  std::vector<ControllerPolicy> policies;
  for (const std::string& name : options.policies) {
    if (name == "fixed_mix")
      policies.push_back(ControllerPolicy::fixed_mix);
    else if (name == "predictive")
      policies.push_back(ControllerPolicy::predictive);
    else {
      fmt::print(stderr, "kaiten compare: unknown policy \"{}\" (fixed_mix, predictive)\n", name);
      return kExitBadInput;
    }
  }
  std::vector<std::vector<Outcome>> results(policies.size());
  for (std::size_t p = 0; p < policies.size(); ++p) {
    ScenarioDef def = *loaded.scenario;
    def.controller.policy = policies[p];
    for (int r = 0; r < options.replications; ++r) {
      const auto seed = options.first_seed + static_cast<std::uint64_t>(r);
      const DayResult day = run_store_day(def, seed);
      const CustomerExperience cx = customer_experience(day);
      results[p].push_back({waste_rate(day.made, day.discarded), cx.found_on_belt_share,
                            cx.panel_lead_time_min.p95, cx.plates_per_person,
                            static_cast<double>(day.freshness_violations + day.early_discards)});
    }
  }
  fmt::print("{}: {} replications per policy, seeds {}..{} (same seeds for every policy)\n",
             loaded.scenario->name, options.replications, options.first_seed,
             options.first_seed + static_cast<std::uint64_t>(options.replications) - 1);
  fmt::print("{:<12} {:>18} {:>18} {:>20} {:>18} {:>11}\n", "policy", "waste rate %",
             "found on belt %", "panel lead p95 min", "plates/person", "violations");
  auto column = [](const std::vector<Outcome>& rows, double Outcome::*field, double scale) {
    std::vector<double> v;
    for (const Outcome& o : rows) v.push_back(o.*field * scale);
    return interval(v);
  };
  auto cell = [](Interval i) { return fmt::format("{:.2f} ± {:.2f}", i.mean, i.half_width); };
  for (std::size_t p = 0; p < policies.size(); ++p) {
    fmt::print("{:<12} {:>18} {:>18} {:>20} {:>18} {:>11.0f}\n", options.policies[p],
               cell(column(results[p], &Outcome::waste_rate, 100)),
               cell(column(results[p], &Outcome::found_on_belt, 100)),
               cell(column(results[p], &Outcome::lead_p95, 1)),
               cell(column(results[p], &Outcome::plates_per_person, 1)),
               column(results[p], &Outcome::violations, 1).mean);
  }
  if (policies.size() >= 2) {
    // Paired differences against the first policy: common random numbers make them tight.
    for (std::size_t p = 1; p < policies.size(); ++p) {
      std::vector<double> ratio, found;
      for (int r = 0; r < options.replications; ++r) {
        const Outcome& base = results[0][static_cast<std::size_t>(r)];
        const Outcome& other = results[p][static_cast<std::size_t>(r)];
        ratio.push_back(base.waste_rate > 0 ? 100 * (other.waste_rate / base.waste_rate - 1) : 0);
        found.push_back(100 * (other.found_on_belt - base.found_on_belt));
      }
      fmt::print("{} vs {}: waste {} % (paired), found on belt {} points\n", options.policies[p],
                 options.policies[0], cell(interval(ratio)), cell(interval(found)));
    }
  }
  return kExitOk;
}

}  // namespace kaiten::app
