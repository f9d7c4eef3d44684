#pragma once
// Measures, each defined once (docs/measures.md gives the user-facing definitions).
#include <cstdint>

namespace kaiten {

/// Waste rate: plates thrown away / plates made (0 when nothing was made). A day's plates thrown
/// away are those discarded at a gate plus those left on the belt at closing (thrown away then).
constexpr double waste_rate(std::int64_t made, std::int64_t wasted) {
  return made == 0 ? 0.0 : static_cast<double>(wasted) / static_cast<double>(made);
}

/// Conservation of plates: every plate made was eaten, discarded, or is still on the belt.
constexpr bool plates_conserved(std::int64_t made, std::int64_t eaten, std::int64_t discarded,
                                std::int64_t on_belt) {
  return made == eaten + discarded + on_belt;
}

/// A day's (or an hour's, a lane's, an item's) money, in yen. Revenue counts plates eaten at their
/// price; the cost of goods counts every plate made at its cost, eaten or not; waste at cost is
/// the cost of the plates thrown away (part of the cost of goods).
struct Money {
  std::int64_t revenue_yen = 0;
  std::int64_t cost_of_goods_yen = 0;
  std::int64_t waste_cost_yen = 0;

  /// Gross margin: revenue minus the cost of goods made.
  constexpr std::int64_t gross_margin_yen() const { return revenue_yen - cost_of_goods_yen; }
  constexpr Money& operator+=(const Money& other) {
    revenue_yen += other.revenue_yen;
    cost_of_goods_yen += other.cost_of_goods_yen;
    waste_cost_yen += other.waste_cost_yen;
    return *this;
  }
};

}  // namespace kaiten
