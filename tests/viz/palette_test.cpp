#include "kaiten/viz/palette.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace kaiten::viz {
namespace {

int distance(Rgb a, Rgb b) {
  return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b);
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
