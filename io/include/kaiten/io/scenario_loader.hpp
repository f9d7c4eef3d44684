#pragma once
// Loading and validating a scenario YAML file into a ScenarioDef. Validation is strict (unknown and
// duplicate keys are errors) and reports every problem found in one pass, each with its file
// position and key path. docs/scenario.md is the user-facing schema reference.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaiten/core/scenario.hpp"

namespace kaiten {

/// One problem found in a scenario file.
struct LoadError {
  std::string file;     ///< the file name (or source name) as given to the loader
  int line = 0;         ///< 1-based; 0 if unknown (e.g. an unreadable file)
  int column = 0;       ///< 1-based; 0 if unknown
  std::string path;     ///< key path, e.g. "belt.lanes[1].points[0].at_mm"; empty for the file
  std::string message;  ///< what was expected / what is wrong

  /// "file:line:col: key.path: message"; the position and path parts are left out when unknown.
  std::string to_string() const;
};

/// The outcome of a load: a scenario, or every error found (never both).
struct LoadResult {
  std::optional<ScenarioDef> scenario;  ///< set only when errors is empty
  std::vector<LoadError> errors;        ///< every problem found, in file order

  bool ok() const { return scenario.has_value(); }
};

/// Reads and validates the scenario file at `path`. An unreadable file gives one error.
/// The scenario name defaults to the file's stem.
LoadResult load_scenario_file(const std::string& path);

/// Validates scenario YAML held in memory. `source_name` is used in errors and, through its stem,
/// as the default scenario name.
LoadResult load_scenario_text(std::string_view yaml, const std::string& source_name);

}  // namespace kaiten
