#include "kaiten/whatif/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "kaiten/core/text.hpp"
#include "kaiten/whatif/statistics.hpp"

namespace kaiten::whatif {
namespace {

using Json = nlohmann::ordered_json;

/// A value as CSV text that reads back to the same double.
std::string number_text(double v) {
  return fmt::format("{}", v);
}

std::vector<double> column(const std::vector<RunValues>& runs, std::size_t measure) {
  std::vector<double> out;
  for (const RunValues& r : runs) out.push_back(r[measure]);
  return out;
}

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

LoadResult load_setting(const BaseScenario& base, const GridPoint& point, std::string_view option) {
  std::vector<ScenarioOverride> all = base.overrides;
  all.insert(all.end(), point.begin(), point.end());
  LoadResult loaded = load_scenario_text(base.yaml, base.path, all);
  for (LoadError& e : loaded.errors)
    for (const ScenarioOverride& o : point)
      if (e.file == "--set " + one_line(o.text()))
        e.file = fmt::format("{} {}", option, e.file.substr(6));
  return loaded;
}

std::optional<SweepPlan> plan_sweep(BaseScenario base, std::vector<Factor> factors,
                                    int replications, std::uint64_t first_seed,
                                    std::vector<std::string>& errors) {
  SweepPlan plan;
  plan.points = grid_points(factors);
  plan.base = std::move(base);
  plan.factors = std::move(factors);
  plan.replications = replications;
  plan.first_seed = first_seed;
  for (const GridPoint& point : plan.points) {
    LoadResult loaded = load_setting(plan.base, point);
    for (const LoadError& e : loaded.errors) {
      const std::string error = e.to_string();
      if (std::find(errors.begin(), errors.end(), error) == errors.end()) errors.push_back(error);
    }
    if (!loaded.scenario) continue;
    std::vector<RunMeasure> measures = run_measures(*loaded.scenario);
    if (plan.scenarios.empty()) {
      plan.measures = std::move(measures);
    } else {
      const auto same = [](const RunMeasure& a, const RunMeasure& b) { return a.name == b.name; };
      if (!std::equal(measures.begin(), measures.end(), plan.measures.begin(), plan.measures.end(),
                      same))
        errors.push_back(fmt::format(
            "{}: its lanes or menu items differ from the first point's, so its measures do not "
            "compare; vary ids in separate sweeps",
            point_label(point)));
    }
    plan.scenarios.push_back(std::move(*loaded.scenario));
  }
  if (!errors.empty()) return std::nullopt;
  return plan;
}

SweepResults run_sweep(const SweepPlan& plan, const DayRunner& runner,
                       const SweepRunOptions& options) {
  SweepResults results;
  const auto reps = static_cast<std::size_t>(plan.replications);
  results.values.assign(plan.points.size(), std::vector<RunValues>(reps));
  std::vector<std::string> labels;
  for (const GridPoint& p : plan.points) labels.push_back(point_label(p));
  // Runs the journal has (with a value for every measure) are taken as they are.
  std::vector<std::pair<std::size_t, std::size_t>> todo;  // point, replication
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    for (std::size_t r = 0; r < reps; ++r) {
      if (options.journal != nullptr) {
        const auto& finished = options.journal->finished();
        const auto it = finished.find({labels[p], plan.seed(static_cast<int>(r))});
        if (it != finished.end() && it->second.size() == plan.measures.size()) {
          results.values[p][r] = it->second;
          ++results.resumed;
          continue;
        }
      }
      todo.emplace_back(p, r);
    }
  }
  std::size_t done = results.resumed;
  if (options.progress && done > 0) options.progress(done, plan.runs(), false);
  run_parallel(
      todo.size(), options.jobs,
      [&](std::size_t k) {
        const auto [p, r] = todo[k];
        const ScenarioDef& def = plan.scenarios[p];
        return run_measure_values(def, runner(def, plan.seed(static_cast<int>(r))));
      },
      [&](std::size_t k, RunValues&& values) {
        const auto [p, r] = todo[k];
        if (options.journal != nullptr)
          options.journal->record(labels[p], plan.seed(static_cast<int>(r)), values);
        results.values[p][r] = std::move(values);
        ++done;
        if (options.progress) options.progress(done, plan.runs(), true);
      });
  return results;
}

std::string journal_key(const SweepPlan& plan, std::string_view version) {
  Json key = {{"kaiten", version}, {"scenario_yaml", plan.base.yaml}};
  Json overrides = Json::array();
  for (const ScenarioOverride& o : plan.base.overrides) overrides.push_back(o.text());
  key["overrides"] = overrides;
  Json measures = Json::array();
  for (const RunMeasure& m : plan.measures) measures.push_back(m.name);
  key["measures"] = measures;
  return key.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string runs_csv(const SweepPlan& plan, const SweepResults& results) {
  std::string out = "point,replication,seed";
  for (const Factor& f : plan.factors) out += "," + csv_field(f.path);
  for (const RunMeasure& m : plan.measures) out += "," + csv_field(m.name);
  out += "\n";
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    for (std::size_t r = 0; r < results.values[p].size(); ++r) {
      out += fmt::format("{},{},{}", p + 1, r + 1, plan.seed(static_cast<int>(r)));
      for (const ScenarioOverride& o : plan.points[p]) out += "," + csv_field(o.value);
      for (double v : results.values[p][r]) out += "," + number_text(v);
      out += "\n";
    }
  }
  return out;
}

std::string means_csv(const SweepPlan& plan, const SweepResults& results) {
  std::string out = "point";
  for (const Factor& f : plan.factors) out += "," + csv_field(f.path);
  out += ",replications";
  for (const RunMeasure& m : plan.measures)
    out += fmt::format(",{},{},{}", csv_field(m.name + ".mean"), csv_field(m.name + ".low95"),
                       csv_field(m.name + ".high95"));
  out += "\n";
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    out += fmt::format("{}", p + 1);
    for (const ScenarioOverride& o : plan.points[p]) out += "," + csv_field(o.value);
    out += fmt::format(",{}", results.values[p].size());
    for (std::size_t m = 0; m < plan.measures.size(); ++m) {
      const Interval i = mean_interval(column(results.values[p], m));
      out += fmt::format(",{},{},{}", number_text(i.mean), number_text(i.low()),
                         number_text(i.high()));
    }
    out += "\n";
  }
  return out;
}

std::string sweep_json(const SweepPlan& plan) {
  Json overrides = Json::array();
  for (const ScenarioOverride& o : plan.base.overrides) overrides.push_back(o.text());
  Json vary = Json::array();
  for (const Factor& f : plan.factors) vary.push_back({{"path", f.path}, {"values", f.values}});
  Json measures = Json::array();
  for (const RunMeasure& m : plan.measures)
    measures.push_back({{"name", m.name}, {"unit", m.unit}, {"definition", m.definition}});
  const Json doc = {
      {"scenario", plan.base.path},
      {"scenario_name", plan.scenarios.empty() ? "" : plan.scenarios.front().name},
      {"overrides", overrides},
      {"vary", vary},
      {"points", plan.points.size()},
      {"replications", plan.replications},
      {"seeds", {plan.seed(0), plan.seed(plan.replications - 1)}},
      {"common_random_numbers",
       "replication r runs with seed first + r at every point, so differences between points "
       "are paired"},
      {"measures", measures}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string sweep_table(const SweepPlan& plan, const SweepResults& results,
                        const std::vector<std::size_t>& shown) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"point"};
  for (const Factor& f : plan.factors) header.push_back(f.path);
  for (std::size_t m : shown)
    header.push_back(plan.measures[m].unit.empty()
                         ? plan.measures[m].name
                         : fmt::format("{} ({})", plan.measures[m].name, plan.measures[m].unit));
  rows.push_back(header);
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    std::vector<std::string> row{fmt::format("{}", p + 1)};
    for (const ScenarioOverride& o : plan.points[p]) row.push_back(o.value);
    for (std::size_t m : shown)
      row.push_back(format_interval(mean_interval(column(results.values[p], m))));
    rows.push_back(row);
  }
  // Columns as wide as their widest cell (in characters: "±" is one).
  const auto width = [](const std::string& s) {
    std::size_t n = 0;
    for (const unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
  };
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(widths[c] - width(row[c]), ' ');
      line += (c == 0 ? "" : "  ") + (c < 1 + plan.factors.size() ? row[c] + pad : pad + row[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace kaiten::whatif
