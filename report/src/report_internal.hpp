#pragma once
// The report's internals shared by its sources and its tests.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace kaiten::report {

/// A headline measure of a run report: its name in docs/measures.md (as `kaiten sweep` knows it),
/// where summary.json holds it, its unit, and its definition (the words of
/// kaiten/sim/day_measures.hpp; a test keeps them equal).
struct HeadlineMeasure {
  std::string_view name;
  std::string_view path;  ///< in summary.json, dotted
  std::string_view unit;
  std::string_view definition;
  double scale = 1;  ///< value shown = JSON value x scale (fractions as %)
};

/// The measures of the run report's headline table, in order.
const std::vector<HeadlineMeasure>& headline_measures();

/// The field at dotted `path` in `doc`. Throws ReportError "FILE: no field `PATH`".
const nlohmann::json& json_field(const nlohmann::json& doc, std::string_view file,
                                 std::string_view path);
/// The number at dotted `path`. Throws ReportError naming the file and field.
double json_number(const nlohmann::json& doc, std::string_view file, std::string_view path);
/// The JSON object in `dir/name`. Throws ReportError (missing, not a JSON object).
nlohmann::json parse_json_file(const std::filesystem::path& dir, std::string_view name,
                               std::string_view written_by);

}  // namespace kaiten::report
