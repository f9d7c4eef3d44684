#include "kaiten/viz/palette.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace kaiten::viz {
namespace {

int distance(Rgb a, Rgb b) {
  return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b);
}

TEST(Palette, ItemColoursAreStableAndDistinct) {
  for (std::size_t i = 0; i < 24; ++i) {
    EXPECT_EQ(item_colour(i), item_colour(i));
    for (std::size_t j = 0; j < i; ++j) EXPECT_GT(distance(item_colour(i), item_colour(j)), 40);
    // No item looks like an expiring plate.
    EXPECT_GT(distance(item_colour(i), kExpiredColour), 120) << i;
  }
  EXPECT_NE(item_colour(24), item_colour(0));  // the second round is darker
}

TEST(Palette, PlatesTurnRedTowardsTheLimit) {
  const Rgb c = item_colour(1);
  EXPECT_EQ(plate_colour(c, 0.0), c);
  EXPECT_EQ(plate_colour(c, 0.6), c);
  EXPECT_EQ(plate_colour(c, 1.0), kExpiredColour);
  EXPECT_EQ(plate_colour(c, 1.7), kExpiredColour);
  double last = 0;
  for (double u = 0; u <= 1.0; u += 0.05) {
    EXPECT_GE(expiry_weight(u), last);
    last = expiry_weight(u);
  }
  EXPECT_LT(distance(plate_colour(c, 0.9), kExpiredColour), distance(c, kExpiredColour));
}

}  // namespace
}  // namespace kaiten::viz
