// What the what-if commands share: the base scenario, measure names, the day runner.
#include <fmt/format.h>

#include "arguments.hpp"
#include "day_runner.hpp"
#include "kaiten/core/text.hpp"
#include "kaiten/io/input_file.hpp"
#include "whatif_commands.hpp"

namespace kaiten::app {

const std::vector<std::string>& default_shown_measures() {
  static const std::vector<std::string> names{"waste_rate", "gross_margin_yen", "found_on_belt",
                                              "wait_p95_min", "order_lead_p95_min"};
  return names;
}

std::optional<LoadedBase> read_base_scenario(std::string_view command, const std::string& path,
                                             const std::vector<std::string>& sets) {
  const auto overrides = parse_overrides(command, sets);
  if (!overrides) return std::nullopt;
  LoadedBase out{{path, read_input_file(path), *overrides}, {}};
  LoadResult loaded = load_scenario_text(out.base.yaml, path, out.base.overrides);
  for (const LoadError& e : loaded.errors) fmt::print(stderr, "{}\n", e.to_string());
  if (!loaded.scenario) return std::nullopt;
  out.def = std::move(*loaded.scenario);
  return out;
}

std::optional<std::vector<std::size_t>> measure_indexes(std::string_view command,
                                                        std::string_view option,
                                                        const std::vector<RunMeasure>& measures,
                                                        const std::vector<std::string>& names,
                                                        const ScenarioDef& def) {
  std::vector<std::string> wanted;
  for (const std::string& list : names.empty() ? default_shown_measures() : names) {
    std::size_t start = 0;
    for (std::size_t comma = list.find(',');; comma = list.find(',', start)) {
      const std::string name = list.substr(start, comma - start);
      if (!name.empty()) wanted.push_back(name);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  std::vector<std::size_t> out;
  for (const std::string& name : wanted) {
    const auto i = find_run_measure(measures, name);
    if (!i) {
      fmt::print(stderr, "kaiten {}: {}: unknown measure \"{}\"; the measures are: {}\n", command,
                 option, one_line(name), run_measure_names(def));
      return std::nullopt;
    }
    out.push_back(*i);
  }
  return out;
}

DayResult run_day(const ScenarioDef& def, std::uint64_t seed) {
  return run_store_day(def, seed);
}

std::string override_list(const std::vector<ScenarioOverride>& overrides) {
  std::string out;
  for (const ScenarioOverride& o : overrides) out += " --set " + one_line(o.text());
  return out;
}

}  // namespace kaiten::app
