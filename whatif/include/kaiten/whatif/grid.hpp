#pragma once
// The settings a sweep tries: each `--vary PATH=VALUES` is a factor, and the grid is every
// combination of their values, the first factor varying slowest (docs/whatif.md).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaiten/io/scenario_loader.hpp"

namespace kaiten::whatif {

/// One scenario key and the values a sweep gives it, as YAML text.
struct Factor {
  std::string path;                 ///< a key path, e.g. "discard.discard_distance_m"
  std::vector<std::string> values;  ///< in the order tried
};

/// The most points a grid may have.
inline constexpr std::size_t kMaxGridPoints = 100'000;

/// Reads "PATH=VALUES": VALUES a comma-separated list (commas inside [...], {...} or quotes do not
/// separate, so a value may be a flow list or map), or FROM:TO:STEP for a numeric key (integers
/// for an integer key; as many decimals as FROM and STEP have). nullopt, with `problem` set, when
/// malformed: no '=', an unknown key (with a suggestion), an empty value, a range that is empty,
/// runs backwards, has a step <= 0 or too many values, or a range on a key that is not a number.
std::optional<Factor> parse_factor(std::string_view text, std::string& problem);

/// A point of the grid: one value per factor, as overrides in the factors' order.
using GridPoint = std::vector<ScenarioOverride>;

/// Every combination of the factors' values, the first factor varying slowest. Empty factors
/// give one point with no overrides. Throws std::length_error past kMaxGridPoints.
std::vector<GridPoint> grid_points(const std::vector<Factor>& factors);

/// "PATH=VALUE PATH=VALUE": a point's key in journals and messages.
std::string point_label(const GridPoint& point);

}  // namespace kaiten::whatif
