#include "kaiten/whatif/compare.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "kaiten/whatif/statistics.hpp"
#include "kaiten/whatif/sweep.hpp"

namespace kaiten::whatif {
namespace {

using Json = nlohmann::ordered_json;

std::vector<double> column(const std::vector<RunValues>& runs, std::size_t measure) {
  std::vector<double> out;
  out.reserve(runs.size());
  for (const RunValues& r : runs) out.push_back(r[measure]);
  return out;
}

/// The header's measure columns: M.mean,M.low95,M.high95 for every measure.
std::string interval_columns(const Comparison& c) {
  std::string out;
  for (const ComparedMeasure& m : c.measures)
    out += fmt::format(",{},{},{}", csv_field(m.name + ".mean"), csv_field(m.name + ".low95"),
                       csv_field(m.name + ".high95"));
  return out;
}

std::string interval_cells(const Interval& i) {
  return fmt::format(",{},{},{}", i.mean, i.low(), i.high());
}

}  // namespace

int Comparison::replications() const {
  return policies.empty() ? 0 : static_cast<int>(policies.front().runs.size());
}

std::string compare_runs_csv(const Comparison& c) {
  std::string out = "policy,replication,seed";
  for (const ComparedMeasure& m : c.measures) out += "," + csv_field(m.name);
  out += "\n";
  for (const ComparedPolicy& p : c.policies)
    for (std::size_t r = 0; r < p.runs.size(); ++r) {
      out += fmt::format("{},{},{}", csv_field(p.name), r + 1, c.first_seed + r);
      for (const double v : p.runs[r]) out += fmt::format(",{}", v);
      out += "\n";
    }
  return out;
}

std::string compare_means_csv(const Comparison& c) {
  std::string out = "policy,replications" + interval_columns(c) + "\n";
  for (const ComparedPolicy& p : c.policies) {
    out += fmt::format("{},{}", csv_field(p.name), p.runs.size());
    for (std::size_t m = 0; m < c.measures.size(); ++m)
      out += interval_cells(mean_interval(column(p.runs, m)));
    out += "\n";
  }
  return out;
}

std::string compare_differences_csv(const Comparison& c) {
  std::string out = "policy,baseline,replications" + interval_columns(c) + "\n";
  if (c.policies.empty()) return out;
  const ComparedPolicy& base = c.policies.front();
  for (std::size_t p = 1; p < c.policies.size(); ++p) {
    const ComparedPolicy& policy = c.policies[p];
    out +=
        fmt::format("{},{},{}", csv_field(policy.name), csv_field(base.name), policy.runs.size());
    for (std::size_t m = 0; m < c.measures.size(); ++m)
      out +=
          interval_cells(mean_interval(differences(column(policy.runs, m), column(base.runs, m))));
    out += "\n";
  }
  return out;
}

std::string compare_json(const Comparison& c) {
  Json policies = Json::array();
  for (const ComparedPolicy& p : c.policies)
    policies.push_back({{"name", p.name}, {"definition", p.definition}});
  Json measures = Json::array();
  for (const ComparedMeasure& m : c.measures)
    measures.push_back({{"name", m.name},
                        {"unit", m.unit},
                        {"definition", m.definition},
                        {"better", m.higher_is_better ? "higher" : "lower"}});
  const int reps = c.replications();
  Json doc = {
      {"scenario", c.scenario},
      {"scenario_name", c.scenario_name},
      {"overrides", c.overrides},
      {"baseline", c.policies.empty() ? "" : c.policies.front().name},
      {"policies", policies},
      {"replications", reps},
      {"seeds", {c.first_seed, c.first_seed + static_cast<std::uint64_t>(reps > 0 ? reps - 1 : 0)}},
      {"common_random_numbers",
       "replication r runs with seed first + r under every policy, so differences between "
       "policies are paired"},
      {"measures", measures}};
  if (c.days > 0) {
    doc["days"] = c.days;
    doc["start"] = c.start;
    doc["population"] = c.population;
  }
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace kaiten::whatif
