#pragma once
// Measures, each defined once (docs/measures.md gives the user-facing definitions).
#include <cstdint>

namespace kaiten {

/// Waste rate: plates discarded / plates made (0 when nothing was made).
constexpr double waste_rate(std::int64_t made, std::int64_t discarded) {
  return made == 0 ? 0.0 : static_cast<double>(discarded) / static_cast<double>(made);
}

/// Conservation of plates: every plate made was eaten, discarded, or is still on the belt.
constexpr bool plates_conserved(std::int64_t made, std::int64_t eaten, std::int64_t discarded,
                                std::int64_t on_belt) {
  return made == eaten + discarded + on_belt;
}

}  // namespace kaiten
