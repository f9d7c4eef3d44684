#include "kaiten/viz/palette.hpp"

#include <algorithm>
#include <cmath>

namespace kaiten::viz {

double expiry_weight(double used) {
  const double x = std::clamp((used - 0.6) / 0.4, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}

Rgb plate_colour(Rgb item, double used) {
  const double w = expiry_weight(used);
  auto mix = [w](std::uint8_t a, std::uint8_t b) {
    return static_cast<std::uint8_t>(std::lround(a + (b - a) * w));
  };
  return {mix(item.r, kExpiredColour.r), mix(item.g, kExpiredColour.g),
          mix(item.b, kExpiredColour.b)};
}

}  // namespace kaiten::viz
