#pragma once
// Colours with a meaning: a stable colour per menu item, and the shift towards red as a plate
// nears its discard limit.
#include <cstddef>
#include <cstdint>

namespace kaiten::viz {

struct Rgb {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

/// The colour of menu item `item` (by menu index): the same item always gets the same colour.
/// The palette avoids reds, which mean "near the discard limit"; past 24 items the colours repeat
/// darker.
Rgb item_colour(std::size_t item);

/// The colour of a plate at its discard limit.
inline constexpr Rgb kExpiredColour{225, 20, 30};

/// How far a plate's colour has shifted to kExpiredColour: 0 below 60 % of the limit, rising
/// smoothly to 1 at the limit (`used` is travelled / limit or time on belt / limit).
double expiry_weight(double used);

/// An item colour shifted towards red by expiry_weight(used).
Rgb plate_colour(Rgb item, double used);

}  // namespace kaiten::viz
