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

/// `--set PATH=VALUE`: one value of a scenario replaced before it is validated, as if the file
/// said so (docs/whatif.md). Maps missing on the way are created; list entries must exist.
struct ScenarioOverride {
  std::string path;   ///< a key path as the validator prints it, e.g. "belt.lanes[1].length_mm"
  std::string value;  ///< YAML: a scalar, or a flow list or map ("[{from: '11:00', cooks: 3}]")

  /// "PATH=VALUE", as given on the command line and recorded in outputs.
  std::string text() const { return path + "=" + value; }
  friend bool operator==(const ScenarioOverride&, const ScenarioOverride&) = default;
};

/// Reads "PATH=VALUE" (split at the first '='). nullopt, with `problem` saying why, when there is
/// no '=' or PATH names no scenario key (with a suggestion). VALUE may be empty (a null value).
std::optional<ScenarioOverride> parse_override(std::string_view text, std::string& problem);

/// Reads and validates the scenario file at `path`, with `overrides` applied in order. An
/// unreadable file gives one error. The scenario name defaults to the file's stem.
LoadResult load_scenario_file(const std::string& path,
                              const std::vector<ScenarioOverride>& overrides = {});

/// Validates scenario YAML held in memory, with `overrides` applied in order. `source_name` is
/// used in errors and, through its stem, as the default scenario name. A problem with an override
/// (a list entry that does not exist, a value that is not YAML) and every problem found in the
/// value it set are reported with file "--set PATH=VALUE" and no line.
LoadResult load_scenario_text(std::string_view yaml, const std::string& source_name,
                              const std::vector<ScenarioOverride>& overrides = {});

/// The value at key `path` of scenario YAML `yaml` with `overrides` applied, as its YAML text
/// (a flow list or map for a list or map); nullopt when the scenario leaves it out (its default
/// applies) or it cannot be read.
std::optional<std::string> scenario_value(std::string_view yaml,
                                          const std::vector<ScenarioOverride>& overrides,
                                          std::string_view path);

/// A scenario recorded in a run log or a sensor feed: its text and the overrides applied to it,
/// as recorded ("PATH=VALUE"). A recorded override that does not parse is an error of
/// `source_name`.
LoadResult load_recorded_scenario(std::string_view yaml, const std::string& source_name,
                                  const std::vector<std::string>& overrides);

}  // namespace kaiten
