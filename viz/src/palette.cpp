#include "kaiten/viz/palette.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace kaiten::viz {
namespace {

// Distinct colours on a dark background (after Sasha Trubetskoy's list, reds left out).
constexpr std::array<Rgb, 24> kPalette{{
    {245, 130, 48},   // orange
    {66, 150, 240},   // blue
    {60, 180, 75},    // green
    {255, 225, 25},   // yellow
    {170, 80, 220},   // purple
    {70, 240, 240},   // cyan
    {240, 50, 230},   // magenta
    {190, 240, 60},   // lime
    {250, 190, 212},  // pink
    {0, 150, 140},    // teal
    {220, 190, 255},  // lavender
    {170, 110, 40},   // brown
    {255, 250, 200},  // beige
    {170, 255, 195},  // mint
    {150, 150, 20},   // olive
    {255, 215, 180},  // apricot
    {110, 110, 255},  // cornflower
    {0, 210, 150},    // jade
    {255, 170, 0},    // amber
    {140, 210, 255},  // sky
    {200, 160, 120},  // tan
    {120, 90, 200},   // violet
    {200, 200, 200},  // silver
    {255, 120, 190},  // rose
}};

}  // namespace

Rgb item_colour(std::size_t item) {
  const Rgb base = kPalette[item % kPalette.size()];
  const std::size_t round = item / kPalette.size();
  if (round == 0) return base;
  const double f = std::max(0.35, 1.0 - 0.25 * static_cast<double>(round));
  auto dim = [f](std::uint8_t c) { return static_cast<std::uint8_t>(std::lround(c * f)); };
  return {dim(base.r), dim(base.g), dim(base.b)};
}

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
