#include "kaiten/viz/published.hpp"

#include <algorithm>

namespace kaiten::viz {

const PublishedTick* published_at(std::span<const PublishedTick> ticks, SimTime t) {
  const auto it = std::partition_point(ticks.begin(), ticks.end(),
                                       [t](const PublishedTick& p) { return p.time <= t; });
  return it == ticks.begin() ? nullptr : &*(it - 1);
}

}  // namespace kaiten::viz
