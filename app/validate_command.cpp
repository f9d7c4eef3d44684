#include <fmt/format.h>

#include "arguments.hpp"
#include "commands.hpp"
#include "kaiten/io/scenario_loader.hpp"

namespace kaiten::app {

int validate_command(const ValidateOptions& options) {
  const std::string& scenario = options.scenario;
  const auto overrides = parse_overrides("validate", options.sets);
  if (!overrides) return kExitBadInput;
  const LoadResult loaded = load_scenario_file(scenario, *overrides);
  for (const auto& error : loaded.errors) fmt::print(stderr, "{}\n", error.to_string());
  if (!loaded.scenario) {
    fmt::print(stderr, "{}: {} problem{} found\n", scenario, loaded.errors.size(),
               loaded.errors.size() == 1 ? "" : "s");
    return kExitBadInput;
  }
  const ScenarioDef& def = *loaded.scenario;
  fmt::print("{}: ok ({}: {} seats, {} lanes, {} tables, {} menu items)\n", scenario, def.name,
             total_seats(def), def.belt.lanes.size(), def.tables.size(), def.menu.size());
  return kExitOk;
}

}  // namespace kaiten::app
