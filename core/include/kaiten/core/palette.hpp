#pragma once
// The colours of menu items, shared by everything that draws them (the SFML viewer, the HTML
// reports): plain data, so that a module can use them without linking a renderer.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace kaiten {

/// An sRGB colour, 8 bits per channel.
struct Rgb {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

/// Distinct colours on a dark or a white background (after Sasha Trubetskoy's list, reds left
/// out: red means "near the discard limit").
inline constexpr std::array<Rgb, 24> kItemPalette{{
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

/// The colour of a plate at its discard limit.
inline constexpr Rgb kExpiredColour{225, 20, 30};

/// The colour of menu item `item` (by menu index): the same item always gets the same colour.
/// Past 24 items the colours repeat darker.
inline Rgb item_colour(std::size_t item) {
  const Rgb base = kItemPalette[item % kItemPalette.size()];
  const std::size_t round = item / kItemPalette.size();
  if (round == 0) return base;
  const double f = std::max(0.35, 1.0 - 0.25 * static_cast<double>(round));
  auto dim = [f](std::uint8_t c) { return static_cast<std::uint8_t>(std::lround(c * f)); };
  return {dim(base.r), dim(base.g), dim(base.b)};
}

}  // namespace kaiten
