#include "kaiten/core/palette.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace kaiten {
namespace {

int distance(Rgb a, Rgb b) {
  return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b);
}

TEST(Palette, ItemColoursAreStableAndDistinct) {
  for (std::size_t i = 0; i < kItemPalette.size(); ++i) {
    EXPECT_EQ(item_colour(i), kItemPalette[i]);
    for (std::size_t j = 0; j < i; ++j) EXPECT_GT(distance(item_colour(i), item_colour(j)), 40);
    // No item looks like an expiring plate.
    EXPECT_GT(distance(item_colour(i), kExpiredColour), 120) << i;
  }
  // The second round is darker: 3/4 of each channel, rounded.
  EXPECT_EQ(item_colour(24), (Rgb{184, 98, 36}));
}

}  // namespace
}  // namespace kaiten
