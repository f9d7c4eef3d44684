#pragma once
// "Did you mean" suggestions for names typed by users: keys, ids, key paths.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kaiten {

/// Levenshtein distance: insertions, deletions and substitutions of one character each.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `text` if it is close enough to be a likely typo.
std::optional<std::string> closest(std::string_view text,
                                   const std::vector<std::string>& candidates);

}  // namespace kaiten
