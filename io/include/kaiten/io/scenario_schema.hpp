#pragma once
// The scenario key table as others see it: the reference tables of docs/scenario.md, a JSON
// Schema for editors and validators, and the key paths that `--set`, `--vary` and `--param` name.
// The table itself (io/src/scenario_keys.cpp) is the single source of every key's type, bounds,
// default and meaning; the loader enforces the same bounds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kaiten {

/// The reference tables, one per map of a scenario (the top level, each section, each kind of
/// list entry), each preceded by a marker line `<!-- kaiten schema: NAME -->` and followed by a
/// blank line. docs/scenario.md holds exactly these tables (scripts/scenario-doc.py).
std::string scenario_schema_markdown();

/// A JSON Schema (draft-07) of a scenario file: its keys, types, bounds, choices, defaults and
/// meanings. Cross-checks (unique ids, positions on a lane, a kitchen per lane) are the loader's.
std::string scenario_json_schema();

/// What a scenario key holds.
enum class ScenarioValueKind : std::uint8_t {
  integer,
  number,
  boolean,
  text,   ///< strings, clock times and choices
  other,  ///< a map or a list
};

/// A key path as the validator prints it ("belt.lanes[1].length_mm",
/// "customers.hourly_parties.12").
struct ScenarioPath {
  std::string problem;  ///< empty when the path names a key; else why not, with a suggestion
  ScenarioValueKind kind = ScenarioValueKind::other;
  std::string unit;  ///< e.g. "mm/s"; empty: none
};

/// The default of the key `path` names as its value's text ("350", "manager"), or nullopt when
/// it has none that is a plain value (required keys, defaults such as "the kitchen's capacity").
std::optional<std::string> scenario_key_default(std::string_view path);

/// Checks `path` against the key table: every name a key, an index only after a list. Whether a
/// list has that many entries is the scenario's business (apply_overrides checks it).
ScenarioPath check_scenario_path(std::string_view path);

}  // namespace kaiten
