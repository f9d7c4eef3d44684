#pragma once
// Applying `--set PATH=VALUE` overrides to a parsed scenario before the loader reads it, and
// naming the override in the problems found in what it set.
#include <vector>

#include <yaml-cpp/yaml.h>

#include "kaiten/io/scenario_loader.hpp"

namespace kaiten {

/// Applies `overrides` to `root` in order. Returns a problem per override that cannot be applied
/// (a list entry past the end, a value that is not YAML, a path through a plain value); those
/// are left out.
std::vector<LoadError> apply_overrides(YAML::Node& root,
                                       const std::vector<ScenarioOverride>& overrides);

/// Reports every error at or under an override's path as the override's: file "--set
/// PATH=VALUE", no line or column, and no path when it is the override's own.
void attribute_to_overrides(std::vector<LoadError>& errors,
                            const std::vector<ScenarioOverride>& overrides);

}  // namespace kaiten
