#pragma once
// Colours with a meaning: a stable colour per menu item, and the shift towards red as a plate
// nears its discard limit. The item colours live in core (kaiten/core/palette.hpp), shared with
// the HTML reports.
#include <cstddef>
#include <cstdint>

#include "kaiten/core/palette.hpp"

namespace kaiten::viz {

using kaiten::item_colour;
using kaiten::kExpiredColour;
using kaiten::Rgb;

/// How far a plate's colour has shifted to kExpiredColour: 0 below 60 % of the limit, rising
/// smoothly to 1 at the limit (`used` is travelled / limit or time on belt / limit).
double expiry_weight(double used);

/// An item colour shifted towards red by expiry_weight(used).
Rgb plate_colour(Rgb item, double used);

}  // namespace kaiten::viz
